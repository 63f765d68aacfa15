package grammar

import (
	"io"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// The token types of the .saga language. Participle's grammar tags name
// them (Ident, String, …); Symbols maps the names to these values.
const (
	tokComment lexer.TokenType = -(iota + 2)
	tokWhitespace
	tokString
	tokUnterminated
	tokPath
	tokExponent
	tokDuration
	tokNumber
	tokErrorName
	tokIdent
	tokPunct
	tokBad
)

// Definition is the hand-written lexer of the .saga language, a
// participle lexer.Definition. It replaced participle's regexp lexer, which
// spent about 2 µs a token; this one is a single pass over the bytes.
//
// The tokens, tried in this order at each point (the first that matches
// wins, as with an ordered list of regular expressions):
//
//	Comment      //[^\n]*
//	Whitespace   [ \t\r\n\x{FEFF}]+           (not emitted)
//	String       "(?:\\.|[^"\\\n])*"
//	Unterminated "(?:\\.|[^"\\\n])*           (a string without its closing quote)
//	Path         \$\$?(?:[^\s,{}\[\]()"]|\[[^\]\n]*\])*
//	Exponent     -?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+
//	Duration     [0-9]+(?:\.[0-9]+)?\pL[\pL\pN]*
//	Number       -?[0-9]+(?:\.[0-9]+)?
//	ErrorName    [\pL_][\pL\pN_]*(?:\.[\pL_][\pL\pN_]*)+
//	Ident        [\pL_][\pL\pN_]*
//	Punct        ->|[<>{}\[\],:]
//	Bad          any other single character
type Definition struct{}

// Lexer is the .saga token definition.
var Lexer = &Definition{}

var symbols = map[string]lexer.TokenType{
	"EOF":          lexer.EOF,
	"Comment":      tokComment,
	"Whitespace":   tokWhitespace,
	"String":       tokString,
	"Unterminated": tokUnterminated,
	"Path":         tokPath,
	"Exponent":     tokExponent,
	"Duration":     tokDuration,
	"Number":       tokNumber,
	"ErrorName":    tokErrorName,
	"Ident":        tokIdent,
	"Punct":        tokPunct,
	"Bad":          tokBad,
}

// Symbols returns the token type of each token name.
func (*Definition) Symbols() map[string]lexer.TokenType { return symbols }

// Lex reads r whole and lexes it.
func (d *Definition) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexBytes(filename, data)
}

// LexString lexes a string.
func (d *Definition) LexString(filename string, input string) (lexer.Lexer, error) {
	return &scanner{filename: filename, src: input, line: 1, col: 1}, nil
}

// LexBytes lexes a byte slice.
func (d *Definition) LexBytes(filename string, input []byte) (lexer.Lexer, error) {
	return d.LexString(filename, string(input))
}

// scanner is one lexing pass; it implements lexer.Lexer.
type scanner struct {
	filename  string
	src       string
	off       int
	line, col int
}

// Next returns the next token. Whitespace is a token too (the parser
// elides it), so that participle's EndPos of a node is where its last
// token ends, not where the next one starts.
func (s *scanner) Next() (lexer.Token, error) {
	pos := lexer.Position{Filename: s.filename, Offset: s.off, Line: s.line, Column: s.col}
	if s.off >= len(s.src) {
		return lexer.Token{Type: lexer.EOF, Pos: pos}, nil
	}
	if start := s.off; s.skipSpace() {
		return lexer.Token{Type: tokWhitespace, Value: s.src[start:s.off], Pos: pos}, nil
	}
	start := s.off
	typ := s.scan()
	value := s.src[start:s.off]
	// Tokens never hold a newline, so only the column moves; it counts
	// runes as the diagnostics renderer does (an invalid byte is one).
	s.col += utf8.RuneCountInString(value)
	return lexer.Token{Type: typ, Value: value, Pos: pos}, nil
}

// skipSpace moves over whitespace and reports whether there was any.
func (s *scanner) skipSpace() bool {
	start := s.off
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch c {
		case ' ', '\t', '\r':
			s.off++
			s.col++
		case '\n':
			s.off++
			s.line++
			s.col = 1
		case 0xEF: // U+FEFF, the byte order mark
			if len(s.src)-s.off >= 3 && s.src[s.off+1] == 0xBB && s.src[s.off+2] == 0xBF {
				s.off += 3
				s.col++
				continue
			}
			return s.off > start
		default:
			return s.off > start
		}
	}
	return s.off > start
}

// scan consumes one token starting at s.off and returns its type.
func (s *scanner) scan() lexer.TokenType {
	src := s.src
	c := src[s.off]
	switch {
	case c == '/' && s.peek(1) == '/':
		for s.off < len(src) && src[s.off] != '\n' {
			s.off++
		}
		return tokComment
	case c == '"':
		s.off++
		for s.off < len(src) {
			switch src[s.off] {
			case '"':
				s.off++
				return tokString
			case '\n':
				return tokUnterminated
			case '\\':
				if s.off+1 < len(src) && src[s.off+1] != '\n' {
					s.off += 2 + utf8Extra(src[s.off+1:])
					continue
				}
				return tokUnterminated
			}
			s.off++
		}
		return tokUnterminated
	case c == '$':
		s.scanPath()
		return tokPath
	case c >= '0' && c <= '9' || c == '-' && isDigit(s.peek(1)):
		return s.scanNumber()
	case c == '-' && s.peek(1) == '>':
		s.off += 2
		return tokPunct
	case c == '<' || c == '>' || c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':':
		s.off++
		return tokPunct
	}
	r, size := utf8.DecodeRuneInString(src[s.off:])
	if r == '_' || unicode.IsLetter(r) {
		s.off += size
		s.scanIdentRest()
		dotted := false
		for s.off < len(src) && src[s.off] == '.' {
			next, n := utf8.DecodeRuneInString(src[s.off+1:])
			if !(next == '_' || unicode.IsLetter(next)) {
				break
			}
			s.off += 1 + n
			s.scanIdentRest()
			dotted = true
		}
		if dotted {
			return tokErrorName
		}
		return tokIdent
	}
	s.off += size // one rune, or one invalid byte
	return tokBad
}

// utf8Extra returns how many bytes past the first the rune at the start of
// s takes, so an escaped multi-byte character is skipped whole.
func utf8Extra(s string) int {
	if s == "" || s[0] < utf8.RuneSelf {
		return 0
	}
	_, size := utf8.DecodeRuneInString(s)
	return size - 1
}

func (s *scanner) peek(n int) byte {
	if s.off+n < len(s.src) {
		return s.src[s.off+n]
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (s *scanner) scanIdentRest() {
	for s.off < len(s.src) {
		r, size := utf8.DecodeRuneInString(s.src[s.off:])
		if !(r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)) {
			return
		}
		s.off += size
	}
}

func (s *scanner) scanDigits() {
	for s.off < len(s.src) && isDigit(s.src[s.off]) {
		s.off++
	}
}

// scanNumber scans an Exponent, a Duration or a Number.
func (s *scanner) scanNumber() lexer.TokenType {
	negative := s.src[s.off] == '-'
	if negative {
		s.off++
	}
	s.scanDigits()
	if s.peek(0) == '.' && isDigit(s.peek(1)) {
		s.off++
		s.scanDigits()
	}
	if c := s.peek(0); c == 'e' || c == 'E' {
		k := 1
		if sign := s.peek(1); sign == '+' || sign == '-' {
			k = 2
		}
		if isDigit(s.peek(k)) {
			s.off += k
			s.scanDigits()
			return tokExponent
		}
	}
	if !negative && s.off < len(s.src) {
		r, size := utf8.DecodeRuneInString(s.src[s.off:])
		if unicode.IsLetter(r) {
			s.off += size
			for s.off < len(s.src) {
				r, size := utf8.DecodeRuneInString(s.src[s.off:])
				if !(unicode.IsLetter(r) || unicode.IsNumber(r)) {
					break
				}
				s.off += size
			}
			return tokDuration
		}
	}
	return tokNumber
}

// scanPath scans $ or $$ and the path after it: any character but
// whitespace and , { } [ ] ( ) ", or a bracket group [ … ] on one line.
func (s *scanner) scanPath() {
	s.off++
	if s.peek(0) == '$' {
		s.off++
	}
	for s.off < len(s.src) {
		switch c := s.src[s.off]; c {
		case ' ', '\t', '\n', '\r', '\f', ',', '{', '}', ']', '(', ')', '"':
			return
		case '[':
			end := s.off + 1
			for end < len(s.src) && s.src[end] != ']' && s.src[end] != '\n' {
				end++
			}
			if end >= len(s.src) || s.src[end] != ']' {
				return
			}
			s.off = end + 1
		default:
			s.off++
		}
	}
}
