package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"kg/export"
)

// exports writes the database in every export format and returns the
// output of each, by format name (csv: its two files).
func exports(t *testing.T, db string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range export.Formats() {
		if f.Name == "csv" {
			dir := t.TempDir()
			if code, _, stderr := kg(t, "", "export", "--db", db, "--format", "csv", "-o", dir); code != 0 {
				t.Fatalf("kg export --format csv: exit %d: %s", code, stderr)
			}
			for _, name := range []string{"nodes.csv", "edges.csv"} {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				out["csv/"+name] = string(b)
			}
			continue
		}
		code, stdout, stderr := kg(t, "", "export", "--db", db, "--format", f.Name)
		if code != 0 {
			t.Fatalf("kg export --format %s: exit %d: %s", f.Name, code, stderr)
		}
		out[f.Name] = stdout
	}
	return out
}

// extractCorpus writes the bundled seeds' companion corpus: n generated
// articles, and one JSON Lines file of three articles with ids and dates.
func extractCorpus(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	corpus(t, filepath.Join(dir, "gen"), n, 11)
	jsonl := `{"id":"w1","published":"2025-04-01","title":"Talks","text":"Anna Kowalska met Pedro Alvarez in Berlin on Monday. Kowalska praised Germany."}
{"id":"w2","published":"2025-04-02","text":"The World Bank warned Egypt. Pedro Alvarez criticized the World Bank in Cairo."}
{"id":"w3","text":"Mei Lin visited Japan. Lin thanked Tom Becker."}
`
	if err := os.WriteFile(filepath.Join(dir, "wire.jsonl"), []byte(jsonl), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestExtractThenLoadIsBuild checks that kg build is kg extract followed by
// kg load: the two databases give the same bytes in every export format.
func TestExtractThenLoadIsBuild(t *testing.T) {
	dir := extractCorpus(t, 12)
	work := t.TempDir()
	built := filepath.Join(work, "built.db")
	if code, _, stderr := kg(t, "", "build", "--db", built, "--seeds", "--date", "2025-03-01", "-q", dir); code != 0 {
		t.Fatalf("kg build: exit %d: %s", code, stderr)
	}
	results := filepath.Join(work, "results.jsonl")
	code, _, stderr := kg(t, "", "extract", "--seeds", "--date", "2025-03-01", "-o", results, dir)
	if code != 0 {
		t.Fatalf("kg extract: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "16 documents extracted, 0 failed") {
		t.Errorf("kg extract summary = %q, want 16 documents extracted (1 seed, 12 files, 3 JSON lines)", stderr)
	}
	loaded := filepath.Join(work, "loaded.db")
	if code, _, stderr := kg(t, "", "load", "--db", loaded, results); code != 0 {
		t.Fatalf("kg load: exit %d: %s", code, stderr)
	}
	want, got := exports(t, built), exports(t, loaded)
	for name, w := range want {
		if got[name] != w {
			t.Errorf("export %s: extract+load differs from build (%d bytes, want %d)", name, len(got[name]), len(w))
		}
		if len(w) < 100 {
			t.Errorf("export %s of the build is only %q: the corpus gave no graph", name, w)
		}
	}
	// The dates and JSON ids went through the line format.
	if got, want := strings.Join(queryColumn(t, loaded, `SELECT coalesce(key,'') || ' ' || coalesce(published,'') FROM documents WHERE key LIKE 'w%' ORDER BY key`), ";"),
		"w1 2025-04-01;w2 2025-04-02;w3 2025-03-01"; got != want {
		t.Errorf("keys and dates after load = %q, want %q", got, want)
	}

	// A second load skips everything and changes nothing.
	code, _, stderr = kg(t, "", "load", "--db", loaded, results)
	if code != 0 || !strings.Contains(stderr, "0 documents added, 0 replaced, 16 skipped") {
		t.Errorf("second load: exit %d, stderr %q", code, stderr)
	}
}

// TestExtractDeterministic checks that kg extract gives the same bytes
// whatever the number of workers.
func TestExtractDeterministic(t *testing.T) {
	dir := extractCorpus(t, 6)
	var outs []string
	for _, workers := range []string{"1", "3"} {
		code, stdout, stderr := kg(t, "", "extract", "-q", "--workers", workers, dir)
		if code != 0 {
			t.Fatalf("kg extract --workers %s: exit %d: %s", workers, code, stderr)
		}
		outs = append(outs, stdout)
	}
	if outs[0] != outs[1] {
		t.Errorf("kg extract --workers 1 and 3 differ:\n%.300s\n%.300s", outs[0], outs[1])
	}
	if n := strings.Count(outs[0], "\n"); n != 9 {
		t.Errorf("kg extract wrote %d lines, want 9", n)
	}
}

// graphContent is what a database holds that does not depend on the order
// documents were loaded in: everything but the numeric ids of entities and
// edges, which are counters.
func graphContent(t *testing.T, db string) string {
	t.Helper()
	var lines []string
	for _, q := range []string{
		`SELECT 'entity ' || name || ' ' || type FROM entities`,
		`SELECT 'alias ' || e.name || ' ' || a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id`,
		`SELECT 'mention ' || d.sha256 || ' ' || m.start || ' ' || m."end" || ' ' || e.name FROM mentions m JOIN documents d ON d.id = m.document_id JOIN entities e ON e.id = m.entity_id`,
		`SELECT 'edge ' || subject || ' ' || predicate || ' ' || object || ' ' || weight FROM relations`,
		`SELECT 'document ' || sha256 || ' ' || coalesce(key, '') || ' ' || coalesce(published, '') FROM documents`,
	} {
		rows := queryColumn(t, db, q)
		if len(rows) == 0 {
			t.Fatalf("%s: no rows from %s", db, q)
		}
		sort.Strings(rows)
		lines = append(lines, rows...)
	}
	return strings.Join(lines, "\n")
}

// TestLoadShardsInAnyOrder loads the results of one corpus split into
// shards, in different orders and line orders, and gets the same graph.
// Entity and edge ids are counters and follow the load order, so the
// graphs are compared by everything else: names, types, aliases, mentions,
// edges with their weights, documents.
func TestLoadShardsInAnyOrder(t *testing.T) {
	dir := extractCorpus(t, 12)
	code, results, stderr := kg(t, "", "extract", "--seeds", "-q", dir)
	if code != 0 {
		t.Fatalf("kg extract: exit %d: %s", code, stderr)
	}
	lines := strings.SplitAfter(results, "\n")
	lines = lines[:len(lines)-1] // after the last newline
	work := t.TempDir()
	shard := func(name string, ls []string) string {
		p := filepath.Join(work, name)
		if err := os.WriteFile(p, []byte(strings.Join(ls, "")), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Three shards by position modulo 3, as a hash partition would deal them.
	var parts [3][]string
	for i, l := range lines {
		parts[i%3] = append(parts[i%3], l)
	}
	s0, s1, s2 := shard("s0.jsonl", parts[0]), shard("s1.jsonl", parts[1]), shard("s2.jsonl", parts[2])
	reversed := make([]string, len(lines))
	for i, l := range lines {
		reversed[len(lines)-1-i] = l
	}
	rev := shard("reversed.jsonl", reversed)
	all := shard("all.jsonl", lines)

	var want string
	for i, order := range [][]string{{all}, {s0, s1, s2}, {s2, s0, s1}, {s1, s2, s0}, {rev}} {
		db := filepath.Join(work, fmt.Sprintf("g%d.db", i))
		code, _, stderr := kg(t, "", append([]string{"load", "-q", "--db", db}, order...)...)
		if code != 0 {
			t.Fatalf("kg load %v: exit %d: %s", order, code, stderr)
		}
		got := graphContent(t, db)
		if i == 0 {
			want = got
			continue
		}
		if got != want {
			t.Errorf("kg load %v gives another graph than the corpus in order:\n%s", baseNames(order), diffLines(want, got))
		}
	}
}

func baseNames(paths []string) []string {
	var out []string
	for _, p := range paths {
		out = append(out, filepath.Base(p))
	}
	return out
}

// diffLines lists the lines only one of two texts has, up to 20.
func diffLines(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b bytes.Buffer
	n := 0
	for l := range w {
		if !g[l] && n < 20 {
			fmt.Fprintf(&b, "- %s\n", l)
			n++
		}
	}
	for l := range g {
		if !w[l] && n < 20 {
			fmt.Fprintf(&b, "+ %s\n", l)
			n++
		}
	}
	return b.String()
}

// TestLoadRefusals checks that bad result files give a one-line error that
// names the input and the fix.
func TestLoadRefusals(t *testing.T) {
	dir := t.TempDir()
	code, good, stderr := kg(t, "", "extract", "-q", "--seeds")
	if code != 0 {
		t.Fatalf("kg extract --seeds: exit %d: %s", code, stderr)
	}
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name, content string
		code          int
		want          string
	}{
		{"articles.jsonl", `{"text":"Anna Kowalska met Pedro Alvarez."}` + "\n", 1, `no "format" member (make it with kg extract)`},
		{"future.jsonl", strings.Replace(good, `"kg-extract/1"`, `"kg-extract/9"`, 1), 1, `format "kg-extract/9" is not "kg-extract/1"`},
		{"edited.jsonl", strings.Replace(good, "Rubio", "Rubia", 1), 1, "is not the SHA-256 of its text"},
		{"broken.jsonl", good[:len(good)/2] + "\n", 1, "broken.jsonl:1: not a kg extract line"},
	} {
		db := filepath.Join(dir, tc.name+".db")
		code, _, stderr := kg(t, "", "load", "--db", db, write(tc.name, tc.content))
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("kg load %s: exit %d, stderr %q; want exit %d and %q", tc.name, code, stderr, tc.code, tc.want)
		}
	}
	if code, _, stderr := kg(t, "", "load", "--db", filepath.Join(dir, "x.db"), filepath.Join(dir, "missing.jsonl")); code != 2 || !strings.Contains(stderr, "missing.jsonl") {
		t.Errorf("kg load of a missing file: exit %d, stderr %q; want exit 2 naming it", code, stderr)
	}
	if code, _, stderr := kg(t, "", "load", "--db", filepath.Join(dir, "x.db")); code != 2 || !strings.Contains(stderr, "no results to load") {
		t.Errorf("kg load without files: exit %d, stderr %q; want exit 2", code, stderr)
	}
}
