// This file turns the two recovered saga structures into changes said in
// saga words, folds the changes that are consequences of others, and puts
// everything in saga order.

package diff

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/sagac/sagac/aslsaga"
	"github.com/sagac/sagac/jsonv"
)

// outcome is what runs after one failure: the compensations in order and
// the terminal state, with names in the new definition's terms. caught is
// false when no Catch matches, so the execution ends with the step's own
// error.
type outcome struct {
	caught   bool
	comps    []string
	terminal string
}

// failureOutcome returns what happens on side s when step fails with the
// error errName ("" for an error no specific Catch names): the first Catch
// entry naming it or States.ALL, as Step Functions picks. mapName
// translates names to the new definition's (nil: they are already). Error families such as
// States.TaskFailed are matched by name only.
func failureOutcome(s *aslsaga.Saga, step, errName string, mapName func(string) string) outcome {
	var f *aslsaga.Failure
	for _, g := range s.FailuresOf(step) {
		if g.Catch < 0 {
			break
		}
		if slices.Contains(g.Errors, "States.ALL") || errName != "" && slices.Contains(g.Errors, errName) {
			f = g
			break
		}
	}
	if f == nil {
		return outcome{}
	}
	o := outcome{caught: true, comps: f.Compensations}
	if mapName != nil {
		o.comps = make([]string, len(f.Compensations))
		for i, c := range f.Compensations {
			o.comps[i] = mapName(c)
		}
	}
	o.terminal = f.Terminal
	if mapName != nil && f.Terminal != "" {
		o.terminal = mapName(f.Terminal)
	}
	return o
}

// marks tells which list a name was last seen in without a map per list:
// mark stamps a list's names with a new generation number.
type marks struct {
	gen  map[string]int
	last int
}

func (m *marks) mark(names []string) int {
	m.last++
	for _, n := range names {
		m.gen[n] = m.last
	}
	return m.last
}

// ends says how a failure ends, in the present ("ends in BookingFailed")
// or as a gerund for "instead of" ("ending in BookingFailed").
func (o outcome) ends(gerund bool) string {
	verb, not := "ends", "does not reach"
	if gerund {
		verb, not = "ending", "not reaching"
	}
	switch {
	case !o.caught:
		return verb + " with the step's own error"
	case o.terminal == "":
		return not + " a terminal state"
	}
	return verb + " in " + o.terminal
}

// whenFails writes the failing steps of a compensation change: "ReserveHotel
// or ProcessPayment fails", "Pay fails with Payment.Expired".
func whenFails(labels []string) string {
	var plain, parts []string
	for _, l := range labels {
		if step, errName, ok := strings.Cut(l, " with "); ok {
			parts = append(parts, step+" fails with "+errName)
		} else {
			plain = append(plain, l)
		}
	}
	if len(plain) > 0 {
		parts = append([]string{joinOr(plain) + " fails"}, parts...)
	}
	return joinOr(parts)
}

// compareFailures reports, for every step on both forward paths, the
// compensations that no longer run, newly run or run in a new order when
// it fails, and a change of the terminal state it ends in.
func (d *differ) compareFailures() {
	if d.old.Truncated || d.new.Truncated {
		// Too large to follow every failure path (aslsaga.MaxPathStates):
		// the field-by-field changes are still reported, the saga-level
		// ones would be guesses.
		return
	}
	removedBy := map[string][]string{} // compensation -> step labels
	addedBy := map[string][]string{}
	var removedOrder, addedOrder []string
	endsBy := map[[2]string][]string{} // old, new ending -> step labels
	var endsOrder [][2]string
	onNewPath := map[string]bool{}
	for _, name := range d.new.Forward {
		onNewPath[name] = true
	}
	var oldNames func(string) string // nil unless a state was renamed
	if len(d.renamed) > 0 {
		oldNames = d.newName
	}
	seen := &marks{gen: map[string]int{}}
	done := map[string]bool{}
	for _, f := range d.old.Failures {
		if done[f.Step] {
			continue
		}
		done[f.Step] = true
		step := d.newName(f.Step)
		if !onNewPath[step] || d.new.State(step) == nil {
			continue
		}
		// Compare the outcome of any error, then of each error a Catch
		// names on either side.
		keys := []string{""}
		for _, g := range append(d.old.FailuresOf(f.Step), d.new.FailuresOf(step)...) {
			for _, e := range g.Errors {
				if e != "States.ALL" && !slices.Contains(keys, e) {
					keys = append(keys, e)
				}
			}
		}
		for _, key := range keys {
			of := failureOutcome(d.old, f.Step, key, oldNames)
			nf := failureOutcome(d.new, step, key, nil)
			label := step
			if key != "" {
				label = step + " with " + key
			}
			if of.ends(false) == nf.ends(false) && slices.Equal(of.comps, nf.comps) {
				continue
			}
			changedSet := false
			inNew := seen.mark(nf.comps)
			for _, c := range of.comps {
				if seen.gen[c] != inNew {
					if _, seen := removedBy[c]; !seen {
						removedOrder = append(removedOrder, c)
					}
					removedBy[c] = append(removedBy[c], label)
					changedSet = true
				}
			}
			inOld := seen.mark(of.comps)
			for _, c := range nf.comps {
				if seen.gen[c] != inOld {
					if _, seen := addedBy[c]; !seen {
						addedOrder = append(addedOrder, c)
					}
					addedBy[c] = append(addedBy[c], label)
					changedSet = true
				}
			}
			if !changedSet && !slices.Equal(of.comps, nf.comps) {
				d.compLines = append(d.compLines, &Change{
					Class: Behavioral, Kind: CompensationReordered, State: nf.comps[0], Steps: []string{label},
					Summary: fmt.Sprintf("when %s, compensations now run %s (was %s)",
						whenFails([]string{label}), strings.Join(nf.comps, " -> "), strings.Join(of.comps, " -> ")),
				})
			}
			if of.ends(false) != nf.ends(false) {
				k := [2]string{of.ends(true), nf.ends(false)}
				if _, seen := endsBy[k]; !seen {
					endsOrder = append(endsOrder, k)
				}
				endsBy[k] = append(endsBy[k], label)
			}
		}
	}
	for _, c := range removedOrder {
		d.compLines = append(d.compLines, &Change{
			Class: Breaking, Kind: CompensationRemoved, State: c, Steps: removedBy[c],
			Summary: fmt.Sprintf("%s no longer runs when %s", c, whenFails(removedBy[c])),
		})
	}
	for _, c := range addedOrder {
		d.compLines = append(d.compLines, &Change{
			Class: Behavioral, Kind: CompensationAdded, State: c, Steps: addedBy[c],
			Summary: fmt.Sprintf("%s now runs when %s", c, whenFails(addedBy[c])),
		})
	}
	for _, k := range endsOrder {
		steps := endsBy[k]
		d.compLines = append(d.compLines, &Change{
			Class: Behavioral, Kind: FailureEndChanged, State: firstStep(steps), Steps: steps,
			Summary: fmt.Sprintf("when %s, the saga now %s instead of %s", whenFails(steps), k[1], k[0]),
		})
	}
}

// firstStep returns the step of the first label.
func firstStep(labels []string) string {
	step, _, _ := strings.Cut(labels[0], " with ")
	return step
}

// fold merges compensation lines into the added and removed states they
// explain, drops the transitions that are consequences of other changes,
// and writes the summaries of whole-state changes.
func (d *differ) fold() {
	stepsWithCompChanges := map[string]bool{}
	for _, l := range d.compLines {
		for _, s := range l.Steps {
			stepsWithCompChanges[strings.SplitN(s, " with ", 2)[0]] = true
		}
	}
	merged := map[*Change]bool{}
	for _, c := range d.changes {
		switch c.Kind {
		case StateAdded:
			st := d.new.State(c.State)
			for _, l := range d.compLines {
				if l.Kind == CompensationAdded && l.State == c.State {
					merged[l] = true
				}
			}
			c.Summary = d.describeState(d.new, st, "added", "runs")
		case StateRemoved:
			st := d.old.State(c.State)
			var steps []string
			for _, l := range d.compLines {
				if l.Kind == CompensationRemoved && l.State == c.State {
					merged[l] = true
					steps = l.Steps
				}
			}
			c.Steps = steps
			c.Summary = d.describeState(d.old, st, "removed", "")
			if len(steps) > 0 {
				c.Summary += "; it no longer runs when " + whenFails(steps)
			}
		}
	}
	for _, l := range d.compLines {
		if !merged[l] {
			d.changes = append(d.changes, l)
		}
	}
	for _, t := range d.transitions {
		if !d.explained(t, stepsWithCompChanges, len(d.compLines) > 0) {
			d.changes = append(d.changes, t)
		}
	}
	for _, c := range d.changes {
		if c.Summary == "" {
			c.Summary = fieldSummary(c)
		}
	}
}

// explained reports whether a transition change is a consequence of a
// state added or removed on the way, or of a compensation change.
func (d *differ) explained(t *Change, stepsWithCompChanges map[string]bool, anyComp bool) bool {
	oldT, newT := t.Old.Str, t.New.Str
	if t.New.Kind != jsonv.String || d.new.State(newT) == nil {
		// A transition to no state is a fault worth its own line.
		return false
	}
	// An insertion: the new target is an added state whose Next chain,
	// through added states, reaches the old target.
	for cur, n := newT, 0; d.isAdded[cur] && n <= len(d.added); n++ {
		cur = d.new.State(cur).Next
		if cur == d.newName(oldT) {
			return true
		}
	}
	// A removal: the old target is a removed state whose Next chain,
	// through removed states, reaches the new target.
	for cur, n := oldT, 0; d.isRemoved[cur] && n <= len(d.removed); n++ {
		cur = d.old.State(cur).Next
		if d.newName(cur) == newT {
			return true
		}
	}
	if t.State == "" {
		return false
	}
	if strings.HasPrefix(t.Field, "Catch[") && stepsWithCompChanges[t.State] {
		return true
	}
	st := d.new.State(t.State)
	return anyComp && t.Field == "Next" && st != nil && st.Role == aslsaga.RoleCompensation
}

// describeState says what a whole state is, for an added or removed line:
// "ReserveCar: Task step added after ReserveHotel".
func (d *differ) describeState(s *aslsaga.Saga, st *aslsaga.State, verb, runs string) string {
	typ := st.Type
	if typ == "" {
		typ = "untyped"
	}
	switch st.Role {
	case aslsaga.RoleForward:
		where := ""
		if i := slices.Index(s.Forward, st.Name); i > 0 {
			where = " after " + s.Forward[i-1]
		} else if i == 0 {
			where = " at the start"
		}
		if verb != "added" {
			where = ""
		}
		return fmt.Sprintf("%s: %s step %s%s", st.Name, typ, verb, where)
	case aslsaga.RoleCompensation:
		out := fmt.Sprintf("%s: %s compensation %s", st.Name, typ, verb)
		if runs != "" {
			var steps []string
			for _, f := range s.Failures {
				if slices.Contains(f.Path, st.Name) && !slices.Contains(steps, f.Step) {
					steps = append(steps, f.Step)
				}
			}
			if len(steps) > 0 {
				out += fmt.Sprintf("; it runs when %s fails", joinOr(steps))
			}
		}
		return out
	case aslsaga.RoleUnreached:
		return fmt.Sprintf("%s: %s state %s (not reached from StartAt)", st.Name, typ, verb)
	default:
		return fmt.Sprintf("%s: %s state %s", st.Name, typ, verb)
	}
}

// fieldSummary writes a field change: "ReserveHotel.Retry[0].MaxAttempts:
// 3 -> 6".
func fieldSummary(c *Change) string {
	where := c.State
	switch {
	case c.State == "":
		where = "top-level " + c.Field
	case c.Field != "":
		if strings.HasPrefix(c.Field, "[") {
			where += c.Field
		} else {
			where += "." + c.Field
		}
	}
	switch c.Kind {
	case FieldAdded:
		return fmt.Sprintf("%s: added %s", where, short(c.New))
	case FieldRemoved:
		return fmt.Sprintf("%s: removed (was %s)", where, short(c.Old))
	default:
		return fmt.Sprintf("%s: %s -> %s", where, short(c.Old), short(c.New))
	}
}

// sortChanges puts the changes in saga order: top-level fields first, then
// by state in the new definition's saga order, a removed state where it
// stood in the old one; within a state, the whole-state change, then
// compensation lines, then fields in the order found.
func (d *differ) sortChanges() {
	rank := map[string]int{}
	anchored := map[string][]string{} // new name of the kept state before -> removed states
	prev := ""
	for _, st := range d.old.Ordered() {
		if d.isRemoved[st.Name] {
			anchored[prev] = append(anchored[prev], st.Name)
			continue
		}
		if n := d.newName(st.Name); d.new.State(n) != nil {
			prev = n
		}
	}
	next := 0
	place := func(name string) {
		if _, ok := rank[name]; !ok {
			rank[name] = next
			next++
		}
	}
	for _, r := range anchored[""] {
		place(r)
	}
	for _, st := range d.new.Ordered() {
		place(st.Name)
		for _, r := range anchored[st.Name] {
			place(r)
		}
	}
	for _, st := range d.old.States {
		place(st.Name)
	}
	kindOrder := func(c *Change) int {
		switch c.Kind {
		case StateRenamed:
			return 0
		case StateAdded, StateRemoved:
			return 1
		case CompensationAdded, CompensationRemoved, CompensationReordered, FailureEndChanged:
			return 2
		}
		return 3
	}
	key := func(c *Change) int {
		if c.State == "" {
			return -1
		}
		return rank[c.State]
	}
	sort.SliceStable(d.changes, func(i, j int) bool {
		a, b := d.changes[i], d.changes[j]
		if key(a) != key(b) {
			return key(a) < key(b)
		}
		return kindOrder(a) < kindOrder(b)
	})
}
