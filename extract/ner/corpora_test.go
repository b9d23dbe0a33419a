package ner

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestIOBRaw(t *testing.T) {
	tests := []struct {
		in   string
		want []Span
	}{
		// IOB1 (CoNLL 2003, Wikigold): B- only between two names of one type.
		{"I-ORG I-ORG O I-PER", []Span{{0, 2, "ORG"}, {3, 4, "PER"}}},
		{"I-LOC B-LOC I-LOC", []Span{{0, 1, "LOC"}, {1, 3, "LOC"}}},
		// IOB2 with CrossNER's own types.
		{"B-politician I-politician B-country", []Span{{0, 2, "politician"}, {2, 3, "country"}}},
		{"O O", nil},
	}
	for _, tt := range tests {
		if got := iobRaw(strings.Fields(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("iobRaw(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestReadCoNLL(t *testing.T) {
	in := "-DOCSTART- O\n\nBarack\tB-politician\nObama\tI-politician\nwon\tO\nthe\tO\n" +
		"2008\tB-election\nelection\tI-election\nin\tO\nIllinois\tB-location\n\n" +
		"-DOCSTART- O\n\nThe I-ORG\nLabour I-ORG\nParty I-ORG\n. O\n"
	path := filepath.Join(t.TempDir(), "x.txt")
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := readCoNLL(path, crossNERTypes)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || len(docs[0]) != 1 || len(docs[1]) != 1 {
		t.Fatalf("readCoNLL: got %d documents, want 2 of one sentence each", len(docs))
	}
	ex := docs[0][0]
	if want := []Span{{0, 2, "PERSON"}, {7, 8, typePlace}}; !reflect.DeepEqual(ex.spans, want) {
		t.Errorf("spans = %v, want %v", ex.spans, want)
	}
	if want := []Span{{4, 6, "election"}}; !reflect.DeepEqual(ex.skip, want) {
		t.Errorf("skip = %v, want %v", ex.skip, want)
	}
	// "ORG" is not a CrossNER type: the whole name is skipped, not learnt.
	if len(docs[1][0].spans) != 0 || len(docs[1][0].skip) != 1 {
		t.Errorf("second document: spans %v, skip %v; want none and one", docs[1][0].spans, docs[1][0].skip)
	}

	bad := filepath.Join(t.TempDir(), "bad.txt")
	os.WriteFile(bad, []byte("one two three\n"), 0o644)
	if _, err := readCoNLL(bad, conllTypes); err == nil || !strings.Contains(err.Error(), "bad.txt:1") {
		t.Errorf("readCoNLL(three columns) error = %v, want one naming bad.txt:1", err)
	}
}

func TestUnscored(t *testing.T) {
	found := []Span{{0, 2, "PERSON"}, {4, 5, typePlace}, {7, 8, "ORG"}}
	skip := []Span{{3, 6, "election"}}
	want := []Span{{0, 2, "PERSON"}, {7, 8, "ORG"}}
	if got := unscored(found, skip); !reflect.DeepEqual(got, want) {
		t.Errorf("unscored(%v, %v) = %v, want %v", found, skip, got, want)
	}
}

func TestCorporaRead(t *testing.T) {
	dir := dataDir(t)
	for _, c := range []struct {
		name     string
		read     func() ([]example, error)
		min, max int // sentences
	}{
		{"crossner train", func() ([]example, error) { return readCrossNER(dir, "train") }, 150, 250},
		{"crossner test", func() ([]example, error) { return readCrossNER(dir, "test") }, 500, 800},
		{"wikigold train", func() ([]example, error) { return readWikigold(dir, false) }, 1200, 1600},
		{"wikigold held-out", func() ([]example, error) { return readWikigold(dir, true) }, 250, 450},
	} {
		exs, err := c.read()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		names := 0
		for _, ex := range exs {
			names += len(ex.spans)
		}
		if len(exs) < c.min || len(exs) > c.max || names == 0 {
			t.Errorf("%s: %d sentences with %d names, want %d to %d sentences with names", c.name, len(exs), names, c.min, c.max)
		}
	}
	if _, err := readCorpus(dir, "conll2003"); err == nil || !strings.Contains(err.Error(), "wikigold") {
		t.Errorf("readCorpus(unknown) error = %v, want one listing the corpora", err)
	}
}
