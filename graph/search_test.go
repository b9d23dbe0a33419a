package graph

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// searchCorpus stores three documents: one whose first sentence gives an
// edge, one with the query words in separate sentences, one that repeats
// them.
func searchCorpus(t *testing.T) *Store {
	t.Helper()
	s := openTemp(t)
	d1 := newDoc("d1", "2024-01-01", "Zelenskyy met Erdoğan in Ankara.", "The weather was cold.", "Peace talks resumed in Istanbul.")
	z := d1.entity("Zelenskyy", "PERSON")
	e := d1.entity("Erdoğan", "PERSON", "Recep Erdoğan")
	d1.relation(z, "met", "CONSULT", e, 0)
	d2 := newDoc("d2", "", "Walsh spoke about peace.", "Talks were held later.")
	d2.entity("Walsh", "PERSON", "Tim Walsh")
	d3 := newDoc("d3", "", "Peace talks and more peace talks were planned.")
	mustAdd(t, s, d1, d2, d3)
	return s
}

// sentences renders hits as "uri: sentence [edges]".
func sentences(hits []SentenceHit) []string {
	var out []string
	for _, h := range hits {
		var preds []string
		for _, ev := range h.Evidence {
			preds = append(preds, ev.Subject+" "+ev.Predicate+" "+ev.Object)
		}
		out = append(out, h.DocumentURI+": "+h.Sentence+" ["+strings.Join(preds, "; ")+"]")
	}
	return out
}

func TestSearchSentences(t *testing.T) {
	s := searchCorpus(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"erdogan", []string{"d1: Zelenskyy met Erdoğan in Ankara. [Zelenskyy met Erdoğan]"}},
		{"ERDOĞAN ankara", []string{"d1: Zelenskyy met Erdoğan in Ankara. [Zelenskyy met Erdoğan]"}},
		{"weather", []string{"d1: The weather was cold. []"}}, // a sentence that gave no edge
		{"peace talks", []string{ // more hits in a sentence of about the same length rank first
			"d3: Peace talks and more peace talks were planned. []",
			"d1: Peace talks resumed in Istanbul. []"}}, // not d2, whose sentences hold one word each
		{`"talks resumed"`, []string{"d1: Peace talks resumed in Istanbul. []"}},
		{`"resumed talks"`, nil},
		{"istan*", []string{"d1: Peace talks resumed in Istanbul. []"}},
		{"walsh OR nobody", nil}, // OR is a word, not an operator
		{"snow", nil},
	}
	for _, tc := range tests {
		hits, err := s.SearchSentences(context.Background(), tc.query, 10)
		if err != nil {
			t.Errorf("SearchSentences(%q): %v", tc.query, err)
			continue
		}
		if got := sentences(hits); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SearchSentences(%q)\n got %q\nwant %q", tc.query, got, tc.want)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("SearchSentences(%q): scores not descending: %v then %v", tc.query, hits[i-1].Score, hits[i].Score)
			}
		}
	}
	hits, err := s.SearchSentences(context.Background(), "peace talks", 1)
	if err != nil || len(hits) != 1 {
		t.Errorf("SearchSentences(peace talks, limit 1) = %d hits, %v; want 1", len(hits), err)
	}
	for _, q := range []string{"", "  ", "*", `""`} {
		if _, err := s.SearchSentences(context.Background(), q, 10); !errors.Is(err, ErrEmptyQuery) {
			t.Errorf("SearchSentences(%q) error = %v, want ErrEmptyQuery", q, err)
		}
	}
}

func TestSearchEntities(t *testing.T) {
	s := searchCorpus(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"walsh", []string{"Walsh"}},
		{"tim", []string{"Walsh"}}, // an alias
		{"erdogan", []string{"Erdoğan"}},
		{"recep erdogan", []string{"Erdoğan"}},
		{"zel*", []string{"Zelenskyy"}},
		{"nobody", nil},
	}
	for _, tc := range tests {
		hits, err := s.SearchEntities(context.Background(), tc.query, 0)
		if err != nil {
			t.Errorf("SearchEntities(%q): %v", tc.query, err)
			continue
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Node.Name)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SearchEntities(%q) = %q, want %q", tc.query, got, tc.want)
		}
	}
}

// TestSearchFollowsChanges checks that the triggers keep the indexes in
// step when a document is replaced or removed.
func TestSearchFollowsChanges(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	v1 := newDoc("story.txt", "", "Walsh visited Lisbon.")
	v1.doc.Key = "story.txt"
	v1.entity("Walsh", "PERSON")
	if _, err := s.Put(ctx, v1.doc, v1.res); err != nil {
		t.Fatal(err)
	}
	v2 := newDoc("story.txt", "", "Walsh visited Porto.")
	v2.doc.Key = "story.txt"
	v2.entity("Walsh", "PERSON")
	if out, err := s.Put(ctx, v2.doc, v2.res); err != nil || out != Replaced {
		t.Fatalf("Put(v2) = %v, %v; want Replaced", out, err)
	}
	check := func(when, query string, want int) {
		t.Helper()
		hits, err := s.SearchSentences(ctx, query, 0)
		if err != nil || len(hits) != want {
			t.Errorf("%s: SearchSentences(%q) = %q, %v; want %d hits", when, query, sentences(hits), err, want)
		}
	}
	check("after replacement", "lisbon", 0)
	check("after replacement", "porto", 1)
	if _, err := s.Remove(ctx, "story.txt"); err != nil {
		t.Fatal(err)
	}
	check("after removal", "porto", 0)
	if hits, err := s.SearchEntities(ctx, "walsh", 0); err != nil || len(hits) != 0 {
		t.Errorf("after removal: SearchEntities(walsh) = %+v, %v; want none", hits, err)
	}
}

// TestSearchIndexBuiltOnUpgrade checks that a database made before the
// search index gets one, holding what it stored, when Open upgrades it.
func TestSearchIndexBuiltOnUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite3", dsn(path, writeParams))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, 4); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO documents (id, uri, sha256, text) VALUES (1, 'old.txt', 'x', 'Walsh visited Lisbon. It rained.');
		INSERT INTO entities (id, name, type, key) VALUES (1, 'Walsh', 'PERSON', 'walsh');
		INSERT INTO aliases (entity_id, alias, key) VALUES (1, 'Tim Walsh', 'tim walsh');`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hits, err := s.SearchSentences(ctx, "rained", 0)
	if got := sentences(hits); err != nil || !reflect.DeepEqual(got, []string{"old.txt: It rained. []"}) {
		t.Errorf("upgraded: SearchSentences(rained) = %q, %v", got, err)
	}
	ents, err := s.SearchEntities(ctx, "tim", 0)
	if err != nil || len(ents) != 1 || ents[0].Node.ID != 1 {
		t.Errorf("upgraded: SearchEntities(tim) = %+v, %v; want node 1", ents, err)
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"peace talks", `"peace" "talks"`},
		{`"peace talks" Erdoğan`, `"peace talks" "erdoğan"`},
		{"U.S. sanctions", `"u s" "sanctions"`},
		{"zel* OR NOT", `"zel*" "or" "not"`},
		{`a "unclosed`, `"a" "unclosed"`},
		{"-- ? !", ``},
	}
	for _, tc := range tests {
		if got := matchExpr(parseQuery(tc.in)); got != tc.want {
			t.Errorf("matchExpr(parseQuery(%q)) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestBM25Row(t *testing.T) {
	// One phrase, one column, 10 rows of mean length 8; this row has 2 hits
	// in 4 words; the phrase is in 2 rows.
	mi := []uint32{1, 1, 10, 8, 4, 2, 3, 2}
	score, idfs := bm25Row(mi, nil)
	wantIDF := idf(10, 2)
	want := wantIDF * 2 * 2.2 / (2 + 1.2*(0.25+0.75*0.5))
	if len(idfs) != 1 || idfs[0] != wantIDF || score != want {
		t.Errorf("bm25Row(%v) = %v, %v; want %v, [%v]", mi, score, idfs, want, wantIDF)
	}
	x := []float64{idf(100, 1), idf(100, 50), idf(100, 100)}
	if !sort.SliceIsSorted(x, func(i, j int) bool { return x[i] > x[j] }) || x[2] <= 0 {
		t.Errorf("idf(100, 1/50/100) = %v, want falling and positive", x)
	}
}

// BenchmarkSearch searches 1,000 news-sized documents (30 sentences, 12
// people each) for a rare name and for a word in every sentence.
func BenchmarkSearch(b *testing.B) {
	s := openTemp(b)
	for i := range 1000 {
		d := benchDoc(i)
		if _, err := s.Add(context.Background(), d.doc, d.res); err != nil {
			b.Fatal(err)
		}
	}
	name := benchDoc(0).res.Entities[0].Name
	for _, q := range []string{name, "officials"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				hits, err := s.SearchSentences(context.Background(), q, 10)
				if err != nil || len(hits) == 0 {
					b.Fatalf("SearchSentences(%q) = %d hits, %v", q, len(hits), err)
				}
			}
		})
	}
	b.Run("entities", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.SearchEntities(context.Background(), "surname1*", 10); err != nil {
				b.Fatal(err)
			}
		}
	})
}
