package compiler

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/grammar"
)

// MaxStateNameLength is the longest state name Step Functions accepts, in
// characters.
const MaxStateNameLength = 80

// lambdaInvoke is the only task kind of v0.
const lambdaInvoke = "lambda"

// lowerer carries the state of one Lower call.
type lowerer struct {
	filename string
	opts     Options
	diags    diag.Diagnostics
	saga     *ir.Saga
	// sagaRetry is the saga's `compensation retry` lines, nil when absent.
	sagaRetry []ir.Retrier
	// sagaRetrySet tells whether any compensation retry line was written
	// (a `compensation retry none` sets it with no entries).
	sagaRetrySet bool
	// sagaRetryRange is the first compensation retry line.
	sagaRetryRange diag.Range
}

// Lower checks a parsed file and builds its IR. It reports every problem it
// finds; the returned saga is meaningful only when there is no error.
func Lower(filename string, file *grammar.File, opts Options) (*ir.Saga, diag.Diagnostics) {
	l := &lowerer{filename: filename, opts: opts}
	l.lowerSaga(file.Saga)
	return l.saga, l.diags
}

func (l *lowerer) errorf(r diag.Range, format string, args ...any) {
	l.diags = append(l.diags, diag.Errorf(r, format, args...))
}

func (l *lowerer) warnf(r diag.Range, format string, args ...any) {
	l.diags = append(l.diags, diag.Warningf(r, format, args...))
}

// rng converts participle positions into a Range.
func (l *lowerer) rng(start, end lexer.Position) diag.Range {
	r := diag.Range{
		Filename: l.filename,
		Start:    diag.Pos{Line: start.Line, Column: start.Column, Offset: start.Offset},
		End:      diag.Pos{Line: end.Line, Column: end.Column, Offset: end.Offset},
	}
	if r.End.Offset < r.Start.Offset || end.Line == 0 {
		r.End = r.Start
	}
	return r
}

// seen remembers where a single-use clause was first written.
type seen map[string]diag.Range

func (l *lowerer) once(s seen, clause string, r diag.Range) bool {
	if first, ok := s[clause]; ok {
		l.errorf(r, "duplicate %s clause (first at %s)", clause, first.Start)
		return false
	}
	s[clause] = r
	return true
}

func (l *lowerer) lowerSaga(g *grammar.Saga) {
	name := g.Name.Name
	nameRange := l.rng(g.Name.Pos, g.Name.EndPos)
	s := &ir.Saga{
		Name:                    name,
		Range:                   nameRange,
		ResultsBase:             "$.results",
		ErrorsBase:              "$.errors",
		CompensationResultsBase: "$.compensations",
		CompensationErrorsBase:  "$.compensationErrors",
		Succeed:                 ir.Terminal{Name: name + "Succeeded", Range: nameRange},
	}
	l.saga = s
	once := seen{}
	var failClause, compFailedClause *grammar.FailClause
	var failRange, compFailedRange diag.Range
	var decls []*grammar.Step

	var clauses []*grammar.SagaClause
	if g.Body != nil {
		clauses = g.Body.Clauses
	}
	for _, c := range clauses {
		r := l.rng(c.Pos, c.EndPos)
		switch {
		case c.Comment != nil:
			if l.once(once, "comment", r) {
				s.Comment, _ = l.str(c.Comment)
			}
		case c.Timeout != nil:
			if l.once(once, "timeout", r) {
				s.TimeoutSeconds = l.duration(c.Timeout, "timeout")
				s.TimeoutRange = r
			}
		case c.Succeed != nil:
			if l.once(once, "succeed", r) {
				s.Succeed.Name, _ = l.str(c.Succeed)
				s.Succeed.Range = l.rng(c.Succeed.Pos, c.Succeed.EndPos)
			}
		case c.Fail != nil:
			if l.once(once, "fail", r) {
				failClause, failRange = c.Fail, r
			}
		case c.Compensation != nil && c.Compensation.Failed != nil:
			if l.once(once, "compensation failed", r) {
				compFailedClause, compFailedRange = c.Compensation.Failed, r
			}
		case c.Compensation != nil && c.Compensation.Retry != nil:
			if !l.sagaRetrySet {
				l.sagaRetryRange = r
			}
			l.sagaRetrySet = true
			l.sagaRetry = append(l.sagaRetry, l.retry(c.Compensation.Retry, r))
		case c.Results != nil:
			if l.once(once, "results", r) {
				if p, ok := l.referencePath(c.Results, "results"); ok {
					s.ResultsBase = p
				}
			}
		case c.Errors != nil:
			if l.once(once, "errors", r) {
				if p, ok := l.referencePath(c.Errors, "errors"); ok {
					s.ErrorsBase = p
				}
			}
		case c.Step != nil:
			decls = append(decls, c.Step)
		}
	}
	l.sagaRetry = l.checkRetryList(l.sagaRetry, "compensation retry")

	l.lowerSteps(g, decls)
	l.lowerMeaning(failClause, failRange, compFailedClause, compFailedRange)
	l.checkNames()
	l.checkDataFlow()
}

// lowerSteps indexes declarations, walks the flow and lowers each step.
func (l *lowerer) lowerSteps(g *grammar.Saga, decls []*grammar.Step) {
	s := l.saga
	byID := map[string]*grammar.Step{}
	for _, d := range decls {
		if first, ok := byID[d.ID.Name]; ok {
			l.errorf(l.rng(d.ID.Pos, d.ID.EndPos), "duplicate step %s (first declared at %s)", d.ID.Name, l.rng(first.ID.Pos, first.ID.EndPos).Start)
			continue
		}
		byID[d.ID.Name] = d
	}
	inFlow := map[string]diag.Range{}
	var prev *ir.Step
	for _, item := range g.Flow.Items {
		id := item.Step.Name
		r := l.rng(item.Step.Pos, item.Step.EndPos)
		if first, ok := inFlow[id]; ok {
			l.errorf(r, "the flow names step %s twice (first at %s); a step runs once", id, first.Start)
			continue
		}
		inFlow[id] = r
		step := l.lowerStep(id, r, byID[id])
		s.Steps = append(s.Steps, step)
		if prev == nil {
			s.Flow = step
		} else {
			prev.Next = step
		}
		prev = step
	}
	for _, d := range decls {
		if _, ok := inFlow[d.ID.Name]; ok {
			continue
		}
		if byID[d.ID.Name] != d {
			continue // a duplicate, already reported
		}
		var ids []string
		for _, item := range g.Flow.Items {
			ids = append(ids, item.Step.Name)
		}
		msg := fmt.Sprintf("step %s is declared but the flow never runs it", d.ID.Name)
		if near := closest(d.ID.Name, ids); near != "" {
			msg += fmt.Sprintf(" (the flow has %s: a misspelling?)", near)
		}
		l.errorf(l.rng(d.ID.Pos, d.ID.EndPos), "%s", msg)
	}
}

// lowerStep builds one step: defaults first, then its declaration's clauses.
func (l *lowerer) lowerStep(id string, flowRange diag.Range, d *grammar.Step) *ir.Step {
	s := l.saga
	step := &ir.Step{
		ID:        id,
		StateName: id,
		Range:     flowRange,
		Result:    ir.ResultPath{Path: ir.ChildPath(s.ResultsBase, id)},
		Retry:     []ir.Retrier{LambdaDefaultRetry()},
	}
	if d == nil {
		step.Task.Function = l.defaultFunction(id, flowRange)
		return step
	}
	step.Range = l.rng(d.ID.Pos, d.ID.EndPos)
	if d.Name != nil {
		step.StateName, _ = l.str(d.Name)
		step.Range = l.rng(d.Name.Pos, d.Name.EndPos)
	}
	once := seen{}
	var retries []ir.Retrier
	var heartbeatRange diag.Range
	invoked := false
	shared := taskClauses{task: &step.Task, sel: &step.Select, result: &step.Result,
		timeout: &step.TimeoutSeconds, comment: &step.Comment, retries: &retries}
	for _, c := range d.Body {
		r := l.rng(c.Pos, c.EndPos)
		if l.sharedClause(once, r, shared, clause{c.Input, c.Select, c.Result, c.Retry, c.Timeout, c.Comment}) {
			continue
		}
		switch {
		case c.Invoke != nil:
			invoked = true
			if l.once(once, "invoke", r) {
				step.Task.Function = l.invoke(c.Invoke.Kind, c.Invoke.Function)
			}
		case c.Output != nil:
			if l.once(once, "output", r) {
				step.OutputPath, _ = l.referencePath(c.Output, "output")
			}
		case c.Heartbeat != nil:
			if l.once(once, "heartbeat", r) {
				step.HeartbeatSeconds = l.duration(c.Heartbeat, "heartbeat")
				heartbeatRange = r
			}
		case c.Compensate != nil:
			if l.once(once, "compensate", r) {
				step.Compensation = l.compensation(id, c.Compensate)
			}
		}
	}
	if !invoked {
		step.Task.Function = l.defaultFunction(id, step.Range)
	}
	if step.HeartbeatSeconds > 0 && step.TimeoutSeconds > 0 && step.HeartbeatSeconds >= step.TimeoutSeconds {
		l.errorf(heartbeatRange, "heartbeat (%ds) must be below the step's timeout (%ds)", step.HeartbeatSeconds, step.TimeoutSeconds)
	} else if step.HeartbeatSeconds >= MaxDurationSeconds {
		l.errorf(heartbeatRange, "heartbeat (%ds) must be below the task's timeout, which is %ds when none is given", step.HeartbeatSeconds, int64(MaxDurationSeconds))
	}
	step.Retry = append([]ir.Retrier{LambdaDefaultRetry()}, l.checkRetryList(retries, "retry")...)
	if hasNone(retries) {
		step.Retry = nil
	}
	return step
}

// defaultFunction is the function of a step that names none: the
// substitution ${ID}, resolved from --var and --vars like any other (and
// listed in Saga.Substitutions when unresolved), used at r. A step id may
// hold any letter, which a written ${Name} may not, so the name is not
// checked here.
func (l *lowerer) defaultFunction(id string, r diag.Range) string {
	if v, ok := l.opts.Vars[id]; ok {
		return v
	}
	if l.opts.Strict {
		l.errorf(r, "unresolved substitution ${%s} (--strict): pass --var %s=VALUE or a --vars file", id, id)
	}
	l.saga.Substitutions = append(l.saga.Substitutions, ir.Substitution{Name: id, Range: r})
	return "${" + id + "}"
}

// taskClauses points at the fields of a step or a compensation that the
// clauses both take (input, select, result, retry, timeout, comment) set.
type taskClauses struct {
	task    *ir.Task
	sel     **ir.Value
	result  *ir.ResultPath
	timeout *int64
	comment *string
	retries *[]ir.Retrier
}

// clause is one written clause of those both take; one field is set.
type clause struct {
	input, sel *grammar.Value
	result     *grammar.Token
	retry      *grammar.Retry
	timeout    *grammar.NumToken
	comment    *grammar.StringArg
}

// sharedClause lowers a clause a step and a compensation both take, in one
// place so the two stay alike; it reports whether c was one of them.
func (l *lowerer) sharedClause(once seen, r diag.Range, t taskClauses, c clause) bool {
	switch {
	case c.input != nil:
		if l.once(once, "input", r) {
			t.task.Payload = l.payload(c.input)
		}
	case c.sel != nil:
		if l.once(once, "select", r) {
			*t.sel = l.selector(c.sel)
		}
	case c.result != nil:
		if l.once(once, "result", r) {
			*t.result = l.resultPath(c.result)
		}
	case c.retry != nil:
		*t.retries = append(*t.retries, l.retry(c.retry, r))
	case c.timeout != nil:
		if l.once(once, "timeout", r) {
			*t.timeout = l.duration(c.timeout, "timeout")
		}
	case c.comment != nil:
		if l.once(once, "comment", r) {
			*t.comment, _ = l.str(c.comment)
		}
	default:
		return false
	}
	return true
}

// LambdaDefaultRetry is the Retry entry AWS CDK's LambdaInvoke adds for
// Lambda's transient service errors, which every Lambda task gets first.
func LambdaDefaultRetry() ir.Retrier {
	return ir.Retrier{
		Errors: []string{
			"Lambda.ClientExecutionTimeoutException",
			"Lambda.ServiceException",
			"Lambda.AWSLambdaException",
			"Lambda.SdkClientException",
		},
		IntervalSeconds: ptr(int64(2)),
		MaxAttempts:     ptr(int64(6)),
		BackoffRate:     ptr(ir.Number("2")),
	}
}

// DefaultCompensationRetry is a compensation's retry when neither it nor
// the saga says otherwise: undoing must try hard.
func DefaultCompensationRetry() ir.Retrier {
	return ir.Retrier{
		Errors:          []string{"States.ALL"},
		IntervalSeconds: ptr(int64(1)),
		MaxAttempts:     ptr(int64(3)),
		BackoffRate:     ptr(ir.Number("2")),
	}
}

func ptr[T any](v T) *T { return &v }

// noneMarker marks a `retry none` line in a list of retriers.
const noneMarker = "\x00none"

func hasNone(rs []ir.Retrier) bool {
	for _, r := range rs {
		if len(r.Errors) == 1 && r.Errors[0] == noneMarker {
			return true
		}
	}
	return false
}

// checkRetryList enforces `retry none` alone and `retry all` last, and
// returns the list without the none marker.
func (l *lowerer) checkRetryList(rs []ir.Retrier, what string) []ir.Retrier {
	none := hasNone(rs)
	var out []ir.Retrier
	for i, r := range rs {
		isNone := len(r.Errors) == 1 && r.Errors[0] == noneMarker
		if none && len(rs) > 1 {
			if isNone {
				l.errorf(r.Range, "%s none must be the only %s line", what, what)
			}
			continue
		}
		if isNone {
			continue
		}
		for _, e := range r.Errors {
			if e == "States.ALL" && i != len(rs)-1 {
				l.errorf(r.Range, "%s all (States.ALL) must be the last %s line", what, what)
			}
		}
		out = append(out, r)
	}
	return out
}

// compensation lowers `compensate "Name" lambda "fn" [after success] {…}`.
func (l *lowerer) compensation(id string, c *grammar.Compensate) *ir.Compensation {
	s := l.saga
	comp := &ir.Compensation{
		StepID:           id,
		Range:            l.rng(c.Name.Pos, c.Name.EndPos),
		Result:           ir.ResultPath{Path: ir.ChildPath(s.CompensationResultsBase, id)},
		AfterSuccessOnly: c.AfterSuccess,
	}
	comp.StateName, _ = l.str(c.Name)
	comp.Task.Function = l.invoke(c.Kind, c.Function)
	once := seen{}
	var retries []ir.Retrier
	shared := taskClauses{task: &comp.Task, sel: &comp.Select, result: &comp.Result,
		timeout: &comp.TimeoutSeconds, comment: &comp.Comment, retries: &retries}
	for _, cc := range c.Body {
		l.sharedClause(once, l.rng(cc.Pos, cc.EndPos), shared, clause{cc.Input, cc.Select, cc.Result, cc.Retry, cc.Timeout, cc.Comment})
	}
	own := l.checkRetryList(retries, "retry")
	switch {
	case hasNone(retries):
		comp.Retry = nil
	case len(retries) > 0:
		comp.Retry = append([]ir.Retrier{LambdaDefaultRetry()}, own...)
	case l.sagaRetrySet && l.sagaRetry == nil:
		comp.Retry = nil // compensation retry none
	case l.sagaRetrySet:
		comp.Retry = append([]ir.Retrier{LambdaDefaultRetry()}, l.sagaRetry...)
	default:
		comp.Retry = []ir.Retrier{LambdaDefaultRetry(), DefaultCompensationRetry()}
	}
	return comp
}

// invoke checks the task kind and returns the function reference.
func (l *lowerer) invoke(kind *grammar.Ident, fn *grammar.StringArg) string {
	if kind.Name != lambdaInvoke {
		l.errorf(l.rng(kind.Pos, kind.EndPos), "unknown task kind %q, expected lambda", kind.Name)
	}
	f, _ := l.str(fn)
	if f == "" {
		l.errorf(l.rng(fn.Pos, fn.EndPos), "the function name is empty")
	}
	return f
}

// lowerMeaning decides the terminal states and builds the compensation
// chain and each step's entry into it.
func (l *lowerer) lowerMeaning(failClause *grammar.FailClause, failRange diag.Range, compFailed *grammar.FailClause, compFailedRange diag.Range) {
	s := l.saga
	if n := len(s.Steps); n > 0 {
		if last := s.Steps[n-1]; last.Compensation != nil && last.Compensation.AfterSuccessOnly {
			// Nothing after the last step can fail, so a compensation that
			// runs only after its step succeeded could never run; ASL
			// refuses a state nothing reaches.
			l.warnf(last.Compensation.Range, "%s can never run: it runs only after %s succeeded and a later step failed, and %s is the last step; it is left out",
				last.Compensation.StateName, last.StateName, last.StateName)
			last.Compensation = nil
		}
	}
	for i := len(s.Steps) - 1; i >= 0; i-- {
		if c := s.Steps[i].Compensation; c != nil {
			s.Chain = append(s.Chain, c)
		}
	}
	if failClause != nil || len(s.Chain) > 0 {
		s.Fail = l.failTerminal(failClause, failRange, s.Name+"Failed")
	}
	if len(s.Chain) > 0 {
		s.CompensationFailed = l.failTerminal(compFailed, compFailedRange, s.Name+"CompensationFailed")
	} else if compFailed != nil {
		l.warnf(compFailedRange, "the saga has no compensation, so compensation failed has no effect")
	}
	if l.sagaRetrySet && len(s.Chain) == 0 {
		l.warnf(l.sagaRetryRange, "the saga has no compensation, so compensation retry has no effect")
	}
	if s.Fail == nil {
		return
	}
	var last *ir.Compensation // nearest compensation of an earlier step
	for _, step := range s.Steps {
		step.Unwind = last
		if c := step.Compensation; c != nil {
			if !c.AfterSuccessOnly {
				step.Unwind = c
			}
			last = c
		}
	}
}

func (l *lowerer) failTerminal(c *grammar.FailClause, r diag.Range, defaultName string) *ir.FailTerminal {
	f := &ir.FailTerminal{Name: defaultName, Error: defaultName, Range: l.saga.Range}
	if c == nil {
		return f
	}
	f.Range = r
	if c.Name != nil {
		f.Name, _ = l.str(c.Name)
		f.Range = l.rng(c.Name.Pos, c.Name.EndPos)
	}
	if c.Error != nil {
		f.Error = l.errorName(c.Error)
	}
	if c.Cause != nil {
		f.Cause, _ = l.str(c.Cause)
	}
	return f
}

// checkNames enforces the state-name rules on every state of the machine.
func (l *lowerer) checkNames() {
	s := l.saga
	type named struct {
		name      string
		r         diag.Range
		generated string // what generated the name, "" when written
	}
	var all []named
	for _, st := range s.Steps {
		gen := ""
		if st.StateName == st.ID {
			gen = "step id " + st.ID
		}
		all = append(all, named{st.StateName, st.Range, gen})
	}
	all = append(all, named{s.Succeed.Name, s.Succeed.Range, generatedBy(s.Succeed.Range == s.Range, "saga name "+s.Name)})
	for _, c := range s.Chain {
		all = append(all, named{c.StateName, c.Range, ""})
	}
	if s.Fail != nil {
		all = append(all, named{s.Fail.Name, s.Fail.Range, generatedBy(s.Fail.Range == s.Range, "saga name "+s.Name)})
	}
	if s.CompensationFailed != nil {
		all = append(all, named{s.CompensationFailed.Name, s.CompensationFailed.Range, generatedBy(s.CompensationFailed.Range == s.Range, "saga name "+s.Name)})
	}
	first := map[string]named{}
	for _, n := range all {
		l.checkStateName(n.name, n.r, n.generated)
		if prev, ok := first[n.name]; ok {
			msg := fmt.Sprintf("two states are named %q (first at %s); state names must be unique", n.name, prev.r.Start)
			if n.generated != "" {
				msg = fmt.Sprintf("the generated state name %q (from the %s) is already used (at %s); state names must be unique", n.name, n.generated, prev.r.Start)
			}
			l.errorf(n.r, "%s", msg)
			continue
		}
		first[n.name] = n
	}
}

func generatedBy(isGenerated bool, what string) string {
	if isGenerated {
		return what
	}
	return ""
}

func (l *lowerer) checkStateName(name string, r diag.Range, generated string) {
	if name == "" {
		l.errorf(r, "a state name must not be empty")
		return
	}
	if n := utf8.RuneCountInString(name); n > MaxStateNameLength {
		if generated != "" {
			l.errorf(r, "the generated state name %q (from the %s) is %d characters; the limit is %d: give it a shorter name", name, generated, n, MaxStateNameLength)
		} else {
			l.errorf(r, "the state name %q is %d characters; the limit is %d", name, n, MaxStateNameLength)
		}
	}
	for _, c := range name {
		if c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) {
			l.errorf(r, "the state name %q contains the control character %U", name, c)
			break
		}
	}
}

// checkDataFlow refuses an input path that reads the result of a step that
// has not run yet at that point.
func (l *lowerer) checkDataFlow() {
	s := l.saga
	index := map[string]int{}
	for i, st := range s.Steps {
		index[st.ID] = i
	}
	ids := make([]string, len(s.Steps))
	for i, st := range s.Steps {
		ids[i] = st.ID
	}
	for i, st := range s.Steps {
		l.checkReads(st.Task.Payload, i, false, index, ids, st.ID)
		if c := st.Compensation; c != nil {
			l.checkReads(c.Task.Payload, i, true, index, ids, st.ID)
			if !c.AfterSuccessOnly {
				l.checkOwnResult(c.Task.Payload, st)
			}
		}
	}
}

func (l *lowerer) checkReads(v *ir.Value, at int, compensation bool, index map[string]int, ids []string, self string) {
	walkPaths(v, func(v *ir.Value) {
		id, ok := stepUnder(v.Text, l.saga.ResultsBase)
		if !ok {
			return
		}
		j, known := index[id]
		switch {
		case !known && l.saga.ResultsBase == "$":
			// With results at the top level, a name that is no step is
			// simply the saga's own input ($.order.id).
		case !known:
			msg := fmt.Sprintf("%s reads the result of %s, which is not a step of this saga", v.Text, id)
			if near := closest(id, ids); near != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", near)
			}
			l.errorf(v.Range, "%s", msg)
		case !compensation && j >= at:
			l.errorf(v.Range, "%s reads the result of step %s, which has not run yet when %s starts", v.Text, id, self)
		case compensation && j > at:
			l.errorf(v.Range, "%s reads the result of step %s, which has not run yet when the compensation of %s runs", v.Text, id, self)
		}
	})
}

// walkPaths calls fn on every path in v, in source order.
func walkPaths(v *ir.Value, fn func(*ir.Value)) {
	if v == nil {
		return
	}
	switch v.Kind {
	case ir.PathValue:
		fn(v)
	case ir.ObjectValue:
		for _, m := range v.Members {
			walkPaths(m.Value, fn)
		}
	case ir.ArrayValue:
		for _, e := range v.Elems {
			walkPaths(e, fn)
		}
	}
}

// checkOwnResult warns when a compensation that also runs for its own
// step's failure reads that step's result (at the step's result path,
// default or written): after a failure the result is not there, and the
// missing path (States.Runtime) stops the rollback.
func (l *lowerer) checkOwnResult(v *ir.Value, st *ir.Step) {
	if st.Result.Discard {
		return
	}
	walkPaths(v, func(v *ir.Value) {
		if pathWithin(v.Text, st.Result.Path) {
			l.warnf(v.Range, "%s reads the result of %s, but this compensation also runs when %s itself fails, and then that result does not exist (States.Runtime would stop the rollback): write `after success`, or read the step's input", v.Text, st.ID, st.ID)
		}
	})
}

// pathWithin reports whether path reads at or below the reference path
// base ($.payment.id is within $.payment; $.paymentX is not). Both are
// compared step by step, so $['payment'] and $.payment are the same.
func pathWithin(path, base string) bool {
	if strings.HasPrefix(path, "$$") || !strings.HasPrefix(path, "$") || !strings.HasPrefix(base, "$") {
		return false
	}
	p, err1 := parsePathSegments(path[1:])
	b, err2 := parsePathSegments(base[1:])
	if err1 != nil || err2 != nil || len(p) < len(b) {
		return false
	}
	for i := range b {
		if p[i] != b[i] {
			return false
		}
	}
	return true
}

// stepUnder returns the first member name after base in path
// ($.results.flight.Payload under $.results is flight).
func stepUnder(path, base string) (string, bool) {
	if strings.HasPrefix(path, "$$") {
		return "", false
	}
	var rest string
	if base == "$" {
		rest = strings.TrimPrefix(path, "$")
	} else {
		if !strings.HasPrefix(path, base) {
			return "", false
		}
		rest = path[len(base):]
	}
	segs, err := parsePathSegments(rest)
	if err != nil || len(segs) == 0 || segs[0].kind != segName {
		return "", false
	}
	return segs[0].name, true
}

// closest returns the candidate nearest to word (two edits at most), or "".
func closest(word string, candidates []string) string {
	return grammar.Closest(word, candidates)
}
