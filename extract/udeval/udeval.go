// Package udeval scores tagged and parsed sentences against a gold
// treebank the way the CoNLL 2018 shared task evaluation script does.
//
// System words are aligned to gold words through the characters of the
// text with whitespace removed, so the system may use its own tokenization
// and sentence segmentation: words with the same character span align, and
// inside multiword tokens words align by the longest common subsequence of
// their lowercased forms. Every score is then an F1 over aligned words; with
// gold tokenization it equals accuracy.
package udeval

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode"

	"kg/extract/ud"
)

// Metric counts one score: gold and system items and the correct ones.
type Metric struct {
	Gold, System, Correct int
}

// Precision returns Correct/System in percent (0 when System is 0).
func (m Metric) Precision() float64 { return pct(m.Correct, m.System) }

// Recall returns Correct/Gold in percent (0 when Gold is 0).
func (m Metric) Recall() float64 { return pct(m.Correct, m.Gold) }

// F1 returns the harmonic mean of Precision and Recall in percent.
func (m Metric) F1() float64 {
	if m.Gold+m.System == 0 {
		return 0
	}
	return 200 * float64(m.Correct) / float64(m.Gold+m.System)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// LabelScore is the attachment score of one dependency relation, full
// label with subtype: a word counts as correct when it is aligned, its head
// is right and its relation equals Deprel.
type LabelScore struct {
	Deprel string
	Metric
}

// Scores is the result of one comparison. LAS follows CoNLL 2018 and
// compares only the universal part of the relation (nsubj for nsubj:pass);
// LASFull compares full labels.
type Scores struct {
	Tokens, Sentences, Words  Metric
	UPOS, XPOS, UFeats, Lemma Metric
	UAS, LAS, LASFull         Metric
	Labels                    []LabelScore // sorted by relation
}

// word is a syntactic word placed in the whitespace-free character stream
// of its document.
type word struct {
	tok        *ud.Token
	start, end int // character span; the whole token's span inside a multiword token
	multi      bool
	head       int // global index of the head word, -1 for the root
}

// doc flattens sentences into words, tokens and sentence spans over the
// non-space characters.
type doc struct {
	chars  []rune
	words  []word
	tokens [][2]int
	sents  [][2]int
}

func flatten(sents []*ud.Sentence) (*doc, error) {
	d := &doc{}
	for si, s := range sents {
		base := len(d.words)
		sentStart := len(d.chars)
		mi := 0
		for i := 0; i < len(s.Tokens); i++ {
			t := &s.Tokens[i]
			for mi < len(s.Multi) && s.Multi[mi].Last < t.ID {
				mi++
			}
			if mi < len(s.Multi) && s.Multi[mi].First == t.ID {
				mw := s.Multi[mi]
				start := len(d.chars)
				d.appendChars(mw.Form)
				end := len(d.chars)
				d.tokens = append(d.tokens, [2]int{start, end})
				for ; i < len(s.Tokens) && s.Tokens[i].ID <= mw.Last; i++ {
					d.words = append(d.words, word{tok: &s.Tokens[i], start: start, end: end, multi: true})
				}
				i--
				mi++
				continue
			}
			start := len(d.chars)
			d.appendChars(t.Form)
			end := len(d.chars)
			d.tokens = append(d.tokens, [2]int{start, end})
			d.words = append(d.words, word{tok: t, start: start, end: end})
		}
		d.sents = append(d.sents, [2]int{sentStart, len(d.chars)})
		for i := base; i < len(d.words); i++ {
			h := d.words[i].tok.Head
			switch {
			case h == 0:
				d.words[i].head = -1
			case h > 0 && h <= len(s.Tokens):
				d.words[i].head = base + h - 1
			default:
				return nil, fmt.Errorf("udeval: sentence %d (%s): word %d has invalid head %d", si+1, s.ID, d.words[i].tok.ID, h)
			}
		}
	}
	return d, nil
}

func (d *doc) appendChars(s string) {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			d.chars = append(d.chars, r)
		}
	}
}

// Evaluate compares system with gold. The two must spell the same text
// once whitespace is removed; they may differ in tokenization and sentence
// boundaries.
func Evaluate(gold, system []*ud.Sentence) (Scores, error) {
	g, err := flatten(gold)
	if err != nil {
		return Scores{}, fmt.Errorf("gold: %w", err)
	}
	s, err := flatten(system)
	if err != nil {
		return Scores{}, fmt.Errorf("system: %w", err)
	}
	if string(g.chars) != string(s.chars) {
		i := 0
		for i < len(g.chars) && i < len(s.chars) && g.chars[i] == s.chars[i] {
			i++
		}
		return Scores{}, fmt.Errorf("udeval: gold and system text differ at non-space character %d: %q vs %q",
			i, snippet(g.chars, i), snippet(s.chars, i))
	}
	var sc Scores
	sc.Tokens = spanMetric(g.tokens, s.tokens)
	sc.Sentences = spanMetric(g.sents, s.sents)

	align := alignWords(g.words, s.words) // system index → gold index or -1
	n := func(m *Metric) { m.Gold, m.System = len(g.words), len(s.words) }
	for _, m := range []*Metric{&sc.Words, &sc.UPOS, &sc.XPOS, &sc.UFeats, &sc.Lemma, &sc.UAS, &sc.LAS, &sc.LASFull} {
		n(m)
	}
	labels := map[string]*Metric{}
	label := func(l string) *Metric {
		m := labels[l]
		if m == nil {
			m = &Metric{}
			labels[l] = m
		}
		return m
	}
	for _, w := range g.words {
		label(w.tok.Deprel).Gold++
	}
	for _, w := range s.words {
		label(w.tok.Deprel).System++
	}
	for si, gi := range align {
		if gi < 0 {
			continue
		}
		gw, sw := g.words[gi], s.words[si]
		gt, st := gw.tok, sw.tok
		sc.Words.Correct++
		if gt.UPOS == st.UPOS {
			sc.UPOS.Correct++
		}
		if gt.XPOS == st.XPOS {
			sc.XPOS.Correct++
		}
		if gt.Feats == st.Feats {
			sc.UFeats.Correct++
		}
		if gt.Lemma == st.Lemma {
			sc.Lemma.Correct++
		}
		sh := -1
		if sw.head >= 0 {
			sh = align[sw.head]
			if sh < 0 {
				sh = -2 // head not aligned: never correct
			}
		}
		if sh != gw.head {
			continue
		}
		sc.UAS.Correct++
		if universal(gt.Deprel) == universal(st.Deprel) {
			sc.LAS.Correct++
		}
		if gt.Deprel == st.Deprel {
			sc.LASFull.Correct++
			label(gt.Deprel).Correct++
		}
	}
	for l, m := range labels {
		sc.Labels = append(sc.Labels, LabelScore{Deprel: l, Metric: *m})
	}
	sort.Slice(sc.Labels, func(i, j int) bool { return sc.Labels[i].Deprel < sc.Labels[j].Deprel })
	return sc, nil
}

func snippet(r []rune, i int) string {
	return string(r[i:min(i+20, len(r))])
}

func universal(deprel string) string {
	if i := strings.IndexByte(deprel, ':'); i >= 0 {
		return deprel[:i]
	}
	return deprel
}

func spanMetric(gold, sys [][2]int) Metric {
	m := Metric{Gold: len(gold), System: len(sys)}
	i, j := 0, 0
	for i < len(gold) && j < len(sys) {
		switch {
		case gold[i] == sys[j]:
			m.Correct++
			i++
			j++
		case gold[i][0] < sys[j][0] || (gold[i][0] == sys[j][0] && gold[i][1] < sys[j][1]):
			i++
		default:
			j++
		}
	}
	return m
}

// alignWords returns, for each system word, the index of the gold word it
// aligns with, or -1: the algorithm of the CoNLL 2018 evaluation script.
func alignWords(gold, sys []word) []int {
	align := make([]int, len(sys))
	for i := range align {
		align[i] = -1
	}
	gi, si := 0, 0
	for gi < len(gold) && si < len(sys) {
		if gold[gi].multi || sys[si].multi {
			var gs, ss int
			gs, ss, gi, si = multiwordSpan(gold, sys, gi, si)
			alignLCS(gold[gs:gi], sys[ss:si], gs, ss, align)
			continue
		}
		switch {
		case gold[gi].start == sys[si].start && gold[gi].end == sys[si].end:
			align[si] = gi
			gi++
			si++
		case gold[gi].start <= sys[si].start:
			gi++
		default:
			si++
		}
	}
	return align
}

func beyondEnd(ws []word, i, end int) bool {
	if i >= len(ws) {
		return true
	}
	if ws[i].multi {
		return ws[i].start >= end
	}
	return ws[i].end > end
}

func extendEnd(w word, end int) int {
	if w.multi && w.end > end {
		return w.end
	}
	return end
}

// multiwordSpan finds the smallest region starting at gi, si that covers
// the multiword token there and every token overlapping it.
func multiwordSpan(gold, sys []word, gi, si int) (gs, ss, ge, se int) {
	var end int
	if gold[gi].multi {
		end = gold[gi].end
		if !sys[si].multi && sys[si].start < gold[gi].start {
			si++
		}
	} else {
		end = sys[si].end
		if !gold[gi].multi && gold[gi].start < sys[si].start {
			gi++
		}
	}
	gs, ss = gi, si
	for !beyondEnd(gold, gi, end) || !beyondEnd(sys, si, end) {
		if gi < len(gold) && (si >= len(sys) || gold[gi].start <= sys[si].start) {
			end = extendEnd(gold[gi], end)
			gi++
		} else {
			end = extendEnd(sys[si], end)
			si++
		}
	}
	return gs, ss, gi, si
}

// alignLCS aligns the words of a multiword region by the longest common
// subsequence of their lowercased forms.
func alignLCS(g, s []word, gs, ss int, align []int) {
	ng, ns := len(g), len(s)
	if ng == 0 || ns == 0 {
		return
	}
	eq := func(i, j int) bool { return strings.ToLower(g[i].tok.Form) == strings.ToLower(s[j].tok.Form) }
	lcs := make([][]int, ng+1)
	for i := range lcs {
		lcs[i] = make([]int, ns+1)
	}
	for i := ng - 1; i >= 0; i-- {
		for j := ns - 1; j >= 0; j-- {
			if eq(i, j) {
				lcs[i][j] = 1 + lcs[i+1][j+1]
			}
			lcs[i][j] = max(lcs[i][j], lcs[i+1][j], lcs[i][j+1])
		}
	}
	i, j := 0, 0
	for i < ng && j < ns {
		switch {
		case eq(i, j):
			align[ss+j] = gs + i
			i++
			j++
		case lcs[i][j] == lcs[i+1][j]:
			i++
		default:
			j++
		}
	}
}

// Write prints the per-relation table, the segmentation and tagging
// scores, and as the last line "UPOS=… XPOS=… UAS=… LAS=…" (F1 in percent).
func (s Scores) Write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "deprel\tgold\tsystem\tcorrect\tP\tR\tF1\t\n")
	for _, l := range s.Labels {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t\n", l.Deprel, l.Gold, l.System, l.Correct, l.Precision(), l.Recall(), l.F1())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "Tokens=%.2f Sentences=%.2f Words=%.2f UFeats=%.2f Lemma=%.2f LASFull=%.2f\nUPOS=%.2f XPOS=%.2f UAS=%.2f LAS=%.2f\n",
		s.Tokens.F1(), s.Sentences.F1(), s.Words.F1(), s.UFeats.F1(), s.Lemma.F1(), s.LASFull.F1(),
		s.UPOS.F1(), s.XPOS.F1(), s.UAS.F1(), s.LAS.F1())
	return err
}
