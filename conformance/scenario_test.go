package conformance_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/conformance"
	"github.com/sagac/sagac/conformance/engine"
)

// fn is how every engine names the function of substitution ${name}.
func fn(name string) string { return engine.FunctionARN(name) }

func TestScenarios(t *testing.T) {
	fault := engine.ResponseSizeTooLarge

	// failOnly has a fail clause and no compensation: every step catches
	// straight into the Fail state.
	failOnly := seedSaga()
	failOnly.Fail = &ir.FailTerminal{Name: "TripBookingFailed", Error: "TripBookingFailed"}

	// partial: hotel has no compensation, payment's runs only after its own
	// success, and hotel retries every error three times.
	partial := tripSaga()
	partial.Steps[1].Compensation = nil
	partial.Steps[1].Retry = append(partial.Steps[1].Retry, ir.Retrier{Errors: []string{"States.ALL"}})
	partial.Steps[2].Compensation.AfterSuccessOnly = true

	// readsResult: the compensation reads its own step's result, which
	// does not exist when that step failed.
	readsResult := saga("ReadsResult", "Done", compensate(step("reserve", "ReserveSeat", "${Reserve}"), "ReleaseSeat", "${Release}"))
	readsResult.Steps[0].Compensation.Task.Payload = object("seatId", path("$.results.reserve.Payload.seatId"))
	readsResult.Fail = &ir.FailTerminal{Name: "Undone", Error: "Undone"}
	readsResult.CompensationFailed = &ir.FailTerminal{Name: "Stuck", Error: "Stuck"}

	type want struct {
		states      []string
		status      string
		err, cause  string
		calls       int
		functions   []string // checked when set
		stored      []conformance.Stored
		keepPayload []string // checked when set
		retryWait   time.Duration
	}
	tests := []struct {
		saga *ir.Saga
		want map[string]want // by scenario name; every scenario listed
	}{
		{
			saga: tripSaga(),
			want: map[string]want{
				"happy-path": {
					states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "BookingSucceeded"},
					status: engine.Succeeded, calls: 3,
					functions: []string{fn("FlightReserveFunctionArn"), fn("HotelReserveFunctionArn"), fn("PaymentProcessFunctionArn")},
				},
				"step-flight-fails": {
					states: []string{"ReserveFlight", "CancelFlight", "BookingFailed"},
					status: engine.Failed, err: "TripBookingFailed", cause: "the trip could not be booked", calls: 2,
					stored: []conformance.Stored{{State: "CancelFlight", Path: "$.errors.flight", Fault: fault}},
				},
				"step-hotel-fails": {
					states: []string{"ReserveFlight", "ReserveHotel", "CancelHotel", "CancelFlight", "BookingFailed"},
					status: engine.Failed, err: "TripBookingFailed", cause: "the trip could not be booked", calls: 4,
					stored: []conformance.Stored{{State: "CancelHotel", Path: "$.errors.hotel", Fault: fault}},
				},
				"step-payment-fails": {
					states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "RefundPayment", "CancelHotel", "CancelFlight", "BookingFailed"},
					status: engine.Failed, err: "TripBookingFailed", cause: "the trip could not be booked", calls: 6,
					functions: []string{
						fn("FlightReserveFunctionArn"), fn("HotelReserveFunctionArn"), fn("PaymentProcessFunctionArn"),
						fn("PaymentRefundFunctionArn"), fn("HotelCancelFunctionArn"), fn("FlightCancelFunctionArn"),
					},
					stored:      []conformance.Stored{{State: "RefundPayment", Path: "$.errors.payment", Fault: fault}},
					keepPayload: []string{"RefundPayment", "CancelHotel", "CancelFlight"},
				},
				// The compensation fails 1+3 times (States.ALL, 3 attempts).
				"compensation-payment-fails": {
					states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "RefundPayment", "TripBookingCompensationFailed"},
					status: engine.Failed, err: "TripBookingCompensationFailed", calls: 3 + 4,
					stored: []conformance.Stored{
						{State: "RefundPayment", Path: "$.errors.payment", Fault: fault},
						{State: "TripBookingCompensationFailed", Path: "$.compensationErrors.payment", Fault: fault},
					},
					retryWait: 7 * time.Second,
				},
				"compensation-hotel-fails": {
					states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "RefundPayment", "CancelHotel", "TripBookingCompensationFailed"},
					status: engine.Failed, err: "TripBookingCompensationFailed", calls: 3 + 1 + 4,
					stored: []conformance.Stored{
						{State: "RefundPayment", Path: "$.errors.payment", Fault: fault},
						{State: "TripBookingCompensationFailed", Path: "$.compensationErrors.hotel", Fault: fault},
					},
					retryWait: 7 * time.Second,
				},
				"compensation-flight-fails": {
					states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "RefundPayment", "CancelHotel", "CancelFlight", "TripBookingCompensationFailed"},
					status: engine.Failed, err: "TripBookingCompensationFailed", calls: 3 + 2 + 4,
					retryWait: 7 * time.Second,
				},
			},
		},
		{
			saga: seedSaga(),
			want: map[string]want{
				"happy-path": {
					states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "BookingSucceeded"},
					status: engine.Succeeded, calls: 3,
				},
				// Nothing catches: the step's own error ends the execution.
				"step-flight-fails": {
					states: []string{"ReserveFlight"},
					status: engine.Failed, err: fault.Error, cause: fault.Cause, calls: 1,
				},
				"step-hotel-fails": {
					states: []string{"ReserveFlight", "ReserveHotel"},
					status: engine.Failed, err: fault.Error, cause: fault.Cause, calls: 2,
				},
				"step-payment-fails": {
					states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment"},
					status: engine.Failed, err: fault.Error, cause: fault.Cause, calls: 3,
					functions: []string{fn("FlightReserveArn"), fn("HotelReserveArn"), fn("PaymentProcessArn")},
				},
			},
		},
		{
			saga: failOnly,
			want: map[string]want{
				"happy-path": {
					states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "BookingSucceeded"},
					status: engine.Succeeded, calls: 3,
				},
				"step-flight-fails": {
					states: []string{"ReserveFlight", "TripBookingFailed"},
					status: engine.Failed, err: "TripBookingFailed", calls: 1,
					stored: []conformance.Stored{{State: "TripBookingFailed", Path: "$.errors.flight", Fault: fault}},
				},
				"step-hotel-fails": {
					states: []string{"ReserveFlight", "ReserveHotel", "TripBookingFailed"},
					status: engine.Failed, err: "TripBookingFailed", calls: 2,
				},
				"step-payment-fails": {
					states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "TripBookingFailed"},
					status: engine.Failed, err: "TripBookingFailed", calls: 3,
					stored: []conformance.Stored{{State: "TripBookingFailed", Path: "$.errors.payment", Fault: fault}},
				},
			},
		},
		{
			saga: partial,
			want: map[string]want{
				"happy-path": {
					states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "BookingSucceeded"},
					status: engine.Succeeded, calls: 3,
				},
				"step-flight-fails": {
					states: []string{"ReserveFlight", "CancelFlight", "BookingFailed"},
					status: engine.Failed, err: "TripBookingFailed", cause: "the trip could not be booked", calls: 2,
				},
				// hotel: retried 3 times (1+2+4 s), no compensation of its
				// own, so its Catch enters the chain at CancelFlight.
				"step-hotel-fails": {
					states: []string{"ReserveFlight", "ReserveHotel", "CancelFlight", "BookingFailed"},
					status: engine.Failed, err: "TripBookingFailed", cause: "the trip could not be booked", calls: 1 + 4 + 1,
					functions: []string{
						fn("FlightReserveFunctionArn"), fn("HotelReserveFunctionArn"), fn("HotelReserveFunctionArn"),
						fn("HotelReserveFunctionArn"), fn("HotelReserveFunctionArn"), fn("FlightCancelFunctionArn"),
					},
					stored:    []conformance.Stored{{State: "CancelFlight", Path: "$.errors.hotel", Fault: fault}},
					retryWait: 7 * time.Second,
				},
				// RefundPayment runs only after payment succeeded.
				"step-payment-fails": {
					states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "CancelFlight", "BookingFailed"},
					status: engine.Failed, err: "TripBookingFailed", cause: "the trip could not be booked", calls: 4,
					stored: []conformance.Stored{{State: "CancelFlight", Path: "$.errors.payment", Fault: fault}},
				},
				"compensation-flight-fails": {
					states: []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "CancelFlight", "TripBookingCompensationFailed"},
					status: engine.Failed, err: "TripBookingCompensationFailed", calls: 3 + 4,
					stored: []conformance.Stored{
						{State: "CancelFlight", Path: "$.errors.payment", Fault: fault},
						{State: "TripBookingCompensationFailed", Path: "$.compensationErrors.flight", Fault: fault},
					},
					retryWait: 7 * time.Second,
				},
			},
		},
		{
			saga: readsResult,
			want: map[string]want{
				"happy-path": {states: []string{"ReserveSeat", "Done"}, status: engine.Succeeded, calls: 1},
				// States.Runtime, which no Catch catches, on entering
				// ReleaseSeat; no compensation-failure scenario, since the
				// chain never calls ReleaseSeat.
				"step-reserve-fails": {
					states: []string{"ReserveSeat", "ReleaseSeat"},
					status: engine.Failed, err: "States.Runtime", calls: 1,
					stored: []conformance.Stored{{State: "ReleaseSeat", Path: "$.errors.reserve", Fault: fault}},
				},
			},
		},
	}
	for i, tt := range tests {
		scenarios, err := conformance.Scenarios(tt.saga)
		if err != nil {
			t.Fatalf("saga #%d: %v", i, err)
		}
		var names []string
		for _, s := range scenarios {
			names = append(names, s.Name)
		}
		if len(names) != len(tt.want) {
			t.Errorf("saga #%d: scenarios %v, want %d", i, names, len(tt.want))
		}
		for _, s := range scenarios {
			t.Run(s.Name, func(t *testing.T) {
				w, ok := tt.want[s.Name]
				if !ok {
					t.Fatalf("unexpected scenario %s", s.Name)
				}
				if !slices.Equal(s.Want.States, w.states) {
					t.Errorf("states %v, want %v", s.Want.States, w.states)
				}
				if s.Want.Status != w.status || s.Want.Error != w.err || s.Want.Cause != w.cause {
					t.Errorf("outcome %s %q %q, want %s %q %q", s.Want.Status, s.Want.Error, s.Want.Cause, w.status, w.err, w.cause)
				}
				if len(s.Calls) != w.calls || len(s.Want.Functions) != w.calls {
					t.Errorf("%d calls, %d functions, want %d", len(s.Calls), len(s.Want.Functions), w.calls)
				}
				if w.functions != nil && !slices.Equal(s.Want.Functions, w.functions) {
					t.Errorf("functions %v, want %v", s.Want.Functions, w.functions)
				}
				if w.stored != nil && !slices.Equal(s.Want.Stored, w.stored) {
					t.Errorf("stored %v, want %v", s.Want.Stored, w.stored)
				}
				if w.keepPayload != nil && !slices.Equal(s.Want.PayloadKeepsInput, w.keepPayload) {
					t.Errorf("payload keeps input %v, want %v", s.Want.PayloadKeepsInput, w.keepPayload)
				}
				if s.RetryWait != w.retryWait {
					t.Errorf("retry wait %v, want %v", s.RetryWait, w.retryWait)
				}
			})
		}
	}
}

func TestScenariosInputAndResults(t *testing.T) {
	scenarios, err := conformance.Scenarios(tripSaga())
	if err != nil {
		t.Fatal(err)
	}
	happy := scenarios[0]
	var input map[string]string
	if err := json.Unmarshal(happy.Input, &input); err != nil {
		t.Fatal(err)
	}
	// ProcessPayment reads $.tripId from the execution input.
	for _, field := range []string{"bookingId", "tripId"} {
		if input[field] == "" {
			t.Errorf("input %s lacks %s", happy.Input, field)
		}
	}
	// ProcessPayment's select reads $.Payload.transactionId from its result.
	for _, c := range happy.Calls {
		if c.State == "ProcessPayment" && !strings.Contains(string(c.Result), `"transactionId"`) {
			t.Errorf("ProcessPayment returns %s, which has no transactionId", c.Result)
		}
	}
}

func TestScenariosRefusesInconsistentIR(t *testing.T) {
	s := tripSaga()
	s.Fail = nil
	if _, err := conformance.Scenarios(s); err == nil {
		t.Error("a saga with compensations but no Fail state gave no error")
	}
}

func TestScenariosInput(t *testing.T) {
	tests := []struct {
		name    string
		payload *ir.Value
		want    string
	}{
		{"nothing read", nil, `{"bookingId":"booking-0001"}`},
		{"members", object("a", path("$.tripId"), "b", path("$.customer.id"), "c", path("$['currency code']")),
			`{"bookingId":"booking-0001","currency code":"currency code-0001","customer":{"id":"id-0001"},"tripId":"tripId-0001"}`},
		{"index", object("deep", path("$.x[1]")), `{"bookingId":"booking-0001","x":[null,"item-0001"]}`},
		{"deeper wins", object("a", path("$.customer"), "b", path("$.customer.id")), `{"bookingId":"booking-0001","customer":{"id":"id-0001"}}`},
		{"context paths and results are not input", object("a", path("$$.Execution.Name"), "b", path("$.results.other.Payload.x")),
			`{"bookingId":"booking-0001"}`},
		{"whole payload is an object", path("$.payment"), `{"bookingId":"booking-0001","payment":{"id":"payment-0001"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := saga("Input", "Done", step("charge", "Charge", "${Charge}"))
			s.Steps[0].Task.Payload = tt.payload
			scenarios, err := conformance.Scenarios(s)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(scenarios[0].Input); got != tt.want {
				t.Errorf("input %s, want %s", got, tt.want)
			}
		})
	}
}
