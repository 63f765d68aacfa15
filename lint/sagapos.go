// This file moves a finding about the ASL compiled from a .saga file back
// to the .saga source: to the clause that wrote the field the finding is
// about (result, output, timeout, heartbeat, retry, select, input, invoke,
// compensate), to the member of a select or input object, or else to the
// step, compensation or terminal that produced the state.

package lint

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/grammar"
)

// sagaIndex maps generated state names back to the IR nodes and source
// clauses they came from.
type sagaIndex struct {
	filename string
	saga     *ir.Saga
	steps    map[string]*ir.Step
	comps    map[string]*ir.Compensation
	other    map[string]diag.Range
	// clauses holds, per generated state name, the range of each clause
	// keyword written for it ("result", "output", "timeout", "heartbeat",
	// "retry" (the first one), "invoke" (the function string)).
	clauses map[string]map[string]diag.Range
	// sagaClauses holds the saga-level clauses ("compensation retry").
	sagaClauses map[string]diag.Range
}

// newSagaIndex indexes the IR and, when given, the syntax tree of the same
// file (nil when it did not parse, which cannot happen once it compiled).
func newSagaIndex(filename string, s *ir.Saga, f *grammar.File) *sagaIndex {
	x := &sagaIndex{filename: filename, saga: s, steps: map[string]*ir.Step{}, comps: map[string]*ir.Compensation{},
		other: map[string]diag.Range{}, clauses: map[string]map[string]diag.Range{}, sagaClauses: map[string]diag.Range{}}
	byID := map[string]*ir.Step{}
	for _, st := range s.Steps {
		x.steps[st.StateName] = st
		byID[st.ID] = st
		if st.Compensation != nil {
			x.comps[st.Compensation.StateName] = st.Compensation
		}
	}
	x.other[s.Succeed.Name] = s.Succeed.Range
	if s.Fail != nil {
		x.other[s.Fail.Name] = s.Fail.Range
	}
	if s.CompensationFailed != nil {
		x.other[s.CompensationFailed.Name] = s.CompensationFailed.Range
	}
	if f == nil || f.Saga == nil || f.Saga.Body == nil {
		return x
	}
	for _, c := range f.Saga.Body.Clauses {
		if c.Compensation != nil && c.Compensation.Retry != nil {
			x.first(x.sagaClauses, "retry", c.Pos, c.EndPos)
		}
		if c.Step == nil || c.Step.ID == nil || byID[c.Step.ID.Name] == nil {
			continue
		}
		st := byID[c.Step.ID.Name]
		sc := x.clausesOf(st.StateName)
		for _, b := range c.Step.Body {
			switch {
			case b.Result != nil:
				x.first(sc, "result", b.Pos, b.EndPos)
			case b.Output != nil:
				x.first(sc, "output", b.Pos, b.EndPos)
			case b.Timeout != nil:
				x.first(sc, "timeout", b.Pos, b.EndPos)
			case b.Heartbeat != nil:
				x.first(sc, "heartbeat", b.Pos, b.EndPos)
			case b.Retry != nil:
				x.first(sc, "retry", b.Pos, b.EndPos)
			case b.Invoke != nil && b.Invoke.Function != nil:
				x.first(sc, "invoke", b.Invoke.Function.Pos, b.Invoke.Function.EndPos)
			case b.Compensate != nil && st.Compensation != nil:
				cc := x.clausesOf(st.Compensation.StateName)
				if b.Compensate.Function != nil {
					x.first(cc, "invoke", b.Compensate.Function.Pos, b.Compensate.Function.EndPos)
				}
				for _, k := range b.Compensate.Body {
					switch {
					case k.Result != nil:
						x.first(cc, "result", k.Pos, k.EndPos)
					case k.Timeout != nil:
						x.first(cc, "timeout", k.Pos, k.EndPos)
					case k.Retry != nil:
						x.first(cc, "retry", k.Pos, k.EndPos)
					}
				}
			}
		}
	}
	return x
}

func (x *sagaIndex) clausesOf(state string) map[string]diag.Range {
	m := x.clauses[state]
	if m == nil {
		m = map[string]diag.Range{}
		x.clauses[state] = m
	}
	return m
}

// first records the range of a clause unless one was recorded already
// (the compiler reports a repeated clause itself).
func (x *sagaIndex) first(m map[string]diag.Range, key string, start, end lexer.Position) {
	if _, ok := m[key]; ok {
		return
	}
	r := diag.Range{Filename: x.filename,
		Start: diag.Pos{Line: start.Line, Column: start.Column, Offset: start.Offset},
		End:   diag.Pos{Line: end.Line, Column: end.Column, Offset: end.Offset}}
	if end.Line == 0 || r.End.Offset < r.Start.Offset {
		r.End = r.Start
	}
	m[key] = r
}

// rangeOf finds the .saga range of a finding: d.Pointer points into the
// generated ASL; d.Code helps where the pointer names a whole state but
// the finding is about one clause (a compensation that does not retry).
func (x *sagaIndex) rangeOf(d *diag.Diagnostic) (diag.Range, bool) {
	toks := splitPointer(d.Pointer)
	if len(toks) == 0 || toks[0] != "States" {
		if len(toks) > 0 && toks[0] == "TimeoutSeconds" && x.saga.TimeoutRange.Filename != "" {
			return x.saga.TimeoutRange, true
		}
		return x.saga.Range, x.saga.Range.Filename != ""
	}
	if len(toks) < 2 {
		return x.saga.Range, true
	}
	name, rest := toks[1], toks[2:]
	clauses := x.clauses[name]
	if st, ok := x.steps[name]; ok {
		if r, ok := x.fieldRange(rest, clauses, st.Retry, st.Select, st.Task.Payload); ok {
			return r, true
		}
		return st.Range, true
	}
	if c, ok := x.comps[name]; ok {
		if len(rest) == 0 && d.Code == "SAGA_COMPENSATION_RETRY" {
			// Say where the retry that does not cover task failures was
			// written: the compensation's own retry, or the saga's.
			if r, ok := clauses["retry"]; ok {
				return r, true
			}
			if r, ok := x.sagaClauses["retry"]; ok {
				return r, true
			}
		}
		if r, ok := x.fieldRange(rest, clauses, c.Retry, c.Select, c.Task.Payload); ok {
			return r, true
		}
		return c.Range, true
	}
	if r, ok := x.other[name]; ok && r.Filename != "" {
		return r, true
	}
	return x.saga.Range, true
}

// fieldRange maps the pointer tokens below a state to the clause or value
// that wrote them.
func (x *sagaIndex) fieldRange(rest []string, clauses map[string]diag.Range, retry []ir.Retrier, sel, payload *ir.Value) (diag.Range, bool) {
	if len(rest) == 0 {
		return diag.Range{}, false
	}
	clause := func(key string) (diag.Range, bool) {
		r, ok := clauses[key]
		return r, ok
	}
	switch rest[0] {
	case "Retry":
		// The Retry entries are the IR's, in order; the default Lambda
		// entry has no source line, so it falls back to the state.
		if len(rest) >= 2 {
			if i := atoi(rest[1]); i >= 0 && i < len(retry) && retry[i].Range.Filename != "" {
				return retry[i].Range, true
			}
		}
		return clause("retry")
	case "ResultPath":
		return clause("result")
	case "OutputPath":
		return clause("output")
	case "TimeoutSeconds":
		return clause("timeout")
	case "HeartbeatSeconds":
		return clause("heartbeat")
	case "ResultSelector":
		return valueRange(sel, rest[1:])
	case "Resource":
		return clause("invoke")
	case "Parameters":
		if len(rest) >= 2 && strings.HasPrefix(rest[1], "Payload") {
			if payload != nil {
				return valueRange(payload, rest[2:])
			}
		}
		return clause("invoke")
	}
	return diag.Range{}, false
}

// valueRange descends into an IR value (a select or input object) along
// pointer tokens written for its ASL form, where a key whose value is a
// path carries ".$", and returns the range of the deepest value found.
func valueRange(v *ir.Value, toks []string) (diag.Range, bool) {
	if v == nil || v.Range.Filename == "" {
		return diag.Range{}, false
	}
	for _, tok := range toks {
		var next *ir.Value
		switch v.Kind {
		case ir.ObjectValue:
			key := strings.TrimSuffix(tok, ".$")
			for i := range v.Members {
				if v.Members[i].Key == key {
					next = v.Members[i].Value
					break
				}
			}
		case ir.ArrayValue:
			if i := atoi(tok); i >= 0 && i < len(v.Elems) {
				next = v.Elems[i]
			}
		}
		if next == nil || next.Range.Filename == "" {
			break
		}
		v = next
	}
	return v.Range, true
}

// splitPointer splits an RFC 6901 pointer into unescaped tokens.
func splitPointer(ptr string) []string {
	if ptr == "" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return parts
}

func atoi(s string) int {
	if s == "" {
		return -1
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}
