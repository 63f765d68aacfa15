package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// ErrNoDot reports that Graphviz's dot program is not installed.
var ErrNoDot = errors.New("dot is not installed (or not on PATH)")

// InstallHint says how to install Graphviz.
const InstallHint = "install Graphviz: `apt-get install graphviz` (Debian, Ubuntu), `brew install graphviz` (macOS), " +
	"`choco install graphviz` (Windows) or see https://graphviz.org/download/; " +
	"or print DOT with --format dot and render it elsewhere"

// Render runs Graphviz's dot on DOT source and returns the drawing in the
// given output format (svg, png, or any other dot -T format). It returns
// ErrNoDot when dot is missing, and dot's own message when dot refuses the
// source.
func Render(ctx context.Context, dot []byte, format string) ([]byte, error) {
	path, err := exec.LookPath("dot")
	if err != nil {
		return nil, ErrNoDot
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, path, "-T"+format)
	cmd.Stdin = bytes.NewReader(dot)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("dot -T%s failed: %s", format, msg)
	}
	return stdout.Bytes(), nil
}
