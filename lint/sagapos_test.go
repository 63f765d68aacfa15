package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/internal/testutil"
)

// TestSagaPositions lints the .saga files of testdata/sagapos and compares
// the findings, with their source lines and carets, to golden files: each
// finding points at the clause or value that wrote the field it is about
// (UPDATE_GOLDEN=1 rewrites them).
func TestSagaPositions(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "sagapos", "*.saga"))
	if len(files) == 0 {
		t.Fatal("no .saga files in testdata/sagapos")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ds := Lint(file, src, Options{})
			var b bytes.Buffer
			if err := diag.WriteText(&b, ds, diag.Files{file: src}); err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, strings.TrimSuffix(file, ".saga")+".golden", b.Bytes())
		})
	}
}
