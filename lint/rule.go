package lint

import (
	"fmt"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/jsonv"
)

// Rule is one lint check: data, so the registry, the docs, SARIF's rule
// table and the config all read the same list.
type Rule struct {
	// ID is stable: configs, ignore comments and code scanning key on it.
	ID string
	// Summary is the one-line purpose, as docs/lint-rules.md gives it.
	Summary string
	// Severity is the default severity; a config can change it.
	Severity diag.Severity
	// Family is "asl" for structure rules, "saga" for saga rules and
	// "input" for rules about the input itself (JSON syntax, ignore
	// comments), which the reader reports rather than a Check.
	Family string
	// Check runs the rule on a document and reports through the pass; nil
	// for the "input" rules, reported while reading.
	Check func(p *Pass)
}

// Pass is one rule's run over one document.
type Pass struct {
	Doc   *Document
	Rule  *Rule
	diags diag.Diagnostics
	// done holds the pointers once has seen.
	done map[string]bool
}

// once reports whether this is the first time the rule asks about ptr: the
// saga rules judge each way through a Choice, and the steps before the
// Choice lie on every way, so each finding is reported once.
func (p *Pass) once(ptr string) bool {
	if p.done[ptr] {
		return false
	}
	if p.done == nil {
		p.done = map[string]bool{}
	}
	p.done[ptr] = true
	return true
}

// Report records a finding about value v (its range is the subject) at
// JSON pointer ptr.
func (p *Pass) Report(v *jsonv.Value, ptr string, format string, args ...any) {
	var r diag.Range
	if v != nil {
		r = v.Range
	}
	p.report(r, ptr, fmt.Sprintf(format, args...))
}

// ReportState records a finding about a state as a whole; its subject is
// the state's name.
func (p *Pass) ReportState(s *State, format string, args ...any) {
	p.report(s.NameRange, s.Pointer, fmt.Sprintf(format, args...))
}

// ReportField records a finding about a member of an object: its subject
// is the member's key, and ptr is the pointer of the object.
func (p *Pass) ReportField(m *jsonv.Member, objPtr string, format string, args ...any) {
	p.report(m.KeyRange, ptrJoin(objPtr, m.Key), fmt.Sprintf(format, args...))
}

func (p *Pass) report(r diag.Range, ptr, msg string) {
	d := &diag.Diagnostic{Severity: p.Rule.Severity, Code: p.Rule.ID, Summary: msg, Pointer: ptr}
	if r.Filename == "" {
		r.Filename = p.Doc.Filename
	}
	d.Subject = r.Ptr()
	p.diags = append(p.diags, d)
}

// Rules returns every registered rule, in the order docs/lint-rules.md
// lists them: input rules, ASL structure rules, then saga rules.
func Rules() []*Rule { return registry }

// RuleByID returns the rule with the given ID, or nil.
func RuleByID(id string) *Rule {
	for _, r := range registry {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// DiagRules returns the rule table in the form diag's SARIF writer wants,
// with each rule's help link pointing into docs/lint-rules.md.
func DiagRules() []diag.Rule {
	out := make([]diag.Rule, len(registry))
	for i, r := range registry {
		out[i] = diag.Rule{ID: r.ID, Summary: r.Summary, Severity: r.Severity,
			HelpURI: "https://github.com/sagac/sagac/blob/main/docs/lint-rules.md#" + anchor(r.ID)}
	}
	return out
}

// anchor is the Markdown heading anchor of a rule ID (GitHub lowercases
// headings and keeps underscores).
func anchor(id string) string {
	b := []byte(id)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
