package graph

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestPastRole(t *testing.T) {
	tests := []struct {
		clause string
		want   bool
	}{
		{"former FTC chair Lina Khan", true},
		{"Former President Barack Obama", true},
		{"ex-president Jair Bolsonaro", true},
		{"then-Secretary of State Hillary Clinton", true},
		{"the late Queen Elizabeth", true},
		{"FTC chair Lina Khan", false},
		{"President Emmanuel Macron", false},
		{"Latvian President Edgars Rinkevics", false}, // "late" only as a word
		{"Exxon chief executive Darren Woods", false},
	}
	for _, tt := range tests {
		s := "Yesterday " + tt.clause + " spoke."
		start := len("Yesterday ")
		if got := pastRole(s, 100+start, 100+start+len(tt.clause), 100); got != tt.want {
			t.Errorf("pastRole(%q) = %v, want %v", tt.clause, got, tt.want)
		}
	}
	for pred, want := range map[string]bool{"former leader of": true, "leader of": false, "ex president of": true, "formerly": false} {
		if got := pastPredicate(pred); got != want {
			t.Errorf("pastPredicate(%q) = %v, want %v", pred, got, want)
		}
	}
	if pastRole("short", 0, 99, 0) {
		t.Error("pastRole with offsets past the sentence = true, want false")
	}
}

func TestFormerAndAttribution(t *testing.T) {
	s := openTemp(t)
	b := newDoc("d1.txt", "2024-01-10", "Former FTC chair Lina Khan spoke.", "FTC chair Andrew Ferguson spoke.", "Rubio said Russia attacked Ukraine.")
	khan := b.entity("Lina Khan", "PERSON")
	ftc := b.entity("Federal Trade Commission", "ORG", "FTC")
	ferg := b.entity("Andrew Ferguson", "PERSON")
	rubio := b.entity("Marco Rubio", "PERSON", "Rubio")
	ru := b.entity("Russia", "GPE")
	ua := b.entity("Ukraine", "GPE")
	b.relation(khan, "chair of", "ROLE", ftc, 0)
	b.relation(ferg, "chair of", "ROLE", ftc, 1)
	b.relation(ru, "attacked", "ASSAULT", ua, 2)
	b.res.Relations[2].Attributed = rubio
	mustAdd(t, s, b)

	got := map[string]Edge{}
	names := map[int64]string{}
	ctx := context.Background()
	if err := s.Nodes(ctx, Filter{}, func(n Node) error { names[n.ID] = n.Name; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.Edges(ctx, Filter{WithEvidence: true}, func(e Edge) error {
		got[names[e.Source]+" "+e.Predicate] = e
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if e := got["Lina Khan chair of"]; !e.Former || len(e.Evidence) != 1 || !e.Evidence[0].Former {
		t.Errorf("Khan's role: Former %v, evidence %+v; want former", e.Former, e.Evidence)
	}
	if e := got["Andrew Ferguson chair of"]; e.Former {
		t.Errorf("Ferguson's role is marked former; want current")
	}
	if e := got["Russia attacked"]; strings.Join(e.AttributedTo, ",") != "Marco Rubio" || e.Evidence[0].AttributedTo != "Marco Rubio" {
		t.Errorf("attack: AttributedTo %q, evidence %q; want Marco Rubio", e.AttributedTo, e.Evidence[0].AttributedTo)
	}
	if e := got["Russia attacked"]; e.Former {
		t.Errorf("a non-role edge is marked former")
	}
}

func TestNormalize(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	f, err := s.Normalize(ctx, Filter{Types: []string{"person", " Gpe"}, Classes: []string{"role"}, Predicates: []string{"MET", "President Of"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(f.Types, ",") != "PERSON,GPE" || strings.Join(f.Classes, ",") != "ROLE" || strings.Join(f.Predicates, ",") != "met,president of" {
		t.Errorf("Normalize = %q %q %q; want upper-case types and classes, lower-case predicates", f.Types, f.Classes, f.Predicates)
	}
	for _, bad := range []Filter{{Types: []string{"PEOPLE"}}, {Classes: []string{"hug"}}} {
		_, err := s.Normalize(ctx, bad)
		var uv *UnknownValueError
		if !errors.As(err, &uv) || !strings.Contains(err.Error(), "valid") {
			t.Errorf("Normalize(%+v) = %v; want an UnknownValueError listing the valid values", bad, err)
		}
	}
}
