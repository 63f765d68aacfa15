package asl_test

import (
	"encoding/json"
	"fmt"
	"github.com/sagac/sagac/internal/testutil/sagatest"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/internal/testutil"
)

func decode(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, data)
	}
	return v
}

func compileSource(t *testing.T, src string, vars map[string]string) []byte {
	t.Helper()
	return sagatest.ASL(t, "test.saga", []byte(src), compiler.Options{Vars: vars})
}

// TestCDKReference pins the tutorial saga (language.md §3) to what AWS CDK
// 2.276.0 synthesizes for the same chain: equal as parsed JSON, once the
// function placeholders are named alike.
func TestCDKReference(t *testing.T) {
	shared := testutil.SharedDir(t)
	want, err := os.ReadFile(filepath.Join(shared, "reference", "cdk", "seed_happy_path.asl.json"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "sagas", "trip_booking.saga"))
	if err != nil {
		t.Fatal(err)
	}
	// The saga names its functions ${FlightReserveFunctionArn}; CDK's
	// reference was written with ${FlightReserveArn}.
	got := compileSource(t, string(src), map[string]string{
		"FlightReserveFunctionArn":  "${FlightReserveArn}",
		"HotelReserveFunctionArn":   "${HotelReserveArn}",
		"PaymentProcessFunctionArn": "${PaymentProcessArn}",
	})
	if g, w := decode(t, got), decode(t, want); !reflect.DeepEqual(g, w) {
		gj, _ := json.MarshalIndent(g, "", "  ")
		wj, _ := json.MarshalIndent(w, "", "  ")
		t.Errorf("sagac's output differs from CDK's:\n--- sagac\n%s\n--- cdk\n%s", gj, wj)
	}
}

var lambdaDefault = map[string]any{
	"ErrorEquals": []any{"Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException",
		"Lambda.AWSLambdaException", "Lambda.SdkClientException"},
	"IntervalSeconds": 2.0, "MaxAttempts": 6.0, "BackoffRate": 2.0,
}

var compensationDefault = map[string]any{
	"ErrorEquals": []any{"States.ALL"}, "IntervalSeconds": 1.0, "MaxAttempts": 3.0, "BackoffRate": 2.0,
}

func catchAll(resultPath, next string) []any {
	return []any{map[string]any{"ErrorEquals": []any{"States.ALL"}, "ResultPath": resultPath, "Next": next}}
}

func lambdaTask(fn string, payload map[string]any) map[string]any {
	params := map[string]any{"FunctionName": fn}
	if payload == nil {
		params["Payload.$"] = "$"
	} else {
		params["Payload"] = payload
	}
	return map[string]any{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": params}
}

// TestSection4 checks the compensated trip saga (language.md §4) field by
// field against the meaning the design states, written out here by hand
// from the text of §4 and §8, not from sagac's output.
func TestSection4(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "sagas", "trip_booking_compensated.saga"))
	if err != nil {
		t.Fatal(err)
	}
	out := compileSource(t, string(src), nil)
	got := decode(t, out)

	flight := lambdaTask("${FlightReserveFunctionArn}", nil)
	flight["ResultPath"] = "$.results.flight"
	flight["TimeoutSeconds"] = 30.0
	flight["Retry"] = []any{lambdaDefault}
	flight["Catch"] = catchAll("$.errors.flight", "CancelFlight")
	flight["Next"] = "ReserveHotel"

	hotel := lambdaTask("${HotelReserveFunctionArn}", nil)
	hotel["ResultPath"] = "$.results.hotel"
	hotel["Retry"] = []any{lambdaDefault, map[string]any{"ErrorEquals": []any{"Lambda.TooManyRequestsException"},
		"MaxAttempts": 3.0, "IntervalSeconds": 1.0, "BackoffRate": 2.0}}
	hotel["Catch"] = catchAll("$.errors.hotel", "CancelHotel")
	hotel["Next"] = "ProcessPayment"

	payment := lambdaTask("${PaymentProcessFunctionArn}", map[string]any{"tripId.$": "$.tripId", "idempotencyKey.$": "$$.Execution.Name"})
	payment["ResultSelector"] = map[string]any{"transactionId.$": "$.Payload.transactionId"}
	payment["ResultPath"] = "$.results.payment"
	payment["Retry"] = []any{lambdaDefault}
	payment["Catch"] = catchAll("$.errors.payment", "RefundPayment")
	payment["Next"] = "BookingSucceeded"

	compensation := func(fn, id, next string) map[string]any {
		c := lambdaTask(fn, nil)
		c["ResultPath"] = "$.compensations." + id
		c["Retry"] = []any{lambdaDefault, compensationDefault}
		c["Catch"] = catchAll("$.compensationErrors."+id, "TripBookingCompensationFailed")
		c["Next"] = next
		return c
	}
	want := map[string]any{
		"Comment":        "Book a trip; undo what was done if any step fails",
		"StartAt":        "ReserveFlight",
		"TimeoutSeconds": 300.0,
		"States": map[string]any{
			"ReserveFlight":                 flight,
			"ReserveHotel":                  hotel,
			"ProcessPayment":                payment,
			"BookingSucceeded":              map[string]any{"Type": "Succeed"},
			"RefundPayment":                 compensation("${PaymentRefundFunctionArn}", "payment", "CancelHotel"),
			"CancelHotel":                   compensation("${HotelCancelFunctionArn}", "hotel", "CancelFlight"),
			"CancelFlight":                  compensation("${FlightCancelFunctionArn}", "flight", "BookingFailed"),
			"BookingFailed":                 map[string]any{"Type": "Fail", "Error": "TripBookingFailed", "Cause": "the trip could not be booked"},
			"TripBookingCompensationFailed": map[string]any{"Type": "Fail", "Error": "TripBookingCompensationFailed"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		for name, w := range want["States"].(map[string]any) {
			if g := got["States"].(map[string]any)[name]; !reflect.DeepEqual(g, w) {
				gj, _ := json.MarshalIndent(g, "", "  ")
				wj, _ := json.MarshalIndent(w, "", "  ")
				t.Errorf("state %s:\n--- got\n%s\n--- want\n%s", name, gj, wj)
			}
		}
		t.Errorf("definition differs from language.md §4")
	}
	// §8: states in order: forward steps, Succeed, chain, Fail, compensation failed.
	wantOrder := []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "BookingSucceeded",
		"RefundPayment", "CancelHotel", "CancelFlight", "BookingFailed", "TripBookingCompensationFailed"}
	if order := stateOrder(t, out); !reflect.DeepEqual(order, wantOrder) {
		t.Errorf("state order %v, want %v", order, wantOrder)
	}
}

// stateOrder returns the state names in the order the JSON text lists them.
func stateOrder(t *testing.T, data []byte) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(data)))
	var raw struct {
		States json.RawMessage
	}
	if err := dec.Decode(&raw); err != nil {
		t.Fatal(err)
	}
	sd := json.NewDecoder(strings.NewReader(string(raw.States)))
	sd.Token() // {
	var names []string
	for sd.More() {
		tok, _ := sd.Token()
		names = append(names, tok.(string))
		var skip json.RawMessage
		sd.Decode(&skip)
	}
	return names
}

// TestCompensationProperty compiles random sagas where random steps lack a
// compensation or opt out of compensating their own failure, and checks
// the meaning of language.md §4 on the emitted ASL: from each step's Catch
// the chain runs exactly the compensations of that step (unless it opted
// out) and of every earlier step, in reverse flow order, then Fail; the
// definition has one Task per step and per compensation, and no more.
func TestCompensationProperty(t *testing.T) {
	rng := rand.New(rand.NewSource(20261203))
	for iter := 0; iter < 300; iter++ {
		n := 1 + rng.Intn(25)
		kinds := make([]int, n) // 0 none, 1 compensate, 2 after success
		var flow []string
		var b strings.Builder
		for i := range kinds {
			kinds[i] = rng.Intn(3)
			if i == n-1 && kinds[i] == 2 {
				kinds[i] = 1 // after success on the last step is left out (a warning)
			}
			flow = append(flow, fmt.Sprintf("s%d", i))
		}
		withFail := rng.Intn(2) == 0
		fmt.Fprintf(&b, "saga P < %s > {\n", strings.Join(flow, " -> "))
		if withFail {
			b.WriteString("  fail \"PFail\"\n")
		}
		for i, k := range kinds {
			switch k {
			case 1:
				fmt.Fprintf(&b, "  step s%d { compensate \"Undo%d\" lambda \"${U%d}\" }\n", i, i, i)
			case 2:
				fmt.Fprintf(&b, "  step s%d { compensate \"Undo%d\" lambda \"${U%d}\" after success }\n", i, i, i)
			}
		}
		b.WriteString("}\n")
		src := b.String()
		def := decode(t, compileSource(t, src, nil))
		states := def["States"].(map[string]any)

		comps := 0
		for _, k := range kinds {
			if k != 0 {
				comps++
			}
		}
		hasFail := withFail || comps > 0
		wantStates := n + comps + 1
		if hasFail {
			wantStates++
		}
		if comps > 0 {
			wantStates++
		}
		if len(states) != wantStates {
			t.Fatalf("%d states, want %d (linear size)\n%s", len(states), wantStates, src)
		}
		for i := range kinds {
			st := states[fmt.Sprintf("s%d", i)].(map[string]any)
			catch, ok := st["Catch"].([]any)
			if !hasFail {
				if ok {
					t.Fatalf("step s%d has a Catch but there is nothing to catch into\n%s", i, src)
				}
				continue
			}
			var want []string
			for j := i; j >= 0; j-- {
				if kinds[j] == 1 || (kinds[j] == 2 && j < i) {
					want = append(want, fmt.Sprintf("Undo%d", j))
				}
			}
			failName := "PFailed"
			if withFail {
				failName = "PFail"
			}
			want = append(want, failName)
			var got []string
			next := catch[0].(map[string]any)["Next"].(string)
			for guard := 0; guard <= n+2; guard++ {
				got = append(got, next)
				s := states[next].(map[string]any)
				if s["Type"] == "Fail" {
					break
				}
				next = s["Next"].(string)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("when s%d fails the chain runs %v, want %v\n%s", i, got, want, src)
			}
		}
	}
}
