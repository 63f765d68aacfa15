package compiler_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/diag"
)

// FuzzCompile: no input makes the compiler panic; every error has a
// position inside the file; every definition compiled is valid JSON.
func FuzzCompile(f *testing.F) {
	for _, pattern := range []string{"../sagas/*.saga", "../testdata/compile/*.saga"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("saga A < a -> b > { step a { input { x: [1, {y: $.z}], } } }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		saga, diags := compiler.Compile("fuzz.saga", src, compiler.Options{})
		for _, d := range diags {
			if d.Subject == nil {
				t.Fatalf("diagnostic without position: %s", d.Summary)
			}
		}
		var sink discard
		diag.WriteText(&sink, diags, diag.Files{"fuzz.saga": src})
		if diags.HasErrors() {
			return
		}
		out, diags := asl.Generate(saga, asl.Options{})
		if diags.HasErrors() {
			return
		}
		if !jsonValid(out) {
			t.Fatalf("invalid JSON emitted:\n%s", out)
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
