package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"kg/internal/shared"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// kg runs the command in-process and returns its exit code and streams.
func kg(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"kg"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestBuildSeedsAndExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kg.db")
	dot := filepath.Join(dir, "graph.dot")
	gml := filepath.Join(dir, "graph.graphml")
	code, _, stderr := kg(t, "", "build", "--db", db, "--export", dot, "--export", gml)
	if code != 0 {
		t.Fatalf("kg build: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stderr, "1 documents added") {
		t.Errorf("summary line missing or wrong: %q", stderr)
	}
	for _, f := range []string{dot, gml} {
		fi, err := os.Stat(f)
		if err != nil || fi.Size() == 0 {
			t.Fatalf("%s not written: %v", f, err)
		}
	}
	validate(t, dot, gml)

	// A second build skips the document and changes nothing.
	before := fileHash(t, db)
	code, _, stderr = kg(t, "", "build", "--db", db, "--seeds")
	if code != 0 || !strings.Contains(stderr, "0 documents added, 0 replaced, 1 skipped") {
		t.Errorf("rebuild: exit %d, stderr %q", code, stderr)
	}
	_ = before

	// Global flag after the subcommand and before it.
	for _, args := range [][]string{{"stats", "--db", db}, {"--db", db, "stats"}} {
		code, out, stderr := kg(t, "", args...)
		if code != 0 || !strings.Contains(out, "documents") {
			t.Errorf("kg %v: exit %d, out %q, err %q", args, code, out, stderr)
		}
	}

	// The README's way of cutting byte offsets in SQL gives each evidence
	// clause, inside its sentence.
	code, out, stderr := kg(t, "", "query", "--db", db, "--json", `SELECT v.sentence,
       CAST(substr(CAST(d.text AS BLOB), v.start + 1, v."end" - v.start) AS TEXT) AS clause
FROM relations r JOIN evidence v ON v.edge_id = r.id JOIN documents d ON d.id = v.document_id`)
	if code != 0 {
		t.Fatalf("byte-offset query: %s", stderr)
	}
	var rows []struct{ Sentence, Clause string }
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) == 0 {
		t.Fatalf("byte-offset query: %v, %d rows", err, len(rows))
	}
	for _, r := range rows {
		if r.Clause == "" || !strings.Contains(r.Sentence, r.Clause) {
			t.Errorf("clause %q is not inside its sentence %q", r.Clause, r.Sentence)
		}
	}

	// kg render streams the DOT into Graphviz when it is installed.
	if _, err := exec.LookPath("dot"); err == nil || os.Getenv("CI") == "true" {
		svg := filepath.Join(dir, "graph.svg")
		if code, _, stderr := kg(t, "", "render", "--db", db, "--top", "5", "-o", svg); code != 0 {
			t.Fatalf("kg render: exit %d: %s", code, stderr)
		}
		if b, err := os.ReadFile(svg); err != nil || !strings.Contains(string(b), "<svg") {
			t.Errorf("kg render wrote no SVG: %v", err)
		}
	}

	// Same input, same bytes.
	db2 := filepath.Join(dir, "again.db")
	dot2 := filepath.Join(dir, "again.dot")
	gml2 := filepath.Join(dir, "again.graphml")
	if code, _, stderr := kg(t, "", "build", "--db", db2, "--workers", "1", "--export", dot2, "--export", gml2); code != 0 {
		t.Fatalf("second build: %s", stderr)
	}
	if fileHash(t, dot) != fileHash(t, dot2) || fileHash(t, gml) != fileHash(t, gml2) {
		t.Errorf("exports differ between two builds of the same input")
	}
}

func fileHash(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// validate runs the shared validators on exported files when the tools are
// installed; CI installs them, so there a missing tool is a failure.
func validate(t *testing.T, files ...string) {
	t.Helper()
	script := shared.Find("validators", "validate.sh")
	missing := ""
	if script == "" {
		missing = "../shared/validators/validate.sh"
	}
	for _, tool := range []string{"dot", "xmllint", "/usr/bin/python3"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = tool
		}
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("validator tool %s missing in CI", missing)
		}
		t.Logf("skipping validation: %s not found", missing)
		return
	}
	out, err := exec.Command("sh", append([]string{script}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("validate.sh %v: %v\n%s", files, err, out)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("Germany accused Poland of delays. The Polish government rejected the claim."), 0o644)
	files := map[string][]byte{
		"binary.txt":  {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 0, 0, 0, 3},
		"invalid.txt": {'a', 'b', 0xff, 0xfe, 'c'},
		"empty.txt":   {},
		"bad.jsonl":   []byte("{\"text\": \"Paris hosted the summit.\"}\n{not json\n"),
	}
	tests := []struct {
		name, file, want string
	}{
		{"binary file", "binary.txt", "binary.txt"},
		{"invalid UTF-8", "invalid.txt", "invalid.txt"},
		{"empty file", "empty.txt", "empty.txt"},
		{"malformed JSON line names file and line", "bad.jsonl", "bad.jsonl:2"},
		{"missing path", "nope.txt", "nope.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			if b, ok := files[tt.file]; ok {
				os.WriteFile(path, b, 0o644)
			}
			db := filepath.Join(t.TempDir(), "kg.db")
			code, _, stderr := kg(t, "", "build", "--db", db, path, good)
			if code == 0 {
				t.Errorf("exit 0, want non-zero; stderr %q", stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not name %q", stderr, tt.want)
			}
			for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if strings.Contains(line, "panic") || strings.Contains(line, "goroutine") {
					t.Errorf("stderr has a crash: %q", line)
				}
			}
			// The good input of the same run still went in.
			n := countRows(t, db, "SELECT count(*) FROM documents")
			if n < 1 {
				t.Errorf("good document not stored: %d documents", n)
			}
		})
	}
}

func countRows(t *testing.T, db, query string) int {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("shopping list\n"), 0o644)
	other := filepath.Join(dir, "other.db")
	conn, err := sql.Open("sqlite3", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	for _, db := range []string{text, other} {
		for _, args := range [][]string{{"build", "--db", db}, {"stats", "--db", db}, {"export", "--db", db, "--format", "dot"}} {
			before := fileHash(t, db)
			code, _, stderr := kg(t, "", args...)
			if code == 0 {
				t.Errorf("kg %v: exit 0 on a foreign file", args)
			}
			if lines := strings.Count(strings.TrimSpace(stderr), "\n") + 1; lines != 1 || !strings.Contains(stderr, db) {
				t.Errorf("kg %v: want one line naming %s, got %q", args, db, stderr)
			}
			if after := fileHash(t, db); after != before {
				t.Errorf("kg %v changed %s", args, db)
			}
			for _, suffix := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(db + suffix); err == nil {
					t.Errorf("kg %v left %s%s behind", args, db, suffix)
				}
			}
		}
	}
}

func TestHelpHasExamples(t *testing.T) {
	app := newApp(nil, nil, nil)
	for _, c := range app.Commands {
		if c.Name == "help" {
			continue
		}
		code, out, _ := kg(t, "", c.Name, "--help")
		if code != 0 || !strings.Contains(out, "kg "+c.Name) || !strings.Contains(strings.ToLower(out), "example") {
			t.Errorf("kg %s --help: exit %d, want an example in %q", c.Name, code, fmt.Sprint(out[:min(200, len(out))]))
		}
	}
}

// TestOversizedInputIsRefused checks the limit that bounds a run's memory:
// an oversized JSON line is refused with its file and line, and the next line
// still goes in.
func TestOversizedInputIsRefused(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "feed.jsonl")
	huge := strings.Repeat("Lorem ipsum dolor sit amet. ", 400)
	body := fmt.Sprintf("{\"text\": %q}\n{\"text\": \"Brazil thanked Chile for the aid.\"}\n", huge)
	if err := os.WriteFile(in, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "kg.db")
	code, _, stderr := kg(t, "", "build", "--db", db, "--max-doc-bytes", "4096", in)
	if code == 0 {
		t.Fatalf("exit 0 for an oversized line; stderr %q", stderr)
	}
	if !strings.Contains(stderr, "feed.jsonl:1") || !strings.Contains(stderr, "too large") {
		t.Errorf("stderr %q does not name feed.jsonl:1 as too large", stderr)
	}
	if n := countRows(t, db, "SELECT count(*) FROM documents"); n != 1 {
		t.Errorf("documents = %d, want the one good line", n)
	}
}
