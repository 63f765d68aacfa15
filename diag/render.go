package diag

import (
	"bytes"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Files maps a file name to its contents, so a renderer can quote source lines.
type Files map[string][]byte

// WriteText renders the diagnostics, canonically ordered, in the compiler
// style: "file:line:col: error: message", then the source line and a caret
// line under the subject (tabs in the source line are copied so the caret
// lines up in any terminal), then the detail, if any.
func WriteText(w io.Writer, ds Diagnostics, files Files) error {
	var b strings.Builder
	// Diagnostics come sorted by position, so each file's lines are found
	// by scanning on from the previous one, not from the start each time.
	cursors := map[string]*lineCursor{}
	for _, d := range ds.Canonical() {
		b.WriteString(d.Error())
		b.WriteByte('\n')
		if d.Subject != nil {
			if src, ok := files[d.Subject.Filename]; ok {
				c := cursors[d.Subject.Filename]
				if c == nil {
					c = &lineCursor{src: src, line: 1}
					cursors[d.Subject.Filename] = c
				}
				if line, ok := c.get(d.Subject.Start.Line); ok {
					writeSnippet(&b, line, *d.Subject)
				}
			}
		}
		if d.Detail != "" {
			for _, line := range strings.Split(d.Detail, "\n") {
				b.WriteString("  = ")
				b.WriteString(line)
				b.WriteByte('\n')
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// SourceLine returns the text of the 1-based line of src, without its line
// ending, or false when the line does not exist.
func SourceLine(src []byte, line int) (string, bool) {
	if line < 1 {
		return "", false
	}
	start := 0
	for n := 1; n < line; n++ {
		i := indexByte(src[start:], '\n')
		if i < 0 {
			return "", false
		}
		start += i + 1
	}
	end := indexByte(src[start:], '\n')
	var text []byte
	if end < 0 {
		text = src[start:]
	} else {
		text = src[start : start+end]
	}
	if line == 1 {
		text = bytes.TrimPrefix(text, []byte("\uFEFF")) // a byte order mark takes no column
	}
	return strings.TrimSuffix(string(text), "\r"), true
}

// lineCursor finds lines of one source, remembering where the last one
// started: asking for lines in increasing order costs one pass in all.
type lineCursor struct {
	src   []byte
	line  int // the line that starts at offset start
	start int
}

// get returns the text of the 1-based line n, as SourceLine does.
func (c *lineCursor) get(n int) (string, bool) {
	if n < 1 {
		return "", false
	}
	if n < c.line {
		c.line, c.start = 1, 0
	}
	for c.line < n {
		i := indexByte(c.src[c.start:], '\n')
		if i < 0 {
			return "", false
		}
		c.start += i + 1
		c.line++
	}
	return SourceLine(c.src[c.start:], 1)
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// maxSnippet bounds the quoted source line, so a 10 MB single-line input does
// not print 10 MB of context.
const maxSnippet = 200

// writeSnippet writes the source line holding r and a caret line under r.
func writeSnippet(b *strings.Builder, line string, r Range) {
	line = strings.ToValidUTF8(line, "\uFFFD")
	runes := []rune(line)
	col := r.Start.Column - 1
	if col < 0 {
		col = 0
	}
	if col > len(runes) {
		col = len(runes)
	}
	width := 1
	if r.End.Line == r.Start.Line && r.End.Column > r.Start.Column {
		width = r.End.Column - r.Start.Column
	} else if r.End.Line > r.Start.Line {
		width = len(runes) - col
	}
	if width < 1 {
		width = 1
	}
	// Window a long line around the subject.
	from := 0
	if col > maxSnippet/2 {
		from = col - maxSnippet/2
	}
	to := len(runes)
	if to-from > maxSnippet {
		to = from + maxSnippet
	}
	if col+width > to {
		width = to - col
		if width < 1 {
			width = 1
		}
	}
	shown := runes[from:to]
	for i, r := range shown {
		if r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029') {
			shown[i] = utf8.RuneError
		}
	}
	b.WriteString("  ")
	b.WriteString(string(shown))
	b.WriteByte('\n')
	b.WriteString("  ")
	for _, r := range runes[from:col] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteByte('^')
	for i := 1; i < width; i++ {
		b.WriteByte('~')
	}
	b.WriteByte('\n')
}
