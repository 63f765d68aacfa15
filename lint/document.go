package lint

import (
	"strconv"
	"strings"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/jsonv"
)

// Document is a parsed ASL definition indexed for the rules: its scopes
// (the top level, each Parallel branch and each Map processor) and their
// states, in source order.
type Document struct {
	Filename string
	// Source is the definition's text; Root its parsed value (an object
	// for any definition the rules can judge).
	Source []byte
	Root   *jsonv.Value
	// Top is the top-level scope; nil when Root is not an object.
	Top *Scope
	// Scopes lists every scope, the top level first, then depth first in
	// source order.
	Scopes []*Scope
	// States lists every state of every scope in the same order.
	States []*State
	// JSONata is true when the top level says "QueryLanguage": "JSONata".
	JSONata bool

	// Caches of the analyses several rules share.
	schema *[]finding
	sagas  *[]*sagaGraph
	// sagaTruncated is set by sagasOf when a saga was too large to recover
	// whole (aslsaga.MaxPathStates): the saga rules then stand down.
	sagaTruncated bool
	compIDs       map[string]int
}

// Scope is a set of states that reach each other: the top level, a
// Parallel branch, or a Map's ItemProcessor (or Iterator). Next, Default
// and Catch targets must name a state of the same scope.
type Scope struct {
	// Pointer is the JSON pointer of the object holding StartAt and States
	// ("" for the top level, "/States/Fan/Branches/0" for a branch).
	Pointer string
	Value   *jsonv.Value
	// Parent is the Parallel or Map state that owns the scope; nil at the
	// top level.
	Parent *State
	States []*State
	byName map[string]*State
}

// State is one state of a scope.
type State struct {
	Name      string
	NameRange diag.Range
	// Pointer is the state's JSON pointer ("/States/ReserveHotel").
	Pointer string
	Value   *jsonv.Value
	// Type is the state's Type string; "" when missing or not a string.
	Type  string
	Scope *Scope
	// Children are the scopes the state owns (Parallel branches, a Map's
	// processor).
	Children []*Scope
	// JSONata is true when the state evaluates JSONata (its own
	// QueryLanguage, or the top level's).
	JSONata bool

	// Caches of what several rules ask of the state.
	transitions *[]Transition
	reads       *[]pathUse
	compID      int
}

// Lookup returns the state named name in the scope, or nil.
func (s *Scope) Lookup(name string) *State {
	if s == nil {
		return nil
	}
	return s.byName[name]
}

// NewDocument indexes a parsed definition. It never fails: whatever does
// not have the expected shape is left for the rules to report.
func NewDocument(filename string, src []byte, root *jsonv.Value) *Document {
	d := &Document{Filename: filename, Source: src, Root: root}
	if root == nil || root.Kind != jsonv.Object {
		return d
	}
	if ql := root.Get("QueryLanguage"); ql != nil && ql.Kind == jsonv.String && ql.Str == "JSONata" {
		d.JSONata = true
	}
	d.Top = d.addScope("", root, nil)
	return d
}

func (d *Document) addScope(ptr string, v *jsonv.Value, parent *State) *Scope {
	sc := &Scope{Pointer: ptr, Value: v, Parent: parent, byName: map[string]*State{}}
	d.Scopes = append(d.Scopes, sc)
	states := v.Get("States")
	if states == nil || states.Kind != jsonv.Object {
		return sc
	}
	for _, m := range states.Members {
		st := &State{
			Name:      m.Key,
			NameRange: m.KeyRange,
			Pointer:   ptrJoin(ptr+"/States", m.Key),
			Value:     m.Value,
			Scope:     sc,
			JSONata:   d.JSONata,
		}
		if t := m.Value.Get("Type"); t != nil && t.Kind == jsonv.String {
			st.Type = t.Str
		}
		if ql := m.Value.Get("QueryLanguage"); ql != nil && ql.Kind == jsonv.String {
			st.JSONata = ql.Str == "JSONata"
		}
		sc.States = append(sc.States, st)
		if _, dup := sc.byName[m.Key]; !dup {
			sc.byName[m.Key] = st
		}
		d.States = append(d.States, st)
		if m.Value.Kind != jsonv.Object {
			continue
		}
		switch st.Type {
		case "Parallel":
			if br := m.Value.Get("Branches"); br != nil && br.Kind == jsonv.Array {
				for i, b := range br.Elems {
					if b.Kind == jsonv.Object {
						st.Children = append(st.Children, d.addScope(st.Pointer+"/Branches/"+strconv.Itoa(i), b, st))
					}
				}
			}
		case "Map":
			for _, key := range []string{"ItemProcessor", "Iterator"} {
				if p := m.Value.Get(key); p != nil && p.Kind == jsonv.Object {
					st.Children = append(st.Children, d.addScope(st.Pointer+"/"+key, p, st))
				}
			}
		}
	}
	return sc
}

// Transitions returns where a state can go next, in source order: its
// Next, a Choice's rule Nexts and Default, and its Catch Nexts. Each
// Transition keeps the string value so a rule can point at it.
func (s *State) Transitions() []Transition {
	if s.transitions == nil {
		t := s.transitionsOf()
		s.transitions = &t
	}
	return *s.transitions
}

func (s *State) transitionsOf() []Transition {
	var out []Transition
	v := s.Value
	add := func(kind, ptr string, t *jsonv.Value) {
		if t != nil && t.Kind == jsonv.String {
			out = append(out, Transition{Kind: kind, Target: t.Str, Value: t, Pointer: ptr})
		}
	}
	add("Next", s.Pointer+"/Next", v.Get("Next"))
	if ch := v.Get("Choices"); ch != nil && ch.Kind == jsonv.Array {
		for i, c := range ch.Elems {
			add("Choice", s.Pointer+"/Choices/"+strconv.Itoa(i)+"/Next", c.Get("Next"))
		}
	}
	add("Default", s.Pointer+"/Default", v.Get("Default"))
	if ca := v.Get("Catch"); ca != nil && ca.Kind == jsonv.Array {
		for i, c := range ca.Elems {
			add("Catch", s.Pointer+"/Catch/"+strconv.Itoa(i)+"/Next", c.Get("Next"))
		}
	}
	return out
}

// Transition is one edge out of a state.
type Transition struct {
	// Kind is "Next", "Choice", "Default" or "Catch".
	Kind    string
	Target  string
	Value   *jsonv.Value
	Pointer string
}

// IsTerminal reports whether the state ends its scope: Succeed, Fail, or
// "End": true.
func (s *State) IsTerminal() bool {
	if s.Type == "Succeed" || s.Type == "Fail" {
		return true
	}
	e := s.Value.Get("End")
	return e != nil && e.Kind == jsonv.Bool && e.Bool
}

// Field returns the value of a member of the state, or nil.
func (s *State) Field(name string) *jsonv.Value { return s.Value.Get(name) }

// ptrJoin appends one key to a JSON pointer (jsonv.Pointer's escaping,
// without its cost for the common key that needs none).
func ptrJoin(ptr, key string) string {
	if strings.ContainsAny(key, "~/") {
		return ptr + jsonv.Pointer(key)
	}
	return ptr + "/" + key
}
