package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/grammar"
	"github.com/sagac/sagac/internal/atomicfile"
	"github.com/sagac/sagac/internal/udiff"
	"github.com/spf13/cobra"
)

type fmtFlags struct {
	write bool
	list  bool
	check bool
	diff  bool
}

func newFmt(e *Env) *cobra.Command {
	f := &fmtFlags{}
	cmd := &cobra.Command{
		Use:   "fmt FILE|DIR...",
		Short: "Format .saga files in the canonical layout",
		Long: `Format .saga files in sagac's one canonical layout (docs/fmt.md), as gofmt
does for Go: only layout changes, comments stay where they were written, and
the formatted file compiles to the same bytes.

A directory means every .saga file under it; "-" reads standard input. By
default the formatted text goes to standard output. -l lists the files whose
layout would change, -w rewrites them in place (atomically), --diff prints a
unified diff, and --check exits 1 when any file would change (listing them).

Exit codes: 0 formatted (or done), 1 --check found a file to format,
2 a file does not parse, cannot be read or written, or bad usage.`,
		Example: `  sagac fmt sagas/trip_booking.saga
  sagac fmt -w sagas/
  sagac fmt --check sagas/
  sagac fmt --diff messy.saga`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFmt(e, f, args)
		},
	}
	cmd.Flags().BoolVarP(&f.write, "write", "w", false, "rewrite each file in place when its layout changes")
	cmd.Flags().BoolVarP(&f.list, "list", "l", false, "list the files whose layout would change")
	cmd.Flags().BoolVar(&f.check, "check", false, "exit 1 when any file would change (lists them; writes nothing)")
	cmd.Flags().BoolVar(&f.diff, "diff", false, "print a unified diff of the changes")
	return cmd
}

func runFmt(e *Env, f *fmtFlags, args []string) error {
	if f.check && f.write {
		return usageErrorf("--check and -w cannot be used together: --check never writes")
	}
	var files []string
	for _, arg := range args {
		if arg == "-" {
			if f.write {
				return usageErrorf("-w cannot rewrite standard input")
			}
			files = append(files, arg)
			continue
		}
		found, err := sagaFiles(arg)
		if err != nil {
			return err
		}
		files = append(files, found...)
	}
	trouble, changed := false, false
	for _, file := range files {
		ch, err := fmtFile(e, f, file)
		if err != nil {
			trouble = true
			if msg := err.Error(); msg != "" {
				fmt.Fprintf(e.stderr, "sagac: %s\n", msg)
			}
			continue
		}
		changed = changed || ch
	}
	switch {
	case trouble:
		return &exitError{code: ExitTrouble}
	case f.check && changed:
		return findings
	}
	return nil
}

// fmtFile formats one input and does what the flags ask; it reports
// whether the layout changed. A parse error is printed here and returned
// as an error with no message.
func fmtFile(e *Env, f *fmtFlags, path string) (bool, error) {
	name, src, err := readInput(e, path)
	if err != nil {
		return false, err
	}
	file, diags := grammar.Parse(name, src)
	if diags.HasErrors() {
		if err := diag.WriteText(e.stderr, diags, diag.Files{name: src}); err != nil {
			return false, troubleErrorf("cannot write diagnostics: %v", err)
		}
		return false, &exitError{code: ExitTrouble}
	}
	out := grammar.Format(file, src)
	changed := !bytes.Equal(out, src)
	if changed && (f.list || f.check) {
		if _, err := fmt.Fprintln(e.stdout, name); err != nil {
			return changed, troubleErrorf("cannot write standard output: %v", err)
		}
	}
	if changed && f.diff {
		if _, err := e.stdout.Write(udiff.Unified(name+".orig", name, src, out)); err != nil {
			return changed, troubleErrorf("cannot write standard output: %v", err)
		}
	}
	if changed && f.write {
		mode := fs.FileMode(0o644)
		if st, err := os.Stat(path); err == nil {
			mode = st.Mode().Perm()
		}
		if err := atomicfile.WriteFile(path, out, mode); err != nil {
			return changed, troubleErrorf("%v", err)
		}
	}
	if !f.list && !f.check && !f.diff && !f.write {
		if _, err := e.stdout.Write(out); err != nil {
			return changed, troubleErrorf("cannot write standard output: %v", err)
		}
	}
	return changed, nil
}

// sagaFiles expands a command-line path: a file as it is, a directory to
// every .saga file under it in lexical order (hidden entries skipped).
func sagaFiles(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, troubleErrorf("%s: no such file or directory", path)
		}
		return nil, troubleErrorf("cannot read %s: %v", path, err)
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != path && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".saga") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, troubleErrorf("cannot read %s: %v", path, err)
	}
	return files, nil
}
