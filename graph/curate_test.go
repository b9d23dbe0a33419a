package graph

import (
	"context"
	"testing"
)

// curationCorpus is three articles whose extraction a newsroom would
// correct: a wrong type, a name that is two people, a nickname, a renamed
// person, a source that is noise.
func curationCorpus() []*docBuilder {
	a := newDoc("a.txt", "2025-01-01", "Rodrigo Duterte met Xi Jinping in Washington.", "Reuters reported it.", "John Smith praised Xi Jinping.")
	rd, xi, wa, reu, js := a.entity("Rodrigo Duterte", "PERSON", "Duterte"), a.entity("Xi Jinping", "PERSON"),
		a.entity("Washington", "PERSON"), a.entity("Reuters", "ORG"), a.entity("John Smith", "PERSON")
	a.relation(rd, "met", "CONSULT", xi, 0)
	a.relation(rd, "went to", "OTHER", wa, 0)
	a.relation(reu, "reported", "STATEMENT", rd, 1)
	a.relation(js, "praised", "SUPPORT", xi, 2)
	a.doc.Key = "a.txt"

	b := newDoc("b.txt", "2025-01-02", "John Smith criticised Xi Jinping.", "Sara Duterte stayed in Manila.")
	js2, xi2, sd, ma := b.entity("John Smith", "PERSON"), b.entity("Xi Jinping", "PERSON"), b.entity("Sara Duterte", "PERSON"), b.entity("Manila", "GPE")
	b.relation(js2, "criticised", "ACCUSE", xi2, 0)
	b.relation(sd, "stayed in", "OTHER", ma, 1)
	b.doc.Key = "b.txt"

	c := newDoc("c.txt", "2025-01-03", "The Digong visited Washington.")
	dg, wc := c.entity("The Digong", "PERSON"), c.entity("Washington", "GPE")
	c.relation(dg, "visited", "CONSULT", wc, 0)
	c.doc.Key = "c.txt"
	return []*docBuilder{a, b, c}
}

// TestCurationSurvivesRebuild makes corrections on a built graph (each
// stored, then the documents it changes extracted again with Redo), then
// builds the same articles from scratch into a database that holds only
// the rules, and checks that both give the curated graph.
func TestCurationSurvivesRebuild(t *testing.T) {
	ctx := context.Background()
	docs := curationCorpus()
	bySHA := map[string]*docBuilder{}
	for _, b := range docs {
		bySHA[b.doc.ID] = b
	}
	s := openTemp(t)
	mustAdd(t, s, docs...)

	rules := []Rule{
		{Action: ActRetype, Name: "Washington", Type: "PERSON", Arg: "GPE"},
		{Action: ActMerge, Name: "The Digong", Type: "PERSON", Arg: "Rodrigo Duterte", ArgType: "PERSON"},
		{Action: ActRename, Name: "Sara Duterte", Type: "PERSON", Arg: "Sara Duterte-Carpio"},
		{Action: ActIgnore, Name: "Reuters"},
		{Action: ActSplit, Name: "John Smith", Type: "PERSON", Arg: "b.txt"},
	}
	for _, r := range rules {
		r, err := s.AddRule(ctx, r)
		if err != nil {
			t.Fatalf("AddRule(%v): %v", r, err)
		}
		redo, err := s.CurationDocuments(ctx, r)
		if err != nil {
			t.Fatalf("CurationDocuments(%v): %v", r, err)
		}
		if len(redo) == 0 {
			t.Errorf("CurationDocuments(%v): none, want the documents it changes", r)
		}
		for _, d := range redo {
			if err := s.Redo(ctx, d, bySHA[d.ID].res); err != nil {
				t.Fatalf("Redo(%s) for %v: %v", d.URI, r, err)
			}
		}
	}
	wantNodes := sortStrings([]string{
		"John Smith (b.txt)/PERSON", "John Smith/PERSON", "Manila/GPE", "Rodrigo Duterte/PERSON",
		"Sara Duterte-Carpio/PERSON", "Washington/GPE", "Xi Jinping/PERSON",
	})
	wantEdges := sortStrings([]string{
		"John Smith (b.txt) -criticised-> Xi Jinping x1",
		"John Smith -praised-> Xi Jinping x1",
		"Rodrigo Duterte -met-> Xi Jinping x1",
		"Rodrigo Duterte -went to-> Washington x1",
		"Rodrigo Duterte -visited-> Washington x1",
		"Sara Duterte-Carpio -stayed in-> Manila x1",
	})
	check := func(name string, s *Store) {
		t.Helper()
		if got := sortStrings(nodeNames(t, s, Filter{})); !equal(got, wantNodes) {
			t.Errorf("%s: nodes\n got %q\nwant %q", name, got, wantNodes)
		}
		if got := sortedEdges(t, s); !equal(got, wantEdges) {
			t.Errorf("%s: edges\n got %q\nwant %q", name, got, wantEdges)
		}
	}
	check("curated in place", s)

	fresh := openTemp(t)
	stored, err := s.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(rules) {
		t.Fatalf("Rules: %d stored, want %d", len(stored), len(rules))
	}
	for _, r := range stored {
		if _, err := fresh.AddRule(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range docs {
		if o, err := fresh.Put(ctx, b.doc, b.res); err != nil || o != Added {
			t.Fatalf("Put(%s) into the fresh store = %v, %v; want added", b.doc.URI, o, err)
		}
	}
	check("rebuilt from scratch with the rules", fresh)
}

// TestRuleCheck lists rules that cannot be stored.
func TestRuleCheck(t *testing.T) {
	bad := []Rule{
		{Action: "delete", Name: "X"},
		{Action: ActRetype, Name: "X", Arg: "PLANET"},
		{Action: ActRename, Name: "X"},
		{Action: ActMerge, Name: "X", Type: "ORG", Arg: "x", ArgType: "ORG"},
		{Action: ActIgnore, Name: " "},
	}
	s := openTemp(t)
	for _, r := range bad {
		if _, err := s.AddRule(context.Background(), r); err == nil {
			t.Errorf("AddRule(%+v): no error, want one", r)
		}
	}
}
