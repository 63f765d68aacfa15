// Package docs_test compiles every ```saga block of README.md and docs/*.md,
// and every file in sagas/, so the documentation cannot rot.
package docs_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/internal/testutil"
)

// sagaBlocks returns the ```saga fenced blocks of a Markdown text with the
// line each starts on.
func sagaBlocks(text string) (blocks []string, lines []int) {
	var cur []string
	in := false
	start := 0
	for i, l := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(l)
		switch {
		case !in && trimmed == "```saga":
			in, cur, start = true, nil, i+2
		case in && trimmed == "```":
			in = false
			blocks = append(blocks, strings.Join(cur, "\n")+"\n")
			lines = append(lines, start)
		case in:
			cur = append(cur, l)
		}
	}
	return blocks, lines
}

func TestDocsCompile(t *testing.T) {
	root := testutil.RepoRoot(t)
	docs, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	docs = append(docs, filepath.Join(root, "README.md"))
	total := 0
	for _, doc := range docs {
		data, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		blocks, lines := sagaBlocks(string(data))
		for i, b := range blocks {
			total++
			name := filepath.Base(doc)
			saga, diags := compiler.Compile(name, []byte(b), compiler.Options{})
			if diags.HasErrors() {
				t.Errorf("%s: the saga block at line %d does not compile:\n%v", name, lines[i], diags)
				continue
			}
			if _, diags := asl.Generate(saga, asl.Options{}); diags.HasErrors() {
				t.Errorf("%s: the saga block at line %d does not lower:\n%v", name, lines[i], diags)
			}
		}
	}
	if total < 5 {
		t.Errorf("only %d saga blocks in README.md and docs/", total)
	}
	sagas, _ := filepath.Glob(filepath.Join(root, "sagas", "*.saga"))
	for _, path := range sagas {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, diags := compiler.Compile(filepath.Base(path), src, compiler.Options{}); diags.HasErrors() {
			t.Errorf("%s does not compile:\n%v", path, diags)
		}
	}
}
