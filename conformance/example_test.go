package conformance_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/conformance"
	"github.com/sagac/sagac/conformance/aslcheck"
	"github.com/sagac/sagac/conformance/localsfn"
	"github.com/sagac/sagac/conformance/moto"
)

const exampleSaga = `
saga Trip < flight -> hotel -> payment > {
  fail "TripFailed" error "Trip.Failed"
  step flight  "ReserveFlight"  { compensate "CancelFlight"  lambda "${FlightCancel}" }
  step hotel   "ReserveHotel"
  step payment "ProcessPayment" { compensate "RefundPayment" lambda "${PaymentRefund}" }
}
`

// Scenarios derives what every execution of a saga must do from the saga's
// meaning: here hotel has no compensation, so its failure unwinds flight
// only, and a failing payment is refunded before the flight is cancelled.
func ExampleScenarios() {
	saga, diags := compiler.Compile("trip.saga", []byte(exampleSaga), compiler.Options{})
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	scenarios, err := conformance.Scenarios(saga)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range scenarios {
		line := fmt.Sprintf("%s: %s, %s %s", s.Name, strings.Join(s.Want.States, " -> "), s.Want.Status, s.Want.Error)
		fmt.Println(strings.TrimSpace(line))
	}
	// Output:
	// happy-path: ReserveFlight -> ReserveHotel -> ProcessPayment -> TripSucceeded, SUCCEEDED
	// step-flight-fails: ReserveFlight -> CancelFlight -> TripFailed, FAILED Trip.Failed
	// step-hotel-fails: ReserveFlight -> ReserveHotel -> CancelFlight -> TripFailed, FAILED Trip.Failed
	// step-payment-fails: ReserveFlight -> ReserveHotel -> ProcessPayment -> RefundPayment -> CancelFlight -> TripFailed, FAILED Trip.Failed
	// compensation-payment-fails: ReserveFlight -> ReserveHotel -> ProcessPayment -> RefundPayment -> TripCompensationFailed, FAILED TripCompensationFailed
	// compensation-flight-fails: ReserveFlight -> ReserveHotel -> ProcessPayment -> RefundPayment -> CancelFlight -> TripCompensationFailed, FAILED TripCompensationFailed
}

// Run checks a compiled definition on real engines: validate it with both
// third-party validators, then run every scenario on aws-local-stepfunctions
// and on moto, and compare the two engines. (Not run by go test: it needs
// Node.js, the npm tools and moto_server.)
func ExampleRun() {
	saga, _ := compiler.Compile("trip.saga", []byte(exampleSaga), compiler.Options{})
	definition, _ := asl.Generate(saga, asl.Options{})
	ctx := context.Background()

	findings, err := aslcheck.Validate(ctx, definition)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range findings {
		fmt.Println(f)
	}

	server, err := moto.Start(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Stop()

	scenarios, _ := conformance.Scenarios(saga)
	for _, s := range scenarios {
		local, problems, err := conformance.Run(ctx, localsfn.Engine{}, definition, s)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			continue
		}
		fmt.Println(s.Name, "aws-local-stepfunctions:", problems)
		if s.Kind == conformance.CompensationFails {
			continue // compensation retries wait real seconds on moto
		}
		emulated, problems, err := conformance.Run(ctx, server, definition, s)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			continue
		}
		fmt.Println(s.Name, "moto:", problems, "disagreements:", conformance.Agree(emulated, local))
	}
}
