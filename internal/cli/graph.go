package cli

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/backends/graph"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/internal/atomicfile"
	"github.com/sagac/sagac/jsonv"
	"github.com/spf13/cobra"
)

type graphFlags struct {
	format string
	output string
	subst  substitutionFlags
}

func newGraph(e *Env) *cobra.Command {
	f := &graphFlags{}
	cmd := &cobra.Command{
		Use:   "graph FILE.saga|FILE.asl.json",
		Short: "Draw a saga or any ASL definition as a diagram",
		Long: `Draw a state machine: forward steps solid in flow order, Catch edges dashed
and labeled with the errors they catch, the compensation chain (the states
reached only through a Catch) grouped, Succeed and Fail styled apart,
Parallel branches and Map item processors as nested groups (docs/graph.md).

The input is a .saga file, compiled first, or any ASL JSON definition ("-"
reads standard input: JSON when it starts with "{", else .saga). --format
mermaid (the default) and dot print text; svg and png run Graphviz's dot,
which must be installed.`,
		Example: `  sagac graph sagas/trip_booking_compensated.saga
  sagac graph sagas/trip_booking_compensated.saga --format svg -o trip.svg
  sagac graph statemachine.asl.json --format dot | dot -Tpdf > machine.pdf`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGraph(cmd.Context(), e, f, args[0])
		},
	}
	cmd.Flags().StringVar(&f.format, "format", "mermaid", "output format: mermaid, dot, svg or png")
	cmd.Flags().StringVarP(&f.output, "output", "o", "", "write to this file instead of standard output")
	f.subst.register(cmd.Flags())
	return cmd
}

func runGraph(ctx context.Context, e *Env, f *graphFlags, arg string) error {
	switch f.format {
	case "mermaid", "dot", "svg", "png":
	default:
		return usageErrorf("--format %q: expected mermaid, dot, svg or png", f.format)
	}
	vars, err := f.subst.resolve()
	if err != nil {
		return err
	}
	name, src, err := readInput(e, arg)
	if err != nil {
		return err
	}
	files := diag.Files{name: src}
	def, title, diags := graphInput(name, src, vars)
	if err := diag.WriteText(e.stderr, diags, files); err != nil {
		return troubleErrorf("cannot write diagnostics: %v", err)
	}
	if diags.HasErrors() {
		return findings
	}
	g, diags := graph.Build(title, def)
	if err := diag.WriteText(e.stderr, diags, files); err != nil {
		return troubleErrorf("cannot write diagnostics: %v", err)
	}
	if diags.HasErrors() {
		return findings
	}
	var out []byte
	switch f.format {
	case "mermaid":
		out = g.Mermaid()
	case "dot":
		out = g.DOT()
	default:
		if ctx == nil {
			ctx = context.Background()
		}
		out, err = graph.Render(ctx, g.DOT(), f.format)
		if errors.Is(err, graph.ErrNoDot) {
			return troubleErrorf("--format %s needs Graphviz's dot, and %v; %s", f.format, err, graph.InstallHint)
		}
		if err != nil {
			return troubleErrorf("%v", err)
		}
	}
	if f.output == "" {
		if _, err := e.stdout.Write(out); err != nil {
			return troubleErrorf("cannot write standard output: %v", err)
		}
		return nil
	}
	if err := atomicfile.WriteFile(f.output, out, 0o644); err != nil {
		return troubleErrorf("%v", err)
	}
	return nil
}

// graphInput reads the input as ASL JSON, or compiles it when it is a .saga
// file, and returns the definition with the diagram's title: the saga's
// name, or the file name without its extensions.
func graphInput(name string, src []byte, vars map[string]string) (*jsonv.Value, string, diag.Diagnostics) {
	if !isJSON(name, src) {
		saga, diags := compiler.Compile(name, src, compiler.Options{Vars: vars})
		if diags.HasErrors() {
			return nil, "", diags
		}
		out, more := asl.Generate(saga, asl.Options{})
		diags = append(diags, more...)
		if more.HasErrors() {
			return nil, "", diags
		}
		def, more := jsonv.Parse(name, out)
		return def, saga.Name, append(diags, more...)
	}
	def, diags := jsonv.Parse(name, src)
	title := filepath.Base(name)
	for _, ext := range []string{".json", ".asl"} {
		title = strings.TrimSuffix(title, ext)
	}
	if name == stdinName {
		title = "StateMachine"
	}
	return def, title, diags
}

// isJSON tells a JSON definition from a .saga file: by extension, and for
// standard input by its first character.
func isJSON(name string, src []byte) bool {
	switch {
	case strings.HasSuffix(name, ".saga"):
		return false
	case name == stdinName:
		return bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), " \t\r\n"), []byte("{"))
	}
	return true
}
