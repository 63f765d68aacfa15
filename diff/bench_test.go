package diff_test

import (
	"fmt"
	"github.com/sagac/sagac/internal/testutil/sagatest"
	"strings"
	"testing"

	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/diff"
	"github.com/sagac/sagac/jsonv"
)

// bigSaga compiles a saga of n steps, each with a compensation (2n+3
// states); hotRetry is the MaxAttempts of step 10's retry, and the
// compensation of step 20 is left out when dropComp is set.
func bigSaga(tb testing.TB, n, hotRetry int, dropComp bool) *jsonv.Value {
	tb.Helper()
	var b strings.Builder
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("s%d", i)
	}
	fmt.Fprintf(&b, "saga Big < %s > {\n", strings.Join(ids, " -> "))
	for i, id := range ids {
		fmt.Fprintf(&b, "  step %s \"Step%d\" {\n    invoke lambda \"${Fn%d}\"\n", id, i, i)
		if i == 10 {
			fmt.Fprintf(&b, "    retry Custom.Error max %d\n", hotRetry)
		}
		if !(dropComp && i == 20) {
			fmt.Fprintf(&b, "    compensate \"Undo%d\" lambda \"${Undo%d}\"\n", i, i)
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
	out := sagatest.ASL(tb, "big.saga", []byte(b.String()), compiler.Options{})
	v, diags := jsonv.Parse("big.json", out)
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	return v
}

// BenchmarkDiff diffs two definitions of 2,003 states (1,000 steps, 1,000
// compensations) that differ in one retry and one removed compensation.
func BenchmarkDiff(b *testing.B) {
	old, new := bigSaga(b, 1000, 3, false), bigSaga(b, 1000, 6, true)
	if n := len(old.Get("States").Members); n < 2000 {
		b.Fatalf("only %d states", n)
	}
	res := diff.Compare(old, new)
	if len(res.Changes) != 2 || res.Count(diff.Breaking) != 1 {
		for _, c := range res.Changes {
			b.Log(c.Summary)
		}
		b.Fatalf("%d changes, want 2 (one breaking)", len(res.Changes))
	}
	b.ResetTimer()
	for b.Loop() {
		diff.Compare(old, new)
	}
}
