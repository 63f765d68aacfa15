package cli

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/internal/atomicfile"
	"github.com/spf13/cobra"
)

type compileFlags struct {
	output    string
	strict    bool
	partition string
	format    string
	subst     substitutionFlags
}

func newCompile(e *Env) *cobra.Command {
	f := &compileFlags{}
	cmd := &cobra.Command{
		Use:   "compile FILE...",
		Short: "Compile .saga files to Step Functions ASL JSON",
		Long: `Compile .saga files to Amazon States Language JSON.

With one input and no -o, the definition goes to standard output. -o names an
output file, or a directory (when it ends in /, already is one, or there are
several inputs) that receives one <name>.asl.json per input. "-" reads
standard input. When any input has an error, nothing is written.`,
		Example: `  sagac compile sagas/trip_booking.saga
  sagac compile sagas/*.saga -o build/
  echo 'saga TripBooking < flight -> hotel -> payment >' | sagac compile -
  sagac compile trip.saga --vars vars.json --var FlightReserveFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:flight --strict`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCompile(e, f, args)
		},
	}
	cmd.Flags().StringVarP(&f.output, "output", "o", "", "write to this file or directory instead of standard output")
	cmd.Flags().BoolVar(&f.strict, "strict", false, "make any unresolved ${Name} substitution an error")
	cmd.Flags().StringVar(&f.partition, "partition", "aws", "AWS partition of service resources: aws, aws-cn or aws-us-gov")
	cmd.Flags().StringVar(&f.format, "format", "text", "diagnostics format on standard error: text, json, github or sarif")
	f.subst.register(cmd.Flags())
	return cmd
}

type compiled struct {
	input string
	name  string
	out   []byte
}

func runCompile(e *Env, f *compileFlags, args []string) error {
	format, err := diag.ParseFormat(f.format)
	if err != nil {
		return usageErrorf("--format: %v", err)
	}
	vars, err := f.subst.resolve()
	if err != nil {
		return err
	}
	switch f.partition {
	case "aws", "aws-cn", "aws-us-gov":
	default:
		return usageErrorf("--partition %q: expected aws, aws-cn or aws-us-gov", f.partition)
	}
	if err := checkStdinOnce(args); err != nil {
		return err
	}
	if f.output == "-" {
		f.output = "" // standard output
	}
	toDir := f.output != "" && (strings.HasSuffix(f.output, "/") || len(args) > 1 || isDir(f.output))
	if len(args) > 1 && f.output == "" {
		return usageErrorf("%d inputs: name an output directory with -o DIR", len(args))
	}
	if toDir && !isDir(f.output) {
		return troubleErrorf("output directory %s does not exist", f.output)
	}
	files := diag.Files{}
	var all diag.Diagnostics
	var results []compiled
	for _, arg := range args {
		name, src, err := readInput(e, arg)
		if err != nil {
			return err
		}
		files[name] = src
		saga, diags := compiler.Compile(name, src, compiler.Options{Vars: vars, Strict: f.strict})
		all = append(all, diags...)
		if diags.HasErrors() {
			continue
		}
		out, more := asl.Generate(saga, asl.Options{Partition: f.partition})
		all = append(all, more...)
		if more.HasErrors() {
			continue
		}
		base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
		if arg == "-" {
			base = saga.Name
		}
		results = append(results, compiled{input: name, name: base, out: out})
	}
	if err := writeDiagnostics(e, format, all, files); err != nil {
		return troubleErrorf("cannot write diagnostics: %v", err)
	}
	if all.HasErrors() {
		return findings
	}
	if f.output == "" {
		for _, r := range results {
			if _, err := e.stdout.Write(r.out); err != nil {
				return troubleErrorf("cannot write standard output: %v", err)
			}
		}
		return nil
	}
	targets := map[string]string{}
	var outputs []output
	for _, r := range results {
		target := f.output
		if toDir {
			target = filepath.Join(f.output, r.name+".asl.json")
		}
		if prev, dup := targets[target]; dup {
			return usageErrorf("%s and %s would both be written to %s", prev, r.input, target)
		}
		targets[target] = r.input
		outputs = append(outputs, output{target, r.out})
	}
	if err := refuseOverwritingInputs(args, outputs); err != nil {
		return err
	}
	return writeAll(outputs)
}

// output is one file a command is about to write.
type output struct {
	path string
	data []byte
}

// writeAll writes every output atomically, and all or none of them: each
// is prepared under a temporary name first, and only when all are ready
// are they renamed into place.
func writeAll(outputs []output) error {
	var pending []*atomicfile.Pending
	for _, o := range outputs {
		p, err := atomicfile.Prepare(o.path, o.data, 0o644)
		if err != nil {
			for _, q := range pending {
				q.Abort()
			}
			return troubleErrorf("%v", err)
		}
		pending = append(pending, p)
	}
	for i, p := range pending {
		if err := p.Commit(); err != nil {
			for _, q := range pending[i+1:] {
				q.Abort()
			}
			return troubleErrorf("%v", err)
		}
	}
	return nil
}

// refuseOverwritingInputs stops `-o trip.saga` from replacing its own input.
func refuseOverwritingInputs(inputs []string, outputs []output) error {
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		ist, err := os.Stat(in)
		if err != nil {
			continue
		}
		for _, o := range outputs {
			if ost, err := os.Stat(o.path); err == nil && os.SameFile(ist, ost) {
				return usageErrorf("-o %s would overwrite the input %s", o.path, in)
			}
		}
	}
	return nil
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// writeDiagnostics writes compile diagnostics to standard error in the
// chosen format; the machine formats are written even when empty, so a
// tool reading them always gets a document.
func writeDiagnostics(e *Env, format diag.Format, ds diag.Diagnostics, files diag.Files) error {
	if format == diag.FormatText && len(ds) == 0 {
		return nil
	}
	return diag.WriteFormat(e.stderr, format, ds, files, sagacTool(nil))
}
