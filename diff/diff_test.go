package diff_test

import (
	"bytes"
	"github.com/sagac/sagac/internal/testutil/sagatest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sagac/sagac/diff"
	"github.com/sagac/sagac/internal/testutil"
	"github.com/sagac/sagac/jsonv"
)

// load reads one side of a case: old.saga is compiled, old.json parsed.
func load(t testing.TB, dir, side string) *jsonv.Value {
	t.Helper()
	for _, ext := range []string{".saga", ".json"} {
		path := filepath.Join(dir, side+ext)
		src, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		return sagatest.Definition(t, path, src)
	}
	t.Fatalf("%s: no %s.saga or %s.json", dir, side, side)
	return nil
}

// TestCases runs every ../testdata/diff/<case>/{old,new} pair against its
// want.txt (the text report) and, when present, want.json.
func TestCases(t *testing.T) {
	dirs, _ := filepath.Glob("../testdata/diff/*")
	if len(dirs) < 10 {
		t.Fatalf("found only %d cases", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res := diff.Compare(load(t, dir, "old"), load(t, dir, "new"))
			var b bytes.Buffer
			if err := res.WriteText(&b, diff.TextOptions{}); err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, filepath.Join(dir, "want.txt"), b.Bytes())
			if _, err := os.Stat(filepath.Join(dir, "want.json")); err == nil {
				b.Reset()
				if err := res.WriteJSON(&b); err != nil {
					t.Fatal(err)
				}
				testutil.Golden(t, filepath.Join(dir, "want.json"), b.Bytes())
			}
		})
	}
}

// TestDoneMeans pins the acceptance cases to their class and line,
// written by hand rather than taken from a golden file.
func TestDoneMeans(t *testing.T) {
	tests := []struct {
		dir   string
		class diff.Class
		line  string
	}{
		{"retry_changed", diff.Behavioral, "ReserveHotel.Retry[1].MaxAttempts: 3 -> 6"},
		{"step_added", diff.Behavioral, "ReserveCar: Task step added after ReserveHotel"},
		{"compensation_removed", diff.Breaking, "CancelHotel: Task compensation removed; it no longer runs when ReserveHotel or ProcessPayment fails"},
		{"state_renamed", diff.Breaking, "ReserveHotel renamed to BookHotel"},
		{"comment_changed", diff.Cosmetic, `top-level Comment: "Book a trip; undo what was done if any step fails" -> "Book a trip; undo everything if a step fails"`},
		{"large_integer", diff.Behavioral, "Tag.Result.id: 18446744073709551617 -> 18446744073709551616"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			dir := filepath.Join("../testdata/diff", tt.dir)
			res := diff.Compare(load(t, dir, "old"), load(t, dir, "new"))
			if len(res.Changes) != 1 {
				var lines []string
				for _, c := range res.Changes {
					lines = append(lines, c.Summary)
				}
				t.Fatalf("%d changes, want 1:\n%s", len(res.Changes), strings.Join(lines, "\n"))
			}
			c := res.Changes[0]
			if c.Class != tt.class || c.Summary != tt.line {
				t.Errorf("got %s %q, want %s %q", c.Class, c.Summary, tt.class, tt.line)
			}
		})
	}
	res := diff.Compare(load(t, "../testdata/diff/reformatted", "old"), load(t, "../testdata/diff/reformatted", "new"))
	if !res.Equal() {
		t.Errorf("reformatted: %s", res.Summary())
	}
}
