// Package udiff writes line diffs in the unified format that patch(1) and
// `git apply` read, as `diff -u` does: `---`/`+++` headers, hunks with three
// lines of context, and the "\ No newline at end of file" marker.
package udiff

import (
	"fmt"
	"strings"
)

// Context is the number of unchanged lines shown around each change.
const Context = 3

// maxEdits bounds the search for a shortest edit script, which costs
// memory quadratic in the number of edits; past it the differing middle of
// the files is shown as one replacement (still a correct diff).
const maxEdits = 2000

// Unified returns the unified diff that turns a (named oldName) into b
// (named newName), or nil when they are equal.
func Unified(oldName, newName string, a, b []byte) []byte {
	if string(a) == string(b) {
		return nil
	}
	x, y := splitLines(string(a)), splitLines(string(b))
	ops := diffLines(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(ops) {
		writeHunk(&out, ops, h)
	}
	return []byte(out.String())
}

// op is one line of an edit script: ' ' kept, '-' deleted, '+' inserted.
type op struct {
	kind byte
	line string // with its "\n", if it has one
}

// splitLines splits s after each "\n"; a last line without one is kept.
func splitLines(s string) []string {
	var lines []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// diffLines returns an edit script from x to y: the common prefix and
// suffix, and a shortest edit script (Myers) for the middle.
func diffLines(x, y []string) []op {
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []op
	for _, l := range x[:pre] {
		ops = append(ops, op{' ', l})
	}
	ops = append(ops, myers(x[pre:len(x)-suf], y[pre:len(y)-suf], maxEdits)...)
	for _, l := range x[len(x)-suf:] {
		ops = append(ops, op{' ', l})
	}
	return ops
}

// myers is the greedy shortest-edit-script algorithm of Myers (1986),
// keeping each round's frontier to trace the path back; past limit edits
// it gives up and replaces x by y.
func myers(x, y []string, limit int) []op {
	n, m := len(x), len(y)
	total := n + m
	if total == 0 {
		return nil
	}
	offset := total + 1
	v := make([]int, 2*total+3)
	var trace [][]int
	found := false
	for d := 0; d <= total && d <= limit; d++ {
		// Round d reads only diagonals -d-1 … d+1 of the frontier.
		trace = append(trace, append([]int(nil), v[offset-d-1:offset+d+2]...))
		for k := -d; k <= d; k += 2 {
			var i int
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				i = v[offset+k+1] // down: insert
			} else {
				i = v[offset+k-1] + 1 // right: delete
			}
			j := i - k
			for i < n && j < m && x[i] == y[j] {
				i++
				j++
			}
			v[offset+k] = i
			if i >= n && j >= m {
				found = true
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		ops := make([]op, 0, n+m)
		for _, l := range x {
			ops = append(ops, op{'-', l})
		}
		for _, l := range y {
			ops = append(ops, op{'+', l})
		}
		return ops
	}
	// Walk back from (n, m) through the saved frontiers.
	var rev []op
	i, j := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vd := trace[d]
		at := func(k int) int { return vd[k+d+1] }
		k := i - j
		var prevK int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevI := at(prevK)
		prevJ := prevI - prevK
		for i > prevI && j > prevJ {
			i--
			j--
			rev = append(rev, op{' ', x[i]})
		}
		if d == 0 {
			break
		}
		if i == prevI {
			j--
			rev = append(rev, op{'+', y[j]})
		} else {
			i--
			rev = append(rev, op{'-', x[i]})
		}
	}
	ops := make([]op, len(rev))
	for k, o := range rev {
		ops[len(rev)-1-k] = o
	}
	return ops
}

// hunk is a range [start, end) of the edit script.
type hunk struct{ start, end int }

// hunks groups the changes with Context lines around them, merging hunks
// whose contexts touch.
func hunks(ops []op) []hunk {
	var hs []hunk
	for i, o := range ops {
		if o.kind == ' ' {
			continue
		}
		start, end := max(0, i-Context), min(len(ops), i+Context+1)
		if n := len(hs); n > 0 && start <= hs[n-1].end {
			hs[n-1].end = max(hs[n-1].end, end)
			continue
		}
		hs = append(hs, hunk{start, end})
	}
	return hs
}

func writeHunk(out *strings.Builder, ops []op, h hunk) {
	oldStart, newStart := 1, 1
	for _, o := range ops[:h.start] {
		if o.kind != '+' {
			oldStart++
		}
		if o.kind != '-' {
			newStart++
		}
	}
	oldCount, newCount := 0, 0
	for _, o := range ops[h.start:h.end] {
		if o.kind != '+' {
			oldCount++
		}
		if o.kind != '-' {
			newCount++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", hunkRange(oldStart, oldCount), hunkRange(newStart, newCount))
	for _, o := range ops[h.start:h.end] {
		out.WriteByte(o.kind)
		out.WriteString(o.line)
		if !strings.HasSuffix(o.line, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange writes a hunk's line range as diff -u does: "start,count",
// "start" alone for one line, the line before for none.
func hunkRange(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprintf("%d", start)
	}
	return fmt.Sprintf("%d,%d", start, count)
}
