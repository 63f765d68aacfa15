// Package localsfn runs state machines on aws-local-stepfunctions 3.0.0, an
// ASL interpreter written in TypeScript by people who never saw sagac, as a
// second engine beside moto for sagac's conformance harness.
//
// Every Task state is replaced by a local handler that plays the request's
// scripted calls for that state (engine.Call) and returns what the
// lambda:invoke integration returns, {StatusCode, Payload}; a Task with no
// call left returns its payload, as moto's simple Lambda does. Any call can
// fail with any error, compensations included, and retries happen at once
// (retryIntervalOverrides), so scenarios that would wait seconds on moto run
// in milliseconds here.
//
// The engine runs through tools/aslcheck/localsfn.mjs in Node.js (see
// package nodetool). Two facts of version 3.0.0 the script deals with: it
// needs Promise.withResolvers, which Node 20 lacks (the script polyfills it),
// and a Fail state without Cause fails the execution with the invented cause
// "Execution failed because of a Fail state", which the script reports as no
// cause, as Step Functions does.
package localsfn

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sagac/sagac/conformance/engine"
	"github.com/sagac/sagac/conformance/nodetool"
)

// Engine is aws-local-stepfunctions as an engine.Engine. Its zero value is
// ready to use, and it may run executions concurrently.
type Engine struct{}

// Name returns "aws-local-stepfunctions".
func (Engine) Name() string { return "aws-local-stepfunctions" }

// Available reports whether Node.js and the pinned npm tools are installed;
// the error wraps engine.ErrUnavailable when they are not.
func (Engine) Available() error {
	_, err := nodetool.Dir()
	return err
}

type call struct {
	State  string          `json:"state"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *string         `json:"error,omitempty"`
	Cause  *string         `json:"cause,omitempty"`
}

type run struct {
	Definition         json.RawMessage `json:"definition"`
	Input              json.RawMessage `json:"input"`
	Context            any             `json:"context"`
	Calls              []call          `json:"calls"`
	ZeroRetryIntervals bool            `json:"zeroRetryIntervals"`
}

type result struct {
	Refused *string         `json:"refused"`
	Status  string          `json:"status"`
	Error   *string         `json:"error"`
	Cause   *string         `json:"cause"`
	Output  json.RawMessage `json:"output"`
	States  []struct {
		Name  string          `json:"name"`
		Type  string          `json:"type"`
		Input json.RawMessage `json:"input"`
	} `json:"states"`
	Invocations []struct {
		State        string          `json:"state"`
		FunctionName *string         `json:"functionName"`
		Payload      json.RawMessage `json:"payload"`
	} `json:"invocations"`
}

// stateMachineName names the state machine in the Context Object.
const stateMachineName = "sagac-conformance"

// Execute runs req to its end.
func (e Engine) Execute(ctx context.Context, req engine.Request) (*engine.Execution, error) {
	xs, err := e.ExecuteAll(ctx, []engine.Request{req})
	if err != nil {
		return nil, err
	}
	return xs[0], nil
}

// ExecuteAll runs many requests, one after the other, in one Node.js
// process, validating each distinct definition once; that is much quicker
// than as many Execute calls. The executions come back in order; the error
// names the first request the engine could not run.
func (Engine) ExecuteAll(ctx context.Context, reqs []engine.Request) ([]*engine.Execution, error) {
	runs := make([]run, len(reqs))
	for i, req := range reqs {
		r, err := toRun(req)
		if err != nil {
			return nil, fmt.Errorf("request %d (%s): %w", i, req.ExecutionName, err)
		}
		runs[i] = r
	}
	in, err := json.Marshal(struct {
		Runs []run `json:"runs"`
	}{runs})
	if err != nil {
		return nil, err
	}
	out, err := nodetool.Run(ctx, "localsfn.mjs", in)
	if err != nil {
		return nil, err
	}
	var resp struct {
		Results []result `json:"results"`
	}
	if err := json.Unmarshal(out, &resp); err != nil {
		return nil, fmt.Errorf("localsfn.mjs output: %v", err)
	}
	if len(resp.Results) != len(reqs) {
		return nil, fmt.Errorf("localsfn.mjs returned %d results for %d runs", len(resp.Results), len(reqs))
	}
	xs := make([]*engine.Execution, len(reqs))
	for i, r := range resp.Results {
		if r.Refused != nil {
			return nil, fmt.Errorf("request %d (%s): the engine refused the definition: %s", i, reqs[i].ExecutionName, *r.Refused)
		}
		xs[i] = fromResult(r)
	}
	return xs, nil
}

// toRun turns a request into what localsfn.mjs reads.
func toRun(req engine.Request) (run, error) {
	def := engine.Substitute(req.Definition)
	if !json.Valid(def) {
		return run{}, fmt.Errorf("definition is not JSON")
	}
	input := req.Input
	if len(input) == 0 {
		input = json.RawMessage("{}")
	}
	name := req.ExecutionName
	if name == "" {
		name = "execution"
	}
	smARN := "arn:aws:states:" + engine.Region + ":" + engine.Account + ":stateMachine:" + stateMachineName
	r := run{
		Definition: def,
		Input:      input,
		Context: map[string]any{
			"Execution": map[string]any{
				"Id":      "arn:aws:states:" + engine.Region + ":" + engine.Account + ":execution:" + stateMachineName + ":" + name,
				"Name":    name,
				"RoleArn": "arn:aws:iam::" + engine.Account + ":role/" + stateMachineName,
			},
			"StateMachine": map[string]any{"Id": smARN, "Name": stateMachineName},
		},
		ZeroRetryIntervals: true,
	}
	for _, c := range req.Calls {
		cc := call{State: c.State, Result: c.Result}
		if c.Fault != nil {
			e, cause := c.Fault.Error, c.Fault.Cause
			cc.Error, cc.Cause, cc.Result = &e, &cause, nil
		} else if len(cc.Result) == 0 {
			cc.Result = json.RawMessage("null")
		}
		r.Calls = append(r.Calls, cc)
	}
	return r, nil
}

// fromResult turns what localsfn.mjs wrote into an execution.
func fromResult(r result) *engine.Execution {
	x := &engine.Execution{Status: r.Status, Output: r.Output}
	if r.Error != nil {
		x.Error = *r.Error
	}
	if r.Cause != nil {
		x.Cause = *r.Cause
	}
	if x.Status != engine.Succeeded {
		x.Output = nil
	}
	for _, s := range r.States {
		x.States = append(x.States, engine.State{Name: s.Name, Type: s.Type, Input: s.Input})
	}
	for _, inv := range r.Invocations {
		fn := ""
		if inv.FunctionName != nil {
			fn = *inv.FunctionName
		}
		x.Invocations = append(x.Invocations, engine.Invocation{State: inv.State, Function: fn, Payload: inv.Payload})
	}
	return x
}
