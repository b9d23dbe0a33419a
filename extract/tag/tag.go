// Package tag assigns English part-of-speech tags (UPOS and Penn Treebank
// XPOS), lemmas and morphological features to the tokens of a sentence.
//
// The tagger is a greedy left-to-right averaged perceptron (Collins 2002)
// over hashed lexical, orthographic and tag-history features, predicting the
// XPOS and UPOS of a word as one joint class. Frequent words that the
// training data always tags the same way skip the model (a tag dictionary).
// Lemmas come from a (form, XPOS) table learned from the treebanks, with
// learned suffix-rewrite rules for unseen words; features come from a
// (form, tag) table with a per-tag default.
//
// The model shipped with the package is trained on UD English EWT and the
// GUM training documents; see Train.
package tag

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"kg/extract/ud"
)

// Model is a trained tagger and lemmatizer. It is read-only after loading
// and safe for concurrent use.
type Model struct {
	xpos, upos []string // per joint class
	tagdict    map[string]int32
	ambig      map[uint64]uint64 // normalized-word hash → ambiguity class hash
	w          weights           // first, left-to-right pass
	w2         weights           // second pass, which also sees the first pass's tags to the right; may be empty
	lem        lemmatizer
	pool       sync.Pool // *scratch
}

//go:embed model/en.tagger.gz
var embedded []byte

var loadEmbedded = sync.OnceValues(func() (*Model, error) {
	m, err := Read(bytes.NewReader(embedded))
	if err != nil {
		return nil, fmt.Errorf("tag: embedded model: %w", err)
	}
	return m, nil
})

// Load returns the model embedded in the package, decoding it on first use.
// Every call returns the same *Model.
func Load() (*Model, error) { return loadEmbedded() }

// weights is an open-addressed hash table from feature hash to a sparse row
// of class weights.
type weights struct {
	keys  []uint64 // 0 marks an empty slot
	rows  []uint32 // row index for keys[i]
	mask  uint64
	start []uint32 // row r's entries are cls/w[start[r]:start[r+1]]
	cls   []uint8
	w     []float32
}

func (t *weights) lookup(key uint64) (int, bool) {
	if len(t.keys) == 0 {
		return 0, false
	}
	if key == 0 {
		key = 1
	}
	for i := (key ^ key>>29) & t.mask; ; i = (i + 1) & t.mask {
		k := t.keys[i]
		if k == key {
			return int(t.rows[i]), true
		}
		if k == 0 {
			return 0, false
		}
	}
}

// build fills the table from rows given in key order.
func (t *weights) build(keys []uint64, start []uint32, cls []uint8, w []float32) {
	size := 1
	for size < 2*len(keys)+1 {
		size <<= 1
	}
	t.keys = make([]uint64, size)
	t.rows = make([]uint32, size)
	t.mask = uint64(size - 1)
	for r, key := range keys {
		if key == 0 {
			key = 1
		}
		i := (key ^ key>>29) & t.mask
		for t.keys[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.keys[i] = key
		t.rows[i] = uint32(r)
	}
	t.start, t.cls, t.w = start, cls, w
}

func (m *Model) getScratch() *scratch {
	if sc, ok := m.pool.Get().(*scratch); ok {
		return sc
	}
	return &scratch{score: make([]float32, len(m.xpos))}
}

// predict returns the best class for token i of the prepared contexts.
func (m *Model) predict(sc *scratch, wt *weights, i, t1, t2 int, right []int) int {
	sc.feats = features(sc.feats[:0], sc.ctxs, i, t1, t2, right)
	score := sc.score
	clear(score)
	for _, f := range sc.feats {
		r, ok := wt.lookup(f)
		if !ok {
			continue
		}
		lo, hi := wt.start[r], wt.start[r+1]
		cls, w := wt.cls[lo:hi], wt.w[lo:hi]
		for k, c := range cls {
			score[c] += w[k]
		}
	}
	best := 0
	for c := 1; c < len(score); c++ {
		if score[c] > score[best] {
			best = c
		}
	}
	return best
}

// tagForms returns the joint class of each form.
func (m *Model) tagForms(sc *scratch, forms []string) []int {
	m.contexts(sc, forms)
	sc.tags = m.pass(sc, &m.w, forms, sc.tags[:0], nil)
	if len(m.w2.start) > 1 {
		sc.tags2 = m.pass(sc, &m.w2, forms, sc.tags2[:0], sc.tags)
		sc.tags, sc.tags2 = sc.tags2, sc.tags
	}
	return sc.tags
}

// pass tags forms greedily left to right with the weights wt, appending the
// classes to out.
func (m *Model) pass(sc *scratch, wt *weights, forms []string, out, right []int) []int {
	t1, t2 := noTag1, noTag2
	for i, f := range forms {
		c, ok := m.tagdict[f]
		cls := int(c)
		if !ok {
			cls = m.predict(sc, wt, i, t1, t2, right)
		}
		out = append(out, cls)
		t2, t1 = t1, cls
	}
	return out
}

// Tag sets UPOS, XPOS, Lemma and Feats of every token of s from its Form.
func (m *Model) Tag(s *ud.Sentence) {
	if len(s.Tokens) == 0 {
		return
	}
	sc := m.getScratch()
	defer m.pool.Put(sc)
	forms := make([]string, len(s.Tokens))
	for i := range s.Tokens {
		forms[i] = s.Tokens[i].Form
	}
	tags := m.tagForms(sc, forms)
	for i := range s.Tokens {
		t := &s.Tokens[i]
		c := tags[i]
		t.XPOS, t.UPOS = m.xpos[c], m.upos[c]
		t.Lemma = m.lem.lemma(t.Form, t.XPOS, t.UPOS)
		t.Feats = m.lem.feats(t.Form, t.XPOS, t.UPOS)
	}
}
