// Package tag assigns English part-of-speech tags (UPOS and Penn Treebank
// XPOS), lemmas and morphological features to the tokens of a sentence.
//
// The tagger is a greedy left-to-right averaged perceptron (Collins 2002)
// over hashed lexical, orthographic and tag-history features, predicting the
// XPOS and UPOS of a word as one joint class. It runs twice: the second pass
// also sees the first pass's tags of the words to its right (trained on
// jackknifed first-pass tags). Frequent words that the training data always
// tags the same way skip the model (a tag dictionary), and other frequent
// words choose only among the classes seen with them.
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
	"sort"
	"sync"

	"kg/extract/ud"
)

// Model is a trained tagger and lemmatizer. It is read-only after loading
// and safe for concurrent use.
type Model struct {
	xpos, upos []string // per joint class
	tagdict    map[string]int32
	ambig      map[uint64]uint64  // normalized-word hash → ambiguity class hash
	cands      map[uint64][]uint8 // normalized-word hash → the classes seen with a frequent word
	w          weights            // first, left-to-right pass
	w2         weights            // second pass, which also sees the first pass's tags to the right; may be empty
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
// of class weights. A slot holds the key and its row's place, and a row's
// entries are contiguous, so a lookup touches about two cache lines.
type weights struct {
	slots  []slot
	mask   uint64
	ents   []entry
	dense  []float32 // rows with many classes, nclass floats each
	nclass int
	rows   int
}

// denseMin is the row length from which a row is stored densely, so that
// scoring a few candidate classes reads just those.
const denseMin = 12

// denseRow marks a slot whose row is dense[off : off+nclass].
const denseRow = ^uint32(0)

type slot struct {
	key    uint64 // 0 marks an empty slot
	off, n uint32 // the row is ents[off : off+n], or dense when n == denseRow
}

type entry struct {
	w   float32
	cls uint32
}

// lookup returns the slot of key, or nil.
func (t *weights) lookup(key uint64) *slot {
	if t.rows == 0 {
		return nil
	}
	if key == 0 {
		key = 1
	}
	for i := (key ^ key>>29) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == key {
			return s
		}
		if s.key == 0 {
			return nil
		}
	}
}

// row returns the sparse entries of s, or nil and the dense row.
func (t *weights) row(s *slot) ([]entry, []float32) {
	if s.n == denseRow {
		return nil, t.dense[s.off : s.off+uint32(t.nclass)]
	}
	return t.ents[s.off : s.off+s.n], nil
}

// build fills the table from rows given in key order: row r has the classes
// cls[start[r]:start[r+1]] with weights w[start[r]:start[r+1]].
func (t *weights) build(nclass int, keys []uint64, start []uint32, cls []uint8, w []float32) {
	size := 1
	for size < 2*len(keys)+1 {
		size <<= 1
	}
	t.slots = make([]slot, size)
	t.mask = uint64(size - 1)
	t.rows = len(keys)
	t.nclass = nclass
	t.ents, t.dense = nil, nil
	for r, key := range keys {
		if key == 0 {
			key = 1
		}
		i := (key ^ key>>29) & t.mask
		for t.slots[i].key != 0 {
			i = (i + 1) & t.mask
		}
		lo, hi := start[r], start[r+1]
		if int(hi-lo) >= denseMin {
			off := len(t.dense)
			t.dense = append(t.dense, make([]float32, nclass)...)
			for j := lo; j < hi; j++ {
				t.dense[off+int(cls[j])] = w[j]
			}
			t.slots[i] = slot{key: key, off: uint32(off), n: denseRow}
			continue
		}
		off := len(t.ents)
		for j := lo; j < hi; j++ {
			t.ents = append(t.ents, entry{w: w[j], cls: uint32(cls[j])})
		}
		t.slots[i] = slot{key: key, off: uint32(off), n: hi - lo}
	}
}

// sorted returns the occupied slots in key order.
func (t *weights) sorted() []slot {
	out := make([]slot, 0, t.rows)
	for _, s := range t.slots {
		if s.key != 0 {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

func (m *Model) getScratch() *scratch {
	if sc, ok := m.pool.Get().(*scratch); ok {
		return sc
	}
	return &scratch{score: make([]float32, len(m.xpos))}
}

// predict returns the best class for token i of the prepared contexts.
func (m *Model) predict(sc *scratch, wt *weights, i, t1, t2 int, right []int) int {
	cands := sc.ctxs[i+2].cands
	if len(cands) == 1 {
		return int(cands[0])
	}
	sc.feats = features(sc.feats[:0], sc.ctxs, i, t1, t2, right)
	score := sc.score
	clear(score)
	for _, f := range sc.feats {
		s := wt.lookup(f)
		if s == nil {
			continue
		}
		ents, dense := wt.row(s)
		for _, e := range ents {
			score[e.cls] += e.w
		}
		switch {
		case dense == nil:
		case cands != nil:
			for _, c := range cands {
				score[c] += dense[c]
			}
		default:
			for c, w := range dense {
				score[c] += w
			}
		}
	}
	if cands != nil {
		best := int(cands[0])
		for _, c := range cands[1:] {
			if score[c] > score[best] {
				best = int(c)
			}
		}
		return best
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
	if m.w2.rows > 0 {
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
// Feats is "_" when the word has no features.
func (m *Model) Tag(s *ud.Sentence) {
	if len(s.Tokens) == 0 {
		return
	}
	sc := m.getScratch()
	defer m.pool.Put(sc)
	sc.forms = sc.forms[:0]
	for i := range s.Tokens {
		sc.forms = append(sc.forms, s.Tokens[i].Form)
	}
	tags := m.tagForms(sc, sc.forms)
	for i := range s.Tokens {
		t := &s.Tokens[i]
		c := tags[i]
		t.XPOS, t.UPOS = m.xpos[c], m.upos[c]
		t.Lemma, t.Feats = m.lem.annotate(t.Form, t.XPOS, t.UPOS)
	}
	clear(sc.forms) // do not keep the caller's strings alive in the pool
}
