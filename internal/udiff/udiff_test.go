package udiff

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	tests := []struct{ name, a, b, want string }{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line changed", "a\nb\nc\n", "a\nB\nc\n", "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"insert into empty", "", "x\n", "--- old\n+++ new\n@@ -0,0 +1 @@\n+x\n"},
		{"delete all", "x\ny\n", "", "--- old\n+++ new\n@@ -1,2 +0,0 @@\n-x\n-y\n"},
		{"no newline at end", "a\nb", "a\nb\n", "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\nY\n12\n",
			"--- old\n+++ new\n@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+Y\n 12\n"},
		{"contexts touch: one hunk", "1\n2\n3\n4\n5\n6\n7\n8\n", "1\nX\n3\n4\n5\n6\nY\n8\n",
			"--- old\n+++ new\n@@ -1,8 +1,8 @@\n 1\n-2\n+X\n 3\n 4\n 5\n 6\n-7\n+Y\n 8\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Unified("old", "new", []byte(tt.a), []byte(tt.b)))
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if tt.want != "" {
				checkApplies(t, tt.a, tt.b, got)
			}
		})
	}
}

// TestUnifiedApplies checks on random line edits that applying the diff to
// the old text gives the new one, with the search limit and without.
func TestUnifiedApplies(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 300; n++ {
		a := randomText(r)
		b := mutate(r, a)
		d := Unified("old", "new", []byte(a), []byte(b))
		if a == b {
			if d != nil {
				t.Fatalf("diff of equal texts: %s", d)
			}
			continue
		}
		checkApplies(t, a, b, string(d))
		x, y := splitLines(a), splitLines(b)
		for _, limit := range []int{0, 1} {
			ops := myers(x, y, limit)
			if got := render(ops, '-'); got != a {
				t.Fatalf("limit %d: old side %q, want %q", limit, got, a)
			}
			if got := render(ops, '+'); got != b {
				t.Fatalf("limit %d: new side %q, want %q", limit, got, b)
			}
		}
	}
}

// TestUnifiedPatch feeds a diff to patch(1), when installed.
func TestUnifiedPatch(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch(1) is not installed")
	}
	dir := t.TempDir()
	a := "saga A < a > {\n  step a\n}\nend"
	b := "saga A < a > {\n\n  step a \"A\"\n}\nend\n"
	file := filepath.Join(dir, "x.saga")
	if err := os.WriteFile(file, []byte(a), 0o644); err != nil {
		t.Fatal(err)
	}
	d := Unified("x.saga.orig", "x.saga", []byte(a), []byte(b))
	cmd := exec.Command(patch, "--quiet", file)
	cmd.Stdin = bytes.NewReader(d)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s\n%s", err, out, d)
	}
	got, _ := os.ReadFile(file)
	if string(got) != b {
		t.Errorf("patched file %q, want %q", got, b)
	}
}

func render(ops []op, side byte) string {
	var b strings.Builder
	for _, o := range ops {
		if o.kind == ' ' || o.kind == side {
			b.WriteString(o.line)
		}
	}
	return b.String()
}

func randomText(r *rand.Rand) string {
	var b strings.Builder
	for i := r.Intn(30); i > 0; i-- {
		b.WriteString(strconv.Itoa(r.Intn(6)))
		b.WriteByte('\n')
	}
	s := b.String()
	if s != "" && r.Intn(4) == 0 {
		s = s[:len(s)-1]
	}
	return s
}

func mutate(r *rand.Rand, s string) string {
	lines := splitLines(s)
	for i := r.Intn(5); i > 0; i-- {
		switch k := r.Intn(3); {
		case k == 0 && len(lines) > 0:
			j := r.Intn(len(lines))
			lines = append(lines[:j], lines[j+1:]...)
		case k == 1:
			j := r.Intn(len(lines) + 1)
			lines = append(lines[:j], append([]string{fmt.Sprintf("n%d\n", r.Intn(3))}, lines[j:]...)...)
		case len(lines) > 0:
			lines[r.Intn(len(lines))] = "c\n"
		}
	}
	out := strings.Join(lines, "")
	if out != "" && r.Intn(4) == 0 {
		out = strings.TrimSuffix(out, "\n")
	}
	return out
}

// checkApplies applies a unified diff to a and compares with b.
func checkApplies(t *testing.T, a, b, diff string) {
	t.Helper()
	got, err := apply(a, diff)
	if err != nil {
		t.Fatalf("%v\n%s", err, diff)
	}
	if got != b {
		t.Fatalf("applying the diff gave %q, want %q\n%s", got, b, diff)
	}
}

// apply is a strict unified-diff applier: every context and deleted line
// must match the old text at the hunk's stated position.
func apply(a, diff string) (string, error) {
	old := splitLines(a)
	lines := splitLines(diff)
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "--- ") || !strings.HasPrefix(lines[1], "+++ ") {
		return "", fmt.Errorf("missing headers")
	}
	var out []string
	pos := 0
	for i := 2; i < len(lines); {
		h := lines[i]
		parts := strings.Fields(h)
		if len(parts) != 4 || parts[0] != "@@" || parts[3] != "@@" || parts[1][0] != '-' || parts[2][0] != '+' {
			return "", fmt.Errorf("bad hunk header %q", h)
		}
		oldStart, oc := parseRange(parts[1][1:])
		_, nc := parseRange(parts[2][1:])
		start := oldStart - 1
		if oc == 0 {
			start = oldStart
		}
		if start < pos {
			return "", fmt.Errorf("hunks overlap")
		}
		out = append(out, old[pos:start]...)
		pos = start
		i++
		seenOld, seenNew := 0, 0
		for i < len(lines) && !strings.HasPrefix(lines[i], "@@") {
			l := lines[i]
			i++
			body := l[1:]
			if i < len(lines) && lines[i] == "\\ No newline at end of file\n" {
				body = strings.TrimSuffix(body, "\n")
				i++
			}
			switch l[0] {
			case ' ', '-':
				if pos >= len(old) || old[pos] != body {
					return "", fmt.Errorf("line %d: %q does not match %q", pos+1, body, old[min(pos, len(old)-1)])
				}
				pos++
				seenOld++
				if l[0] == ' ' {
					out = append(out, body)
					seenNew++
				}
			case '+':
				out = append(out, body)
				seenNew++
			default:
				return "", fmt.Errorf("bad line %q", l)
			}
		}
		if seenOld != oc || seenNew != nc {
			return "", fmt.Errorf("hunk %q has %d old and %d new lines", h, seenOld, seenNew)
		}
	}
	out = append(out, old[pos:]...)
	return strings.Join(out, ""), nil
}

func parseRange(s string) (start, count int) {
	a, b, ok := strings.Cut(s, ",")
	start, _ = strconv.Atoi(a)
	if !ok {
		return start, 1
	}
	count, _ = strconv.Atoi(b)
	return start, count
}
