package relate

import (
	"kg/internal/shared"
	"os"
	"path/filepath"
	"testing"

	"kg/extract"
	"kg/extract/ud"
)

// dataDir returns ../shared/data, or skips when it is absent.
func dataDir(tb testing.TB) string {
	tb.Helper()
	return shared.Path(tb, "data")
}

func ewtDev(tb testing.TB) []*ud.Sentence {
	p := filepath.Join(dataDir(tb), "ud-ewt", "en_ewt-ud-dev.conllu")
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("EWT dev not found at %s: %v", p, err)
	}
	sents, err := ud.ReadFile(p)
	if err != nil {
		tb.Fatal(err)
	}
	return sents
}

// TestTriplesOnGoldTrees runs over every EWT dev tree: no panics, sane
// fields, and most clausal sentences yield a tuple.
func TestTriplesOnGoldTrees(t *testing.T) {
	sents := ewtDev(t)
	withVerb, withTriple := 0, 0
	for _, s := range sents {
		hasVerb := false
		for _, tok := range s.Tokens {
			if tok.UPOS == "VERB" && tok.Deprel == "root" {
				hasVerb = true
			}
		}
		ts := Triples(s)
		if hasVerb {
			withVerb++
			for _, tr := range ts {
				if tr.Arg1 != "" && len(tr.Args) > 0 {
					withTriple++
					break
				}
			}
		}
		for _, tr := range ts {
			if tr.Confidence <= 0 || tr.Confidence > 1 || tr.Rel == "" ||
				tr.Arg1Head >= len(s.Tokens) || tr.Arg2Head >= len(s.Tokens) || tr.Pred < 0 || tr.Pred >= len(s.Tokens) {
				t.Fatalf("sentence %s %q: bad triple %+v", s.ID, s.Text, tr)
			}
		}
		// Every token an entity of its own: relations must stay in range.
		toks := make([]int, len(s.Tokens))
		ents := make([]extract.Entity, len(s.Tokens))
		for i := range toks {
			toks[i] = i
		}
		for _, r := range Extract(s.Text, []*ud.Sentence{s}, [][]int{toks}, ents) {
			if r.Subject == r.Object || r.Subject < 0 || r.Object >= len(ents) || r.Predicate == "" {
				t.Fatalf("sentence %s %q: bad relation %+v", s.ID, s.Text, r)
			}
		}
	}
	if frac := float64(withTriple) / float64(withVerb); frac < 0.8 {
		t.Errorf("only %d of %d verb-rooted sentences gave a two-argument triple (%.2f), want ≥ 0.8", withTriple, withVerb, frac)
	}
}

func TestMalformedTreesDoNotHang(t *testing.T) {
	s := &ud.Sentence{Tokens: []ud.Token{
		{ID: 1, Form: "A", UPOS: "PROPN", Head: 2, Deprel: "nsubj", Start: -1, End: -1},
		{ID: 2, Form: "saw", Lemma: "see", UPOS: "VERB", Head: 3, Deprel: "conj", Start: -1, End: -1},
		{ID: 3, Form: "met", Lemma: "meet", UPOS: "VERB", Head: 2, Deprel: "xcomp", Start: -1, End: -1},
		{ID: 4, Form: "B", UPOS: "PROPN", Head: 9, Deprel: "obj", Start: -1, End: -1},
	}}
	_ = Triples(s)
	_ = Extract("", []*ud.Sentence{s, nil}, [][]int{{0, -1, -1, 1}}, make([]extract.Entity, 2))
}

func BenchmarkTriples(b *testing.B) {
	sents := ewtDev(b)
	n := 0
	for _, s := range sents {
		n += len(s.Text)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for range b.N {
		for _, s := range sents {
			Triples(s)
		}
	}
}
