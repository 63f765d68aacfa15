package diag

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// formatSample is a small set of findings covering every field: a coded
// warning with a pointer, an uncoded error with a detail, a finding
// without a position, and text that needs escaping in workflow commands.
func formatSample() (Diagnostics, Files) {
	files := Files{"a,b.asl.json": []byte("{\n  \"StartAt\": \"X\",\n  \"States\": {}\n}\n")}
	r := Range{Filename: "a,b.asl.json", Start: Pos{Line: 2, Column: 14, Offset: 15}, End: Pos{Line: 2, Column: 17, Offset: 18}}
	return Diagnostics{
		{Severity: Warning, Code: "CHOICE_NO_DEFAULT", Summary: "100% sure: a\nb", Subject: r.Ptr(), Pointer: "/States/C"},
		{Severity: Error, Code: "START_AT_MISSING", Summary: `StartAt "X" names no state`, Subject: r.Ptr(), Pointer: "/StartAt", Detail: "did you mean \"Y\"?"},
		{Severity: Error, Summary: "unknown partition"},
	}, files
}

func TestWriteFormatGolden(t *testing.T) {
	ds, files := formatSample()
	tool := Tool{Name: "sagac", Version: "test", Rules: []Rule{{ID: "START_AT_MISSING", Summary: "StartAt names an existing state", Severity: Error, HelpURI: "https://example.com/rules#START_AT_MISSING"}}}
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteFormat(&buf, f, ds, files, tool); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "format", "sample."+string(f))
			if os.Getenv("UPDATE_GOLDEN") == "1" {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with UPDATE_GOLDEN=1 to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s output differs from %s:\n%s", f, golden, buf.String())
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "expected text, json, github or sarif") {
		t.Errorf("ParseFormat(xml) error = %v", err)
	}
}

func TestSARIFStructure(t *testing.T) {
	ds, _ := formatSample()
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, ds, Tool{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID              string            `json:"ruleId"`
				RuleIndex           int               `json:"ruleIndex"`
				Level               string            `json:"level"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "sagac" {
		t.Fatalf("bad log header: %+v", log)
	}
	run := log.Runs[0]
	if len(run.Results) != 3 {
		t.Fatalf("got %d results, want 3", len(run.Results))
	}
	for _, r := range run.Results {
		if r.RuleID == "" || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %q: ruleIndex %d does not point at its rule", r.RuleID, r.RuleIndex)
		}
		if r.PartialFingerprints["sagac/v1"] == "" {
			t.Errorf("result %q has no fingerprint", r.RuleID)
		}
	}
	// Moving a finding to another line keeps its fingerprint.
	moved := *ds[1]
	r := *moved.Subject
	r.Start.Line += 10
	r.End.Line += 10
	moved.Subject = &r
	if fingerprint("X", ds[1]) != fingerprint("X", &moved) {
		t.Error("fingerprint changed when only the line changed")
	}
	other := moved
	other.Pointer = "/States/Other"
	if fingerprint("X", ds[1]) == fingerprint("X", &other) {
		t.Error("fingerprint did not change with the pointer")
	}
}

func TestGitHubEscaping(t *testing.T) {
	ds, _ := formatSample()
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, ds); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"::error file=a%2Cb.asl.json,line=2,col=14,endLine=2,endColumn=17,title=START_AT_MISSING::START_AT_MISSING: StartAt \"X\" names no state%0Adid you mean \"Y\"?\n",
		"::warning file=a%2Cb.asl.json,line=2,col=14,endLine=2,endColumn=17,title=CHOICE_NO_DEFAULT::CHOICE_NO_DEFAULT: 100%25 sure: a%0Ab\n",
		"::error::unknown partition\n",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("missing %q in\n%s", want, buf.String())
		}
	}
}
