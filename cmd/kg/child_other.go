//go:build !unix

package main

import (
	"os/exec"
	"time"
)

// killTreeOnCancel leaves exec.CommandContext's kill of the child on
// cancellation; WaitDelay bounds the wait for its pipes.
func killTreeOnCancel(cmd *exec.Cmd) {
	cmd.WaitDelay = 2 * time.Second
}
