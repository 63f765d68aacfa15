package jsonv

import (
	"strings"
	"unicode/utf8"
)

// Marshal writes v as JSON with a 2-space indent and a final newline: the
// deterministic form sagac emits (same value, same bytes). Numbers are
// written digit for digit; strings are escaped as encoding/json does, but
// without HTML escaping.
func Marshal(v *Value) []byte {
	var b strings.Builder
	writeValue(&b, v, 0)
	b.WriteByte('\n')
	return []byte(b.String())
}

// MarshalCompact writes v as JSON with no insignificant whitespace.
func MarshalCompact(v *Value) []byte {
	var b strings.Builder
	writeValue(&b, v, -1)
	return []byte(b.String())
}

// writeValue writes v; depth < 0 means compact output.
func writeValue(b *strings.Builder, v *Value, depth int) {
	if v == nil {
		b.WriteString("null")
		return
	}
	switch v.Kind {
	case Null:
		b.WriteString("null")
	case Bool:
		if v.Bool {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case Number:
		b.WriteString(v.Str)
	case String:
		WriteString(b, v.Str)
	case Object:
		if len(v.Members) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, m := range v.Members {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, next(depth))
			WriteString(b, m.Key)
			b.WriteByte(':')
			if depth >= 0 {
				b.WriteByte(' ')
			}
			writeValue(b, m.Value, next(depth))
		}
		newline(b, depth)
		b.WriteByte('}')
	case Array:
		if len(v.Elems) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, e := range v.Elems {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, next(depth))
			writeValue(b, e, next(depth))
		}
		newline(b, depth)
		b.WriteByte(']')
	}
}

func next(depth int) int {
	if depth < 0 {
		return depth
	}
	return depth + 1
}

func newline(b *strings.Builder, depth int) {
	if depth < 0 {
		return
	}
	b.WriteByte('\n')
	for i := 0; i < depth; i++ {
		b.WriteString("  ")
	}
}

const hex = "0123456789abcdef"

// WriteString writes s as a quoted JSON string. Invalid UTF-8 becomes
// U+FFFD, as encoding/json does; U+2028 and U+2029 are escaped.
func WriteString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"':
				b.WriteString(`\"`)
			case c == '\\':
				b.WriteString(`\\`)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xF])
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r == '\u2028':
			b.WriteString(`\u2028`)
		case r == '\u2029':
			b.WriteString(`\u2029`)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}
