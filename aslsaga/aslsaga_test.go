package aslsaga_test

import (
	"github.com/sagac/sagac/internal/testutil/sagatest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sagac/sagac/aslsaga"
	"github.com/sagac/sagac/jsonv"
)

// definition reads a test input: a .saga file is compiled to ASL first, a
// .json file is read as it is.
func definition(t *testing.T, path string) *jsonv.Value {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sagatest.Definition(t, path, src)
}

// TestTripBooking pins the structure of the compensated trip saga to the
// meaning language.md §4 gives it, written out by hand.
func TestTripBooking(t *testing.T) {
	s := aslsaga.Recover(definition(t, "../sagas/trip_booking_compensated.saga"))
	if len(s.Notes) != 0 {
		t.Errorf("notes: %v", s.Notes)
	}
	wantForward := []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "BookingSucceeded"}
	if !reflect.DeepEqual(s.Forward, wantForward) {
		t.Errorf("Forward = %v, want %v", s.Forward, wantForward)
	}
	if got, want := s.Steps(), wantForward[:3]; !reflect.DeepEqual(got, want) {
		t.Errorf("Steps = %v, want %v", got, want)
	}
	tests := []struct {
		step          string
		compensations []string
	}{
		{"ReserveFlight", []string{"CancelFlight"}},
		{"ReserveHotel", []string{"CancelHotel", "CancelFlight"}},
		{"ProcessPayment", []string{"RefundPayment", "CancelHotel", "CancelFlight"}},
	}
	for _, tt := range tests {
		f := s.OnAnyError(tt.step)
		if f == nil {
			t.Errorf("OnAnyError(%s) = nil", tt.step)
			continue
		}
		if !reflect.DeepEqual(f.Compensations, tt.compensations) {
			t.Errorf("%s: compensations %v, want %v", tt.step, f.Compensations, tt.compensations)
		}
		if want := append(append([]string(nil), tt.compensations...), "BookingFailed"); !reflect.DeepEqual(f.Path, want) {
			t.Errorf("%s: path %v, want %v", tt.step, f.Path, want)
		}
		if f.Terminal != "BookingFailed" || f.Catch != 0 {
			t.Errorf("%s: terminal %q catch %d, want BookingFailed 0", tt.step, f.Terminal, f.Catch)
		}
		c := s.State(tt.step).Catches[0]
		if !c.CatchesAll() || !strings.HasPrefix(c.ResultPathString(), "$.errors.") {
			t.Errorf("%s: catch %v %s", tt.step, c.Errors, c.ResultPathString())
		}
	}
	roles := map[string]aslsaga.Role{
		"ReserveFlight": aslsaga.RoleForward, "BookingSucceeded": aslsaga.RoleSuccess,
		"RefundPayment": aslsaga.RoleCompensation, "BookingFailed": aslsaga.RoleFailure,
		"TripBookingCompensationFailed": aslsaga.RoleFailure,
	}
	for name, want := range roles {
		if got := s.State(name).Role; got != want {
			t.Errorf("role of %s = %v, want %v", name, got, want)
		}
	}
	var order []string
	for _, st := range s.Ordered() {
		order = append(order, st.Name)
	}
	wantOrder := []string{"ReserveFlight", "ReserveHotel", "ProcessPayment", "BookingSucceeded",
		"RefundPayment", "CancelHotel", "CancelFlight", "BookingFailed", "TripBookingCompensationFailed"}
	if !reflect.DeepEqual(order, wantOrder) {
		t.Errorf("Ordered = %v, want %v", order, wantOrder)
	}
}

// TestNoCatch: a saga without compensation or fail clause catches nothing,
// so each step's failure ends the execution with its own error.
func TestNoCatch(t *testing.T) {
	s := aslsaga.Recover(definition(t, "../sagas/trip_booking.saga"))
	if len(s.Failures) != 3 {
		t.Fatalf("Failures = %d, want 3", len(s.Failures))
	}
	for _, f := range s.Failures {
		if f.Catch != -1 || f.Path != nil || f.Terminal != "" {
			t.Errorf("%s: %+v, want no catch", f.Step, f)
		}
		if s.OnAnyError(f.Step) != f {
			t.Errorf("OnAnyError(%s) is not its only failure", f.Step)
		}
	}
}

// TestGolden describes every definition under testdata/ (and the example
// sagas) and compares with testdata/<case>.txt; UPDATE_GOLDEN=1 rewrites
// them. The goldens were reviewed against the definitions by hand.
func TestGolden(t *testing.T) {
	inputs, _ := filepath.Glob("testdata/*.json")
	sagas, _ := filepath.Glob("testdata/*.saga")
	examples, _ := filepath.Glob("../sagas/*.saga")
	inputs = append(append(inputs, sagas...), examples...)
	if len(inputs) < 8 {
		t.Fatalf("found only %d inputs", len(inputs))
	}
	for _, in := range inputs {
		base := filepath.Base(in)
		name := strings.TrimSuffix(base, filepath.Ext(base))
		if strings.HasPrefix(in, "..") {
			name = "example_" + name
		}
		t.Run(name, func(t *testing.T) {
			s := aslsaga.Recover(definition(t, in))
			var b strings.Builder
			b.WriteString(s.Describe())
			for _, n := range s.Notes {
				b.WriteString("note: ")
				b.WriteString(n.Pointer)
				b.WriteString(": ")
				b.WriteString(n.Summary)
				b.WriteString("\n")
			}
			golden := filepath.Join("testdata", name+".txt")
			if os.Getenv("UPDATE_GOLDEN") == "1" {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with UPDATE_GOLDEN=1 to create it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("Describe(%s):\n%s\nwant:\n%s", in, b.String(), want)
			}
		})
	}
}

// TestNeverPanics feeds values that are not state machines.
func TestNeverPanics(t *testing.T) {
	for _, v := range []*jsonv.Value{
		nil,
		jsonv.NewNull(),
		jsonv.NewObject(),
		jsonv.NewObject().Set("StartAt", jsonv.NewNumber("1")).Set("States", jsonv.NewArray()),
		jsonv.NewObject().Set("StartAt", jsonv.NewString("A")).Set("States", jsonv.NewObject().
			Set("A", jsonv.NewObject().Set("Type", jsonv.NewString("Parallel")).
				Set("Branches", jsonv.NewArray(jsonv.NewNull())).
				Set("Catch", jsonv.NewArray(jsonv.NewNull(), jsonv.NewObject())).
				Set("End", jsonv.NewBool(true)))),
	} {
		s := aslsaga.Recover(v)
		_ = s.Describe()
		if v != nil && v.Kind == jsonv.Object && len(v.Members) > 0 && len(s.Notes) == 0 {
			t.Errorf("no notes for %s", jsonv.MarshalCompact(v))
		}
	}
}
