package diff_test

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sagac/sagac/diff"
	"github.com/sagac/sagac/jsonv"
)

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// apply applies a unified diff to old the way patch(1) does, checking
// every context and removed line and every hunk's counts.
func apply(t *testing.T, old string, unified string) string {
	t.Helper()
	src := strings.SplitAfter(old, "\n")
	lines := strings.SplitAfter(unified, "\n")
	if !strings.HasPrefix(lines[0], "--- ") || !strings.HasPrefix(lines[1], "+++ ") {
		t.Fatalf("no file header: %q", lines[:2])
	}
	var out []string
	pos := 0 // next line of src to copy, 0-based
	for i := 2; i < len(lines) && lines[i] != ""; {
		m := hunkHeader.FindStringSubmatch(strings.TrimSuffix(lines[i], "\n"))
		if m == nil {
			t.Fatalf("line %d: not a hunk header: %q", i+1, lines[i])
		}
		count := func(s string) int {
			if s == "" {
				return 1
			}
			n, _ := strconv.Atoi(s)
			return n
		}
		oldStart, oldCount, newCount := count(m[1]), count(m[2]), count(m[4])
		if oldCount == 0 {
			oldStart++ // an empty range names the line before it
		}
		out = append(out, src[pos:oldStart-1]...)
		pos = oldStart - 1
		i++
		gotOld, gotNew := 0, 0
		for ; i < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "@@"); i++ {
			body := lines[i][1:]
			switch lines[i][0] {
			case ' ', '-':
				if src[pos] != body {
					t.Fatalf("hunk line %q does not match old line %d %q", lines[i], pos+1, src[pos])
				}
				pos++
				gotOld++
				if lines[i][0] == ' ' {
					out = append(out, body)
					gotNew++
				}
			case '+':
				out = append(out, body)
				gotNew++
			}
		}
		if gotOld != oldCount || gotNew != newCount {
			t.Fatalf("hunk %s: %d old and %d new lines", m[0], gotOld, gotNew)
		}
	}
	return strings.Join(append(out, src[pos:]...), "")
}

// TestUnifiedApplies: for every case, the unified diff turns the canonical
// old text into the canonical new text.
func TestUnifiedApplies(t *testing.T) {
	dirs, _ := filepath.Glob("../testdata/diff/*")
	for _, dir := range dirs {
		old, new := load(t, dir, "old"), load(t, dir, "new")
		var b bytes.Buffer
		if err := diff.WriteUnified(&b, "old", "new", old, new, diff.TextOptions{}); err != nil {
			t.Fatal(err)
		}
		a, want := string(jsonv.Marshal(jsonv.Canonical(old))), string(jsonv.Marshal(jsonv.Canonical(new)))
		if a == want {
			if b.Len() != 0 {
				t.Errorf("%s: equal sides gave a diff:\n%s", dir, b.String())
			}
			continue
		}
		if got := apply(t, a, b.String()); got != want {
			t.Errorf("%s: the diff does not apply:\n%s", dir, b.String())
		}
		if strings.Contains(b.String(), "\x1b[") {
			t.Errorf("%s: colors without Color", dir)
		}
	}
}

// TestColor: Color paints removed lines red, added ones green, the class
// column by class; without it there is no escape sequence.
func TestColor(t *testing.T) {
	dir := "../testdata/diff/compensation_removed"
	old, new := load(t, dir, "old"), load(t, dir, "new")
	var b bytes.Buffer
	if err := diff.WriteUnified(&b, "old", "new", old, new, diff.TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\x1b[31m-") || !strings.Contains(b.String(), "\x1b[36m@@") {
		t.Errorf("no colors in:\n%q", b.String()[:200])
	}
	b.Reset()
	if err := diff.Compare(old, new).WriteText(&b, diff.TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "\x1b[1m\x1b[31mbreaking") {
		t.Errorf("breaking not in bold red: %q", b.String())
	}
}
