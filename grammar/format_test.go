package grammar_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/grammar"
	"github.com/sagac/sagac/internal/testutil"
)

// TestFormatGolden formats each testdata/fmt/<case>.in.saga and compares
// the result with <case>.out.saga (UPDATE_GOLDEN=1 rewrites them).
func TestFormatGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/fmt/*.in.saga")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs in testdata/fmt: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".in.saga")
		t.Run(name, func(t *testing.T) {
			src := readFile(t, in)
			got := format(t, in, src)
			want := filepath.Join("testdata/fmt", name+".out.saga")
			if os.Getenv("UPDATE_GOLDEN") == "1" {
				if err := os.WriteFile(want, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if w := readFile(t, want); !bytes.Equal(got, w) {
				t.Errorf("format(%s) differs from %s:\n--- got\n%s--- want\n%s", in, want, got, w)
			}
			if err := checkFormat(in, src); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestFormatKeepsMeaning checks the formatter's invariants on every .saga
// file of the repository: examples, goldens, test inputs.
func TestFormatKeepsMeaning(t *testing.T) {
	files := repoSagas(t)
	if len(files) < 3 {
		t.Fatalf("found only %d .saga files in the repository", len(files))
	}
	for _, path := range files {
		t.Run(path, func(t *testing.T) {
			if err := checkFormat(path, readFile(t, path)); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestSagasFormatted fails when a file in sagas/ is not in the canonical
// layout (run `sagac fmt -w sagas/`).
func TestSagasFormatted(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testutil.RepoRoot(t), "sagas", "*.saga"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sagas found: %v", err)
	}
	for _, path := range files {
		src := readFile(t, path)
		if got := format(t, path, src); !bytes.Equal(got, src) {
			t.Errorf("%s is not formatted; run: go run ./cmd/sagac fmt -w sagas/\n--- formatted\n%s", path, got)
		}
	}
}

// TestFormatCases pins layout rules that the goldens do not show clearly.
func TestFormatCases(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no body", "saga  A<a>", "saga A < a >\n"},
		{"empty body", "saga A < a > {\n\n}", "saga A < a > {}\n"},
		{"empty body with comment", "saga A < a > { // c\n}", "saga A < a > { // c\n}\n"},
		{"crlf", "// c\r\nsaga A < a >\r\n", "// c\nsaga A < a >\n"},
		{"no final newline after comment", "saga A < a > // end", "saga A < a > // end\n"},
		{"blank lines collapse", "// a\n\n\n\nsaga A < a >", "// a\n\nsaga A < a >\n"},
		{"step braces dropped", "saga A < a > { step a {} }", "saga A < a > {\n  step a\n}\n"},
		{"one clause other than invoke", "saga A < a > { step a { timeout 3s } }", "saga A < a > {\n  step a { timeout 3s }\n}\n"},
		{"one input clause is a block", "saga A < a > { step a { input $ } }", "saga A < a > {\n  step a {\n    input $\n  }\n}\n"},
		{"comment between keyword and value", "saga A < a > { timeout // t\n 5m }", "saga A < a > {\n  timeout // t\n    5m\n}\n"},
		{"unaligned after a blank line", "saga A < a > { step a \"A\" { invoke lambda \"x\" }\n\n step bbb \"BBBB\" { invoke lambda \"y\" } }",
			"saga A < a > {\n  step a \"A\" { invoke lambda \"x\" }\n\n  step bbb \"BBBB\" { invoke lambda \"y\" }\n}\n"},
		{"holes kept", "saga A < a > { step a { input { , a: 1,, b: [,], c: [1,,], } } }",
			"saga A < a > {\n  step a {\n    input {, a: 1,, b: [,], c: [1,,] }\n  }\n}\n"},
		{"array layout", "saga A < a > { step a { input [ 1 , 2 , ] } }", "saga A < a > {\n  step a {\n    input [1, 2]\n  }\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(format(t, "case.saga", []byte(tt.in)))
			if got != tt.want {
				t.Errorf("format(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if err := checkFormat("case.saga", []byte(tt.in)); err != nil {
				t.Error(err)
			}
		})
	}
}

// FuzzFormat checks, for any input that parses, that the formatted text
// parses to the same tree with the same comments, compiles to the same ASL
// (or fails the same way), and is a fixed point of Format.
func FuzzFormat(f *testing.F) {
	for _, path := range repoSagas(f) {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if err := checkFormat("fuzz.saga", src); err != nil {
			t.Fatal(err)
		}
	})
}

// checkFormat returns an error when Format breaks one of its promises on
// src; an input that does not parse has nothing to check.
func checkFormat(name string, src []byte) error {
	file, diags := grammar.Parse(name, src)
	if diags.HasErrors() {
		return nil
	}
	out := grammar.Format(file, src)
	again, diags := grammar.Parse(name, out)
	if diags.HasErrors() {
		return fmt.Errorf("formatted text does not parse: %v\n%s", diags, out)
	}
	if a, b := shape(file), shape(again); !reflect.DeepEqual(a, b) {
		return fmt.Errorf("formatting changed the syntax tree:\n--- before\n%s\n--- after\n%s\n--- formatted\n%s", a, b, out)
	}
	if twice := grammar.Format(again, out); !bytes.Equal(twice, out) {
		return fmt.Errorf("format is not idempotent:\n--- once\n%s--- twice\n%s", out, twice)
	}
	if a, b := compile(name, src), compile(name, out); a != b {
		return fmt.Errorf("formatting changed the compiled output:\n--- before\n%s\n--- after\n%s\n--- formatted\n%s", a, b, out)
	}
	return nil
}

// compile returns the ASL of src, or its diagnostics' summaries with the
// positions they quote blanked out: formatting moves them.
func compile(name string, src []byte) string {
	saga, diags := compiler.Compile(name, src, compiler.Options{})
	if !diags.HasErrors() {
		out, more := asl.Generate(saga, asl.Options{})
		diags = append(diags, more...)
		if !more.HasErrors() {
			return string(out)
		}
	}
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s\n", d.Severity, quotedPosition.ReplaceAllString(d.Summary, "L:C"))
	}
	return b.String()
}

var quotedPosition = regexp.MustCompile(`\b\d+:\d+\b`)

// shape prints a syntax tree without positions, with empty and nil slices
// alike, comments by their text: what formatting must keep. Objects and
// arrays print as their entries, a comma with nothing before it as a hole:
// the canonical layout adds or drops a trailing comma, which the grammar
// keeps as a separator with nothing after it.
func shape(v any) string {
	var b strings.Builder
	writeShape(&b, reflect.ValueOf(v), 0)
	return b.String()
}

var positionType = reflect.TypeOf(lexer.Position{})

func writeShape(b *strings.Builder, v reflect.Value, depth int) {
	pad := strings.Repeat("  ", depth)
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		switch x := v.Interface().(type) {
		case *grammar.Object:
			var entries []*grammar.ObjectMember
			for i, s := range x.Rest {
				if i == 0 {
					entries = append(entries, x.First)
				}
				entries = append(entries, s.Member)
			}
			if len(x.Rest) == 0 && x.First != nil {
				entries = append(entries, x.First)
			}
			if n := len(entries); n > 0 && entries[n-1] == nil {
				entries = entries[:n-1] // a trailing comma
			}
			b.WriteString("Object ")
			writeShape(b, reflect.ValueOf(entries), depth)
			return
		case *grammar.Array:
			var entries []*grammar.Value
			for i, s := range x.Rest {
				if i == 0 {
					entries = append(entries, x.First)
				}
				entries = append(entries, s.Elem)
			}
			if len(x.Rest) == 0 && x.First != nil {
				entries = append(entries, x.First)
			}
			if n := len(entries); n > 0 && entries[n-1] == nil {
				entries = entries[:n-1]
			}
			b.WriteString("Array ")
			writeShape(b, reflect.ValueOf(entries), depth)
			return
		}
		writeShape(b, v.Elem(), depth)
	case reflect.Struct:
		b.WriteString(v.Type().Name() + " {\n")
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).Type() == positionType {
				continue
			}
			b.WriteString(pad + "  " + v.Type().Field(i).Name + ": ")
			writeShape(b, v.Field(i), depth+1)
			b.WriteString("\n")
		}
		b.WriteString(pad + "}")
	case reflect.Slice:
		b.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			b.WriteString("\n" + pad + "  ")
			writeShape(b, v.Index(i), depth+1)
		}
		b.WriteString("]")
	default:
		fmt.Fprintf(b, "%#v", v.Interface())
	}
}

func format(t testing.TB, name string, src []byte) []byte {
	t.Helper()
	file, diags := grammar.Parse(name, src)
	if diags.HasErrors() {
		t.Fatalf("%s does not parse: %v", name, diags)
	}
	return grammar.Format(file, src)
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// repoSagas lists every .saga file of the repository, skipping hidden
// directories.
func repoSagas(t testing.TB) []string {
	t.Helper()
	root := testutil.RepoRoot(t)
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".saga") {
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			files = append(files, filepath.Join(root, rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
