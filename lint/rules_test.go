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
				gen := generatedInputs[r.ID+"/"+kind]
				if len(matches) == 0 && gen == nil {
					t.Fatalf("%s has no %s input", dir, kind)
				}
				inputs := map[string][]byte{}
				for _, file := range matches {
					src, err := os.ReadFile(file)
					if err != nil {
						t.Fatal(err)
					}
					inputs[file] = src
				}
				if gen != nil {
					inputs[filepath.Join(dir, kind+".asl.json")+" (generated)"] = gen()
				}
				for file, src := range inputs {
					ds := Lint(strings.TrimSuffix(file, " (generated)"), src, Options{})
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

// generatedInputs are the rule inputs too big to commit, made by the test
// instead, keyed by "RULE_ID/fail" or "RULE_ID/pass".
var generatedInputs = map[string]func() []byte{
	"DEFINITION_SIZE/fail": func() []byte { return sizedDefinition(MaxDefinitionSize + 1) },
}

// sizedDefinition returns a valid definition of exactly n characters (n at
// least 100), its Comment padded with x.
func sizedDefinition(n int) []byte {
	const head, tail = `{"Comment": "`, `", "StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}`
	return []byte(head + strings.Repeat("x", n-len(head)-len(tail)) + tail)
}

// TestDefinitionSizeLimit checks DEFINITION_SIZE at the limit: 1,048,576
// characters pass, one more fails, and characters (not bytes) count.
func TestDefinitionSizeLimit(t *testing.T) {
	multibyte := sizedDefinition(MaxDefinitionSize)
	multibyte = append([]byte(`{"Comment": "é`), multibyte[len(`{"Comment": "x`):]...)
	tests := []struct {
		name string
		src  []byte
		want bool
	}{
		{"at the limit", sizedDefinition(MaxDefinitionSize), false},
		{"one over", sizedDefinition(MaxDefinitionSize + 1), true},
		{"two-byte character at the limit", multibyte, false},
		{"small", sizedDefinition(100), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := LintASL("big.asl.json", tt.src, Options{})
			if got := len(withCode(ds, "DEFINITION_SIZE")) > 0; got != tt.want {
				t.Errorf("DEFINITION_SIZE reported: %v, want %v (%d bytes); all findings:\n%s", got, tt.want, len(tt.src), ds.Error())
			}
			if errs := ds.Errors(); !tt.want && len(errs) > 0 {
				t.Errorf("unexpected errors:\n%s", errs.Error())
			}
		})
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
