package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"github.com/sagac/sagac/grammar"
	"github.com/sagac/sagac/jsonv"
)

// stdinName is the file name diagnostics use for standard input.
const stdinName = "<stdin>"

// readInput reads a named input, "-" meaning standard input, refusing
// directories and inputs over the size limit with a clear message. The
// limit holds for anything that streams (a pipe, /dev/zero): reading stops
// one byte past it.
func readInput(e *Env, path string) (name string, data []byte, err error) {
	if path == "-" {
		data, err = readLimited(e.stdin)
		if err != nil {
			return stdinName, nil, troubleErrorf("cannot read standard input: %v", err)
		}
		if len(data) > grammar.MaxFileSize {
			return stdinName, nil, troubleErrorf("standard input is over the %d-byte limit", grammar.MaxFileSize)
		}
		return stdinName, data, nil
	}
	if path == "" {
		return path, nil, troubleErrorf("an empty file name")
	}
	st, err := os.Stat(path)
	if err != nil {
		if os.IsNotExist(err) {
			return path, nil, troubleErrorf("%s: no such file", path)
		}
		return path, nil, troubleErrorf("cannot read %s: %v", path, unwrapPathError(err))
	}
	if st.IsDir() {
		return path, nil, troubleErrorf("%s is a directory, not a file", path)
	}
	if st.Size() > grammar.MaxFileSize {
		return path, nil, troubleErrorf("%s is %d bytes; the limit is %d bytes", path, st.Size(), grammar.MaxFileSize)
	}
	f, err := os.Open(path)
	if err != nil {
		return path, nil, troubleErrorf("cannot read %s: %v", path, unwrapPathError(err))
	}
	defer f.Close()
	data, err = readLimited(f)
	if err != nil {
		return path, nil, troubleErrorf("cannot read %s: %v", path, unwrapPathError(err))
	}
	if len(data) > grammar.MaxFileSize {
		return path, nil, troubleErrorf("%s is over the %d-byte limit", path, grammar.MaxFileSize)
	}
	return path, data, nil
}

// readLimited reads at most one byte more than the input size limit.
func readLimited(r io.Reader) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, grammar.MaxFileSize+1))
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkStdinOnce refuses "-" named twice among the inputs: standard input
// can be read only once.
func checkStdinOnce(args []string) error {
	n := 0
	for _, a := range args {
		if a == "-" {
			n++
		}
	}
	if n > 1 {
		return usageErrorf("standard input (-) is named %d times; it can be read only once", n)
	}
	return nil
}

// substitutionFlags are the --var and --vars flags shared by the commands
// that resolve ${Name} substitutions.
type substitutionFlags struct {
	vars     []string
	varsFile string
}

// resolve merges the --vars file and then the --var flags (flags win).
func (f *substitutionFlags) resolve() (map[string]string, error) {
	out := map[string]string{}
	if f.varsFile != "" {
		if err := readVarsFile(f.varsFile, out); err != nil {
			return nil, err
		}
	}
	for _, kv := range f.vars {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || !validVarName.MatchString(k) {
			return nil, usageErrorf("--var %q: expected NAME=VALUE, where NAME has letters, digits, _ . : or -", kv)
		}
		out[k] = v
	}
	return out, nil
}

// validVarName is what a substitution name may hold (the compiler's rule).
var validVarName = regexp.MustCompile(`^[A-Za-z0-9_.:-]+$`)

// readVarsFile reads a JSON object of names to strings; a duplicate name
// (jsonv reports it), a value that is not a string, or a bad name is
// refused with its line:col.
func readVarsFile(path string, out map[string]string) error {
	name, data, err := readInput(&Env{stdin: os.Stdin}, path)
	if err != nil {
		return err
	}
	root, diags := jsonv.Parse(name, data)
	if diags.HasErrors() {
		return usageErrorf("--vars %s", diags.Errors()[0].Error())
	}
	if root.Kind != jsonv.Object {
		return usageErrorf("--vars %s: expected a JSON object of names to strings, found %s at %s", path, root.Kind, root.Range)
	}
	for _, m := range root.Members {
		switch {
		case !validVarName.MatchString(m.Key):
			return usageErrorf("--vars %s: invalid name %q: a name has letters, digits, _ . : or -", m.KeyRange, m.Key)
		case m.Value.Kind != jsonv.String:
			return usageErrorf("--vars %s: the value of %q must be a string, found %s", m.Value.Range, m.Key, m.Value.Kind)
		}
		out[m.Key] = m.Value.Str
	}
	return nil
}

func (f *substitutionFlags) register(flags interface {
	StringArrayVar(p *[]string, name string, value []string, usage string)
	StringVar(p *string, name string, value string, usage string)
}) {
	flags.StringArrayVar(&f.vars, "var", nil, "resolve a substitution: NAME=VALUE (repeatable; wins over --vars)")
	flags.StringVar(&f.varsFile, "vars", "", "resolve substitutions from a JSON object file {\"NAME\": \"VALUE\"}")
}

// describe formats a count of errors and warnings for a summary line.
func describe(errors, warnings int) string {
	return fmt.Sprintf("%d error(s), %d warning(s)", errors, warnings)
}
