package jsonv

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// mustParse parses a test input that must be valid JSON; duplicate keys
// are allowed.
func mustParse(t *testing.T, s string) *Value {
	t.Helper()
	v, ds := Parse("", []byte(s))
	if v == nil {
		t.Fatalf("%s: %v", s, ds)
	}
	return v
}

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{`2`, `2.0`, true},
		{`2`, `2e0`, true},
		{`2`, `20E-1`, true},
		{`2`, `0.2e+1`, true},
		{`2.0`, `20E-1`, true},
		{`0`, `-0`, true},
		{`0`, `0.000e-5`, true},
		{`0.1`, `0.10`, true},
		{`100`, `1e2`, true},
		{`1e400`, `10e399`, true},
		{`1e400`, `1e401`, false},
		{`1e-400`, `0`, false},
		{`1`, `-1`, false},
		{`18446744073709551617`, `18446744073709551616`, false},
		{`18446744073709551617`, `1.8446744073709551617e19`, true},
		{`9007199254740993`, `9007199254740992`, false},
		{`0.1`, `0.1000000000000000055511151231257827`, false},
		{`"é"`, `"\u00e9"`, true},
		{`"\ud800"`, `"\ufffd"`, true},
		{`"a"`, `"A"`, false},
		{`"1"`, `1`, false},
		{`null`, `false`, false},
		{`true`, `true`, true},
		{`true`, `false`, false},
		{`[]`, `{}`, false},
		{`[1, 2]`, `[2, 1]`, false},
		{`[1, 2]`, `[1, 2, 3]`, false},
		{`[1, [2.0]]`, `[1e0, [2]]`, true},
		{`{"a": 1, "b": [true]}`, `{"b": [true], "a": 1.0}`, true},
		{`{"a": 1, "b": 2}`, `{"a": 1, "c": 2}`, false},
		{`{"a": 1}`, `{"a": 1, "b": 2}`, false},
		{`{"a": 1, "b": {"x": null, "y": "z"}}`, `{"b": {"y": "z", "x": null}, "a": 1}`, true},
		{`{"a": 1, "b": {"x": null}}`, `{"b": {"x": false}, "a": 1}`, false},
		// Repeated keys compare in their order of appearance.
		{`{"a": 1, "b": 0, "a": 2}`, `{"b": 0, "a": 1, "a": 2}`, true},
		{`{"a": 1, "a": 2}`, `{"a": 2, "a": 1}`, false},
		{`{"a": 1, "a": 1}`, `{"a": 1, "b": 1}`, false},
	}
	for _, tt := range tests {
		a, b := mustParse(t, tt.a), mustParse(t, tt.b)
		if got := Equal(a, b); got != tt.want {
			t.Errorf("Equal(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := Equal(b, a); got != tt.want {
			t.Errorf("Equal(%s, %s) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestEqualNil(t *testing.T) {
	if !Equal(nil, nil) || !Equal(nil, NewNull()) || !Equal(NewNull(), nil) || Equal(nil, NewBool(false)) {
		t.Error("a nil Value must count as null, as Marshal writes it")
	}
	a := NewObject().Set("a", nil)
	if !Equal(a, mustParse(t, `{"a": null}`)) {
		t.Error("a nil member value must equal null")
	}
}

func TestCanonicalNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0"},
		{"-0", "0"},
		{"-0.0e+10", "0"},
		{"2", "2"},
		{"2.0", "2"},
		{"2e0", "2"},
		{"20E-1", "2"},
		{"-1.50", "-1.5"},
		{"1e2", "100"},
		{"0.001e3", "1"},
		{"100e-2", "1"},
		{"007e0", "007e0"}, // not a JSON number: unchanged
		{"1e20", "100000000000000000000"},
		{"1e21", "1e+21"},
		{"123456789012345678901", "123456789012345678901"},
		{"1234567890123456789012", "1.234567890123456789012e+21"},
		{"18446744073709551617", "18446744073709551617"},
		{"1.5e-6", "0.0000015"},
		{"0.000001", "0.000001"},
		{"0.0000001", "1e-7"},
		{"1.5e-7", "1.5e-7"},
		{"-12.34e+5", "-1234000"},
		{"12.34", "12.34"},
		{"0.5", "0.5"},
		{"1.000000000000000000000000000001", "1.000000000000000000000000000001"},
		{"1E+400", "1e+400"},
		{"-1e-400", "-1e-400"},
		{"1e0000000000000000000000005", "100000"},
		{"1e999999999999999999999", "1e+999999999999999999999"},
		{"1.25e-999999999999999999999", "1.25e-999999999999999999999"},
		{"1230e999999999999999999999", "1.23e+1000000000000000000002"},
		{"0.00e999999999999999999999", "0"},
		{"", ""},
		{"abc", "abc"},
	}
	for _, tt := range tests {
		if got := CanonicalNumber(tt.in); got != tt.want {
			t.Errorf("CanonicalNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCanonicalNumberValue checks, on random literals, that the canonical
// spelling is a JSON number with the same exact value, and that two
// literals share a spelling exactly when math/big says they are equal.
func TestCanonicalNumberValue(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	digits := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		return b.String()
	}
	literal := func() string {
		var b strings.Builder
		if r.IntN(2) == 0 {
			b.WriteByte('-')
		}
		if r.IntN(3) == 0 {
			b.WriteByte('0')
		} else {
			b.WriteByte(byte('1' + r.IntN(9)))
			b.WriteString(digits(r.IntN(4)))
		}
		if r.IntN(2) == 0 {
			b.WriteString("." + digits(1+r.IntN(4)))
		}
		if r.IntN(2) == 0 {
			b.WriteString([]string{"e", "E", "e+", "e-", "E-"}[r.IntN(5)])
			b.WriteString(digits(1 + r.IntN(2)))
		}
		return b.String()
	}
	rat := func(s string) *big.Rat {
		x, ok := new(big.Rat).SetString(s)
		if !ok {
			t.Fatalf("big.Rat cannot read %q", s)
		}
		return x
	}
	lits := make([]string, 3000)
	for i := range lits {
		lits[i] = literal()
		if !validNumber(lits[i]) {
			t.Fatalf("generated %q is not a JSON number", lits[i])
		}
		c := CanonicalNumber(lits[i])
		if !validNumber(c) || rat(c).Cmp(rat(lits[i])) != 0 {
			t.Fatalf("CanonicalNumber(%q) = %q: not the same value", lits[i], c)
		}
		if CanonicalNumber(c) != c {
			t.Fatalf("CanonicalNumber(%q) = %q, not a fixed point", c, CanonicalNumber(c))
		}
	}
	equalPairs := 0
	for i := 0; i+1 < len(lits); i++ {
		for _, j := range []int{i + 1, r.IntN(len(lits))} {
			a, b := lits[i], lits[j]
			same := rat(a).Cmp(rat(b)) == 0
			if got := CanonicalNumber(a) == CanonicalNumber(b); got != same {
				t.Fatalf("%q vs %q: canonical equal %v, math/big equal %v", a, b, got, same)
			}
			if same {
				equalPairs++
			}
		}
	}
	if equalPairs == 0 {
		t.Error("no pair of equal values was generated; the test proves nothing")
	}
}

// TestCanonicalNumberMatchesJavaScript checks that for float64 values
// written with their shortest digits, CanonicalNumber spells them as
// JavaScript's Number.prototype.toString does (the RFC 8785 rule), here
// rebuilt from strconv's shortest digits and exponent.
func TestCanonicalNumberMatchesJavaScript(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 5000; i++ {
		f := math.Ldexp(r.NormFloat64(), r.IntN(240)-120)
		if i%3 == 0 {
			f = float64(r.Int64N(1<<53)) * math.Pow10(r.IntN(30))
		}
		lit := strconv.FormatFloat(f, 'g', -1, 64)
		if got, want := CanonicalNumber(lit), jsNumberString(f); got != want {
			t.Fatalf("CanonicalNumber(%q) = %q, JavaScript says %q", lit, got, want)
		}
	}
}

// jsNumberString is ECMAScript's Number::toString(f) for finite f.
func jsNumberString(f float64) string {
	if f == 0 {
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±xx
	mant, exp, _ := strings.Cut(e, "e")
	d := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	k, n := len(d), x+1
	switch {
	case k <= n && n <= 21:
		return sign + d + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + d[:n] + "." + d[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + d
	}
	out := d[:1]
	if k > 1 {
		out += "." + d[1:]
	}
	if n-1 >= 0 {
		return sign + out + "e+" + strconv.Itoa(n-1)
	}
	return sign + out + "e" + strconv.Itoa(n-1)
}

func TestCanonical(t *testing.T) {
	in := `{"b": 1.0, "a": [2e0, {"d": null, "c": "x", "B": -0}], "é": {}, "Z": [], "a": 20E-1}`
	v := mustParse(t, in)
	before := string(MarshalCompact(v))
	c := Canonical(v)
	want := `{"Z":[],"a":[2,{"B":0,"c":"x","d":null}],"a":2,"b":1,"é":{}}`
	if got := string(MarshalCompact(c)); got != want {
		t.Errorf("Canonical:\n got %s\nwant %s", got, want)
	}
	if got := string(MarshalCompact(v)); got != before {
		t.Errorf("Canonical changed its input: %s", got)
	}
	if !Equal(c, v) {
		t.Error("Canonical(v) is not Equal to v")
	}
	if c.Members[0].KeyRange != v.Member("Z").KeyRange {
		t.Error("Canonical did not keep the key range")
	}
	// Equal values, written differently, have one canonical text.
	other := mustParse(t, `{"é":{},"a":[0.2e1,{"c":"\u0078","B":0,"d":null}],"Z":[],"b":1,"a":2}`)
	if a, b := string(Marshal(Canonical(v))), string(Marshal(Canonical(other))); a != b {
		t.Errorf("equal values, different canonical text:\n%s\n%s", a, b)
	}
	if Canonical(nil) != nil {
		t.Error("Canonical(nil) != nil")
	}
}

func TestPointer(t *testing.T) {
	tests := []struct {
		path []string
		want string
	}{
		{nil, ""},
		{[]string{""}, "/"},
		{[]string{"States", "Reserve Hotel", "Catch", "0"}, "/States/Reserve Hotel/Catch/0"},
		{[]string{"a/b", "m~n", "~1"}, "/a~1b/m~0n/~01"},
		{[]string{"é"}, "/é"},
	}
	for _, tt := range tests {
		if got := Pointer(tt.path...); got != tt.want {
			t.Errorf("Pointer(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestWalk(t *testing.T) {
	v := mustParse(t, `{"a": [1, {"b/c": true}], "~": {"x": null, "y": [2]}, "a": "dup"}`)
	var got []string
	v.Walk(func(ptr string, v *Value) bool {
		got = append(got, fmt.Sprintf("%s=%s", ptr, v.Kind))
		return true
	})
	want := []string{
		"=object", "/a=array", "/a/0=number", "/a/1=object", "/a/1/b~1c=boolean",
		"/~0=object", "/~0/x=null", "/~0/y=array", "/~0/y/0=number", "/a=string",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Walk visited\n%q\nwant\n%q", got, want)
	}

	got = nil
	v.Walk(func(ptr string, v *Value) bool {
		got = append(got, ptr)
		return ptr != "/a"
	})
	want = []string{"", "/a", "/~0", "/~0/x", "/~0/y", "/~0/y/0", "/a"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Walk with skipping visited %q, want %q", got, want)
	}

	calls := 0
	(*Value)(nil).Walk(func(string, *Value) bool { calls++; return true })
	if calls != 0 {
		t.Error("Walk on nil called fn")
	}
}
