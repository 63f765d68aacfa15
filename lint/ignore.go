package lint

import (
	"fmt"
	"strings"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/grammar"
)

// ignoreDirective is the comment prefix that silences a finding.
const ignoreDirective = "sagac:ignore"

// ignore is one "// sagac:ignore RULE_ID reason" comment.
type ignore struct {
	rule  string
	line  int // the source line whose findings it silences
	at    diag.Range
	used  bool
	known bool
}

type ignores []*ignore

// parseIgnores reads the sagac:ignore comments of a .saga file. A comment
// alone on its line applies to the next line holding code; a comment after
// code applies to its own line. An ignore without a reason, or naming an
// unknown rule, is itself an IGNORE_COMMENT warning.
func parseIgnores(filename string, src []byte) (ignores, diag.Diagnostics) {
	f, _ := grammar.Parse(filename, src)
	if f == nil {
		return nil, nil
	}
	lines := strings.Split(string(src), "\n")
	var out ignores
	var ds diag.Diagnostics
	for _, c := range f.Comments {
		text := strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
		if !strings.HasPrefix(text, ignoreDirective) {
			continue
		}
		r := diag.Range{Filename: filename, Start: diag.Pos{Line: c.Pos.Line, Column: c.Pos.Column, Offset: c.Pos.Offset},
			End: diag.Pos{Line: c.Pos.Line, Column: c.Pos.Column + len([]rune(c.Text)), Offset: c.Pos.Offset + len(c.Text)}}
		warn := func(format string, args ...any) {
			ds = append(ds, &diag.Diagnostic{Severity: RuleByID("IGNORE_COMMENT").Severity, Code: "IGNORE_COMMENT",
				Summary: fmt.Sprintf(format, args...), Subject: r.Ptr()})
		}
		fields := strings.Fields(strings.TrimPrefix(text, ignoreDirective))
		if len(fields) == 0 {
			warn("sagac:ignore needs a rule ID and a reason: // sagac:ignore RULE_ID why it does not apply here")
			continue
		}
		ig := &ignore{rule: fields[0], at: r, line: targetLine(lines, c.Pos.Line, c.Pos.Column)}
		if RuleByID(ig.rule) == nil {
			hint := ""
			ids := make([]string, len(registry))
			for i, rr := range registry {
				ids[i] = rr.ID
			}
			if m := closest(ig.rule, ids); m != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", m)
			}
			warn("sagac:ignore names an unknown rule %q%s", ig.rule, hint)
		} else {
			ig.known = true
		}
		if len(fields) == 1 {
			warn("sagac:ignore %s gives no reason: say why the rule does not apply here", ig.rule)
		}
		out = append(out, ig)
	}
	return out, ds
}

// targetLine returns the line an ignore comment at (line, col) covers.
func targetLine(lines []string, line, col int) int {
	if line-1 < len(lines) {
		before := []rune(lines[line-1])
		if col-1 <= len(before) && strings.TrimSpace(string(before[:col-1])) != "" {
			return line
		}
	}
	for l := line + 1; l <= len(lines); l++ {
		t := strings.TrimSpace(lines[l-1])
		if t != "" && !strings.HasPrefix(t, "//") {
			return l
		}
	}
	return line
}

// filter drops the findings an ignore covers and warns about ignores that
// matched nothing.
func (igs ignores) filter(ds diag.Diagnostics) diag.Diagnostics {
	var out diag.Diagnostics
	for _, d := range ds {
		silenced := false
		for _, ig := range igs {
			if d.Code == ig.rule && d.Subject != nil && d.Subject.Start.Line == ig.line && d.Subject.Filename == ig.at.Filename {
				ig.used = true
				silenced = true
			}
		}
		if !silenced {
			out = append(out, d)
		}
	}
	for _, ig := range igs {
		if ig.known && !ig.used {
			out = append(out, &diag.Diagnostic{Severity: RuleByID("IGNORE_COMMENT").Severity, Code: "IGNORE_COMMENT",
				Summary: fmt.Sprintf("sagac:ignore %s matches no finding on line %d: remove it", ig.rule, ig.line), Subject: ig.at.Ptr()})
		}
	}
	return out
}
