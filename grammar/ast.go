package grammar

import "github.com/alecthomas/participle/v2/lexer"

// File is a parsed .saga file: exactly one saga.
type File struct {
	Pos    lexer.Position
	EndPos lexer.Position

	Saga *Saga `parser:"@@"`
	// Comments holds every // comment of the file in source order; Parse
	// fills it after parsing (the grammar elides comments), so the
	// formatter can keep them.
	Comments []*Comment
}

// Comment is one // comment, with its text including the slashes.
type Comment struct {
	Pos  lexer.Position
	Text string
}

// Saga is `saga Name < flow > { clauses }`.
type Saga struct {
	Pos    lexer.Position
	EndPos lexer.Position

	Keyword string    `parser:"@'saga'"`
	Name    *Ident    `parser:"@@"`
	Flow    *Flow     `parser:"@@"`
	Body    *SagaBody `parser:"@@?"`
}

// Ident is an identifier with its position.
type Ident struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string `parser:"@Ident"`
}

// Flow is `< a -> b -> c >`.
type Flow struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Items  []*FlowItem `parser:"'<' @@ ( '->' @@ )* '>'"`
}

// FlowItem is one element of a flow: a step id (v0).
type FlowItem struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Step   *Ident `parser:"@@"`
}

// SagaBody is the `{ … }` after the flow.
type SagaBody struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Clauses []*SagaClause `parser:"'{' @@* '}'"`
}

// SagaClause is one clause of a saga body.
type SagaClause struct {
	Pos    lexer.Position
	EndPos lexer.Position

	Comment      *StringArg        `parser:"  'comment' @@"`
	Timeout      *NumToken         `parser:"| 'timeout' @@"`
	Succeed      *StringArg        `parser:"| 'succeed' @@"`
	Fail         *FailClause       `parser:"| 'fail' @@"`
	Compensation *CompensationSaga `parser:"| 'compensation' @@"`
	Results      *Token            `parser:"| 'results' @@"`
	Errors       *Token            `parser:"| 'errors' @@"`
	Step         *Step             `parser:"| @@"`
}

// CompensationSaga is a saga clause starting with `compensation`: either
// `compensation failed "Name" [error "E"] [cause "C"]` or
// `compensation retry …`.
type CompensationSaga struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Failed *FailClause `parser:"  'failed' @@"`
	Retry  *Retry      `parser:"| 'retry' @@"`
}

// FailClause is `"Name" [error "E"] [cause "C"]`, the name optional for
// `compensation failed error "E"`.
type FailClause struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   *StringArg `parser:"@@?"`
	Error  *Token     `parser:"( 'error' @@ )?"`
	Cause  *StringArg `parser:"( 'cause' @@ )?"`
}

// Step is `step id ["State Name"] [{ clauses }]`.
type Step struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Keyword string        `parser:"@'step'"`
	ID      *Ident        `parser:"@@"`
	Name    *StringArg    `parser:"@@?"`
	Body    []*StepClause `parser:"( '{' @@* '}' )?"`
}

// StepClause is one clause of a step body.
type StepClause struct {
	Pos    lexer.Position
	EndPos lexer.Position

	Invoke     *Invoke     `parser:"  'invoke' @@"`
	Input      *Value      `parser:"| 'input' @@"`
	Select     *Value      `parser:"| 'select' @@"`
	Result     *Token      `parser:"| 'result' @@"`
	Output     *Token      `parser:"| 'output' @@"`
	Timeout    *NumToken   `parser:"| 'timeout' @@"`
	Heartbeat  *NumToken   `parser:"| 'heartbeat' @@"`
	Retry      *Retry      `parser:"| 'retry' @@"`
	Compensate *Compensate `parser:"| 'compensate' @@"`
	Comment    *StringArg  `parser:"| 'comment' @@"`
}

// Invoke is `invoke lambda "<function>"`.
type Invoke struct {
	Pos      lexer.Position
	EndPos   lexer.Position
	Kind     *Ident     `parser:"@@"`
	Function *StringArg `parser:"@@"`
}

// Compensate is `compensate "Name" lambda "<function>" [after success] [{ … }]`.
type Compensate struct {
	Pos          lexer.Position
	EndPos       lexer.Position
	Name         *StringArg          `parser:"@@"`
	Kind         *Ident              `parser:"@@"`
	Function     *StringArg          `parser:"@@"`
	AfterSuccess bool                `parser:"@('after' 'success')?"`
	Body         []*CompensateClause `parser:"( '{' @@* '}' )?"`
}

// CompensateClause is one clause of a compensation body.
type CompensateClause struct {
	Pos    lexer.Position
	EndPos lexer.Position

	Input   *Value     `parser:"  'input' @@"`
	Select  *Value     `parser:"| 'select' @@"`
	Result  *Token     `parser:"| 'result' @@"`
	Retry   *Retry     `parser:"| 'retry' @@"`
	Timeout *NumToken  `parser:"| 'timeout' @@"`
	Comment *StringArg `parser:"| 'comment' @@"`
}

// Retry is the rest of a `retry` line: `none`, or an error list (or `all`)
// followed by options. The grammar takes options in any order and any
// number; the compiler checks order and duplicates, with positions.
type Retry struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Errors  []*Token       `parser:"@@ ( ',' @@ )*"`
	Options []*RetryOption `parser:"@@*"`
}

// RetryOption is one of `max N`, `every D`, `backoff N`, `maxdelay D`, `jitter`.
type RetryOption struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string    `parser:"  @('max' | 'every' | 'backoff' | 'maxdelay')"`
	Arg    *NumToken `parser:"  @@?"`
	Jitter bool      `parser:"| @'jitter'"`
}

// StringArg is a string literal with its position. Value is the raw
// literal, quotes included; the compiler decodes it.
type StringArg struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Raw    string `parser:"@String"`
}

// Token is a single token of any kind, kept raw with its position; the
// compiler decides whether it is the duration, path or name it must be.
type Token struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Value  string `parser:"@(Duration | Exponent | Number | Path | String | ErrorName | Ident)"`
}

// NumToken is a number or duration token, kept raw with its position: the
// argument of timeout, heartbeat and the retry options. Taking no other
// token keeps a missing argument from swallowing the next clause's keyword.
type NumToken struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Value  string `parser:"@(Duration | Exponent | Number)"`
}

// Value is an input/select value: a literal, a path, an object or an array.
type Value struct {
	Pos    lexer.Position
	EndPos lexer.Position

	Object *Object `parser:"  @@"`
	Array  *Array  `parser:"| @@"`
	Scalar *Token  `parser:"| @@"`
}

// Object is `{ key: value, … }`; a trailing comma is allowed.
type Object struct {
	Pos    lexer.Position
	EndPos lexer.Position
	First  *ObjectMember `parser:"'{' @@?"`
	Rest   []*MemberSep  `parser:"@@* '}'"`
}

// MemberSep is a comma and the member after it; Member is nil after a
// trailing comma (the compiler refuses a nil one that is not last).
// Parsing separators this way lets the grammar commit early (lookahead 0)
// and still accept a trailing comma.
type MemberSep struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Comma  string        `parser:"@','"`
	Member *ObjectMember `parser:"@@?"`
}

// Members returns the object's members in order, without separators.
func (o *Object) Members() []*ObjectMember {
	var out []*ObjectMember
	if o.First != nil {
		out = append(out, o.First)
	}
	for _, s := range o.Rest {
		if s.Member != nil {
			out = append(out, s.Member)
		}
	}
	return out
}

// ObjectMember is `key: value`; the key is an identifier or a string.
type ObjectMember struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Key    *Token `parser:"@@ ':'"`
	Value  *Value `parser:"@@"`
}

// Array is `[ value, … ]`; a trailing comma is allowed.
type Array struct {
	Pos    lexer.Position
	EndPos lexer.Position
	First  *Value     `parser:"'[' @@?"`
	Rest   []*ElemSep `parser:"@@* ']'"`
}

// ElemSep is a comma and the element after it; Elem is nil after a
// trailing comma.
type ElemSep struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Comma  string `parser:"@','"`
	Elem   *Value `parser:"@@?"`
}

// Elems returns the array's elements in order, without separators.
func (a *Array) Elems() []*Value {
	var out []*Value
	if a.First != nil {
		out = append(out, a.First)
	}
	for _, s := range a.Rest {
		if s.Elem != nil {
			out = append(out, s.Elem)
		}
	}
	return out
}
