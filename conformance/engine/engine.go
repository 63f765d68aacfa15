// Package engine is the vocabulary shared by sagac's conformance harness and
// the Step Functions engines it drives: what to run (a Request with a
// scripted sequence of Lambda calls), what came out (an Execution: the
// states entered, the calls made, the final status), and the Engine
// interface each engine adapter implements.
//
// Definitions carry their function references as written by sagac
// (`${FlightReserveFunctionArn}` substitutions or literal ARNs). Every engine
// resolves a substitution ${Name} to FunctionARN(Name), the ARN moto gives a
// function called Name, so two engines report the same FunctionName for the
// same call and their executions can be compared field for field.
package engine

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"testing"
)

// Region and Account are where every conformance function lives: moto's
// default account and region.
const (
	Region  = "us-east-1"
	Account = "123456789012"
)

// FunctionARN returns the Lambda function ARN that substitution ${name}
// resolves to on every engine.
func FunctionARN(name string) string {
	return "arn:aws:lambda:" + Region + ":" + Account + ":function:" + name
}

// placeholder matches a ${Name} substitution as sagac writes it.
var placeholder = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)\}`)

// Placeholders returns the distinct substitution names in text, in order of
// first appearance.
func Placeholders(text []byte) []string {
	var names []string
	seen := map[string]bool{}
	for _, m := range placeholder.FindAllSubmatch(text, -1) {
		n := string(m[1])
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return names
}

// Substitute replaces every ${Name} in text by FunctionARN(Name).
func Substitute(text []byte) []byte {
	return placeholder.ReplaceAllFunc(text, func(m []byte) []byte {
		return []byte(FunctionARN(string(placeholder.FindSubmatch(m)[1])))
	})
}

// Fault is a Lambda function error: the Error and Cause that Step Functions
// reports for the failed call (and stores where a Catch puts it).
type Fault struct {
	Error string `json:"Error"`
	Cause string `json:"Cause"`
}

// ResponseSizeTooLarge is the function error every engine here can inject:
// moto raises it for a result over 6,000,000 bytes, and Step Functions
// reports a Lambda function error with the error's type as Error and the
// function's error payload, compact JSON, as Cause. No default Lambda retry
// entry matches it, so a step fails at once unless its own retry lines say
// otherwise.
var ResponseSizeTooLarge = Fault{
	Error: "Function.ResponseSizeTooLarge",
	Cause: `{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}`,
}

// Call is one scripted Lambda invocation: the Task state expected to make
// it, and what the function does, return Result (any JSON) or fail with
// Fault. A call that was not scripted returns its payload.
type Call struct {
	State  string
	Result json.RawMessage
	Fault  *Fault
}

// Request is one execution to run.
type Request struct {
	// Definition is the ASL JSON, substitutions unresolved or resolved.
	Definition []byte
	// Input is the execution input (a JSON object).
	Input json.RawMessage
	// ExecutionName is the execution's name ($$.Execution.Name).
	ExecutionName string
	// Calls is the script of Lambda invocations in the order they are
	// expected. An engine that plays calls per state (aws-local-stepfunctions)
	// pops the next call of the invoking state; an engine with one queue for
	// all functions (moto) pops them in order.
	Calls []Call
}

// The final statuses of an execution, as Step Functions spells them.
const (
	Succeeded = "SUCCEEDED"
	Failed    = "FAILED"
	TimedOut  = "TIMED_OUT"
	Aborted   = "ABORTED"
)

// Execution is what an engine reports about one finished execution.
type Execution struct {
	Status string
	// Error and Cause are the execution's failure; empty when it has none
	// (a Fail state without Cause gives an empty Cause).
	Error, Cause string
	// Output is the execution's output when it succeeded.
	Output json.RawMessage
	// States lists every state entered, in order; a retried state is
	// entered once.
	States []State
	// Invocations lists every Lambda call made, in order, retries included.
	Invocations []Invocation
}

// StateNames returns the names of the states entered, in order.
func (x *Execution) StateNames() []string {
	names := make([]string, len(x.States))
	for i, s := range x.States {
		names[i] = s.Name
	}
	return names
}

// State is one state entered during an execution.
type State struct {
	Name string
	Type string // "Task", "Fail", "Succeed", …
	// Input is the state's input, as JSON.
	Input json.RawMessage
}

// Invocation is one Lambda call made by a Task state.
type Invocation struct {
	State    string
	Function string // the FunctionName parameter
	Payload  json.RawMessage
}

// Engine runs a state machine definition.
type Engine interface {
	// Name names the engine in test output ("moto", "aws-local-stepfunctions").
	Name() string
	// Execute runs one execution to its end. An error means the engine
	// could not run it (refused definition, engine trouble); a failed
	// execution is not an error.
	Execute(ctx context.Context, req Request) (*Execution, error)
}

// Batcher is an Engine that runs many requests at once more cheaply than
// one by one (localsfn starts Node.js once for all of them).
type Batcher interface {
	Engine
	// ExecuteAll runs every request and returns their executions in order.
	ExecuteAll(ctx context.Context, reqs []Request) ([]*Execution, error)
}

// ErrUnavailable marks an error saying that an engine or tool is not
// installed on this machine, as opposed to one that misbehaved.
var ErrUnavailable = errors.New("not available")

// Require stops a test that needs something err says is unavailable: it
// skips the test, except under CI (CI=true), where a missing tool is a
// failure. A nil err lets the test go on.
func Require(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%v (CI=true: the conformance tools must be installed; see .ci/run)", err)
	}
	t.Skipf("skipping: %v (install it to run this test; with CI=true this is a failure)", err)
}
