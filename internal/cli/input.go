package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sagac/sagac/grammar"
)

// stdinName is the file name diagnostics use for standard input.
const stdinName = "<stdin>"

// readInput reads a named input, "-" meaning standard input, refusing
// directories and inputs over the size limit with a clear message.
func readInput(e *env, path string) (name string, data []byte, err error) {
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(e.stdin, grammar.MaxFileSize+1))
		if err != nil {
			return stdinName, nil, troubleErrorf("cannot read standard input: %v", err)
		}
		if len(data) > grammar.MaxFileSize {
			return stdinName, nil, troubleErrorf("standard input is over the %d-byte limit", grammar.MaxFileSize)
		}
		return stdinName, data, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		if os.IsNotExist(err) {
			return path, nil, troubleErrorf("%s: no such file", path)
		}
		return path, nil, troubleErrorf("cannot read %s: %v", path, err)
	}
	if st.IsDir() {
		return path, nil, troubleErrorf("%s is a directory, not a file", path)
	}
	if st.Size() > grammar.MaxFileSize {
		return path, nil, troubleErrorf("%s is %d bytes; the limit is %d bytes", path, st.Size(), grammar.MaxFileSize)
	}
	data, err = os.ReadFile(path)
	if err != nil {
		return path, nil, troubleErrorf("cannot read %s: %v", path, err)
	}
	return path, data, nil
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
		data, err := os.ReadFile(f.varsFile)
		if err != nil {
			return nil, troubleErrorf("cannot read --vars file: %v", err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, usageErrorf("--vars %s: expected a JSON object of names to strings: %v", f.varsFile, err)
		}
		for k, v := range raw {
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, usageErrorf("--vars %s: the value of %q must be a string", f.varsFile, k)
			}
			out[k] = s
		}
	}
	for _, kv := range f.vars {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usageErrorf("--var %q: expected NAME=VALUE", kv)
		}
		out[k] = v
	}
	return out, nil
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
