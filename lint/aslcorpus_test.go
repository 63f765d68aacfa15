package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sagac/sagac/conformance/aslcheck"
	"github.com/sagac/sagac/conformance/nodetool"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/internal/testutil"
)

// faultCorpus is the folder of issue 4's fault corpus: small ASL files,
// each with one fault (or none, for the clean ones), and expect.tsv.
var faultCorpus = filepath.Join("testdata", "lint", "corpus")

// corpusCase is one line of the fault corpus's expect.tsv.
type corpusCase struct {
	file string
	// findings are the sagac findings the file must get, as
	// "RULE@line:col"; none for a clean file.
	findings []string
	// rejectedBy are the third-party validators that reject the file
	// ("asl-validator", "statelint", "json").
	rejectedBy []string
}

// readFaultCorpus reads expect.tsv and checks that it lists exactly the
// definitions in the folder.
func readFaultCorpus(t *testing.T) []corpusCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(faultCorpus, "expect.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	list := func(s string) []string {
		if s == "-" {
			return nil
		}
		return strings.Split(s, ",")
	}
	var cases []corpusCase
	listed := map[string]bool{}
	for n, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("expect.tsv:%d: want 3 tab-separated columns, got %d", n+1, len(cols))
		}
		if listed[cols[0]] {
			t.Fatalf("expect.tsv:%d: %s is listed twice", n+1, cols[0])
		}
		listed[cols[0]] = true
		cases = append(cases, corpusCase{file: cols[0], findings: list(cols[1]), rejectedBy: list(cols[2])})
	}
	files, _ := filepath.Glob(filepath.Join(faultCorpus, "*.json"))
	for _, f := range files {
		if !listed[filepath.Base(f)] {
			t.Errorf("%s is not listed in expect.tsv", f)
		}
		delete(listed, filepath.Base(f))
	}
	for f := range listed {
		t.Errorf("expect.tsv lists %s, which is not in %s", f, faultCorpus)
	}
	faults := 0
	for _, c := range cases {
		if len(c.findings) > 0 {
			faults++
		}
	}
	if faults < 40 {
		t.Errorf("the fault corpus has %d faulty definitions; issue 4 asks for at least 40", faults)
	}
	return cases
}

// TestFaultCorpus lints every definition of the fault corpus: each gets
// exactly the warnings and errors expect.tsv lists (rule and line:col),
// and the info findings it lists.
func TestFaultCorpus(t *testing.T) {
	for _, c := range readFaultCorpus(t) {
		t.Run(c.file, func(t *testing.T) {
			file := filepath.Join(faultCorpus, c.file)
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ds := Lint(file, src, Options{})
			got := map[string]bool{}
			var serious []string
			for _, d := range ds {
				key := findingKey(d)
				got[key] = true
				if d.Severity <= diag.Warning {
					serious = append(serious, key)
				}
			}
			want := map[string]bool{}
			for _, w := range c.findings {
				want[w] = true
				if !got[w] {
					t.Errorf("no %s finding; got:\n%s", w, ds.Canonical().Error())
				}
			}
			sort.Strings(serious)
			for _, k := range serious {
				if !want[k] {
					t.Errorf("unexpected finding %s (each file has one fault; list it in expect.tsv if it belongs to it):\n%s", k, ds.Canonical().Error())
				}
			}
		})
	}
}

// findingKey renders a finding as expect.tsv writes it: RULE@line:col.
func findingKey(d *diag.Diagnostic) string {
	if d.Subject == nil {
		return d.Code + "@?"
	}
	return fmt.Sprintf("%s@%d:%d", d.Code, d.Subject.Start.Line, d.Subject.Start.Column)
}

// TestFaultCorpusValidators runs asl-validator and statelint (pinned in
// tools/aslcheck) on the fault corpus: every definition either of them
// rejects, sagac lint rejects with an error; and each validator's verdict
// is the one expect.tsv records, so the table stays true.
func TestFaultCorpusValidators(t *testing.T) {
	t.Parallel()
	cases := readFaultCorpus(t)
	if _, err := nodetool.Dir(); err != nil {
		testutil.SkipOrFail(t, "asl-validator and statelint are needed to compare verdicts: %v (run `npm ci` in tools/aslcheck; with CI=true this is a failure)", err)
	}
	defs := make([][]byte, len(cases))
	for i, c := range cases {
		src, err := os.ReadFile(filepath.Join(faultCorpus, c.file))
		if err != nil {
			t.Fatal(err)
		}
		defs[i] = src
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	all, err := aslcheck.ValidateAll(ctx, defs)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		tools := map[string]bool{}
		for _, f := range all[i] {
			tools[f.Tool] = true
		}
		var rejectedBy []string
		for tool := range tools {
			rejectedBy = append(rejectedBy, tool)
		}
		sort.Strings(rejectedBy)
		if strings.Join(rejectedBy, ",") != strings.Join(c.rejectedBy, ",") {
			t.Errorf("%s: rejected by %v, expect.tsv says %v; findings: %v", c.file, rejectedBy, c.rejectedBy, all[i])
		}
		if len(all[i]) > 0 {
			ds := LintASL(c.file, defs[i], Options{})
			if !ds.HasErrors() {
				t.Errorf("%s: the validators reject it (%v) but sagac lint reports no error:\n%s", c.file, all[i], ds.Canonical().Error())
			}
		}
	}
}
