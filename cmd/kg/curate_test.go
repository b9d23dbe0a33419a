package main

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// dbCount runs a one-number query on a database file.
func dbCount(t *testing.T, db, query string) int {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s on %s: %v", query, db, err)
	}
	return n
}

var summaryRE = regexp.MustCompile(`(\d+) documents added, (\d+) replaced, (\d+) skipped \(already present\), (\d+) failed; \S+ holds (\d+) documents, (\d+) entities \((\d+) new\), (\d+) edges \((\d+) new\)`)

// summary parses kg build's summary line into its nine numbers.
func summary(t *testing.T, stderr string) []int {
	t.Helper()
	m := summaryRE.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no summary line in %q", stderr)
	}
	out := make([]int, len(m)-1)
	for i := range out {
		out[i], _ = strconv.Atoi(m[i+1])
	}
	return out
}

// TestBuildSeedsAndStdin checks that the bundled sample goes only into a
// new or empty database or when asked for, and that piped input with no
// PATH is read.
func TestBuildSeedsAndStdin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		want     string // in stderr
		docsHeld int
	}{
		{"new database gets the sample", "", nil, 0, "1 documents added", 1},
		{"no PATH into a non-empty database", "", nil, 2, "--seeds", 1},
		{"--seeds when asked", "", []string{"--seeds"}, 0, "1 skipped", 1},
		{"piped input", "Anna Kowalska met Pedro Alvarez in Brazil on Monday.\n", nil, 0, "1 documents added", 2},
		{"empty stdin is no input", "", []string{"-q"}, 2, "already holds 2 documents", 2},
	}
	for _, tc := range tests {
		code, _, stderr := kg(t, tc.stdin, append([]string{"build", "--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: kg build %v with stdin %q: exit %d, stderr %q; want exit %d and %q", tc.name, tc.args, tc.stdin, code, stderr, tc.code, tc.want)
		}
		if code != 0 && strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%s: want a one-line error, got %q", tc.name, stderr)
		}
		if n := dbCount(t, db, `SELECT COUNT(*) FROM documents`); n != tc.docsHeld {
			t.Errorf("%s: database holds %d documents, want %d", tc.name, n, tc.docsHeld)
		}
	}
}

// TestBuildSummaryCounts checks every number of the summary against the
// database, through a first build, then a corrected article, a new one, an
// unchanged one and a broken one; and the weights after the correction.
func TestBuildSummaryCounts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kg.db")
	feed := filepath.Join(dir, "feed.jsonl")
	write := func(lines ...string) {
		t.Helper()
		if err := os.WriteFile(feed, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a1 := `{"id": "a", "text": "Anna Kowalska met Pedro Alvarez in Brazil on Monday. Anna Kowalska praised Pedro Alvarez."}`
	b1 := `{"id": "b", "text": "Grace Okafor visited Kenya on Tuesday. Anna Kowalska met Pedro Alvarez in Chile."}`
	a2 := `{"id": "a", "text": "Anna Kowalska met Pedro Alvarez in Brazil on Monday. Anna Kowalska praised Pedro Alvarez!"}`
	c1 := `{"id": "c", "text": "Ivan Petrov warned Lars Nilsen in Poland on Friday."}`
	bad := `{"id": "d", "title": "no text"}`

	// metWeight is the weight of Anna Kowalska -met-> Pedro Alvarez.
	metWeight := func() int {
		return dbCount(t, db, `SELECT COALESCE(SUM(weight), 0) FROM relations WHERE subject = 'Anna Kowalska' AND predicate = 'met' AND object = 'Pedro Alvarez'`)
	}
	ids := func(table string) map[int]bool {
		conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		rows, err := conn.Query(`SELECT id FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[int]bool{}
		for rows.Next() {
			var id int
			rows.Scan(&id)
			out[id] = true
		}
		return out
	}
	newIn := func(before, after map[int]bool) int {
		n := 0
		for id := range after {
			if !before[id] {
				n++
			}
		}
		return n
	}

	steps := []struct {
		name      string
		lines     []string
		code      int
		added     int
		replaced  int
		skipped   int
		failed    int
		metWeight int
	}{
		{"first build", []string{a1, b1}, 0, 2, 0, 0, 0, 2},
		{"a corrected, c new, b unchanged, d broken", []string{a2, b1, c1, bad}, 1, 1, 1, 1, 1, 2},
	}
	for _, st := range steps {
		write(st.lines...)
		var entBefore, edgeBefore map[int]bool
		if _, err := os.Stat(db); err == nil {
			entBefore, edgeBefore = ids("entities"), ids("edges")
		}
		code, _, stderr := kg(t, "", "build", "--db", db, feed)
		if code != st.code {
			t.Fatalf("%s: exit %d, want %d; stderr %q", st.name, code, st.code, stderr)
		}
		got := summary(t, stderr)
		ents, edges := ids("entities"), ids("edges")
		want := []int{st.added, st.replaced, st.skipped, st.failed,
			dbCount(t, db, `SELECT COUNT(*) FROM documents`),
			len(ents), newIn(entBefore, ents), len(edges), newIn(edgeBefore, edges)}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: summary %v, want %v (added replaced skipped failed; documents entities new edges new)\n%s", st.name, got, want, stderr)
		}
		if w := metWeight(); w != st.metWeight {
			t.Errorf("%s: weight of Anna Kowalska -met-> Pedro Alvarez = %d, want %d", st.name, w, st.metWeight)
		}
	}
	if n := dbCount(t, db, `SELECT COUNT(*) FROM documents WHERE key = 'a'`); n != 1 {
		t.Errorf("documents with id a: %d, want 1 (the correction replaces)", n)
	}

	// kg remove takes b away, and the edge only it supported.
	if code, _, stderr := kg(t, "", "remove", "--db", db, "b"); code != 0 {
		t.Fatalf("kg remove b: exit %d, stderr %q", code, stderr)
	}
	if w := metWeight(); w != 1 {
		t.Errorf("after kg remove b: met weight %d, want 1", w)
	}
	if n := dbCount(t, db, `SELECT COUNT(*) FROM entities WHERE name = 'Grace Okafor'`); n != 0 {
		t.Errorf("after kg remove b: Grace Okafor still stored (%d), want gone with its only document", n)
	}
	if code, _, stderr := kg(t, "", "remove", "--db", db, "b"); code == 0 || !strings.Contains(stderr, `"b"`) {
		t.Errorf("kg remove of a removed document: exit %d, stderr %q; want an error naming it", code, stderr)
	}
}

// TestCurationCommands corrects the sample graph by hand, then removes its
// only document and builds it again: the rules hold in the rebuild.
func TestCurationCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kg.db")
	if code, _, stderr := kg(t, "", "build", "-q", "--db", db); code != 0 {
		t.Fatalf("kg build: exit %d, stderr %q", code, stderr)
	}
	entity := func(name string) string {
		conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var typ string
		var n int
		err = conn.QueryRow(`SELECT e.type, COUNT(m.id) FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id WHERE e.name = ? GROUP BY e.id`, name).Scan(&typ, &n)
		if err == sql.ErrNoRows {
			return "absent"
		}
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%s %d", typ, n)
	}
	before := map[string]string{}
	for _, n := range []string{"White House", "Kremlin", "Russia", "JD Vance", "Oval Office", "Kyiv"} {
		before[n] = entity(n)
	}
	commands := [][]string{
		{"retype", "White House", "ORG"},
		{"merge", "Kremlin", "Russia"},
		{"rename", "Vance", "J. D. Vance"},
		{"ignore", "Oval Office"},
		{"split", "Kyiv", "--document", "seed:ukraine-talks.txt"},
	}
	for _, args := range commands {
		if code, _, stderr := kg(t, "", append([]string{args[0], "--db", db}, args[1:]...)...); code != 0 {
			t.Fatalf("kg %v: exit %d, stderr %q", args, code, stderr)
		}
	}
	mentions := func(s string) int { n, _ := strconv.Atoi(strings.Fields(s)[1]); return n }
	want := map[string]string{
		"White House":                   "ORG " + strings.Fields(before["White House"])[1],
		"Kremlin":                       "absent",
		"Russia":                        fmt.Sprintf("GPE %d", mentions(before["Russia"])+mentions(before["Kremlin"])),
		"J. D. Vance":                   before["JD Vance"],
		"JD Vance":                      "absent",
		"Oval Office":                   "absent",
		"Kyiv":                          "absent",
		"Kyiv (seed:ukraine-talks.txt)": before["Kyiv"],
	}
	check := func(when string) {
		t.Helper()
		for name, w := range want {
			if got := entity(name); got != w {
				t.Errorf("%s: %s is %q, want %q", when, name, got, w)
			}
		}
	}
	check("after the commands")

	code, out, stderr := kg(t, "", "curation", "--db", db)
	if code != 0 || strings.Count(out, "\n") != len(commands)+1 {
		t.Errorf("kg curation: exit %d, stderr %q, output\n%s\nwant a header and %d rules", code, stderr, out, len(commands))
	}
	for _, w := range []string{"retype", "White House", "merge", "Russia (GPE)", "J. D. Vance", "ignore", "split", "seed:ukraine-talks.txt"} {
		if !strings.Contains(out, w) {
			t.Errorf("kg curation: output lacks %q:\n%s", w, out)
		}
	}

	// From scratch: no documents, the rules alone, then the same article.
	if code, _, stderr := kg(t, "", "remove", "--db", db, "seed:ukraine-talks.txt"); code != 0 {
		t.Fatalf("kg remove: exit %d, stderr %q", code, stderr)
	}
	if n := dbCount(t, db, `SELECT COUNT(*) FROM entities`); n != 0 {
		t.Fatalf("after removing the only document, %d entities remain", n)
	}
	if code, _, stderr := kg(t, "", "build", "-q", "--db", db); code != 0 {
		t.Fatalf("rebuild: exit %d, stderr %q", code, stderr)
	}
	check("rebuilt with the rules in place")

	// Deleting a rule undoes it: the ignored name comes back.
	if code, _, stderr := kg(t, "", "curation", "--db", db, "--delete", "4"); code != 0 || !strings.Contains(stderr, "ignore Oval Office") {
		t.Fatalf("kg curation --delete 4: exit %d, stderr %q; want the ignore rule deleted", code, stderr)
	}
	if got := entity("Oval Office"); got != before["Oval Office"] || got == "absent" {
		t.Errorf("after deleting the ignore rule: Oval Office is %q, want %q", got, before["Oval Office"])
	}

	// Names resolve through aliases; unknown and ambiguous ones list candidates.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"merge", "Zelenskyy", "Zelenskyy"}, "already one entity"},
		{[]string{"retype", "Don", "ORG"}, "did you mean"},
		{[]string{"retype", "Nobody Atall", "ORG"}, "no entity is called"},
		{[]string{"retype", "Rubio", "PLANET"}, "unknown type"},
	} {
		code, _, stderr := kg(t, "", append([]string{tc.args[0], "--db", db}, tc.args[1:]...)...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("kg %v: exit %d, stderr %q; want an error with %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestDatabaseFileAlone checks that a build leaves the whole graph in the
// .db file: a copy of it alone reads the same; and that a database in a
// folder made read-only (chmod -R a-w) reads for a user who cannot write
// there, while a write says "permission denied".
func TestDatabaseFileAlone(t *testing.T) {
	bin := kgBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "kg.db")
	if err := os.MkdirAll(filepath.Dir(db), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "build", "-q", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("kg build: %v\n%s", err, out)
	}
	stats := func(db string, cred *syscall.Credential) (string, error) {
		cmd := exec.Command(bin, "stats", "--db", db)
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	// The copy first, before any read of the original could leave -wal
	// and -shm files beside it.
	for _, suffix := range []string{"-wal", "-shm"} {
		if st, err := os.Stat(db + suffix); err == nil && st.Size() > 0 {
			t.Errorf("after kg build, %s%s holds %d bytes; want none", db, suffix, st.Size())
		}
	}
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(dir, "copy.db")
	if err := os.WriteFile(cp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := stats(cp, nil)
	if err != nil || !strings.Contains(want, "documents") {
		t.Fatalf("kg stats on a copy of the .db alone: %v\n%s", err, want)
	}
	defer func() {
		if got, err := stats(db, nil); err != nil || got != want {
			t.Errorf("kg stats on the original: %v\n%s\nwant, as on the copy of the .db alone,\n%s", err, got, want)
		}
	}()

	if os.Getuid() != 0 {
		// Not root: the current user is the one who cannot write.
		if err := exec.Command("chmod", "-R", "a-w", filepath.Dir(db)).Run(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { exec.Command("chmod", "-R", "u+w", filepath.Dir(db)).Run() })
		if got, err := stats(db, nil); err != nil || got != want {
			t.Errorf("kg stats in a read-only folder: %v\n%s\nwant\n%s", err, got, want)
		}
		return
	}
	// Root writes anywhere: run kg as nobody, who can read the binary and
	// the database but write neither.
	nobody := &syscall.Credential{Uid: 65534, Gid: 65534}
	for _, p := range []string{filepath.Dir(bin), filepath.Dir(dir), dir} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := exec.Command("chmod", "-R", "a-w", filepath.Dir(db)).Run(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { exec.Command("chmod", "-R", "u+w", filepath.Dir(db)).Run() })
	if got, err := stats(db, nobody); err != nil || got != want {
		t.Errorf("kg stats as nobody on a read-only folder: %v\n%s\nwant\n%s", err, got, want)
	}
	cmd := exec.Command(bin, "build", "-q", "--db", db, "--seeds")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: nobody}
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "permission denied") || strings.Contains(string(out), "no such file") {
		t.Errorf("kg build as nobody into a read-only folder: %v, %q; want an error saying permission denied", err, out)
	}
}
