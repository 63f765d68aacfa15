// Package cli holds sagac's cobra commands: each parses its flags, calls
// the library packages and prints. Exit codes are the same in every
// command (architecture.md item 8): 0 success, 1 the input has errors (or,
// for diff and fmt --check, differs), 2 usage or I/O trouble.
//
// The package links nothing of the AWS SDK: the deploy command and the
// diff side that reads a deployed state machine live in package awscmd,
// linked only into sagac-aws, which the sagac binary runs for them
// (companion.go; MainWith and Extension are the hook).
package cli

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Exit codes shared by every command.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitTrouble  = 2
)

// exitError carries an exit code out of a command's RunE; a nil message
// means the command already printed what the user needs.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usageErrorf reports bad flags or arguments (exit 2).
func usageErrorf(format string, args ...any) error {
	return &exitError{code: ExitTrouble, msg: fmt.Sprintf(format, args...)}
}

// troubleErrorf reports I/O trouble (exit 2).
func troubleErrorf(format string, args ...any) error {
	return &exitError{code: ExitTrouble, msg: fmt.Sprintf(format, args...)}
}

// findings signals that the input had errors, already printed (exit 1).
var findings = &exitError{code: ExitFindings}

// Env is what a command needs from the process: its standard streams,
// and (for handing a command to sagac-aws) the command line and the kinds
// of diff side this binary reads.
type Env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// args is the command line without the program name.
	args []string
	// sources are the kinds of diff side, tried in order.
	sources []SourceKind
	// helpErr is the outcome of a help handed to sagac-aws (cobra's help
	// functions return nothing).
	helpErr error
}

// Main runs the core sagac with the given arguments and returns the exit
// code. Its deploy command, and a diff side naming a deployed state
// machine, run in the sagac-aws companion binary (companion.go).
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return MainWith(Extension{}, args, stdin, stdout, stderr)
}

// MainWith runs sagac with the commands and diff source kinds of ext added
// to the core ones, and returns the exit code; sagac-aws is
// MainWith(awscmd.Extension(), …).
func MainWith(ext Extension, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &Env{stdin: stdin, stdout: stdout, stderr: stderr, args: args}
	e.sources = append(append([]SourceKind{stdinSource}, ext.Sources...), coreSources...)
	root := newRoot(e, ext)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteC()
	if err == nil {
		err = e.helpErr
	}
	if err == nil {
		err = e.helpErr
	}
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(stderr, "sagac: %s\n", ee.msg)
		}
		return ee.code
	}
	// Errors from cobra itself: unknown command or flag, wrong arguments.
	help := "sagac --help"
	if cmd != nil && cmd != root {
		help = cmd.CommandPath() + " --help"
	}
	fmt.Fprintf(stderr, "sagac: %s\nRun '%s' for usage.\n", err, help)
	return ExitTrouble
}

func newRoot(e *Env, ext Extension) *cobra.Command {
	root := &cobra.Command{
		Use:   "sagac",
		Short: "Compile sagas to AWS Step Functions definitions",
		Long: `sagac compiles .saga files (forward steps, and the compensations that undo
them) to Amazon States Language JSON, with every ResultPath, Retry, Catch and
compensation chain written the same correct way every time.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       versionString(),
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.AddCommand(newCompile(e), newLint(e), newDiff(e), newFmt(e), newGraph(e), newDeploy(e), newPolicy(e), newVars(e), newVersion(e))
	if ext.Commands != nil {
		for _, c := range ext.Commands(e) {
			// An extension's command replaces the core's of the same name
			// (the real deploy replaces the one that hands over to sagac-aws).
			for _, old := range root.Commands() {
				if old.Name() == c.Name() {
					root.RemoveCommand(old)
				}
			}
			root.AddCommand(c)
		}
	}
	return root
}

func newVersion(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print sagac's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(e.stdout, versionString())
			return nil
		},
	}
}

// versionString is "sagac <module version> (<go version>)"; a build from a
// clone says (devel) and the VCS revision when the build recorded one.
func versionString() string {
	version, goVersion := "(devel)", "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		goVersion = info.GoVersion
		if info.Main.Version != "" && info.Main.Version != "(devel)" {
			version = info.Main.Version
		} else {
			for _, s := range info.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					version = "(devel " + s.Value[:12] + ")"
				}
			}
		}
	}
	return fmt.Sprintf("sagac %s (%s)", version, goVersion)
}
