package tag

import "kg/extract/ud"

// Scores are tagging accuracies in percent over the tokens of a gold corpus.
type Scores struct {
	Tokens   int
	UPOS     float64
	XPOS     float64
	Lemma    float64
	Feats    float64
	UPOSXPOS float64 // both tags right
}

// Evaluate tags a copy of each gold sentence (from its forms only) with m
// and compares the result with the gold annotation.
func Evaluate(m *Model, gold []*ud.Sentence) Scores {
	var n, upos, xpos, lemma, feats, both int
	var s ud.Sentence
	for _, g := range gold {
		s.Tokens = append(s.Tokens[:0], g.Tokens...)
		for i := range s.Tokens {
			t := &s.Tokens[i]
			t.UPOS, t.XPOS, t.Lemma, t.Feats = "", "", "", ""
		}
		m.Tag(&s)
		for i, t := range s.Tokens {
			gt := g.Tokens[i]
			n++
			if t.UPOS == gt.UPOS {
				upos++
			}
			if t.XPOS == gt.XPOS {
				xpos++
			}
			if t.UPOS == gt.UPOS && t.XPOS == gt.XPOS {
				both++
			}
			if t.Lemma == gt.Lemma {
				lemma++
			}
			if t.Feats == gt.Feats {
				feats++
			}
		}
	}
	pct := func(k int) float64 {
		if n == 0 {
			return 0
		}
		return 100 * float64(k) / float64(n)
	}
	return Scores{Tokens: n, UPOS: pct(upos), XPOS: pct(xpos), Lemma: pct(lemma), Feats: pct(feats), UPOSXPOS: pct(both)}
}
