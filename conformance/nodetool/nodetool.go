// Package nodetool finds sagac's pinned npm tools and runs their scripts.
//
// The tools (asl-validator, @wmfs/statelint, aws-local-stepfunctions) are
// pinned in tools/aslcheck/package.json and package-lock.json at the module
// root; `npm ci` in that folder installs them (.ci/run does). The folder is
// found by walking up from the working directory to go.mod, so tests in any
// package find it; SAGAC_ASLCHECK_DIR overrides the search.
package nodetool

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/sagac/sagac/conformance/engine"
)

// ModuleRoot returns the nearest directory at or above the working
// directory that holds a go.mod.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod at or above the working directory")
		}
		dir = parent
	}
}

// Dir returns the tools folder, after checking that node is on PATH and
// that the tools are installed there. When they are not, the error wraps
// engine.ErrUnavailable and says how to install them.
func Dir() (string, error) {
	dir := os.Getenv("SAGAC_ASLCHECK_DIR")
	if dir == "" {
		root, err := ModuleRoot()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, "tools", "aslcheck")
	}
	if _, err := exec.LookPath("node"); err != nil {
		return "", fmt.Errorf("node is %w: the conformance tools need Node.js 20 or later on PATH", engine.ErrUnavailable)
	}
	for _, pkg := range []string{"asl-validator", "@wmfs/statelint", "aws-local-stepfunctions"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg, "package.json")); err != nil {
			return "", fmt.Errorf("npm package %s is %w in %s: run `npm ci` there", pkg, engine.ErrUnavailable, dir)
		}
	}
	return dir, nil
}

// Run runs `node script` in the tools folder with stdin as its standard
// input and returns its standard output. A non-zero exit is an error that
// carries the script's standard error.
func Run(ctx context.Context, script string, stdin []byte) ([]byte, error) {
	dir, err := Dir()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("node %s: %v: %s", script, err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}
