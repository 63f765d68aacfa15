package lint

import (
	"strings"
	"testing"
)

// TestUncompensatedStepOnSaga: for a .saga the rule reads the IR, so mixed
// styles (after success beside the default) are judged exactly.
func TestUncompensatedStepOnSaga(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // positions of SAGA_UNCOMPENSATED_STEP findings
	}{
		{"after success beside the default: all undone", `saga Opt < flight -> hotel -> payment > {
  step flight  "ReserveFlight"  { compensate "CancelFlight" lambda "f" }
  step hotel   "ReserveHotel"   { compensate "CancelHotel" lambda "h" after success }
}
`, nil},
		{"a first step without compensation before a compensated one", `saga Mix < flight -> hotel -> payment > {
  step flight  "ReserveFlight"  {}
  step hotel   "ReserveHotel"   { compensate "CancelHotel" lambda "h" }
}
`, []string{"2:16"}},
		{"the last step has nothing after it to fail", `saga Last < a -> b > {
  step a { compensate "UndoA" lambda "f" }
}
`, nil},
		{"a comment says no compensation is needed", `saga Note < a -> b > {
  step a { comment "read only: no compensation needed" }
  step b { compensate "UndoB" lambda "f" }
}
`, nil},
		{"no rollback at all: another rule's concern", `saga Plain < a -> b >
`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, d := range LintSaga("t.saga", []byte(tc.src), Options{}) {
				if d.Code == "SAGA_UNCOMPENSATED_STEP" {
					got = append(got, d.Subject.Start.String())
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("findings at %v, want %v", got, tc.want)
			}
		})
	}
}
