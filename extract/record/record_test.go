package record

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"kg/extract"
)

func sample() (extract.Document, extract.Result) {
	text := "Anna Kowalska met Pedro Alvarez in Berlin. She said \"<b>&</b>\" may help."
	sum := sha256.Sum256([]byte(text))
	doc := extract.Document{ID: hex.EncodeToString(sum[:]), URI: "a.txt", Key: "a.txt", Title: "Talks", Published: "2025-03-01", Text: text}
	res := extract.Result{
		Sentences: []extract.Span{{Start: 0, End: 42}, {Start: 43, End: len(text)}},
		Entities: []extract.Entity{
			{Name: "Anna Kowalska", Type: "PERSON", Aliases: []string{"Anna Kowalska"}},
			{Name: "Pedro Alvarez", Type: "PERSON", Aliases: []string{"Pedro Alvarez"}},
			{Name: "Berlin", Type: "GPE"},
		},
		Mentions: []extract.Mention{
			{Entity: 0, Sentence: 0, Start: 0, End: 13, Text: "Anna Kowalska", Kind: "name"},
			{Entity: 0, Sentence: 1, Start: 43, End: 46, Text: "She", Kind: "pronoun"},
		},
		Relations: []extract.Relation{
			{Subject: 0, Object: 1, Predicate: "met", Class: "CONSULT", Attributed: -1, Confidence: 2.0 / 3, Sentence: 0, Span: extract.Span{Start: 0, End: 31}},
			{Subject: 0, Object: 2, Predicate: "went to", Class: "OTHER", Negated: true, Hedged: true, Possessed: true, Attributed: 1, Confidence: 1, Sentence: 1, Span: extract.Span{Start: 43, End: 60}},
		},
	}
	return doc, res
}

func TestRoundTrip(t *testing.T) {
	doc, res := sample()
	b, err := Marshal(doc, res)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "\n") || !strings.Contains(string(b), `<b>&</b>`) {
		t.Errorf("Marshal = %s: want one line, HTML characters kept as written", b)
	}
	gotDoc, gotRes, err := Unmarshal(b)
	if err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	res.Entities[2].Aliases = []string{} // nil aliases are written as []
	if !reflect.DeepEqual(gotDoc, doc) || !reflect.DeepEqual(gotRes, res) {
		t.Errorf("round trip of %s:\ngot  %+v %+v\nwant %+v %+v", b, gotDoc, gotRes, doc, res)
	}
	again, _ := Marshal(gotDoc, gotRes)
	if string(again) != string(b) {
		t.Errorf("Marshal after a round trip:\ngot  %s\nwant %s", again, b)
	}
}

func TestUnmarshalRefuses(t *testing.T) {
	doc, res := sample()
	good, _ := Marshal(doc, res)
	for _, tc := range []struct {
		name, line, want string
	}{
		{"an article, not a result", `{"text":"Anna met Pedro."}`, `no "format" member`},
		{"another version", strings.Replace(string(good), Version, "kg-extract/2", 1), `format "kg-extract/2" is not`},
		{"edited text", strings.Replace(string(good), "Berlin", "Bonn", 1), "not the SHA-256 of its text"},
		{"two lines run together", string(good) + string(good), "not a kg extract line"},
		{"not JSON", "Anna met Pedro.", "not a kg extract line"},
	} {
		_, _, err := Unmarshal([]byte(tc.line))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Unmarshal(%.60q) = %v, want an error with %q", tc.name, tc.line, err, tc.want)
		}
	}
}

func TestWriterReader(t *testing.T) {
	doc, res := sample()
	var b strings.Builder
	w := NewWriter(&b)
	for range 2 {
		if err := w.Write(doc, res); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	// A blank line, a bad line and a last line without its newline.
	in := b.String() + "\n" + "{}\n" + strings.TrimSuffix(strings.SplitAfter(b.String(), "\n")[0], "\n")
	r := NewReader(strings.NewReader(in), "r.jsonl")
	var got []string
	for {
		d, _, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var le *LineError
		if errors.As(err, &le) {
			got = append(got, le.Error()[:len("r.jsonl:4")])
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, d.URI)
	}
	want := []string{"a.txt", "a.txt", "r.jsonl:4", "a.txt"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Read over %q = %q, want %q", in, got, want)
	}
}
