package conformance

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/conformance/engine"
)

// Kind tells what a scenario exercises.
type Kind int

// The kinds of scenario.
const (
	// HappyPath: every step succeeds.
	HappyPath Kind = iota
	// StepFails: one step fails after its retries; the compensations of it
	// and of the steps before it run, in reverse order.
	StepFails
	// CompensationFails: the last step fails, and one compensation of its
	// chain fails after its retries, ending in the compensation-failed
	// state.
	CompensationFails
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case HappyPath:
		return "happy path"
	case StepFails:
		return "step fails"
	default:
		return "compensation fails"
	}
}

// Scenario is one execution of a saga and what must come of it.
type Scenario struct {
	// Name is unique among a saga's scenarios and usable as an execution
	// name: "happy-path", "step-payment-fails",
	// "compensation-hotel-fails".
	Name string
	Kind Kind
	// Step is the id of the failing step (StepFails, CompensationFails);
	// Compensated is the id of the step whose compensation fails
	// (CompensationFails).
	Step, Compensated string
	// Input is the execution input: an object with a bookingId and every
	// field the saga's inputs read from the execution input.
	Input json.RawMessage
	// Calls is the script of Lambda calls, in the order the saga makes
	// them.
	Calls []engine.Call
	// RetryWait is how long the retries of the failing calls wait on an
	// engine that waits for real (an upper bound with jitter).
	RetryWait time.Duration
	Want      Want
}

// Want is what an execution of a scenario must show.
type Want struct {
	// States are the names of the states entered, in order.
	States []string
	// Status is engine.Succeeded or engine.Failed; Error and Cause are the
	// execution's failure (Cause empty when the failing state gives none).
	Status, Error, Cause string
	// MissingPath, when set, is a path the last state's input reads that
	// does not exist at run time: the execution ends with States.Runtime,
	// whose Cause is the engine's own text and is not checked.
	MissingPath string
	// Functions are the Lambda functions called, in order, retries
	// included, as every engine resolves them (engine.Substitute).
	Functions []string
	// Stored lists caught errors that must be stored in the input of a
	// given state.
	Stored []Stored
	// KeepInput names the states (compensations) whose input must hold
	// every field of the execution input, unchanged.
	KeepInput []string
	// PayloadKeepsInput names the states (compensations invoked with the
	// whole state) whose Lambda payload must hold every field of the
	// execution input.
	PayloadKeepsInput []string
}

// Stored says that the input of State must hold Fault ({Error, Cause}) at
// the reference path Path.
type Stored struct {
	State string
	Path  string
	Fault engine.Fault
}

// Request returns the engine request that runs the scenario on definition.
func (s Scenario) Request(definition []byte) engine.Request {
	return engine.Request{
		Definition:    definition,
		Input:         s.Input,
		ExecutionName: s.Name,
		Calls:         s.Calls,
	}
}

// Scenarios derives every scenario of a saga from its IR: the happy path,
// one per step failing, and one per compensation failing (when the last
// step fails, so that its whole chain runs).
//
// The IR is taken as the full meaning of the saga: Step.Retry and
// Compensation.Retry are the retriers in effect (defaults included), in the
// order they apply.
func Scenarios(saga *ir.Saga) ([]Scenario, error) {
	if len(saga.Steps) == 0 {
		return nil, fmt.Errorf("saga %s has no steps", saga.Name)
	}
	for _, st := range saga.Steps {
		if st.Compensation != nil && (saga.Fail == nil || saga.CompensationFailed == nil) {
			return nil, fmt.Errorf("saga %s: step %s has a compensation but the saga has no Fail or compensation-failed state", saga.Name, st.ID)
		}
	}
	d, err := newDeriver(saga)
	if err != nil {
		return nil, err
	}
	var out []Scenario
	out = append(out, d.happy())
	for k := range saga.Steps {
		out = append(out, d.stepFails(k))
	}
	last := len(saga.Steps) - 1
	chain := d.chain(last)
	for i, st := range chain {
		if d.missing(st.Compensation, last) != "" {
			break // the chain stops here with States.Runtime
		}
		out = append(out, d.compensationFails(last, chain, i))
	}
	return out, nil
}

// fault is what every failing call raises.
var fault = engine.ResponseSizeTooLarge

type deriver struct {
	saga  *ir.Saga
	input json.RawMessage
	// paths are the JSON paths ($.…) the saga's task inputs read from
	// the state; whole are those passed as a whole payload (input $.x).
	paths, whole []string
}

func newDeriver(saga *ir.Saga) (*deriver, error) {
	d := &deriver{saga: saga}
	// A select reads its own task's result, not the state: only inputs
	// read the state.
	for _, st := range saga.Steps {
		tasks := []ir.Task{st.Task}
		if c := st.Compensation; c != nil {
			tasks = append(tasks, c.Task)
		}
		for _, t := range tasks {
			d.paths = appendPaths(d.paths, t.Payload)
			if t.Payload != nil && t.Payload.Kind == ir.PathValue {
				d.whole = appendPaths(d.whole, t.Payload)
			}
		}
	}
	input, err := d.makeInput()
	if err != nil {
		return nil, err
	}
	d.input = input
	return d, nil
}

// appendPaths appends the JSON paths ($.…, not context paths) in v.
func appendPaths(paths []string, v *ir.Value) []string {
	if v == nil {
		return paths
	}
	switch v.Kind {
	case ir.PathValue:
		if strings.HasPrefix(v.Text, "$.") || strings.HasPrefix(v.Text, "$[") {
			paths = append(paths, v.Text)
		}
	case ir.ObjectValue:
		for _, m := range v.Members {
			paths = appendPaths(paths, m.Value)
		}
	case ir.ArrayValue:
		for _, e := range v.Elems {
			paths = appendPaths(paths, e)
		}
	}
	return paths
}

// seg is one step of a JSONPath the harness understands: a member name or
// an array index.
type seg struct {
	name    string
	index   int
	isIndex bool
}

// segments parses a JSONPath made of member names (.a, ['a']) and array
// indexes ([0]) after its root $; ok is false for anything else
// (wildcards, filters, slices, context paths).
func segments(path string) (segs []seg, ok bool) {
	rest, found := strings.CutPrefix(path, "$")
	if !found || strings.HasPrefix(rest, "$") {
		return nil, false
	}
	for rest != "" {
		switch {
		case strings.HasPrefix(rest, ".."):
			return nil, false
		case rest[0] == '.':
			n := strings.IndexAny(rest[1:], ".[")
			if n < 0 {
				n = len(rest) - 1
			}
			name := rest[1 : 1+n]
			if name == "" || name == "*" {
				return nil, false
			}
			segs = append(segs, seg{name: name})
			rest = rest[1+n:]
		case strings.HasPrefix(rest, "['") || strings.HasPrefix(rest, `["`):
			q := rest[1]
			end := strings.Index(rest[2:], string(q)+"]")
			if end < 0 {
				return nil, false
			}
			segs = append(segs, seg{name: rest[2 : 2+end]})
			rest = rest[2+end+2:]
		case rest[0] == '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, false
			}
			i, err := strconv.Atoi(rest[1:end])
			if err != nil || i < 0 {
				return nil, false
			}
			segs = append(segs, seg{index: i, isIndex: true})
			rest = rest[end+1:]
		default:
			return nil, false
		}
	}
	return segs, true
}

// hasPrefix reports whether path starts with the steps of prefix.
func hasPrefix(path, prefix []seg) bool {
	return len(path) >= len(prefix) && slices.Equal(path[:len(prefix)], prefix)
}

// under reports whether path is base or lies under it.
func under(path, base string) bool {
	return base != "" && (path == base || strings.HasPrefix(path, base+".") || strings.HasPrefix(path, base+"["))
}

// written returns the paths the saga itself writes: result bases and every
// result path.
func (d *deriver) written() []string {
	s := d.saga
	w := []string{s.ResultsBase, s.ErrorsBase, s.CompensationResultsBase, s.CompensationErrorsBase}
	for _, st := range s.Steps {
		if !st.Result.Discard {
			w = append(w, st.Result.Path)
		}
		if c := st.Compensation; c != nil && !c.Result.Discard {
			w = append(w, c.Result.Path)
		}
	}
	return w
}

// makeInput builds the execution input: a bookingId, plus every field the
// saga reads from the execution input (paths not under anything the saga
// writes), each a string.
func (d *deriver) makeInput() (json.RawMessage, error) {
	var input any = map[string]any{}
	written := d.written()
outer:
	for _, p := range d.paths {
		for _, w := range written {
			if under(p, w) {
				continue outer
			}
		}
		segs, ok := segments(p)
		if !ok {
			return nil, fmt.Errorf("saga %s reads %s: the harness handles only member names and array indexes in paths", d.saga.Name, p)
		}
		leaf := stringLeaf
		if slices.Contains(d.whole, p) {
			leaf = objectLeaf
		}
		input = place(input, segs, leaf)
	}
	obj, ok := input.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("saga %s reads its whole input as something other than an object", d.saga.Name)
	}
	if _, ok := obj["bookingId"]; !ok {
		obj["bookingId"] = "booking-0001"
	}
	return json.Marshal(obj)
}

// place returns cur with a value at the path segs, unless something is
// there already: leaf(name), name being the last member name ("item" for
// an index). A deeper path wins over a string put there for a shorter one.
func place(cur any, segs []seg, leaf func(name string) any) any {
	if len(segs) == 0 {
		return cur
	}
	s, rest := segs[0], segs[1:]
	name := s.name
	if s.isIndex {
		name = "item"
	}
	at := func(old any) any {
		if len(rest) > 0 {
			return place(old, rest, leaf)
		}
		if old == nil {
			return leaf(name)
		}
		return old
	}
	if s.isIndex {
		a, _ := cur.([]any)
		for len(a) <= s.index {
			a = append(a, nil)
		}
		a[s.index] = at(a[s.index])
		return a
	}
	m, ok := cur.(map[string]any)
	if !ok {
		m = map[string]any{}
	}
	m[s.name] = at(m[s.name])
	return m
}

// stringLeaf is the value placed where a saga reads a field: "<name>-0001".
func stringLeaf(name string) any { return name + "-0001" }

// objectLeaf is the value placed where a saga passes a field as a whole
// Lambda payload (input $.x): an object, as a function expects. (moto 5.2.1
// also fails a lambda:invoke whose payload is not an object, with
// States.Runtime "KeyError('RequestId')", which Lambda itself does not.)
func objectLeaf(name string) any { return map[string]any{"id": name + "-0001"} }

// result returns the result a forward step's function returns: an object
// naming the step, with every field the saga reads from it (through its
// select, or through its result path when it has no select).
func (d *deriver) result(st *ir.Step) json.RawMessage {
	obj := map[string]any{"step": st.ID, "status": "done"}
	d.require(obj, st.Select, st.Select == nil && !st.Result.Discard, st.Result.Path)
	b, _ := json.Marshal(obj)
	return b
}

// compensationResult returns what a compensation's function returns.
func (d *deriver) compensationResult(st *ir.Step) json.RawMessage {
	c := st.Compensation
	obj := map[string]any{"compensated": st.ID, "status": "undone"}
	d.require(obj, c.Select, c.Select == nil && !c.Result.Discard, c.Result.Path)
	b, _ := json.Marshal(obj)
	return b
}

// require adds to a function's result object the fields read from it:
// $.Payload.… in its select, and, when byResult, RESULT.Payload.… anywhere
// in the saga.
func (d *deriver) require(obj map[string]any, sel *ir.Value, byResult bool, resultPath string) {
	payload := []seg{{name: "Payload"}}
	for _, p := range appendPaths(nil, sel) {
		if segs, ok := segments(p); ok && len(segs) > 1 && hasPrefix(segs, payload) {
			place(obj, segs[1:], stringLeaf)
		}
	}
	if !byResult {
		return
	}
	base, ok := segments(resultPath)
	if !ok {
		return
	}
	prefix := append(base, payload...)
	for _, p := range d.paths {
		if segs, ok := segments(p); ok && len(segs) > len(prefix) && hasPrefix(segs, prefix) {
			place(obj, segs[len(prefix):], stringLeaf)
		}
	}
}

// chain returns the steps whose compensations run, in order, when step k
// fails.
func (d *deriver) chain(k int) []*ir.Step {
	var c []*ir.Step
	for j := k; j >= 0; j-- {
		st := d.saga.Steps[j]
		if st.Compensation == nil || (j == k && st.Compensation.AfterSuccessOnly) {
			continue
		}
		c = append(c, st)
	}
	return c
}

// attempts returns how many times a call failing with fault is retried
// under retriers, and how long those retries wait.
func attempts(retriers []ir.Retrier) (int, time.Duration) {
	for _, r := range retriers {
		if !matches(r.Errors, fault.Error) {
			continue
		}
		n, interval, backoff := int64(3), int64(1), 2.0
		if r.MaxAttempts != nil {
			n = *r.MaxAttempts
		}
		if r.IntervalSeconds != nil {
			interval = *r.IntervalSeconds
		}
		if r.BackoffRate != nil {
			if f, err := strconv.ParseFloat(string(*r.BackoffRate), 64); err == nil {
				backoff = f
			}
		}
		var wait float64
		for i := int64(0); i < n; i++ {
			w := float64(interval) * math.Pow(backoff, float64(i))
			if r.MaxDelaySeconds != nil && w > float64(*r.MaxDelaySeconds) {
				w = float64(*r.MaxDelaySeconds)
			}
			wait += w
		}
		return int(n), time.Duration(wait * float64(time.Second))
	}
	return 0, 0
}

// matches reports whether a retrier's or catcher's error list matches a
// Lambda function error.
func matches(errors []string, name string) bool {
	for _, e := range errors {
		if e == name || e == "States.ALL" || e == "States.TaskFailed" {
			return true
		}
	}
	return false
}

// function returns a task's function as every engine resolves it.
func function(t ir.Task) string {
	return string(engine.Substitute([]byte(t.Function)))
}

// forward adds the successful calls of steps 0..k-1 to s.
func (d *deriver) forward(s *Scenario, k int) {
	for _, st := range d.saga.Steps[:k] {
		s.Calls = append(s.Calls, engine.Call{State: st.StateName, Result: d.result(st)})
		s.Want.Functions = append(s.Want.Functions, function(st.Task))
		s.Want.States = append(s.Want.States, st.StateName)
	}
}

// failing adds n+1 failing calls of a task (a first call and n retries).
func failing(s *Scenario, state string, task ir.Task, retriers []ir.Retrier) {
	n, wait := attempts(retriers)
	f := fault
	for i := 0; i <= n; i++ {
		s.Calls = append(s.Calls, engine.Call{State: state, Fault: &f})
		s.Want.Functions = append(s.Want.Functions, function(task))
	}
	s.Want.States = append(s.Want.States, state)
	s.RetryWait += wait
}

// missing returns the first path a compensation's input reads from the
// result of a step that has not succeeded when step k failed (k itself or
// a later one), or "" when it reads none. Step Functions cannot evaluate
// such an input: the execution ends with States.Runtime, which no Catch
// catches (language.md §4, point 8).
func (d *deriver) missing(c *ir.Compensation, k int) string {
	for _, p := range appendPaths(nil, c.Task.Payload) {
		for _, st := range d.saga.Steps[k:] {
			if !st.Result.Discard && under(p, st.Result.Path) {
				return p
			}
		}
	}
	return ""
}

// compensate adds the successful compensations of chain to s, after step
// k failed. It reports false when a compensation cannot read its input:
// the scenario then ends there, with States.Runtime.
func (d *deriver) compensate(s *Scenario, chain []*ir.Step, k int) bool {
	for _, st := range chain {
		c := st.Compensation
		if p := d.missing(c, k); p != "" {
			s.Want.States = append(s.Want.States, c.StateName)
			s.Want.Error, s.Want.Cause, s.Want.MissingPath = "States.Runtime", "", p
			s.Want.KeepInput = append(s.Want.KeepInput, c.StateName)
			return false
		}
		s.Calls = append(s.Calls, engine.Call{State: c.StateName, Result: d.compensationResult(st)})
		s.Want.Functions = append(s.Want.Functions, function(c.Task))
		s.Want.States = append(s.Want.States, c.StateName)
		d.keep(s, st)
	}
	return true
}

// keep records that a compensation must receive the original input.
func (d *deriver) keep(s *Scenario, st *ir.Step) {
	c := st.Compensation
	s.Want.KeepInput = append(s.Want.KeepInput, c.StateName)
	if c.Task.Payload == nil {
		s.Want.PayloadKeepsInput = append(s.Want.PayloadKeepsInput, c.StateName)
	}
}

func (d *deriver) happy() Scenario {
	s := Scenario{Name: "happy-path", Kind: HappyPath, Input: d.input}
	d.forward(&s, len(d.saga.Steps))
	s.Want.States = append(s.Want.States, d.saga.Succeed.Name)
	s.Want.Status = engine.Succeeded
	return s
}

// errorPath is where a step's caught error is stored.
func (d *deriver) errorPath(st *ir.Step) string { return d.saga.ErrorsBase + "." + st.ID }

func (d *deriver) stepFails(k int) Scenario {
	st := d.saga.Steps[k]
	s := Scenario{Name: "step-" + st.ID + "-fails", Kind: StepFails, Step: st.ID, Input: d.input}
	d.forward(&s, k)
	failing(&s, st.StateName, st.Task, st.Retry)
	s.Want.Status = engine.Failed
	if d.saga.Fail == nil {
		// Nothing catches: the execution ends with the step's own error.
		s.Want.Error, s.Want.Cause = fault.Error, fault.Cause
		return s
	}
	if d.compensate(&s, d.chain(k), k) {
		s.Want.States = append(s.Want.States, d.saga.Fail.Name)
		s.Want.Error, s.Want.Cause = d.saga.Fail.Error, d.saga.Fail.Cause
	}
	// The state entered right after the failed step holds its error.
	s.Want.Stored = []Stored{{State: s.Want.States[k+1], Path: d.errorPath(st), Fault: fault}}
	return s
}

func (d *deriver) compensationFails(k int, chain []*ir.Step, i int) Scenario {
	st, bad := d.saga.Steps[k], chain[i]
	s := Scenario{
		Name:        "compensation-" + bad.ID + "-fails",
		Kind:        CompensationFails,
		Step:        st.ID,
		Compensated: bad.ID,
		Input:       d.input,
	}
	d.forward(&s, k)
	failing(&s, st.StateName, st.Task, st.Retry)
	d.compensate(&s, chain[:i], k)
	c := bad.Compensation
	failing(&s, c.StateName, c.Task, c.Retry)
	d.keep(&s, bad)
	cf := d.saga.CompensationFailed
	s.Want.States = append(s.Want.States, cf.Name)
	s.Want.Status = engine.Failed
	s.Want.Error, s.Want.Cause = cf.Error, cf.Cause
	s.Want.Stored = []Stored{
		{State: s.Want.States[k+1], Path: d.errorPath(st), Fault: fault},
		{State: cf.Name, Path: d.saga.CompensationErrorsBase + "." + bad.ID, Fault: fault},
	}
	return s
}
