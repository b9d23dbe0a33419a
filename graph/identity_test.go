package graph

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestNameKey(t *testing.T) {
	tests := []struct {
		name, class string
		key         string
		generic     bool
	}{
		{"WHO", "ORG", "=WHO", false},
		{"Who", "ORG", "who", false},
		{"NICE", "ORG", "=NICE", false},
		{"UNESCO", "ORG", "unesco", false}, // five letters: compared as a word
		{"U.S.", "GEO", "united states", false},
		{"U. S.", "GEO", "united states", false},
		{"US", "GEO", "united states", false},
		{"United States of America", "GEO", "united states", false},
		{"State of Texas", "GEO", "texas", false},
		{"Commonwealth of Massachusetts", "GEO", "massachusetts", false},
		{"People's Republic of China", "GEO", "china", false},
		{"People’s Republic of China", "GEO", "china", false},
		{"the Netherlands", "GEO", "netherlands", false},
		{"Higuchi Ichiyō", "PERSON", "higuchi ichiyo", false},
		{"Ichiyō Higuchi", "PERSON", "higuchi ichiyo", false},
		{"Court", "ORG", "court", true},
		{"Supreme Court", "ORG", "supreme court", true},
		{"Labour Party", "ORG", "labour party", true},
		{"North", "GEO", "north", true},
		{"State", "GEO", "state", true},
		{"University", "ORG", "university", true},
		{"Church", "ORG", "church", true},
		{"United States", "GEO", "united states", false},
		{"Catholic Church", "ORG", "catholic church", false},
		{"Court", "PERSON", "court", false}, // Margaret Court's surname
	}
	for _, tt := range tests {
		key, generic := nameKey(tt.name, tt.class)
		if key != tt.key || generic != tt.generic {
			t.Errorf("nameKey(%q, %s) = %q, %v; want %q, %v", tt.name, tt.class, key, generic, tt.key, tt.generic)
		}
	}
}

func TestSurname(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Jordan Smith", "smith"},
		{"Martin Luther King Jr.", "king"},
		{"Smith", ""},
		{"Theodorus of Tabennese", ""},
		{"Abbas I.", ""},
		{"Recep Tayyip Erdoğan", "erdogan"},
	}
	for _, tt := range tests {
		if got := surname(tt.name); got != tt.want {
			t.Errorf("surname(%q) = %q; want %q", tt.name, got, tt.want)
		}
	}
}

// ent is an entity of a test document: its name, type and aliases.
type ent struct {
	name, typ string
	aliases   []string
}

// entityDoc makes a document naming ents, one sentence each.
func entityDoc(uri string, ents ...ent) *docBuilder {
	sents := []string{"Document " + uri + "."}
	for _, e := range ents {
		sents = append(sents, e.name+" spoke.")
		for _, a := range e.aliases {
			sents = append(sents, a+" agreed.")
		}
	}
	d := newDoc(uri, "", sents...)
	for _, e := range ents {
		d.entity(e.name, e.typ, e.aliases...)
	}
	return d
}

func TestMergeRules(t *testing.T) {
	tests := []struct {
		name string
		docs [][]ent // one entity list per document
		want []string
	}{
		{"generic single words never join documents",
			[][]ent{{{"Court", "ORG", nil}}, {{"Court", "ORG", nil}}, {{"North", "LOC", nil}}, {{"North", "LOC", nil}}},
			[]string{"Court/ORG", "Court/ORG", "North/LOC", "North/LOC"}},
		{"a generic name does not join a full name in another document",
			[][]ent{{{"Supreme Court of Hawaii", "ORG", []string{"Supreme Court"}}}, {{"Supreme Court", "ORG", nil}}},
			[]string{"Supreme Court of Hawaii/ORG", "Supreme Court/ORG"}},
		{"a generic name joins its own document's one entity with its words",
			[][]ent{{{"Church of Scientology", "ORG", nil}, {"Church", "ORG", nil}}, {{"Church", "ORG", nil}}},
			[]string{"Church of Scientology/ORG", "Church/ORG"}},
		{"homonyms of different types stay apart",
			[][]ent{{{"Washington", "GPE", nil}}, {{"Washington Wizards", "ORG", []string{"Washington"}}}, {{"George Washington", "PERSON", []string{"Washington"}}}},
			[]string{"Washington/GPE", "Washington Wizards/ORG", "George Washington/PERSON"}},
		{"the airline American is not the United States",
			[][]ent{{{"United States", "GPE", []string{"US"}}}, {{"American Airlines", "ORG", []string{"American"}}}, {{"American", "ORG", nil}}},
			[]string{"United States/GPE", "American Airlines/ORG"}},
		{"a national team is not its country",
			[][]ent{{{"Belgium", "GPE", nil}}, {{"Belgium", "ORG", nil}}},
			[]string{"Belgium/GPE", "Belgium/ORG"}},
		{"official long forms merge",
			[][]ent{{{"State of Texas", "GPE", nil}}, {{"Texas", "GPE", nil}}, {{"People's Republic of China", "GPE", nil}}, {{"China", "GPE", nil}}},
			[]string{"People's Republic of China/GPE", "State of Texas/GPE"}},
		{"reversed person names merge",
			[][]ent{{{"Higuchi Ichiyō", "PERSON", nil}}, {{"Ichiyō Higuchi", "PERSON", nil}}},
			[]string{"Higuchi Ichiyō/PERSON"}},
		{"acronyms match case-sensitively",
			[][]ent{{{"World Health Organization", "ORG", []string{"WHO"}}}, {{"WHO", "ORG", nil}}, {{"Who", "ORG", nil}}},
			[]string{"Who/ORG", "World Health Organization/ORG"}},
		{"a surname joins the one full name with it",
			[][]ent{{{"Jordan Smith", "PERSON", nil}}, {{"Smith", "PERSON", nil}}},
			[]string{"Jordan Smith/PERSON"}},
		{"a surname of two full names stays apart",
			[][]ent{{{"Jordan Smith", "PERSON", nil}}, {{"Smith", "PERSON", nil}}, {{"John Smith", "PERSON", nil}}},
			[]string{"John Smith/PERSON", "Jordan Smith/PERSON", "Smith/PERSON"}},
		{"a given name alone joins no other document's person",
			[][]ent{{{"Peter Charles L'Enfant", "PERSON", []string{"Peter", "L'Enfant"}}}, {{"Peter", "PERSON", nil}}, {{"L'Enfant", "PERSON", nil}}},
			[]string{"Peter Charles L'Enfant/PERSON", "Peter/PERSON"}},
		{"a full name with the surname does not join another full name",
			[][]ent{{{"Barack Obama", "PERSON", []string{"Obama"}}}, {{"Michelle Obama", "PERSON", []string{"Obama"}}}, {{"Obama", "PERSON", nil}}},
			[]string{"Barack Obama/PERSON", "Michelle Obama/PERSON", "Obama/PERSON"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Every rule holds in both orders of the documents.
			for _, reverse := range []bool{false, true} {
				s := openTemp(t)
				for i := range tt.docs {
					k := i
					if reverse {
						k = len(tt.docs) - 1 - i
					}
					mustAdd(t, s, entityDoc(fmt.Sprintf("%s %d", tt.name, k), tt.docs[k]...))
				}
				got := nodeNames(t, s, Filter{})
				sort.Strings(got)
				want := append([]string(nil), tt.want...)
				sort.Strings(want)
				if !equal(got, want) {
					t.Errorf("documents %v (reversed %v):\n got nodes %q\nwant %q", tt.docs, reverse, got, want)
				}
			}
		})
	}
}

// orderCorpus makes documents whose merging depends on each other: short
// and full names, an ambiguous surname, variants, generic names and
// relations between them.
func orderCorpus() []*docBuilder {
	people := [][]ent{
		{{"Obama", "PERSON", nil}, {"Court", "ORG", nil}},
		{{"Barack Obama", "PERSON", []string{"Obama"}}, {"United States", "GPE", []string{"US"}}},
		{{"Barack Hussein Obama", "PERSON", []string{"Barack Obama"}}, {"White House", "ORG", nil}},
		{{"Michelle Obama", "PERSON", nil}, {"Chicago", "GPE", nil}},
		{{"Smith", "PERSON", nil}, {"Army", "ORG", nil}},
		{{"Jordan Smith", "PERSON", []string{"Smith"}}, {"State of Texas", "GPE", nil}},
		{{"Texas", "GPE", nil}, {"U.S.", "GPE", nil}},
		{{"Ichiyō Higuchi", "PERSON", nil}, {"Japan", "GPE", nil}},
		{{"Higuchi Ichiyō", "PERSON", []string{"Ichiyō"}}, {"WHO", "ORG", nil}},
		{{"World Health Organization", "ORG", []string{"WHO"}}, {"Who", "ORG", nil}},
		{{"Crimea", "LOC", nil}, {"Recep Erdogan", "PERSON", nil}},
		{{"Crimea", "GPE", nil}, {"Recep Erdoğan", "PERSON", nil}},
	}
	var docs []*docBuilder
	for i, ents := range people {
		d := entityDoc(fmt.Sprintf("doc %d", i), ents...)
		d.relation(0, "met", "CONSULT", 1, 1)
		d.relation(1, "criticized", "ACCUSE", 0, 1)
		if i%2 == 0 {
			d.relation(0, "met", "OTHER", 1, 1)
		}
		docs = append(docs, d)
	}
	return docs
}

// dump lists the graph by names only: nodes with type, aliases and
// mention count, edges with class and weight, sorted. Ids are counters
// that follow the build order; nothing else may.
func dump(t *testing.T, s *Store) string {
	t.Helper()
	ctx := context.Background()
	names := map[int64]string{}
	var lines []string
	err := s.Nodes(ctx, Filter{IncludeNegated: true, IncludeHedged: true}, func(n Node) error {
		names[n.ID] = n.Name
		lines = append(lines, fmt.Sprintf("node %s/%s %q x%d", n.Name, n.Type, n.Aliases, n.Mentions))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Edges(ctx, Filter{IncludeNegated: true, IncludeHedged: true}, func(e Edge) error {
		lines = append(lines, fmt.Sprintf("edge %s -%s-> %s %s x%d", names[e.Source], e.Predicate, names[e.Target], e.Class, e.Weight))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestOrderIndependent(t *testing.T) {
	docs := orderCorpus()
	build := func(order []int) string {
		s := openTemp(t)
		for _, i := range order {
			mustAdd(t, s, docs[i])
		}
		return dump(t, s)
	}
	inOrder := make([]int, len(docs))
	for i := range inOrder {
		inOrder[i] = i
	}
	want := build(inOrder)
	t.Logf("graph:\n%s", want)
	for _, line := range []string{
		"node Barack Hussein Obama/PERSON",
		"node Michelle Obama/PERSON",
		"node Obama/PERSON", // ambiguous between Barack and Michelle
		"node Jordan Smith/PERSON",
		"node State of Texas/GPE",
		"node United States/GPE",
		"node Recep Erdoğan/PERSON",
		"node Crimea/GPE",
	} {
		if !strings.Contains(want, line) {
			t.Errorf("graph lacks %q:\n%s", line, want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 6; n++ {
		order := rng.Perm(len(docs))
		if got := build(order); got != want {
			t.Errorf("order %v gives another graph:\n got %s\nwant %s", order, got, want)
		}
	}
	// Two shards, each built in its own order, loaded one after the other
	// both ways round.
	half := len(docs) / 2
	a, b := rng.Perm(half), rng.Perm(len(docs)-half)
	for i := range b {
		b[i] += half
	}
	if got := build(append(append([]int(nil), a...), b...)); got != want {
		t.Errorf("shard A then B gives another graph:\n got %s\nwant %s", got, want)
	}
	if got := build(append(append([]int(nil), b...), a...)); got != want {
		t.Errorf("shard B then A gives another graph:\n got %s\nwant %s", got, want)
	}
}

func TestReconcileKeepsGraph(t *testing.T) {
	s := openTemp(t)
	mustAdd(t, s, orderCorpus()...)
	before := dump(t, s)
	if err := s.Reconcile(context.Background()); err != nil {
		t.Fatal(err)
	}
	if after := dump(t, s); after != before {
		t.Errorf("Reconcile changed the graph Add left:\n got %s\nwant %s", after, before)
	}
}

// TestUnlinked checks that a bare name its document introduces as someone
// new joins no other document's namesake, in either order, while the same
// bare name without that mark joins the one full name it fits.
func TestUnlinked(t *testing.T) {
	for _, reverse := range []bool{false, true} {
		s := openTemp(t)
		docs := []*docBuilder{
			entityDoc("analyst", ent{"Jordan Smith", "PERSON", nil}),
			entityDoc("spokesman", ent{"Smith", "PERSON", nil}),
			entityDoc("later", ent{"Smith", "PERSON", nil}),
		}
		docs[1].res.Entities[0].Unlinked = true
		if reverse {
			slices.Reverse(docs)
		}
		for _, d := range docs {
			mustAdd(t, s, d)
		}
		got := nodeNames(t, s, Filter{})
		sort.Strings(got)
		want := []string{"Jordan Smith/PERSON", "Smith/PERSON"}
		if !equal(got, want) {
			t.Errorf("reversed %v: nodes %q, want %q", reverse, got, want)
		}
		var mentions int
		if err := s.r.QueryRow(`SELECT count(*) FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.name = 'Jordan Smith'`).Scan(&mentions); err != nil {
			t.Fatal(err)
		}
		if mentions != 2 {
			t.Errorf("reversed %v: Jordan Smith has %d mentions, want 2 (its own and the later bare Smith)", reverse, mentions)
		}
	}
}
