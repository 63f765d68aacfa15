package graph_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/backends/graph"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/internal/testutil"
	"github.com/sagac/sagac/jsonv"
)

// TestGolden draws every testdata/*.asl.json and every saga of sagas/ and
// compares the DOT and Mermaid text with testdata/<name>.dot and .mmd
// (UPDATE_GOLDEN=1 rewrites them); Graphviz must accept every DOT output.
func TestGolden(t *testing.T) {
	root := testutil.RepoRoot(t)
	inputs, _ := filepath.Glob("testdata/*.asl.json")
	sagas, _ := filepath.Glob(filepath.Join(root, "sagas", "*.saga"))
	if len(inputs) == 0 || len(sagas) == 0 {
		t.Fatal("no inputs in testdata/ or sagas/")
	}
	for _, in := range append(inputs, sagas...) {
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(in), ".asl.json"), ".saga")
		t.Run(name, func(t *testing.T) {
			g := build(t, in)
			for _, out := range []struct {
				ext  string
				data []byte
			}{{".dot", g.DOT()}, {".mmd", g.Mermaid()}} {
				golden := filepath.Join("testdata", name+out.ext)
				if os.Getenv("UPDATE_GOLDEN") == "1" {
					if err := os.WriteFile(golden, out.data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (UPDATE_GOLDEN=1 writes it)", err)
				}
				if !bytes.Equal(out.data, want) {
					t.Errorf("%s differs from %s:\n%s", in, golden, out.data)
				}
			}
			runDot(t, g.DOT())
		})
	}
}

// TestRealWorld draws every definition of the shared real-world corpus:
// each must draw deterministically, and Graphviz must accept the DOT.
func TestRealWorld(t *testing.T) {
	dir := filepath.Join(testutil.SharedDir(t), "corpus", "asl", "realworld")
	var files []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			files = append(files, path)
		}
		return err
	})
	if len(files) < 50 {
		t.Fatalf("only %d definitions under %s", len(files), dir)
	}
	drawn := 0
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			def, diags := jsonv.Parse(path, data)
			if def == nil {
				// The corpus README names the one file that is not JSON.
				if strings.Contains(path, "sfn-iot-data-analytics-dataset") {
					return
				}
				t.Fatalf("does not parse: %v", diags)
			}
			g, diags := graph.Build("corpus", def)
			if diags.HasErrors() {
				t.Fatalf("not drawn: %v", diags)
			}
			again, _ := graph.Build("corpus", def)
			if !bytes.Equal(g.DOT(), again.DOT()) || !bytes.Equal(g.Mermaid(), again.Mermaid()) {
				t.Error("two drawings of the same definition differ")
			}
			checkMermaid(t, g.Mermaid())
			runDot(t, g.DOT())
			drawn++
		})
	}
	if drawn < len(files)-1 {
		t.Errorf("drew %d of %d definitions", drawn, len(files))
	}
}

// TestDocsFresh fails when the diagram committed under docs/ was drawn
// from an older DOT text, or docs/graph.md or README.md shows older
// Mermaid text.
// Regenerate with: go generate ./backends/graph
func TestDocsFresh(t *testing.T) {
	root := testutil.RepoRoot(t)
	g := build(t, filepath.Join(root, "sagas", "trip_booking_compensated.saga"))
	committed, err := os.ReadFile(filepath.Join(root, "docs", "trip_booking_compensated.dot"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, g.DOT()) {
		t.Error("docs/trip_booking_compensated.dot is stale: run go generate ./backends/graph")
	}
	if _, err := os.Stat(filepath.Join(root, "docs", "trip_booking_compensated.svg")); err != nil {
		t.Errorf("the rendered diagram is missing: %v (run go generate ./backends/graph)", err)
	}
	for _, name := range []string{"docs/graph.md", "README.md"} {
		doc, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		block := regexp.MustCompile("(?s)```mermaid\n(.*?)```").FindSubmatch(doc)
		if block == nil {
			t.Fatalf("%s has no ```mermaid block", name)
		}
		if !bytes.Equal(block[1], g.Mermaid()) {
			t.Errorf("the mermaid block of %s is stale; it should be the output of\n  sagac graph sagas/trip_booking_compensated.saga\n%s", name, g.Mermaid())
		}
	}
}

// TestEscaping checks that state names of any characters stay inside
// their quoted labels.
func TestEscaping(t *testing.T) {
	g := build(t, "testdata/names.asl.json")
	dot := string(g.DOT())
	for _, want := range []string{`label="say \"hi\" \\ <b>&amp; #35; %% end"`, `label="line\nbreak\\u0009tab"`, `label="Réservé ✈ 予約 ` + "`tick`" + ` [x] {y} |z|"`} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %s:\n%s", want, dot)
		}
	}
	mmd := string(g.Mermaid())
	for _, want := range []string{`["say #34;hi#34; #92; #60;b#62;#38;amp#59; #35;35#59; #37;#37; end"]`, `Réservé #9992; 予約`} {
		if !strings.Contains(mmd, want) {
			t.Errorf("Mermaid lacks %s:\n%s", want, mmd)
		}
	}
	checkMermaid(t, g.Mermaid())
}

func TestNotAStateMachine(t *testing.T) {
	for _, src := range []string{`[]`, `{"StartAt": "a"}`, `{"States": []}`} {
		def, _ := jsonv.Parse("x.json", []byte(src))
		if _, diags := graph.Build("x", def); !diags.HasErrors() {
			t.Errorf("Build(%s) gave no error", src)
		}
	}
}

// checkMermaid checks what the Mermaid printer promises: every label is
// quoted and holds only letters, digits, safe punctuation and entity codes;
// outside labels there are only generated ids, brackets and arrows.
func checkMermaid(t *testing.T, mmd []byte) {
	t.Helper()
	label := regexp.MustCompile(`"([^"]*)"`)
	safe := regexp.MustCompile(`^(?:[\pL\pN _\-.,:/()$@+=?!'*]|#\d+;)+$`)
	for _, line := range strings.Split(strings.TrimSpace(string(mmd)), "\n")[1:] {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "style ") || strings.HasPrefix(line, "classDef ") ||
			strings.HasPrefix(line, "class ") || strings.HasPrefix(line, "linkStyle ") || line == "end" {
			continue
		}
		for _, m := range label.FindAllStringSubmatch(line, -1) {
			if !safe.MatchString(m[1]) {
				t.Errorf("unsafe Mermaid label %q in: %s", m[1], line)
			}
		}
		rest := label.ReplaceAllString(line, `""`)
		if !regexp.MustCompile(`^(subgraph c\d+ \[""\]|n\d+[\[\(\{>/]+""[\]\)\}/]+|n\d+ (-->|-\.->|==>)(\|""\|)? n\d+)$`).MatchString(rest) {
			t.Errorf("unexpected Mermaid line: %s", line)
		}
	}
}

// build draws a .saga file (compiled first) or an ASL JSON file.
func build(t *testing.T, path string) *graph.Graph {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name := "StateMachine"
	if strings.HasSuffix(path, ".saga") {
		saga, diags := compiler.Compile(path, data, compiler.Options{})
		if diags.HasErrors() {
			t.Fatalf("%v", diags)
		}
		if data, diags = asl.Generate(saga, asl.Options{}); diags.HasErrors() {
			t.Fatalf("%v", diags)
		}
		name = saga.Name
	}
	def, diags := jsonv.Parse(path, data)
	if diags.HasErrors() {
		t.Fatalf("%v", diags)
	}
	g, diags := graph.Build(name, def)
	if diags.HasErrors() {
		t.Fatalf("%v", diags)
	}
	return g
}

// runDot renders DOT with the real Graphviz. Without dot the test is
// skipped, except in CI (CI=true), where .ci/run installs it.
func runDot(t *testing.T, dot []byte) {
	t.Helper()
	svg, err := graph.Render(context.Background(), dot, "svg")
	if errors.Is(err, graph.ErrNoDot) {
		testutil.SkipOrFail(t, "%v (.ci/run installs it): %s", err, graph.InstallHint)
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, dot)
	}
	if !bytes.Contains(svg, []byte("<svg")) {
		t.Fatalf("dot gave no SVG:\n%s", svg)
	}
}
