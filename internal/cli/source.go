package cli

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/jsonv"
)

// Source is an input read as a Step Functions definition: a .saga file
// compiled, or an ASL JSON file as written. deploy, policy and vars take
// either.
type Source struct {
	// name is the input's name (a path, or <stdin>) and data its bytes.
	name string
	data []byte
	// saga is the compiled saga; nil for an ASL input.
	saga *ir.Saga
	// def is the ASL JSON: the compiler's output, or the file's bytes
	// (re-encoded when substitutions were resolved in it).
	def []byte
	// value is the definition parsed; its positions are in the file
	// defName, the input itself for ASL, "NAME (compiled)" for a saga.
	value   *jsonv.Value
	defName string
	// unresolved lists each use of a ${Name} left unresolved, in order.
	unresolved []ir.Substitution
}

// isASL tells an ASL JSON input from a .saga file: a .json name, or text
// that starts with '{' (a .saga file starts with a comment or "saga").
func isASL(name string, data []byte) bool {
	return strings.EqualFold(filepath.Ext(name), ".json") || bytes.HasPrefix(bytes.TrimSpace(data), []byte("{"))
}

// loadSource reads an input and turns it into a definition, resolving
// ${Name} substitutions from vars. Compile errors come back as
// diagnostics; files holds every text the diagnostics may quote.
func loadSource(e *Env, arg string, vars map[string]string, partition string) (*Source, diag.Diagnostics, diag.Files, error) {
	name, data, err := readInput(e, arg)
	if err != nil {
		return nil, nil, nil, err
	}
	files := diag.Files{name: data}
	s := &Source{name: name, data: data}
	if isASL(name, data) {
		v, diags := jsonv.Parse(name, data)
		if diags.HasErrors() {
			return nil, diags, files, nil
		}
		s.value, s.defName, s.def = v, name, data
		if substituteASL(v, vars, &s.unresolved) {
			s.def = jsonv.Marshal(v)
		}
		return s, diags, files, nil
	}
	saga, diags := compiler.Compile(name, data, compiler.Options{Vars: vars})
	if diags.HasErrors() {
		return nil, diags, files, nil
	}
	out, more := asl.Generate(saga, asl.Options{Partition: partition})
	diags = append(diags, more...)
	if more.HasErrors() {
		return nil, diags, files, nil
	}
	s.saga, s.def, s.unresolved = saga, out, saga.Substitutions
	s.defName = name + " (compiled)"
	files[s.defName] = out
	v, parseDiags := jsonv.Parse(s.defName, out)
	if parseDiags.HasErrors() {
		// The compiler's output always parses; say so loudly if not.
		return nil, append(diags, parseDiags...), files, nil
	}
	s.value = v
	return s, diags, files, nil
}

// aslSubstitution is a ${Name} in an ASL string, as SAM's and CDK's
// definition substitutions write it: any name without braces, '$' or
// white space (sagac writes a step's default function as ${id}, and an id
// may hold any letter).
var aslSubstitution = regexp.MustCompile(`\$\{([^{}$\s]+)\}`)

// substituteASL resolves ${Name} in every string value of an ASL
// document, recording the unresolved uses; it reports whether anything was
// replaced.
func substituteASL(v *jsonv.Value, vars map[string]string, unresolved *[]ir.Substitution) bool {
	changed := false
	v.Walk(func(_ string, x *jsonv.Value) bool {
		if x.Kind != jsonv.String || !strings.Contains(x.Str, "${") {
			return true
		}
		x.Str = aslSubstitution.ReplaceAllStringFunc(x.Str, func(m string) string {
			name := m[2 : len(m)-1]
			if val, ok := vars[name]; ok {
				changed = true
				return val
			}
			*unresolved = append(*unresolved, ir.Substitution{Name: name, Range: x.Range})
			return m
		})
		return true
	})
	return changed
}

// unresolvedErrors turns each unresolved substitution into an error that
// says how to resolve it, for commands that need a complete definition.
func unresolvedErrors(uses []ir.Substitution, command string) diag.Diagnostics {
	var ds diag.Diagnostics
	for _, u := range uses {
		ds = append(ds, diag.Errorf(u.Range, "unresolved substitution ${%s}: %s needs every substitution resolved: pass --var %s=VALUE or a --vars file",
			u.Name, command, u.Name))
	}
	return ds
}
