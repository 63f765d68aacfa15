package grammar

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
)

// reference is the lexer's specification as ordered regular expressions
// (the first that matches wins): the hand-written scanner must produce
// exactly the tokens this participle regexp lexer produces.
var reference = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `//[^\n]*`},
	{Name: "Whitespace", Pattern: `[ \t\r\n\x{FEFF}]+`},
	{Name: "String", Pattern: `"(?:\\.|[^"\\\n])*"`},
	{Name: "Unterminated", Pattern: `"(?:\\.|[^"\\\n])*`},
	{Name: "Path", Pattern: `\$\$?(?:[^\s,{}\[\]()"]|\[[^\]\n]*\])*`},
	{Name: "Exponent", Pattern: `-?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+`},
	{Name: "Duration", Pattern: `[0-9]+(?:\.[0-9]+)?\pL[\pL\pN]*`},
	{Name: "Number", Pattern: `-?[0-9]+(?:\.[0-9]+)?`},
	{Name: "ErrorName", Pattern: `[\pL_][\pL\pN_]*(?:\.[\pL_][\pL\pN_]*)+`},
	{Name: "Ident", Pattern: `[\pL_][\pL\pN_]*`},
	{Name: "Punct", Pattern: `->|[<>{}\[\],:]`},
	{Name: "Bad", Pattern: `.|\n`},
})

type tok struct {
	typ       string
	value     string
	line, col int
	offset    int
}

func lexAll(t *testing.T, def lexer.Definition, src string) []tok {
	t.Helper()
	names := map[lexer.TokenType]string{}
	for name, typ := range def.Symbols() {
		names[typ] = name
	}
	lx, err := def.(lexer.StringDefinition).LexString("f", src)
	if err != nil {
		t.Fatal(err)
	}
	var out []tok
	for {
		tk, err := lx.Next()
		if err != nil {
			t.Fatalf("lex error on %q: %v", src, err)
		}
		out = append(out, tok{names[tk.Type], tk.Value, tk.Pos.Line, tk.Pos.Column, tk.Pos.Offset})
		if tk.EOF() {
			return out
		}
	}
}

func sameTokens(t *testing.T, src string) {
	t.Helper()
	got, want := lexAll(t, Lexer, src), lexAll(t, reference, src)
	n := min(len(got), len(want))
	for i := 0; i < n; i++ {
		if got[i] != want[i] {
			t.Fatalf("on %q token %d: scanner %+v, specification %+v", src, i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("on %q: scanner gives %d tokens, specification %d", src, len(got), len(want))
	}
}

func TestLexerMatchesSpecification(t *testing.T) {
	cases := []string{
		"saga A < a -> b > { step a \"x\" { timeout 30s } }",
		"1e5 1e 1ex5 1.5e3 1.5m -5s -5 5->a 1.x 007 -3.25e-2 30 500ms 1.5.6",
		"$.a.b[0] $$.Execution.Name $.a[?(@.x > 1)] $.a['b c'] $.a[ } $ $$ $x,y $(a)",
		"\"abc\\\"d\" \"unterminated\n\"esc\\é\" \"a\\",
		"Lambda.TooManyRequestsException States.ALL a.b. a._b a.1 café.ü hôtel ✈",
		"// comment\r\nsaga\t\x00 @ # \xff\xfe é \ufeffx \u2028",
		"{[<>]},:-",
	}
	root := filepath.Join("..")
	for _, glob := range []string{"sagas/*.saga", "testdata/compile/*.saga", "testdata/compile/errors/*.chunks"} {
		files, _ := filepath.Glob(filepath.Join(root, glob))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			cases = append(cases, string(data))
		}
	}
	for _, c := range cases {
		sameTokens(t, c)
	}
	alphabet := []string{"a", "Z", "_", "é", "✈", "0", "9", "1", ".", "-", ">", "<", "$", "$$", "[", "]", "{", "}",
		"(", ")", ",", ":", "\"", "\\", "/", "//", " ", "\t", "\n", "\r", "e", "E", "+", "s", "m", "@", "?", "'", "\x00", "\xff", "\ufeff"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.Intn(20); n >= 0; n-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		sameTokens(t, b.String())
	}
}
