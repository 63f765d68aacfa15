package moto_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sagac/sagac/conformance/engine"
	"github.com/sagac/sagac/conformance/moto"
)

func TestMain(m *testing.M) { os.Exit(moto.RunTests(m)) }

func server(t *testing.T) *moto.Server {
	t.Helper()
	s, err := moto.Shared()
	engine.Require(t, err)
	return s
}

func TestExecute(t *testing.T) {
	s := server(t)
	def, err := os.ReadFile("../testdata/cdk_seed_happy_path.asl.json")
	if err != nil {
		t.Fatal(err)
	}
	fault := &engine.ResponseSizeTooLarge
	tests := []struct {
		name   string
		calls  []engine.Call
		status string
		err    string
		states []string
	}{
		{
			name: "queued results, then the input",
			calls: []engine.Call{
				{State: "ReserveFlight", Result: json.RawMessage(`{"flightId":"F-1"}`)},
				{State: "ReserveHotel", Result: json.RawMessage(`{"hotelId":"H-1"}`)},
			},
			status: engine.Succeeded,
			states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "BookingSucceeded"},
		},
		{
			// The CDK chain catches nothing: the second call's error ends
			// the execution.
			name: "the second call fails",
			calls: []engine.Call{
				{State: "ReserveFlight", Result: json.RawMessage(`{"flightId":"F-1"}`)},
				{State: "ReserveHotel", Fault: fault},
			},
			status: engine.Failed, err: fault.Error,
			states: []string{"ReserveFlight", "ReserveHotel"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			x, err := s.Execute(ctx, engine.Request{
				Definition:    def,
				Input:         json.RawMessage(`{"bookingId":"booking-1"}`),
				ExecutionName: "run",
				Calls:         tt.calls,
			})
			if err != nil {
				t.Fatal(err)
			}
			if x.Status != tt.status || x.Error != tt.err {
				t.Errorf("outcome %s %q, want %s %q", x.Status, x.Error, tt.status, tt.err)
			}
			if tt.err == fault.Error && x.Cause != fault.Cause {
				t.Errorf("cause %s, want %s", x.Cause, fault.Cause)
			}
			if !slices.Equal(x.StateNames(), tt.states) {
				t.Errorf("states %v, want %v", x.StateNames(), tt.states)
			}
			if len(x.Invocations) == 0 || x.Invocations[0].Function != engine.FunctionARN("FlightReserveArn") {
				t.Fatalf("calls %+v, want ReserveFlight to call the resolved ${FlightReserveArn}", x.Invocations)
			}
			if got := string(x.Invocations[0].Payload); !strings.Contains(got, `"booking-1"`) {
				t.Errorf("first payload %s, want the execution input", got)
			}
			if x.Status == engine.Succeeded {
				// ProcessPayment had nothing queued: it got its input back.
				if got := string(x.Output); !strings.Contains(got, `"payment": {"StatusCode": 200, "Payload": {"bookingId": "booking-1"`) &&
					!strings.Contains(got, `"payment":{"StatusCode":200,"Payload":{"bookingId":"booking-1"`) {
					t.Errorf("output %s, want ProcessPayment's result to echo its input", got)
				}
			}
		})
	}
}

func TestExecuteRefusesFaultsMotoCannotInject(t *testing.T) {
	s := server(t)
	_, err := s.Execute(context.Background(), engine.Request{
		Definition: []byte(`{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`),
		Calls:      []engine.Call{{State: "A", Fault: &engine.Fault{Error: "Custom.Error"}}},
	})
	if !errors.Is(err, moto.ErrUnsupportedFault) {
		t.Errorf("error %v, want ErrUnsupportedFault", err)
	}
}
