package moto_test

import (
	"context"
	"encoding/json"
	"os"
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

func TestExecuteHappyPathOfCDKReference(t *testing.T) {
	s := server(t)
	def, err := os.ReadFile("../testdata/cdk_seed_happy_path.asl.json")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	x, err := s.Execute(ctx, engine.Request{
		Definition:    def,
		Input:         json.RawMessage(`{"bookingId":"booking-1"}`),
		ExecutionName: "happy",
		Calls: []engine.Call{
			{State: "ReserveFlight", Result: json.RawMessage(`{"flightId":"F-1"}`)},
			{State: "ReserveHotel", Result: json.RawMessage(`{"hotelId":"H-1"}`)},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if x.Status != engine.Succeeded {
		t.Fatalf("status %s (%s: %s), want SUCCEEDED", x.Status, x.Error, x.Cause)
	}
	if got, want := strings.Join(x.StateNames(), ","), "ReserveFlight,ReserveHotel,ProcessPayment,BookingSucceeded"; got != want {
		t.Errorf("states %s, want %s", got, want)
	}
	t.Logf("%+v", x)
}
