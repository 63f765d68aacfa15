package cli

// The AWS commands live in a companion binary, sagac-aws (cmd/sagac-aws:
// this package plus package awscmd). Go runs the init work of every
// package a binary links, and the AWS SDK's is most of a compile's start-up
// time, so the sagac binary does not link it: its deploy command, and a
// diff side naming a deployed state machine, run sagac-aws with the same
// arguments, standard streams and environment, and exit with its status.

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// companionName is the AWS companion binary's name.
const companionName = "sagac-aws"

// handedOverEnv is set in sagac-aws's environment when sagac runs it, so
// that a core build installed under that name fails instead of running
// itself forever.
const handedOverEnv = "SAGAC_HANDED_OVER"

// newDeploy is the core's deploy command: everything, --help included,
// runs in sagac-aws, whose deploy command replaces this one (the flags are
// defined there only, so its help is the one to show).
func newDeploy(e *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:                "deploy FILE.saga|FILE.asl.json --name NAME --role-arn ARN",
		Short:              "Create or update a state machine through the Step Functions API (runs sagac-aws)",
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runCompanion("deploy")
		},
	}
	// sagac help deploy: the real help is sagac-aws's.
	cmd.SetHelpFunc(func(*cobra.Command, []string) {
		e.helpErr = e.runCompanion("deploy")
	})
	return cmd
}

// runCompanion runs sagac-aws with this process's arguments, standard
// streams and environment, and returns its exit status as an exitError
// (nil for 0). what says what needs it, for the message when it is missing.
func (e *Env) runCompanion(what string) error {
	if os.Getenv(handedOverEnv) != "" {
		return troubleErrorf("%s needs %s, but this sagac was itself started as %s: the %s installed is a build of ./cmd/sagac, not ./cmd/sagac-aws", what, companionName, companionName, companionName)
	}
	path, err := findCompanion()
	if err != nil {
		return troubleErrorf("%s", missingCompanion(what))
	}
	cmd := exec.Command(path, e.args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = e.stdin, e.stdout, e.stderr
	cmd.Env = append(os.Environ(), handedOverEnv+"=1")
	// An interrupt from the terminal reaches both processes: let sagac-aws
	// decide, and wait for it (as go run does).
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return &exitError{code: exit.ExitCode()}
	case errors.As(err, &exit) && quietSignal(exit):
		// Killed by a broken pipe (sagac deploy --help | head) or an
		// interrupt the user sent: nothing to add.
		return &exitError{code: ExitTrouble}
	case errors.As(err, &exit):
		return troubleErrorf("%s: %v", path, exit)
	default:
		return troubleErrorf("cannot run %s: %v", path, err)
	}
}

// quietSignal reports whether sagac-aws was killed by SIGPIPE or SIGINT.
func quietSignal(exit *exec.ExitError) bool {
	ws, ok := exit.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && (ws.Signal() == syscall.SIGPIPE || ws.Signal() == syscall.SIGINT)
}

// findCompanion looks for sagac-aws next to the running executable, then
// on PATH.
func findCompanion() (string, error) {
	name := companionName
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if self, err := os.Executable(); err == nil {
		if resolved, err := filepath.EvalSymlinks(self); err == nil {
			self = resolved
		}
		p := filepath.Join(filepath.Dir(self), name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, nil
		}
	}
	return exec.LookPath(companionName)
}

// missingCompanion says what sagac-aws is, why it is apart, and how to get it.
func missingCompanion(what string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s needs %s, which is neither next to this sagac nor on PATH.\n", what, companionName)
	fmt.Fprintf(&b, "%s is sagac with its AWS commands (deploy, and diff against a deployed state\n", companionName)
	b.WriteString("machine); it is a separate binary so that compile, lint and the other commands\n")
	b.WriteString("never pay for loading the AWS SDK. Install both with\n")
	b.WriteString("  go install github.com/sagac/sagac/cmd/...@latest\n")
	b.WriteString("or, from a clone of github.com/sagac/sagac,\n")
	fmt.Fprintf(&b, "  go build -o \"$(dirname \"$(command -v sagac)\")/%s\" ./cmd/%s", companionName, companionName)
	return b.String()
}
