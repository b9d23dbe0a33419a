package graph

import (
	"context"
	"errors"
	"sort"
	"testing"
)

// TestPutReplacesByKey checks that a corrected article (same Key, other
// text) replaces the stored one, so that its edges are counted once, and
// that Remove takes away what only the document supported.
func TestPutReplacesByKey(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	met := func(uri, key string, extra ...string) *docBuilder {
		b := newDoc(uri, "2025-01-02", append([]string{"Anna Kowalska met Pedro Alvarez."}, extra...)...)
		b.doc.Key = key
		anna, pedro := b.entity("Anna Kowalska", "PERSON"), b.entity("Pedro Alvarez", "PERSON")
		b.relation(anna, "met", "CONSULT", pedro, 0)
		return b
	}
	first := met("feed.jsonl#1", "1")
	second := met("feed.jsonl#2", "2", "They talked.")
	fixed := met("feed.jsonl#1", "1", "They spoke in Lima.")
	lima := fixed.entity("Lima", "GPE")
	fixed.relation(0, "went to", "OTHER", lima, 1)
	gone := newDoc("feed.jsonl#1", "2025-01-03", "Grace Okafor visited Egypt.")
	gone.doc.Key = "1"
	grace, egypt := gone.entity("Grace Okafor", "PERSON"), gone.entity("Egypt", "GPE")
	gone.relation(grace, "visited", "CONSULT", egypt, 0)

	steps := []struct {
		name  string
		put   *docBuilder
		want  Outcome
		edges []string
		nodes []string
	}{
		{"first", first, Added,
			[]string{"Anna Kowalska -met-> Pedro Alvarez x1"},
			[]string{"Anna Kowalska/PERSON", "Pedro Alvarez/PERSON"}},
		{"second article", second, Added,
			[]string{"Anna Kowalska -met-> Pedro Alvarez x2"},
			[]string{"Anna Kowalska/PERSON", "Pedro Alvarez/PERSON"}},
		{"same text again", first, Skipped,
			[]string{"Anna Kowalska -met-> Pedro Alvarez x2"},
			[]string{"Anna Kowalska/PERSON", "Pedro Alvarez/PERSON"}},
		{"correction of the first", fixed, Replaced,
			[]string{"Anna Kowalska -met-> Pedro Alvarez x2", "Anna Kowalska -went to-> Lima x1"},
			[]string{"Anna Kowalska/PERSON", "Lima/GPE", "Pedro Alvarez/PERSON"}},
		{"first rewritten about others", gone, Replaced,
			[]string{"Anna Kowalska -met-> Pedro Alvarez x1", "Grace Okafor -visited-> Egypt x1"},
			[]string{"Anna Kowalska/PERSON", "Egypt/GPE", "Grace Okafor/PERSON", "Pedro Alvarez/PERSON"}},
	}
	for _, st := range steps {
		got, err := s.Put(ctx, st.put.doc, st.put.res)
		if err != nil {
			t.Fatalf("%s: Put(%s): %v", st.name, st.put.doc.URI, err)
		}
		if got != st.want {
			t.Errorf("%s: Put(%s) = %v, want %v", st.name, st.put.doc.URI, got, st.want)
		}
		if e := sortedEdges(t, s); !equal(e, sortStrings(st.edges)) {
			t.Errorf("%s: edges\n got %q\nwant %q", st.name, e, sortStrings(st.edges))
		}
		if n := sortStrings(nodeNames(t, s, Filter{})); !equal(n, sortStrings(st.nodes)) {
			t.Errorf("%s: nodes\n got %q\nwant %q", st.name, n, sortStrings(st.nodes))
		}
	}
	stats, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents != 2 {
		t.Errorf("documents = %d, want 2 (the corrections replace the first)", stats.Documents)
	}

	removed, err := s.Remove(ctx, "feed.jsonl#2")
	if err != nil {
		t.Fatalf("Remove(feed.jsonl#2): %v", err)
	}
	if removed.Key != "2" {
		t.Errorf("Remove(feed.jsonl#2) removed %+v, want the document with key 2", removed)
	}
	if e, want := sortedEdges(t, s), []string{"Grace Okafor -visited-> Egypt x1"}; !equal(e, want) {
		t.Errorf("after Remove: edges %q, want %q", e, want)
	}
	if n, want := sortStrings(nodeNames(t, s, Filter{})), []string{"Egypt/GPE", "Grace Okafor/PERSON"}; !equal(n, want) {
		t.Errorf("after Remove: nodes %q, want %q", n, want)
	}
	var orphans int
	rows, err := s.Query(ctx, `SELECT (SELECT COUNT(*) FROM aliases WHERE entity_id NOT IN (SELECT id FROM entities))
		+ (SELECT COUNT(*) FROM mentions WHERE document_id NOT IN (SELECT id FROM documents))
		+ (SELECT COUNT(*) FROM evidence WHERE document_id NOT IN (SELECT id FROM documents))`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		rows.Scan(&orphans)
	}
	rows.Close()
	if orphans != 0 {
		t.Errorf("after Remove: %d rows refer to removed documents or nodes", orphans)
	}
	if _, err := s.Remove(ctx, "feed.jsonl#2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Remove of a removed document: err = %v, want ErrNotFound", err)
	}
}

func sortedEdges(t *testing.T, s *Store) []string {
	return sortStrings(edgeNames(t, s, Filter{}))
}

func sortStrings(ss []string) []string {
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return out
}
