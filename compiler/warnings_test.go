package compiler_test

import (
	"strings"
	"testing"

	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/diag"
)

// TestWarnings: programs that compile, with the warning they deserve at
// the right place (and none where there is nothing to say).
func TestWarnings(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // "" for no warning; else "line:col: substring"
	}{
		{"compensation reads its own step's result",
			"saga W < seat > {\n  step seat { compensate \"Release\" lambda \"f\" { input { id: $.results.seat.Payload.id } } }\n}\n",
			"2:61: but this compensation also runs when seat itself fails"},
		{"compensation reads its own step's custom result path",
			"saga W < charge -> ship > {\n  step charge { result $.payment compensate \"Refund\" lambda \"f\" { input { id: $['payment'].transactionId } } }\n}\n",
			"2:79: but this compensation also runs when charge itself fails"},
		{"a path that only starts with the same letters is another path",
			"saga W < charge -> ship > {\n  step charge { result $.payment compensate \"Refund\" lambda \"f\" { input { id: $.paymentId } } }\n}\n",
			""},
		{"after success makes reading the result safe",
			"saga W < seat -> pay > {\n  step seat { compensate \"Release\" lambda \"f\" after success { input { id: $.results.seat.Payload.id } } }\n}\n",
			""},
		{"after success on the last step can never run",
			"saga W < a -> seat > {\n  step seat { compensate \"Release\" lambda \"f\" after success }\n}\n",
			"2:26: Release can never run"},
		{"results at the top level: reading the saga's input is no error",
			"saga W < a -> b > {\n  results $\n  step b { input { id: $.order.id, prev: $.a.Payload } }\n}\n",
			""},
		{"compensation failed without compensations",
			"saga W < a > {\n  compensation failed \"Stuck\"\n}\n",
			"2:3: the saga has no compensation, so compensation failed has no effect"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := compiler.Compile("w.saga", []byte(tc.src), compiler.Options{})
			if diags.HasErrors() {
				t.Fatalf("errors: %v", diags)
			}
			var warnings []*diag.Diagnostic
			for _, d := range diags {
				if d.Severity == diag.Warning {
					warnings = append(warnings, d)
				}
			}
			if tc.want == "" {
				if len(warnings) > 0 {
					t.Errorf("unexpected warnings: %v", diag.Diagnostics(warnings))
				}
				return
			}
			pos, text, _ := strings.Cut(tc.want, ": ")
			if len(warnings) != 1 || warnings[0].Subject.Start.String() != pos || !strings.Contains(warnings[0].Summary, text) {
				t.Errorf("got %v, want one warning at %s containing %q", diag.Diagnostics(warnings), pos, text)
			}
		})
	}
}
