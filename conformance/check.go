package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/sagac/sagac/conformance/engine"
)

// Run executes scenario s on definition with engine e and checks the
// execution against s. It returns the execution and the problems found
// (none: the engine did what the saga means); the error says the engine
// could not run the scenario at all.
func Run(ctx context.Context, e engine.Engine, definition []byte, s Scenario) (*engine.Execution, []string, error) {
	x, err := e.Execute(ctx, s.Request(definition))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: scenario %s: %w", e.Name(), s.Name, err)
	}
	return x, s.Check(x), nil
}

// RunAll runs every scenario on definition with engine e, all at once when
// e is an engine.Batcher, and checks each execution. It returns the
// executions and the problems of each, in the order of scenarios.
func RunAll(ctx context.Context, e engine.Engine, definition []byte, scenarios []Scenario) ([]*engine.Execution, [][]string, error) {
	xs := make([]*engine.Execution, len(scenarios))
	if b, ok := e.(engine.Batcher); ok {
		reqs := make([]engine.Request, len(scenarios))
		for i, s := range scenarios {
			reqs[i] = s.Request(definition)
		}
		var err error
		if xs, err = b.ExecuteAll(ctx, reqs); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
	} else {
		for i, s := range scenarios {
			x, err := e.Execute(ctx, s.Request(definition))
			if err != nil {
				return nil, nil, fmt.Errorf("%s: scenario %s: %w", e.Name(), s.Name, err)
			}
			xs[i] = x
		}
	}
	problems := make([][]string, len(scenarios))
	for i, s := range scenarios {
		problems[i] = s.Check(xs[i])
	}
	return xs, problems, nil
}

// Check compares an execution of the scenario with what the scenario
// wants and returns every difference, one sentence each.
func (s Scenario) Check(x *engine.Execution) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if got := x.StateNames(); !slices.Equal(got, s.Want.States) {
		add("states entered: got %s, want %s", list(got), list(s.Want.States))
	}
	if x.Status != s.Want.Status {
		add("status: got %s, want %s", x.Status, s.Want.Status)
	}
	if x.Error != s.Want.Error || (x.Cause != s.Want.Cause && s.Want.MissingPath == "") {
		add("error: got %q (cause %q), want %q (cause %q)", x.Error, x.Cause, s.Want.Error, s.Want.Cause)
	}
	var fns []string
	for _, inv := range x.Invocations {
		fns = append(fns, inv.Function)
	}
	if !slices.Equal(fns, s.Want.Functions) {
		add("functions called: got %s, want %s", list(fns), list(s.Want.Functions))
	}
	for _, st := range s.Want.Stored {
		state, ok := entered(x, st.State)
		if !ok {
			add("state %s was not entered, so its input cannot hold the error at %s", st.State, st.Path)
			continue
		}
		v, err := lookup(state.Input, st.Path)
		if err != nil {
			add("input of %s: %s: %v", st.State, st.Path, err)
			continue
		}
		want, _ := json.Marshal(st.Fault)
		if !jsonEqual(v, want) {
			add("input of %s: %s holds %s, want %s", st.State, st.Path, v, want)
		}
	}
	var original map[string]json.RawMessage
	if err := json.Unmarshal(s.Input, &original); err != nil {
		add("scenario input is not an object: %v", err)
	}
	keeps := func(what, name string, doc json.RawMessage) {
		var got map[string]json.RawMessage
		if err := json.Unmarshal(doc, &got); err != nil {
			add("%s of %s is not an object: %s", what, name, doc)
			return
		}
		for _, k := range sortedKeys(original) {
			if v, ok := got[k]; !ok || !jsonEqual(v, original[k]) {
				add("%s of %s lost input field %s: got %s, want %s", what, name, k, orMissing(v, ok), original[k])
			}
		}
	}
	for _, name := range s.Want.KeepInput {
		// A state that was not entered is already a wrong trace.
		if state, ok := entered(x, name); ok {
			keeps("input", name, state.Input)
		}
	}
	for _, name := range s.Want.PayloadKeepsInput {
		for _, inv := range x.Invocations {
			if inv.State == name {
				keeps("Lambda payload", name, inv.Payload)
				break
			}
		}
	}
	return problems
}

// Agree compares two engines' executions of one scenario and returns every
// difference: states entered, their inputs, calls made, final status,
// error, cause and output.
func Agree(a, b *engine.Execution) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if x, y := a.StateNames(), b.StateNames(); !slices.Equal(x, y) {
		add("states entered: %s vs %s", list(x), list(y))
	} else {
		for i := range a.States {
			if !jsonEqual(a.States[i].Input, b.States[i].Input) {
				add("input of %s (#%d): %s vs %s", a.States[i].Name, i+1, a.States[i].Input, b.States[i].Input)
			}
			if a.States[i].Type != b.States[i].Type {
				add("type of %s: %s vs %s", a.States[i].Name, a.States[i].Type, b.States[i].Type)
			}
		}
	}
	if a.Status != b.Status || a.Error != b.Error || a.Cause != b.Cause {
		add("outcome: %s %q (cause %q) vs %s %q (cause %q)", a.Status, a.Error, a.Cause, b.Status, b.Error, b.Cause)
	}
	if (len(a.Output) > 0 || len(b.Output) > 0) && !jsonEqual(a.Output, b.Output) {
		add("output: %s vs %s", a.Output, b.Output)
	}
	if len(a.Invocations) != len(b.Invocations) {
		add("%d calls vs %d calls", len(a.Invocations), len(b.Invocations))
	} else {
		for i, x := range a.Invocations {
			y := b.Invocations[i]
			if x.State != y.State || x.Function != y.Function || !jsonEqual(x.Payload, y.Payload) {
				add("call #%d: %s %s %s vs %s %s %s", i+1, x.State, x.Function, x.Payload, y.State, y.Function, y.Payload)
			}
		}
	}
	return problems
}

// entered returns the first entry into the named state.
func entered(x *engine.Execution, name string) (engine.State, bool) {
	for _, s := range x.States {
		if s.Name == name {
			return s, true
		}
	}
	return engine.State{}, false
}

// lookup returns the value at a reference path (member names and array
// indexes) in a JSON document.
func lookup(doc json.RawMessage, path string) (json.RawMessage, error) {
	segs, ok := segments(path)
	if !ok {
		return nil, fmt.Errorf("the harness handles only member names and array indexes in paths")
	}
	cur := doc
	for _, s := range segs {
		if s.isIndex {
			var arr []json.RawMessage
			if err := json.Unmarshal(cur, &arr); err != nil || s.index >= len(arr) {
				return nil, fmt.Errorf("no element %d", s.index)
			}
			cur = arr[s.index]
			continue
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(cur, &obj); err != nil {
			return nil, fmt.Errorf("no field %s: not an object", s.name)
		}
		next, ok := obj[s.name]
		if !ok {
			return nil, fmt.Errorf("no such field")
		}
		cur = next
	}
	return cur, nil
}

// jsonEqual reports whether two JSON texts hold the same value (member
// order and spacing aside; numbers compared by their digits).
func jsonEqual(a, b json.RawMessage) bool {
	va, ea := decode(a)
	vb, eb := decode(b)
	if ea != nil || eb != nil {
		return bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b))
	}
	return reflect.DeepEqual(va, vb)
}

// decode reads JSON with numbers as float64, as the engines do: Step
// Functions, LocalStack's interpreter in moto and aws-local-stepfunctions
// all hold a number as a double, so 18446744073709551617 and
// 18446744073709552000, or -3.0 and -3, are the same value to them.
func decode(b json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var v any
	err := dec.Decode(&v)
	return v, err
}

func list(names []string) string {
	if len(names) == 0 {
		return "[]"
	}
	return "[" + strings.Join(names, ", ") + "]"
}

func orMissing(v json.RawMessage, ok bool) string {
	if !ok {
		return "nothing"
	}
	return string(v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
