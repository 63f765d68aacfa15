// This file holds the saga rules: checks that a saga, however written,
// undoes what it did when a step fails.

package lint

import (
	"fmt"
	"strings"

	"github.com/sagac/sagac/jsonv"
)

func names(states []*State) string {
	q := make([]string, len(states))
	for i, s := range states {
		q[i] = s.Name
	}
	return strings.Join(q, " -> ")
}

// checkUnwindOrder checks that the unwind paths nest: when step j fails
// after step i, everything that runs when i fails must also run, after
// j's own compensations and in the same order. Compensations are compared
// by what they run (compID), so per-step copies of a compensation count
// as the same one.
func checkUnwindOrder(p *Pass) {
	for _, g := range sagasOf(p.Doc) {
		if !g.IsSaga() {
			continue
		}
		var prev []*State // compensations run for the latest compensating step
		prevStep := -1
		for i, st := range g.Forward {
			if !g.Compensating[i] {
				continue // no Catch, or a fallback path rather than a rollback
			}
			comps := g.Comps[i]
			if prevStep >= 0 && !isSuffix(p.Doc, prev, comps) && p.once(g.CatchPtr[i]) {
				missing := missingFrom(p.Doc, prev, comps)
				msg := fmt.Sprintf("when step %q fails, the chain runs %s, but a failure of the earlier step %q runs %s", st.Name, orNone(comps), g.Forward[prevStep].Name, orNone(prev))
				if len(missing) > 0 {
					msg += fmt.Sprintf(": %s would not be undone", names(missing))
				} else {
					msg += ": the compensations run out of order (latest step first)"
				}
				p.Report(g.Catch[i].Get("Next"), g.CatchPtr[i]+"/Next", "%s", msg)
			}
			prev, prevStep = comps, i
		}
	}
}

// checkStepNoCatch reports forward steps without a Catch after a step
// whose failure is compensated: their failure leaves the earlier work done.
func checkStepNoCatch(p *Pass) {
	for _, g := range sagasOf(p.Doc) {
		var prev []*State
		for i, st := range g.Forward {
			if g.Catch[i] == nil {
				if len(prev) > 0 && p.once(st.Pointer) {
					p.ReportState(st, "step %q has no Catch: when it fails, the compensations of the steps before it (%s) do not run", st.Name, names(prev))
				}
				continue
			}
			if g.Compensating[i] {
				prev = g.Comps[i]
			}
		}
	}
}

func orNone(s []*State) string {
	if len(s) == 0 {
		return "no compensation"
	}
	return names(s)
}

// isSuffix reports whether a ends b, comparing compensations by compID.
func isSuffix(d *Document, a, b []*State) bool {
	if len(a) > len(b) {
		return false
	}
	off := len(b) - len(a)
	for i := range a {
		if a[i] != b[off+i] && d.compID(a[i]) != d.compID(b[off+i]) {
			return false
		}
	}
	return true
}

// missingFrom returns the compensations of want that got does not run.
func missingFrom(d *Document, want, got []*State) []*State {
	have := map[int]bool{}
	for _, s := range got {
		have[d.compID(s)] = true
	}
	var out []*State
	for _, s := range want {
		if !have[d.compID(s)] {
			out = append(out, s)
		}
	}
	return out
}

// checkUncompensatedStep reports forward steps with side effects that no
// failure path undoes. Each compensating unwind path brings new
// compensations (ones no earlier step's path ran); each new one is given
// to a step that needs one. Two styles are common: the failing step's own
// compensation runs first (sagac's default), or only the steps that
// completed are undone (a step's compensation first appears on the path
// of the step after it; sagac's "compensate … after success"). The style
// is read from the first step that needs a compensation: when its own
// failure path undoes nothing but a later one does, the saga undoes only
// completed steps, and its last step needs no compensation.
func checkUncompensatedStep(p *Pass) {
	for _, g := range sagasOf(p.Doc) {
		if !g.IsSaga() {
			continue
		}
		seen := map[int]bool{}
		newComps := func(i int) int {
			n := 0
			for _, c := range g.Comps[i] {
				if k := p.Doc.compID(c); !seen[k] {
					seen[k] = true
					n++
				}
			}
			return n
		}
		completedOnly := false
		for i, st := range g.Forward {
			if needsCompensation(st) {
				completedOnly = len(g.Comps[i]) == 0
				break
			}
		}
		pending := -1 // a step whose compensation is still to appear
		report := func(i int) {
			st := g.Forward[i]
			if p.once(st.Pointer) {
				p.ReportState(st, "step %q has no compensation: if it succeeds and a later step fails, what it did stays done (add a compensation, or say in its Comment that it needs none)", st.Name)
			}
		}
		for i, st := range g.Forward {
			if g.Catch[i] == nil {
				// SAGA_STEP_NO_CATCH's concern; a step that undoes only
				// completed steps may still be undone by a later path.
				if completedOnly && needsCompensation(st) && pending < 0 {
					pending = i
				}
				continue
			}
			if !g.Compensating[i] && len(g.Comps[i]) > 0 {
				continue // a path aslsaga could not follow to its end: not judged
			}
			n := newComps(i)
			if pending >= 0 {
				// The pending step's compensation runs after this step's
				// own, when this step brings one.
				need := 1
				if !completedOnly && needsCompensation(st) {
					need = 2
				}
				if n >= need {
					n--
				} else {
					report(pending)
				}
				pending = -1
			}
			if n == 0 && needsCompensation(st) {
				pending = i
			}
		}
		if pending >= 0 && !completedOnly {
			report(pending)
		}
	}
}

// needsCompensation reports whether a forward step has side effects to
// undo: a Task that is not a read and does not say it needs none.
func needsCompensation(st *State) bool {
	return st.Type == "Task" && !readOnly(st) && !saysNoCompensation(st)
}

// saysNoCompensation reports whether a state's Comment says it needs no
// compensation.
func saysNoCompensation(st *State) bool {
	c := st.Field("Comment")
	return c != nil && c.Kind == jsonv.String && commentSaysNoCompensation(c.Str)
}

// commentSaysNoCompensation reports whether a comment says its step needs
// no compensation.
func commentSaysNoCompensation(comment string) bool {
	s := strings.ToLower(comment)
	return strings.Contains(s, "no compensation") || strings.Contains(s, "idempotent read")
}

// compensations lists the compensations of every saga way, each once.
func compensations(d *Document) []*State {
	var out []*State
	seen := map[*State]bool{}
	for _, g := range sagasOf(d) {
		for _, c := range g.Compensations {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

func checkCompensationRetry(p *Pass) {
	for _, c := range compensations(p.Doc) {
		rt := c.Field("Retry")
		covered := false
		if rt != nil && rt.Kind == jsonv.Array {
			for _, r := range rt.Elems {
				if catches(r, "States.ALL") || catches(r, "States.TaskFailed") {
					covered = true
				}
			}
		}
		if !covered {
			p.ReportState(c, "compensation %q does not retry task failures (no Retry on States.ALL or States.TaskFailed): one transient error leaves the saga half undone", c.Name)
		}
	}
}

func checkCompensationFailed(p *Pass) {
	for _, g := range sagasOf(p.Doc) {
		// The Fail states that end the forward unwind paths.
		sagaFails := map[string]bool{}
		for _, chain := range g.Unwind {
			if n := len(chain); n > 0 && chain[n-1].Type == "Fail" {
				sagaFails[chain[n-1].Name] = true
			}
		}
		for _, c := range g.Compensations {
			if !p.once(c.Pointer) {
				continue
			}
			catch, ptr := failureCatch(c)
			if catch == nil {
				p.ReportState(c, "compensation %q has no Catch: when it fails, the execution ends with its error and nobody can tell a rolled-back saga from one stuck half way", c.Name)
				continue
			}
			target := followChain(c.Scope, catch.Get("Next"))
			if len(target) == 0 {
				continue
			}
			end := target[len(target)-1]
			if end.Type != "Fail" || sagaFails[end.Name] {
				p.Report(catch.Get("Next"), ptr+"/Next", "compensation %q catches into %q, which also ends a clean rollback: send it to a Fail state of its own (\"…CompensationFailed\")", c.Name, end.Name)
			}
		}
	}
}

func checkCatchResultPath(p *Pass) {
	for _, g := range sagasOf(p.Doc) {
		if !g.IsSaga() {
			continue
		}
		for i, st := range g.Forward {
			c := g.Catch[i]
			if c == nil || len(g.Comps[i]) == 0 {
				continue
			}
			if path, null := resultPath(c); path == "$" && !null && p.once(g.CatchPtr[i]) {
				p.Report(c, g.CatchPtr[i], "the Catch of step %q has no ResultPath, so the error replaces the whole state and the compensations lose the input they need: add \"ResultPath\": \"$.errors.%s\"", st.Name, st.Name)
			}
		}
	}
}

// checkResultOverwrite reports a forward step whose ResultPath replaces
// data that a later step or a compensation reads: an earlier step's result
// stored at or inside it, or (for ResultPath $) the whole state.
func checkResultOverwrite(p *Pass) {
	for _, g := range sagasOf(p.Doc) {
		resultOverwrite(p, g)
	}
}

func resultOverwrite(p *Pass, g *sagaGraph) {
	var readers []*State
	readers = append(readers, g.Forward...)
	readers = append(readers, g.Compensations...)
	// Index each reader's reads by every ancestor of the path read, so
	// "who reads under pp" is a map lookup.
	readsUnder := map[string][]readAt{}
	for ri, r := range readers {
		for _, u := range reads(r) {
			for _, a := range ancestors(u.path) {
				readsUnder[a] = append(readsUnder[a], readAt{reader: ri, use: u})
			}
		}
	}
	forwardIndex := map[*State]int{}
	for i, st := range g.Forward {
		forwardIndex[st] = i
	}
	// storedUnder maps a path to the earlier steps whose results lie at or
	// inside it.
	storedUnder := map[string][]int{}
	for i, st := range g.Forward {
		path, null := g.resultPath(i)
		if !null && path != "$" {
			for _, j := range storedUnder[path] {
				pp, _ := g.resultPath(j)
				for _, ra := range readsUnder[pp] {
					r := readers[ra.reader]
					if fi, ok := forwardIndex[r]; ok && fi <= i {
						continue
					}
					if !p.once(st.Pointer + "/ResultPath") {
						goto stored
					}
					p.Report(st.Field("ResultPath"), st.Pointer+"/ResultPath", "step %q stores its result at %s, overwriting the result of %q (%s) that %q reads (%s)", st.Name, path, g.Forward[j].Name, pp, r.Name, ra.use.path)
					goto stored
				}
			}
		}
		if !null && path == "$" {
			for _, r := range readers {
				if fi, ok := forwardIndex[r]; ok && fi <= i {
					continue
				}
				for _, u := range reads(r) {
					if !p.once(st.Pointer + "/ResultPath") {
						goto stored
					}
					if at := st.Field("ResultPath"); at != nil {
						p.Report(at, st.Pointer+"/ResultPath", "ResultPath $ replaces the whole state, so %q, which reads %s, gets the result of %q instead", r.Name, u.path, st.Name)
					} else {
						p.ReportState(st, "step %q has no ResultPath, so its result replaces the whole state and %q, which reads %s, gets the result instead: set a ResultPath such as $.results.%s", st.Name, r.Name, u.path, st.Name)
					}
					goto stored
				}
			}
		}
	stored:
		if !null && path != "$" {
			for _, a := range ancestors(path) {
				storedUnder[a] = append(storedUnder[a], i)
			}
		}
	}
}

type readAt struct {
	reader int
	use    pathUse
}

// ancestors returns a path and every path that holds it, nearest first:
// $.a.b[0] -> $.a.b[0], $.a.b, $.a ("$" itself is left out).
func ancestors(p string) []string {
	out := []string{p}
	for k := len(p) - 1; k > 1; k-- {
		if p[k] == '.' || p[k] == '[' {
			out = append(out, p[:k])
		}
	}
	return out
}

func checkOutputDropsResult(p *Pass) {
	for _, st := range p.Doc.States {
		if st.Type != "Task" && st.Type != "Parallel" && st.Type != "Map" || st.JSONata {
			continue
		}
		op := st.Field("OutputPath")
		if op == nil || op.Kind != jsonv.String || op.Str == "$" {
			continue
		}
		path, null := resultPath(st.Value)
		if null || path == "$" || under(path, op.Str) || under(op.Str, path) {
			continue
		}
		p.Report(op, st.Pointer+"/OutputPath", "OutputPath %s runs after ResultPath %s and keeps only %s, so the result of %q is lost", op.Str, path, op.Str, st.Name)
	}
}

func checkPayloadGrowth(p *Pass) {
	for _, g := range sagasOf(p.Doc) {
		if !g.IsSaga() {
			continue
		}
		for _, st := range g.Forward {
			if !isLambda(st) || st.Field("ResultSelector") != nil || st.Field("OutputPath") != nil || st.JSONata {
				continue
			}
			if _, null := resultPath(st.Value); null || !p.once(st.Pointer) {
				continue
			}
			p.ReportState(st, "step %q keeps the whole Lambda response (payload, headers, status) in the state; over many steps this grows toward the 256 KiB limit: keep what you need with a ResultSelector (select { … } in .saga)", st.Name)
		}
	}
}

func checkLambdaTimeout(p *Pass) {
	for _, st := range p.Doc.States {
		if !isLambda(st) || st.Field("TimeoutSeconds") != nil || st.Field("TimeoutSecondsPath") != nil {
			continue
		}
		p.ReportState(st, "Lambda task %q has no TimeoutSeconds: a hung invocation waits up to the service maximum before any Catch or compensation runs", st.Name)
	}
}

// checkUncatchable reports Catch entries naming errors no Catch can catch,
// and saga steps whose result paths can raise States.Runtime, which ends
// the execution without running a compensation.
func checkUncatchable(p *Pass) {
	for _, st := range p.Doc.States {
		ca := st.Field("Catch")
		if ca == nil || ca.Kind != jsonv.Array {
			continue
		}
		for i, c := range ca.Elems {
			for _, name := range []string{"States.Runtime", "States.DataLimitExceeded"} {
				if catches(c, name) {
					p.Report(c.Get("ErrorEquals"), fmt.Sprintf("%s/Catch/%d/ErrorEquals", st.Pointer, i), "%s cannot be caught: it ends the execution whatever the Catch says", name)
				}
			}
		}
	}
	for _, g := range sagasOf(p.Doc) {
		if !g.IsSaga() {
			continue
		}
		for i, st := range g.Forward {
			if len(g.Comps[i]) == 0 && i == 0 {
				continue
			}
			if rs := st.Field("ResultSelector"); rs != nil {
				var first *pathUse
				rs.Walk(func(ptr string, x *jsonv.Value) bool {
					if first == nil && x.Kind == jsonv.String && strings.HasSuffix(ptr, ".$") && strings.HasPrefix(x.Str, "$.") && x.Str != "$" {
						first = &pathUse{path: x.Str, at: x, ptr: st.Pointer + "/ResultSelector" + ptr}
					}
					return first == nil
				})
				if first != nil && p.once(first.ptr) {
					p.Report(first.at, first.ptr, "if the result of %q has no %s, States.Runtime ends the execution and no compensation runs (States.ALL does not catch it)", st.Name, first.path)
				}
			}
		}
	}
}

// checkFutureResult reports a step reading a path under the results base
// (the parent of the ResultPaths of at least two forward steps) that
// names the result of itself or of a later step: at that point the data
// is not there.
func checkFutureResult(p *Pass) {
	for _, g := range sagasOf(p.Doc) {
		futureResult(p, g)
	}
}

func futureResult(p *Pass, g *sagaGraph) {
	parents := map[string]int{}
	first, last := map[string]int{}, map[string]int{} // ResultPath -> first and last step storing it
	for i := range g.Forward {
		if rp, null := g.resultPath(i); !null && rp != "$" {
			parents[parentPath(rp)]++
			if _, ok := first[rp]; !ok {
				first[rp] = i
			}
			last[rp] = i
		}
	}
	for i, st := range g.Forward {
	uses:
		for _, u := range reads(st) {
			anc := ancestors(u.path)
			for _, a := range anc {
				if f, ok := first[a]; ok && f < i {
					continue uses // an earlier step stored it
				}
			}
			for _, a := range anc {
				l, ok := last[a]
				if !ok || l < i || parents[parentPath(a)] < 2 {
					continue
				}
				later := g.Forward[first[a]]
				if first[a] < i {
					later = g.Forward[l]
				}
				who := fmt.Sprintf("step %q, which runs later", later.Name)
				if later == st {
					who = "this step itself"
				}
				if !p.once(u.ptr) {
					continue uses
				}
				p.Report(u.at, u.ptr, "%s reads %s, the result of %s: it is not there yet", st.Name, u.path, who)
				continue uses
			}
		}
	}
}

// parentPath drops the last step of a reference path ($.results.x ->
// $.results).
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i <= 0 {
		return "$"
	}
	return p[:i]
}

func checkSagaTimeout(p *Pass) {
	if p.Doc.Root == nil || !anySaga(p.Doc) {
		return
	}
	if t := p.Doc.Root.Get("TimeoutSeconds"); t != nil {
		p.Report(t, "/TimeoutSeconds", "the saga-level TimeoutSeconds ends the execution with States.Timeout and runs no compensation: prefer a timeout on each step")
	}
}

// anySaga reports whether some scope of the document compensates.
func anySaga(d *Document) bool {
	for _, g := range sagasOf(d) {
		if g.IsSaga() {
			return true
		}
	}
	return false
}
