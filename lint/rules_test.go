package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sagac/sagac/diag"
)

// TestRuleFolders runs every rule's testdata folder: fail.* must get a
// finding from the rule, pass.* must get none from it; and every
// registered rule has a folder.
func TestRuleFolders(t *testing.T) {
	for _, r := range Rules() {
		t.Run(r.ID, func(t *testing.T) {
			dir := filepath.Join("testdata", "lint", r.ID)
			for _, kind := range []string{"fail", "pass"} {
				matches, _ := filepath.Glob(filepath.Join(dir, kind+".*"))
				if len(matches) == 0 {
					t.Fatalf("%s has no %s input", dir, kind)
				}
				for _, file := range matches {
					src, err := os.ReadFile(file)
					if err != nil {
						t.Fatal(err)
					}
					ds := Lint(file, src, Options{})
					got := withCode(ds, r.ID)
					if kind == "fail" && len(got) == 0 {
						t.Errorf("%s: no %s finding; got:\n%s", file, r.ID, ds.Canonical().Error())
					}
					if kind == "pass" && len(got) > 0 {
						t.Errorf("%s: unexpected %s finding:\n%s", file, r.ID, got.Error())
					}
					for _, d := range got {
						if d.Subject == nil || d.Subject.Start.Line == 0 {
							t.Errorf("%s: finding without a position: %s", file, d.Error())
						}
					}
				}
			}
		})
	}
	entries, err := os.ReadDir(filepath.Join("testdata", "lint"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && RuleByID(e.Name()) == nil && e.Name() != "corpus" {
			t.Errorf("testdata/lint/%s names no registered rule", e.Name())
		}
	}
}

func withCode(ds diag.Diagnostics, code string) diag.Diagnostics {
	var out diag.Diagnostics
	for _, d := range ds {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

// TestPassInputsClean checks that the passing inputs of the saga rules
// get no error at all, so each shows a whole correct saga.
func TestPassInputsClean(t *testing.T) {
	matches, _ := filepath.Glob(filepath.Join("testdata", "lint", "SAGA_*", "pass.*"))
	for _, file := range matches {
		src, _ := os.ReadFile(file)
		if ds := Lint(file, src, Options{}); ds.HasErrors() {
			t.Errorf("%s has errors:\n%s", file, ds.Errors().Error())
		}
	}
}

// TestRuleIDsStable checks the shape of the IDs: UPPER_SNAKE and unique.
func TestRuleIDsStable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s registered twice", r.ID)
		}
		seen[r.ID] = true
		if strings.ToUpper(r.ID) != r.ID || strings.ContainsAny(r.ID, " -") {
			t.Errorf("rule ID %q is not UPPER_SNAKE", r.ID)
		}
		if r.Summary == "" || (r.Check == nil) != (r.Family == "input") {
			t.Errorf("rule %s: needs a summary, and a Check unless it is an input rule", r.ID)
		}
	}
}
