package aslcheck_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sagac/sagac/conformance/aslcheck"
	"github.com/sagac/sagac/conformance/engine"
	"github.com/sagac/sagac/conformance/nodetool"
)

func TestValidateAcceptsValidDefinitions(t *testing.T) {
	t.Parallel()
	_, err := nodetool.Dir()
	engine.Require(t, err)
	for _, file := range []string{
		"../testdata/cdk_seed_happy_path.asl.json",
		"../testdata/trip_compensated.asl.json",
	} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			def, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			findings, err := aslcheck.Validate(ctx, def)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range findings {
				t.Errorf("unexpected finding: %s", f)
			}
		})
	}
}

func TestValidateReportsInvalidDefinitions(t *testing.T) {
	t.Parallel()
	_, err := nodetool.Dir()
	engine.Require(t, err)
	task := `"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"${F}","Payload.$":"$"}`
	tests := []struct {
		name string
		def  string
		// want maps a tool to a substring one of its findings must hold.
		want map[string]string
	}{
		{
			name: "Next names no state",
			def:  `{"StartAt":"A","States":{"A":{` + task + `,"Next":"B"}}}`,
			want: map[string]string{"statelint": `No state found named "B"`, "asl-validator": "MISSING_TRANSITION_TARGET"},
		},
		{
			name: "unreachable state",
			def:  `{"StartAt":"A","States":{"A":{` + task + `,"End":true},"B":{"Type":"Succeed"}}}`,
			want: map[string]string{"statelint": "No transition found to state", "asl-validator": "B is not reachable"},
		},
		{
			name: "ResultPath not a reference path",
			def:  `{"StartAt":"A","States":{"A":{` + task + `,"ResultPath":"results.a","End":true}}}`,
			want: map[string]string{"statelint": "should be a Reference Path"},
		},
		{
			name: "Catch into a missing state",
			def:  `{"StartAt":"A","States":{"A":{` + task + `,"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.errors.a","Next":"Undo"}],"End":true}}}`,
			want: map[string]string{"statelint": `No state found named "Undo"`},
		},
		{
			name: "unknown state type",
			def:  `{"StartAt":"A","States":{"A":{"Type":"Tusk","End":true}}}`,
			want: map[string]string{"asl-validator": "/States/A/Type is invalid"},
		},
		{
			name: "Fail state with Next",
			def:  `{"StartAt":"A","States":{"A":{"Type":"Fail","Error":"E","Next":"A"}}}`,
			want: map[string]string{"asl-validator": "SCHEMA_VALIDATION_FAILED"},
		},
	}
	defs := make([][]byte, len(tests))
	for i, tt := range tests {
		defs[i] = []byte(tt.def)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	all, err := aslcheck.ValidateAll(ctx, defs)
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			findings := all[i]
			if len(findings) == 0 {
				t.Fatal("no finding for an invalid definition")
			}
			for tool, sub := range tt.want {
				found := false
				for _, f := range findings {
					if f.Tool == tool && strings.Contains(f.Message, sub) {
						found = true
					}
				}
				if !found {
					t.Errorf("no %s finding containing %q; findings: %v", tool, sub, findings)
				}
			}
		})
	}
}

func TestValidateResolvesSubstitutionsInResource(t *testing.T) {
	t.Parallel()
	_, err := nodetool.Dir()
	engine.Require(t, err)
	// A direct Lambda Task names its function in Resource; statelint refuses
	// a ${...} there, so Validate must resolve it to an ARN first.
	def := `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${FlightReserveFunctionArn}","End":true}}}`
	findings, err := aslcheck.Validate(context.Background(), []byte(def))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("unexpected finding: %s", f)
	}
}

func TestValidateAllKeepsOrder(t *testing.T) {
	t.Parallel()
	_, err := nodetool.Dir()
	engine.Require(t, err)
	defs := [][]byte{
		[]byte(`{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`),
		[]byte(`{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}`),
		[]byte(`{"StartAt":`),
		[]byte(`{"StartAt":"B","States":{"B":{"Type":"Fail","Error":"E"}}}`),
	}
	all, err := aslcheck.ValidateAll(context.Background(), defs)
	if err != nil {
		t.Fatal(err)
	}
	wantInvalid := []bool{false, true, true, false}
	for i, findings := range all {
		if got := len(findings) > 0; got != wantInvalid[i] {
			t.Errorf("definition %d: findings %v, want invalid=%v", i, findings, wantInvalid[i])
		}
	}
	if len(all[2]) != 1 || all[2][0].Tool != "json" {
		t.Errorf("definition 2 (not JSON): findings %v, want one json finding", all[2])
	}
}
