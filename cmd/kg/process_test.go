package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// These tests run the real binary as a separate process, because what they
// check — a kill mid-write, two writers, Ctrl-C — happens between processes.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

func kgBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kgbin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "kg")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// corpus writes n small news articles built from general templates with
// names drawn from a fixed seed, one file each.
func corpus(t *testing.T, dir string, n int, seed uint64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	people := []string{"Anna Kowalska", "Pedro Alvarez", "Mei Lin", "Tom Becker", "Sara Haddad", "Ivan Petrov", "Grace Okafor", "Lars Nilsen"}
	places := []string{"Germany", "Brazil", "Japan", "Kenya", "Canada", "Poland", "Egypt", "Chile"}
	orgs := []string{"the World Bank", "NATO", "the European Union", "Reuters", "the IMF", "Siemens"}
	verbs := []string{"met", "criticized", "praised", "visited", "accused", "thanked", "warned"}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		var b strings.Builder
		for range 12 {
			p := people[r.IntN(len(people))]
			q := people[r.IntN(len(people))]
			switch r.IntN(3) {
			case 0:
				fmt.Fprintf(&b, "%s %s %s in %s on Monday. ", p, verbs[r.IntN(len(verbs))], q, places[r.IntN(len(places))])
			case 1:
				fmt.Fprintf(&b, "%s said %s would support %s. ", p, places[r.IntN(len(places))], orgs[r.IntN(len(orgs))])
			default:
				fmt.Fprintf(&b, "%s %s %s after talks in %s. ", places[r.IntN(len(places))], verbs[r.IntN(len(verbs))], places[r.IntN(len(places))], places[r.IntN(len(places))])
			}
		}
		fmt.Fprintf(&b, "Article %d of set %d.\n", i, seed)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%04d.txt", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot is the content of a database that must not depend on how the
// build was interrupted: per document, its mentions and evidence; and the
// edges with their weights.
func snapshot(t *testing.T, db string) string {
	t.Helper()
	var lines []string
	for _, q := range []string{
		`SELECT d.sha256 || ' ' || (SELECT count(*) FROM mentions m WHERE m.document_id = d.id) || ' ' || (SELECT count(*) FROM evidence e WHERE e.document_id = d.id) FROM documents d`,
		`SELECT subject || ' ' || predicate || ' ' || object || ' ' || weight FROM relations`,
	} {
		rows := queryStrings(t, db, q)
		sort.Strings(rows)
		lines = append(lines, rows...)
	}
	return strings.Join(lines, "\n")
}

func queryStrings(t *testing.T, db, q string) []string {
	t.Helper()
	out, err := exec.Command(kgBinary(t), "query", "--db", db, "--json", q).Output()
	if err != nil {
		t.Fatalf("kg query %s: %v", q, err)
	}
	var rows []string
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "\"") {
			rows = append(rows, l)
		}
	}
	return rows
}

func TestKillMidBuildAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes; skipped with -short")
	}
	bin := kgBinary(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	corpus(t, in, 60, 1)

	ref := filepath.Join(dir, "ref.db")
	if out, err := exec.Command(bin, "build", "-q", "--db", ref, in).CombinedOutput(); err != nil {
		t.Fatalf("reference build: %v\n%s", err, out)
	}
	want := snapshot(t, ref)

	db := filepath.Join(dir, "killed.db")
	r := rand.New(rand.NewPCG(42, 42))
	for round := 0; round < 6; round++ {
		cmd := exec.Command(bin, "build", "-q", "--db", db, in)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(100+r.IntN(900)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if got := queryStrings(t, db, "PRAGMA integrity_check"); len(got) != 1 || !strings.Contains(got[0], "ok") {
			t.Fatalf("round %d: integrity_check = %v", round, got)
		}
		// Every stored document is whole: its rows match the reference's.
		wantLines := map[string]bool{}
		for _, l := range strings.Split(want, "\n") {
			wantLines[l] = true
		}
		for _, l := range queryStrings(t, db, `SELECT d.sha256 || ' ' || (SELECT count(*) FROM mentions m WHERE m.document_id = d.id) || ' ' || (SELECT count(*) FROM evidence e WHERE e.document_id = d.id) FROM documents d`) {
			if !wantLines[l] {
				t.Fatalf("round %d: partial document %s", round, l)
			}
		}
	}
	if out, err := exec.Command(bin, "build", "-q", "--db", db, in).CombinedOutput(); err != nil {
		t.Fatalf("final build: %v\n%s", err, out)
	}
	if got := snapshot(t, db); got != want {
		t.Errorf("content after kills and a rerun differs from an uninterrupted build")
	}
}

func TestConcurrentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two processes; skipped with -short")
	}
	bin := kgBinary(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	corpus(t, a, 25, 2)
	corpus(t, b, 25, 3)
	db := filepath.Join(dir, "kg.db")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	outs := make([][]byte, 2)
	for i, in := range []string{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = exec.Command(bin, "build", "--db", db, in).CombinedOutput()
		}()
	}
	wg.Wait()
	for i := range errs {
		if errs[i] != nil {
			t.Errorf("build %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	if n := countRows(t, db, "SELECT count(*) FROM documents"); n != 50 {
		t.Errorf("documents = %d, want 50", n)
	}
}

func TestInterruptRollsBackOrFinishes(t *testing.T) {
	if testing.Short() {
		t.Skip("signals a process; skipped with -short")
	}
	bin := kgBinary(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	corpus(t, in, 200, 4)
	db := filepath.Join(dir, "kg.db")
	cmd := exec.Command(bin, "build", "--db", db, in)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	if err == nil {
		t.Skip("the build finished before the interrupt arrived")
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit code %d, want 130; stderr %q", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr %q does not say it was interrupted", stderr.String())
	}
	if got := queryStrings(t, db, "PRAGMA integrity_check"); len(got) != 1 || !strings.Contains(got[0], "ok") {
		t.Errorf("integrity_check = %v", got)
	}
}
