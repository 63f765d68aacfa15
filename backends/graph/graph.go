// Package graph draws any Amazon States Language definition, not only
// sagac's, as a diagram: Mermaid text (rendered by GitHub and most docs
// tools) or Graphviz DOT (rendered to SVG or PNG by the dot program).
//
// Build reads the definition, as a jsonv tree, into a small graph model;
// DOT and Mermaid print that model. Forward transitions are solid and in
// flow order; Catch edges are dashed and labeled with the errors they
// catch; the states reached only through a Catch (a saga's compensation
// chain) are grouped; Succeed and Fail states are styled apart; Parallel
// branches and Map item processors are drawn as nested groups; Choice rules
// label their edges. Node and group ids are generated (n0, n1, …; c0, …),
// so a state name of any characters only ever appears in an escaped label.
// The same definition always gives the same bytes.
package graph

//go:generate go run ../../cmd/sagac graph ../../sagas/trip_booking_compensated.saga --format dot -o ../../docs/trip_booking_compensated.dot
//go:generate go run ../../cmd/sagac graph ../../sagas/trip_booking_compensated.saga --format svg -o ../../docs/trip_booking_compensated.svg

import (
	"strconv"
	"strings"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/jsonv"
)

// NodeKind tells how a node is drawn.
type NodeKind int

// The node kinds: one per ASL state type, and the markers the drawing adds.
const (
	Start    NodeKind = iota // where the execution begins
	End                      // where a state with "End": true leads
	Task                     // Task
	Pass                     // Pass
	Wait                     // Wait
	Choice                   // Choice
	Succeed                  // Succeed
	Fail                     // Fail
	Parallel                 // the entry of a Parallel state
	Map                      // the entry of a Map state
	Join                     // where a Parallel's branches or a Map's items end
	Missing                  // a transition target that is not a state
	Other                    // a state of an unknown type
)

// Node is one box of the diagram.
type Node struct {
	// ID is generated and safe as an identifier in every output format.
	ID string
	// Label is the state's name exactly as written (printers escape it).
	Label string
	Kind  NodeKind
	// Compensation marks a state reached only through a Catch.
	Compensation bool
}

// EdgeKind tells how an edge is drawn.
type EdgeKind int

// The edge kinds.
const (
	Next         EdgeKind = iota // a forward transition: solid
	Rule                         // a Choice rule: solid, labeled with the condition
	Default                      // a Choice's Default: solid, labeled "default"
	Catch                        // a Catch: dashed, labeled with its errors
	Compensating                 // a transition between states reached only through a Catch: dashed
	Branch                       // from a Parallel or Map entry into a branch: solid
)

// Edge is one arrow of the diagram.
type Edge struct {
	From, To string // node ids
	Kind     EdgeKind
	Label    string
}

// GroupKind tells what a group holds.
type GroupKind int

// The group kinds.
const (
	Root              GroupKind = iota // the whole diagram; not drawn as a box
	ParallelGroup                      // a Parallel state: its entry, branches and join
	MapGroup                           // a Map state: its entry, item processor and join
	BranchGroup                        // one branch of a Parallel
	ItemsGroup                         // the item processor (Iterator) of a Map
	CompensationGroup                  // the states reached only through a Catch
)

// Group is a box around nodes and groups (a DOT cluster, a Mermaid
// subgraph).
type Group struct {
	ID     string // generated: c0, c1, …
	Label  string
	Kind   GroupKind
	Nodes  []*Node
	Groups []*Group
}

// Graph is a diagram of one state machine.
type Graph struct {
	Name  string
	Root  *Group
	Edges []*Edge
}

// Build draws the definition def (the top-level ASL object) under the
// given name. It returns an error diagnostic when def is not a state
// machine; transitions to states that do not exist are drawn to a Missing
// node rather than refused, so a broken definition can still be looked at.
func Build(name string, def *jsonv.Value) (*Graph, diag.Diagnostics) {
	if def == nil || def.Kind != jsonv.Object || def.Get("States") == nil || def.Get("States").Kind != jsonv.Object {
		d := &diag.Diagnostic{Severity: diag.Error,
			Summary: "not a state machine: expected a JSON object with a States object"}
		if def != nil && def.Range.Filename != "" {
			r := def.Range
			d.Subject = &r
		}
		return nil, diag.Diagnostics{d}
	}
	b := &builder{g: &Graph{Name: name, Root: &Group{Kind: Root}}}
	start := b.node(b.g.Root, "start", Start)
	entry := b.machine(def, b.g.Root, func(from *Node) {
		if b.end == nil {
			b.end = b.node(b.g.Root, "end", End)
		}
		b.edge(from, b.end, Next, "")
	})
	if entry != nil {
		b.g.Edges = append([]*Edge{{From: start.ID, To: entry.ID, Kind: Next}}, b.g.Edges...)
	}
	return b.g, nil
}

type builder struct {
	g            *Graph
	nodes, group int
	end          *Node
}

func (b *builder) node(in *Group, label string, kind NodeKind) *Node {
	n := &Node{ID: "n" + strconv.Itoa(b.nodes), Label: label, Kind: kind}
	b.nodes++
	in.Nodes = append(in.Nodes, n)
	return n
}

func (b *builder) newGroup(in *Group, label string, kind GroupKind) *Group {
	g := &Group{ID: "c" + strconv.Itoa(b.group), Label: label, Kind: kind}
	b.group++
	in.Groups = append(in.Groups, g)
	return g
}

func (b *builder) edge(from, to *Node, kind EdgeKind, label string) {
	b.g.Edges = append(b.g.Edges, &Edge{From: from.ID, To: to.ID, Kind: kind, Label: label})
}

// drawn is a state once drawn: where transitions into it arrive and where
// its own transitions leave (the join of a Parallel or Map).
type drawn struct {
	name        string
	state       *jsonv.Value
	entry, exit *Node
}

// machine draws the states of one state machine (the definition, a
// Parallel branch or a Map item processor) inside group in, and returns
// the node its StartAt arrives at (nil when StartAt names no state).
// Every way out of the machine (End: true, a Succeed state) is passed to
// ends.
func (b *builder) machine(m *jsonv.Value, in *Group, ends func(from *Node)) *Node {
	states := m.Get("States")
	if states == nil || states.Kind != jsonv.Object {
		return nil
	}
	startAt := str(m.Get("StartAt"))
	byName := map[string]int{} // an index of the states; order comes from the slice
	var list []*jsonv.Member
	for _, mem := range states.Members {
		if _, dup := byName[mem.Key]; dup || mem.Value.Kind != jsonv.Object {
			continue
		}
		byName[mem.Key] = len(list)
		list = append(list, mem)
	}
	forward := reach(list, byName, startAt, false)
	anyReach := reach(list, byName, startAt, true)
	var comp *Group
	out := make([]*drawn, len(list))
	for i, mem := range list {
		into := in
		compensation := anyReach[i] && !forward[i] && !terminal(mem.Value)
		if compensation {
			if comp == nil {
				comp = b.newGroup(in, "compensation", CompensationGroup)
			}
			into = comp
		}
		out[i] = b.state(into, mem.Key, mem.Value)
		out[i].entry.Compensation = compensation
	}
	missing := map[string]*Node{}
	target := func(name string) *Node {
		if i, ok := byName[name]; ok {
			return out[i].entry
		}
		if n, ok := missing[name]; ok {
			return n
		}
		n := b.node(in, name, Missing)
		missing[name] = n
		return n
	}
	for _, d := range out {
		s := d.state
		next := Next
		if d.entry.Compensation {
			next = Compensating
		}
		switch typ := str(s.Get("Type")); {
		case typ == "Choice":
			for _, rule := range elems(s.Get("Choices")) {
				if n := rule.Get("Next"); n != nil {
					b.edge(d.exit, target(str(n)), Rule, describeRule(rule))
				}
			}
			if n := s.Get("Default"); n != nil {
				b.edge(d.exit, target(str(n)), Default, "default")
			}
		case typ == "Succeed":
			if in.Kind != Root {
				ends(d.exit)
			}
		case typ == "Fail":
		default:
			if n := s.Get("Next"); n != nil {
				b.edge(d.exit, target(str(n)), next, "")
			} else if isTrue(s.Get("End")) {
				ends(d.exit)
			}
		}
		for _, c := range elems(s.Get("Catch")) {
			if n := c.Get("Next"); n != nil {
				b.edge(d.entry, target(str(n)), Catch, catchLabel(c))
			}
		}
	}
	if startAt == "" {
		return nil
	}
	return target(startAt)
}

// state draws one state: a node, or for Parallel and Map a group holding
// the entry node, the nested machines and a join node.
func (b *builder) state(in *Group, name string, s *jsonv.Value) *drawn {
	d := &drawn{name: name, state: s}
	typ := str(s.Get("Type"))
	switch typ {
	case "Parallel", "Map":
		kind, gkind, label := Parallel, ParallelGroup, name+" (Parallel)"
		if typ == "Map" {
			kind, gkind, label = Map, MapGroup, name+" (Map)"
		}
		g := b.newGroup(in, label, gkind)
		d.entry = b.node(g, name, kind)
		var machines []*jsonv.Value
		if typ == "Parallel" {
			machines = elems(s.Get("Branches"))
		} else if p := s.Get("ItemProcessor"); p != nil {
			machines = []*jsonv.Value{p}
		} else if p := s.Get("Iterator"); p != nil {
			machines = []*jsonv.Value{p}
		}
		var lasts []*Node
		for i, m := range machines {
			label := "branch " + strconv.Itoa(i+1)
			kind := BranchGroup
			if typ == "Map" {
				label, kind = "each item", ItemsGroup
			}
			sub := b.newGroup(g, label, kind)
			start := b.machine(m, sub, func(from *Node) { lasts = append(lasts, from) })
			if start != nil {
				b.edge(d.entry, start, Branch, "")
			}
		}
		d.exit = b.node(g, "join", Join)
		for _, from := range lasts {
			b.edge(from, d.exit, Next, "")
		}
		if len(machines) == 0 {
			b.edge(d.entry, d.exit, Next, "")
		}
		return d
	}
	kind := Other
	switch typ {
	case "Task":
		kind = Task
	case "Pass":
		kind = Pass
	case "Wait":
		kind = Wait
	case "Choice":
		kind = Choice
	case "Succeed":
		kind = Succeed
	case "Fail":
		kind = Fail
	}
	d.entry = b.node(in, name, kind)
	d.exit = d.entry
	return d
}

// reach marks the states reachable from startAt through forward
// transitions (Next, Choice rules and Default), and also through Catch
// edges when withCatch is set.
func reach(list []*jsonv.Member, byName map[string]int, startAt string, withCatch bool) []bool {
	seen := make([]bool, len(list))
	var stack []int
	push := func(name string) {
		if i, ok := byName[name]; ok && !seen[i] {
			seen[i] = true
			stack = append(stack, i)
		}
	}
	push(startAt)
	for len(stack) > 0 {
		s := list[stack[len(stack)-1]].Value
		stack = stack[:len(stack)-1]
		push(str(s.Get("Next")))
		push(str(s.Get("Default")))
		for _, r := range elems(s.Get("Choices")) {
			push(str(r.Get("Next")))
		}
		if withCatch {
			for _, c := range elems(s.Get("Catch")) {
				push(str(c.Get("Next")))
			}
		}
	}
	return seen
}

func terminal(s *jsonv.Value) bool {
	t := str(s.Get("Type"))
	return t == "Succeed" || t == "Fail"
}

// catchLabel is the list of errors a Catch catches.
func catchLabel(c *jsonv.Value) string {
	var errs []string
	for _, e := range elems(c.Get("ErrorEquals")) {
		errs = append(errs, str(e))
	}
	return strings.Join(errs, ", ")
}

// str is a string value's text, or "" for anything else.
func str(v *jsonv.Value) string {
	if v == nil || v.Kind != jsonv.String {
		return ""
	}
	return v.Str
}

func elems(v *jsonv.Value) []*jsonv.Value {
	if v == nil || v.Kind != jsonv.Array {
		return nil
	}
	return v.Elems
}

func isTrue(v *jsonv.Value) bool { return v != nil && v.Kind == jsonv.Bool && v.Bool }
