package compiler

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/grammar"
)

// MaxDurationSeconds is the longest duration Step Functions accepts.
const MaxDurationSeconds = 99999999

// MaxAttempts is the largest MaxAttempts Step Functions accepts.
const MaxAttempts = 99999999

// str decodes a string literal (JSON escapes) and resolves substitutions.
func (l *lowerer) str(a *grammar.StringArg) (string, bool) {
	r := l.rng(a.Pos, a.EndPos)
	return l.decodeString(a.Raw, r)
}

func (l *lowerer) decodeString(raw string, r diag.Range) (string, bool) {
	if !utf8.ValidString(raw) {
		l.errorf(r, "invalid UTF-8 in string")
		return strings.ToValidUTF8(strings.Trim(raw, `"`), "\uFFFD"), false
	}
	for _, c := range raw {
		if c < 0x20 {
			l.errorf(r, "control character %U in string: write it as an escape (\\t, \\n, \\u00XX)", c)
			return strings.Trim(raw, `"`), false
		}
	}
	var s string
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		l.errorf(r, "invalid escape in string %s: use JSON escapes (\\n, \\\", \\\\, \\u00e9)", raw)
		// Go on with the raw text, so one bad string is one error.
		return strings.Trim(raw, `"`), false
	}
	if err := loneSurrogate(raw); err != "" {
		l.errorf(r, "%s in string %s: a \\uD800-\\uDFFF escape must be half of a pair", err, raw)
		return s, false
	}
	return l.substitute(s, r, raw), true
}

// loneSurrogate finds a \\u escape of half a UTF-16 surrogate pair without
// its other half (JSON decoders quietly turn it into U+FFFD).
func loneSurrogate(raw string) string {
	for i := 0; i+6 <= len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if raw[i+1] != 'u' {
			i++ // skip the escaped character
			continue
		}
		v, err := strconv.ParseUint(raw[i+2:i+6], 16, 32)
		if err != nil {
			continue
		}
		switch {
		case v >= 0xD800 && v <= 0xDBFF:
			if i+12 <= len(raw) && raw[i+6] == '\\' && raw[i+7] == 'u' {
				if w, err := strconv.ParseUint(raw[i+8:i+12], 16, 32); err == nil && w >= 0xDC00 && w <= 0xDFFF {
					i += 11
					continue
				}
			}
			return fmt.Sprintf("a lone surrogate \\u%04X", v)
		case v >= 0xDC00 && v <= 0xDFFF:
			return fmt.Sprintf("a lone surrogate \\u%04X", v)
		}
		i += 5
	}
	return ""
}

// validVarName is what a ${Name} may hold: SAM/CloudFormation names,
// including pseudo parameters such as AWS::Region.
var validVarName = regexp.MustCompile(`^[A-Za-z0-9_.:-]+$`)

// substitute resolves ${Name} from the options; $${ writes a literal ${.
// Unresolved ones stay as written (and are errors under Strict); raw is
// the literal as written, to point at the ${ inside it.
func (l *lowerer) substitute(s string, r diag.Range, raw string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	searchFrom := 0
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "$${"):
			b.WriteString("${")
			i += 3
			continue
		case !strings.HasPrefix(s[i:], "${"):
			b.WriteByte(s[i])
			i++
			continue
		}
		end := strings.IndexByte(s[i+2:], '}')
		if end < 0 {
			l.warnf(r, "unclosed ${ in %s: it stays as written; write $${ for a literal ${", raw)
			b.WriteString(s[i:])
			break
		}
		name := s[i+2 : i+2+end]
		written := s[i : i+3+end]
		i += 3 + end
		at := l.within(r, raw, written, &searchFrom)
		if !validVarName.MatchString(name) {
			l.errorf(at, "invalid substitution %s: a name has letters, digits, _ . : or -", written)
			b.WriteString(written)
			continue
		}
		if v, ok := l.opts.Vars[name]; ok {
			b.WriteString(v)
			continue
		}
		if l.opts.Strict {
			l.errorf(at, "unresolved substitution ${%s} (--strict): pass --var %s=VALUE or a --vars file", name, name)
		}
		if l.saga != nil {
			l.saga.Substitutions = append(l.saga.Substitutions, ir.Substitution{Name: name, Range: at})
		}
		b.WriteString(written)
	}
	return b.String()
}

// within narrows r, the range of a string literal, to where text appears in
// the literal as written (searching on from *from), so a message about one
// ${Name} points at it; it falls back to r when escapes hide the text.
func (l *lowerer) within(r diag.Range, raw, text string, from *int) diag.Range {
	if raw == "" || r.Start.Line != r.End.Line || *from > len(raw) {
		return r
	}
	k := strings.Index(raw[*from:], text)
	if k < 0 {
		return r
	}
	k += *from
	*from = k + len(text)
	out := r
	out.Start.Column += utf8.RuneCountInString(raw[:k])
	out.Start.Offset += k
	out.End = out.Start
	out.End.Column += utf8.RuneCountInString(text)
	out.End.Offset += len(text)
	return out
}

var (
	durationToken    = regexp.MustCompile(`^([0-9]+)([a-zA-Z]+)$`)
	fractionDuration = regexp.MustCompile(`^[0-9]+\.[0-9]+[a-zA-Z]+$`)
	numberToken      = regexp.MustCompile(`^-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$`)
	errorNameToken   = regexp.MustCompile(`^[\pL_][\pL\pN_]*(?:\.[\pL_][\pL\pN_]*)*$`)
)

// duration converts a duration token to whole seconds; 0 after an error.
func (l *lowerer) duration(t *grammar.NumToken, what string) int64 {
	r := l.rng(t.Pos, t.EndPos)
	v := t.Value
	if isNumberToken(v) {
		l.errorf(r, "%s %s has no unit: write %ss, or use m, h or d", what, v, v)
		return 0
	}
	m := durationToken.FindStringSubmatch(v)
	if m == nil {
		if fractionDuration.MatchString(v) {
			l.errorf(r, "%s %s is a fraction: a duration is a whole number and one unit (s, m, h or d)", what, v)
		} else {
			l.errorf(r, "expected a duration for %s (a whole number and one unit: 30s, 5m, 2h, 1d), got %s", what, v)
		}
		return 0
	}
	var unit int64
	switch m[2] {
	case "s":
		unit = 1
	case "m":
		unit = 60
	case "h":
		unit = 3600
	case "d":
		unit = 86400
	case "ms":
		l.errorf(r, "%s %s is in milliseconds: Step Functions counts whole seconds (s, m, h or d)", what, v)
		return 0
	default:
		l.errorf(r, "unknown duration unit %q in %s: use s, m, h or d", m[2], v)
		return 0
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || n > MaxDurationSeconds || n*unit > MaxDurationSeconds {
		l.errorf(r, "%s %s is too long: at most %d seconds", what, v, MaxDurationSeconds)
		return 0
	}
	if n == 0 {
		l.errorf(r, "%s %s is too short: at least 1s", what, v)
		return 0
	}
	return n * unit
}

var numberLiteral = regexp.MustCompile(`^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$`)

func isNumberToken(v string) bool {
	return numberToken.MatchString(v)
}

// referencePath checks that a token is a reference path ($.a.b[0]).
func (l *lowerer) referencePath(t *grammar.Token, what string) (string, bool) {
	r := l.rng(t.Pos, t.EndPos)
	if !strings.HasPrefix(t.Value, "$") {
		l.errorf(r, "%s needs a reference path such as $.results, got %s", what, t.Value)
		return "", false
	}
	if err := checkJSONPath(t.Value, true); err != nil {
		l.errorf(r, "%s %s is not a reference path: %v", what, t.Value, err)
		return "", false
	}
	return t.Value, true
}

// resultPath lowers `result $.path` or `result none`.
func (l *lowerer) resultPath(t *grammar.Token) ir.ResultPath {
	if t.Value == "none" {
		return ir.ResultPath{Discard: true}
	}
	p, _ := l.referencePath(t, "result")
	return ir.ResultPath{Path: p}
}

// errorName lowers an error name: a dotted name, an identifier or a string.
func (l *lowerer) errorName(t *grammar.Token) string {
	r := l.rng(t.Pos, t.EndPos)
	v := t.Value
	switch {
	case strings.HasPrefix(v, `"`):
		s, _ := l.decodeString(v, r)
		if s == "" {
			l.errorf(r, "an error name must not be empty")
		}
		return s
	case errorNameToken.MatchString(v):
		return v
	}
	l.errorf(r, "expected an error name (Lambda.TooManyRequestsException or a string), got %s", v)
	return v
}

// retryOptionOrder is the order retry options must be written in.
var retryOptionOrder = []string{"max", "every", "backoff", "maxdelay", "jitter"}

// retry lowers one retry line; `retry none` becomes the none marker.
func (l *lowerer) retry(g *grammar.Retry, r diag.Range) ir.Retrier {
	out := ir.Retrier{Range: r}
	if len(g.Errors) == 1 && g.Errors[0].Value == "none" {
		if len(g.Options) > 0 {
			l.errorf(l.rng(g.Options[0].Pos, g.Options[0].EndPos), "retry none takes no options")
		}
		out.Errors = []string{noneMarker}
		return out
	}
	for _, t := range g.Errors {
		name := t.Value
		if name == "all" {
			name = "States.ALL"
		} else if name == "none" {
			l.errorf(l.rng(t.Pos, t.EndPos), "retry none must stand alone on its line")
			continue
		} else {
			name = l.errorName(t)
		}
		if name == "States.ALL" && len(g.Errors) > 1 {
			l.errorf(l.rng(t.Pos, t.EndPos), "States.ALL (retry all) must be the only error of its retry line")
		}
		out.Errors = append(out.Errors, name)
	}
	last := -1
	done := map[string]bool{}
	for _, o := range g.Options {
		or := l.rng(o.Pos, o.EndPos)
		if o.Jitter {
			o.Name = "jitter"
		}
		pos := indexOf(retryOptionOrder, o.Name)
		if done[o.Name] {
			l.errorf(or, "duplicate retry option %s", o.Name)
			continue
		}
		done[o.Name] = true
		if pos < last {
			l.errorf(or, "retry option %s is out of order: write them as max N every D backoff N maxdelay D jitter", o.Name)
		}
		last = max(last, pos)
		if o.Jitter {
			out.Jitter = true
			continue
		}
		if o.Arg == nil {
			l.errorf(or, "retry option %s needs a value", o.Name)
			continue
		}
		ar := l.rng(o.Arg.Pos, o.Arg.EndPos)
		switch o.Name {
		case "max":
			n, err := strconv.ParseInt(o.Arg.Value, 10, 64)
			if err != nil || n < 0 || n > MaxAttempts {
				l.errorf(ar, "max must be a whole number from 0 to %d, got %s", MaxAttempts, o.Arg.Value)
				continue
			}
			out.MaxAttempts = &n
		case "every":
			if n := l.duration(o.Arg, "every"); n > 0 {
				out.IntervalSeconds = &n
			}
		case "maxdelay":
			if n := l.duration(o.Arg, "maxdelay"); n > 0 {
				out.MaxDelaySeconds = &n
			}
		case "backoff":
			v := o.Arg.Value
			if !numberLiteral.MatchString(v) {
				l.errorf(ar, "backoff must be a number of at least 1, got %s", v)
				continue
			}
			if !inDoubleRange(v) {
				l.errorf(ar, "backoff %s is beyond what Step Functions can hold (about 1.8e308)", v)
				continue
			}
			rat, ok := new(big.Rat).SetString(v)
			if !ok || rat.Cmp(big.NewRat(1, 1)) < 0 {
				l.errorf(ar, "backoff must be at least 1, got %s", v)
				continue
			}
			num := ir.Number(v)
			out.BackoffRate = &num
		}
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// payload lowers an `input` value: an object, or a path to pass on.
func (l *lowerer) payload(v *grammar.Value) *ir.Value {
	val := l.value(v)
	if val == nil {
		return nil
	}
	if val.Kind != ir.ObjectValue && val.Kind != ir.PathValue {
		l.errorf(val.Range, "input must be an object ({ key: $.path, … }) or a path")
		return nil
	}
	return val
}

// selector lowers a `select` value, which must be an object.
func (l *lowerer) selector(v *grammar.Value) *ir.Value {
	val := l.value(v)
	if val == nil {
		return nil
	}
	if val.Kind != ir.ObjectValue {
		l.errorf(val.Range, "select must be an object ({ key: $.Payload.field, … })")
		return nil
	}
	return val
}

// value lowers an input/select value; nil after an error.
func (l *lowerer) value(v *grammar.Value) *ir.Value {
	r := l.rng(v.Pos, v.EndPos) // nesting is bounded by grammar.MaxNesting
	switch {
	case v.Object != nil:
		out := &ir.Value{Kind: ir.ObjectValue, Range: r}
		keys := map[string]diag.Range{}
		l.checkSeparators(v.Object.First != nil, len(v.Object.Rest), func(i int) (bool, diag.Range) {
			sep := v.Object.Rest[i]
			return sep.Member != nil, l.rng(sep.Pos, sep.EndPos)
		})
		for _, m := range v.Object.Members() {
			kr := l.rng(m.Key.Pos, m.Key.EndPos)
			key, ok := l.objectKey(m.Key, kr)
			if !ok {
				continue
			}
			if first, dup := keys[key]; dup {
				l.errorf(kr, "duplicate key %q (first at %s)", key, first.Start)
				continue
			}
			keys[key] = kr
			val := l.value(m.Value)
			if val == nil {
				continue
			}
			out.Members = append(out.Members, ir.Member{Key: key, Value: val, Range: kr})
		}
		return out
	case v.Array != nil:
		out := &ir.Value{Kind: ir.ArrayValue, Range: r}
		l.checkSeparators(v.Array.First != nil, len(v.Array.Rest), func(i int) (bool, diag.Range) {
			sep := v.Array.Rest[i]
			return sep.Elem != nil, l.rng(sep.Pos, sep.EndPos)
		})
		for _, e := range v.Array.Elems() {
			if val := l.value(e); val != nil {
				out.Elems = append(out.Elems, val)
			}
		}
		return out
	}
	t := v.Scalar
	tr := l.rng(t.Pos, t.EndPos)
	s := t.Value
	switch {
	case strings.HasPrefix(s, `"`):
		str, ok := l.decodeString(s, tr)
		if !ok {
			return nil
		}
		return &ir.Value{Kind: ir.StringValue, Text: str, Range: tr}
	case strings.HasPrefix(s, "$"):
		if err := checkJSONPath(s, false); err != nil {
			l.errorf(tr, "invalid path %s: %v", s, err)
			return nil
		}
		return &ir.Value{Kind: ir.PathValue, Text: s, Range: tr}
	case s == "true" || s == "false":
		return &ir.Value{Kind: ir.BoolValue, Bool: s == "true", Range: tr}
	case s == "null":
		return &ir.Value{Kind: ir.NullValue, Range: tr}
	case isNumberToken(s):
		if !numberLiteral.MatchString(s) {
			l.errorf(tr, "invalid number %s: JSON numbers have no leading zeros", s)
			return nil
		}
		if !inDoubleRange(s) {
			l.errorf(tr, "number %s is beyond what Step Functions and JSON tools can hold (about ±1.8e308)", s)
			return nil
		}
		return &ir.Value{Kind: ir.NumberValue, Text: s, Range: tr}
	}
	l.errorf(tr, "unexpected %s: a value is a \"string\", a number, true, false, null, a path ($.x), an object or an array", s)
	return nil
}

// maxDouble is the largest finite IEEE 754 double: engines and validators
// read JSON numbers as doubles, so a larger one becomes Infinity.
var maxDouble = new(big.Rat).SetFloat64(math.MaxFloat64)

// inDoubleRange reports whether a number literal's magnitude is at most the
// largest double. Digits are still kept as written: 18446744073709551617
// is in range and is emitted digit for digit. The magnitude is estimated
// from the digits and exponent first, so 1e999999999 costs nothing.
func inDoubleRange(lit string) bool {
	mant, expText, _ := strings.Cut(strings.ToLower(strings.TrimPrefix(lit, "-")), "e")
	intPart, frac, _ := strings.Cut(mant, ".")
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" && strings.Trim(frac, "0") == "" {
		return true // zero, whatever the exponent
	}
	exp := 0
	if expText != "" {
		e, err := strconv.Atoi(expText)
		if err != nil { // an exponent beyond int: huge or tiny
			return strings.HasPrefix(expText, "-")
		}
		exp = e
	}
	// The number of digits before the decimal point, once scaled.
	magnitude := len(intPart) + exp
	if intPart == "" {
		magnitude = exp - (len(frac) - len(strings.TrimLeft(frac, "0")))
	}
	switch {
	case magnitude < 308:
		return true
	case magnitude > 310:
		return false
	}
	r, ok := new(big.Rat).SetString(strings.TrimPrefix(lit, "-"))
	return ok && r.Cmp(maxDouble) <= 0
}

// checkSeparators refuses a comma with nothing before it (",," or "{,"):
// only a trailing comma may stand without a following item.
func (l *lowerer) checkSeparators(first bool, n int, sep func(int) (bool, diag.Range)) {
	prevItem := first
	for i := 0; i < n; i++ {
		hasItem, r := sep(i)
		if !prevItem {
			l.errorf(r, "unexpected ',': expected a value before it")
		}
		prevItem = hasItem
	}
}

// objectKey decodes an object key: an identifier, a dotted name or a string.
func (l *lowerer) objectKey(t *grammar.Token, r diag.Range) (string, bool) {
	key := t.Value
	switch {
	case strings.HasPrefix(key, `"`):
		var ok bool
		if key, ok = l.decodeString(key, r); !ok {
			return "", false
		}
	case strings.HasPrefix(key, "$") || isNumberToken(key) || durationToken.MatchString(key):
		l.errorf(r, "expected a key (a name or a string), got %s", key)
		return "", false
	}
	if strings.HasSuffix(key, ".$") {
		l.errorf(r, "key %q ends in .$: write the path as the value (key: $.x) and sagac adds .$", key)
		return "", false
	}
	if key == "" {
		l.errorf(r, "an object key must not be empty")
		return "", false
	}
	return key, true
}
