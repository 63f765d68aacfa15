package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sagac/sagac/internal/testutil"
)

// TestFmtGraphExitCodes pins the exit codes of fmt and graph
// (architecture.md item 8), which the scripts can only see as non-zero.
func TestFmtGraphExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	messy := write("messy.saga", "saga  A<a>\n")
	good := write("good.saga", "saga A < a >\n")
	bad := write("bad.saga", "saga A < a > {\n  stepp a\n}\n")
	failing := write("failing.saga", "saga A < a > { timeout 30 }\n")
	sagas := filepath.Join(testutil.RepoRoot(t), "sagas")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"the examples are formatted", []string{"fmt", "--check", sagas}, ExitOK},
		{"check formatted", []string{"fmt", "--check", good}, ExitOK},
		{"check messy", []string{"fmt", "--check", good, messy}, ExitFindings},
		{"list messy", []string{"fmt", "-l", messy}, ExitOK},
		{"diff messy", []string{"fmt", "--diff", messy}, ExitOK},
		{"does not parse", []string{"fmt", bad}, ExitTrouble},
		{"check does not parse", []string{"fmt", "--check", messy, bad}, ExitTrouble},
		{"missing file", []string{"fmt", filepath.Join(dir, "none.saga")}, ExitTrouble},
		{"check and write", []string{"fmt", "--check", "-w", good}, ExitTrouble},
		{"graph", []string{"graph", good}, ExitOK},
		{"graph of a saga with errors", []string{"graph", failing}, ExitFindings},
		{"graph that does not parse", []string{"graph", bad}, ExitFindings},
		{"graph bad format", []string{"graph", good, "--format", "gif"}, ExitTrouble},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := Main(tt.args, strings.NewReader(""), &stdout, &stderr); got != tt.want {
				t.Errorf("sagac %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(tt.args, " "), got, tt.want, &stdout, &stderr)
			}
		})
	}
}

// TestGraphWithoutDot checks the message when Graphviz is missing.
func TestGraphWithoutDot(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	path := filepath.Join(testutil.RepoRoot(t), "sagas", "minimal.saga")
	for _, format := range []string{"svg", "png"} {
		var stdout, stderr bytes.Buffer
		if got := Main([]string{"graph", path, "--format", format}, strings.NewReader(""), &stdout, &stderr); got != ExitTrouble {
			t.Errorf("--format %s without dot: exit %d, want %d", format, got, ExitTrouble)
		}
		for _, want := range []string{"needs Graphviz's dot", "apt-get install graphviz", "brew install graphviz", "--format dot"} {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("--format %s without dot: stderr lacks %q:\n%s", format, want, &stderr)
			}
		}
		if stdout.Len() != 0 {
			t.Errorf("wrote to stdout: %s", &stdout)
		}
	}
}
