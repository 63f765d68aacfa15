// This file holds the machine-readable renderers shared by compile and lint:
// JSON, GitHub Actions workflow commands and SARIF 2.1.0. Each writes the
// diagnostics in canonical order, so the same findings give the same bytes.

package diag

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Format is an output format for diagnostics.
type Format string

// The formats WriteFormat knows.
const (
	FormatText   Format = "text"
	FormatJSON   Format = "json"
	FormatGitHub Format = "github"
	FormatSARIF  Format = "sarif"
)

// Formats lists every format, in the order help text names them.
var Formats = []Format{FormatText, FormatJSON, FormatGitHub, FormatSARIF}

// ParseFormat returns the format named s, or an error saying which names
// are accepted.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q: expected text, json, github or sarif", s)
}

// Rule describes a diagnostic code for SARIF's rule table: tools such as
// GitHub code scanning show the summary and link to the help page.
type Rule struct {
	ID       string
	Summary  string
	Severity Severity
	HelpURI  string
}

// Tool names the program that produced the diagnostics, for SARIF.
type Tool struct {
	Name           string
	Version        string
	InformationURI string
	// Rules describes the codes the diagnostics may carry; codes not listed
	// still appear in results, with a rule entry made from the code alone.
	Rules []Rule
}

// WriteFormat renders the diagnostics in format f: text (WriteText), json
// (WriteJSON), github (WriteGitHub) or sarif (WriteSARIF).
func WriteFormat(w io.Writer, f Format, ds Diagnostics, files Files, tool Tool) error {
	switch f {
	case FormatText, "":
		return WriteText(w, ds, files)
	case FormatJSON:
		return WriteJSON(w, ds)
	case FormatGitHub:
		return WriteGitHub(w, ds)
	case FormatSARIF:
		return WriteSARIF(w, ds, tool)
	default:
		return fmt.Errorf("unknown format %q", f)
	}
}

// jsonDiagnostic is the JSON form of one diagnostic. Positions are 1-based;
// columns count Unicode code points.
type jsonDiagnostic struct {
	File      string `json:"file,omitempty"`
	Line      int    `json:"line,omitempty"`
	Column    int    `json:"column,omitempty"`
	EndLine   int    `json:"endLine,omitempty"`
	EndColumn int    `json:"endColumn,omitempty"`
	Severity  string `json:"severity"`
	Code      string `json:"code,omitempty"`
	Message   string `json:"message"`
	Detail    string `json:"detail,omitempty"`
	Pointer   string `json:"pointer,omitempty"`
}

// WriteJSON renders the diagnostics as one JSON array of objects with the
// members file, line, column, endLine, endColumn, severity, code, message,
// detail and pointer (empty ones omitted), followed by a newline.
func WriteJSON(w io.Writer, ds Diagnostics) error {
	out := make([]jsonDiagnostic, 0, len(ds))
	for _, d := range ds.Canonical() {
		j := jsonDiagnostic{
			Severity: d.Severity.String(),
			Code:     d.Code,
			Message:  d.Summary,
			Detail:   d.Detail,
			Pointer:  d.Pointer,
		}
		if d.Subject != nil {
			j.File = d.Subject.Filename
			j.Line, j.Column = d.Subject.Start.Line, d.Subject.Start.Column
			j.EndLine, j.EndColumn = d.Subject.End.Line, d.Subject.End.Column
		}
		out = append(out, j)
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// WriteGitHub renders the diagnostics as GitHub Actions workflow commands
// ("::error file=F,line=L,col=C,endLine=…,endColumn=…,title=CODE::message"),
// which the Actions runner turns into annotations on the pull request.
// Warnings become ::warning and infos ::notice.
func WriteGitHub(w io.Writer, ds Diagnostics) error {
	var b strings.Builder
	for _, d := range ds.Canonical() {
		cmd := "error"
		switch d.Severity {
		case Warning:
			cmd = "warning"
		case Info:
			cmd = "notice"
		}
		b.WriteString("::")
		b.WriteString(cmd)
		var props []string
		if d.Subject != nil {
			if d.Subject.Filename != "" {
				props = append(props, "file="+escapeProperty(d.Subject.Filename))
			}
			if d.Subject.Start.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", d.Subject.Start.Line))
				props = append(props, fmt.Sprintf("col=%d", d.Subject.Start.Column))
			}
			if d.Subject.End.Line > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", d.Subject.End.Line))
				props = append(props, fmt.Sprintf("endColumn=%d", d.Subject.End.Column))
			}
		}
		if d.Code != "" {
			props = append(props, "title="+escapeProperty(d.Code))
		}
		if len(props) > 0 {
			b.WriteByte(' ')
			b.WriteString(strings.Join(props, ","))
		}
		b.WriteString("::")
		msg := d.Summary
		if d.Code != "" {
			msg = d.Code + ": " + msg
		}
		if d.Detail != "" {
			msg += "\n" + d.Detail
		}
		b.WriteString(escapeData(msg))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData escapes a workflow command's message as the Actions toolkit
// does (toolkit/packages/core/src/command.ts escapeData).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command property value (escapeProperty
// in the same file): data escapes plus ':' and ','.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// SARIFSchema is the JSON schema URI written in every SARIF log.
const SARIFSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// compileRuleID is the SARIF ruleId of diagnostics without a Code (compile
// errors), so every result has a stable rule.
const compileRuleID = "COMPILE"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	ShortDescription     *sarifMessage     `json:"shortDescription,omitempty"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleDefaults `json:"defaultConfiguration"`
}

type sarifRuleDefaults struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind,omitempty"`
}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "note"
	}
}

// WriteSARIF renders the diagnostics as a SARIF 2.1.0 log with one run.
// Every result has a ruleId (the diagnostic's Code, or "COMPILE" for a
// diagnostic without one) and a partialFingerprints entry "sagac/v1" hashed
// from the rule, the file, the JSON pointer and the message, but not the
// line: code scanning then recognises a finding as the same one after
// unrelated lines move it.
func WriteSARIF(w io.Writer, ds Diagnostics, tool Tool) error {
	name := tool.Name
	if name == "" {
		name = "sagac"
	}
	driver := sarifDriver{Name: name, Version: tool.Version, InformationURI: tool.InformationURI, Rules: []sarifRule{}}
	index := map[string]int{}
	addRule := func(r Rule) int {
		if i, ok := index[r.ID]; ok {
			return i
		}
		sr := sarifRule{ID: r.ID, HelpURI: r.HelpURI, DefaultConfiguration: sarifRuleDefaults{Level: sarifLevel(r.Severity)}}
		if r.Summary != "" {
			sr.ShortDescription = &sarifMessage{Text: r.Summary}
		}
		index[r.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sr)
		return index[r.ID]
	}
	for _, r := range tool.Rules {
		addRule(r)
	}
	results := []sarifResult{}
	for _, d := range ds.Canonical() {
		id := d.Code
		if id == "" {
			id = compileRuleID
		}
		i, ok := index[id]
		if !ok {
			i = addRule(Rule{ID: id, Severity: d.Severity})
		}
		res := sarifResult{
			RuleID:              id,
			RuleIndex:           i,
			Level:               sarifLevel(d.Severity),
			Message:             sarifMessage{Text: d.Summary},
			PartialFingerprints: map[string]string{"sagac/v1": fingerprint(id, d)},
		}
		if d.Detail != "" {
			res.Message.Text += "\n" + d.Detail
		}
		var loc sarifLocation
		if d.Subject != nil && d.Subject.Filename != "" {
			loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifact{URI: fileURI(d.Subject.Filename)}}
			if d.Subject.Start.Line > 0 {
				reg := &sarifRegion{StartLine: d.Subject.Start.Line, StartColumn: d.Subject.Start.Column}
				if d.Subject.End.Line > 0 {
					reg.EndLine, reg.EndColumn = d.Subject.End.Line, d.Subject.End.Column
				}
				loc.PhysicalLocation.Region = reg
			}
		}
		if d.Pointer != "" {
			loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: d.Pointer, Kind: "element"}}
		}
		if loc.PhysicalLocation != nil || loc.LogicalLocations != nil {
			res.Locations = []sarifLocation{loc}
		}
		results = append(results, res)
	}
	log := sarifLog{Schema: SARIFSchema, Version: "2.1.0", Runs: []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}}}
	data, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// fingerprint identifies a finding independently of its line number.
func fingerprint(ruleID string, d *Diagnostic) string {
	file := ""
	if d.Subject != nil {
		file = d.Subject.Filename
	}
	h := sha256.Sum256([]byte(ruleID + "\x00" + file + "\x00" + d.Pointer + "\x00" + d.Summary))
	return hex.EncodeToString(h[:16])
}

// fileURI turns a file name into a SARIF artifact URI: relative paths stay
// relative (resolved against the repository root by code scanning), with
// forward slashes and percent-escapes where a URI needs them.
func fileURI(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~/!$&'()*+,;=:@", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
