package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sagac/sagac/diag"
)

// TestHugeSagaSkipsSagaRules: a saga whose failure paths run more states
// than aslsaga.MaxPathStates (3,000 compensated steps: about 4.5 million)
// is linted in bounded time and memory; the saga rules stand down with one
// info finding instead of judging from a partial recovery.
func TestHugeSagaSkipsSagaRules(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a 3,000-step saga")
	}
	var b strings.Builder
	ids := make([]string, 3000)
	for i := range ids {
		ids[i] = fmt.Sprintf("s%d", i)
	}
	fmt.Fprintf(&b, "saga Huge < %s > {\n", strings.Join(ids, " -> "))
	for i := range ids {
		fmt.Fprintf(&b, "  step s%d { timeout 10s compensate \"C%d\" lambda \"f\" { timeout 10s } }\n", i, i)
	}
	b.WriteString("}\n")
	skipped, sagaFindings := 0, 0
	for _, d := range LintSaga("huge.saga", []byte(b.String()), Options{}) {
		if d.Severity == diag.Info && strings.Contains(d.Summary, "saga rules skipped") {
			skipped++
		}
		if r := RuleByID(d.Code); r != nil && r.Family == "saga" {
			sagaFindings++
		}
	}
	if skipped != 1 || sagaFindings != 0 {
		t.Errorf("%d skip notices and %d saga findings; want one notice and none", skipped, sagaFindings)
	}
}
