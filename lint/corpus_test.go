package lint

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/internal/testutil"
)

// repoRoot is the directory holding go.mod.
func repoRoot(t testing.TB) string { return testutil.RepoRoot(t) }

// sharedCorpus returns ../shared/corpus/asl beside the repository,
// skipping the test when it is absent (failing under CI=true).
func sharedCorpus(t testing.TB) string {
	return filepath.Join(testutil.SharedDir(t), "corpus", "asl")
}

// corpusExceptions reads the "Corpus exceptions" section of
// docs/lint-rules.md: one "- `file`: reason" line per definition whose
// verdict sagac lint does not share with its suite, and why.
func corpusExceptions(t testing.TB) map[string]string {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "lint-rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Corpus exceptions\n")
	if !ok {
		t.Fatal(`docs/lint-rules.md has no "## Corpus exceptions" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	out := map[string]string{}
	re := regexp.MustCompile("^- `([^`]+)`: (.+)$")
	for _, line := range strings.Split(section, "\n") {
		if m := re.FindStringSubmatch(line); m != nil {
			out[m[1]] = m[2]
		}
	}
	return out
}

func readExpect(t testing.TB) map[string][]string {
	f, err := os.Open(filepath.Join("testdata", "corpus_expect.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		file, rules, _ := strings.Cut(line, "\t")
		out[file] = strings.Split(rules, ",")
	}
	return out
}

// TestSharedCorpus lints every definition of ../shared/corpus/asl: a
// suite-valid or real-world definition gets no error; a suite-invalid one
// gets an error from one of the rules corpus_expect.tsv names for its
// fault. docs/lint-rules.md lists the exceptions with their reasons; an
// exception that is no longer needed fails the test too.
func TestSharedCorpus(t *testing.T) {
	dir := sharedCorpus(t)
	exceptions := corpusExceptions(t)
	expect := readExpect(t)
	manifest, err := os.ReadFile(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(string(manifest), "\n")[1:] {
		cols := strings.Split(line, "\t")
		if len(cols) < 6 {
			continue
		}
		file, verdict := cols[0], cols[5]
		seen[file] = true
		src, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		errs := errorCodes(LintASL(file, src, Options{}))
		var problem string
		switch verdict {
		case "invalid":
			want := expect[file]
			switch {
			case len(errs) == 0:
				problem = "the suite says invalid, sagac lint reports no error"
			case len(want) == 0:
				problem = "corpus_expect.tsv names no rule for this invalid definition"
			case !anyIn(want, errs):
				problem = "sagac lint reports " + strings.Join(errs, ",") + " but not " + strings.Join(want, " or ")
			}
		default:
			if len(errs) > 0 {
				problem = "no error expected (" + verdict + "), got " + strings.Join(errs, ",")
			}
		}
		reason, excepted := exceptions[file]
		switch {
		case problem != "" && !excepted:
			t.Errorf("%s: %s", file, problem)
		case problem == "" && excepted:
			t.Errorf("%s: listed in docs/lint-rules.md's corpus exceptions (%s) but sagac lint now agrees with the suite: remove it", file, reason)
		}
	}
	for file := range exceptions {
		if !seen[file] {
			t.Errorf("docs/lint-rules.md lists a corpus exception for %s, which is not in MANIFEST.tsv", file)
		}
	}
}

func errorCodes(ds diag.Diagnostics) []string {
	var out []string
	for _, d := range ds {
		if d.Severity == diag.Error && !contains(out, d.Code) {
			out = append(out, d.Code)
		}
	}
	return out
}

func anyIn(want, got []string) bool {
	for _, w := range want {
		if contains(got, w) {
			return true
		}
	}
	return false
}
