//go:build !unix

package moto

import "os/exec"

// newProcessGroup does nothing where there are no process groups.
func newProcessGroup(cmd *exec.Cmd) {}

// terminate stops the server's process.
func terminate(cmd *exec.Cmd) { cmd.Process.Kill() }

// kill stops the server's process.
func kill(cmd *exec.Cmd) { cmd.Process.Kill() }
