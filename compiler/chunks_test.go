package compiler_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/internal/testutil"
)

// expectation is one "// ### COL "regexp"" marker.
type expectation struct {
	line, col int // col 0: at this line or after (end of file)
	re        *regexp.Regexp
	met       bool
}

var markerRE = regexp.MustCompile(`###(\^?) (\d+) "((?:[^"\\]|\\.)*)"`)

// chunk is one input of a .chunks file, padded with empty lines so that its
// line numbers are those of the whole file.
type chunk struct {
	src    string
	expect []*expectation
}

func readChunks(t *testing.T, path string) []chunk {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var chunks []chunk
	var cur []string
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		var c chunk
		c.src = strings.Repeat("\n", start) + strings.Join(cur, "\n") + "\n"
		for i, l := range cur {
			for _, m := range markerRE.FindAllStringSubmatch(l, -1) {
				line := start + i + 1
				if m[1] == "^" {
					line--
				}
				col, _ := strconv.Atoi(m[2])
				pattern := strings.ReplaceAll(m[3], `\"`, `"`)
				c.expect = append(c.expect, &expectation{line: line, col: col, re: regexp.MustCompile(pattern)})
			}
		}
		chunks = append(chunks, c)
	}
	for i, l := range lines {
		if l == "---" {
			flush(i)
			start, cur = i+1, nil
			continue
		}
		if start >= 0 {
			cur = append(cur, l)
		}
	}
	flush(len(lines))
	return chunks
}

// TestChunks runs the dense negative tests of testdata/compile/errors:
// every error must be expected at its line and column, and every
// expectation met; the rendered text has the caret under the column.
func TestChunks(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testutil.RepoRoot(t), "testdata", "compile", "errors", "*.chunks"))
	if len(files) == 0 {
		t.Fatal("no .chunks files")
	}
	total := 0
	for _, file := range files {
		for i, c := range readChunks(t, file) {
			total++
			name := fmt.Sprintf("%s#%d", filepath.Base(file), i+1)
			t.Run(name, func(t *testing.T) {
				filename := filepath.Base(file)
				saga, diags := compiler.Compile(filename, []byte(c.src), compiler.Options{})
				if !diags.HasErrors() {
					_, more := asl.Generate(saga, asl.Options{})
					diags = append(diags, more...)
				}
				if len(c.expect) == 0 {
					t.Fatal("chunk has no expectation")
				}
				for _, d := range diags.Errors() {
					if d.Subject == nil {
						t.Errorf("error without a position: %s", d.Summary)
						continue
					}
					found := false
					for _, e := range c.expect {
						at := d.Subject.Start.Line == e.line && d.Subject.Start.Column == e.col
						if e.col == 0 {
							at = d.Subject.Start.Line >= e.line
						}
						if at && e.re.MatchString(d.Summary) {
							e.met, found = true, true
							break
						}
					}
					if !found {
						t.Errorf("unexpected error %s", d.Error())
					}
				}
				for _, e := range c.expect {
					if !e.met {
						t.Errorf("expected an error at %d:%d matching %q; got:\n%s", e.line, e.col, e.re, diags.Error())
					}
				}
				var b bytes.Buffer
				diag.WriteText(&b, diags, diag.Files{filename: []byte(c.src)})
				if !strings.Contains(b.String(), "^") || strings.Contains(b.String(), "goroutine") {
					t.Errorf("rendered diagnostics lack a caret:\n%s", b.String())
				}
			})
		}
	}
	if total < 25 {
		t.Errorf("only %d chunks", total)
	}
}
