package compiler

import (
	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/grammar"
)

// Options control how a saga is compiled.
type Options struct {
	// Vars resolves ${Name} substitutions; unresolved ones stay as written.
	Vars map[string]string
	// Strict makes any unresolved substitution an error.
	Strict bool
}

// Compile parses and checks one .saga file. It returns the IR and every
// diagnostic found; the IR is nil when any diagnostic is an error.
func Compile(filename string, src []byte, opts Options) (*ir.Saga, diag.Diagnostics) {
	file, diags := grammar.Parse(filename, src)
	if diags.HasErrors() {
		return nil, diags
	}
	saga, more := Lower(filename, file, opts)
	diags = append(diags, more...)
	if diags.HasErrors() {
		return nil, diags.Canonical()
	}
	return saga, diags.Canonical()
}
