package asl_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/internal/testutil"
)

// goldenOptions reads the options a golden case asks for on a first line
// such as "// sagac: --partition aws-cn --var K=V".
func goldenOptions(t *testing.T, src []byte) (compiler.Options, asl.Options) {
	copts := compiler.Options{Vars: map[string]string{}}
	var aopts asl.Options
	first, _, _ := bytes.Cut(src, []byte("\n"))
	rest, ok := strings.CutPrefix(string(first), "// sagac:")
	if !ok {
		return copts, aopts
	}
	fields := strings.Fields(rest)
	for i := 0; i+1 < len(fields); i += 2 {
		switch fields[i] {
		case "--partition":
			aopts.Partition = fields[i+1]
		case "--var":
			k, v, _ := strings.Cut(fields[i+1], "=")
			copts.Vars[k] = v
		case "--strict":
			copts.Strict = true
			i--
		default:
			t.Fatalf("unknown golden option %q", fields[i])
		}
	}
	return copts, aopts
}

// compileFile compiles one .saga file to ASL bytes, failing on any error.
func compileFile(t *testing.T, path string) []byte {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copts, aopts := goldenOptions(t, src)
	saga, diags := compiler.Compile(filepath.Base(path), src, copts)
	if diags.HasErrors() {
		var b bytes.Buffer
		diag.WriteText(&b, diags, diag.Files{filepath.Base(path): src})
		t.Fatalf("compile %s:\n%s", path, b.String())
	}
	out, diags := asl.Generate(saga, aopts)
	if diags.HasErrors() {
		t.Fatalf("generate %s: %v", path, diags)
	}
	return out
}

// TestGolden compiles every clause case in testdata/compile and every
// example in sagas/, and compares with the golden ASL beside it.
func TestGolden(t *testing.T) {
	root := testutil.RepoRoot(t)
	cases, _ := filepath.Glob(filepath.Join(root, "testdata", "compile", "*.saga"))
	examples, _ := filepath.Glob(filepath.Join(root, "sagas", "*.saga"))
	if len(cases) < 15 || len(examples) < 3 {
		t.Fatalf("found %d cases and %d examples; the test data is missing", len(cases), len(examples))
	}
	for _, path := range append(cases, examples...) {
		name := strings.TrimSuffix(filepath.Base(path), ".saga")
		golden := strings.TrimSuffix(path, ".saga") + ".asl.json"
		if filepath.Base(filepath.Dir(path)) == "sagas" {
			golden = filepath.Join(root, "testdata", "compile", "sagas", name+".asl.json")
		}
		t.Run(name, func(t *testing.T) {
			out := compileFile(t, path)
			testutil.Golden(t, golden, out)
			if again := compileFile(t, path); !bytes.Equal(out, again) {
				t.Errorf("two compilations of %s differ", path)
			}
		})
	}
}
