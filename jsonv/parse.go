// This file is the JSON reader: a single-pass RFC 8259 parser that keeps
// member order, source positions and number literals, and reports its
// errors as diagnostics at the byte where the input went wrong.

package jsonv

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/sagac/sagac/diag"
)

// MaxDepth is the deepest nesting of objects and arrays that Parse accepts:
// the top-level container is at depth 1. Deeper input is refused with an
// error naming the limit, so a hostile input cannot exhaust the stack.
// Real state machines nest a few dozen levels at most.
const MaxDepth = 1000

// CodeDuplicateKey is the diagnostic code Parse gives a key that appears
// twice in one object.
const CodeDuplicateKey = "DUPLICATE_KEY"

// Parse reads one JSON value (RFC 8259) from data, which holds the contents
// of the file named filename (used only in positions).
//
// Every Value gets its Range and every Member its KeyRange: Line and Column
// are 1-based, Column counts runes (a tab is one column) and Offset is the
// byte offset in data. Only '\n' ends a line, so CRLF is one line break and
// a lone '\r' is plain whitespace (as diag.SourceLine sees lines). A leading
// UTF-8 byte order mark is skipped: the first character after it is at
// column 1, offset 3.
//
// Numbers keep their literal text in Str, digit for digit. Strings are
// decoded; an escaped lone surrogate (\ud800) becomes U+FFFD, as in
// encoding/json, but raw invalid UTF-8 is an error, not silently replaced.
//
// A syntax error stops the parse: Parse returns a nil Value and the error,
// with any duplicate-key diagnostics found before it. A duplicate key is not
// a syntax error: the parse goes on and returns the whole tree with an error
// diagnostic (code CodeDuplicateKey) on each repeated key, pointing back to
// the first. Members keeps every member in source order, repeats included,
// so lint and diff see both; Get and Member return the first.
//
// Parse runs in time and memory linear in len(data), with nesting limited
// to MaxDepth; limiting the input size is the caller's job. The returned
// tree shares one copy of data for its strings and numbers, so any Value
// kept alive keeps that copy alive.
func Parse(filename string, data []byte) (*Value, diag.Diagnostics) {
	p := &parser{filename: filename, data: data, src: string(data), line: 1, col: 1}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		p.off, p.lineStart, p.colOff = 3, 3, 3
	}
	v := p.parseValue(0, "expected a value")
	if p.err == nil {
		p.skipSpace()
		if p.off < len(data) {
			p.unexpected("trailing data after the JSON value")
		}
	}
	if p.err != nil {
		return nil, append(p.diags, p.err)
	}
	return v, p.diags
}

// parser is the state of one Parse call.
type parser struct {
	filename string
	data     []byte
	src      string // string(data): strings and numbers are slices of it
	off      int    // next byte to read

	// Position tracking. Raw line breaks can only appear in whitespace, so
	// skipSpace counts lines; columns are counted lazily from (colOff, col),
	// a point on the current line whose column is known. Positions are
	// asked for in increasing offset order, so each byte is counted once.
	line      int
	lineStart int // offset of the first byte of the current line
	colOff    int
	col       int

	err   *diag.Diagnostic // the syntax error that stopped the parse
	diags diag.Diagnostics // duplicate keys

	buf    []byte    // scratch for decoding escaped strings
	vals   []Value   // slab the Values are carved from
	mems   []Member  // slab the Members are carved from
	elems  []*Value  // stack of array elements being read
	membs  []*Member // stack of object members being read
	path   []pathSeg // where the parser is, for duplicate-key pointers
	nslabs int       // slabs allocated so far, to size the next one
}

// pathSeg is one step of the parser's path: an object key or an array index.
type pathSeg struct {
	key   string
	index int // -1 for a key
}

// pos returns the position of byte offset off, which must be on the current
// line.
func (p *parser) pos(off int) diag.Pos {
	if off < p.colOff {
		p.colOff, p.col = p.lineStart, 1
	}
	p.col += utf8.RuneCount(p.data[p.colOff:off])
	p.colOff = off
	return diag.Pos{Line: p.line, Column: p.col, Offset: off}
}

// rangeFrom returns the range from start to the current offset.
func (p *parser) rangeFrom(start diag.Pos) diag.Range {
	return diag.Range{Filename: p.filename, Start: start, End: p.pos(p.off)}
}

// skipSpace skips JSON whitespace, counting lines.
func (p *parser) skipSpace() {
	d := p.data
	for p.off < len(d) {
		switch d[p.off] {
		case ' ', '\t', '\r':
			p.off++
		case '\n':
			p.off++
			p.line++
			p.lineStart, p.colOff, p.col = p.off, p.off, 1
		default:
			return
		}
	}
}

// fail records the syntax error that stops the parse.
func (p *parser) fail(r diag.Range, format string, args ...any) {
	if p.err == nil {
		p.err = diag.Errorf(r, format, args...)
	}
}

// failAt records a syntax error on the n bytes at offset off.
func (p *parser) failAt(off, n int, format string, args ...any) {
	start := p.pos(off)
	end := p.pos(off + n)
	p.fail(diag.Range{Filename: p.filename, Start: start, End: end}, format, args...)
}

// unexpected reports the byte at p.off, or the end of input, where the
// grammar wanted what expect describes. A NUL byte, invalid UTF-8 or UTF-16
// input gets its own message, since "expected ','" would mislead there.
func (p *parser) unexpected(expect string) {
	d := p.data
	if p.off >= len(d) {
		p.failAt(p.off, 0, "unexpected end of input: %s", expect)
		return
	}
	c := d[p.off]
	switch {
	case c == 0:
		p.failAt(p.off, 1, "NUL byte in input")
	case p.off == 0 && len(d) >= 2 && (c == 0xFF && d[1] == 0xFE || c == 0xFE && d[1] == 0xFF):
		p.failAt(0, 2, "input is UTF-16: expected UTF-8")
	case c >= utf8.RuneSelf:
		r, n := utf8.DecodeRune(d[p.off:])
		if r == utf8.RuneError && n == 1 {
			p.failAt(p.off, 1, "invalid UTF-8 in input")
			return
		}
		p.failAt(p.off, n, "%s", expect)
	default:
		p.failAt(p.off, 1, "%s", expect)
	}
}

// newValue returns a zeroed Value of kind k from the slab.
func (p *parser) newValue(k Kind) *Value {
	if len(p.vals) == cap(p.vals) {
		p.vals = make([]Value, 0, p.slabSize())
	}
	p.vals = p.vals[:len(p.vals)+1]
	v := &p.vals[len(p.vals)-1]
	v.Kind = k
	return v
}

// newMember returns a zeroed Member from the slab.
func (p *parser) newMember() *Member {
	if len(p.mems) == cap(p.mems) {
		p.mems = make([]Member, 0, p.slabSize())
	}
	p.mems = p.mems[:len(p.mems)+1]
	return &p.mems[len(p.mems)-1]
}

// slabSize grows the slabs geometrically from 16 to 1024 entries, so a small
// document allocates little and a large one allocates rarely.
func (p *parser) slabSize() int {
	n := 16 << p.nslabs
	if n < 1024 {
		p.nslabs++
	} else {
		n = 1024
	}
	return n
}

// parseValue reads the value at p.off, skipping whitespace before it; expect
// says what the grammar wants here, for the error when no value starts.
// depth is the number of containers around the value. It returns nil when
// it has recorded an error.
func (p *parser) parseValue(depth int, expect string) *Value {
	p.skipSpace()
	if p.off >= len(p.data) {
		p.unexpected(expect)
		return nil
	}
	switch c := p.data[p.off]; {
	case c == '{':
		return p.parseObject(depth + 1)
	case c == '[':
		return p.parseArray(depth + 1)
	case c == '"':
		start := p.pos(p.off)
		s, ok := p.parseString()
		if !ok {
			return nil
		}
		v := p.newValue(String)
		v.Str = s
		v.Range = p.rangeFrom(start)
		return v
	case c == '-' || c == '+' || c == '.' || '0' <= c && c <= '9':
		return p.parseNumber()
	case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		return p.parseLiteral()
	default:
		p.unexpected(expect)
		return nil
	}
}

// open starts reading the container of kind k at p.off, its opening
// bracket, at the given depth: it checks the depth, reads the bracket and
// the space after it, and returns the Value with its start. done is true
// when nothing is left to read: the container was empty (v is complete) or
// too deep (v is nil and the error recorded).
func (p *parser) open(k Kind, depth int, closer byte) (v *Value, start diag.Pos, done bool) {
	if depth > MaxDepth {
		p.failAt(p.off, 1, "exceeded the maximum nesting depth of %d", MaxDepth)
		return nil, start, true
	}
	v = p.newValue(k)
	start = p.pos(p.off)
	p.off++
	p.skipSpace()
	if p.off < len(p.data) && p.data[p.off] == closer {
		p.off++
		v.Range = p.rangeFrom(start)
		return v, start, true
	}
	return v, start, false
}

// parseObject reads the object at p.off, the '{'.
func (p *parser) parseObject(depth int) *Value {
	v, start, done := p.open(Object, depth, '}')
	if done {
		return v
	}
	mark := len(p.membs)
	var index map[string]*Member // by key, built once the object is large
	expectKey := "expected a string key or '}'"
	for {
		p.skipSpace()
		if p.off >= len(p.data) || p.data[p.off] != '"' {
			p.unexpected(expectKey)
			return nil
		}
		m := p.newMember()
		keyStart := p.pos(p.off)
		key, ok := p.parseString()
		if !ok {
			return nil
		}
		m.Key = key
		m.KeyRange = p.rangeFrom(keyStart)
		p.skipSpace()
		if p.off >= len(p.data) || p.data[p.off] != ':' {
			p.unexpected("expected ':' after object key")
			return nil
		}
		p.off++
		p.path = append(p.path, pathSeg{key: key, index: -1})
		m.Value = p.parseValue(depth, "expected a value after ':'")
		p.path = p.path[:len(p.path)-1]
		if m.Value == nil {
			return nil
		}
		index = p.checkDuplicate(m, p.membs[mark:], index)
		p.membs = append(p.membs, m)

		p.skipSpace()
		if p.off < len(p.data) {
			switch p.data[p.off] {
			case ',':
				p.off++
				expectKey = "expected a string key after ','"
				continue
			case '}':
				p.off++
				v.Members = append([]*Member(nil), p.membs[mark:]...)
				p.membs = p.membs[:mark]
				v.Range = p.rangeFrom(start)
				return v
			}
		}
		p.unexpected("expected ',' or '}' after object member")
		return nil
	}
}

// smallObject is the member count up to which duplicate keys are found by a
// linear scan; larger objects get a map, so the check stays linear overall.
const smallObject = 16

// checkDuplicate reports m when its key is already among prev, the members
// read so far of the same object. index is the object's key index, nil
// while the object is small; checkDuplicate returns it, built if needed.
func (p *parser) checkDuplicate(m *Member, prev []*Member, index map[string]*Member) map[string]*Member {
	var first *Member
	if index == nil && len(prev) < smallObject {
		for _, q := range prev {
			if q.Key == m.Key {
				first = q
				break
			}
		}
	} else {
		if index == nil {
			index = make(map[string]*Member, 2*len(prev))
			for _, q := range prev {
				if _, ok := index[q.Key]; !ok {
					index[q.Key] = q
				}
			}
		}
		if q, ok := index[m.Key]; ok {
			first = q
		} else {
			index[m.Key] = m
		}
	}
	if first != nil {
		d := diag.Errorf(m.KeyRange, "duplicate key %s (first at %s)", strconv.Quote(m.Key), first.KeyRange.Start)
		d.Code = CodeDuplicateKey
		d.Pointer = p.pointer(m.Key)
		p.diags = append(p.diags, d)
	}
	return index
}

// pointer returns the JSON pointer of the parser's current path plus key.
func (p *parser) pointer(key string) string {
	segs := make([]string, 0, len(p.path)+1)
	for _, s := range p.path {
		if s.index >= 0 {
			segs = append(segs, strconv.Itoa(s.index))
		} else {
			segs = append(segs, s.key)
		}
	}
	return Pointer(append(segs, key)...)
}

// parseArray reads the array at p.off, the '['.
func (p *parser) parseArray(depth int) *Value {
	v, start, done := p.open(Array, depth, ']')
	if done {
		return v
	}
	mark := len(p.elems)
	expect := "expected a value or ']'"
	p.path = append(p.path, pathSeg{index: 0})
	for {
		e := p.parseValue(depth, expect)
		if e == nil {
			return nil
		}
		p.elems = append(p.elems, e)
		p.skipSpace()
		if p.off < len(p.data) {
			switch p.data[p.off] {
			case ',':
				p.off++
				p.path[len(p.path)-1].index++
				expect = "expected a value after ','"
				continue
			case ']':
				p.off++
				v.Elems = append([]*Value(nil), p.elems[mark:]...)
				p.elems = p.elems[:mark]
				p.path = p.path[:len(p.path)-1]
				v.Range = p.rangeFrom(start)
				return v
			}
		}
		p.unexpected("expected ',' or ']' after array element")
		return nil
	}
}

// parseString reads the string at p.off, the opening quote, and returns its
// decoded content. A string without escapes is a slice of p.src, with no
// allocation.
func (p *parser) parseString() (string, bool) {
	d := p.data
	open := p.off
	i := open + 1
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			p.off = i + 1
			return p.src[open+1 : i], true
		case c == '\\':
			return p.parseEscaped(open, i)
		case c < 0x20:
			p.badControl(open, i)
			return "", false
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && n == 1 {
				p.failAt(i, 1, "invalid UTF-8 in string")
				return "", false
			}
			i += n
		default:
			i++
		}
	}
	p.unterminated(open, len(d))
	return "", false
}

// parseEscaped finishes parseString from the first backslash, at i, of the
// string opened at open, decoding into p.buf.
func (p *parser) parseEscaped(open, i int) (string, bool) {
	d := p.data
	b := append(p.buf[:0], d[open+1:i]...)
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			p.off = i + 1
			p.buf = b
			return string(b), true
		case c == '\\':
			if i+1 >= len(d) {
				p.unterminated(open, len(d))
				return "", false
			}
			switch e := d[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := p.escapeU(open, i)
				if !ok {
					return "", false
				}
				i += 6
				if utf16IsHigh(r) && i+6 <= len(d) && d[i] == '\\' && d[i+1] == 'u' {
					if lo, ok := hex4(d[i+2 : i+6]); ok && utf16IsLow(lo) {
						r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
						i += 6
					}
				}
				if utf16IsHigh(r) || utf16IsLow(r) {
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				p.badEscape(i)
				return "", false
			}
			i += 2
		case c < 0x20:
			p.badControl(open, i)
			return "", false
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && n == 1 {
				p.failAt(i, 1, "invalid UTF-8 in string")
				return "", false
			}
			b = append(b, d[i:i+n]...)
			i += n
		default:
			b = append(b, c)
			i++
		}
	}
	p.unterminated(open, len(d))
	return "", false
}

// escapeU decodes the \uXXXX escape at offset i of the string opened at
// open.
func (p *parser) escapeU(open, i int) (rune, bool) {
	d := p.data
	end := min(i+6, len(d))
	if r, ok := hex4(d[i+2 : end]); ok {
		return r, true
	}
	if end-i < 6 && allHex(d[i+2:end]) {
		p.unterminated(open, len(d))
		return 0, false
	}
	// Underline the escape and its first bad character, unless that is
	// a line break (a range stays on one line).
	n := 2
	for n < end-i && isHex(d[i+n]) {
		n++
	}
	if c := d[i+n]; c != '\n' && c != '\r' {
		_, size := utf8.DecodeRune(d[i+n:])
		n += size
	}
	p.failAt(i, n, "invalid \\u escape: expected 4 hex digits")
	return 0, false
}

// hex4 decodes exactly four hex digits.
func hex4(h []byte) (rune, bool) {
	if len(h) != 4 {
		return 0, false
	}
	var r rune
	for _, c := range h {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func allHex(h []byte) bool {
	for _, c := range h {
		if !isHex(c) {
			return false
		}
	}
	return true
}

func utf16IsHigh(r rune) bool { return 0xD800 <= r && r < 0xDC00 }
func utf16IsLow(r rune) bool  { return 0xDC00 <= r && r < 0xE000 }

// badEscape reports the backslash at i, followed by a byte that starts no
// JSON escape.
func (p *parser) badEscape(i int) {
	r, n := utf8.DecodeRune(p.data[i+1:])
	switch {
	case r == utf8.RuneError && n == 1:
		p.failAt(i+1, 1, "invalid UTF-8 in string")
	case r == 0:
		p.failAt(i+1, 1, "NUL byte in input")
	case unicode.IsPrint(r):
		p.failAt(i, 1+n, "invalid escape '\\%c' in string: %s", r, escapes)
	default:
		// Underline only the backslash: r may be a line break.
		p.failAt(i, 1, "invalid escape: '\\' followed by U+%04X in string: %s", r, escapes)
	}
}

// escapes lists the escapes a JSON string may use.
const escapes = `expected one of \" \\ \/ \b \f \n \r \t \uXXXX`

// unterminated reports the string opened at open that runs to end.
func (p *parser) unterminated(open, end int) {
	p.failAt(open, end-open, "unterminated string")
}

// badControl reports the raw control character at i in the string opened at
// open. A line break most likely means a missing closing quote.
func (p *parser) badControl(open, i int) {
	switch c := p.data[i]; c {
	case 0:
		p.failAt(i, 1, "NUL byte in input")
	case '\n', '\r':
		p.unterminated(open, i)
		p.err.Detail = "a JSON string cannot span lines; write a line break inside a string as \\n"
	default:
		p.failAt(i, 1, "unescaped control character U+%04X in string", c)
	}
}

// parseNumber reads the number at p.off. It takes the whole run of
// characters that could belong to a number or a word, so "01", "1.e5",
// "0x1F" and "-Infinity" are each reported whole.
func (p *parser) parseNumber() *Value {
	d := p.data
	start := p.off
	i := start
	for i < len(d) && isNumberByte(d[i]) {
		i++
	}
	lit := p.src[start:i]
	if !validNumber(lit) {
		p.failAt(start, i-start, "invalid number %s", quoteShort(lit))
		return nil
	}
	v := p.newValue(Number)
	v.Str = lit
	from := p.pos(start)
	p.off = i
	v.Range = p.rangeFrom(from)
	return v
}

func isNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// validNumber reports whether s matches the JSON number grammar
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		i = digits(s, i)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		j := digits(s, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := digits(s, i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(s)
}

// digits returns the offset of the first non-digit of s at or after i.
func digits(s string, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// parseLiteral reads true, false or null at p.off.
func (p *parser) parseLiteral() *Value {
	d := p.data
	start := p.off
	i := start
	for i < len(d) && ('a' <= d[i] && d[i] <= 'z' || 'A' <= d[i] && d[i] <= 'Z' || '0' <= d[i] && d[i] <= '9' || d[i] == '_') {
		i++
	}
	var v *Value
	switch p.src[start:i] {
	case "true":
		v = p.newValue(Bool)
		v.Bool = true
	case "false":
		v = p.newValue(Bool)
	case "null":
		v = p.newValue(Null)
	default:
		p.failAt(start, i-start, "invalid literal %s: expected true, false or null", quoteShort(p.src[start:i]))
		return nil
	}
	from := p.pos(start)
	p.off = i
	v.Range = p.rangeFrom(from)
	return v
}

// quoteShort quotes s for a message, cut to 40 bytes so a megabyte-long bad
// token does not make a megabyte-long message.
func quoteShort(s string) string {
	const max = 40
	if len(s) <= max {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:max]) + "…"
}
