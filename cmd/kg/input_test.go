package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// queryColumn returns the rows of a one-column query on db as strings.
func queryColumn(t *testing.T, db, query string) []string {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestBuildInputFlags checks --date, --text-field, --id-field and
// --date-field, and a JSON array file.
func TestBuildInputFlags(t *testing.T) {
	dir := t.TempDir()
	feed := filepath.Join(dir, "feed.jsonl")
	os.WriteFile(feed, []byte(`{"story": "Germany accused Poland of delays.", "guid": "g1", "when": "2023-04-05T10:00:00Z"}`+"\n"), 0o644)
	array := filepath.Join(dir, "array.json")
	os.WriteFile(array, []byte("[\n {\"body\": \"France praised Spain for the deal.\", \"id\": \"a1\"}\n]\n"), 0o644)
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string // the document's uri|published
	}{
		{"date for stdin", "Italy thanked Greece for the rescue.", []string{"--date", "March 5, 2024", "-"}, "stdin|2024-03-05"},
		{"named JSON members", "", []string{"--text-field", "story", "--id-field", "guid", "--date-field", "when", feed}, feed + "#g1|2023-04-05"},
		{"JSON array with body", "", []string{"--date", "2020-01-02", array}, array + "#a1|2020-01-02"},
	}
	for _, tc := range tests {
		db := filepath.Join(t.TempDir(), "kg.db")
		code, _, stderr := kg(t, tc.stdin, append([]string{"build", "--db", db}, tc.args...)...)
		if code != 0 {
			t.Errorf("%s: kg build %v: exit %d, stderr %q", tc.name, tc.args, code, stderr)
			continue
		}
		got := queryColumn(t, db, `SELECT uri || '|' || published FROM documents`)
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: kg build %v stored %q, want [%q]", tc.name, tc.args, got, tc.want)
		}
	}
	code, _, stderr := kg(t, "x", "build", "--db", filepath.Join(dir, "x.db"), "--date", "someday", "-")
	if code != 2 || !strings.Contains(stderr, `--date "someday" is not a date: write it as YYYY-MM-DD`) {
		t.Errorf("kg build --date someday: exit %d, stderr %q; want 2 and the form to use", code, stderr)
	}
}

// TestBuildRefusals checks that inputs kg cannot read fail the build with
// a message that says how to fix them.
func TestBuildRefusals(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	pdfs := filepath.Join(dir, "pdfs")
	os.Mkdir(empty, 0o755)
	os.Mkdir(pdfs, 0o755)
	os.WriteFile(filepath.Join(pdfs, "report.pdf"), []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), 0o644)
	latin := filepath.Join(dir, "latin.txt")
	os.WriteFile(latin, []byte("Caf\xe9 owners in Paris met the mayor."), 0o644)
	big := filepath.Join(dir, "big.txt")
	os.WriteFile(big, []byte(strings.Repeat("Words here. ", 20)), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"empty folder", []string{empty}, "no .txt, .md, .html, .json or .jsonl files (the folder is empty)"},
		{"folder of PDFs", []string{pdfs}, "pdftotext FILE.pdf - | kg build -"},
		{"a PDF named", []string{filepath.Join(pdfs, "report.pdf")}, "a PDF, not text; convert it: pdftotext " + filepath.Join(pdfs, "report.pdf") + " - | kg build -"},
		{"Latin-1", []string{latin}, "iconv -f latin1 -t utf-8 " + latin + " | kg build -"},
		{"too large", []string{"--max-doc-bytes", "100", big}, "raise the limit with --max-doc-bytes"},
		{"URL", []string{"https://example.org/story.html"}, "curl -sL https://example.org/story.html | kg build -"},
	}
	for _, tc := range tests {
		db := filepath.Join(t.TempDir(), "kg.db")
		code, _, stderr := kg(t, "", append([]string{"build", "--db", db}, tc.args...)...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: kg build %v: exit %d, stderr %q; want non-zero and %q", tc.name, tc.args, code, stderr, tc.want)
		}
	}
}

// TestBuildHTMLBoilerplate checks, end to end, that the names in a news
// page's cookie banner, menu and footer do not become entities.
func TestBuildHTMLBoilerplate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kg.db")
	page := filepath.Join("..", "..", "extract", "input", "testdata", "boilerplate.html")
	if code, _, stderr := kg(t, "", "build", "--db", db, page); code != 0 {
		t.Fatalf("kg build %s: exit %d, stderr %q", page, code, stderr)
	}
	names := strings.Join(queryColumn(t, db, `SELECT name FROM entities UNION ALL SELECT alias FROM aliases`), "|")
	for _, want := range []string{"Hakan Fidan", "Dmytro Kuleba", "Ankara"} {
		if !strings.Contains(names, want) {
			t.Errorf("entities %q lack the article's %q", names, want)
		}
	}
	for _, junk := range []string{"Google", "Facebook", "Criteo", "Lois Lane", "Perry White", "Daily Planet", "Metropolis", "Cobblepot", "Luthor", "Twitter", "Instagram"} {
		if strings.Contains(names, junk) {
			t.Errorf("entities %q include the boilerplate's %q", names, junk)
		}
	}
}

func TestProgressLine(t *testing.T) {
	tests := []struct {
		p    progressLine
		want string
	}{
		{progressLine{docs: 10, words: 5000, read: 2_500_000, total: 10_000_000, elapsed: 10 * time.Second},
			"25% of 10.0 MB, 10 docs, 500 words/s, 30s left"},
		{progressLine{docs: 0, read: 10_000, total: 10_000_000, elapsed: time.Second}, "0% of 10.0 MB, 0 docs, 0 words/s"},
		{progressLine{docs: 3, words: 300, read: 1_200_000, elapsed: 3 * time.Second}, "1.2 MB read, 3 docs, 100 words/s"},
	}
	for _, tc := range tests {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%+v:\n got %q\nwant %q", tc.p, got, tc.want)
		}
	}
}

// TestProgressWithoutTerminal checks that a build logging to a file or a
// pipe prints a progress line every interval.
func TestProgressWithoutTerminal(t *testing.T) {
	var buf syncBuffer
	b := &builder{stderr: &buf, logEvery: 20 * time.Millisecond, readBytes: 500, totalBytes: 1000, docs: 4}
	stop := b.progress(time.Now().Add(-10 * time.Second))
	time.Sleep(110 * time.Millisecond)
	stop()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "kg: 50% of 0.0 MB, 4 docs") || strings.Contains(buf.String(), "\r") {
		t.Errorf("progress on a non-terminal wrote %q, want several lines like %q", buf.String(), "kg: 50% of 0.0 MB, 4 docs, …")
	}
}

// syncBuffer is a bytes.Buffer safe for the progress goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}
