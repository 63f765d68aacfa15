// Package aslsaga recovers the saga structure of any Amazon States Language
// definition: the forward path, what each state catches, and for each step
// the compensation chain its failure enters and the terminal state it ends
// in.
//
// It reads a definition as a *jsonv.Value, so it serves sagac's own output,
// hand-written ASL and deployed machines alike (architecture.md: lint, diff
// and deploy work on any definition). It never refuses a definition: what it
// cannot interpret as a saga (a Choice on the way, a Parallel's branches, a
// Next that names no state, a loop) it describes in Notes and goes on, so a
// caller can always print something useful.
//
// The words, for a definition that sagac would emit:
//
//	forward path   ReserveFlight -> ReserveHotel -> ProcessPayment -> BookingSucceeded
//	failure        ReserveHotel's Catch [States.ALL] -> CancelHotel -> CancelFlight -> BookingFailed
//	compensations  CancelHotel, CancelFlight (the Task-like states run on that path)
//	terminal       BookingFailed (the Fail state the path ends in)
package aslsaga

import (
	"fmt"
	"strings"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/jsonv"
)

// Role says what part a state plays in the saga.
type Role int

// The roles, in the order Ordered lists them.
const (
	// RoleUnreached: no forward path or failure path of the saga runs it.
	RoleUnreached Role = iota
	// RoleForward: a state of the forward path other than the Succeed or
	// Fail state that ends it (a Task with End: true is a forward state).
	RoleForward
	// RoleSuccess: the Succeed state that ends the forward path.
	RoleSuccess
	// RoleCompensation: a non-terminal state run after some step fails.
	RoleCompensation
	// RoleFailure: a Fail state some path ends in.
	RoleFailure
)

// String returns "forward", "success", "compensation", "failure" or
// "unreached".
func (r Role) String() string {
	switch r {
	case RoleForward:
		return "forward"
	case RoleSuccess:
		return "success"
	case RoleCompensation:
		return "compensation"
	case RoleFailure:
		return "failure"
	default:
		return "unreached"
	}
}

// Saga is the structure recovered from one definition (or one Parallel
// branch, or one Map's item processor).
type Saga struct {
	// StartAt is the definition's StartAt; empty when missing.
	StartAt string
	// States lists every state in definition order.
	States []*State
	// Forward is the forward path: StartAt, then each state's Next, up to
	// and including the state that ends it (Succeed, Fail, End: true). It
	// stops early, with a note, at a Choice, a missing state or a loop.
	Forward []string
	// Failures lists, for each state of Forward that can catch (Task,
	// Parallel, Map), one Failure per Catch entry in order, or a single
	// Failure with Catch -1 when it has none.
	Failures []*Failure
	// Notes describe what could not be read as a saga, with positions and
	// JSON pointers; they are Info diagnostics, never errors.
	Notes diag.Diagnostics
	// Truncated is true when the failure paths were not all followed: the
	// states they run add up to more than MaxPathStates (a saga of
	// thousands of compensated steps). Failures then lists only the first
	// steps, and a judgment of the whole saga cannot be made from it.
	Truncated bool

	byName map[string]*State
	// failuresOf indexes Failures by step.
	failuresOf map[string][]*Failure
	// pointer is the JSON pointer of this saga's object within the
	// definition ("" for the top level).
	pointer string
}

// State is one state of the definition, with the fields the saga structure
// is made of. Value keeps the whole state for everything else.
type State struct {
	Name string
	// Type is the state's Type, "" when missing or not a string.
	Type string
	// Next is the state's Next, "" when it has none.
	Next string
	// End reports "End": true.
	End bool
	// Catches are the Catch entries in order.
	Catches []*Catch
	// Role is what the state does in the saga.
	Role Role
	// Branches are the sub-sagas of a Parallel (one per branch) or a Map
	// (its ItemProcessor or Iterator), recovered the same way.
	Branches []*Saga
	// Value is the state's JSON object; KeyRange is where its name is.
	Value    *jsonv.Value
	KeyRange diag.Range
	// Pointer is the state's JSON pointer ("/States/ReserveHotel").
	Pointer string

	// next is the state Next names, nil when none or missing.
	next *State
}

// Catch is one entry of a state's Catch.
type Catch struct {
	// Errors are the ErrorEquals names in order.
	Errors []string
	// ResultPath is the entry's ResultPath value; nil when absent (the
	// default "$"), a JSON null when the error is discarded.
	ResultPath *jsonv.Value
	// Next is the state the catch goes to.
	Next string
	// Value is the whole entry.
	Value *jsonv.Value
}

// CatchesAll reports whether the entry's ErrorEquals holds States.ALL.
func (c *Catch) CatchesAll() bool {
	for _, e := range c.Errors {
		if e == "States.ALL" {
			return true
		}
	}
	return false
}

// ResultPathString returns the ResultPath as written: "$" when absent,
// "null" when null, the path otherwise.
func (c *Catch) ResultPathString() string {
	switch {
	case c.ResultPath == nil:
		return "$"
	case c.ResultPath.Kind == jsonv.Null:
		return "null"
	case c.ResultPath.Kind == jsonv.String:
		return c.ResultPath.Str
	default:
		return string(jsonv.MarshalCompact(c.ResultPath))
	}
}

// Failure is what happens when one step of the forward path fails with
// an error one of its Catch entries matches.
type Failure struct {
	// Step is the state that fails.
	Step string
	// Catch is the index of the entry in Step's Catches; -1 when the step
	// has no Catch, so its failure ends the execution with its own error
	// and Path is empty.
	Catch int
	// Errors are the entry's ErrorEquals.
	Errors []string
	// Path lists the states run after the failure, in order: the catch's
	// target, then each Next, up to and including the terminal state.
	Path []string
	// Compensations are the states of Path that do work (Task, Parallel,
	// Map), in the order they run.
	Compensations []string
	// Terminal is the state the path ends in (a Fail or Succeed state, or
	// one with End: true); "" when the path does not end (a loop, a
	// Choice, a missing state; see Notes).
	Terminal string
}

// Recover reads the saga structure of a definition. It never fails: a
// definition that is not a state machine gives an empty Saga with notes.
func Recover(def *jsonv.Value) *Saga {
	return recoverAt(def, "")
}

func recoverAt(def *jsonv.Value, pointer string) *Saga {
	s := &Saga{byName: map[string]*State{}, failuresOf: map[string][]*Failure{}, pointer: pointer}
	if def == nil || def.Kind != jsonv.Object {
		s.note(def, pointer, "the definition is not a JSON object")
		return s
	}
	if v := def.Get("StartAt"); v != nil && v.Kind == jsonv.String {
		s.StartAt = v.Str
	} else {
		s.note(def, pointer, "the definition has no StartAt string")
	}
	states := def.Get("States")
	if states == nil || states.Kind != jsonv.Object {
		s.note(def, pointer+"/States", "the definition has no States object")
		return s
	}
	for _, m := range states.Members {
		st := s.readState(m, pointer+"/States/"+escape(m.Key))
		if _, dup := s.byName[st.Name]; dup {
			s.note(st.Value, st.Pointer, "state %q is defined twice; the first one is used", st.Name)
			s.States = append(s.States, st)
			continue
		}
		s.byName[st.Name] = st
		s.States = append(s.States, st)
	}
	for _, st := range s.States {
		if st.Next != "" {
			st.next = s.byName[st.Next]
		}
	}
	s.walkForward()
	s.walkFailures()
	return s
}

func (s *Saga) readState(m *jsonv.Member, pointer string) *State {
	st := &State{Name: m.Key, Value: m.Value, KeyRange: m.KeyRange, Pointer: pointer}
	v := m.Value
	if v == nil || v.Kind != jsonv.Object {
		s.note(v, pointer, "state %q is not a JSON object", m.Key)
		return st
	}
	if t := v.Get("Type"); t != nil && t.Kind == jsonv.String {
		st.Type = t.Str
	} else {
		s.note(v, pointer, "state %q has no Type string", m.Key)
	}
	if n := v.Get("Next"); n != nil && n.Kind == jsonv.String {
		st.Next = n.Str
	}
	if e := v.Get("End"); e != nil && e.Kind == jsonv.Bool {
		st.End = e.Bool
	}
	if c := v.Get("Catch"); c != nil && c.Kind == jsonv.Array {
		for i, entry := range c.Elems {
			st.Catches = append(st.Catches, readCatch(entry))
			if entry.Kind != jsonv.Object {
				s.note(entry, fmt.Sprintf("%s/Catch/%d", pointer, i), "Catch entry %d of state %q is not a JSON object", i, m.Key)
			}
		}
	}
	switch st.Type {
	case "Parallel":
		if b := v.Get("Branches"); b != nil && b.Kind == jsonv.Array {
			for i, branch := range b.Elems {
				sub := recoverAt(branch, fmt.Sprintf("%s/Branches/%d", pointer, i))
				s.Notes = append(s.Notes, sub.Notes...)
				st.Branches = append(st.Branches, sub)
			}
		}
	case "Map":
		for _, key := range []string{"ItemProcessor", "Iterator"} {
			if p := v.Get(key); p != nil {
				sub := recoverAt(p, pointer+"/"+key)
				s.Notes = append(s.Notes, sub.Notes...)
				st.Branches = append(st.Branches, sub)
				break
			}
		}
	}
	return st
}

func readCatch(v *jsonv.Value) *Catch {
	c := &Catch{Value: v}
	if v == nil || v.Kind != jsonv.Object {
		return c
	}
	if errs := v.Get("ErrorEquals"); errs != nil && errs.Kind == jsonv.Array {
		for _, e := range errs.Elems {
			if e.Kind == jsonv.String {
				c.Errors = append(c.Errors, e.Str)
			}
		}
	}
	c.ResultPath = v.Get("ResultPath")
	if n := v.Get("Next"); n != nil && n.Kind == jsonv.String {
		c.Next = n.Str
	}
	return c
}

// State returns the state with the given name, or nil.
func (s *Saga) State(name string) *State { return s.byName[name] }

// terminal reports whether running st ends the execution.
func terminal(st *State) bool {
	return st.Type == "Succeed" || st.Type == "Fail" || st.End
}

// doesWork reports whether a state of this type runs something that a
// compensation chain would count (as opposed to Pass, Wait, Choice).
func doesWork(st *State) bool {
	return st.Type == "Task" || st.Type == "Parallel" || st.Type == "Map"
}

// canCatch reports whether ASL allows a Catch on this state type.
func canCatch(st *State) bool { return doesWork(st) }

// follow runs the Next chain from start, returning the states run and
// whether the chain ended in a terminal state. why names the chain in
// notes ("the forward path", "the failure path of X"); an empty why
// writes no notes.
func (s *Saga) follow(start string, from *jsonv.Value, fromPointer, why string) (path []*State, ended bool) {
	say := func(v *jsonv.Value, pointer, format string, args ...any) {
		if why != "" {
			s.note(v, pointer, format, args...)
		}
	}
	st := s.byName[start]
	var prev *State
	for {
		if st == nil {
			name := start
			if prev != nil {
				name = prev.Next
				from, fromPointer = prev.Value.Get("Next"), prev.Pointer+"/Next"
			}
			say(from, fromPointer, "%s goes to %q, which is not a state", why, name)
			return path, false
		}
		if len(path) >= len(s.byName) {
			// Longer than the number of states: the chain loops. Find
			// the state it comes back to for the note, and cut there.
			i := loopStart(path)
			say(path[i].Value, path[i].Pointer, "%s loops back to %q", why, path[i].Name)
			return path[:loopEnd(path, i)], false
		}
		path = append(path, st)
		if terminal(st) {
			return path, true
		}
		if st.Type == "Choice" {
			say(st.Value, st.Pointer, "%s reaches Choice state %q; its choices are not followed", why, st.Name)
			return path, false
		}
		if st.Next == "" {
			say(st.Value, st.Pointer, "state %q on %s has neither Next nor End", st.Name, why)
			return path, false
		}
		prev, st = st, st.next
	}
}

// loopStart returns the index of the first state of path that is run
// again later.
func loopStart(path []*State) int {
	first := map[*State]int{}
	for i, st := range path {
		if j, ok := first[st]; ok {
			return j
		}
		first[st] = i
	}
	return 0
}

// loopEnd returns the length of path up to (not including) the second
// run of path[i].
func loopEnd(path []*State, i int) int {
	for j := i + 1; j < len(path); j++ {
		if path[j] == path[i] {
			return j
		}
	}
	return len(path)
}

func names(states []*State) []string {
	out := make([]string, len(states))
	for i, st := range states {
		out[i] = st.Name
	}
	return out
}

func (s *Saga) walkForward() {
	if s.StartAt == "" {
		return
	}
	path, ended := s.follow(s.StartAt, nil, s.pointer+"/StartAt", "the forward path")
	s.Forward = names(path)
	for i, st := range path {
		switch {
		case i == len(path)-1 && ended && st.Type == "Fail":
			st.Role = RoleFailure
		case i == len(path)-1 && ended && st.Type == "Succeed":
			st.Role = RoleSuccess
		default:
			st.Role = RoleForward
		}
	}
}

// MaxPathStates bounds the states listed over all failure paths of one
// saga. Each step's path runs through the compensation chain to its end,
// so the total grows with the square of the steps: 2,000 compensated steps
// list about 2 million, 10,000 steps would list 50 million.
const MaxPathStates = 4_000_000

func (s *Saga) walkFailures() {
	walked := 0
	var forward []*State
	for _, name := range s.Forward {
		forward = append(forward, s.byName[name])
	}
	var reached []*State // states first reached by a failure path
	for _, st := range forward {
		if !canCatch(st) {
			continue
		}
		if len(st.Catches) == 0 {
			s.addFailure(&Failure{Step: st.Name, Catch: -1})
			continue
		}
		for i, c := range st.Catches {
			f := &Failure{Step: st.Name, Catch: i, Errors: c.Errors}
			if c.Next != "" {
				path, ended := s.follow(c.Next, c.Value.Get("Next"), fmt.Sprintf("%s/Catch/%d/Next", st.Pointer, i),
					fmt.Sprintf("the failure path of %q", st.Name))
				if walked += len(path); walked > MaxPathStates {
					s.Truncated = true
					s.note(st.Value, st.Pointer, "the failure paths run more than %d states in all (aslsaga.MaxPathStates): the saga is not analyzed from %q on", MaxPathStates, st.Name)
					return
				}
				f.Path = names(path)
				for _, p := range path {
					if doesWork(p) {
						f.Compensations = append(f.Compensations, p.Name)
					}
				}
				if ended {
					f.Terminal = path[len(path)-1].Name
				}
				reached = append(reached, mark(path)...)
			}
			s.addFailure(f)
		}
	}
	// Catches of states run after a failure (a compensation's own Catch,
	// going to a CompensationFailed state) lead to more failure paths:
	// mark their states too, without listing them as Failures. Each state
	// is marked once, so this is linear in the number of states.
	for len(reached) > 0 {
		st := reached[0]
		reached = reached[1:]
		if !canCatch(st) {
			continue
		}
		for _, c := range st.Catches {
			if c.Next != "" {
				path, _ := s.follow(c.Next, nil, "", "")
				reached = append(reached, mark(path)...)
			}
		}
	}
}

func (s *Saga) addFailure(f *Failure) {
	s.Failures = append(s.Failures, f)
	s.failuresOf[f.Step] = append(s.failuresOf[f.Step], f)
}

// mark gives the unreached states of a failure path their roles, and
// returns them. A state that already has a role was marked with the rest
// of its chain, so marking stops there.
func mark(path []*State) []*State {
	var out []*State
	for _, st := range path {
		if st.Role != RoleUnreached {
			break
		}
		if st.Type == "Fail" {
			st.Role = RoleFailure
		} else {
			st.Role = RoleCompensation
		}
		out = append(out, st)
	}
	return out
}

// FailuresOf returns the failures of one step, in Catch order.
func (s *Saga) FailuresOf(step string) []*Failure { return s.failuresOf[step] }

// OnAnyError returns the failure of step for an error that none of its more
// specific Catch entries match: the first entry holding States.ALL, or the
// Catch -1 failure when the step catches nothing. It returns nil when the
// step is not on the forward path, cannot catch, or catches only specific
// errors (then an unmatched error ends the execution).
func (s *Saga) OnAnyError(step string) *Failure {
	st := s.byName[step]
	for _, f := range s.FailuresOf(step) {
		if f.Catch < 0 || st.Catches[f.Catch].CatchesAll() {
			return f
		}
	}
	return nil
}

// Steps returns the states of the forward path that do work (Task,
// Parallel, Map), in the order they run.
func (s *Saga) Steps() []string {
	var out []string
	for _, name := range s.Forward {
		if doesWork(s.byName[name]) && s.byName[name].Role == RoleForward {
			out = append(out, name)
		}
	}
	return out
}

// Ordered returns every state in saga order (architecture.md item 4): the
// forward path, then the states run after failures (the compensation
// chain in chain order: paths of later steps first, since the last step's
// failure usually runs the whole chain), then the Fail states, then
// unreached states in definition order.
func (s *Saga) Ordered() []*State {
	out := make([]*State, 0, len(s.States))
	placed := map[*State]bool{}
	add := func(st *State) {
		if st != nil && !placed[st] {
			placed[st] = true
			out = append(out, st)
		}
	}
	for _, name := range s.Forward {
		if st := s.byName[name]; st.Role != RoleFailure {
			add(st)
		}
	}
	for i := len(s.Failures) - 1; i >= 0; i-- {
		for _, name := range s.Failures[i].Path {
			st := s.byName[name]
			if placed[st] {
				break // the rest of the path was placed with it
			}
			if st.Role == RoleCompensation {
				add(st)
			}
		}
	}
	for _, st := range s.States {
		if st.Role == RoleCompensation {
			add(st)
		}
	}
	for _, st := range s.States {
		if st.Role == RoleFailure {
			add(st)
		}
	}
	for _, st := range s.States {
		add(st)
	}
	return out
}

// Describe renders the recovered structure as text, one fact a line, for
// tests, debugging and `sagac diff` golden files.
func (s *Saga) Describe() string {
	var b strings.Builder
	s.describe(&b, "")
	return b.String()
}

func (s *Saga) describe(b *strings.Builder, indent string) {
	fmt.Fprintf(b, "%sforward: %s\n", indent, arrow(s.Forward))
	for _, f := range s.Failures {
		switch {
		case f.Catch < 0:
			fmt.Fprintf(b, "%swhen %s fails: the execution fails with its error\n", indent, f.Step)
		default:
			end := f.Terminal
			if end == "" {
				end = "(does not end)"
			}
			fmt.Fprintf(b, "%swhen %s fails [%s]: %s; compensations: %s; ends in %s\n", indent, f.Step,
				strings.Join(f.Errors, ", "), arrow(f.Path), list(f.Compensations), end)
		}
	}
	for _, st := range s.Ordered() {
		fmt.Fprintf(b, "%sstate %s: %s %s\n", indent, st.Name, st.Type, st.Role)
		for i, br := range st.Branches {
			fmt.Fprintf(b, "%s  branch %d:\n", indent, i)
			br.describe(b, indent+"    ")
		}
	}
}

func arrow(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, " -> ")
}

func list(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}

func (s *Saga) note(v *jsonv.Value, pointer, format string, args ...any) {
	d := &diag.Diagnostic{Severity: diag.Info, Summary: fmt.Sprintf(format, args...), Pointer: pointer}
	if v != nil && v.Range != (diag.Range{}) {
		d.Subject = v.Range.Ptr()
	}
	s.Notes = append(s.Notes, d)
}

// escape escapes a JSON pointer reference token (RFC 6901).
func escape(key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}
