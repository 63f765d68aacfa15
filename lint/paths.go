// This file checks the expression languages inside a definition: JSONPath
// paths and reference paths, intrinsic function calls in "key.$" values,
// and the surround syntax of JSONata expressions.

package lint

import (
	"fmt"
	"github.com/sagac/sagac/grammar"
	"strings"
)

// pathKind is what a field accepts.
type pathKind int

const (
	// referencePath: $ and plain steps (.name, ['name'], [0]) only: no
	// wildcards, filters, slices or unions (ResultPath, Choice Variable).
	referencePath pathKind = iota
	// jsonPath: any JSONPath (InputPath, OutputPath, ItemsPath).
	jsonPath
)

// checkPath validates a path string. context allows $$ (context object)
// paths; variables allows $name (workflow variables). It returns a
// message saying what is wrong, or "".
func checkPath(s string, kind pathKind, context, variables bool) string {
	if s == "" {
		return "an empty string is not a path: expected $ or a path starting with $"
	}
	if s[0] != '$' {
		return fmt.Sprintf("%q is not a path: a path starts with $", s)
	}
	rest := s[1:]
	switch {
	case strings.HasPrefix(rest, "$"):
		if !context {
			return fmt.Sprintf("%q is a context object path ($$), not allowed here", s)
		}
		rest = rest[1:]
	case rest != "" && rest[0] != '.' && rest[0] != '[':
		// A workflow variable: $name.
		i := 0
		for i < len(rest) && isNameByte(rest[i]) {
			i++
		}
		if i == 0 {
			return fmt.Sprintf("%q is not a valid path: expected . or [ after $", s)
		}
		if !variables {
			return fmt.Sprintf("%q names a variable ($%s), not allowed here", s, rest[:i])
		}
		rest = rest[i:]
	}
	if msg := checkSteps(rest, kind); msg != "" {
		return fmt.Sprintf("%q is not a valid %s: %s", s, kindName(kind), msg)
	}
	return ""
}

func kindName(k pathKind) string {
	if k == referencePath {
		return "reference path"
	}
	return "path"
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// checkSteps validates the steps after the root of a path.
func checkSteps(s string, kind pathKind) string {
	for i := 0; i < len(s); {
		switch s[i] {
		case '.':
			i++
			if i < len(s) && s[i] == '.' {
				if kind == referencePath {
					return "deep scan (..) is not allowed in a reference path"
				}
				i++
			}
			start := i
			for i < len(s) && !strings.ContainsRune(".[]() \t\n'\"", rune(s[i])) {
				i++
			}
			name := s[start:i]
			if name == "" {
				if i < len(s) && s[i] == '[' && kind == jsonPath {
					continue
				}
				return "expected a name after ."
			}
			if kind == referencePath && strings.ContainsAny(name, "*?@,:") {
				return fmt.Sprintf("%q is not allowed in a reference path (no wildcards or filters)", name)
			}
			// A Jayway function call such as .length() ends the path.
			if i < len(s) && s[i] == '(' && kind == jsonPath {
				if s[i:] == "()" {
					return ""
				}
				return "expected () after a function name"
			}
		case '[':
			end, msg := bracketEnd(s, i)
			if msg != "" {
				return msg
			}
			inner := strings.TrimSpace(s[i+1 : end])
			if inner == "" {
				return "empty brackets []"
			}
			if kind == referencePath && !simpleIndex(inner) {
				return fmt.Sprintf("[%s] is not allowed in a reference path (no wildcards, filters, slices or unions)", inner)
			}
			i = end + 1
		default:
			return fmt.Sprintf("unexpected %q", s[i:])
		}
	}
	return ""
}

// bracketEnd returns the index of the ] closing the [ at i, skipping
// quoted strings and nested brackets and parentheses.
func bracketEnd(s string, i int) (int, string) {
	depth := 0
	for j := i; j < len(s); j++ {
		switch c := s[j]; c {
		case '\'', '"':
			k := j + 1
			for k < len(s) && s[k] != c {
				if s[k] == '\\' {
					k++
				}
				k++
			}
			if k >= len(s) {
				return 0, "unterminated quoted name"
			}
			j = k
		case '[', '(':
			depth++
		case ']', ')':
			depth--
			if depth == 0 {
				if c != ']' {
					return 0, "mismatched brackets"
				}
				return j, ""
			}
		}
	}
	return 0, "missing ]"
}

// simpleIndex reports whether a bracket holds one index or one quoted name.
func simpleIndex(s string) bool {
	if len(s) >= 2 && (s[0] == '\'' && s[len(s)-1] == '\'' || s[0] == '"' && s[len(s)-1] == '"') {
		return true
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// intrinsics maps each intrinsic function to its accepted argument
// counts (min, max; max -1 for any number) and, per argument position,
// the argument kinds it accepts ("" any; "n" number or path; "s" string or
// path). The last entry of kinds applies to the remaining arguments.
var intrinsics = map[string]struct {
	min, max int
	kinds    string
}{
	"States.Format":         {1, -1, "s-"},
	"States.StringToJson":   {1, 1, "s"},
	"States.JsonToString":   {1, 1, ""},
	"States.Array":          {0, -1, ""},
	"States.ArrayPartition": {2, 2, "-n"},
	"States.ArrayContains":  {2, 2, ""},
	"States.ArrayRange":     {3, 3, "nnn"},
	"States.ArrayGetItem":   {2, 2, "-n"},
	"States.ArrayLength":    {1, 1, ""},
	"States.ArrayUnique":    {1, 1, ""},
	"States.Base64Encode":   {1, 1, "s"},
	"States.Base64Decode":   {1, 1, "s"},
	"States.Hash":           {2, 2, "-s"},
	"States.JsonMerge":      {3, 3, ""},
	"States.MathRandom":     {2, 3, "nnn"},
	"States.MathAdd":        {2, 2, "nn"},
	"States.StringSplit":    {2, 2, "ss"},
	"States.UUID":           {0, 0, ""},
}

// intrinsicNames lists the intrinsics in a fixed order for did-you-mean.
var intrinsicNames = []string{
	"States.Array", "States.ArrayContains", "States.ArrayGetItem", "States.ArrayLength",
	"States.ArrayPartition", "States.ArrayRange", "States.ArrayUnique", "States.Base64Decode",
	"States.Base64Encode", "States.Format", "States.Hash", "States.JsonMerge",
	"States.JsonToString", "States.MathAdd", "States.MathRandom", "States.StringSplit",
	"States.StringToJson", "States.UUID",
}

// checkDollarValue validates the string value of a "key.$" member: a path
// (context and variable paths allowed) or an intrinsic function call.
func checkDollarValue(s string) string {
	if strings.HasPrefix(s, "$") {
		return checkPath(s, jsonPath, true, true)
	}
	if strings.HasPrefix(s, "States.") || looksLikeCall(s) {
		return checkIntrinsic(s)
	}
	return fmt.Sprintf("%q is neither a path nor an intrinsic function call: a key ending in .$ needs one of them", s)
}

func looksLikeCall(s string) bool {
	i := strings.IndexByte(s, '(')
	return i > 0 && strings.HasSuffix(s, ")") && !strings.ContainsAny(s[:i], " \t\n")
}

// checkIntrinsic parses one intrinsic function call and checks its name,
// argument count and argument kinds.
func checkIntrinsic(s string) string {
	// Trailing blanks are accepted (the service trims them); leading ones
	// are not.
	p := &callParser{s: strings.TrimRight(s, " \t")}
	msg := p.call()
	if msg == "" && p.i != len(p.s) {
		msg = fmt.Sprintf("unexpected %q after the call", p.s[p.i:])
	}
	return msg
}

type callParser struct {
	s string
	i int
}

func (p *callParser) call() string {
	start := p.i
	for p.i < len(p.s) && (isNameByte(p.s[p.i]) || p.s[p.i] == '.') {
		p.i++
	}
	name := p.s[start:p.i]
	spec, ok := intrinsics[name]
	if !ok {
		hint := ""
		if m := closest(name, intrinsicNames); m != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", m)
		}
		if name == "" {
			return fmt.Sprintf("%q is not an intrinsic function call", p.s)
		}
		return fmt.Sprintf("%s is not an intrinsic function%s", name, hint)
	}
	if p.i >= len(p.s) || p.s[p.i] != '(' {
		return fmt.Sprintf("expected ( after %s", name)
	}
	p.i++
	var args []byte
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ')' {
		p.i++
	} else {
		for {
			p.space()
			kind, msg := p.arg()
			if msg != "" {
				return msg
			}
			args = append(args, kind)
			p.space()
			if p.i >= len(p.s) {
				return fmt.Sprintf("missing ) to close %s(", name)
			}
			if p.s[p.i] == ')' {
				p.i++
				break
			}
			if p.s[p.i] != ',' {
				return fmt.Sprintf("expected , or ) in the arguments of %s, found %q", name, p.s[p.i:])
			}
			p.i++
		}
	}
	if len(args) < spec.min || spec.max >= 0 && len(args) > spec.max {
		want := fmt.Sprintf("%d", spec.min)
		switch {
		case spec.max < 0:
			want = fmt.Sprintf("at least %d", spec.min)
		case spec.max != spec.min:
			want = fmt.Sprintf("%d to %d", spec.min, spec.max)
		}
		return fmt.Sprintf("%s takes %s argument(s), got %d", name, want, len(args))
	}
	for i, a := range args {
		if spec.kinds == "" {
			break
		}
		k := spec.kinds[len(spec.kinds)-1]
		if i < len(spec.kinds) {
			k = spec.kinds[i]
		}
		switch {
		case k == 'n' && (a == 's' || a == 'b'):
			return fmt.Sprintf("argument %d of %s must be a number or a path", i+1, name)
		case k == 's' && (a == 'n' || a == 'b'):
			return fmt.Sprintf("argument %d of %s must be a string or a path", i+1, name)
		}
	}
	return ""
}

func (p *callParser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

// arg parses one argument and returns its kind: 's' string, 'n' number,
// 'b' boolean or null, 'p' path, 'c' call.
func (p *callParser) arg() (byte, string) {
	if p.i >= len(p.s) {
		return 0, "missing argument"
	}
	switch c := p.s[p.i]; {
	case c == '\'':
		p.i++
		for p.i < len(p.s) && p.s[p.i] != '\'' {
			if p.s[p.i] == '\\' {
				p.i++
			}
			p.i++
		}
		if p.i >= len(p.s) {
			return 0, "unterminated string argument"
		}
		p.i++
		return 's', ""
	case c == '-' || c >= '0' && c <= '9':
		start := p.i
		p.i++
		for p.i < len(p.s) && strings.IndexByte("0123456789.eE+-", p.s[p.i]) >= 0 {
			p.i++
		}
		if p.s[start:p.i] == "-" {
			return 0, "a lone - is not a number"
		}
		return 'n', ""
	case c == '$':
		start := p.i
		depth := 0
		for p.i < len(p.s) {
			ch := p.s[p.i]
			if depth == 0 && (ch == ',' || ch == ')' || ch == ' ') {
				break
			}
			switch ch {
			case '[', '(':
				depth++
			case ']':
				depth--
			case ')':
				depth--
			case '\'':
				p.i++
				for p.i < len(p.s) && p.s[p.i] != '\'' {
					p.i++
				}
			}
			p.i++
		}
		if msg := checkPath(p.s[start:p.i], jsonPath, true, true); msg != "" {
			return 0, msg
		}
		return 'p', ""
	case strings.HasPrefix(p.s[p.i:], "true"), strings.HasPrefix(p.s[p.i:], "false"), strings.HasPrefix(p.s[p.i:], "null"):
		for p.i < len(p.s) && isNameByte(p.s[p.i]) {
			p.i++
		}
		return 'b', ""
	case strings.HasPrefix(p.s[p.i:], "States."):
		if msg := p.call(); msg != "" {
			return 0, msg
		}
		return 'c', ""
	default:
		return 0, fmt.Sprintf("unexpected %q in an intrinsic function's arguments", p.s[p.i:])
	}
}

// isJSONata reports whether s is written as a JSONata expression: it
// starts with {% and ends with %}.
func isJSONata(s string) bool {
	return strings.HasPrefix(s, "{%") && strings.HasSuffix(s, "%}") && len(s) >= 4
}

// checkJSONata checks the surround syntax of a string that opens or closes
// like a JSONata expression, and that its brackets, parentheses and
// quotes balance. It does not parse JSONata itself.
func checkJSONata(s string) string {
	open, closeOK := strings.HasPrefix(s, "{%"), strings.HasSuffix(s, "%}")
	if !open && !closeOK {
		return ""
	}
	if !open || !closeOK || len(s) < 4 {
		return fmt.Sprintf("%q: a JSONata expression is written {%% expression %%}", s)
	}
	body := s[2 : len(s)-2]
	if strings.TrimSpace(body) == "" {
		return "empty JSONata expression"
	}
	var stack []byte
	for i := 0; i < len(body); i++ {
		switch c := body[i]; c {
		case '"', '\'', '`':
			j := i + 1
			for j < len(body) && body[j] != c {
				if body[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(body) {
				return fmt.Sprintf("unterminated string in JSONata expression %q", s)
			}
			i = j
		case '(', '[', '{':
			stack = append(stack, c)
		case ')', ']', '}':
			want := map[byte]byte{')': '(', ']': '[', '}': '{'}[c]
			if len(stack) == 0 || stack[len(stack)-1] != want {
				return fmt.Sprintf("unbalanced %q in JSONata expression %q", c, s)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return fmt.Sprintf("unclosed %q in JSONata expression %q", stack[len(stack)-1], s)
	}
	return ""
}

// closest returns the candidate nearest to s by edit distance (case
// folded), when it is close enough to be a likely misspelling.
func closest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		d := grammar.EditDistance(strings.ToLower(s), strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	if bestD <= 1+len(s)/4 {
		return best
	}
	return ""
}
