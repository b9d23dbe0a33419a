package main

import (
	"strings"
	"testing"
)

func TestInterspersed(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"flags after the name", "kg neighbors Rubio --depth 2 --json", "kg neighbors --depth 2 --json Rubio"},
		{"flags already first", "kg neighbors --json Rubio", "kg neighbors --json Rubio"},
		{"flag=value is one token", "kg path A --type=PERSON B", "kg path --type=PERSON A B"},
		{"value that looks like a flag", "kg query --param x=-1 SQL", "kg query --param x=-1 SQL"},
		{"global flag before the command", "kg --db x.db search peace --limit 5", "kg --db x.db search --limit 5 peace"},
		{"stdin stays positional", "kg build - --db x.db", "kg build --db x.db -"},
		{"double dash keeps what follows", "kg search --json -- --weird --json", "kg search --json -- --weird --json"},
		{"negative number is positional", "kg query -1 --json", "kg query --json -- -1"},
		{"build path then --export", "kg build --db x.db news.jsonl --export x.csv", "kg build --db x.db --export x.csv news.jsonl"},
		{"subcommand", "kg eval ner --data d", "kg eval ner --data d"},
		{"help", "kg help neighbors", "kg help neighbors"},
		{"no command", "kg --version", "kg --version"},
	}
	app := newApp(nil, nil, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := interspersed(app, strings.Fields(tt.in))
			if err != nil {
				t.Fatalf("interspersed(%q): %v", tt.in, err)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("interspersed(%q) = %q, want %q", tt.in, strings.Join(got, " "), tt.want)
			}
		})
	}
}

func TestFlagsAnywhereRun(t *testing.T) {
	db := t.TempDir() + "/kg.db"
	if code, _, stderr := kg(t, "", "build", "--db", db); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	for _, args := range [][]string{
		{"neighbors", "Rubio", "--json", "--db", db},
		{"path", "Marco Rubio", "Kremlin", "--json", "--db", db},
		{"query", "SELECT 1 AS one", "--json", "--db", db},
		{"relations", "--db", db, "--predicate", "MET,accused", "--json"},
	} {
		code, out, stderr := kg(t, "", args...)
		if code != 0 || !strings.HasPrefix(out, "[") {
			t.Errorf("kg %q: exit %d, stdout %.80q, stderr %q; want a JSON array", args, code, out, stderr)
		}
	}
}

func TestCommandLineRefusals(t *testing.T) {
	db := t.TempDir() + "/kg.db"
	if code, _, stderr := kg(t, "", "build", "--db", db); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"biuld"}, "did you mean 'kg build'"},
		{[]string{"relatoins", "--db", db}, "did you mean 'kg relations'"},
		{[]string{"frobnicate"}, "not a kg command"},
		{[]string{"query", "SELECT 1; SELECT 2", "--db", db}, "one SQL statement, got 2"},
		{[]string{"entities", "--type", "PEOPLE", "--db", db}, "valid types are GPE, LOC, NORP, ORG, PERSON"},
		{[]string{"relations", "--class", "hugs", "--db", db}, `unknown class "HUGS"`},
		{[]string{"export", "-f", "json", "--type", "PEOPLE", "--db", db}, "valid types are"},
		{[]string{"relations", "--json", "--csv", "--db", db}, "exclude each other"},
	}
	for _, tt := range tests {
		code, _, stderr := kg(t, "", tt.args...)
		if code == 0 || !strings.Contains(stderr, tt.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("kg %q: exit %d, stderr %q; want one line with %q", tt.args, code, stderr, tt.want)
		}
	}
	if code, out, _ := kg(t, "", "--version"); code != 0 || !strings.HasPrefix(out, "kg version ") {
		t.Errorf("kg --version: exit %d, %q", code, out)
	}
}

func TestStatements(t *testing.T) {
	tests := []struct {
		sql  string
		want int
	}{
		{"SELECT 1", 1},
		{"SELECT 1;", 1},
		{"SELECT 1; SELECT 2", 2},
		{"SELECT ';' AS semi", 1},
		{`SELECT "a;b" FROM t`, 1},
		{"SELECT 1 -- a; comment\n", 1},
		{"SELECT 1 /* ; */ ;  ", 1},
		{"  ;  ", 0},
		{"SELECT 'it''s'; SELECT 2;", 2},
	}
	for _, tt := range tests {
		if got := statements(tt.sql); got != tt.want {
			t.Errorf("statements(%q) = %d, want %d", tt.sql, got, tt.want)
		}
	}
}

func TestTablesPrintFullText(t *testing.T) {
	long := strings.Repeat("word ", 40)
	if got := cell(long, 0); got != strings.TrimSpace(long) {
		t.Errorf("cell(%d chars, 0) cut the text to %d", len(long), len(got))
	}
	if got := cell(long, 10); got != "word word…" {
		t.Errorf("cell(long, 10) = %q, want %q", got, "word word…")
	}
	if got := cell("a\nb\tc", 0); got != "a b c" {
		t.Errorf("cell(%q) = %q, want %q", "a\nb\tc", got, "a b c")
	}
}
