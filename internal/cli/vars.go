package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/jsonv"
)

type varsFlags struct {
	format string
	subst  substitutionFlags
}

func newVars(e *Env) *cobra.Command {
	f := &varsFlags{}
	cmd := &cobra.Command{
		Use:   "vars FILE.saga|FILE.asl.json",
		Short: "List the ${Name} substitutions a saga needs",
		Long: `List the ${Name} substitutions left unresolved in a saga (or an ASL file),
each once, in order of first use: what SAM's DefinitionSubstitutions, CDK's
definitionSubstitutions, or sagac's --var and --vars must provide. Names the
given --var or --vars resolve are left out.

--format text (default) prints one name a line; json prints each name with
where it is used; template prints a --vars file to fill in.

Exit status: 0 listed (also when there are none), 1 the input has errors,
2 usage or I/O trouble.`,
		Example: `  sagac vars trip.saga
  sagac vars trip.saga --format json
  sagac vars trip.saga --format template > vars.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVars(e, f, args[0])
		},
	}
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text, json or template")
	f.subst.register(cmd.Flags())
	return cmd
}

// substitutionUses groups the uses of one substitution name.
type substitutionUses struct {
	name string
	uses []diag.Range
}

// groupSubstitutions groups uses by name, in order of first use.
func groupSubstitutions(uses []ir.Substitution) []*substitutionUses {
	var out []*substitutionUses
	index := map[string]*substitutionUses{}
	for _, u := range uses {
		g, ok := index[u.Name]
		if !ok {
			g = &substitutionUses{name: u.Name}
			index[u.Name] = g
			out = append(out, g)
		}
		g.uses = append(g.uses, u.Range)
	}
	return out
}

func runVars(e *Env, f *varsFlags, arg string) error {
	switch f.format {
	case "text", "json", "template":
	default:
		return usageErrorf("--format %q: expected text, json or template", f.format)
	}
	vars, err := f.subst.resolve()
	if err != nil {
		return err
	}
	src, diags, files, err := loadSource(e, arg, vars, "aws")
	if err != nil {
		return err
	}
	if err := diag.WriteText(e.stderr, diags, files); err != nil {
		return troubleErrorf("cannot write diagnostics: %v", err)
	}
	if diags.HasErrors() {
		return findings
	}
	groups := groupSubstitutions(src.unresolved)
	var b strings.Builder
	switch f.format {
	case "text":
		for _, g := range groups {
			b.WriteString(g.name)
			b.WriteByte('\n')
		}
	case "json":
		list := jsonv.NewArray()
		for _, g := range groups {
			uses := jsonv.NewArray()
			for _, r := range g.uses {
				uses.Elems = append(uses.Elems, jsonv.NewObject().
					Set("file", jsonv.NewString(r.Filename)).
					Set("line", jsonv.NewNumber(strconv.Itoa(r.Start.Line))).
					Set("column", jsonv.NewNumber(strconv.Itoa(r.Start.Column))))
			}
			list.Elems = append(list.Elems, jsonv.NewObject().Set("name", jsonv.NewString(g.name)).Set("uses", uses))
		}
		b.Write(jsonv.Marshal(jsonv.NewObject().Set("substitutions", list)))
	case "template":
		obj := jsonv.NewObject()
		for _, g := range groups {
			obj.Set(g.name, jsonv.NewString(""))
		}
		b.Write(jsonv.Marshal(obj))
	}
	if _, err := fmt.Fprint(e.stdout, b.String()); err != nil {
		return troubleErrorf("cannot write standard output: %v", err)
	}
	return nil
}
