// This file is the formatter behind `sagac fmt`: one canonical layout for
// a .saga file, computed from its syntax tree and its comments, so that two
// files with the same tree and comments print the same bytes.

package grammar

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// MaxWidth is the column limit the formatter aims for: a flow or an
// object/array value that would end past it is broken over several lines.
// Other lines (long strings, one-line steps) are never broken.
const MaxWidth = 80

// indentUnit is one level of indentation.
const indentUnit = "  "

// Format prints file, which Parse read from src, in the canonical layout
// (docs/fmt.md). Only layout changes: every token is printed as written
// (strings and numbers digit for digit), every comment is kept, and the
// result parses to the same tree. Format is idempotent.
func Format(file *File, src []byte) []byte {
	p := newPrinter(file, src)
	p.saga(file.Saga)
	p.flushBefore(math.MaxInt)
	if p.lineOpen {
		p.buf.WriteByte('\n')
	}
	return []byte(p.buf.String())
}

// srcToken is a significant token of the source (not a comment or space).
type srcToken struct {
	off, end, line int
	val            string
}

// printer writes tokens and keeps comments where they were: before each
// token it flushes the comments that preceded that token in the source. A
// comment on the line of the previous token stays at the end of that line;
// any other comment gets a line of its own. A comment in the middle of a
// construct the layout keeps on one line forces a line break there, and the
// rest of the construct continues one level deeper.
type printer struct {
	buf      strings.Builder
	col      int // runes on the current output line
	toks     []srcToken
	comments []*Comment
	next     int // index of the next comment to print

	lastOff  int // end offset of the last source token printed or skipped
	lastLine int // source line of the last token or comment printed

	indent   int
	lineOpen bool // the current output line has content
	needNL   bool // the next item starts a new line
	planned  bool // the layout asked for that new line (not a comment)
	cont     bool // a comment broke a line the layout kept whole
	blank    bool // the layout asks for a blank line before the next line
	noBlank  bool // just after an opening brace: no blank line
	spaces   int  // spaces before the next token on the same line
}

func newPrinter(file *File, src []byte) *printer {
	p := &printer{comments: file.Comments, planned: true}
	lex, err := Lexer.LexString("", string(src))
	if err != nil {
		return p
	}
	symbols := Lexer.Symbols()
	skip := map[int]bool{int(symbols["Whitespace"]): true, int(symbols["Comment"]): true}
	for {
		tok, err := lex.Next()
		if err != nil || tok.EOF() {
			break
		}
		if skip[int(tok.Type)] {
			continue
		}
		p.toks = append(p.toks, srcToken{off: tok.Pos.Offset, end: tok.Pos.Offset + len(tok.Value), line: tok.Pos.Line, val: tok.Value})
	}
	return p
}

// find returns the next source token, when it is text.
func (p *printer) find(text string) (srcToken, bool) {
	i := sort.Search(len(p.toks), func(i int) bool { return p.toks[i].off >= p.lastOff })
	if i < len(p.toks) && p.toks[i].val == text {
		return p.toks[i], true
	}
	return srcToken{}, false
}

// skip passes over the next source token when it is text and the layout
// drops it (a trailing comma, the braces of an empty body).
func (p *printer) skip(text string) {
	if t, ok := p.find(text); ok {
		p.lastOff = t.end
	}
}

// skipEmptyBody passes over the `{}` of an empty body that ends before end
// (and not over a brace of the enclosing block).
func (p *printer) skipEmptyBody(end int) {
	if t, ok := p.find("{"); ok && t.off < end {
		p.lastOff = t.end
		p.skip("}")
	}
}

// newline ends the current line before the next item.
func (p *printer) newline() {
	p.needNL, p.planned, p.cont = true, true, false
}

// space asks for one space before the next token.
func (p *printer) space() { p.spaces = max(p.spaces, 1) }

// word prints text after a space (or after the padding already asked for).
func (p *printer) word(text string) {
	p.space()
	p.tok(text)
}

// tok prints text, the next token of the source (or a token the layout
// adds, such as a trailing comma), after the comments that precede it.
func (p *printer) tok(text string) { p.emit(text, false) }

func (p *printer) emit(text string, closing bool) {
	t, ok := p.find(text)
	if ok {
		p.flushBefore(t.off)
	}
	line := 0
	if ok {
		line = t.line
	}
	p.startItem(line, closing)
	p.write(text)
	if ok {
		p.lastOff, p.lastLine = t.end, t.line
	}
	p.needNL, p.planned, p.spaces, p.blank = false, false, 0, false
}

// startItem positions the output for an item from source line line (0:
// unknown): on a new line when one is due, with a blank line when the layout
// asks for one or the source had one, else after the pending spaces.
func (p *printer) startItem(line int, closing bool) {
	if p.lineOpen && p.needNL {
		p.endLine()
	}
	if p.lineOpen {
		p.write(strings.Repeat(" ", p.spaces))
		return
	}
	gap := line > 0 && p.lastLine > 0 && line-p.lastLine >= 2
	if p.buf.Len() > 0 && !p.noBlank && !closing && (p.blank || gap) {
		p.buf.WriteByte('\n')
	}
	level := p.indent
	if p.cont {
		level++
	}
	p.write(strings.Repeat(indentUnit, level))
	p.lineOpen, p.noBlank = true, false
}

func (p *printer) endLine() {
	p.buf.WriteByte('\n')
	p.lineOpen, p.col = false, 0
}

func (p *printer) write(s string) {
	p.buf.WriteString(s)
	p.col += utf8.RuneCountInString(s)
}

// flushBefore prints the comments that start before offset off.
func (p *printer) flushBefore(off int) {
	for p.next < len(p.comments) && p.comments[p.next].Pos.Offset < off {
		p.comment(p.comments[p.next])
		p.next++
	}
}

func (p *printer) comment(c *Comment) {
	if !p.planned {
		p.cont = true
	}
	if p.lineOpen && c.Pos.Line == p.lastLine {
		p.write(" " + c.Text)
	} else {
		p.needNL = true
		p.startItem(c.Pos.Line, false)
		p.write(c.Text)
		p.blank = false
	}
	p.lastLine = c.Pos.Line
	p.needNL, p.spaces = true, 0
}

// column is where the next token would start.
func (p *printer) column() int {
	if !p.lineOpen || p.needNL {
		level := p.indent
		if p.cont {
			level++
		}
		return level * len(indentUnit)
	}
	return p.col + p.spaces
}

// open starts a block after its opening brace.
func (p *printer) open() {
	p.indent++
	p.newline()
	p.noBlank = true
}

// close ends a block with text ("}"): the comments before it stay inside.
func (p *printer) close(text string) {
	p.newline()
	if t, ok := p.find(text); ok {
		p.flushBefore(t.off)
	}
	p.indent--
	p.newline()
	p.emit(text, true)
}

// commentIn reports whether a comment starts in [from, to).
func (p *printer) commentIn(from, to int) bool {
	i := sort.Search(len(p.comments), func(i int) bool { return p.comments[i].Pos.Offset >= from })
	return i < len(p.comments) && p.comments[i].Pos.Offset < to
}

// ownLineCommentBetween reports whether a comment on a line of its own (not
// at the end of the line where from is) starts in [from, to).
func (p *printer) ownLineCommentBetween(from, to, fromLine int) bool {
	for _, c := range p.comments {
		if c.Pos.Offset >= from && c.Pos.Offset < to && c.Pos.Line > fromLine {
			return true
		}
	}
	return false
}

func (p *printer) saga(s *Saga) {
	p.tok(s.Keyword)
	p.word(s.Name.Name)
	p.flow(s)
	if s.Body != nil {
		p.word("{")
		if len(s.Body.Clauses) == 0 && !p.commentIn(s.Body.Pos.Offset, s.Body.EndPos.Offset) {
			p.tok("}")
		} else {
			p.open()
			p.sagaClauses(s.Body.Clauses)
			p.close("}")
		}
	}
	p.newline()
}

// flow prints `< a -> b >` on the saga's line when the whole header fits,
// else one step per line.
func (p *printer) flow(s *Saga) {
	width := len("saga ") + utf8.RuneCountInString(s.Name.Name) + len(" < >")
	for i, it := range s.Flow.Items {
		if i > 0 {
			width += len(" ->")
		}
		width += 1 + utf8.RuneCountInString(it.Step.Name)
	}
	if s.Body != nil {
		width += len(" {")
	}
	p.word("<")
	if width <= MaxWidth {
		for i, it := range s.Flow.Items {
			if i > 0 {
				p.word("->")
			}
			p.word(it.Step.Name)
		}
		p.word(">")
		return
	}
	p.indent++
	for i, it := range s.Flow.Items {
		p.newline()
		if i > 0 {
			p.tok("->")
			p.space()
		}
		p.tok(it.Step.Name)
	}
	p.indent--
	p.newline()
	p.tok(">")
}

// clauseKind classifies saga clauses for blank lines and alignment.
type clauseKind int

const (
	kindHeader    clauseKind = iota // a one-line saga clause that aligns
	kindOther                       // any other non-step clause
	kindStepLine                    // a step printed on one line
	kindStepBlock                   // a step printed over several lines
)

func (p *printer) kindOf(c *SagaClause) clauseKind {
	inner := p.commentIn(c.Pos.Offset, c.EndPos.Offset)
	switch {
	case c.Step != nil:
		if !inner && oneLineStep(c.Step) {
			return kindStepLine
		}
		return kindStepBlock
	case c.Compensation != nil || inner:
		return kindOther
	}
	return kindHeader
}

// oneLineStep reports whether a step prints as `step id "Name" { clause }`:
// at most one clause, and not one that holds a value or a body.
func oneLineStep(s *Step) bool {
	if len(s.Body) > 1 {
		return false
	}
	if len(s.Body) == 0 {
		return true
	}
	c := s.Body[0]
	return c.Input == nil && c.Select == nil && (c.Compensate == nil || len(c.Compensate.Body) == 0)
}

func isStep(k clauseKind) bool { return k == kindStepLine || k == kindStepBlock }

// sagaClauses prints the clauses of a saga body. A blank line separates
// steps from other clauses and a multi-line step from its neighbours;
// elsewhere a blank line of the source is kept. Consecutive one-line
// clauses of the same kind, with no blank line or comment line between
// them, form a block whose columns are aligned.
func (p *printer) sagaClauses(clauses []*SagaClause) {
	kinds := make([]clauseKind, len(clauses))
	for i, c := range clauses {
		kinds[i] = p.kindOf(c)
	}
	// runStart[i] is the index of the first clause of i's aligned block.
	runStart := make([]int, len(clauses))
	for i := range clauses {
		runStart[i] = i
		if i == 0 || kinds[i] != kinds[i-1] || (kinds[i] != kindHeader && kinds[i] != kindStepLine) {
			continue
		}
		prev, cur := clauses[i-1], clauses[i]
		if cur.Pos.Line-prev.EndPos.Line >= 2 || p.ownLineCommentBetween(prev.EndPos.Offset, cur.Pos.Offset, prev.EndPos.Line) {
			continue
		}
		runStart[i] = runStart[i-1]
	}
	for i, c := range clauses {
		if i > 0 {
			p.newline()
			a, b := kinds[i-1], kinds[i]
			if (isStep(a) || isStep(b)) && !(a == kindStepLine && b == kindStepLine) {
				p.blank = true
			}
		}
		end := i
		for end+1 < len(clauses) && runStart[end+1] == runStart[i] {
			end++
		}
		run := clauses[runStart[i] : end+1]
		switch kinds[i] {
		case kindHeader:
			p.headerClause(c, run)
		case kindStepLine:
			p.stepLine(c.Step, run)
		case kindStepBlock:
			p.stepBlock(c.Step)
		default:
			p.sagaClause(c)
		}
	}
}

// sagaKeyword is the keyword a saga clause starts with.
func sagaKeyword(c *SagaClause) string {
	switch {
	case c.Comment != nil:
		return "comment"
	case c.Timeout != nil:
		return "timeout"
	case c.Succeed != nil:
		return "succeed"
	case c.Fail != nil:
		return "fail"
	case c.Compensation != nil:
		return "compensation"
	case c.Results != nil:
		return "results"
	case c.Errors != nil:
		return "errors"
	}
	return "step"
}

// headerClause prints a one-line saga clause with its argument aligned to
// the longest keyword of its block.
func (p *printer) headerClause(c *SagaClause, run []*SagaClause) {
	width := 0
	for _, r := range run {
		width = max(width, len(sagaKeyword(r)))
	}
	kw := sagaKeyword(c)
	p.tok(kw)
	p.spaces = width - len(kw) + 1
	p.sagaArgs(c)
}

func (p *printer) sagaClause(c *SagaClause) {
	if c.Step != nil {
		p.stepBlock(c.Step)
		return
	}
	p.tok(sagaKeyword(c))
	p.sagaArgs(c)
}

// sagaArgs prints what follows a saga clause's keyword.
func (p *printer) sagaArgs(c *SagaClause) {
	switch {
	case c.Comment != nil:
		p.word(c.Comment.Raw)
	case c.Timeout != nil:
		p.word(c.Timeout.Value)
	case c.Succeed != nil:
		p.word(c.Succeed.Raw)
	case c.Fail != nil:
		p.failClause(c.Fail)
	case c.Compensation != nil:
		if c.Compensation.Failed != nil {
			p.word("failed")
			p.failClause(c.Compensation.Failed)
		} else {
			p.word("retry")
			p.retry(c.Compensation.Retry)
		}
	case c.Results != nil:
		p.word(c.Results.Value)
	case c.Errors != nil:
		p.word(c.Errors.Value)
	}
}

func (p *printer) failClause(f *FailClause) {
	if f.Name != nil {
		p.word(f.Name.Raw)
	}
	if f.Error != nil {
		p.word("error")
		p.word(f.Error.Value)
	}
	if f.Cause != nil {
		p.word("cause")
		p.word(f.Cause.Raw)
	}
}

// stepLine prints a one-line step, its id, name and body aligned with the
// other steps of its block.
func (p *printer) stepLine(s *Step, run []*SagaClause) {
	idWidth, nameWidth, anyName := 0, 0, false
	for _, r := range run {
		idWidth = max(idWidth, utf8.RuneCountInString(r.Step.ID.Name))
		if r.Step.Name != nil {
			anyName = true
			nameWidth = max(nameWidth, utf8.RuneCountInString(r.Step.Name.Raw))
		}
	}
	p.tok(s.Keyword)
	p.word(s.ID.Name)
	pad := idWidth - utf8.RuneCountInString(s.ID.Name)
	if anyName {
		if s.Name != nil {
			p.spaces = pad + 1
			p.tok(s.Name.Raw)
			pad = nameWidth - utf8.RuneCountInString(s.Name.Raw)
		} else {
			pad += 1 + nameWidth
		}
	}
	if len(s.Body) == 0 {
		p.skipEmptyBody(s.EndPos.Offset)
		return
	}
	p.spaces = pad + 1
	p.tok("{")
	p.space()
	p.stepClause(s.Body[0])
	p.word("}")
}

// stepBlock prints a step with one clause per line.
func (p *printer) stepBlock(s *Step) {
	p.tok(s.Keyword)
	p.word(s.ID.Name)
	from := s.ID.EndPos.Offset
	if s.Name != nil {
		p.word(s.Name.Raw)
		from = s.Name.EndPos.Offset
	}
	if len(s.Body) == 0 && !p.commentIn(from, s.EndPos.Offset) {
		p.skipEmptyBody(s.EndPos.Offset)
		return
	}
	if t, ok := p.find("{"); !ok || t.off >= s.EndPos.Offset {
		return // comments only: printed before the next token
	}
	p.word("{")
	p.open()
	for i, c := range s.Body {
		if i > 0 {
			p.newline()
		}
		p.stepClause(c)
	}
	p.close("}")
}

func (p *printer) stepClause(c *StepClause) {
	switch {
	case c.Invoke != nil:
		p.tok("invoke")
		p.word(c.Invoke.Kind.Name)
		p.word(c.Invoke.Function.Raw)
	case c.Input != nil:
		p.tok("input")
		p.space()
		p.value(c.Input, false, 0)
	case c.Select != nil:
		p.tok("select")
		p.space()
		p.value(c.Select, false, 0)
	case c.Result != nil:
		p.tok("result")
		p.word(c.Result.Value)
	case c.Output != nil:
		p.tok("output")
		p.word(c.Output.Value)
	case c.Timeout != nil:
		p.tok("timeout")
		p.word(c.Timeout.Value)
	case c.Heartbeat != nil:
		p.tok("heartbeat")
		p.word(c.Heartbeat.Value)
	case c.Retry != nil:
		p.tok("retry")
		p.retry(c.Retry)
	case c.Compensate != nil:
		p.compensate(c.Compensate)
	case c.Comment != nil:
		p.tok("comment")
		p.word(c.Comment.Raw)
	}
}

func (p *printer) compensate(c *Compensate) {
	p.tok("compensate")
	p.word(c.Name.Raw)
	p.word(c.Kind.Name)
	p.word(c.Function.Raw)
	if c.AfterSuccess {
		p.word("after")
		p.word("success")
	}
	if len(c.Body) == 0 {
		if t, ok := p.find("{"); ok && t.off < c.EndPos.Offset && p.commentIn(p.lastOff, c.EndPos.Offset) {
			p.word("{")
			p.open()
			p.close("}")
			return
		}
		p.skipEmptyBody(c.EndPos.Offset)
		return
	}
	p.word("{")
	p.open()
	for i, cc := range c.Body {
		if i > 0 {
			p.newline()
		}
		switch {
		case cc.Input != nil:
			p.tok("input")
			p.space()
			p.value(cc.Input, false, 0)
		case cc.Select != nil:
			p.tok("select")
			p.space()
			p.value(cc.Select, false, 0)
		case cc.Result != nil:
			p.tok("result")
			p.word(cc.Result.Value)
		case cc.Retry != nil:
			p.tok("retry")
			p.retry(cc.Retry)
		case cc.Timeout != nil:
			p.tok("timeout")
			p.word(cc.Timeout.Value)
		case cc.Comment != nil:
			p.tok("comment")
			p.word(cc.Comment.Raw)
		}
	}
	p.close("}")
}

func (p *printer) retry(r *Retry) {
	for i, e := range r.Errors {
		if i > 0 {
			p.tok(",")
		}
		p.word(e.Value)
	}
	for _, o := range r.Options {
		if o.Jitter {
			p.word("jitter")
			continue
		}
		p.word(o.Name)
		if o.Arg != nil {
			p.word(o.Arg.Value)
		}
	}
}

// value prints an input/select value. An object or array stays on one line
// when it holds no comment and fits before MaxWidth (flat: always, inside
// a value already on one line); otherwise it takes one entry per line,
// each followed by a comma. trail is the width of what follows the value
// on its line.
func (p *printer) value(v *Value, flat bool, trail int) {
	switch {
	case v.Object != nil:
		o := v.Object
		entries := objectEntries(o)
		p.list(len(entries), func(i int) bool { return entries[i] == nil }, "{", "}",
			o.Pos.Offset, o.EndPos.Offset, flat, inlineWidth(v)+trail,
			func(i int, flat bool, trail int) {
				m := entries[i]
				p.tok(m.Key.Value)
				p.tok(":")
				p.space()
				p.value(m.Value, flat, trail)
			})
	case v.Array != nil:
		a := v.Array
		entries := arrayEntries(a)
		p.list(len(entries), func(i int) bool { return entries[i] == nil }, "[", "]",
			a.Pos.Offset, a.EndPos.Offset, flat, inlineWidth(v)+trail,
			func(i int, flat bool, trail int) { p.value(entries[i], flat, trail) })
	default:
		p.tok(v.Scalar.Value)
	}
}

// list prints the n entries of an object ({ a: 1 }, spaces inside) or an
// array ([1], none) between open and close. A hole is a comma with nothing
// before it, which the compiler refuses; holes are printed as written (a
// hole last keeps its comma) so that the refusal stays.
func (p *printer) list(n int, hole func(int) bool, open, close string, from, to int, flat bool, width int, entry func(i int, flat bool, trail int)) {
	pad := open == "{"
	if n == 0 {
		p.tok(open)
		if p.commentIn(from, to) {
			p.open()
			p.close(close)
			return
		}
		p.tok(close)
		return
	}
	if flat || !p.commentIn(from, to) && p.column()+width <= MaxWidth {
		p.tok(open)
		for i := 0; i < n; i++ {
			if i > 0 {
				p.tok(",")
			}
			if !hole(i) {
				if pad || i > 0 {
					p.space()
				}
				entry(i, true, 0)
			}
		}
		if hole(n - 1) {
			p.tok(",")
		} else {
			p.skip(",")
		}
		if pad {
			p.space()
		}
		p.tok(close)
		return
	}
	p.tok(open)
	p.open()
	for i := 0; i < n; i++ {
		if i > 0 {
			p.newline()
		}
		if !hole(i) {
			entry(i, false, len(","))
		}
		p.tok(",")
	}
	p.close(close)
}

// objectEntries lists an object's members in order, nil for a hole (a
// comma with no member before it); a trailing comma is not an entry.
func objectEntries(o *Object) []*ObjectMember {
	var out []*ObjectMember
	if o.First != nil || len(o.Rest) > 0 {
		out = append(out, o.First)
	}
	for i, s := range o.Rest {
		if s.Member != nil || i < len(o.Rest)-1 {
			out = append(out, s.Member)
		}
	}
	return out
}

// arrayEntries lists an array's elements as objectEntries does members.
func arrayEntries(a *Array) []*Value {
	var out []*Value
	if a.First != nil || len(a.Rest) > 0 {
		out = append(out, a.First)
	}
	for i, s := range a.Rest {
		if s.Elem != nil || i < len(a.Rest)-1 {
			out = append(out, s.Elem)
		}
	}
	return out
}

// inlineWidth is the width of v printed on one line.
func inlineWidth(v *Value) int {
	switch {
	case v.Object != nil:
		entries := objectEntries(v.Object)
		if len(entries) == 0 {
			return len("{}")
		}
		w := len("{  }") + len(", ")*(len(entries)-1)
		for _, m := range entries {
			if m != nil {
				w += utf8.RuneCountInString(m.Key.Value) + len(": ") + inlineWidth(m.Value)
			}
		}
		return w
	case v.Array != nil:
		entries := arrayEntries(v.Array)
		w := len("[]")
		if len(entries) > 0 {
			w += len(", ") * (len(entries) - 1)
		}
		for _, e := range entries {
			if e != nil {
				w += inlineWidth(e)
			}
		}
		return w
	default:
		return utf8.RuneCountInString(v.Scalar.Value)
	}
}
