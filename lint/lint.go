package lint

import (
	"path/filepath"
	"strings"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/jsonv"
)

// Options control a lint run.
type Options struct {
	// Config turns rules off or changes their severity; nil means every
	// rule at its default severity.
	Config *Config
}

// Lint lints one input, choosing by its name: a .saga file is compiled
// and linted as a saga (LintSaga), anything else is read as ASL JSON
// (LintASL).
func Lint(filename string, src []byte, opts Options) diag.Diagnostics {
	if strings.EqualFold(filepath.Ext(filename), ".saga") {
		return LintSaga(filename, src, opts)
	}
	return LintASL(filename, src, opts)
}

// LintASL lints an ASL definition. Every finding carries the line and
// column in src and a JSON pointer into the definition.
func LintASL(filename string, src []byte, opts Options) diag.Diagnostics {
	root, parseDiags := jsonv.Parse(filename, src)
	var out diag.Diagnostics
	for _, d := range parseDiags {
		c := *d
		if c.Code == "" {
			c.Code = "JSON_SYNTAX"
		}
		out = append(out, &c)
	}
	if root != nil {
		out = append(out, run(NewDocument(filename, src, root), opts.Config)...)
	}
	return opts.Config.apply(out)
}

// run runs every enabled rule with a Check on the document.
func run(doc *Document, cfg *Config) diag.Diagnostics {
	var out diag.Diagnostics
	for _, r := range registry {
		if r.Check == nil || cfg.off(r.ID) {
			continue
		}
		p := &Pass{Doc: doc, Rule: r}
		r.Check(p)
		out = append(out, p.diags...)
	}
	return out
}

// LintSaga compiles a .saga file, lints the ASL it becomes, and moves
// every finding to the .saga source range of the step, compensation or
// clause that produced the state it is about (its Pointer still names the
// place in the generated ASL). Compile errors are returned as they are:
// there is no ASL to lint. sagac:ignore comments then silence findings.
func LintSaga(filename string, src []byte, opts Options) diag.Diagnostics {
	saga, diags := compiler.Compile(filename, src, compiler.Options{})
	ignores, ignoreDiags := parseIgnores(filename, src)
	out := append(diag.Diagnostics{}, diags...)
	out = append(out, ignoreDiags...)
	if diags.HasErrors() || saga == nil {
		return opts.Config.apply(out)
	}
	m, more := asl.Lower(saga, asl.Options{})
	out = append(out, more...)
	if more.HasErrors() {
		return opts.Config.apply(out)
	}
	gen := m.Marshal()
	genName := strings.TrimSuffix(filename, filepath.Ext(filename)) + ".asl.json"
	root, parseDiags := jsonv.Parse(genName, gen)
	if root == nil {
		return opts.Config.apply(append(out, parseDiags...))
	}
	idx := newSagaIndex(saga)
	for _, d := range run(NewDocument(genName, gen, root), opts.Config) {
		if r, ok := idx.rangeOf(d.Pointer, root); ok {
			d.Subject = r.Ptr()
		}
		out = append(out, d)
	}
	return opts.Config.apply(ignores.filter(out))
}

// sagaIndex maps generated state names back to the IR nodes they came
// from.
type sagaIndex struct {
	saga  *ir.Saga
	steps map[string]*ir.Step
	comps map[string]*ir.Compensation
	other map[string]diag.Range
}

func newSagaIndex(s *ir.Saga) *sagaIndex {
	x := &sagaIndex{saga: s, steps: map[string]*ir.Step{}, comps: map[string]*ir.Compensation{}, other: map[string]diag.Range{}}
	for _, st := range s.Steps {
		x.steps[st.StateName] = st
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
	return x
}

// rangeOf finds the .saga range of a pointer into the generated ASL.
func (x *sagaIndex) rangeOf(ptr string, root *jsonv.Value) (diag.Range, bool) {
	toks := splitPointer(ptr)
	if len(toks) == 0 || toks[0] != "States" {
		if len(toks) > 0 && toks[0] == "TimeoutSeconds" && x.saga.TimeoutRange.Filename != "" {
			return x.saga.TimeoutRange, true
		}
		return x.saga.Range, x.saga.Range.Filename != ""
	}
	if len(toks) < 2 {
		return x.saga.Range, true
	}
	name := toks[1]
	if st, ok := x.steps[name]; ok {
		// A Retry entry of the step: the line that wrote it (the
		// default Lambda entry comes first when it is there).
		if len(toks) >= 4 && toks[2] == "Retry" {
			n := len(root.Get("States").Get(name).Get("Retry").Elems)
			i := atoi(toks[3]) - (n - len(st.Retry))
			if i >= 0 && i < len(st.Retry) && st.Retry[i].Range.Filename != "" {
				return st.Retry[i].Range, true
			}
		}
		return st.Range, true
	}
	if c, ok := x.comps[name]; ok {
		if len(toks) >= 4 && toks[2] == "Retry" {
			n := len(root.Get("States").Get(name).Get("Retry").Elems)
			i := atoi(toks[3]) - (n - len(c.Retry))
			if i >= 0 && i < len(c.Retry) && c.Retry[i].Range.Filename != "" {
				return c.Retry[i].Range, true
			}
		}
		return c.Range, true
	}
	if r, ok := x.other[name]; ok && r.Filename != "" {
		return r, true
	}
	return x.saga.Range, true
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
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}
