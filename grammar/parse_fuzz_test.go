package grammar_test

import (
	"os"
	"testing"
	"unicode/utf8"

	"github.com/sagac/sagac/grammar"
)

// FuzzParse: the parser never panics; a refusal is exactly one syntax
// error whose position lies inside the file; comments are found in order.
func FuzzParse(f *testing.F) {
	for _, path := range repoSagas(f) {
		if src, err := os.ReadFile(path); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("saga A < a -> b > { step a { input { x: [1, {y: $.z}], } } } // end"))
	f.Fuzz(func(t *testing.T, src []byte) {
		file, diags := grammar.Parse("fuzz.saga", src)
		if file == nil {
			if len(diags) != 1 {
				t.Fatalf("a refusal with %d diagnostics: %v", len(diags), diags)
			}
			s := diags[0].Subject
			lines := 1
			for _, c := range src {
				if c == '\n' {
					lines++
				}
			}
			if s == nil || s.Start.Line < 1 || s.Start.Line > lines || s.Start.Column < 1 || s.Start.Offset > len(src) {
				t.Fatalf("syntax error outside the file: %v (file of %d lines, %d bytes)", diags[0], lines, len(src))
			}
			return
		}
		last := -1
		for _, c := range file.Comments {
			if c.Pos.Offset <= last || c.Pos.Offset >= len(src) || !utf8.ValidString(c.Text) && utf8.Valid(src) {
				t.Fatalf("comment out of order or out of the file at %v", c.Pos)
			}
			last = c.Pos.Offset
		}
	})
}
