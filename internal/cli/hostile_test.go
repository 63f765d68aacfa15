package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// run calls sagac in-process and returns its exit code, stdout and stderr.
func run(t *testing.T, stdin []byte, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, bytes.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestHostileInputs: each hostile input gives the right output or a clear
// error with its place, exit 1 or 2, never a panic.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	steps := func(n int) []byte {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("s%d", i)
		}
		return []byte("saga Many < " + strings.Join(ids, " -> ") + " >\n")
	}
	nested := func(n int) []byte {
		return []byte("saga Deep < a > { step a { input { x: " + strings.Repeat("[", n) + strings.Repeat("]", n) + " } } }\n")
	}
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(i*7919 + i*i)
	}
	tests := []struct {
		name   string
		data   []byte
		code   int
		stderr string // regexp
		stdout string // regexp
	}{
		{"100 MB file", bytes.Repeat([]byte("// padding\n"), 100<<20/11+1), 2, `is \d+ bytes; the limit is 8388608 bytes`, ""},
		{"10 MB single line", append([]byte("saga A < a > // "), bytes.Repeat([]byte("x"), 10<<20)...), 2, `the limit is 8388608 bytes`, ""},
		{"10,000 nested brackets", nested(10000), 1, `^f\.saga:1:\d+: error: brackets nested deeper than 100 levels \(the limit grammar\.MaxNesting\)`, ""},
		{"100,000 steps", steps(100000), 1, `^f\.saga:1:\d+: error: the flow names more than 10000 steps \(the limit grammar\.MaxSteps\)`, ""},
		{"10,000 steps: over the service limit, a warning", steps(10000), 0, `warning: the definition is \d+ characters; Step Functions accepts at most 1048576`, `"StartAt": "s0"`},
		{"binary garbage", garbage, 1, `^f\.saga:1:1: error: `, ""},
		{"invalid UTF-8 in a string", []byte("saga A < a > { step a \"x\xff\" }"), 1, `^f\.saga:1:23: error: invalid UTF-8 in string`, ""},
		{"NUL byte", []byte("saga A < a > {\x00}"), 1, `^f\.saga:1:15: error: unexpected character "\\x00"`, ""},
		{"BOM: columns as without it", []byte("\uFEFFsaga A < a > { timeout 3 }"), 1, `^f\.saga:1:24: error: timeout 3 has no unit`, ""},
		{"CRLF line endings", []byte("saga A < a > {\r\n  step a { timeout 3 }\r\n}\r\n"), 1, `^f\.saga:2:20: error: timeout 3 has no unit`, ""},
		{"tabs", []byte("saga A < a > {\n\tstep a {\ttimeout 3 }\n}\n"), 1, `^f\.saga:2:19: error: timeout 3 has no unit.*\n  \tstep a \{\ttimeout 3 \}\n  \t        \t        \^`, ""},
		{"non-ASCII names, counted in characters", []byte("saga Reise < flug > { step flug \"" + strings.Repeat("é", 80) + "\" {} }"), 0, ``, `"StartAt": "é{80}"`},
		{"non-ASCII name over 80 characters", []byte("saga Reise < flug > { step flug \"" + strings.Repeat("é", 81) + "\" {} }"), 1, `is 81 characters; the limit is 80`, ""},
		{"integer beyond 2^64 kept exact", []byte("saga A < a > { step a { input { n: 340282366920938463463374607431768211457 } } }"), 0, ``, `"n": 340282366920938463463374607431768211457`},
		{"20,000 keys in one object", []byte("saga A < a > { step a { input { " + strings.Repeat("k: 1, ", 20000) + "} } }"), 1, `more than 10000 items in one object or array \(the limit grammar\.MaxItems\)`, ""},
		{"empty file", []byte(""), 1, `^f\.saga:1:1: error: the file holds no saga: expected saga Name < step -> step >`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, dir, "f.saga", tc.data)
			wd, _ := os.Getwd()
			os.Chdir(dir)
			defer os.Chdir(wd)
			code, stdout, stderr := run(t, nil, "compile", filepath.Base(path))
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%.2000s", code, tc.code, stderr)
			}
			if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
				t.Fatalf("a Go panic:\n%s", stderr)
			}
			if tc.stderr != "" && !regexp.MustCompile(`(?m)`+tc.stderr).MatchString(stderr) {
				t.Errorf("stderr does not match %q:\n%.2000s", tc.stderr, stderr)
			}
			if tc.stderr == "" && stderr != "" {
				t.Errorf("unexpected stderr:\n%.2000s", stderr)
			}
			if tc.stdout != "" && !regexp.MustCompile(tc.stdout).MatchString(stdout) {
				t.Errorf("stdout does not match %q:\n%.500s", tc.stdout, stdout)
			}
		})
	}
}

// TestBadPaths: a directory, a missing file and an unreadable file as
// input are trouble (exit 2) with a clear message; nothing is written.
func TestBadPaths(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.saga", []byte("saga A < a >\n"))
	secret := writeFile(t, dir, "secret.saga", []byte("saga A < a >\n"))
	os.Chmod(secret, 0)
	canRead := false
	if f, err := os.Open(secret); err == nil { // root reads anything
		canRead = true
		f.Close()
	}
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"directory", []string{"compile", dir}, "is a directory, not a file"},
		{"missing file", []string{"compile", filepath.Join(dir, "nope.saga")}, "nope.saga: no such file"},
		{"missing output directory", []string{"compile", good, "-o", filepath.Join(dir, "no", "out.json")}, "does not exist"},
		{"unreadable file", []string{"compile", secret}, "cannot read .*secret.saga: permission denied"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "unreadable file" && canRead {
				t.Skip("running as root: every file is readable")
			}
			code, _, stderr := run(t, nil, tc.args...)
			if code != ExitTrouble || !regexp.MustCompile(tc.stderr).MatchString(stderr) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, tc.stderr)
			}
		})
	}
}
