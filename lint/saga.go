// This file gives the saga rules the saga structure of a definition, read
// by package aslsaga: the forward steps, the failure path each step's Catch
// enters, and the compensations run on it. sagac's own output, a
// hand-written saga and a CDK-synthesized one all yield the same structure,
// so the saga rules judge them alike.
//
// Every scope is a saga of its own: the top level, each Parallel branch and
// each Map item processor. A Choice on the forward path ends aslsaga's
// forward path; lint goes on from each of the Choice's targets (Choices'
// Nexts, then Default), so each way through the Choice is judged as one
// straight saga, up to maxPaths ways per scope.

package lint

import (
	"strings"

	"github.com/sagac/sagac/aslsaga"
	"github.com/sagac/sagac/jsonv"
)

// maxPaths bounds the ways through Choice states judged per scope: each
// Choice multiplies them.
const maxPaths = 32

// sagaGraph is one straight way through a scope's saga: the forward
// steps in the order they run, and for each what its failure runs.
type sagaGraph struct {
	// Forward lists the forward steps (Task, Parallel and Map states) in
	// the order they run.
	Forward []*State
	// Unwind[i] is the path that runs when Forward[i] fails: the states
	// entered from its Catch, in order, up to and including the terminal
	// state (or the state where aslsaga stopped following); nil when the
	// step has no Catch.
	Unwind [][]*State
	// Comps[i] are the Task states of Unwind[i], and Compensating[i]
	// tells whether Unwind[i] is a rollback (see compensating).
	Comps        [][]*State
	Compensating []bool
	// Catch[i] is the Catch entry that starts Unwind[i] (nil without one)
	// and CatchPtr its pointer.
	Catch    []*jsonv.Value
	CatchPtr []string
	// Compensations lists every Task state met on a compensating unwind
	// path, in the order first met. A path is compensating when it runs a
	// Task and ends in a Fail state: a rollback rather than a notification
	// or a fallback. A path that aslsaga could not follow to its end (a
	// Choice on it, a loop) is not judged.
	Compensations []*State
	isComp        map[*State]bool
	// results caches each forward step's ResultPath.
	results []stepResult
}

type stepResult struct {
	path string
	null bool
}

// resultPath returns forward step i's ResultPath (see resultPath).
func (g *sagaGraph) resultPath(i int) (string, bool) {
	r := g.results[i]
	return r.path, r.null
}

// IsSaga reports whether the way compensates anything: some forward step's
// Catch leads through at least one Task to a Fail state.
func (g *sagaGraph) IsSaga() bool { return len(g.Compensations) > 0 }

// sagasOf returns (once) the saga ways of every scope of a document, the
// top level first, then the scopes in document order.
func sagasOf(d *Document) []*sagaGraph {
	if d.sagas != nil {
		return *d.sagas
	}
	var out []*sagaGraph
	for _, sc := range d.Scopes {
		graphs, truncated := scopeSagas(sc)
		out = append(out, graphs...)
		d.sagaTruncated = d.sagaTruncated || truncated
	}
	d.sagas = &out
	return out
}

// scopeSagas recovers the saga of one scope and splits it at each Choice
// on its forward path. It reports whether any recovery was truncated
// (aslsaga.MaxPathStates), in which case the saga rules cannot judge it.
func scopeSagas(sc *Scope) (graphs []*sagaGraph, truncated bool) {
	states := sc.Value.Get("States")
	if states == nil || states.Kind != jsonv.Object {
		return nil, false
	}
	recoverSaga := func(v *jsonv.Value) *aslsaga.Saga {
		s := aslsaga.Recover(v)
		truncated = truncated || s.Truncated
		return s
	}
	var out []*sagaGraph
	var walk func(s *aslsaga.Saga, prefix []step, choices map[string]bool)
	walk = func(s *aslsaga.Saga, prefix []step, choices map[string]bool) {
		steps := append(append([]step(nil), prefix...), stepsOf(sc, s)...)
		last := lastForward(s)
		if last == nil || last.Type != "Choice" || choices[last.Name] || len(out) >= maxPaths {
			out = append(out, newGraph(sc, steps))
			return
		}
		seen := map[string]bool{}
		inner := map[string]bool{last.Name: true}
		for k := range choices {
			inner[k] = true
		}
		for _, target := range choiceTargets(last.Value) {
			if seen[target] || sc.Lookup(target) == nil {
				continue
			}
			seen[target] = true
			if len(out) >= maxPaths {
				break
			}
			walk(recoverSaga(from(target, states)), steps, inner)
		}
	}
	walk(recoverSaga(sc.Value), nil, map[string]bool{})
	return out, truncated
}

// step is one forward step and the saga it was recovered in.
type step struct {
	saga *aslsaga.Saga
	name string
}

func stepsOf(sc *Scope, s *aslsaga.Saga) []step {
	var out []step
	for _, name := range s.Steps() {
		if sc.Lookup(name) != nil {
			out = append(out, step{s, name})
		}
	}
	return out
}

// lastForward returns the last state of a saga's forward path, or nil.
func lastForward(s *aslsaga.Saga) *aslsaga.State {
	if len(s.Forward) == 0 {
		return nil
	}
	return s.State(s.Forward[len(s.Forward)-1])
}

// choiceTargets lists a Choice state's targets: each rule's Next, then
// Default.
func choiceTargets(v *jsonv.Value) []string {
	var out []string
	if ch := v.Get("Choices"); ch != nil && ch.Kind == jsonv.Array {
		for _, c := range ch.Elems {
			if n := c.Get("Next"); n != nil && n.Kind == jsonv.String {
				out = append(out, n.Str)
			}
		}
	}
	if d := v.Get("Default"); d != nil && d.Kind == jsonv.String {
		out = append(out, d.Str)
	}
	return out
}

// from builds a definition that starts at the given state of a scope, so
// aslsaga recovers the saga from there on.
func from(start string, states *jsonv.Value) *jsonv.Value {
	def := jsonv.NewObject()
	def.Set("StartAt", jsonv.NewString(start))
	def.Set("States", states)
	return def
}

// newGraph builds one straight way from its forward steps.
func newGraph(sc *Scope, steps []step) *sagaGraph {
	g := &sagaGraph{isComp: map[*State]bool{}}
	for _, s := range steps {
		st := sc.Lookup(s.name)
		g.Forward = append(g.Forward, st)
		path, null := resultPath(st.Value)
		g.results = append(g.results, stepResult{path, null})
		f := anyFailure(s.saga.FailuresOf(s.name))
		var chain []*State
		var catch *jsonv.Value
		var ptr string
		if f != nil {
			for _, name := range f.Path {
				if x := sc.Lookup(name); x != nil {
					chain = append(chain, x)
				}
			}
			catch = st.Field("Catch").Elems[f.Catch]
			ptr = st.Pointer + "/Catch/" + itoa(f.Catch)
		}
		comps := tasks(chain)
		g.Unwind = append(g.Unwind, chain)
		g.Comps = append(g.Comps, comps)
		g.Compensating = append(g.Compensating, len(chain) > 0 && chain[len(chain)-1].Type == "Fail" && len(comps) > 0)
		g.Catch = append(g.Catch, catch)
		g.CatchPtr = append(g.CatchPtr, ptr)
	}
	for i := range g.Unwind {
		if !g.Compensating[i] {
			continue
		}
		for _, c := range g.Comps[i] {
			if !g.isComp[c] {
				g.isComp[c] = true
				g.Compensations = append(g.Compensations, c)
			}
		}
	}
	return g
}

// anyFailure picks the failure of a step that handles a task failure: the
// Catch entry with States.ALL or States.TaskFailed, else the last entry;
// nil when the step has no Catch.
func anyFailure(fs []*aslsaga.Failure) *aslsaga.Failure {
	var last *aslsaga.Failure
	for _, f := range fs {
		if f.Catch < 0 {
			return nil
		}
		for _, e := range f.Errors {
			if e == "States.ALL" || e == "States.TaskFailed" {
				return f
			}
		}
		last = f
	}
	return last
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// catches reports whether a Retry or Catch entry lists the error name.
func catches(entry *jsonv.Value, name string) bool {
	ee := entry.Get("ErrorEquals")
	if ee == nil || ee.Kind != jsonv.Array {
		return false
	}
	for _, e := range ee.Elems {
		if e.Kind == jsonv.String && e.Str == name {
			return true
		}
	}
	return false
}

// failureCatch returns a state's Catch entry that handles a task failure
// (States.ALL or States.TaskFailed), or its last entry, and its pointer.
func failureCatch(st *State) (*jsonv.Value, string) {
	ca := st.Field("Catch")
	if ca == nil || ca.Kind != jsonv.Array || len(ca.Elems) == 0 {
		return nil, ""
	}
	for i, c := range ca.Elems {
		if catches(c, "States.ALL") || catches(c, "States.TaskFailed") {
			return c, st.Pointer + "/Catch/" + itoa(i)
		}
	}
	i := len(ca.Elems) - 1
	return ca.Elems[i], st.Pointer + "/Catch/" + itoa(i)
}

// followChain walks Next from a Catch target up to and including the first
// state without a Next (a compensation's own failure path, which aslsaga
// marks but does not list).
func followChain(sc *Scope, target *jsonv.Value) []*State {
	if target == nil || target.Kind != jsonv.String {
		return nil
	}
	var chain []*State
	seen := map[*State]bool{}
	for st := sc.Lookup(target.Str); st != nil && !seen[st]; {
		seen[st] = true
		chain = append(chain, st)
		next := st.Field("Next")
		if next == nil || next.Kind != jsonv.String {
			break
		}
		st = sc.Lookup(next.Str)
	}
	return chain
}

// tasks returns the Task states of a chain.
func tasks(chain []*State) []*State {
	var out []*State
	for _, s := range chain {
		if s.Type == "Task" {
			out = append(out, s)
		}
	}
	return out
}

// compID identifies what a compensation does: states with the same Type,
// Resource and Parameters (or Arguments), key order ignored, get the same
// number. A hand-written saga often gives each failure path its own copy of
// the same compensation ("CancelFlight2"); the copies get the same number,
// so the rules compare failure paths by what they run rather than by state
// names. Each state's number is worked out once.
func (d *Document) compID(st *State) int {
	if st.compID == 0 {
		if d.compIDs == nil {
			d.compIDs = map[string]int{}
		}
		k := compKey(st)
		id, ok := d.compIDs[k]
		if !ok {
			id = len(d.compIDs) + 1
			d.compIDs[k] = id
		}
		st.compID = id
	}
	return st.compID
}

func compKey(st *State) string {
	var b strings.Builder
	b.WriteString(st.Type)
	for _, f := range []string{"Resource", "Parameters", "Arguments"} {
		b.WriteByte(0)
		if v := st.Field(f); v != nil {
			b.Write(jsonv.MarshalCompact(jsonv.Canonical(v)))
		}
	}
	return b.String()
}

// resourceOf returns a Task's Resource string.
func resourceOf(st *State) string {
	if r := st.Field("Resource"); r != nil && r.Kind == jsonv.String {
		return r.Str
	}
	return ""
}

// isLambda reports whether a Task invokes a Lambda function.
func isLambda(st *State) bool {
	r := resourceOf(st)
	return st.Type == "Task" && (strings.Contains(r, ":states:::lambda:invoke") || strings.Contains(r, ":lambda:") && strings.Contains(r, ":function:"))
}

// readOnly reports whether a Task's integration only reads (no side
// effect to undo): DynamoDB getItem/query/scan, SDK Get*/Describe*/List*.
func readOnly(st *State) bool {
	r := resourceOf(st)
	i := strings.LastIndex(r, ":")
	if i < 0 {
		return false
	}
	action := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(r[i+1:], ".sync"), ".waitForTaskToken"))
	for _, p := range []string{"get", "describe", "list", "query", "scan", "head", "batchget"} {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return false
}

// resultPath returns a state's ResultPath: its string, "$" when absent
// (the ASL default), and null=true for ResultPath: null.
func resultPath(v *jsonv.Value) (path string, null bool) {
	rp := v.Member("ResultPath")
	if rp == nil {
		return "$", false
	}
	if rp.Value.Kind == jsonv.Null {
		return "", true
	}
	if rp.Value.Kind == jsonv.String {
		return rp.Value.Str, false
	}
	return "", true
}

// reads lists the input paths a state reads ($.x, not $$ or intrinsics'
// inner paths), with the values holding them.
func reads(st *State) []pathUse {
	if st.reads == nil {
		r := readsOf(st)
		st.reads = &r
	}
	return *st.reads
}

func readsOf(st *State) []pathUse {
	var out []pathUse
	for _, field := range []string{"InputPath", "Parameters"} {
		v := st.Field(field)
		if v == nil {
			continue
		}
		v.Walk(func(p string, x *jsonv.Value) bool {
			if x.Kind == jsonv.String && strings.HasPrefix(x.Str, "$.") && (field == "InputPath" || strings.HasSuffix(p, ".$")) {
				out = append(out, pathUse{path: x.Str, at: x, ptr: st.Pointer + "/" + field + p})
			}
			if x.Kind == jsonv.String && strings.HasPrefix(x.Str, "States.") && strings.HasSuffix(p, ".$") {
				for _, q := range pathsIn(x.Str) {
					out = append(out, pathUse{path: q, at: x, ptr: st.Pointer + "/" + field + p})
				}
			}
			return true
		})
	}
	return out
}

type pathUse struct {
	path string
	at   *jsonv.Value
	ptr  string
}

// pathsIn finds the $.… paths inside an intrinsic function call.
func pathsIn(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] == '$' && i+1 < len(s) && s[i+1] == '.' && (i == 0 || s[i-1] != '$') {
			j := i
			for j < len(s) && s[j] != ',' && s[j] != ')' && s[j] != ' ' {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}

// under reports whether path q is p or inside it ($.a.b is under $.a).
func under(q, p string) bool {
	if p == "$" {
		return true
	}
	return q == p || strings.HasPrefix(q, p) && len(q) > len(p) && (q[len(p)] == '.' || q[len(p)] == '[')
}
