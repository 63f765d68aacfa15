// Package cli holds sagac's cobra commands: each parses its flags, calls
// the library packages and prints. Exit codes are the same in every
// command (architecture.md item 8): 0 success, 1 the input has errors (or,
// for diff and fmt --check, differs), 2 usage or I/O trouble.
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

// env is what a command needs from the process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// Main runs sagac with the given arguments and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteC()
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

func newRoot(e *env) *cobra.Command {
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
	return root
}

func newVersion(e *env) *cobra.Command {
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
