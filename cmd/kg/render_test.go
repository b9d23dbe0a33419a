package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kg/extract"
	"kg/graph"
)

// chainDB stores a document in which n people meet in a chain (P0 met P1,
// P1 met P2, …) and isolated more people are named without an edge.
func chainDB(t *testing.T, n, isolated int) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "kg.db")
	s, err := graph.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var (
		text strings.Builder
		res  extract.Result
	)
	person := func(i int) string { return fmt.Sprintf("Person%d Chain", i) }
	for i := range n + isolated {
		res.Entities = append(res.Entities, extract.Entity{Name: person(i), Type: "PERSON", Aliases: []string{person(i)}})
	}
	for i := range n - 1 {
		start := text.Len()
		fmt.Fprintf(&text, "%s met %s. ", person(i), person(i+1))
		sent := len(res.Sentences)
		res.Sentences = append(res.Sentences, extract.Span{Start: start, End: text.Len() - 1})
		a, b := start, start+len(person(i))+len(" met ")
		res.Mentions = append(res.Mentions,
			extract.Mention{Entity: i, Sentence: sent, Start: a, End: a + len(person(i)), Text: person(i), Kind: "name"},
			extract.Mention{Entity: i + 1, Sentence: sent, Start: b, End: b + len(person(i+1)), Text: person(i + 1), Kind: "name"})
		res.Relations = append(res.Relations, extract.Relation{Subject: i, Object: i + 1, Predicate: "met", Class: "CONSULT",
			Attributed: -1, Confidence: 0.9, Sentence: sent, Span: res.Sentences[sent]})
	}
	for i := n; i < n+isolated; i++ {
		start := text.Len()
		fmt.Fprintf(&text, "%s stayed home. ", person(i))
		res.Sentences = append(res.Sentences, extract.Span{Start: start, End: text.Len() - 1})
		res.Mentions = append(res.Mentions, extract.Mention{Entity: i, Sentence: len(res.Sentences) - 1,
			Start: start, End: start + len(person(i)), Text: person(i), Kind: "name"})
	}
	sum := sha256.Sum256([]byte(text.String()))
	doc := extract.Document{ID: hex.EncodeToString(sum[:]), URI: "chain.txt", Text: text.String()}
	if _, err := s.Add(context.Background(), doc, res); err != nil {
		t.Fatal(err)
	}
	return db
}

var svgNode = regexp.MustCompile(`<title>n\d+</title>`)

func TestRender(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("Graphviz dot is missing in CI")
		}
		t.Skip("needs Graphviz dot")
	}
	tests := []struct {
		name       string
		n, iso     int
		args       []string
		wantNodes  int
		wantNote   bool
		wantLegend string
	}{
		{"isolated left out", 5, 3, nil, 5, false, "Lines: colour = class"},
		{"isolated kept", 5, 3, []string{"--isolated"}, 8, false, ""},
		{"large graph cut to the top", 400, 0, nil, renderMaxNodes, true, ""},
		{"--top asks for more", 400, 0, []string{"--top", "200"}, 200, false, ""},
		{"negated explained when shown", 5, 0, []string{"--include-negated"}, 5, false, "dashed = negated"},
	}
	for _, tc := range tests {
		db := chainDB(t, tc.n, tc.iso)
		svg := filepath.Join(t.TempDir(), "g.svg")
		start := time.Now()
		code, _, stderr := kg(t, "", append([]string{"render", "--db", db, "-o", svg}, tc.args...)...)
		took := time.Since(start)
		if code != 0 {
			t.Errorf("%s: kg render: exit %d, stderr %q", tc.name, code, stderr)
			continue
		}
		out, err := os.ReadFile(svg)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(svgNode.FindAll(out, -1)); got != tc.wantNodes {
			t.Errorf("%s: %d entities drawn, want %d", tc.name, got, tc.wantNodes)
		}
		if note := strings.Contains(stderr, "most connected of"); note != tc.wantNote {
			t.Errorf("%s: stderr %q: note about the entities left out = %v, want %v", tc.name, stderr, note, tc.wantNote)
		}
		if tc.wantLegend != "" && !bytes.Contains(out, []byte(tc.wantLegend)) {
			t.Errorf("%s: the drawing has no caption %q", tc.name, tc.wantLegend)
		}
		if took > 30*time.Second {
			t.Errorf("%s: kg render took %v", tc.name, took)
		}
		t.Logf("%s: %d entities in %v", tc.name, tc.wantNodes, took.Round(time.Millisecond))
	}
}

func TestCaptionWriter(t *testing.T) {
	tests := []struct{ in, want string }{
		{"digraph \"kg\" {\n\tn1;\n}\n", "digraph \"kg\" {\n\tn1;\nCAP}\n"},
		{"no brace", "no brace"},
	}
	for _, tc := range tests {
		for _, chunk := range []int{1, 3, 100} {
			var b bytes.Buffer
			w := &captionWriter{w: &b, caption: "CAP"}
			for i := 0; i < len(tc.in); i += chunk {
				w.Write([]byte(tc.in[i:min(i+chunk, len(tc.in))]))
			}
			w.Close()
			if b.String() != tc.want {
				t.Errorf("caption into %q in chunks of %d:\n got %q\nwant %q", tc.in, chunk, b.String(), tc.want)
			}
		}
	}
}
