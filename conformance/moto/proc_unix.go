//go:build unix

package moto

import (
	"os/exec"
	"syscall"
)

// newProcessGroup makes the server the leader of its own process group, so
// that stopping it also stops what it started (the pyenv shim runs Python as
// a child).
func newProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// terminate asks the server's process group to stop.
func terminate(cmd *exec.Cmd) {
	syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
}

// kill stops the server's process group at once.
func kill(cmd *exec.Cmd) {
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
