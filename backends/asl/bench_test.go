package asl_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
)

// generatedSaga writes a saga of n steps, each with a compensation and a
// retry, like a real long saga.
func generatedSaga(n int) []byte {
	var b strings.Builder
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("s%d", i)
	}
	fmt.Fprintf(&b, "saga Generated < %s > {\n", strings.Join(ids, " -> "))
	for i := range ids {
		fmt.Fprintf(&b, "  step s%d \"Step%d\" {\n    invoke lambda \"${Fn%d}\"\n    retry Lambda.TooManyRequestsException max 3 every 1s backoff 2\n    compensate \"Undo%d\" lambda \"${Undo%d}\"\n  }\n", i, i, i, i, i)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// BenchmarkCompile measures the whole front-to-back compile (parse, check,
// lower, encode) of generated sagas; time should grow linearly with steps.
func BenchmarkCompile(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 10000} {
		src := generatedSaga(n)
		b.Run(fmt.Sprintf("steps=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for i := 0; i < b.N; i++ {
				saga, diags := compiler.Compile("gen.saga", src, compiler.Options{})
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				if _, diags := asl.Generate(saga, asl.Options{}); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		})
	}
}

// TestSizeLimitWarning: a definition over the service's 1,048,576
// characters compiles, with a warning that names the limit.
func TestSizeLimitWarning(t *testing.T) {
	for _, tc := range []struct {
		steps int
		warn  bool
	}{{100, false}, {2000, true}} {
		saga, diags := compiler.Compile("gen.saga", generatedSaga(tc.steps), compiler.Options{})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		out, diags := asl.Generate(saga, asl.Options{})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		warned := len(diags) == 1 && strings.Contains(diags[0].Summary, "at most 1048576")
		if warned != tc.warn {
			t.Errorf("%d steps (%d bytes): warned=%v, want %v (%v)", tc.steps, len(out), warned, tc.warn, diags)
		}
	}
}
