package cli

// What package awscmd (sagac-aws's deploy and ARN reader) needs from the
// core: the hook that adds its commands and diff source kinds, and the
// helpers its commands share with the core's. Everything here is small on
// purpose; the core keeps the rest unexported.

import (
	"io"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/jsonv"
	"github.com/sagac/sagac/lint"
)

// Extension is what a binary adds to the core CLI (see MainWith).
type Extension struct {
	// Commands builds extra commands from the shared Env; a command named
	// like a core one replaces it.
	Commands func(e *Env) []*cobra.Command
	// Sources are extra kinds of diff side, tried after standard input and
	// before the core's kinds.
	Sources []SourceKind
}

// Stdin returns the standard input commands read.
func (e *Env) Stdin() io.Reader { return e.stdin }

// Stdout returns the standard output commands write their results to.
func (e *Env) Stdout() io.Writer { return e.stdout }

// Stderr returns the standard error commands write diagnostics to.
func (e *Env) Stderr() io.Writer { return e.stderr }

// UsageErrorf returns the error for bad flags or arguments: sagac prints
// "sagac: " and the message, and exits 2.
func UsageErrorf(format string, args ...any) error { return usageErrorf(format, args...) }

// TroubleErrorf returns the error for I/O (or AWS) trouble: sagac prints
// "sagac: " and the message, and exits 2.
func TroubleErrorf(format string, args ...any) error { return troubleErrorf(format, args...) }

// Findings is the error a command returns when the input had errors it
// already printed: sagac exits 1 and prints nothing more.
var Findings error = findings

// Substitutions are the --var and --vars flags of the commands that
// resolve ${Name} substitutions.
type Substitutions struct{ f substitutionFlags }

// Register adds --var and --vars to a command's flags.
func (s *Substitutions) Register(fs *pflag.FlagSet) { s.f.register(fs) }

// Resolve merges the --vars file and then the --var flags (flags win);
// errors are usage errors with the place in the --vars file.
func (s *Substitutions) Resolve() (map[string]string, error) { return s.f.resolve() }

// Def returns the definition's ASL JSON: the compiler's output, or the
// file's bytes with the substitutions resolved.
func (s *Source) Def() []byte { return s.def }

// Value returns the definition parsed, with positions in the input (or in
// its compiled form, for a saga).
func (s *Source) Value() *jsonv.Value { return s.value }

// LoadChecked reads an input (a .saga file, compiled for partition, or an
// ASL JSON file; "-" for standard input) for a command that needs a
// complete, clean definition: every substitution resolved from vars, and
// no lint error (lint as sagac lint does, with the .sagac.yaml found by
// walking up from the input). It prints the diagnostics to standard error
// and returns Findings when any is an error; files holds every text they
// may quote, for later diagnostics about the same input.
func LoadChecked(e *Env, arg string, vars map[string]string, partition, command string) (src *Source, files diag.Files, err error) {
	src, diags, files, err := loadSource(e, arg, vars, partition)
	if err != nil {
		return nil, nil, err
	}
	if src != nil {
		diags = append(diags, unresolvedErrors(src.unresolved, command)...)
		found, err := lintSource(src)
		if err != nil {
			return nil, nil, err
		}
		diags = append(diags, found...)
	}
	if err := diag.WriteText(e.stderr, diags, files); err != nil {
		return nil, nil, troubleErrorf("cannot write diagnostics: %v", err)
	}
	if diags.HasErrors() {
		return nil, nil, findings
	}
	return src, files, nil
}

// lintSource lints the input as sagac lint does (with the .sagac.yaml
// found by walking up from it): a saga with its findings in the .saga
// source, an ASL file as written. Only lint's findings come back; the
// compile diagnostics are the caller's already.
func lintSource(src *Source) (diag.Diagnostics, error) {
	start := "."
	if src.name != stdinName {
		start = filepath.Dir(src.name)
	}
	cfgPath, err := lint.FindConfig(start)
	if err != nil {
		return nil, troubleErrorf("cannot look for .sagac.yaml: %v", err)
	}
	var cfg *lint.Config
	if cfgPath != "" {
		if cfg, err = lint.LoadConfig(cfgPath); err != nil {
			return nil, usageErrorf("config: %v", err)
		}
	}
	var all diag.Diagnostics
	if src.saga != nil {
		all = lint.LintSaga(src.name, src.data, lint.Options{Config: cfg})
	} else {
		all = lint.LintASL(src.name, src.data, lint.Options{Config: cfg})
	}
	var out diag.Diagnostics
	for _, d := range all {
		// Notes (info) are for sagac lint; a deploy shows what may hurt.
		if d.Code != "" && d.Severity != diag.Info {
			out = append(out, d)
		}
	}
	return out, nil
}
