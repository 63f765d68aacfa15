// Package diag holds source positions and diagnostics shared by every phase of
// sagac: the parser, the compiler, the ASL reader, lint, diff and deploy.
//
// A phase returns (T, Diagnostics) instead of stopping at the first error, so a
// user sees every problem of a file at once. Diagnostics render like a good
// compiler's: "file:line:col: error: message", then the source line and a caret.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a point in a source file. Line and Column are 1-based; Column counts
// runes (a tab is one column). Offset is the 0-based byte offset.
type Pos struct {
	Line   int
	Column int
	Offset int
}

// String formats the position as "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// Range is a span of a source file, from Start up to (not including) End.
type Range struct {
	Filename string
	Start    Pos
	End      Pos
}

// String formats the range's start as "file:line:col".
func (r Range) String() string {
	if r.Filename == "" {
		return r.Start.String()
	}
	return r.Filename + ":" + r.Start.String()
}

// Ptr returns a pointer to a copy of r, for Diagnostic.Subject.
func (r Range) Ptr() *Range { return &r }

// Severity says how bad a diagnostic is.
type Severity int

// The severities, from worst to mildest.
const (
	Error Severity = iota
	Warning
	Info
)

// String returns "error", "warning" or "info".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// Diagnostic is one finding about a source file.
type Diagnostic struct {
	Severity Severity
	// Code is a stable identifier (a lint rule ID such as "SAGA001");
	// empty for compile errors.
	Code string
	// Summary is the one-line message: lowercase, no trailing period.
	Summary string
	// Detail is optional extra text printed after the snippet (a hint).
	Detail string
	// Subject is where the problem is; nil for a problem of the whole input.
	Subject *Range
	// Pointer is a JSON pointer (RFC 6901) into an ASL document, when the
	// finding is about one ("/States/ReserveHotel/Catch/0").
	Pointer string
}

// Errorf builds an error diagnostic at r with a formatted summary.
func Errorf(r Range, format string, args ...any) *Diagnostic {
	return &Diagnostic{Severity: Error, Summary: fmt.Sprintf(format, args...), Subject: r.Ptr()}
}

// Warningf builds a warning diagnostic at r with a formatted summary.
func Warningf(r Range, format string, args ...any) *Diagnostic {
	return &Diagnostic{Severity: Warning, Summary: fmt.Sprintf(format, args...), Subject: r.Ptr()}
}

// Error formats the diagnostic on one line, without a snippet.
func (d *Diagnostic) Error() string {
	var b strings.Builder
	if d.Subject != nil {
		b.WriteString(d.Subject.String())
		b.WriteString(": ")
	}
	b.WriteString(d.Severity.String())
	if d.Code != "" {
		b.WriteString(" ")
		b.WriteString(d.Code)
	}
	b.WriteString(": ")
	b.WriteString(d.Summary)
	return b.String()
}

// Diagnostics is a list of findings; it implements error.
type Diagnostics []*Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the error diagnostics.
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Error joins the one-line forms of all diagnostics.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// Canonical returns the diagnostics sorted by file, position, severity, code
// and message, with exact duplicates removed. The input is not modified.
func (ds Diagnostics) Canonical() Diagnostics {
	out := append(Diagnostics(nil), ds...)
	sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	dedup := out[:0]
	for i, d := range out {
		if i > 0 && same(out[i-1], d) {
			continue
		}
		dedup = append(dedup, d)
	}
	return dedup
}

func less(a, b *Diagnostic) bool {
	af, bf := subjectKey(a), subjectKey(b)
	if af.Filename != bf.Filename {
		return af.Filename < bf.Filename
	}
	if af.Start.Offset != bf.Start.Offset {
		return af.Start.Offset < bf.Start.Offset
	}
	if af.Start.Line != bf.Start.Line {
		return af.Start.Line < bf.Start.Line
	}
	if af.Start.Column != bf.Start.Column {
		return af.Start.Column < bf.Start.Column
	}
	if a.Severity != b.Severity {
		return a.Severity < b.Severity
	}
	if a.Code != b.Code {
		return a.Code < b.Code
	}
	return a.Summary < b.Summary
}

func subjectKey(d *Diagnostic) Range {
	if d.Subject == nil {
		return Range{}
	}
	return *d.Subject
}

func same(a, b *Diagnostic) bool {
	return a.Severity == b.Severity && a.Code == b.Code && a.Summary == b.Summary &&
		a.Detail == b.Detail && a.Pointer == b.Pointer && subjectKey(a) == subjectKey(b)
}
