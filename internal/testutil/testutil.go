// Package testutil holds what sagac's tests share: finding the repository
// root and the shared corpus, and golden files with one update switch.
//
// Golden files are rewritten, from the same path they are read from, when
// the environment variable UPDATE_GOLDEN is set:
//
//	UPDATE_GOLDEN=1 go test ./...
//
// An environment variable rather than a -update flag, because a flag breaks
// `go test ./...` in every package that does not define it.
package testutil

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Updating reports whether golden files are being rewritten.
func Updating() bool { return os.Getenv("UPDATE_GOLDEN") != "" }

// InCI reports whether the tests run in CI (CI=true), where a missing tool
// is a failure rather than a skip.
func InCI() bool { return os.Getenv("CI") == "true" }

// SkipOrFail skips the test with the reason, or fails it in CI.
func SkipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if InCI() {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// RepoRoot returns the directory holding go.mod, walking up from the
// current directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// SharedDir returns ../shared beside the repository (the design docs,
// reference outputs and corpus), skipping the test (failing it in CI)
// when it is absent.
func SharedDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(RepoRoot(t), "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		SkipOrFail(t, "the shared folder %s is absent: %v", dir, err)
	}
	return dir
}

// Golden compares got with the golden file at path, or rewrites the file
// when UPDATE_GOLDEN is set.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if Updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file %s: %v (run with UPDATE_GOLDEN=1 to create it, then review it)", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from golden file %s (UPDATE_GOLDEN=1 rewrites it; review the diff)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
