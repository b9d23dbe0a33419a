package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"kg/extract"
	"kg/graph"
)

// searchDB stores one hand-made document, so that the search commands are
// tested without the extraction models: its first sentence gives an edge,
// its second none.
func searchDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "kg.db")
	s, err := graph.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	text := "Tim Walsh met Erdoğan in Ankara. Walsh later praised the weather."
	sum := sha256.Sum256([]byte(text))
	doc := extract.Document{ID: hex.EncodeToString(sum[:]), URI: "story.txt", Text: text, Published: "2024-05-06"}
	res := extract.Result{
		Sentences: []extract.Span{{Start: 0, End: 32}, {Start: 33, End: len(text)}},
		Entities: []extract.Entity{
			{Name: "Tim Walsh", Type: "PERSON", Aliases: []string{"Tim Walsh", "Walsh"}},
			{Name: "Erdoğan", Type: "PERSON", Aliases: []string{"Erdoğan"}},
		},
		Mentions: []extract.Mention{
			{Entity: 0, Sentence: 0, Start: 0, End: 9, Text: "Tim Walsh", Kind: "name"},
			{Entity: 1, Sentence: 0, Start: 14, End: 22, Text: "Erdoğan", Kind: "name"},
			{Entity: 0, Sentence: 1, Start: 33, End: 38, Text: "Walsh", Kind: "name"},
		},
		Relations: []extract.Relation{{Subject: 0, Object: 1, Predicate: "met", Class: "CONSULT", Attributed: -1,
			Confidence: 0.9, Sentence: 0, Span: extract.Span{Start: 0, End: 32}}},
	}
	if _, err := s.Add(context.Background(), doc, res); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestSearchCommand(t *testing.T) {
	db := searchDB(t)
	code, out, stderr := kg(t, "", "search", "walsh", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("kg search walsh --json: exit %d, stderr %q", code, stderr)
	}
	var got struct {
		Entities []struct {
			Name    string   `json:"name"`
			Aliases []string `json:"aliases"`
			Score   float64  `json:"score"`
		} `json:"entities"`
		Sentences []struct {
			Document string `json:"document"`
			Sentence string `json:"sentence"`
			Start    int    `json:"start"`
			End      int    `json:"end"`
			Evidence []struct {
				Subject, Predicate, Object string
			} `json:"evidence"`
		} `json:"sentences"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("kg search --json: %v\n%s", err, out)
	}
	if len(got.Entities) != 1 || got.Entities[0].Name != "Tim Walsh" || got.Entities[0].Score <= 0 {
		t.Errorf("kg search walsh: entities %+v, want Tim Walsh with a score", got.Entities)
	}
	var sents []string
	for _, s := range got.Sentences {
		var edges []string
		for _, e := range s.Evidence {
			edges = append(edges, e.Subject+" "+e.Predicate+" "+e.Object)
		}
		sents = append(sents, s.Sentence+" "+strings.Join(edges, ";"))
	}
	want := []string{"Walsh later praised the weather. ", "Tim Walsh met Erdoğan in Ankara. Tim Walsh met Erdoğan"}
	if !reflect.DeepEqual(sents, want) && !reflect.DeepEqual(sents, []string{want[1], want[0]}) {
		t.Errorf("kg search walsh: sentences %q, want %q in either order", sents, want)
	}
	for _, key := range []string{`"document_id"`, `"published"`, `"edge_id"`} {
		if !strings.Contains(out, key) {
			t.Errorf("kg search --json lacks %s:\n%s", key, out)
		}
	}

	tests := []struct {
		args     []string
		code     int
		want     string // in stdout, or stderr when code != 0
		wantNone string
	}{
		{[]string{"search", "erdogan", "--db", db}, 0, "Tim Walsh -met-> Erdoğan", ""},
		{[]string{"search", "weather", "--db", db, "--csv"}, 0, "score,document,sentence,edges\n", "Erdoğan"},
		{[]string{"search", "snow", "--db", db}, 0, `nothing matches "snow"`, ""},
		{[]string{"search", "--db", db, "--", "*"}, 2, "nothing to search for", ""},
		{[]string{"entities", "--db", db, "--name", "erdo*"}, 0, "Erdoğan", "Walsh"},
		{[]string{"entities", "--db", db, "--name", "WALSH", "--json"}, 0, `"name": "Tim Walsh"`, "Erdoğan"},
		{[]string{"entities", "--db", db, "--name", "nobody"}, 0, "no entities", ""},
	}
	for _, tc := range tests {
		code, out, stderr := kg(t, "", tc.args...)
		text := out
		if tc.code != 0 {
			text = stderr
		}
		if code != tc.code || !strings.Contains(text, tc.want) || tc.wantNone != "" && strings.Contains(out, tc.wantNone) {
			t.Errorf("kg %q: exit %d, stdout %q, stderr %q; want exit %d with %q and without %q", tc.args, code, out, stderr, tc.code, tc.want, tc.wantNone)
		}
	}
}
