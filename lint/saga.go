// This file recovers a saga from any ASL graph: the forward path from
// StartAt, where each forward step's Catch goes, and the chain of
// compensations that runs from there. sagac's own output, a hand-written
// saga and a CDK-synthesized one all yield the same structure, so the saga
// rules judge them alike.
//
// It is the minimum the saga rules need, kept inside lint while the
// general recovery (package aslsaga) is written elsewhere.

package lint

import (
	"strings"

	"github.com/sagac/sagac/jsonv"
)

// sagaGraph is the saga structure of a definition's top level.
type sagaGraph struct {
	// Forward lists the forward steps (Task, Parallel and Map states on the
	// path from StartAt along Next) in the order they run.
	Forward []*State
	// Unwind[i] is the chain that runs when Forward[i] fails: the states
	// entered from its Catch, in order, up to a terminal state; nil when
	// the step has no Catch.
	Unwind [][]*State
	// Catch[i] is the Catch entry that starts Unwind[i] (nil without one)
	// and CatchPtr its pointer.
	Catch    []*jsonv.Value
	CatchPtr []string
	// Compensations lists every Task state met on an unwind chain, in the
	// order first met.
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

// IsSaga reports whether the definition compensates anything: some
// forward step's Catch leads through at least one Task to a Fail state.
func (g *sagaGraph) IsSaga() bool { return len(g.Compensations) > 0 }

// compensating reports whether an unwind chain runs a Task and ends in a
// Fail state: a rollback rather than a notification or a fallback.
func compensating(chain []*State) bool {
	return len(chain) > 0 && chain[len(chain)-1].Type == "Fail" && len(tasks(chain)) > 0
}

// sagaOf builds (once) the saga structure of a document.
func sagaOf(d *Document) *sagaGraph {
	if d.saga != nil {
		return d.saga
	}
	g := &sagaGraph{isComp: map[*State]bool{}}
	d.saga = g
	sc := d.Top
	if sc == nil {
		return g
	}
	start := sc.Value.Get("StartAt")
	if start == nil || start.Kind != jsonv.String {
		return g
	}
	seen := map[*State]bool{}
	for st := sc.Lookup(start.Str); st != nil && !seen[st]; {
		seen[st] = true
		switch st.Type {
		case "Task", "Parallel", "Map":
			g.Forward = append(g.Forward, st)
		}
		next := st.Field("Next")
		if next == nil || next.Kind != jsonv.String || st.Type == "Choice" {
			break
		}
		st = sc.Lookup(next.Str)
	}
	for _, st := range g.Forward {
		path, null := resultPath(st.Value)
		g.results = append(g.results, stepResult{path, null})
		catch, ptr := failureCatch(st)
		var chain []*State
		if catch != nil {
			chain = followChain(sc, catch.Get("Next"))
		}
		g.Unwind = append(g.Unwind, chain)
		g.Catch = append(g.Catch, catch)
		g.CatchPtr = append(g.CatchPtr, ptr)
	}
	for _, chain := range g.Unwind {
		if !compensating(chain) {
			continue
		}
		for _, c := range tasks(chain) {
			if !g.isComp[c] {
				g.isComp[c] = true
				g.Compensations = append(g.Compensations, c)
			}
		}
	}
	return g
}

// failureCatch returns the Catch entry that handles a task failure
// (States.ALL or States.TaskFailed), or the last entry, and its pointer.
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

// followChain walks Next from a Catch target up to and including the first
// state without a Next.
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
