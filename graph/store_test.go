package graph

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// fixture fills a store with a small graph:
//
//	Alice Adams -met-> Bob Brown      twice (2024-01-10, 2024-02-10)
//	Alice Adams -accused-> Acme Corp  negated
//	Bob Brown -visited-> Freedonia    hedged
//	Acme Corp -sanctioned-> Freedonia undated
//	Frank Fox -met-> Gina Gray        undated
//	Eve Evans                         no edges
func fixture(t *testing.T) *Store {
	t.Helper()
	s := openTemp(t)
	d1 := newDoc("d1.txt", "2024-01-10", "Alice Adams met Bob Brown in Paris.", "Alice Adams did not accuse Acme Corp.")
	a, b, c := d1.entity("Alice Adams", "PERSON"), d1.entity("Bob Brown", "PERSON"), d1.entity("Acme Corp", "ORG")
	d1.relation(a, "met", "CONSULT", b, 0)
	d1.relation(a, "accused", "ACCUSE", c, 1, "negated")

	d2 := newDoc("d2.txt", "2024-02-10", "Alice Adams met Bob Brown again.", "Bob Brown may visit Freedonia.", "Eve Evans spoke.")
	a, b = d2.entity("Alice Adams", "PERSON"), d2.entity("Bob Brown", "PERSON")
	d, _ := d2.entity("Freedonia", "GPE"), d2.entity("Eve Evans", "PERSON")
	d2.relation(a, "met", "CONSULT", b, 0)
	d2.relation(b, "visited", "CONSULT", d, 1, "hedged")

	d3 := newDoc("d3.txt", "", "Acme Corp sanctioned Freedonia.", "Frank Fox met Gina Gray.")
	c, d = d3.entity("Acme Corp", "ORG"), d3.entity("Freedonia", "GPE")
	f, g := d3.entity("Frank Fox", "PERSON"), d3.entity("Gina Gray", "PERSON")
	d3.relation(c, "sanctioned", "SANCTION", d, 0)
	d3.relation(f, "met", "CONSULT", g, 1)
	mustAdd(t, s, d1, d2, d3)
	return s
}

func TestAddSkipsKnownDocument(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	d := newDoc("a.txt", "", "Alice Adams met Bob Brown.")
	a, b := d.entity("Alice Adams", "PERSON"), d.entity("Bob Brown", "PERSON")
	d.relation(a, "met", "CONSULT", b, 0)
	mustAdd(t, s, d)
	if has, err := s.HasDocument(ctx, d.doc.ID); err != nil || !has {
		t.Fatalf("HasDocument after Add = %v, %v; want true", has, err)
	}
	if has, _ := s.HasDocument(ctx, "0000"); has {
		t.Errorf("HasDocument(unknown) = true")
	}
	added, err := s.Add(ctx, d.doc, d.res)
	if err != nil || added {
		t.Fatalf("second Add = %v, %v; want false, nil", added, err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{Documents: 1, Entities: 2, Aliases: 2, Mentions: 2, Edges: 1, Evidence: 1,
		EntitiesByType: []Count{{"PERSON", 2}}, EdgesByClass: []Count{{"CONSULT", 1}}}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("Stats = %+v\nwant %+v", st, want)
	}
}

func TestAddRejectsBadResult(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(b *docBuilder)
	}{
		{"mention entity out of range", func(b *docBuilder) { b.res.Mentions[0].Entity = 9 }},
		{"mention beyond text", func(b *docBuilder) { b.res.Mentions[0].End = 1000 }},
		{"relation sentence out of range", func(b *docBuilder) { b.res.Relations[0].Sentence = 3 }},
		{"relation reversed span", func(b *docBuilder) { b.res.Relations[0].Start = 5; b.res.Relations[0].End = 2 }},
		{"empty entity name", func(b *docBuilder) { b.res.Entities[0].Name = " " }},
		{"no document ID", func(b *docBuilder) { b.doc.ID = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			d := newDoc("a.txt", "", "Alice Adams met Bob Brown.")
			a, b := d.entity("Alice Adams", "PERSON"), d.entity("Bob Brown", "PERSON")
			d.relation(a, "met", "CONSULT", b, 0)
			tt.breakIt(d)
			if added, err := s.Add(context.Background(), d.doc, d.res); err == nil || added {
				t.Fatalf("Add = %v, %v; want an error", added, err)
			}
			if st, _ := s.Stats(context.Background()); st.Documents != 0 || st.Entities != 0 {
				t.Errorf("after a failed Add: %+v; want an empty store", st)
			}
		})
	}
}

func TestEdgeAggregatesEvidence(t *testing.T) {
	s := fixture(t)
	var got []Edge
	err := s.Edges(context.Background(), Filter{Predicates: []string{"met"}}, func(e Edge) error {
		got = append(got, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []Edge{
		{ID: 1, Source: 1, Target: 2, Predicate: "met", Class: "CONSULT", Weight: 2, Confidence: 0.5,
			Sentence: "Alice Adams met Bob Brown in Paris.", DocumentID: 1, DocumentURI: "d1.txt",
			FirstDate: "2024-01-10", LastDate: "2024-02-10"},
		{ID: 5, Source: 6, Target: 7, Predicate: "met", Class: "CONSULT", Weight: 1, Confidence: 0.5,
			Sentence: "Frank Fox met Gina Gray.", DocumentID: 3, DocumentURI: "d3.txt"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Edges(met) =\n%+v\nwant\n%+v", got, want)
	}

	ev, err := s.Evidence(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) != 1 || !ev[0].Negated || ev[0].Subject != "Alice Adams" || ev[0].Object != "Acme Corp" ||
		ev[0].Sentence != "Alice Adams did not accuse Acme Corp." || ev[0].Published != "2024-01-10" {
		t.Errorf("Evidence(2) = %+v; want the negated accusation from d1", ev)
	}

	var nodes []Node
	err = s.Nodes(context.Background(), Filter{Types: []string{"PERSON"}}, func(n Node) error {
		nodes = append(nodes, n)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := nodes[0]; n.Name != "Alice Adams" || n.Mentions != 2 || !reflect.DeepEqual(n.Aliases, []string{"Alice Adams"}) {
		t.Errorf("first PERSON node = %+v; want Alice Adams with 2 mentions", n)
	}
}

func TestMerge(t *testing.T) {
	type ent struct {
		name, typ string
		aliases   []string
	}
	tests := []struct {
		name string
		docs [][]ent // one entity list per document
		want []string
	}{
		{"same name ignoring case",
			[][]ent{{{"Acme Corp", "ORG", nil}}, {{"ACME CORP", "ORG", nil}}},
			[]string{"Acme Corp/ORG"}},
		{"same name ignoring diacritics",
			[][]ent{{{"Recep Erdogan", "PERSON", nil}}, {{"Recep Erdoğan", "PERSON", nil}}},
			[]string{"Recep Erdoğan/PERSON"}}, // the spelling with diacritics, in either order
		{"GPE and LOC are compatible",
			[][]ent{{{"Crimea", "LOC", nil}}, {{"Crimea", "GPE", nil}}},
			[]string{"Crimea/GPE"}}, // a tie of types goes to the lexically first, in either order
		{"PERSON and ORG are not",
			[][]ent{{{"Jordan", "PERSON", nil}}, {{"Jordan", "GPE", nil}}},
			[]string{"Jordan/PERSON", "Jordan/GPE"}},
		{"surname attaches to the one person it names",
			[][]ent{{{"John Smith", "PERSON", []string{"Smith"}}}, {{"Smith", "PERSON", nil}}},
			[]string{"John Smith/PERSON"}},
		{"ambiguous surname stays separate",
			[][]ent{{{"John Smith", "PERSON", []string{"Smith"}}}, {{"Jane Smith", "PERSON", []string{"Smith"}}}, {{"Smith", "PERSON", nil}}},
			[]string{"John Smith/PERSON", "Jane Smith/PERSON", "Smith/PERSON"}},
		{"shared one-word alias does not merge two people",
			[][]ent{{{"John Smith", "PERSON", []string{"Smith"}}}, {{"Jane Smith", "PERSON", []string{"Smith"}}}},
			[]string{"John Smith/PERSON", "Jane Smith/PERSON"}},
		{"full name upgrades a surname node",
			[][]ent{{{"Smith", "PERSON", nil}}, {{"John Smith", "PERSON", []string{"Smith"}}}},
			[]string{"John Smith/PERSON"}},
		{"name that is an alias of one node merges and keeps the longer name",
			[][]ent{{{"Vladimir Vladimirovich Putin", "PERSON", []string{"Vladimir Putin", "Putin"}}}, {{"Vladimir Putin", "PERSON", nil}}},
			[]string{"Vladimir Vladimirovich Putin/PERSON"}},
		{"shared multi-word alias merges",
			[][]ent{{{"Commission of the EU", "ORG", []string{"European Commission"}}}, {{"EC", "ORG", []string{"European Commission"}}}},
			[]string{"Commission of the EU/ORG"}},
		{"acronym alias links to the full name",
			[][]ent{{{"EU", "ORG", nil}}, {{"European Union", "ORG", []string{"EU"}}}},
			[]string{"European Union/ORG"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			for i, ents := range tt.docs {
				names := []string{"Document " + string(rune('a'+i)) + "."}
				for _, e := range ents {
					names = append(names, e.name+" spoke.")
				}
				d := newDoc(tt.name+string(rune('a'+i)), "", names...)
				for _, e := range ents {
					d.entity(e.name, e.typ, e.aliases...)
				}
				mustAdd(t, s, d)
			}
			if got := nodeNames(t, s, Filter{}); !equal(got, tt.want) {
				t.Errorf("documents %v:\n got nodes %q\nwant %q", tt.docs, got, tt.want)
			}
		})
	}
}

func TestMergeKeepsEveryAlias(t *testing.T) {
	s := openTemp(t)
	d1 := newDoc("1", "", "Smith spoke.")
	d1.entity("Smith", "PERSON")
	d2 := newDoc("2", "", "John Smith spoke.")
	d2.entity("John Smith", "PERSON", "Smith", "Mr Smith")
	mustAdd(t, s, d1, d2)
	nodes, err := s.Resolve(context.Background(), "mr smith")
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 1 || nodes[0].Name != "John Smith" ||
		!reflect.DeepEqual(nodes[0].Aliases, []string{"John Smith", "Mr Smith", "Smith"}) || nodes[0].Mentions != 3 {
		t.Errorf("Resolve(mr smith) = %+v; want John Smith with aliases [John Smith Mr Smith Smith] and 3 mentions", nodes)
	}
}

func TestResolve(t *testing.T) {
	s := openTemp(t)
	d1 := newDoc("1", "", "John Smith spoke.")
	d1.entity("John Smith", "PERSON", "Smith")
	d2 := newDoc("2", "", "Jane Smith spoke.")
	d2.entity("Jane Smith", "PERSON", "Smith")
	mustAdd(t, s, d1, d2)
	tests := []struct {
		name string
		want []string
	}{
		{"john smith", []string{"John Smith"}},
		{"Smith", []string{"John Smith", "Jane Smith"}}, // ambiguous
		{"Nobody", nil},
	}
	for _, tt := range tests {
		nodes, err := s.Resolve(context.Background(), tt.name)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, n := range nodes {
			got = append(got, n.Name)
		}
		if !equal(got, tt.want) {
			t.Errorf("Resolve(%q) = %q; want %q", tt.name, got, tt.want)
		}
	}
	var amb *AmbiguousError
	if err := s.Nodes(context.Background(), Filter{Around: "Smith"}, func(Node) error { return nil }); !errors.As(err, &amb) || len(amb.Candidates) != 2 {
		t.Errorf("Nodes(Around: Smith) error = %v; want an AmbiguousError with 2 candidates", err)
	}
}

func TestFilters(t *testing.T) {
	s := fixture(t)
	tests := []struct {
		name      string
		f         Filter
		wantNodes []string
		wantEdges []string
	}{
		{"zero filter keeps affirmed edges and all nodes", Filter{},
			[]string{"Alice Adams/PERSON", "Bob Brown/PERSON", "Acme Corp/ORG", "Freedonia/GPE", "Eve Evans/PERSON", "Frank Fox/PERSON", "Gina Gray/PERSON"},
			[]string{"Alice Adams -met-> Bob Brown x2", "Acme Corp -sanctioned-> Freedonia x1", "Frank Fox -met-> Gina Gray x1"}},
		{"include negated", Filter{IncludeNegated: true},
			[]string{"Alice Adams/PERSON", "Bob Brown/PERSON", "Acme Corp/ORG", "Freedonia/GPE", "Eve Evans/PERSON", "Frank Fox/PERSON", "Gina Gray/PERSON"},
			[]string{"Alice Adams -met-> Bob Brown x2", "Alice Adams -accused-> Acme Corp x1", "Acme Corp -sanctioned-> Freedonia x1", "Frank Fox -met-> Gina Gray x1"}},
		{"include hedged", Filter{IncludeHedged: true},
			[]string{"Alice Adams/PERSON", "Bob Brown/PERSON", "Acme Corp/ORG", "Freedonia/GPE", "Eve Evans/PERSON", "Frank Fox/PERSON", "Gina Gray/PERSON"},
			[]string{"Alice Adams -met-> Bob Brown x2", "Bob Brown -visited-> Freedonia x1", "Acme Corp -sanctioned-> Freedonia x1", "Frank Fox -met-> Gina Gray x1"}},
		{"types", Filter{Types: []string{"PERSON"}},
			[]string{"Alice Adams/PERSON", "Bob Brown/PERSON", "Eve Evans/PERSON", "Frank Fox/PERSON", "Gina Gray/PERSON"},
			[]string{"Alice Adams -met-> Bob Brown x2", "Frank Fox -met-> Gina Gray x1"}},
		{"predicates keep only their nodes", Filter{Predicates: []string{"met"}},
			[]string{"Alice Adams/PERSON", "Bob Brown/PERSON", "Frank Fox/PERSON", "Gina Gray/PERSON"},
			[]string{"Alice Adams -met-> Bob Brown x2", "Frank Fox -met-> Gina Gray x1"}},
		{"classes", Filter{Classes: []string{"SANCTION"}},
			[]string{"Acme Corp/ORG", "Freedonia/GPE"},
			[]string{"Acme Corp -sanctioned-> Freedonia x1"}},
		{"min weight", Filter{MinWeight: 2},
			[]string{"Alice Adams/PERSON", "Bob Brown/PERSON"},
			[]string{"Alice Adams -met-> Bob Brown x2"}},
		{"since counts only later evidence", Filter{Since: "2024-02-01"},
			[]string{"Alice Adams/PERSON", "Bob Brown/PERSON"},
			[]string{"Alice Adams -met-> Bob Brown x1"}},
		{"until", Filter{Until: "2024-01-31", IncludeNegated: true},
			[]string{"Alice Adams/PERSON", "Bob Brown/PERSON", "Acme Corp/ORG"},
			[]string{"Alice Adams -met-> Bob Brown x1", "Alice Adams -accused-> Acme Corp x1"}},
		{"around by name, default depth 1", Filter{Around: "bob brown"},
			[]string{"Alice Adams/PERSON", "Bob Brown/PERSON"},
			[]string{"Alice Adams -met-> Bob Brown x2"}},
		{"around depth 2 through hedged edge", Filter{Around: "Alice Adams", Depth: 2, IncludeHedged: true},
			[]string{"Alice Adams/PERSON", "Bob Brown/PERSON", "Freedonia/GPE"},
			[]string{"Alice Adams -met-> Bob Brown x2", "Bob Brown -visited-> Freedonia x1"}},
		{"around by ID keeps an isolated centre", Filter{Around: "5"},
			[]string{"Eve Evans/PERSON"},
			nil},
		{"top by degree then weight", Filter{Top: 2},
			[]string{"Alice Adams/PERSON", "Bob Brown/PERSON"},
			[]string{"Alice Adams -met-> Bob Brown x2"}},
		{"top counts included edges", Filter{Top: 1, IncludeHedged: true},
			[]string{"Bob Brown/PERSON"},
			nil},
		{"combined types, since and hedged", Filter{Types: []string{"PERSON"}, Since: "2024-02-01", IncludeHedged: true},
			[]string{"Alice Adams/PERSON", "Bob Brown/PERSON"},
			[]string{"Alice Adams -met-> Bob Brown x1"}},
		{"combined around and predicate", Filter{Around: "Freedonia", Predicates: []string{"sanctioned", "visited"}, IncludeHedged: true},
			[]string{"Bob Brown/PERSON", "Acme Corp/ORG", "Freedonia/GPE"},
			[]string{"Bob Brown -visited-> Freedonia x1", "Acme Corp -sanctioned-> Freedonia x1"}},
		{"empty result is not an error", Filter{Predicates: []string{"flew"}}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nodeNames(t, s, tt.f); !equal(got, tt.wantNodes) {
				t.Errorf("Nodes(%+v)\n got %q\nwant %q", tt.f, got, tt.wantNodes)
			}
			if got := edgeNames(t, s, tt.f); !equal(got, tt.wantEdges) {
				t.Errorf("Edges(%+v)\n got %q\nwant %q", tt.f, got, tt.wantEdges)
			}
		})
	}
}

func TestFilterAroundUnknown(t *testing.T) {
	s := fixture(t)
	err := s.Nodes(context.Background(), Filter{Around: "Nobody Known"}, func(Node) error { return nil })
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("Nodes(Around: unknown) error = %v; want ErrNotFound", err)
	}
}

func TestSearchEvidenceFoldsDiacritics(t *testing.T) {
	s := openTemp(t)
	d := newDoc("tr.txt", "2024-03-01", "Recep Erdoğan called Olaf Scholz’s office.", "Olaf Scholz thanked Recep Erdoğan.")
	a, b := d.entity("Recep Erdoğan", "PERSON"), d.entity("Olaf Scholz", "PERSON")
	d.relation(a, "called", "CONSULT", b, 0, "possessed")
	d.relation(b, "thanked", "SUPPORT", a, 1)
	mustAdd(t, s, d)
	tests := []struct {
		query string
		limit int
		want  []string
	}{
		{"erdogan", 0, []string{"called", "thanked"}},
		{"ERDOĞAN CALLED", 0, []string{"called"}},
		{"scholz's", 0, []string{"called"}},
		{"erdogan", 1, []string{"called"}},
		{"100%", 0, nil},
		{"", 0, nil},
	}
	for _, tt := range tests {
		ev, err := s.SearchEvidence(context.Background(), tt.query, tt.limit)
		if err != nil {
			t.Fatalf("SearchEvidence(%q): %v", tt.query, err)
		}
		var got []string
		for _, e := range ev {
			got = append(got, e.Predicate)
		}
		if !equal(got, tt.want) {
			t.Errorf("SearchEvidence(%q, %d) predicates = %q; want %q", tt.query, tt.limit, got, tt.want)
		}
	}
}

func TestQueryIsReadOnly(t *testing.T) {
	s := fixture(t)
	ctx := context.Background()
	for _, q := range []string{
		`DELETE FROM documents`,
		`UPDATE entities SET name = 'x'`,
		`CREATE TABLE t (x)`,
		`DROP VIEW relations`,
	} {
		rows, err := s.Query(ctx, q)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		if err == nil {
			t.Errorf("Query(%q) succeeded; want a read-only error", q)
		}
	}
	if st, _ := s.Stats(ctx); st.Documents != 3 {
		t.Errorf("after write attempts: %d documents; want 3", st.Documents)
	}
	rows, err := s.Query(ctx, `SELECT subject, predicate, object, weight FROM relations WHERE weight > ? ORDER BY id`, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var subj, pred, obj string
		var w int
		if err := rows.Scan(&subj, &pred, &obj, &w); err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join([]string{subj, pred, obj}, " "))
	}
	if want := []string{"Alice Adams met Bob Brown"}; !equal(got, want) {
		t.Errorf("relations with weight > 1 = %q; want %q", got, want)
	}
}

// TestExampleQueries runs the SQL examples published in the README.
func TestExampleQueries(t *testing.T) {
	s := fixture(t)
	tests := []struct {
		name  string
		query string
		args  []any
		want  [][]string
	}{
		{"neighbours", ExampleNeighbours, []any{sql.Named("entity", "bob brown")},
			[][]string{{"Alice Adams", "in", "met", "2"}, {"Freedonia", "out", "visited", "1"}}},
		{"predicate", ExamplePredicate, []any{sql.Named("predicate", "met")},
			[][]string{
				{"Alice Adams", "PERSON", "met", "Bob Brown", "PERSON", "2", "2024-01-10", "2024-02-10"},
				{"Frank Fox", "PERSON", "met", "Gina Gray", "PERSON", "1", "", ""}}},
		{"path", ExamplePath, []any{sql.Named("from", "Alice Adams"), sql.Named("to", "Acme Corp")},
			[][]string{{"Alice Adams -[accused]-> Acme Corp", "1"}}},
		{"path against edge direction", ExamplePath, []any{sql.Named("from", "Acme Corp"), sql.Named("to", "Bob Brown")},
			[][]string{{"Acme Corp -[sanctioned]-> Freedonia <-[visited]- Bob Brown", "2"}}},
		{"evidence", ExampleEvidence, []any{sql.Named("subject", "Alice Adams"), sql.Named("predicate", "met"), sql.Named("object", "Bob Brown")},
			[][]string{
				{"d1.txt", "2024-01-10", "Alice Adams met Bob Brown in Paris.", "0", "0", "0.5"},
				{"d2.txt", "2024-02-10", "Alice Adams met Bob Brown again.", "0", "0", "0.5"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := s.Query(context.Background(), tt.query, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			cols, _ := rows.Columns()
			var got [][]string
			for rows.Next() {
				vals := make([]sql.NullString, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				row := make([]string, len(cols))
				for i, v := range vals {
					row[i] = v.String
				}
				got = append(got, row)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s with %v\n got %q\nwant %q", tt.name, tt.args, got, tt.want)
			}
		})
	}
}

func TestAliasesAreNamesOnly(t *testing.T) {
	s := openTemp(t)
	for i, person := range []string{"John Smith", "Jane Doe"} {
		d := newDoc(person, "", person+" spoke.", "The president said he would go.")
		e := d.entity(person, "PERSON")
		d.res.Entities[e].Aliases = []string{person, "The president", "he"}
		for _, form := range []string{"The president", "he"} {
			at := strings.Index(d.doc.Text, form)
			kind := map[string]string{"he": "pronoun", "The president": "description"}[form]
			d.res.Mentions = append(d.res.Mentions, extractMention(e, 1, at, form, kind))
		}
		mustAdd(t, s, d)
		if got := nodeNames(t, s, Filter{}); len(got) != i+1 {
			t.Fatalf("after %s: nodes %q; want %d (descriptions must not merge people)", person, got, i+1)
		}
	}
	nodes, _ := s.Resolve(context.Background(), "he")
	if len(nodes) != 0 {
		t.Errorf("Resolve(he) = %+v; want no node: pronouns are not aliases", nodes)
	}
	n, _ := s.Node(context.Background(), 1)
	if !reflect.DeepEqual(n.Aliases, []string{"John Smith"}) || n.Mentions != 3 {
		t.Errorf("node 1 = %+v; want alias [John Smith] and 3 mentions", n)
	}
}

func TestSelfRelationsAreDropped(t *testing.T) {
	s := openTemp(t)
	d := newDoc("d", "", "John Smith met Smith.")
	a, b := d.entity("John Smith", "PERSON", "Smith"), d.entity("Smith", "PERSON")
	d.relation(a, "met", "CONSULT", b, 0)
	d.relation(a, "praised", "SUPPORT", a, 0)
	mustAdd(t, s, d)
	if st, _ := s.Stats(context.Background()); st.Entities != 1 || st.Edges != 0 || st.Evidence != 0 {
		t.Errorf("Stats = %+v; want 1 entity (Smith merged into John Smith) and no edges", st)
	}
}
