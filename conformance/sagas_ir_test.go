package conformance_test

import "github.com/sagac/sagac/compiler/ir"

// Hand-built IR of the design's sagas (language.md §3 and §4), standing in
// for the compiler's output in tests that do not compile .saga files.

func i64(n int64) *int64 { return &n }

func num(s string) *ir.Number { n := ir.Number(s); return &n }

// lambdaRetry is the default Retry entry of every Lambda task.
func lambdaRetry() ir.Retrier {
	return ir.Retrier{
		Errors: []string{
			"Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException",
			"Lambda.AWSLambdaException", "Lambda.SdkClientException",
		},
		IntervalSeconds: i64(2), MaxAttempts: i64(6), BackoffRate: num("2"),
	}
}

// compensationRetry is the default extra Retry entry of a compensation.
func compensationRetry() ir.Retrier {
	return ir.Retrier{Errors: []string{"States.ALL"}, IntervalSeconds: i64(1), MaxAttempts: i64(3), BackoffRate: num("2")}
}

func path(p string) *ir.Value { return &ir.Value{Kind: ir.PathValue, Text: p} }

func object(kv ...any) *ir.Value {
	v := &ir.Value{Kind: ir.ObjectValue}
	for i := 0; i < len(kv); i += 2 {
		v.Members = append(v.Members, ir.Member{Key: kv[i].(string), Value: kv[i+1].(*ir.Value)})
	}
	return v
}

func step(id, name, fn string) *ir.Step {
	return &ir.Step{
		ID: id, StateName: name,
		Task:   ir.Task{Function: fn},
		Result: ir.ResultPath{Path: "$.results." + id},
		Retry:  []ir.Retrier{lambdaRetry()},
	}
}

func compensate(st *ir.Step, name, fn string) *ir.Step {
	st.Compensation = &ir.Compensation{
		StateName: name,
		Task:      ir.Task{Function: fn},
		Result:    ir.ResultPath{Path: "$.compensations." + st.ID},
		Retry:     []ir.Retrier{lambdaRetry(), compensationRetry()},
	}
	return st
}

// saga links steps into a flow and fills the saga's defaults.
func saga(name, succeed string, steps ...*ir.Step) *ir.Saga {
	for i := 0; i+1 < len(steps); i++ {
		steps[i].Next = steps[i+1]
	}
	return &ir.Saga{
		Name: name, Flow: steps[0], Steps: steps,
		Succeed:                 ir.Terminal{Name: succeed},
		ResultsBase:             "$.results",
		ErrorsBase:              "$.errors",
		CompensationResultsBase: "$.compensations",
		CompensationErrorsBase:  "$.compensationErrors",
	}
}

// seedSaga is language.md §3, whose ASL is the CDK reference: no
// compensation, no fail clause, so nothing is caught.
func seedSaga() *ir.Saga {
	return saga("TripBooking", "BookingSucceeded",
		step("flight", "ReserveFlight", "${FlightReserveArn}"),
		step("hotel", "ReserveHotel", "${HotelReserveArn}"),
		step("payment", "ProcessPayment", "${PaymentProcessArn}"),
	)
}

// tripSaga is the compensated trip saga of language.md §4.
func tripSaga() *ir.Saga {
	flight := compensate(step("flight", "ReserveFlight", "${FlightReserveFunctionArn}"), "CancelFlight", "${FlightCancelFunctionArn}")
	flight.TimeoutSeconds = 30
	hotel := compensate(step("hotel", "ReserveHotel", "${HotelReserveFunctionArn}"), "CancelHotel", "${HotelCancelFunctionArn}")
	hotel.Retry = append(hotel.Retry, ir.Retrier{
		Errors: []string{"Lambda.TooManyRequestsException"}, MaxAttempts: i64(3), IntervalSeconds: i64(1), BackoffRate: num("2"),
	})
	payment := compensate(step("payment", "ProcessPayment", "${PaymentProcessFunctionArn}"), "RefundPayment", "${PaymentRefundFunctionArn}")
	payment.Task.Payload = object("tripId", path("$.tripId"), "idempotencyKey", path("$$.Execution.Name"))
	payment.Select = object("transactionId", path("$.Payload.transactionId"))
	s := saga("TripBooking", "BookingSucceeded", flight, hotel, payment)
	s.Comment = "Book a trip; undo what was done if any step fails"
	s.TimeoutSeconds = 300
	s.Fail = &ir.FailTerminal{Name: "BookingFailed", Error: "TripBookingFailed", Cause: "the trip could not be booked"}
	s.CompensationFailed = &ir.FailTerminal{Name: "TripBookingCompensationFailed", Error: "TripBookingCompensationFailed"}
	return s
}
