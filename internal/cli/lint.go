package cli

import (
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/lint"
	"github.com/spf13/cobra"
)

type lintFlags struct {
	format      string
	maxWarnings int
	config      string
}

func newLint(e *Env) *cobra.Command {
	f := &lintFlags{}
	cmd := &cobra.Command{
		Use:   "lint FILE...",
		Short: "Check .saga files and ASL definitions for faults and saga mistakes",
		Long: `Lint .saga files and Amazon States Language definitions (.json, .asl.json).

A .saga file is compiled, and its ASL linted; every finding points back into
the .saga source. An ASL file's findings carry its line:col and a JSON
pointer. "-" reads standard input (as ASL JSON). Rules are documented in
docs/lint-rules.md; .sagac.yaml, found by walking up from the first input
(or named with --config), turns rules off or changes their severity.

Exit status: 0 no errors (and no more warnings than --max-warnings), 1
findings, 2 usage or I/O trouble.`,
		Example: `  sagac lint sagas/*.saga
  sagac lint statemachine.asl.json --format sarif > lint.sarif
  sagac lint --format github --max-warnings 0 sagas/trip.saga`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLint(e, f, args)
		},
	}
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text, json, github or sarif")
	cmd.Flags().IntVar(&f.maxWarnings, "max-warnings", -1, "fail (exit 1) when there are more than N warnings; -1: no limit")
	cmd.Flags().StringVar(&f.config, "config", "", "config file (default: .sagac.yaml found by walking up from the first input)")
	return cmd
}

func runLint(e *Env, f *lintFlags, args []string) error {
	if os.Getenv("GOGC") == "" {
		// A lint run is short and its heap small (about 30 MiB for a
		// 1 MB definition): collecting garbage only once the heap nears
		// 256 MiB saves a tenth of the run. GOGC, when set, wins.
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(256 << 20))
	}
	format, err := diag.ParseFormat(f.format)
	if err != nil {
		return usageErrorf("--format: %v", err)
	}
	cfgPath := f.config
	if cfgPath == "" {
		start := "."
		if args[0] != "-" {
			start = filepath.Dir(args[0])
		}
		if cfgPath, err = lint.FindConfig(start); err != nil {
			return troubleErrorf("cannot look for .sagac.yaml: %v", err)
		}
	}
	var cfg *lint.Config
	if cfgPath != "" {
		if cfg, err = lint.LoadConfig(cfgPath); err != nil {
			return usageErrorf("config: %v", err)
		}
	}
	files := diag.Files{}
	var all diag.Diagnostics
	for _, arg := range args {
		name, src, err := readInput(e, arg)
		if err != nil {
			return err
		}
		files[name] = src
		all = append(all, lint.Lint(name, src, lint.Options{Config: cfg})...)
	}
	if err := diag.WriteFormat(e.stdout, format, all, files, sagacTool(lint.DiagRules())); err != nil {
		return troubleErrorf("cannot write findings: %v", err)
	}
	warnings := 0
	for _, d := range all {
		if d.Severity == diag.Warning {
			warnings++
		}
	}
	if all.HasErrors() || f.maxWarnings >= 0 && warnings > f.maxWarnings {
		return findings
	}
	return nil
}

// sagacTool describes sagac for SARIF output.
func sagacTool(rules []diag.Rule) diag.Tool {
	return diag.Tool{Name: "sagac", InformationURI: "https://github.com/sagac/sagac", Rules: rules}
}
