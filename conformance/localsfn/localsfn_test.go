package localsfn_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sagac/sagac/conformance/engine"
	"github.com/sagac/sagac/conformance/localsfn"
)

// oneTask is a saga of one step that catches into a Fail state with no
// Cause.
const oneTask = `{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "${ChargeFn}", "Payload": {"order.$": "$.order", "key.$": "$$.Execution.Name"}},
      "ResultSelector": {"receipt.$": "$.Payload.receipt"},
      "ResultPath": "$.results.charge",
      "Retry": [{"ErrorEquals": ["Charge.Busy"], "IntervalSeconds": 30, "MaxAttempts": 2, "BackoffRate": 2}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.errors.charge", "Next": "Failed"}],
      "Next": "Done"
    },
    "Done": {"Type": "Succeed"},
    "Failed": {"Type": "Fail", "Error": "Charge.Failed"}
  }
}`

func TestExecute(t *testing.T) {
	engine.Require(t, localsfn.Engine{}.Available())
	busy := &engine.Fault{Error: "Charge.Busy", Cause: "try later"}
	declined := &engine.Fault{Error: "Charge.Declined", Cause: "card declined"}
	tests := []struct {
		name   string
		calls  []engine.Call
		status string
		err    string
		states []string
		nCalls int
		// wantIn is a substring of the last state's input.
		wantIn string
	}{
		{
			name:   "result selected and stored",
			calls:  []engine.Call{{State: "Charge", Result: json.RawMessage(`{"receipt":"r-1"}`)}},
			status: engine.Succeeded, states: []string{"Charge", "Done"}, nCalls: 1,
			wantIn: `"charge":{"receipt":"r-1"}`,
		},
		{
			// Retried twice at once (the 30 s interval is overridden),
			// then caught; the Fail state has no Cause, and none is
			// reported.
			name:   "retried then caught",
			calls:  []engine.Call{{State: "Charge", Fault: busy}, {State: "Charge", Fault: busy}, {State: "Charge", Fault: busy}},
			status: engine.Failed, err: "Charge.Failed", states: []string{"Charge", "Failed"}, nCalls: 3,
			wantIn: `"errors":{"charge":{"Error":"Charge.Busy","Cause":"try later"}}`,
		},
		{
			name:   "not retried",
			calls:  []engine.Call{{State: "Charge", Fault: declined}},
			status: engine.Failed, err: "Charge.Failed", states: []string{"Charge", "Failed"}, nCalls: 1,
			wantIn: `"Error":"Charge.Declined","Cause":"card declined"`,
		},
		{
			// An unscripted call returns its payload; the selector then
			// finds no receipt: States.Runtime, which nothing catches.
			name:   "unscripted call returns its payload",
			status: engine.Failed, err: "States.Runtime", states: []string{"Charge"}, nCalls: 1,
		},
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	reqs := make([]engine.Request, len(tests))
	for i, tt := range tests {
		reqs[i] = engine.Request{
			Definition: []byte(oneTask), Input: json.RawMessage(`{"order":"o-1"}`),
			ExecutionName: "run-" + string(rune('a'+i)), Calls: tt.calls,
		}
	}
	start := time.Now()
	xs, err := localsfn.Engine{}.ExecuteAll(ctx, reqs)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("took %v: retry intervals were not overridden", d)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := xs[i]
			if x.Status != tt.status || x.Error != tt.err {
				t.Errorf("outcome %s %q (cause %q), want %s %q", x.Status, x.Error, x.Cause, tt.status, tt.err)
			}
			if tt.err == "Charge.Failed" && x.Cause != "" {
				t.Errorf("cause %q, want none: the Fail state has no Cause", x.Cause)
			}
			if !slices.Equal(x.StateNames(), tt.states) {
				t.Errorf("states %v, want %v", x.StateNames(), tt.states)
			}
			if len(x.Invocations) != tt.nCalls {
				t.Fatalf("%d calls, want %d", len(x.Invocations), tt.nCalls)
			}
			inv := x.Invocations[0]
			if inv.Function != engine.FunctionARN("ChargeFn") {
				t.Errorf("function %s, want the resolved ${ChargeFn}", inv.Function)
			}
			// $$.Execution.Name comes from the context passed in.
			if want := `{"order":"o-1","key":"` + reqs[i].ExecutionName + `"}`; string(inv.Payload) != want {
				t.Errorf("payload %s, want %s", inv.Payload, want)
			}
			last := x.States[len(x.States)-1]
			if !strings.Contains(string(last.Input), tt.wantIn) {
				t.Errorf("input of %s is %s, want it to hold %s", last.Name, last.Input, tt.wantIn)
			}
		})
	}
}

func TestExecuteRefusesInvalidDefinition(t *testing.T) {
	engine.Require(t, localsfn.Engine{}.Available())
	_, err := localsfn.Engine{}.Execute(context.Background(), engine.Request{
		Definition: []byte(`{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}`),
	})
	if err == nil || !strings.Contains(err.Error(), "refused the definition") {
		t.Errorf("error %v, want the engine to refuse the definition", err)
	}
}
