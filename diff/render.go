// This file renders a Result: the text report (one line a change and a
// summary line), the JSON report, and the unified diff of the canonical
// JSON of both sides.

package diff

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/sagac/sagac/jsonv"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// TextOptions control the text rendering.
type TextOptions struct {
	// Color adds ANSI colors (for a terminal).
	Color bool
}

const (
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
	dim    = "\x1b[2m"
	bold   = "\x1b[1m"
	reset  = "\x1b[0m"
)

// maxShown is how many characters of a value the text report prints.
const maxShown = 100

// short renders a value as compact JSON, cut to maxShown characters.
func short(v *jsonv.Value) string {
	s := string(jsonv.MarshalCompact(v))
	if r := []rune(s); len(r) > maxShown {
		return string(r[:maxShown-1]) + "…"
	}
	return s
}

// Summary returns the summary line: "3 changes: 1 breaking, 2 behavioral,
// 0 cosmetic", or "no changes".
func (r *Result) Summary() string {
	if r.Equal() {
		return "no changes"
	}
	noun := "changes"
	if len(r.Changes) == 1 {
		noun = "change"
	}
	return fmt.Sprintf("%d %s: %d breaking, %d behavioral, %d cosmetic",
		len(r.Changes), noun, r.Count(Breaking), r.Count(Behavioral), r.Count(Cosmetic))
}

// WriteText writes one line per change, its class first, then a blank line
// and the summary line. It writes nothing when the definitions are equal.
func (r *Result) WriteText(w io.Writer, opts TextOptions) error {
	if r.Equal() {
		return nil
	}
	var b strings.Builder
	for _, c := range r.Changes {
		class := fmt.Sprintf("%-10s", c.Class)
		if opts.Color {
			switch c.Class {
			case Breaking:
				class = bold + red + class + reset
			case Behavioral:
				class = yellow + class + reset
			default:
				class = dim + class + reset
			}
		}
		fmt.Fprintf(&b, "%s  %s %s\n", class, c.Marker(), printable(c.Summary))
	}
	fmt.Fprintf(&b, "\n%s\n", r.Summary())
	_, err := io.WriteString(w, b.String())
	return err
}

// printable escapes control and format characters (a state name may hold
// any), so a definition cannot move the cursor, clear the line or start a
// fake line of the report: each becomes \uXXXX.
func printable(s string) string {
	if strings.IndexFunc(s, needsEscape) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if needsEscape(r) {
			fmt.Fprintf(&b, "\\u%04X", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// JSON returns the report as a JSON value:
//
//	{"equal": false,
//	 "summary": {"changes": 1, "breaking": 0, "behavioral": 1, "cosmetic": 0},
//	 "changes": [{"class": "behavioral", "kind": "field-changed",
//	   "state": "ReserveHotel", "field": "Retry[0].MaxAttempts",
//	   "pointer": "/States/ReserveHotel/Retry/0/MaxAttempts",
//	   "old": 3, "new": 6, "summary": "ReserveHotel.Retry[0].MaxAttempts: 3 -> 6"}]}
//
// Absent members (no old value, no field) are left out.
func (r *Result) JSON() *jsonv.Value {
	count := func(n int) *jsonv.Value { return jsonv.NewNumber(strconv.Itoa(n)) }
	changes := jsonv.NewArray()
	for _, c := range r.Changes {
		o := jsonv.NewObject().
			Set("class", jsonv.NewString(c.Class.String())).
			Set("kind", jsonv.NewString(string(c.Kind)))
		if c.State != "" {
			o.Set("state", jsonv.NewString(c.State))
		}
		if c.OldName != "" {
			o.Set("oldName", jsonv.NewString(c.OldName))
		}
		if c.Field != "" {
			o.Set("field", jsonv.NewString(c.Field))
		}
		if c.Pointer != "" {
			o.Set("pointer", jsonv.NewString(c.Pointer))
		}
		if c.Old != nil {
			o.Set("old", c.Old)
		}
		if c.New != nil && c.Kind != StateAdded {
			o.Set("new", c.New)
		}
		if len(c.Steps) > 0 {
			steps := jsonv.NewArray()
			for _, s := range c.Steps {
				steps.Elems = append(steps.Elems, jsonv.NewString(s))
			}
			o.Set("whenFails", steps)
		}
		o.Set("summary", jsonv.NewString(c.Summary))
		changes.Elems = append(changes.Elems, o)
	}
	return jsonv.NewObject().
		Set("equal", jsonv.NewBool(r.Equal())).
		Set("summary", jsonv.NewObject().
			Set("changes", count(len(r.Changes))).
			Set("breaking", count(r.Count(Breaking))).
			Set("behavioral", count(r.Count(Behavioral))).
			Set("cosmetic", count(r.Count(Cosmetic)))).
		Set("changes", changes)
}

// WriteJSON writes the JSON report (2-space indent, final newline).
func (r *Result) WriteJSON(w io.Writer) error {
	_, err := w.Write(jsonv.Marshal(r.JSON()))
	return err
}

// contextLines is the number of unchanged lines around each hunk.
const contextLines = 3

// WriteUnified writes a unified diff ("--- old", "+++ new", "@@" hunks) of
// the canonical JSON of the two definitions (jsonv.Canonical: keys sorted,
// numbers in one spelling), so only real differences show. It writes
// nothing when the canonical texts are equal.
func WriteUnified(w io.Writer, oldName, newName string, old, new *jsonv.Value, opts TextOptions) error {
	a := string(jsonv.Marshal(jsonv.Canonical(old)))
	b := string(jsonv.Marshal(jsonv.Canonical(new)))
	if a == b {
		return nil
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // no deadline: the same inputs give the same diff
	ra, rb, lines := dmp.DiffLinesToRunes(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(ra, rb, false), lines)

	type line struct {
		op   diffmatchpatch.Operation
		text string
	}
	var all []line
	for _, d := range diffs {
		text := strings.TrimSuffix(d.Text, "\n")
		for _, l := range strings.Split(text, "\n") {
			all = append(all, line{d.Type, l})
		}
	}
	paint := func(color, s string) string {
		if opts.Color {
			return color + s + reset
		}
		return s
	}
	var out strings.Builder
	out.WriteString(paint(bold, "--- "+oldName) + "\n")
	out.WriteString(paint(bold, "+++ "+newName) + "\n")
	// Walk the lines, cutting hunks around changes with contextLines of
	// context; two changes closer than 2*contextLines share a hunk.
	for i := 0; i < len(all); {
		if all[i].op == diffmatchpatch.DiffEqual {
			i++
			continue
		}
		start := max(0, i-contextLines)
		end := i
		for end < len(all) {
			if all[end].op != diffmatchpatch.DiffEqual {
				end++
				continue
			}
			run := end
			for run < len(all) && all[run].op == diffmatchpatch.DiffEqual {
				run++
			}
			if run == len(all) || run-end > 2*contextLines {
				end = min(len(all), end+contextLines)
				break
			}
			end = run
		}
		oldStart, newStart := 1, 1
		for _, l := range all[:start] {
			if l.op != diffmatchpatch.DiffInsert {
				oldStart++
			}
			if l.op != diffmatchpatch.DiffDelete {
				newStart++
			}
		}
		oldCount, newCount := 0, 0
		for _, l := range all[start:end] {
			if l.op != diffmatchpatch.DiffInsert {
				oldCount++
			}
			if l.op != diffmatchpatch.DiffDelete {
				newCount++
			}
		}
		out.WriteString(paint(cyan, fmt.Sprintf("@@ -%s +%s @@", hunkRange(oldStart, oldCount), hunkRange(newStart, newCount))) + "\n")
		for _, l := range all[start:end] {
			switch l.op {
			case diffmatchpatch.DiffDelete:
				out.WriteString(paint(red, "-"+l.text) + "\n")
			case diffmatchpatch.DiffInsert:
				out.WriteString(paint(green, "+"+l.text) + "\n")
			default:
				out.WriteString(" " + l.text + "\n")
			}
		}
		i = end
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// hunkRange formats a unified-diff range: "start,count", with GNU diff's
// conventions for an empty range (the line before it) and a single line.
func hunkRange(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return strconv.Itoa(start)
	}
	return fmt.Sprintf("%d,%d", start, count)
}
