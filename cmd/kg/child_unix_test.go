//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRenderKillsGraphvizOnCancel runs kg render with a stand-in for dot
// that starts a long child of its own, cancels the context (what SIGINT
// and SIGTERM do in main), and checks that render returns at once and
// that neither the stand-in nor its child is left running.
func TestRenderKillsGraphvizOnCancel(t *testing.T) {
	bin := t.TempDir()
	pids := filepath.Join(bin, "pids")
	script := "#!/bin/sh\nsleep 300 &\necho $$ $! > " + pids + ".tmp\nmv " + pids + ".tmp " + pids + "\nwait\n"
	if err := os.WriteFile(filepath.Join(bin, "dot"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	db := chainDB(t, 4, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() {
		done <- run(ctx, []string{"kg", "render", "--db", db, "-o", filepath.Join(t.TempDir(), "g.svg")},
			strings.NewReader(""), &bytes.Buffer{}, &stderr)
	}()
	var procs []int
	for deadline := time.Now().Add(10 * time.Second); len(procs) == 0; {
		if data, err := os.ReadFile(pids); err == nil {
			for _, f := range strings.Fields(string(data)) {
				pid, _ := strconv.Atoi(f)
				procs = append(procs, pid)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the stand-in dot did not start; stderr: %s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-done:
		if code == 0 {
			t.Errorf("render exited 0 after cancellation")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("render did not return within 10 s of cancellation")
	}
	for _, pid := range procs {
		for deadline := time.Now().Add(5 * time.Second); alive(pid); {
			if time.Now().After(deadline) {
				syscall.Kill(pid, syscall.SIGKILL)
				t.Errorf("process %d of the stand-in dot is still running after render returned", pid)
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// alive reports whether pid runs; a zombie (killed, not yet reaped by
// init) does not.
func alive(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return syscall.Kill(pid, 0) == nil
	}
	// The state follows the parenthesised command name.
	s := string(data)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}
