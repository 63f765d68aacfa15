package conformance_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/conformance"
	"github.com/sagac/sagac/conformance/aslcheck"
	"github.com/sagac/sagac/conformance/engine"
	"github.com/sagac/sagac/conformance/localsfn"
	"github.com/sagac/sagac/conformance/moto"
	"github.com/sagac/sagac/conformance/nodetool"
	"github.com/sagac/sagac/diag"
)

// compiled is one saga compiled by sagac.
type compiled struct {
	name       string
	saga       *ir.Saga
	definition []byte
}

// options reads the options a golden case asks for on its first line, as
// the golden test does: "// sagac: --partition aws-cn --var K=V --strict".
func options(t *testing.T, src []byte) (compiler.Options, asl.Options) {
	t.Helper()
	copts := compiler.Options{Vars: map[string]string{}}
	var aopts asl.Options
	first, _, _ := bytes.Cut(src, []byte("\n"))
	rest, ok := strings.CutPrefix(string(first), "// sagac:")
	if !ok {
		return copts, aopts
	}
	fields := strings.Fields(rest)
	for i := 0; i < len(fields); i++ {
		switch {
		case fields[i] == "--strict":
			copts.Strict = true
		case fields[i] == "--partition" && i+1 < len(fields):
			aopts.Partition = fields[i+1]
			i++
		case fields[i] == "--var" && i+1 < len(fields):
			k, v, _ := strings.Cut(fields[i+1], "=")
			copts.Vars[k] = v
			i++
		default:
			t.Fatalf("unknown option %q", fields[i])
		}
	}
	return copts, aopts
}

// compileAll compiles every example in sagas/ and every golden case in
// testdata/compile.
func compileAll(t *testing.T) []compiled {
	t.Helper()
	root, err := nodetool.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	examples, _ := filepath.Glob(filepath.Join(root, "sagas", "*.saga"))
	cases, _ := filepath.Glob(filepath.Join(root, "testdata", "compile", "*.saga"))
	if len(examples) < 3 || len(cases) < 15 {
		t.Fatalf("found %d examples and %d golden cases; the test data is missing", len(examples), len(cases))
	}
	var out []compiled
	for _, path := range append(examples, cases...) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		copts, aopts := options(t, src)
		name := filepath.Base(filepath.Dir(path)) + "/" + filepath.Base(path)
		saga, diags := compiler.Compile(filepath.Base(path), src, copts)
		if diags.HasErrors() {
			var b bytes.Buffer
			diag.WriteText(&b, diags, diag.Files{filepath.Base(path): src})
			t.Fatalf("compile %s:\n%s", name, b.String())
		}
		def, diags := asl.Generate(saga, aopts)
		if diags.HasErrors() {
			t.Fatalf("generate %s: %v", name, diags)
		}
		out = append(out, compiled{name: name, saga: saga, definition: def})
	}
	return out
}

// TestSagasPassValidators runs asl-validator and statelint on the
// definition of every example saga and every golden case.
func TestSagasPassValidators(t *testing.T) {
	all := compileAll(t)
	_, err := nodetool.Dir()
	engine.Require(t, err)
	defs := make([][]byte, len(all))
	for i, c := range all {
		defs[i] = c.definition
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	findings, err := aslcheck.ValidateAll(ctx, defs)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range all {
		for _, f := range findings[i] {
			t.Errorf("%s: %s", c.name, f)
		}
	}
}

// TestSagasRunAsTheyMean runs every scenario of every example saga and
// golden case on moto and aws-local-stepfunctions (see verify).
func TestSagasRunAsTheyMean(t *testing.T) {
	for _, c := range compileAll(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			verify(t, c.definition, c.saga)
		})
	}
}

// TestCompensatedTripPaymentFailure pins the issue's own statement, an
// outside truth the derivation must meet: in the compensated trip saga, a
// failure of ProcessPayment enters exactly these states and fails with the
// saga's error, on both engines.
func TestCompensatedTripPaymentFailure(t *testing.T) {
	var trip *compiled
	for _, c := range compileAll(t) {
		if c.name == "sagas/trip_booking_compensated.saga" {
			trip = &c
		}
	}
	if trip == nil {
		t.Fatal("sagas/trip_booking_compensated.saga not found")
	}
	scenarios, err := conformance.Scenarios(trip.saga)
	if err != nil {
		t.Fatal(err)
	}
	var s *conformance.Scenario
	for i := range scenarios {
		if scenarios[i].Name == "step-payment-fails" {
			s = &scenarios[i]
		}
	}
	if s == nil {
		t.Fatal("no step-payment-fails scenario")
	}
	want := []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "RefundPayment", "CancelHotel", "CancelFlight", "BookingFailed"}
	if !slices.Equal(s.Want.States, want) || s.Want.Error != "TripBookingFailed" {
		t.Fatalf("derived %v ending in %q, want %v ending in TripBookingFailed", s.Want.States, s.Want.Error, want)
	}
	engine.Require(t, localsfn.Engine{}.Available())
	server, err := moto.Shared()
	engine.Require(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for _, e := range []engine.Engine{localsfn.Engine{}, server} {
		x, err := e.Execute(ctx, s.Request(trip.definition))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(x.StateNames(), want) || x.Status != engine.Failed || x.Error != "TripBookingFailed" {
			t.Errorf("%s: entered %v, %s %q; want %v, FAILED TripBookingFailed", e.Name(), x.StateNames(), x.Status, x.Error, want)
		}
	}
}
