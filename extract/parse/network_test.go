package parse

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"kg/extract/internal/nn"
	"kg/extract/ud"
)

// conll builds a sentence from "form/UPOS/XPOS/head/deprel" items.
func conll(items string) *ud.Sentence {
	s := &ud.Sentence{}
	for i, it := range strings.Fields(items) {
		f := strings.Split(it, "/")
		h := 0
		for _, c := range f[3] {
			h = h*10 + int(c-'0')
		}
		s.Tokens = append(s.Tokens, ud.Token{ID: i + 1, Form: f[0], UPOS: f[1], XPOS: f[2], Head: h, Deprel: f[4]})
	}
	return s
}

// TestLossGradients checks the whole network's backward pass against
// finite differences of its loss.
func TestLossGradients(t *testing.T) {
	sents := []*ud.Sentence{
		conll("Vance/PROPN/NNP/2/nsubj met/VERB/VBD/0/root Meloni/PROPN/NNP/2/obj ./PUNCT/./2/punct"),
		conll("She/PRON/PRP/2/nsubj left/VERB/VBD/0/root early/ADV/RB/2/advmod ./PUNCT/./2/punct"),
	}
	sents = append(sents, sents...)
	v := buildVocab(sents)
	rng := rand.New(rand.NewPCG(1, 1))
	net := newNetwork(config{Word: 8, Tag: 8, Hidden: 8, Layers: 2, Arc: 8, Label: 8}, v, rng)
	for _, p := range net.ps.List() { // the biaffine starts at zero; move it so its gradients flow
		for i := range p.W {
			if p.W[i] == 0 {
				p.W[i] = rng.Float32()*0.2 - 0.1
			}
		}
	}
	exs := makeExamples(v, sents[:1])
	ex := exs[0]
	loss := func(g *nn.Grads) float64 {
		var w work
		w.toks = append(w.toks, ex.toks...)
		d := &dropout{rng: rand.New(rand.NewPCG(2, 2))}
		if g == nil {
			g = nn.NewGrads(&net.ps)
		}
		return net.loss(&w, ex.heads, ex.labels, d, v.wordCount, g)
	}
	g := nn.NewGrads(&net.ps)
	loss(g)
	for _, p := range net.ps.List() {
		grad := gradOf(g, p, ex)
		for k := 0; k < 5; k++ {
			j := rng.IntN(len(p.W))
			if p.Sparse && !touched(p, j, ex) {
				continue
			}
			old := p.W[j]
			const h = 5e-3
			p.W[j] = old + h
			lp := loss(nil)
			p.W[j] = old - h
			lm := loss(nil)
			p.W[j] = old
			num := (lp - lm) / (2 * h)
			if got := float64(grad[j]); math.Abs(num-got) > 3e-2*math.Max(1, math.Abs(num)) {
				t.Errorf("%s[%d]: analytic gradient %.5f, numeric %.5f", p.Name, j, got, num)
			}
		}
	}
}

// gradOf returns p's gradient as a dense slice.
func gradOf(g *nn.Grads, p *nn.Param, ex example) []float32 {
	if !p.Sparse {
		return g.Of(p)
	}
	out := make([]float32, len(p.W))
	for r := 0; r < p.Rows; r++ {
		if touchedRow(p, r, ex) {
			copy(out[r*p.Cols:], g.Row(p, r))
		}
	}
	return out
}

func touched(p *nn.Param, j int, ex example) bool { return touchedRow(p, j/p.Cols, ex) }

func touchedRow(p *nn.Param, r int, ex example) bool {
	for _, tk := range ex.toks {
		ids := map[string][]int32{"word": {tk.word}, "shape": {tk.shape}, "upos": {tk.upos}, "xpos": {tk.xpos}, "affix": tk.affix[:]}[p.Name]
		for _, id := range ids {
			if int(id) == r {
				return true
			}
		}
	}
	return false
}
