package lint

import (
	"fmt"
	"github.com/sagac/sagac/aslsaga"
	"path/filepath"
	"strings"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/grammar"
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
	if len(doc.Source) >= parallelSize {
		// The two analyses most rules share, the schema walk and the saga
		// recovery, read the tree and fill caches of their own: on a large
		// definition, do them side by side.
		done := make(chan struct{})
		go func() {
			schemaFindings(doc)
			close(done)
		}()
		sagasOf(doc)
		<-done
	}
	var out diag.Diagnostics
	sagasOf(doc) // sets doc.sagaTruncated
	skippedSaga := false
	for _, r := range registry {
		if r.Check == nil || cfg.off(r.ID) {
			continue
		}
		if r.Family == "saga" && doc.sagaTruncated {
			if !skippedSaga {
				skippedSaga = true
				out = append(out, &diag.Diagnostic{Severity: diag.Info, Subject: doc.Root.Range.Ptr(),
					Summary: fmt.Sprintf("saga rules skipped: the failure paths of this definition run more than %d states in all (aslsaga.MaxPathStates), too many to judge", aslsaga.MaxPathStates)})
			}
			continue
		}
		p := &Pass{Doc: doc, Rule: r}
		r.Check(p)
		out = append(out, p.diags...)
	}
	return out
}

// parallelSize is the definition size from which run does the shared
// analyses side by side: below it, starting a goroutine costs more than it
// saves.
const parallelSize = 64 << 10

// LintSaga compiles a .saga file, lints the ASL it becomes, and moves
// every finding to the .saga source range of the step, compensation or
// clause that produced the state it is about (its Pointer still names the
// place in the generated ASL; see sagapos.go). Compile errors are returned as they are:
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
	file, _ := grammar.Parse(filename, src) // it compiled, so it parses
	idx := newSagaIndex(filename, saga, file)
	for _, d := range run(NewDocument(genName, gen, root), opts.Config) {
		// The ASL rule infers from the chains which step each compensation
		// undoes, which is ambiguous when styles mix (after success beside
		// the default); for a .saga the IR says it exactly: see below.
		if d.Code == uncompensatedStep {
			continue
		}
		if r, ok := idx.rangeOf(d); ok {
			d.Subject = r.Ptr()
		}
		out = append(out, d)
	}
	out = append(out, uncompensatedSteps(saga)...)
	return opts.Config.apply(ignores.filter(out))
}

const uncompensatedStep = "SAGA_UNCOMPENSATED_STEP"

// uncompensatedSteps is SAGA_UNCOMPENSATED_STEP judged on the IR: a step
// that catches into the rollback, has no compensation, is not the last
// (something after it can fail) and whose comment does not say it needs
// none.
func uncompensatedSteps(s *ir.Saga) diag.Diagnostics {
	var out diag.Diagnostics
	if s.Fail == nil {
		return nil // no Catch at all: SAGA_STEP_NO_CATCH's concern
	}
	rule := RuleByID(uncompensatedStep)
	for i, st := range s.Steps {
		if st.Compensation != nil || i == len(s.Steps)-1 || commentSaysNoCompensation(st.Comment) {
			continue
		}
		out = append(out, &diag.Diagnostic{Severity: rule.Severity, Code: uncompensatedStep, Subject: st.Range.Ptr(),
			Pointer: jsonv.Pointer("States", st.StateName),
			Summary: fmt.Sprintf("step %q has no compensation: if it succeeds and a later step fails, what it did stays done (add a compensation, or say in its comment that it needs none)", st.StateName)})
	}
	return out
}
