package releval

import (
	"slices"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The White House", "white house"},
		{"  THE   Hague  ", "hague"},
		{"Theatre Royal", "theatre royal"}, // "the" only as a word
		{"The", "the"},                     // nothing follows it
		{"Trump's", "trump"},
		{"Trump 's", "trump"}, // the tokenised form: the space goes with the trim
		{"Trump’s", "trump"},
		{"Trump's Tower", "trumps tower"}, // only a final 's
		{"U.S.", "us"},
		{"Washington, D.C.", "washington dc"},
		{"Council on American - Islamic Relations", "council on american - islamic relations"},
		{"Kim Jong-un", "kim jong-un"},
		{"Ahmed (Mohamed)", "ahmed mohamed"},
		{"a . b", "a b"},
		{"AT&T", "att"},
		{"snake_case", "snake_case"},
		{"Łódź", "łódź"},
		{"\x1cthe\x1cFoo\u00a0Bar", "foo bar"}, // Python's \s includes U+001C and no-break space
		{"", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStemMatches(t *testing.T) {
	tests := []struct {
		pred  string
		stems string
		want  bool
	}{
		{"defeated", "defeat|beat", true},
		{"undefeated", "defeat", false}, // a stem starts a word
		{"co-founded", "co", true},      // "co" is a whole word of "co-founded"
		{"cofounded", "co", false},      // two letters: whole words only
		{"founder of", "of", true},
		{"official", "of", false},
		{"President of", "presid", true}, // the predicate is lower-cased
		{"went to", "went|in", true},
		{"joined", "in", false},
		{"secretary of state of", "secretar|state", true},
		{"", "met", false},
		{"met", "", false}, // an empty stem matches nothing
	}
	for _, tt := range tests {
		if got := StemMatches(tt.pred, strings.Split(tt.stems, "|")); got != tt.want {
			t.Errorf("StemMatches(%q, %q) = %v, want %v", tt.pred, tt.stems, got, tt.want)
		}
	}
}

const mappingGold = `# synthetic
E	PLACE	Jordan	
E	PERSON	Michael Jordan	Jordan|MJ
E	PERSON	George Washington	Washington
E	PLACE	Washington, D.C.	Washington|DC
E	PERSON	Anna Reyes	Reyes|Ms Reyes
O	ORG	Daily Star	the Star
`

func TestToGold(t *testing.T) {
	g, err := ParseGold("mapping", mappingGold)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, typ string
		aliases   []string
		want      string // "" for no gold entity
	}{
		{"Anna Reyes", "PERSON", nil, "Anna Reyes"},
		{"Reyes", "PERSON", nil, "Anna Reyes"},                      // an alias of the gold
		{"A. Reyes", "PERSON", []string{"Ms. Reyes"}, "Anna Reyes"}, // an alias of the node, dots dropped
		{"The Star", "ORG", nil, "Daily Star"},                      // O rows map too
		{"Jordan", "PERSON", nil, "Jordan"},                         // the canonical name wins over the type
		{"MJ", "PERSON", []string{"Jordan"}, "Michael Jordan"},      // no canonical match: the type decides
		{"MJ", "PLACE", []string{"Jordan"}, "Jordan"},               //
		{"Washington", "GPE", nil, "Washington, D.C."},              // the node's coarse type decides
		{"Washington", "PERSON", nil, "George Washington"},          //
		{"Washington", "NORP", nil, "George Washington"},            // no type matches: the first in file order
		{"Reyes Group", "ORG", nil, ""},
	}
	for _, tt := range tests {
		forms := []string{Normalize(tt.name)}
		for _, a := range tt.aliases {
			forms = append(forms, Normalize(a))
		}
		got := ""
		if i := toGold(g, tt.name, CoarseType(tt.typ), forms); i >= 0 {
			got = g.Entities[i].Name
		}
		if got != tt.want {
			t.Errorf("node %q %s aliases %q maps to %q, want %q", tt.name, tt.typ, tt.aliases, got, tt.want)
		}
	}
}

func TestParseGold(t *testing.T) {
	g, err := ParseGold("t", "# source\n\nE\tPERSON\tAnna\tA|\r\nO\tWORK\tAnna\tThe Anna\nE\tORG\tAcme\tAcme Inc.\n"+
		"R\tcore\tAnna|Acme\tmet|meet\tAcme\tsym\nR\tok\tAcme\tin\tAnna\nX\tignored\n  \n")
	if err != nil {
		t.Fatal(err)
	}
	// An O row repeating an E row's name replaces it in place for mapping,
	// as Python's dict.update does, and leaves the E rows alone.
	var got []string
	for _, e := range g.Entities {
		got = append(got, e.Name+"/"+e.Type+"/"+strings.Join(e.Forms, ","))
	}
	if want := []string{"Anna/WORK/anna", "Acme/ORG/acme,acme inc"}; !slices.Equal(got, want) {
		t.Errorf("entities = %q, want %q", got, want)
	}
	if len(g.Required) != 2 || g.Required[0].Type != "PERSON" || !slices.Equal(g.Required[0].Forms, []string{"anna", "a"}) {
		t.Errorf("E rows = %+v, want Anna PERSON with forms anna, a, then Acme", g.Required)
	}
	if len(g.Relations) != 2 {
		t.Fatalf("relations = %+v, want 2", g.Relations)
	}
	r := g.Relations[0]
	if r.Tier != "core" || !r.Sym || !slices.Equal(r.Subjects, []string{"Anna", "Acme"}) || !slices.Equal(r.Stems, []string{"met", "meet"}) || r.Line != 6 {
		t.Errorf("first row = %+v", r)
	}
	if g.Relations[1].Sym || g.Relations[1].Required() {
		t.Errorf("ok row = %+v, want not sym and not required", g.Relations[1])
	}

	for _, bad := range []string{"E\tPERSON\tAnna\n", "R\tcore\tA\tmet\n"} {
		if _, err := ParseGold("bad", bad); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ParseGold(%q) error = %v, want one naming line 1", bad, err)
		}
	}
}

// scoreGold is a small gold for TestScore: every tier, alternatives and a
// symmetric row.
const scoreGold = `E	PERSON	Anna Reyes	Reyes
E	ORG	Civic Party	CP
E	PERSON	Tomas Lind	Lind
E	PLACE	Norland	
E	ORG	Acme Holdings	Acme
O	ORG	Daily Star	
R	core	Anna Reyes	met|meet	Tomas Lind	sym
R	hard	Tomas Lind	found|co	Acme Holdings
R	role	Anna Reyes	chair|lead|head|of	Civic Party
R	role	Acme Holdings	own	Daily Star|Norland
R	ok	Civic Party	in|of	Norland
`

func TestScore(t *testing.T) {
	g, err := ParseGold("score", scoreGold)
	if err != nil {
		t.Fatal(err)
	}
	nodes := []Node{
		{ID: 1, Name: "Anna Reyes", Type: "PERSON"},
		{ID: 2, Name: "Civic Party", Type: "ORG", Aliases: []string{"CP"}},
		{ID: 3, Name: "Lind", Type: "PERSON"},
		{ID: 4, Name: "Norland", Type: "GPE"},
		{ID: 5, Name: "Acme", Type: "PERSON"}, // maps, but the wrong type for recall
		{ID: 6, Name: "Zed Corp", Type: "ORG"},
		{ID: 7, Name: "Norlanders", Type: "NORP"}, // not counted for entities
		{ID: 8, Name: "Anna Reyes", Type: "PERSON"},
		{ID: 9, Name: "Daily Star", Type: "ORG"},
	}
	tests := []struct {
		name     string
		edges    []Edge
		matched  int      // required rows matched
		correct  int      // distinct edges matching any row
		edges2   int      // distinct edges
		missed   []string // tiers of the missed required rows, in file order
		wrongOut []string // predicates of the unmatched edges
	}{
		{"nothing", nil, 0, 0, 0, []string{"core", "hard", "role", "role"}, nil},
		{"sym row either way", []Edge{{3, 1, "met with"}}, 1, 1, 1, []string{"hard", "role", "role"}, nil},
		{"direction matters", []Edge{{5, 3, "co-founded"}}, 0, 0, 1, []string{"core", "hard", "role", "role"}, []string{"co-founded"}},
		{"hard row", []Edge{{3, 5, "co-founded"}}, 1, 1, 1, []string{"core", "role", "role"}, nil},
		{"second alternative", []Edge{{5, 4, "owns"}}, 1, 1, 1, []string{"core", "hard", "role"}, nil},
		{"short stem is a whole word", []Edge{{1, 2, "chief officer"}, {1, 2, "official"}}, 0, 0, 2, []string{"core", "hard", "role", "role"}, []string{"chief officer", "official"}},
		{"ok row counts for precision only", []Edge{{2, 4, "based in"}}, 0, 1, 1, []string{"core", "hard", "role", "role"}, nil},
		{"end not in gold", []Edge{{1, 6, "met"}}, 0, 0, 1, []string{"core", "hard", "role", "role"}, []string{"met"}},
		{"stem mismatch", []Edge{{1, 3, "accused"}}, 0, 0, 1, []string{"core", "hard", "role", "role"}, []string{"accused"}},
		{"duplicates count once", []Edge{{1, 3, "met"}, {1, 3, "met"}, {8, 3, "met"}}, 1, 1, 1, []string{"hard", "role", "role"}, nil},
		{"same names, other predicate", []Edge{{1, 3, "met"}, {1, 3, "met with"}}, 1, 2, 2, []string{"hard", "role", "role"}, nil},
		{"dangling end", []Edge{{1, 99, "met"}}, 0, 0, 1, []string{"core", "hard", "role", "role"}, []string{"met"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(g, &Graph{Nodes: nodes, Edges: tt.edges})
			var missed, wrong []string
			for _, row := range r.Missed {
				missed = append(missed, row.Tier)
			}
			for _, e := range r.Edges {
				if !e.Matches {
					wrong = append(wrong, e.Predicate)
				}
			}
			if r.Required != 4 || r.Matched != tt.matched || r.Correct != tt.correct || len(r.Edges) != tt.edges2 ||
				!slices.Equal(missed, tt.missed) || !slices.Equal(wrong, tt.wrongOut) {
				t.Errorf("edges %v: required %d matched %d correct %d/%d missed %q wrong %q; want 4, %d, %d/%d, %q, %q",
					tt.edges, r.Required, r.Matched, r.Correct, len(r.Edges), missed, wrong,
					tt.matched, tt.correct, tt.edges2, tt.missed, tt.wrongOut)
			}
		})
	}

	// Entities do not depend on the edges.
	r := Score(g, &Graph{Nodes: nodes})
	// Found: Anna Reyes, Civic Party, Tomas Lind, Norland (GPE is PLACE);
	// not Acme Holdings, typed PERSON. Predicted: the eight PERSON, ORG and
	// GPE nodes; all but Zed Corp map to a row (Daily Star to an O row).
	if r.GoldEntities != 5 || r.Found != 4 || r.Predicted != 8 || r.Mapped != 7 ||
		!slices.Equal(r.MissedNames, []string{"Acme Holdings"}) || !slices.Equal(r.Spurious, []string{"Zed Corp"}) {
		t.Errorf("entities: gold %d found %d predicted %d mapped %d missed %q spurious %q; want 5, 4, 8, 7, [Acme Holdings], [Zed Corp]",
			r.GoldEntities, r.Found, r.Predicted, r.Mapped, r.MissedNames, r.Spurious)
	}
	want := []TierCount{{"core", 1, 0}, {"hard", 1, 0}, {"role", 2, 0}}
	if !slices.Equal(r.Tiers, want) {
		t.Errorf("tiers = %v, want %v", r.Tiers, want)
	}
}

func TestTextOf(t *testing.T) {
	conllu := "# newdoc id = x\n# newpar\n# sent_id = 1\n" +
		"1\tTrump\t_\t_\t_\t_\t_\t_\t_\t_\n" +
		"2\t's\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n" +
		"3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n" +
		"# newpar\n# sent_id = 2\n" +
		"1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n" + // the break waits for the next word
		"1\tdo\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n" +
		"1.1\tghost\t_\t_\t_\t_\t_\t_\t_\t_\n" +
		"2\tn't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n" +
		"3\t!\t_\t_\t_\t_\t_\t_\t_\t_\n"
	got, err := TextOf(conllu)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Trump 's.\n\ndon't! "; got != want {
		t.Errorf("TextOf = %q, want %q", got, want)
	}
	if _, err := TextOf("1\tshort\n"); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("TextOf of a short line: error %v, want one naming line 1", err)
	}
}
