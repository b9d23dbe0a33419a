// Package shared locates the ../shared folder that sits beside the
// repository — the training and evaluation corpora and the export validators —
// for tests and benchmarks.
//
// Users do not have it, so a test that needs it is skipped with a message
// naming what is missing; CI always has it, so there (CI=true) a missing
// folder fails the test instead of letting it pass unrun.
package shared

import (
	"os"
	"path/filepath"
	"testing"
)

// RepoRoot returns the directory holding go.mod above the working directory.
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// Path returns ../shared/elem... relative to the repository root. When it
// does not exist the test is skipped, or failed under CI.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	p := filepath.Join(append([]string{RepoRoot(tb), "..", "shared"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is missing in CI: %v", p, err)
		}
		tb.Skipf("%s not found (it sits beside the repository in CI): %v", p, err)
	}
	return p
}

// Find is Path without skipping: it returns "" when the path is absent, for
// benchmarks that fall back to built-in input.
func Find(elem ...string) string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}
