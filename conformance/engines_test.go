package conformance_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/conformance"
	"github.com/sagac/sagac/conformance/engine"
	"github.com/sagac/sagac/conformance/localsfn"
	"github.com/sagac/sagac/conformance/moto"
)

// TestMain stops the moto server the tests start (one per test binary).
func TestMain(m *testing.M) { os.Exit(moto.RunTests(m)) }

// verify runs every scenario of saga on definition, on
// aws-local-stepfunctions and (except compensation failures, whose retries
// wait real seconds there) on moto, checks each execution against the
// scenario and checks that the two engines agree.
func verify(t *testing.T, definition []byte, saga *ir.Saga) {
	t.Helper()
	scenarios, err := conformance.Scenarios(saga)
	if err != nil {
		t.Fatal(err)
	}
	engine.Require(t, localsfn.Engine{}.Available())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	// Each engine is checked on its own, so that one refusing the
	// definition does not hide what the other does.
	locals, localProblems, err := conformance.RunAll(ctx, localsfn.Engine{}, definition, scenarios)
	if err != nil {
		t.Error(err)
	}
	for i, s := range scenarios {
		t.Run(s.Name, func(t *testing.T) {
			var local *engine.Execution
			if locals != nil {
				local = locals[i]
				for _, p := range localProblems[i] {
					t.Errorf("aws-local-stepfunctions: %s", p)
				}
			}
			if s.Kind == conformance.CompensationFails {
				return
			}
			if s.Want.MissingPath != "" {
				// Known moto deviation: its interpreter (LocalStack's)
				// lets a Catch on States.ALL catch States.Runtime, which
				// Step Functions never does (AWS "Error names":
				// "A retry or catch on States.ALL won't catch
				// States.Runtime errors"); aws-local-stepfunctions does
				// not catch it.
				t.Logf("moto not run: the execution ends with States.Runtime (%s missing), which moto wrongly catches", s.Want.MissingPath)
				return
			}
			server, err := moto.Shared()
			engine.Require(t, err)
			emulated, problems, err := conformance.Run(ctx, server, definition, s)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Errorf("moto: %s", p)
			}
			if local != nil {
				for _, p := range conformance.Agree(emulated, local) {
					t.Errorf("moto vs aws-local-stepfunctions: %s", p)
				}
			}
		})
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReferenceDefinitions runs the scenarios of the design's sagas on
// definitions sagac did not write: CDK's output for the seed saga, and the
// compensated trip saga written by hand from language.md §4.
func TestReferenceDefinitions(t *testing.T) {
	tests := []struct {
		file string
		saga *ir.Saga
	}{
		{"testdata/cdk_seed_happy_path.asl.json", seedSaga()},
		{"testdata/trip_compensated.asl.json", tripSaga()},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			verify(t, readFile(t, tt.file), tt.saga)
		})
	}
}
