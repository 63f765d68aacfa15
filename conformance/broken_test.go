package conformance_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sagac/sagac/conformance"
	"github.com/sagac/sagac/conformance/engine"
	"github.com/sagac/sagac/conformance/localsfn"
	"github.com/sagac/sagac/conformance/moto"
)

// swappedChain returns the trip definition with RefundPayment and
// CancelHotel swapped in the compensation chain: CancelHotel ->
// RefundPayment -> CancelFlight. Every state is still valid ASL; only the
// order is wrong.
func swappedChain(t *testing.T) []byte {
	t.Helper()
	var def map[string]any
	if err := json.Unmarshal(readFile(t, "testdata/trip_compensated.asl.json"), &def); err != nil {
		t.Fatal(err)
	}
	states := def["States"].(map[string]any)
	states["CancelHotel"].(map[string]any)["Next"] = "RefundPayment"
	states["RefundPayment"].(map[string]any)["Next"] = "CancelFlight"
	b, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHarnessCatchesSwappedChain hands the harness a definition whose
// compensation chain is in the wrong order and expects it to say so, on
// both engines, for the scenarios that run the chain past the swap, and
// only for those.
func TestHarnessCatchesSwappedChain(t *testing.T) {
	def := swappedChain(t)
	scenarios, err := conformance.Scenarios(tripSaga())
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]conformance.Scenario{}
	for _, s := range scenarios {
		byName[s.Name] = s
	}
	tests := []struct {
		scenario string
		// want is a problem the check must report; empty: no problem.
		want string
	}{
		{"happy-path", ""},
		{"step-flight-fails", ""},
		// ReserveHotel's Catch enters CancelHotel, which now refunds a
		// payment that never happened.
		{"step-hotel-fails", "states entered: got [ReserveFlight, ReserveHotel, CancelHotel, RefundPayment, CancelFlight, BookingFailed]"},
		// ProcessPayment's Catch enters RefundPayment, which now skips
		// CancelHotel.
		{"step-payment-fails", "states entered: got [ReserveFlight, ReserveHotel, ProcessPayment, RefundPayment, CancelFlight, BookingFailed]"},
	}
	engines := []struct {
		name string
		get  func() (engine.Engine, error)
	}{
		{"aws-local-stepfunctions", func() (engine.Engine, error) { return localsfn.Engine{}, localsfn.Engine{}.Available() }},
		{"moto", func() (engine.Engine, error) { s, err := moto.Shared(); return s, err }},
	}
	for _, e := range engines {
		for _, tt := range tests {
			t.Run(e.name+"/"+tt.scenario, func(t *testing.T) {
				eng, err := e.get()
				engine.Require(t, err)
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				defer cancel()
				_, problems, err := conformance.Run(ctx, eng, def, byName[tt.scenario])
				if err != nil {
					t.Fatal(err)
				}
				if tt.want == "" {
					for _, p := range problems {
						t.Errorf("unexpected problem: %s", p)
					}
					return
				}
				found := false
				for _, p := range problems {
					found = found || strings.Contains(p, tt.want)
				}
				if !found {
					t.Errorf("the harness did not report %q; problems: %q", tt.want, problems)
				}
			})
		}
	}
}

// TestCheckReportsEachDeviation takes a real execution (on
// aws-local-stepfunctions) of a scenario, which passes, and spoils one
// aspect of it at a time: the check must report each.
func TestCheckReportsEachDeviation(t *testing.T) {
	engine.Require(t, localsfn.Engine{}.Available())
	scenarios, err := conformance.Scenarios(tripSaga())
	if err != nil {
		t.Fatal(err)
	}
	var s conformance.Scenario
	for _, sc := range scenarios {
		if sc.Name == "step-payment-fails" {
			s = sc
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	x, problems, err := conformance.Run(ctx, localsfn.Engine{}, readFile(t, "testdata/trip_compensated.asl.json"), s)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("the unspoilt execution fails the check: %q", problems)
	}

	// setInput rewrites one field of a state's input.
	setInput := func(x *engine.Execution, state string, edit func(map[string]any)) {
		for i := range x.States {
			if x.States[i].Name == state {
				var m map[string]any
				if err := json.Unmarshal(x.States[i].Input, &m); err != nil {
					t.Fatal(err)
				}
				edit(m)
				x.States[i].Input, _ = json.Marshal(m)
			}
		}
	}
	tests := []struct {
		name  string
		spoil func(x *engine.Execution)
		want  string
	}{
		{"a state missing", func(x *engine.Execution) {
			x.States = append(x.States[:4], x.States[5:]...)
		}, "states entered"},
		{"another status", func(x *engine.Execution) { x.Status = engine.Succeeded }, "status: got SUCCEEDED"},
		{"another error", func(x *engine.Execution) { x.Error = "States.TaskFailed" }, `error: got "States.TaskFailed"`},
		{"no cause", func(x *engine.Execution) { x.Cause = "" }, `want "TripBookingFailed" (cause "the trip could not be booked")`},
		{"functions swapped", func(x *engine.Execution) {
			x.Invocations[3].Function, x.Invocations[4].Function = x.Invocations[4].Function, x.Invocations[3].Function
		}, "functions called"},
		{"caught error not stored", func(x *engine.Execution) {
			setInput(x, "RefundPayment", func(m map[string]any) { delete(m, "errors") })
		}, "input of RefundPayment: $.errors.payment: no such field"},
		{"caught error without its cause", func(x *engine.Execution) {
			setInput(x, "RefundPayment", func(m map[string]any) {
				m["errors"] = map[string]any{"payment": map[string]any{"Error": engine.ResponseSizeTooLarge.Error}}
			})
		}, "input of RefundPayment: $.errors.payment holds"},
		{"compensation lost an input field", func(x *engine.Execution) {
			setInput(x, "CancelHotel", func(m map[string]any) { delete(m, "tripId") })
		}, "input of CancelHotel lost input field tripId"},
		{"compensation got another value", func(x *engine.Execution) {
			setInput(x, "CancelFlight", func(m map[string]any) { m["bookingId"] = "other" })
		}, `input of CancelFlight lost input field bookingId: got "other"`},
		{"compensation payload lost an input field", func(x *engine.Execution) {
			x.Invocations[3].Payload = json.RawMessage(`{}`)
		}, "Lambda payload of RefundPayment lost input field bookingId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Spoil a deep copy.
			b, err := json.Marshal(x)
			if err != nil {
				t.Fatal(err)
			}
			var y engine.Execution
			if err := json.Unmarshal(b, &y); err != nil {
				t.Fatal(err)
			}
			tt.spoil(&y)
			problems := s.Check(&y)
			found := false
			for _, p := range problems {
				found = found || strings.Contains(p, tt.want)
			}
			if !found {
				t.Errorf("no problem containing %q; problems: %q", tt.want, problems)
			}
		})
	}
}
