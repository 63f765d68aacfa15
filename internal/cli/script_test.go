package cli_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/sagac/sagac/internal/cli"
	"github.com/sagac/sagac/internal/cli/awscmd"
)

func TestMain(m *testing.M) {
	testscript.Main(emulatorM{m}, map[string]func(){
		// The core binary, which runs sagac-aws (found on PATH here) for
		// deploy and for a diff side naming a deployed state machine.
		"sagac": func() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		// The full CLI, the core and package awscmd.
		"sagac-aws": func() { os.Exit(awscmd.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the CLI scripts in testdata/script: the real sagac and
// sagac-aws commands, as this test binary under those names, on files each
// script carries.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script", Setup: func(env *testscript.Env) error {
		// SAGAC_BIN is the folder holding the sagac and sagac-aws commands,
		// for scripts that install them elsewhere.
		bin, err := exec.LookPath("sagac")
		if err != nil {
			return err
		}
		env.Setenv("SAGAC_BIN", filepath.Dir(bin))
		return emulatorSetup(env)
	}})
}
