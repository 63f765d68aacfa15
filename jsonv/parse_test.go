package jsonv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/sagac/sagac/internal/testutil"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sagac/sagac/diag"
)

// corpusGlob finds the real-world definitions of the shared corpus
// (../shared/corpus/asl/realworld beside the repository).
func corpusGlob(t testing.TB) string {
	return filepath.Join(testutil.SharedDir(t), "corpus", "asl", "realworld", "*", "*.json")
}

// invalidCorpusFile is the one corpus file that is not JSON, broken at line
// 10: `"Messages": "Messages.$": "$.Messages"`.
const invalidCorpusFile = "sfn-iot-data-analytics-dataset__statemachine.asl.json"

// rng formats a range as "line:col+off-line:col+off".
func rng(r diag.Range) string {
	return fmt.Sprintf("%d:%d+%d-%d:%d+%d", r.Start.Line, r.Start.Column, r.Start.Offset,
		r.End.Line, r.End.Column, r.End.Offset)
}

// find returns the value at pointer ptr, and the member holding it, if any.
func find(t *testing.T, root *Value, ptr string) (*Value, *Member) {
	t.Helper()
	var found *Value
	var member *Member
	root.Walk(func(p string, v *Value) bool {
		if found == nil && p == ptr {
			found = v
			return false
		}
		if v.Kind == Object {
			for _, m := range v.Members {
				if p+Pointer(m.Key) == ptr && member == nil {
					member = m
				}
			}
		}
		return true
	})
	if found == nil {
		t.Fatalf("no value at %q", ptr)
	}
	return found, member
}

func TestParsePositions(t *testing.T) {
	type want struct{ ptr, val, key string }
	tests := []struct {
		name  string
		input string
		want  []want
	}{
		{"simple", `{"a": 1}`, []want{
			{"", "1:1+0-1:9+8", ""},
			{"/a", "1:7+6-1:8+7", "1:2+1-1:5+4"},
		}},
		{"tabs", "{\n\t\"a\":\t[true, null]\n}", []want{
			{"", "1:1+0-3:2+22", ""},
			{"/a", "2:7+8-2:19+20", "2:2+3-2:5+6"},
			{"/a/1", "2:14+15-2:18+19", ""},
		}},
		{"crlf", "{\r\n  \"a\": 1,\r\n  \"b\": \"x\"\r\n}\r\n", []want{
			{"", "1:1+0-4:2+27", ""},
			{"/a", "2:8+10-2:9+11", "2:3+5-2:6+8"},
			{"/b", "3:8+21-3:11+24", "3:3+16-3:6+19"},
		}},
		{"lone cr is a column", "[1,\r2]", []want{
			{"/1", "1:5+4-1:6+5", ""},
		}},
		{"bom", "\xEF\xBB\xBF{\"a\": 1}", []want{
			{"", "1:1+3-1:9+11", ""},
			{"/a", "1:7+9-1:8+10", "1:2+4-1:5+7"},
		}},
		{"bom then newline", "\xEF\xBB\xBF\n[1]", []want{
			{"", "2:1+4-2:4+7", ""},
		}},
		{"non-ascii", `{"é": "日本", "k": -1.5e3}`, []want{
			{"/é", "1:7+7-1:11+15", "1:2+1-1:5+5"},
			{"/k", "1:18+22-1:24+28", "1:13+17-1:16+20"},
		}},
		{"escapes count as written", `["\u00e9\n", 1]`, []want{
			{"/0", "1:2+1-1:12+11", ""},
			{"/1", "1:14+13-1:15+14", ""},
		}},
		{"scalar with space", " \n  true  ", []want{
			{"", "2:3+4-2:7+8", ""},
		}},
		{"empty containers", `{"o":{},"a":[]}`, []want{
			{"/o", "1:6+5-1:8+7", ""},
			{"/a", "1:13+12-1:15+14", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ds := Parse("in.json", []byte(tt.input))
			if len(ds) != 0 {
				t.Fatalf("diagnostics: %v", ds)
			}
			for _, w := range tt.want {
				got, m := find(t, v, w.ptr)
				if rng(got.Range) != w.val {
					t.Errorf("%q: value range %s, want %s", w.ptr, rng(got.Range), w.val)
				}
				if got.Range.Filename != "in.json" {
					t.Errorf("%q: filename %q", w.ptr, got.Range.Filename)
				}
				if w.key != "" {
					if m == nil {
						t.Fatalf("%q: no member", w.ptr)
					}
					if rng(m.KeyRange) != w.key {
						t.Errorf("%q: key range %s, want %s", w.ptr, rng(m.KeyRange), w.key)
					}
				}
			}
			checkPositions(t, []byte(tt.input), v)
		})
	}
}

// recounter returns a function giving the position of a byte offset of
// data, recounted from a table of line starts: an independent check of the
// parser's incremental counting.
func recounter(data []byte) func(off int) diag.Pos {
	starts := []int{0}
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		starts[0] = 3
	}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return func(off int) diag.Pos {
		line := sort.SearchInts(starts, off+1) // lines starting at or before off
		return diag.Pos{Line: line, Column: 1 + utf8.RuneCount(data[starts[line-1]:off]), Offset: off}
	}
}

// checkPositions checks every range of the tree against a recount and
// against the text it covers.
func checkPositions(t *testing.T, data []byte, root *Value) {
	t.Helper()
	pos := recounter(data)
	check := func(what string, r diag.Range) {
		if r.Start != pos(r.Start.Offset) || r.End != pos(r.End.Offset) {
			t.Fatalf("%s: range %s, recounted %v-%v", what, rng(r), pos(r.Start.Offset), pos(r.End.Offset))
		}
	}
	root.Walk(func(ptr string, v *Value) bool {
		check(ptr, v.Range)
		text := string(data[v.Range.Start.Offset:v.Range.End.Offset])
		var ok bool
		switch v.Kind {
		case Object:
			ok = strings.HasPrefix(text, "{") && strings.HasSuffix(text, "}")
			for _, m := range v.Members {
				check(ptr+" key", m.KeyRange)
				key := data[m.KeyRange.Start.Offset:m.KeyRange.End.Offset]
				if key[0] != '"' || key[len(key)-1] != '"' || len(key) < 2 {
					t.Fatalf("%s: key range covers %q", ptr, key)
				}
			}
		case Array:
			ok = strings.HasPrefix(text, "[") && strings.HasSuffix(text, "]")
		case String:
			ok = len(text) >= 2 && text[0] == '"' && text[len(text)-1] == '"'
		case Number:
			ok = text == v.Str
		case Bool:
			ok = text == fmt.Sprint(v.Bool)
		case Null:
			ok = text == "null"
		}
		if !ok {
			t.Fatalf("%s: %s range covers %q", ptr, v.Kind, text)
		}
		return true
	})
}

func TestParseErrors(t *testing.T) {
	escapes := `expected one of \" \\ \/ \b \f \n \r \t \uXXXX`
	tests := []struct {
		input string
		want  string // "line:col: message"
	}{
		{``, `1:1: unexpected end of input: expected a value`},
		{" \n\t ", `2:3: unexpected end of input: expected a value`},
		{`{"a": 1 "b": 2}`, `1:9: expected ',' or '}' after object member`},
		{`{"a": 1`, `1:8: unexpected end of input: expected ',' or '}' after object member`},
		{`{"a" 1}`, `1:6: expected ':' after object key`},
		{`{"a"`, `1:5: unexpected end of input: expected ':' after object key`},
		{`{"a":}`, `1:6: expected a value after ':'`},
		{`{"a":`, `1:6: unexpected end of input: expected a value after ':'`},
		{`{,}`, `1:2: expected a string key or '}'`},
		{`{`, `1:2: unexpected end of input: expected a string key or '}'`},
		{`{a: 1}`, `1:2: expected a string key or '}'`},
		{`{"a": 1,}`, `1:9: expected a string key after ','`},
		{`[1 2]`, `1:4: expected ',' or ']' after array element`},
		{`[1,]`, `1:4: expected a value after ','`},
		{`[`, `1:2: unexpected end of input: expected a value or ']'`},
		{`[}`, `1:2: expected a value or ']'`},
		{`[1`, `1:3: unexpected end of input: expected ',' or ']' after array element`},
		{`]`, `1:1: expected a value`},
		{`“quoted”`, `1:1: expected a value`},
		{`"abc`, `1:1: unterminated string`},
		{"[\"ab\ncd\"]", `1:2: unterminated string`},
		{"[\"ab\r\ncd\"]", `1:2: unterminated string`},
		{`"ab\`, `1:1: unterminated string`},
		{`"\u12`, `1:1: unterminated string`},
		{"\"a\tb\"", `1:3: unescaped control character U+0009 in string`},
		{"\"a\x1fb\"", `1:3: unescaped control character U+001F in string`},
		{`[01]`, `1:2: invalid number "01"`},
		{`-`, `1:1: invalid number "-"`},
		{`[-01.5]`, `1:2: invalid number "-01.5"`},
		{`1.`, `1:1: invalid number "1."`},
		{`.5`, `1:1: invalid number ".5"`},
		{`+1`, `1:1: invalid number "+1"`},
		{`1e`, `1:1: invalid number "1e"`},
		{`1e+`, `1:1: invalid number "1e+"`},
		{`1.5.2`, `1:1: invalid number "1.5.2"`},
		{`[0x1F]`, `1:2: invalid number "0x1F"`},
		{`-Infinity`, `1:1: invalid number "-Infinity"`},
		{`[1, 2] `, ``},
		{`tru`, `1:1: invalid literal "tru": expected true, false or null`},
		{`[True]`, `1:2: invalid literal "True": expected true, false or null`},
		{`NaN`, `1:1: invalid literal "NaN": expected true, false or null`},
		{`nulls`, `1:1: invalid literal "nulls": expected true, false or null`},
		{strings.Repeat("x", 100), `1:1: invalid literal "` + strings.Repeat("x", 40) + `"…: expected true, false or null`},
		{`[1] x`, `1:5: trailing data after the JSON value`},
		{`{} {}`, `1:4: trailing data after the JSON value`},
		{"1\n2", `2:1: trailing data after the JSON value`},
		{"\"a\xffb\"", `1:3: invalid UTF-8 in string`},
		{"\"a\\n\xc3\"", `1:5: invalid UTF-8 in string`},
		{"\"\xed\xa0\x80\"", `1:2: invalid UTF-8 in string`},
		{"[\xff]", `1:2: invalid UTF-8 in input`},
		{"[1,\x00]", `1:4: NUL byte in input`},
		{"\"a\x00\"", `1:3: NUL byte in input`},
		{"[1]\x00", `1:4: NUL byte in input`},
		{"\xff\xfe[\x001\x00]\x00", `1:1: input is UTF-16: expected UTF-8`},
		{`"\x"`, `1:2: invalid escape '\x' in string: ` + escapes},
		{`"\é"`, `1:2: invalid escape '\é' in string: ` + escapes},
		{"\"\\\n\"", `1:2: invalid escape: '\' followed by U+000A in string: ` + escapes},
		{"\"\\\xff\"", `1:3: invalid UTF-8 in string`},
		{`"\u12G4"`, `1:2: invalid \u escape: expected 4 hex digits`},
		{`"\u"`, `1:2: invalid \u escape: expected 4 hex digits`},
		{"{\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\" \"End\": true}\n  }\n}",
			`3:26: expected ',' or '}' after object member`},
		{"{\r\n\t\"a\": [1,,2]\r\n}", `2:10: expected a value after ','`},
		{"\xEF\xBB\xBF[1,]", `1:4: expected a value after ','`},
		{`["日本" x]`, `1:7: expected ',' or ']' after array element`},
		{"\xEF\xBB\xBF", `1:1: unexpected end of input: expected a value`},
		{"\xEF\xBB", `1:1: invalid UTF-8 in input`},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			v, ds := Parse("bad.json", []byte(tt.input))
			if tt.want == "" {
				if v == nil || len(ds) != 0 {
					t.Fatalf("Parse: %v, want success", ds)
				}
				return
			}
			if v != nil {
				t.Errorf("Parse returned a value with a syntax error")
			}
			if len(ds) != 1 {
				t.Fatalf("got %d diagnostics %v, want 1", len(ds), ds)
			}
			d := ds[0]
			if d.Severity != diag.Error || d.Code != "" || d.Subject == nil {
				t.Fatalf("diagnostic %+v, want an error with a subject and no code", d)
			}
			got := d.Subject.Start.String() + ": " + d.Summary
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if d.Subject.Filename != "bad.json" {
				t.Errorf("filename %q", d.Subject.Filename)
			}
			pos := recounter([]byte(tt.input))
			if d.Subject.Start != pos(d.Subject.Start.Offset) || d.Subject.End != pos(d.Subject.End.Offset) ||
				d.Subject.End.Offset < d.Subject.Start.Offset {
				t.Errorf("subject %s disagrees with a recount", rng(*d.Subject))
			}
		})
	}
}

// TestParseErrorRanges checks the span an error underlines, not only where
// it starts.
func TestParseErrorRanges(t *testing.T) {
	tests := []struct{ input, want string }{
		{`[01, 2]`, "1:2+1-1:4+3"},
		{`"abc`, "1:1+0-1:5+4"},
		{"[\"ab\ncd\"]", "1:2+1-1:5+4"},
		{`"\u12G4"`, "1:2+1-1:7+6"},
		{`"\é"`, "1:2+1-1:4+4"},
		{`[tru]`, "1:2+1-1:5+4"},
		{`[1,`, "1:4+3-1:4+3"},
		{`[1] "é"`, "1:5+4-1:6+5"},
		{`["é"` + "\x00]", "1:5+5-1:6+6"},
	}
	for _, tt := range tests {
		_, ds := Parse("", []byte(tt.input))
		if len(ds) != 1 {
			t.Fatalf("%q: %v", tt.input, ds)
		}
		if got := rng(*ds[0].Subject); got != tt.want {
			t.Errorf("%q: range %s, want %s", tt.input, got, tt.want)
		}
	}
}

// TestParseUnterminatedDetail checks the hint for a string cut by a line
// break, the usual sign of a missing quote.
func TestParseUnterminatedDetail(t *testing.T) {
	_, ds := Parse("", []byte("{\"a\": \"b,\n\"c\": 1}"))
	if len(ds) != 1 || !strings.Contains(ds[0].Detail, "cannot span lines") {
		t.Fatalf("diagnostics %v, detail %q", ds, ds[0].Detail)
	}
}

func TestParseValues(t *testing.T) {
	tests := []struct {
		input string
		want  *Value
	}{
		{`null`, NewNull()},
		{`true`, NewBool(true)},
		{`false`, NewBool(false)},
		{`-0.0e-0`, NewNumber("-0.0e-0")},
		{`18446744073709551617`, NewNumber("18446744073709551617")},
		{`1E+400`, NewNumber("1E+400")},
		{`""`, NewString("")},
		{`"\"\\\/\b\f\n\r\t"`, NewString("\"\\/\b\f\n\r\t")},
		{`"\u00e9\u00E9é"`, NewString("ééé")},
		{`"\u0000"`, NewString("\x00")},
		{`"\ud83d\ude00"`, NewString("😀")},
		{`"\ud83d"`, NewString("\uFFFD")},
		{`"\ud83dx"`, NewString("\uFFFDx")},
		{`"\ude00\ud83d"`, NewString("\uFFFD\uFFFD")},
		{`"\ud83d\u0041"`, NewString("\uFFFDA")},
		{`"\ud83d\ud83d\ude00"`, NewString("\uFFFD😀")},
		{`"a\u2028b"`, NewString("a\u2028b")},
		{`[1, "a", [], {}]`, NewArray(NewNumber("1"), NewString("a"), NewArray(), NewObject())},
		{`{"b": 1, "a": {"c": [true]}}`, NewObject().Set("b", NewNumber("1")).Set("a", NewObject().Set("c", NewArray(NewBool(true))))},
		{" \t\r\n[ ] \r\n", NewArray()},
	}
	for _, tt := range tests {
		v, ds := Parse("", []byte(tt.input))
		if len(ds) != 0 {
			t.Errorf("%s: %v", tt.input, ds)
			continue
		}
		if !sameTree(v, tt.want) {
			t.Errorf("%s: got %s, want %s", tt.input, MarshalCompact(v), MarshalCompact(tt.want))
		}
	}
}

// sameTree compares two trees exactly: member order, number literals and
// kinds, ignoring positions.
func sameTree(a, b *Value) bool {
	if a.Kind != b.Kind || a.Str != b.Str || a.Bool != b.Bool ||
		len(a.Members) != len(b.Members) || len(a.Elems) != len(b.Elems) {
		return false
	}
	for i := range a.Members {
		if a.Members[i].Key != b.Members[i].Key || !sameTree(a.Members[i].Value, b.Members[i].Value) {
			return false
		}
	}
	for i := range a.Elems {
		if !sameTree(a.Elems[i], b.Elems[i]) {
			return false
		}
	}
	return true
}

func TestParseBigNumbersRoundTrip(t *testing.T) {
	in := `{"u64p1":18446744073709551617,"neg":-18446744073709551617,` +
		`"frac":1.000000000000000000000000000001,"tiny":4.9e-325,"huge":-1E+400,` +
		`"zero":-0.0,"exp":2.50e-0003,"arr":[9007199254740993,1e999999999999999999999]}`
	v, ds := Parse("", []byte(in))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	if got := string(MarshalCompact(v)); got != in {
		t.Errorf("round trip changed the text:\n got %s\nwant %s", got, in)
	}
}

func TestParseDuplicateKeys(t *testing.T) {
	in := "{\"States\": {\"A\": {\n    \"Next\": \"B\",\n    \"Next\": \"C\"}}, \"L\": [{}, {\"a/b\": 1, \"a/b\": 2, \"a/b\": 3}]}"
	v, ds := Parse("sm.json", []byte(in))
	if v == nil {
		t.Fatalf("no tree: %v", ds)
	}
	want := []string{
		`sm.json:3:5: error DUPLICATE_KEY: duplicate key "Next" (first at 2:5) /States/A/Next`,
		`sm.json:3:41: error DUPLICATE_KEY: duplicate key "a/b" (first at 3:31) /L/1/a~1b`,
		`sm.json:3:51: error DUPLICATE_KEY: duplicate key "a/b" (first at 3:31) /L/1/a~1b`,
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.Error()+" "+d.Pointer)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	a := v.Get("States").Get("A")
	if len(a.Members) != 2 || a.Members[0].Value.Str != "B" || a.Members[1].Value.Str != "C" {
		t.Errorf("members %s, want both, in source order", MarshalCompact(a))
	}
	if a.Get("Next").Str != "B" {
		t.Errorf("Get returns %q, want the first", a.Get("Next").Str)
	}
	if ds[0].Subject.End.Column != 11 {
		t.Errorf("subject %s, want the repeated key", rng(*ds[0].Subject))
	}
}

// TestParseDuplicateKeysLargeObject covers objects past the linear-scan
// size, where keys are indexed in a map.
func TestParseDuplicateKeysLargeObject(t *testing.T) {
	for _, n := range []int{smallObject - 1, smallObject, smallObject + 1, 100} {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "%q: %d, ", fmt.Sprint("k", i), i)
		}
		// Repeat the first and the last key, twice each.
		fmt.Fprintf(&b, `"k0": 0, "k%d": 0, "k0": 0, "k%d": 0}`, n-1, n-1)
		v, ds := Parse("", []byte(b.String()))
		if v == nil || len(v.Members) != n+4 {
			t.Fatalf("n=%d: %v", n, ds)
		}
		if len(ds) != 4 {
			t.Fatalf("n=%d: %d diagnostics, want 4: %v", n, len(ds), ds)
		}
		for i, d := range ds {
			first := v.Members[0]
			if i%2 == 1 {
				first = v.Members[n-1]
			}
			want := fmt.Sprintf("duplicate key %q (first at %s)", first.Key, first.KeyRange.Start)
			if d.Summary != want || d.Code != CodeDuplicateKey {
				t.Errorf("n=%d: %s %q, want %q", n, d.Code, d.Summary, want)
			}
		}
	}
}

func TestParseDuplicateThenSyntaxError(t *testing.T) {
	v, ds := Parse("", []byte(`{"a": 1, "a": 2, }`))
	if v != nil {
		t.Fatal("value returned despite a syntax error")
	}
	if len(ds) != 2 || ds[0].Code != CodeDuplicateKey || ds[1].Summary != "expected a string key after ','" {
		t.Fatalf("diagnostics %v", ds)
	}
}

func TestParseDepthLimit(t *testing.T) {
	nest := func(n int, open, close string) []byte {
		return []byte(strings.Repeat(open, n) + strings.Repeat(close, n))
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string // "" for success
	}{
		{"arrays at the limit", nest(MaxDepth, "[", "]"), ""},
		{"objects at the limit", []byte(strings.Repeat(`{"a":`, MaxDepth) + "1" + strings.Repeat("}", MaxDepth)), ""},
		{"arrays past the limit", nest(MaxDepth+1, "[", "]"), fmt.Sprintf("1:%d: exceeded the maximum nesting depth of 1000", MaxDepth+1)},
		{"10,000 arrays", nest(10000, "[", "]"), "1:1001: exceeded the maximum nesting depth of 1000"},
		{"10,000 objects", nest(10000, `{"a":`, "}"), "1:5001: exceeded the maximum nesting depth of 1000"},
		{"1,000,000 unclosed arrays", []byte(strings.Repeat("[", 1000000)), "1:1001: exceeded the maximum nesting depth of 1000"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, ds := Parse("", tt.data)
			if tt.want == "" {
				if v == nil || len(ds) != 0 {
					t.Fatalf("%v", ds)
				}
				return
			}
			if v != nil || len(ds) != 1 {
				t.Fatalf("got %v", ds)
			}
			if got := ds[0].Subject.Start.String() + ": " + ds[0].Summary; got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// corpus returns the real-world definitions, failing when there are none,
// so a moved folder cannot make the corpus tests pass vacuously.
func corpus(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(corpusGlob(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 80 {
		t.Fatalf("found %d corpus files under %s, want the 86 of the shared corpus", len(files), corpusGlob(t))
	}
	out := make(map[string][]byte, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = data
	}
	return out
}

func TestParseCorpus(t *testing.T) {
	sawInvalid := false
	for name, data := range corpus(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			v, ds := Parse(name, data)
			if valid := json.Valid(data); valid != (v != nil) {
				t.Fatalf("encoding/json valid=%v, Parse: %v", valid, ds)
			}
			if filepath.Base(name) == invalidCorpusFile {
				sawInvalid = true
				want := name + ":10:33: error: expected ',' or '}' after object member"
				if v != nil || len(ds) != 1 || ds[0].Error() != want {
					t.Fatalf("got %v, want %s", ds, want)
				}
				return
			}
			if len(ds) != 0 {
				t.Fatalf("diagnostics: %v", ds)
			}
			checkPositions(t, data, v)
			checkAgainstEncodingJSON(t, data, v)

			out := Marshal(v)
			v2, ds := Parse("out.json", out)
			if len(ds) != 0 {
				t.Fatalf("Marshal output does not re-parse: %v", ds)
			}
			if !Equal(v, v2) || !sameTree(v, v2) {
				t.Fatal("Marshal output re-parses to a different value")
			}
			if out2 := Marshal(v2); !bytes.Equal(out, out2) {
				t.Fatal("Marshal is not stable across a re-parse")
			}
		})
	}
	if !sawInvalid {
		t.Errorf("the corpus no longer holds %s", invalidCorpusFile)
	}
}

// checkAgainstEncodingJSON decodes data with encoding/json, numbers as
// json.Number literals, and checks the tree holds the same strings, number
// literals and structure. Duplicate keys resolve the last-wins way
// encoding/json does.
func checkAgainstEncodingJSON(t *testing.T, data []byte, v *Value) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
	dec.UseNumber()
	var want any
	if err := dec.Decode(&want); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	if got := toAny(v); !reflect.DeepEqual(got, want) {
		t.Fatalf("tree differs from encoding/json's:\n got %#v\nwant %#v", got, want)
	}
}

func toAny(v *Value) any {
	switch v.Kind {
	case Null:
		return nil
	case Bool:
		return v.Bool
	case Number:
		return json.Number(v.Str)
	case String:
		return v.Str
	case Array:
		out := make([]any, len(v.Elems))
		for i, e := range v.Elems {
			out[i] = toAny(e)
		}
		return out
	default:
		out := make(map[string]any, len(v.Members))
		for _, m := range v.Members {
			out[m.Key] = toAny(m.Value)
		}
		return out
	}
}

// FuzzParse checks that Parse never panics, that its positions are right,
// that what it accepts survives Marshal and re-parse, and that it accepts
// exactly what encoding/json accepts, but for three deliberate differences:
//
//   - a leading UTF-8 byte order mark is skipped (RFC 8259 §8.1 allows a
//     parser to ignore it); encoding/json refuses it;
//   - invalid UTF-8 inside a string is an error ("invalid UTF-8 in string");
//     json.Valid accepts it and Unmarshal turns it into U+FFFD, which would
//     silently change a state name;
//   - nesting deeper than MaxDepth (1000) is an error; encoding/json allows
//     10000 levels.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		``, `null`, `{"a": [1, 2.5e-3, "x\u00e9"], "b": {"c": null}}`, `{"a":1,"a":2}`,
		`[01]`, `"\ud83d\ude00\ud800"`, "\xEF\xBB\xBF[true]", "{\r\n\t\"k\": -0}", `[1,]`,
		"\"\xff\"", `18446744073709551617`, `{"a":{"b":[[[]]]}}`,
		strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
	} {
		f.Add([]byte(s))
	}
	// The shared corpus seeds the fuzzer when it is there; without it the
	// target still runs on the seeds above (no skip).
	files, _ := filepath.Glob(filepath.Join(testutil.RepoRoot(f), "..", "shared", "corpus", "asl", "realworld", "*", "*.json"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, ds := Parse("fuzz.json", data)
		pos := recounter(data)
		for _, d := range ds {
			if d.Subject == nil || d.Subject.Start != pos(d.Subject.Start.Offset) ||
				d.Subject.End != pos(d.Subject.End.Offset) {
				t.Fatalf("diagnostic %v at a wrong position", d)
			}
			if d.Code != "" && d.Code != CodeDuplicateKey {
				t.Fatalf("unexpected code %s", d.Code)
			}
		}

		body := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
		valid := json.Valid(body)
		if v == nil {
			if len(ds) == 0 || ds[len(ds)-1].Code != "" {
				t.Fatalf("no value and no syntax error: %v", ds)
			}
			msg := ds[len(ds)-1].Summary
			if valid && msg != "invalid UTF-8 in string" && !strings.HasPrefix(msg, "exceeded the maximum nesting depth") {
				t.Fatalf("encoding/json accepts what Parse refuses: %v", ds)
			}
			return
		}
		if !valid {
			t.Fatalf("Parse accepts what encoding/json refuses")
		}
		checkPositions(t, data, v)
		checkAgainstEncodingJSON(t, data, v)

		out := Marshal(v)
		v2, ds2 := Parse("out.json", out)
		if v2 == nil || len(ds2) != len(ds) {
			t.Fatalf("Marshal output %q re-parses with %v", out, ds2)
		}
		if !Equal(v, v2) || !sameTree(v, v2) {
			t.Fatalf("Marshal output %q re-parses to a different value", out)
		}
		if !bytes.Equal(MarshalCompact(v), MarshalCompact(v2)) {
			t.Fatal("MarshalCompact is not stable across a re-parse")
		}
		c := Canonical(v)
		if !Equal(c, v) {
			t.Fatalf("Canonical(v) = %s is not Equal to v", MarshalCompact(c))
		}
		if !bytes.Equal(Marshal(Canonical(c)), Marshal(c)) {
			t.Fatal("Canonical is not idempotent")
		}
	})
}

// stateMachine returns a generated definition of n Task states, each with
// the parts real definitions have: parameters, retries, a catch, a result
// selector, an escaped string and exact numbers.
func stateMachine(n int) []byte {
	states := NewObject()
	for i := 0; i < n; i++ {
		next := NewString(fmt.Sprintf("Step%04d", i+1))
		st := NewObject().
			Set("Type", NewString("Task")).
			Set("Comment", NewString(fmt.Sprintf("Step %d of %d: reserve \"item\" — café ☕", i, n))).
			Set("Resource", NewString("arn:aws:states:::lambda:invoke")).
			Set("Parameters", NewObject().
				Set("FunctionName", NewString(fmt.Sprintf("arn:aws:lambda:eu-west-1:123456789012:function:step-%d", i))).
				Set("Payload", NewObject().
					Set("orderId.$", NewString("$.order.id")).
					Set("amount", NewNumber("18446744073709551617.25")).
					Set("attempt.$", NewString("$$.State.RetryCount")).
					Set("items", NewArray(NewNumber("1"), NewNumber("2.5e-3"), NewBool(true), NewNull())))).
			Set("ResultSelector", NewObject().Set("body.$", NewString("States.StringToJson($.Payload.body)"))).
			Set("ResultPath", NewString(fmt.Sprintf("$.results.step%d", i))).
			Set("TimeoutSeconds", NewNumber("300")).
			Set("Retry", NewArray(NewObject().
				Set("ErrorEquals", NewArray(NewString("Lambda.ServiceException"), NewString("Lambda.TooManyRequestsException"))).
				Set("IntervalSeconds", NewNumber("2")).
				Set("MaxAttempts", NewNumber("6")).
				Set("BackoffRate", NewNumber("2.0")))).
			Set("Catch", NewArray(NewObject().
				Set("ErrorEquals", NewArray(NewString("States.ALL"))).
				Set("ResultPath", NewString("$.error")).
				Set("Next", NewString("Compensate"))))
		if i == n-1 {
			st.Set("End", NewBool(true))
		} else {
			st.Set("Next", next)
		}
		states.Set(fmt.Sprintf("Step%04d", i), st)
	}
	states.Set("Compensate", NewObject().Set("Type", NewString("Fail")))
	sm := NewObject().
		Set("Comment", NewString("generated for BenchmarkParse")).
		Set("StartAt", NewString("Step0000")).
		Set("States", states)
	return Marshal(sm)
}

// TestParseAllocations guards against per-character allocation: a large
// definition must cost well under one allocation per ten input bytes.
func TestParseAllocations(t *testing.T) {
	data := stateMachine(200)
	allocs := testing.AllocsPerRun(3, func() {
		if v, ds := Parse("", data); v == nil {
			t.Fatal(ds)
		}
	})
	if max := float64(len(data)) / 50; allocs > max {
		t.Errorf("%.0f allocations for %d bytes, want at most %.0f", allocs, len(data), max)
	}
}

func BenchmarkParse(b *testing.B) {
	data := stateMachine(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if v, ds := Parse("bench.json", data); v == nil || len(ds) != 0 {
			b.Fatal(ds)
		}
	}
}
