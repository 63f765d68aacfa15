// Package diff compares two Step Functions definitions semantically and
// says what changed in saga words: per state, the fields added, removed and
// changed with old and new values, renamed states, and which compensations
// run (or no longer run) when a step fails.
//
// Key order, whitespace and number spelling never count (jsonv.Equal).
// Every change has a class: breaking (a removed step or compensation, a
// renamed state: alarms, redrives and test mocks are keyed by state
// names), behavioral (retries, timeouts, paths, transitions, an added
// step) or cosmetic (comments). The structure comes from aslsaga, so any
// ASL definition can be compared, not only sagac's output.
//
// A change that is only the consequence of another one is folded into it,
// so one edit gives one line: inserting a step does not also report its
// predecessor's new Next, removing a compensation does not also report the
// Next and Catch entries that now skip it, and a rename does not report the
// transitions that follow the new name.
package diff

import (
	"slices"
	"strings"

	"github.com/sagac/sagac/aslsaga"
	"github.com/sagac/sagac/jsonv"
)

// Class says how much a change matters.
type Class int

// The classes, from mildest to worst.
const (
	// Cosmetic changes do not change what runs: comments.
	Cosmetic Class = iota
	// Behavioral changes change how the saga runs: retries, timeouts,
	// paths, parameters, transitions, an added step.
	Behavioral
	// Breaking changes remove a step or a compensation, or rename a state
	// (alarms, redrives and test mocks are keyed by state names).
	Breaking
)

// String returns "cosmetic", "behavioral" or "breaking".
func (c Class) String() string {
	switch c {
	case Breaking:
		return "breaking"
	case Behavioral:
		return "behavioral"
	default:
		return "cosmetic"
	}
}

// Kind says what sort of change a Change is.
type Kind string

// The kinds of change.
const (
	StateAdded            Kind = "state-added"
	StateRemoved          Kind = "state-removed"
	StateRenamed          Kind = "state-renamed"
	FieldAdded            Kind = "field-added"
	FieldRemoved          Kind = "field-removed"
	FieldChanged          Kind = "field-changed"
	TransitionChanged     Kind = "transition-changed"
	CompensationAdded     Kind = "compensation-added"
	CompensationRemoved   Kind = "compensation-removed"
	CompensationReordered Kind = "compensation-reordered"
	FailureEndChanged     Kind = "failure-end-changed"
)

// Change is one difference between the two definitions.
type Change struct {
	Class Class
	Kind  Kind
	// State is the state's name in the new definition (the old one for a
	// removed state); empty for a top-level field.
	State string
	// OldName is a renamed state's old name.
	OldName string
	// Field is the path inside the state (or the definition, for a
	// top-level field): "Retry[0].MaxAttempts"; empty for whole states.
	Field string
	// Pointer is the JSON pointer of the change in the new definition, or
	// in the old one for something removed.
	Pointer string
	// Old and New are the values before and after; nil when absent.
	Old, New *jsonv.Value
	// Steps are the failing steps a compensation change is about, each
	// "Step" or "Step with Error1, Error2" for an error-specific Catch.
	Steps []string
	// Summary is the change in one line, without its class: what the
	// text output prints after the marker.
	Summary string
}

// Marker returns the one-character sign of the change: "+" for something
// added or newly run, "-" for something removed or no longer run, "~"
// otherwise.
func (c *Change) Marker() string {
	switch c.Kind {
	case StateAdded, FieldAdded, CompensationAdded:
		return "+"
	case StateRemoved, FieldRemoved, CompensationRemoved:
		return "-"
	default:
		return "~"
	}
}

// Result is the outcome of Compare: the changes in saga order (top-level
// fields, then states in the new definition's saga order, a removed state
// where it used to be).
type Result struct {
	Changes []*Change
	// Old and New are the recovered structures of the two sides.
	Old, New *aslsaga.Saga
}

// Equal reports whether the definitions are equivalent.
func (r *Result) Equal() bool { return len(r.Changes) == 0 }

// Count returns the number of changes of class c.
func (r *Result) Count(c Class) int {
	n := 0
	for _, ch := range r.Changes {
		if ch.Class == c {
			n++
		}
	}
	return n
}

// Compare diffs two definitions. It never fails: anything that is not a
// state machine is compared as plain JSON, field by field.
func Compare(old, new *jsonv.Value) *Result {
	d := &differ{
		old: aslsaga.Recover(old), new: aslsaga.Recover(new),
		oldDef: old, newDef: new,
		renamed: map[string]string{}, renamedFrom: map[string]string{},
	}
	d.matchStates()
	d.compareTop()
	d.compareStates()
	d.compareFailures()
	d.fold()
	d.sortChanges()
	return &Result{Changes: d.changes, Old: d.old, New: d.new}
}

type differ struct {
	old, new       *aslsaga.Saga
	oldDef, newDef *jsonv.Value
	// renamed maps an old state name to its new name, renamedFrom the
	// other way.
	renamed, renamedFrom map[string]string
	// added and removed list the states only on one side (renames
	// excluded), in definition order.
	added, removed []*aslsaga.State
	isAdded        map[string]bool // by new name
	isRemoved      map[string]bool // by old name
	changes        []*Change
	// transitions are the changes to Next-like fields, kept apart until
	// fold decides which are consequences of other changes.
	transitions []*Change
	// compLines are the compensation changes by compensation name, until
	// fold merges them into added or removed states.
	compLines []*Change
}

// newName maps an old state name to the new definition's name for it.
func (d *differ) newName(old string) string {
	if n, ok := d.renamed[old]; ok {
		return n
	}
	return old
}

// matchStates pairs states by name, then detects renames: a removed and an
// added state with the same body (transitions aside) are one state
// renamed. Ambiguous bodies pair in definition order.
func (d *differ) matchStates() {
	d.isAdded, d.isRemoved = map[string]bool{}, map[string]bool{}
	var removed, added []*aslsaga.State
	for _, st := range d.old.States {
		if d.new.State(st.Name) == nil && d.old.State(st.Name) == st {
			removed = append(removed, st)
		}
	}
	for _, st := range d.new.States {
		if d.old.State(st.Name) == nil && d.new.State(st.Name) == st {
			added = append(added, st)
		}
	}
	if len(removed) > 0 && len(added) > 0 {
		byBody := map[string][]*aslsaga.State{}
		for _, st := range added {
			k := bodyKey(st.Value)
			byBody[k] = append(byBody[k], st)
		}
		taken := map[*aslsaga.State]bool{}
		for _, st := range removed {
			k := bodyKey(st.Value)
			if c := byBody[k]; len(c) > 0 {
				byBody[k] = c[1:]
				d.renamed[st.Name] = c[0].Name
				d.renamedFrom[c[0].Name] = st.Name
				taken[c[0]] = true
				d.changes = append(d.changes, &Change{
					Class: Breaking, Kind: StateRenamed, State: c[0].Name, OldName: st.Name,
					Pointer: c[0].Pointer,
					Summary: st.Name + " renamed to " + c[0].Name,
				})
			}
		}
		added = slices.DeleteFunc(added, func(st *aslsaga.State) bool { return taken[st] })
		removed = slices.DeleteFunc(removed, func(st *aslsaga.State) bool { _, ok := d.renamed[st.Name]; return ok })
	}
	d.added, d.removed = added, removed
	for _, st := range added {
		d.isAdded[st.Name] = true
	}
	for _, st := range removed {
		d.isRemoved[st.Name] = true
	}
}

// bodyKey is the canonical text of a state without its transitions, for
// rename detection.
func bodyKey(v *jsonv.Value) string {
	c := jsonv.Canonical(v)
	if c != nil && c.Kind == jsonv.Object {
		c.Members = slices.DeleteFunc(slices.Clone(c.Members), func(m *jsonv.Member) bool {
			return m.Key == "Next" || m.Key == "Default"
		})
		for _, key := range []string{"Catch", "Choices"} {
			arr := c.Get(key)
			if arr == nil || arr.Kind != jsonv.Array {
				continue
			}
			for _, e := range arr.Elems {
				if e.Kind == jsonv.Object {
					e.Members = slices.DeleteFunc(e.Members, func(m *jsonv.Member) bool { return m.Key == "Next" })
				}
			}
		}
	}
	return string(jsonv.MarshalCompact(c))
}

// isTransition reports whether a path inside a state (or, top, inside the
// definition) holds a state name.
func isTransition(p path, top bool) bool {
	switch {
	case top:
		return len(p) == 1 && p[0].key == "StartAt"
	case len(p) == 1:
		return p[0].key == "Next" || p[0].key == "Default"
	case len(p) == 3:
		return (p[0].key == "Catch" || p[0].key == "Choices") && p[1].index >= 0 && p[2].key == "Next"
	}
	return false
}

// same is the leaf comparison: semantic equality, with a transition's old
// target mapped through the renames.
func (d *differ) same(top bool) sameFunc {
	return func(p path, old, new *jsonv.Value) bool {
		if old.Kind == jsonv.String && new.Kind == jsonv.String && isTransition(p, top) {
			return d.newName(old.Str) == new.Str
		}
		return jsonv.Equal(old, new)
	}
}

func (d *differ) compareTop() {
	o, n := d.oldDef, d.newDef
	if o == nil || n == nil || o.Kind != jsonv.Object || n.Kind != jsonv.Object {
		for _, l := range compare(nil, o, n, d.same(true), nil) {
			d.addLeaf("", nil, l, true)
		}
		return
	}
	strip := func(v *jsonv.Value) *jsonv.Value {
		c := &jsonv.Value{Kind: jsonv.Object}
		for _, m := range v.Members {
			if m.Key != "States" {
				c.Members = append(c.Members, m)
			}
		}
		return c
	}
	for _, l := range compare(nil, strip(o), strip(n), d.same(true), nil) {
		d.addLeaf("", nil, l, true)
	}
	os, ns := o.Get("States"), n.Get("States")
	if (os == nil) != (ns == nil) || os != nil && ns != nil && (os.Kind != jsonv.Object) != (ns.Kind != jsonv.Object) ||
		os != nil && ns != nil && os.Kind != jsonv.Object && !jsonv.Equal(os, ns) {
		d.addLeaf("", nil, leaf{path: path{{key: "States", index: -1}}, old: os, new: ns}, true)
	}
}

func (d *differ) compareStates() {
	for _, ns := range d.new.States {
		if d.new.State(ns.Name) != ns || d.isAdded[ns.Name] {
			continue
		}
		os := d.old.State(d.oldNameOf(ns.Name))
		if os == nil {
			continue
		}
		for _, l := range compare(nil, os.Value, ns.Value, d.same(false), nil) {
			d.addLeaf(ns.Name, ns, l, false)
		}
	}
	for _, st := range d.added {
		d.changes = append(d.changes, &Change{
			Class: Behavioral, Kind: StateAdded, State: st.Name, Pointer: st.Pointer, New: st.Value,
		})
	}
	for _, st := range d.removed {
		d.changes = append(d.changes, &Change{
			Class: Breaking, Kind: StateRemoved, State: st.Name, Pointer: st.Pointer, Old: st.Value,
		})
	}
}

// addLeaf turns a value difference into a classified change.
func (d *differ) addLeaf(state string, st *aslsaga.State, l leaf, top bool) {
	ptr := ""
	if st != nil {
		ptr = st.Pointer
	}
	if l.new == nil && st != nil {
		// A removal points into the old definition.
		ptr = d.old.State(d.oldNameOf(state)).Pointer
	}
	c := &Change{
		Class: Behavioral, State: state, Field: l.path.String(),
		Pointer: ptr + jsonv.Pointer(l.path.tokens()...), Old: l.old, New: l.new,
	}
	switch {
	case l.old == nil:
		c.Kind = FieldAdded
	case l.new == nil:
		c.Kind = FieldRemoved
	default:
		c.Kind = FieldChanged
	}
	switch {
	case l.path.last() == "Comment":
		c.Class = Cosmetic
	case !top && len(l.path) == 1 && l.path[0].key == "Type":
		c.Class = Breaking
	}
	if isTransition(l.path, top) && c.Kind == FieldChanged {
		c.Kind = TransitionChanged
		d.transitions = append(d.transitions, c)
		return
	}
	d.changes = append(d.changes, c)
}

// oldNameOf maps a new state name to the old definition's name for it.
func (d *differ) oldNameOf(newName string) string {
	if o, ok := d.renamedFrom[newName]; ok {
		return o
	}
	return newName
}

// joinOr writes "A", "A or B", "A, B or C".
func joinOr(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
