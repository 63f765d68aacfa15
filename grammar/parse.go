// Package grammar is the front end of sagac: the lexer, the participle
// grammar and syntax tree of .saga files (every node with its position),
// and the translation of participle's syntax errors into positioned
// diagnostics in user words.
//
// The grammar is deliberately lenient where a precise message helps more
// than a syntax error (a duration with no unit, retry options out of order,
// an unknown invoke kind): it accepts the token and the compiler's check pass
// refuses it with a message that says what was expected.
package grammar

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/sagac/sagac/diag"
)

// MaxFileSize is the largest .saga input accepted, in bytes. The parser holds
// every token in memory, so the size is checked before lexing.
const MaxFileSize = 8 << 20

var parser = participle.MustBuild[File](
	participle.Lexer(Lexer),
	participle.Elide("Whitespace", "Comment"),
	participle.UseLookahead(0),
)

// Parse parses one .saga file. It returns the syntax tree, or nil and
// exactly one diagnostic for the first syntax error (the parser stops there).
func Parse(filename string, src []byte) (*File, diag.Diagnostics) {
	if len(src) > MaxFileSize {
		return nil, diag.Diagnostics{{
			Severity: diag.Error,
			Summary:  fmt.Sprintf("file is %d bytes; the limit is %d bytes (grammar.MaxFileSize)", len(src), MaxFileSize),
			Subject:  &diag.Range{Filename: filename, Start: diag.Pos{Line: 1, Column: 1}, End: diag.Pos{Line: 1, Column: 1}},
		}}
	}
	sc := &scanner{filename: filename, src: string(src), line: 1, col: 1}
	if bytes.HasPrefix(src, bom) {
		sc.off = len(bom) // a byte order mark takes no column
	}
	guard := &tokenGuard{scanner: sc}
	tokens, err := lexer.Upgrade(guard, tokComment, tokWhitespace)
	var limit *limitError
	if errors.As(err, &limit) {
		start := toPos(limit.pos)
		end := start
		end.Column++
		end.Offset++
		return nil, diag.Diagnostics{{Severity: diag.Error, Summary: limit.msg,
			Subject: &diag.Range{Filename: filename, Start: start, End: end}}}
	}
	if err != nil {
		return nil, diag.Diagnostics{syntaxError(filename, src, err)}
	}
	if guard.tokens == 0 {
		pos := diag.Pos{Line: sc.line, Column: sc.col, Offset: sc.off}
		return nil, diag.Diagnostics{{Severity: diag.Error,
			Summary: "the file holds no saga: expected saga Name < step -> step >",
			Subject: &diag.Range{Filename: filename, Start: pos, End: pos}}}
	}
	file, err := parser.ParseFromLexer(tokens)
	if err != nil {
		return nil, diag.Diagnostics{syntaxError(filename, src, err)}
	}
	file.Comments = guard.comments
	return file, nil
}

// bom is the UTF-8 byte order mark some editors put at the start of a file.
var bom = []byte("\uFEFF")

// Limits on what one .saga file may hold. They keep a hostile input from
// costing unbounded time or memory (the parser holds every token and
// recurses into brackets); each is checked while lexing, before parsing,
// and reported with its name and the place it was passed.
const (
	// MaxNesting is the deepest nesting of { and [, the saga's and the
	// step's braces included.
	MaxNesting = 100
	// MaxItems is the most members of one object or elements of one array.
	MaxItems = 10000
	// MaxSteps is the most steps a flow may name. A definition of that
	// many steps is already far over Step Functions' 1 MiB limit.
	MaxSteps = 10000
)

// limitError reports a limit passed at a position.
type limitError struct {
	pos lexer.Position
	msg string
}

func (e *limitError) Error() string { return e.msg }

// tokenGuard passes tokens through to the parser. It keeps the comments,
// which the grammar elides, so the formatter can put them back (one lexing
// pass), and it stops at the first limit passed.
type tokenGuard struct {
	*scanner
	comments []*Comment
	items    []int // per open bracket, the commas seen so far
	arrows   int
	tokens   int // tokens the parser sees (not comments or whitespace)
}

func (g *tokenGuard) Next() (lexer.Token, error) {
	tok, err := g.scanner.Next()
	if tok.Type != tokComment && tok.Type != tokWhitespace && tok.Type != lexer.EOF {
		g.tokens++
	}
	switch tok.Type {
	case tokComment:
		g.comments = append(g.comments, &Comment{Pos: tok.Pos, Text: strings.TrimRight(tok.Value, "\r")})
	case tokPunct:
		switch tok.Value {
		case "{", "[":
			g.items = append(g.items, 0)
			if len(g.items) > MaxNesting {
				return tok, &limitError{tok.Pos, fmt.Sprintf("brackets nested deeper than %d levels (the limit grammar.MaxNesting)", MaxNesting)}
			}
		case "}", "]":
			if len(g.items) > 0 {
				g.items = g.items[:len(g.items)-1]
			}
		case ",":
			if n := len(g.items); n > 0 {
				g.items[n-1]++
				if g.items[n-1] >= MaxItems {
					return tok, &limitError{tok.Pos, fmt.Sprintf("more than %d items in one object or array (the limit grammar.MaxItems)", MaxItems)}
				}
			}
		case "->":
			g.arrows++
			if g.arrows >= MaxSteps {
				return tok, &limitError{tok.Pos, fmt.Sprintf("the flow names more than %d steps (the limit grammar.MaxSteps)", MaxSteps)}
			}
		}
	}
	return tok, err
}

// syntaxError turns participle's error into a diagnostic in user words.
func syntaxError(filename string, src []byte, err error) *diag.Diagnostic {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return &diag.Diagnostic{Severity: diag.Error, Summary: err.Error(),
			Subject: &diag.Range{Filename: filename, Start: diag.Pos{Line: 1, Column: 1}}}
	}
	pos := perr.Position()
	start := toPos(pos)
	end := start
	end.Column++
	end.Offset++
	msg := perr.Message()
	var unexpected *participle.UnexpectedTokenError
	if errors.As(err, &unexpected) {
		tok := unexpected.Unexpected
		start = toPos(tok.Pos)
		end = start
		end.Column += len([]rune(tok.Value))
		end.Offset += len(tok.Value)
		msg = describeUnexpected(tok, err)
	}
	return &diag.Diagnostic{
		Severity: diag.Error,
		Summary:  msg,
		Subject:  &diag.Range{Filename: filename, Start: start, End: end},
	}
}

func toPos(p lexer.Position) diag.Pos {
	line, col := p.Line, p.Column
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	return diag.Pos{Line: line, Column: col, Offset: p.Offset}
}

func describeUnexpected(tok lexer.Token, err error) string {
	symbols := Lexer.Symbols()
	var what string
	switch tok.Type {
	case lexer.EOF:
		what = "end of file"
	case symbols["Unterminated"]:
		return "unterminated string: a string must close with \" on the same line"
	case symbols["Bad"]:
		return fmt.Sprintf("unexpected character %q", tok.Value)
	case symbols["String"]:
		what = "string " + tok.Value
	default:
		what = fmt.Sprintf("%q", tok.Value)
	}
	expect := expected(err.Error())
	msg := "unexpected " + what
	if expect != "" {
		msg += ", expected " + expect
	}
	if tok.Type == symbols["Ident"] {
		if kw := Closest(tok.Value, keywords); kw != "" && !isKeyword(tok.Value) {
			msg += fmt.Sprintf(" (did you mean %q?)", kw)
		}
	}
	return msg
}

// keywords are the words that start a clause, for did-you-mean hints.
var keywords = []string{
	"saga", "step", "comment", "timeout", "succeed", "fail", "compensation",
	"results", "errors", "invoke", "input", "select", "result", "output",
	"heartbeat", "retry", "compensate", "lambda", "failed", "error", "cause",
	"after", "success", "max", "every", "backoff", "maxdelay", "jitter",
}

// expected extracts participle's "(expected X)" and says X in user words.
func expected(message string) string {
	i := strings.LastIndex(message, "(expected ")
	if i < 0 || !strings.HasSuffix(message, ")") {
		return ""
	}
	words := strings.Fields(message[i+len("(expected ") : len(message)-1])
	if len(words) == 0 {
		return ""
	}
	first := strings.TrimSuffix(strings.TrimSuffix(words[0], "?"), "*")
	switch first {
	case "Ident", "FlowItem":
		return "an identifier"
	case "StringArg":
		return "a string"
	case "Token", "Value":
		return "a value"
	case "Flow":
		return `"<" to start the flow`
	case "Invoke":
		return "a task kind (lambda)"
	case "Retry":
		return "error names, all or none"
	case `"}"`:
		return `a clause or "}"`
	}
	if strings.HasPrefix(first, `"`) {
		return first
	}
	return ""
}

// Closest returns the candidate nearest to word, at most two edits away
// and not word itself, or "": the did-you-mean hint of every message.
func Closest(word string, candidates []string) string {
	best, bestDist := "", 3
	if utf8.RuneCountInString(word) <= 4 {
		bestDist = 2 // a short word is one edit from too many others
	}
	for _, c := range candidates {
		if c == word {
			continue
		}
		if d := EditDistance(word, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func isKeyword(word string) bool {
	for _, k := range keywords {
		if k == word {
			return true
		}
	}
	return false
}

// EditDistance is the Levenshtein distance between a and b, in runes: the
// measure of every did-you-mean hint.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
