// This file holds what compares and addresses values: semantic equality,
// the canonical form used for hashing and text diffs, JSON pointers and a
// walker.

package jsonv

import (
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// Equal reports whether a and b are the same JSON value. Object member order
// does not matter; numbers are equal when they have the same mathematical
// value (2, 2.0, 2e0 and 20E-1 are equal; -0 equals 0), exactly, with no
// rounding; strings compare by their decoded content. Members with the same
// key (duplicates) are compared in their order of appearance, since which
// one wins depends on the reader. A nil Value counts as null, as Marshal
// writes it.
func Equal(a, b *Value) bool {
	if a == nil {
		a = &Value{Kind: Null}
	}
	if b == nil {
		b = &Value{Kind: Null}
	}
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case Null:
		return true
	case Bool:
		return a.Bool == b.Bool
	case String:
		return a.Str == b.Str
	case Number:
		return a.Str == b.Str || CanonicalNumber(a.Str) == CanonicalNumber(b.Str)
	case Array:
		if len(a.Elems) != len(b.Elems) {
			return false
		}
		for i := range a.Elems {
			if !Equal(a.Elems[i], b.Elems[i]) {
				return false
			}
		}
		return true
	default:
		if len(a.Members) != len(b.Members) {
			return false
		}
		am, bm := a.Members, b.Members
		if !sameKeys(am, bm) {
			am, bm = sortedMembers(am), sortedMembers(bm)
		}
		for i := range am {
			if am[i].Key != bm[i].Key || !Equal(am[i].Value, bm[i].Value) {
				return false
			}
		}
		return true
	}
}

// sameKeys reports whether a and b have the same keys in the same order, the
// common case, which needs no sorting.
func sameKeys(a, b []*Member) bool {
	for i := range a {
		if a[i].Key != b[i].Key {
			return false
		}
	}
	return true
}

// sortedMembers returns a copy of ms sorted by key in byte order; members
// with the same key keep their relative order.
func sortedMembers(ms []*Member) []*Member {
	out := slices.Clone(ms)
	slices.SortStableFunc(out, func(a, b *Member) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Canonical returns a deep copy of v with every object's members sorted by
// key in byte order (members with the same key keep their order) and every
// number in CanonicalNumber spelling, so that Marshal(Canonical(v)) is the
// same text for any two values that are Equal: a form for hashing and for
// line-based diffs. Ranges are copied along.
func Canonical(v *Value) *Value {
	if v == nil {
		return nil
	}
	c := &Value{Kind: v.Kind, Str: v.Str, Bool: v.Bool, Range: v.Range}
	switch v.Kind {
	case Number:
		c.Str = CanonicalNumber(v.Str)
	case Array:
		if v.Elems != nil {
			c.Elems = make([]*Value, len(v.Elems))
			for i, e := range v.Elems {
				c.Elems[i] = Canonical(e)
			}
		}
	case Object:
		if v.Members != nil {
			c.Members = make([]*Member, len(v.Members))
			for i, m := range sortedMembers(v.Members) {
				c.Members[i] = &Member{Key: m.Key, KeyRange: m.KeyRange, Value: Canonical(m.Value)}
			}
		}
	}
	return c
}

// CanonicalNumber returns the one spelling sagac uses for the value of the
// JSON number literal lit, so that two literals have the same value exactly
// when their canonical spellings are equal. The digits are kept exactly
// (never rounded through float64), without leading or trailing zeros, and
// laid out by the rule of ECMAScript's Number::toString: plain decimal when
// the decimal point falls within 21 digits left or 6 zeros right of the
// significant digits ("100", "0.000001", "1.5"), otherwise one digit before
// the point and an exponent ("1e+21", "1.5e-7"). Zero is "0", whatever its
// sign. For a value a float64 holds exactly, with the shortest digits, this
// is the spelling JavaScript and RFC 8785 (JCS) use. A lit that is not a
// valid JSON number is returned unchanged.
func CanonicalNumber(lit string) string {
	if !validNumber(lit) {
		return lit
	}
	s := lit
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	mant, exp := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, exp = s[:i], s[i+1:]
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	// The value is 0.D × 10^p, D the significant digits.
	d := strings.TrimLeft(intPart+frac, "0")
	// Leading zeros of the fraction move the point left.
	p := len(d) - len(frac)
	d = strings.TrimRight(d, "0")
	if d == "" {
		return "0"
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	e, small := exponent(exp)
	if !small {
		// |exponent| ≥ 10^15: only the exponent form is sensible, and it
		// needs big arithmetic.
		writeDigits(&b, d)
		x := new(big.Int)
		x.SetString(exp, 10)
		x.Add(x, big.NewInt(int64(p-1)))
		b.WriteByte('e')
		if x.Sign() >= 0 {
			b.WriteByte('+')
		}
		b.WriteString(x.String())
		return b.String()
	}
	p += e
	k := len(d)
	switch {
	case k <= p && p <= 21:
		b.WriteString(d)
		b.WriteString(strings.Repeat("0", p-k))
	case 0 < p && p <= 21:
		b.WriteString(d[:p])
		b.WriteByte('.')
		b.WriteString(d[p:])
	case -6 < p && p <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -p))
		b.WriteString(d)
	default:
		writeDigits(&b, d)
		b.WriteByte('e')
		if p-1 >= 0 {
			b.WriteByte('+')
		}
		b.WriteString(strconv.Itoa(p - 1))
	}
	return b.String()
}

// exponent parses an exponent's digits (with optional sign); small is false
// when its magnitude may reach 10^15, too big to add to in an int safely.
func exponent(exp string) (e int, small bool) {
	if exp == "" {
		return 0, true
	}
	neg := exp[0] == '-'
	if exp[0] == '-' || exp[0] == '+' {
		exp = exp[1:]
	}
	exp = strings.TrimLeft(exp, "0")
	if len(exp) > 15 {
		return 0, false
	}
	for _, c := range []byte(exp) {
		e = e*10 + int(c-'0')
	}
	if neg {
		e = -e
	}
	return e, true
}

// writeDigits writes d as a mantissa with one digit before the point.
func writeDigits(b *strings.Builder, d string) {
	b.WriteByte(d[0])
	if len(d) > 1 {
		b.WriteByte('.')
		b.WriteString(d[1:])
	}
}

// Pointer builds an RFC 6901 JSON pointer from unescaped reference tokens
// (object keys, or array indexes in decimal): Pointer() is "" (the whole
// document) and Pointer("States", "a/b~c") is "/States/a~1b~0c".
func Pointer(path ...string) string {
	var b strings.Builder
	for _, tok := range path {
		b.WriteByte('/')
		appendToken(&b, tok)
	}
	return b.String()
}

// appendToken writes one escaped pointer token: "~" as "~0", "/" as "~1".
func appendToken(b *strings.Builder, tok string) {
	for i := 0; i < len(tok); i++ {
		switch tok[i] {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteByte(tok[i])
		}
	}
}

// Walk calls fn for v and every value inside it, in document order (a
// container before its contents, members and elements in order), with the
// value's JSON pointer relative to v. When fn returns false, Walk skips that
// value's contents and goes on with the next one. A repeated key visits each
// of its members, under the same pointer.
func (v *Value) Walk(fn func(pointer string, v *Value) bool) {
	v.walk("", fn)
}

func (v *Value) walk(ptr string, fn func(string, *Value) bool) {
	if v == nil || !fn(ptr, v) {
		return
	}
	switch v.Kind {
	case Object:
		for _, m := range v.Members {
			var b strings.Builder
			b.WriteString(ptr)
			b.WriteByte('/')
			appendToken(&b, m.Key)
			m.Value.walk(b.String(), fn)
		}
	case Array:
		for i, e := range v.Elems {
			e.walk(ptr+"/"+strconv.Itoa(i), fn)
		}
	}
}
