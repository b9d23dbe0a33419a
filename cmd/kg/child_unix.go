//go:build unix

package main

import (
	"os/exec"
	"syscall"
	"time"
)

// killTreeOnCancel makes cmd, started with exec.CommandContext, run in a
// process group of its own and, when the context is cancelled (kg got
// SIGINT or SIGTERM, or a timeout passed), kills the whole group: Graphviz
// may outlive a plain kill of its first process through the helpers it
// starts, and a layout left running holds a core for minutes. WaitDelay
// bounds the wait for the child's pipes once it is killed.
func killTreeOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = 2 * time.Second
}
