package diag

import (
	"bytes"
	"strings"
	"testing"
)

func TestWriteText(t *testing.T) {
	tests := []struct {
		name string
		src  string
		r    Range
		want string
	}{
		{
			name: "caret under span",
			src:  "saga X < a > {\n  step a { timeout 30 }\n}\n",
			r:    Range{Filename: "f.saga", Start: Pos{Line: 2, Column: 20}, End: Pos{Line: 2, Column: 22}},
			want: "f.saga:2:20: error: msg\n    step a { timeout 30 }\n                     ^~\n",
		},
		{
			name: "tabs are copied so the caret lines up",
			src:  "\tstep\ta\n",
			r:    Range{Filename: "f.saga", Start: Pos{Line: 1, Column: 7}, End: Pos{Line: 1, Column: 8}},
			want: "f.saga:1:7: error: msg\n  \tstep\ta\n  \t    \t^\n",
		},
		{
			name: "columns count runes",
			src:  "step \"café\" x\n",
			r:    Range{Filename: "f.saga", Start: Pos{Line: 1, Column: 13}, End: Pos{Line: 1, Column: 14}},
			want: "f.saga:1:13: error: msg\n  step \"café\" x\n              ^\n",
		},
		{
			name: "CRLF line endings",
			src:  "a\r\nbcd\r\n",
			r:    Range{Filename: "f.saga", Start: Pos{Line: 2, Column: 2}, End: Pos{Line: 2, Column: 4}},
			want: "f.saga:2:2: error: msg\n  bcd\n   ^~\n",
		},
		{
			name: "control characters are not printed raw",
			src:  "a\x00b\n",
			r:    Range{Filename: "f.saga", Start: Pos{Line: 1, Column: 2}, End: Pos{Line: 1, Column: 3}},
			want: "f.saga:1:2: error: msg\n  a\uFFFDb\n   ^\n",
		},
		{
			name: "a line that does not exist prints no snippet",
			src:  "a\n",
			r:    Range{Filename: "f.saga", Start: Pos{Line: 9, Column: 1}},
			want: "f.saga:9:1: error: msg\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			d := &Diagnostic{Severity: Error, Summary: "msg", Subject: tc.r.Ptr()}
			if err := WriteText(&b, Diagnostics{d}, Files{"f.saga": []byte(tc.src)}); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("got\n%q\nwant\n%q", b.String(), tc.want)
			}
		})
	}
}

func TestLongLineIsWindowed(t *testing.T) {
	src := strings.Repeat("x", 10_000_000) + "BAD" + strings.Repeat("y", 1000)
	r := Range{Filename: "f", Start: Pos{Line: 1, Column: 10_000_001}, End: Pos{Line: 1, Column: 10_000_004}}
	var b bytes.Buffer
	WriteText(&b, Diagnostics{{Severity: Error, Summary: "m", Subject: &r}}, Files{"f": []byte(src)})
	if b.Len() > 1000 || !strings.Contains(b.String(), "BAD") || !strings.Contains(b.String(), "^~~") {
		t.Errorf("snippet of a 10 MB line is %d bytes:\n%.300s", b.Len(), b.String())
	}
}

func TestCanonical(t *testing.T) {
	at := func(line int) *Range {
		return &Range{Filename: "f", Start: Pos{Line: line, Column: 1, Offset: line * 10}}
	}
	ds := Diagnostics{
		{Severity: Warning, Summary: "w", Subject: at(3)},
		{Severity: Error, Summary: "b", Subject: at(1)},
		{Severity: Error, Summary: "a", Subject: at(1)},
		{Severity: Error, Summary: "a", Subject: at(1)},
	}
	got := ds.Canonical()
	var sums []string
	for _, d := range got {
		sums = append(sums, d.Summary)
	}
	if strings.Join(sums, ",") != "a,b,w" {
		t.Errorf("canonical order %v, want a,b,w", sums)
	}
	if !ds.HasErrors() || (Diagnostics{ds[0]}).HasErrors() {
		t.Error("HasErrors is wrong")
	}
}
