package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"kg/beam/corpus"
)

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

func TestRun(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"a.txt":   "Anna Kowalska met Pedro Alvarez in Warsaw on Monday.\n",
		"b.jsonl": `{"id":"1","text":"Kowalska praised Poland."}` + "\n" + `{"id":"2","text":"Pedro Alvarez visited Chile."}` + "\n",
	} {
		if err := os.WriteFile(filepath.Join(in, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(context.Background(), corpus.Options{Inputs: []string{filepath.Join(in, "*")}, Output: out, Chunk: 1}); err != nil {
		t.Fatalf("run: %v", err)
	}
	got, _ := filepath.Glob(filepath.Join(out, "*.jsonl"))
	for i := range got {
		got[i] = filepath.Base(got[i])
	}
	want := "entities.jsonl part-000000-000000.jsonl part-000001-000000.jsonl part-000001-000001.jsonl"
	if strings.Join(got, " ") != want {
		t.Errorf("output files = %q, want %q", got, want)
	}

	for _, tc := range []struct {
		name string
		o    corpus.Options
		want string
	}{
		{"no input", corpus.Options{Output: out}, "give --input PATTERN and --output FOLDER"},
		{"no output", corpus.Options{Inputs: []string{filepath.Join(in, "*")}}, "give --input PATTERN and --output FOLDER"},
		{"bad date", corpus.Options{Inputs: []string{filepath.Join(in, "*")}, Output: out, Date: "someday"}, `--date "someday" is not a date`},
		{"nothing matched", corpus.Options{Inputs: []string{filepath.Join(in, "*.md")}, Output: out}, "*.md matches no file"},
	} {
		err := run(context.Background(), tc.o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: run(%+v) = %v, want an error with %q", tc.name, tc.o, err, tc.want)
		}
	}
}
