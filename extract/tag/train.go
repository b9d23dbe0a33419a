package tag

import (
	"context"
	"fmt"
	"io"
	"kg/extract/internal/featurehash"
	"kg/extract/internal/gum"
	"kg/extract/internal/parallel"
	"kg/extract/internal/wordform"
	"math"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"kg/extract/ud"
)

// Training settings.
const (
	defaultEpochs   = 12
	minPairCount    = 3    // rarer (XPOS, UPOS) pairs are folded into the XPOS's usual pair
	dictMinCount    = 20   // tag dictionary: word frequency …
	dictMinShare    = 0.97 // … and share of its most frequent class
	ambigMinShare   = 0.02 // a class joins a word's ambiguity class above this share
	candsInTraining = false
	candMinCount    = 5            // words this frequent choose only among classes seen with them
	ambigMinCount   = 1            // rarer words get no ambiguity class
	pruneBelow      = 0.5          // averaged weights smaller in magnitude are dropped
	shuffleSeed     = 0x6b67746167 // "kgtag"
	jackknifeFolds  = 4
	jackknifeEpochs = 8
)

// Train trains a model on the UD English EWT training set and the GUM
// training documents under dataDir (ud-ewt/en_ewt-ud-train.conllu and
// gum/conllu/*.conllu minus the documents listed under "## dev" and
// "## test" in gum/splits.md), choosing the number of epochs on EWT dev.
// Progress and dev scores go to log.
func Train(ctx context.Context, dataDir string, log io.Writer) (*Model, error) {
	train, err := ud.ReadFile(filepath.Join(dataDir, "ud-ewt", "en_ewt-ud-train.conllu"))
	if err != nil {
		return nil, fmt.Errorf("tag: %w", err)
	}
	gum, err := gum.Read(dataDir, false)
	if err != nil {
		return nil, fmt.Errorf("tag: %w", err)
	}
	dev, err := ud.ReadFile(filepath.Join(dataDir, "ud-ewt", "en_ewt-ud-dev.conllu"))
	if err != nil {
		return nil, fmt.Errorf("tag: %w", err)
	}
	fmt.Fprintf(log, "tag: training on %d EWT + %d GUM sentences, dev %d\n", len(train), len(gum), len(dev))
	return trainSentences(ctx, append(train, gum...), dev, defaultEpochs, log)
}

// TrainSentences trains a model on train for the given number of epochs.
// When dev is not empty, the epoch with the best dev tagging accuracy is
// kept. It is meant for jackknifing: tagging each part of a corpus with a
// model trained on the rest. log may be nil.
func TrainSentences(train, dev []*ud.Sentence, epochs int, log io.Writer) *Model {
	m, _ := trainSentences(context.Background(), train, dev, epochs, log)
	return m
}

type tEnt struct {
	cls   int32
	ts    int32 // step of the last update
	w     float64
	total float64 // sum of w over steps up to ts
}

type trainer struct {
	index map[uint64]int32
	rows  [][]tEnt
	step  int32
}

func (t *trainer) score(feats []uint64, score []float64) {
	clear(score)
	for _, f := range feats {
		r, ok := t.index[f]
		if !ok {
			continue
		}
		for _, e := range t.rows[r] {
			score[e.cls] += e.w
		}
	}
}

func (t *trainer) update(feats []uint64, cls int, delta float64) {
	for _, f := range feats {
		r, ok := t.index[f]
		if !ok {
			r = int32(len(t.rows))
			t.index[f] = r
			t.rows = append(t.rows, nil)
		}
		row := t.rows[r]
		j := 0
		for j < len(row) && int(row[j].cls) != cls {
			j++
		}
		if j == len(row) {
			t.rows[r] = append(row, tEnt{cls: int32(cls), ts: t.step})
			row = t.rows[r]
		}
		e := &row[j]
		e.total += float64(t.step-e.ts) * e.w
		e.ts = t.step
		e.w += delta
	}
}

// averaged returns the averaged weights, dropping tiny ones.
func (t *trainer) averaged(nclass int) weights {
	keys := make([]uint64, 0, len(t.index))
	for k := range t.index {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	var (
		outKeys []uint64
		start   = []uint32{0}
		cls     []uint8
		w       []float32
	)
	steps := float64(t.step)
	for _, k := range keys {
		row := append([]tEnt(nil), t.rows[t.index[k]]...)
		sort.Slice(row, func(i, j int) bool { return row[i].cls < row[j].cls })
		n := 0
		for _, e := range row {
			avg := (e.total + float64(t.step-e.ts)*e.w) / steps
			if math.Abs(avg) < pruneBelow {
				continue
			}
			cls = append(cls, uint8(e.cls))
			w = append(w, float32(avg))
			n++
		}
		if n > 0 {
			outKeys = append(outKeys, k)
			start = append(start, uint32(len(cls)))
		}
	}
	var wt weights
	wt.build(nclass, outKeys, start, cls, w)
	return wt
}

// item is one training sentence: forms, gold classes and, for the second
// pass, the first pass's jackknifed classes.
type item struct {
	forms []string
	gold  []int
	right []int
	ambig []uint64 // leave-one-out ambiguity classes
}

func trainSentences(ctx context.Context, train, dev []*ud.Sentence, epochs int, log io.Writer) (*Model, error) {
	if log == nil {
		log = io.Discard
	}
	t0 := time.Now()
	m := &Model{}
	classOf := m.buildClasses(train)
	m.buildDicts(train, classOf)
	m.lem = trainLemmatizer(train)
	items := make([]item, 0, len(train))
	for _, s := range train {
		it := item{forms: s.Words(), gold: make([]int, len(s.Tokens))}
		for i, t := range s.Tokens {
			it.gold[i] = classOf(t.XPOS, t.UPOS)
		}
		items = append(items, it)
	}
	m.looAmbig(train, items, classOf)
	evaluate := func(w1, w2 weights) (float64, string) {
		if len(dev) == 0 {
			return 0, ""
		}
		cur := &Model{xpos: m.xpos, upos: m.upos, tagdict: m.tagdict, ambig: m.ambig, cands: m.cands, lem: m.lem, w: w1, w2: w2}
		sc := Evaluate(cur, dev)
		return sc.UPOS + sc.XPOS, fmt.Sprintf(" dev UPOS %.2f XPOS %.2f lemma %.2f", sc.UPOS, sc.XPOS, sc.Lemma)
	}

	fmt.Fprintf(log, "tag: pass 1\n")
	w1, err := m.trainPass(ctx, items, epochs, log, func(w weights) (float64, string) { return evaluate(w, weights{}) })
	if err != nil {
		return nil, err
	}
	if jackknifeFolds < 2 {
		m.w = w1
		return m, nil
	}
	fmt.Fprintf(log, "tag: jackknifing pass 1 in %d folds\n", jackknifeFolds)
	right, err := m.jackknife(ctx, items, jackknifeFolds, min(epochs, jackknifeEpochs))
	if err != nil {
		return nil, err
	}
	for i := range items {
		items[i].right = right[i]
	}
	fmt.Fprintf(log, "tag: pass 2\n")
	w2, err := m.trainPass(ctx, items, epochs, log, func(w weights) (float64, string) { return evaluate(w1, w) })
	if err != nil {
		return nil, err
	}
	m.w, m.w2 = w1, w2
	fmt.Fprintf(log, "tag: trained in %s\n", time.Since(t0).Round(time.Second))
	return m, nil
}

// jackknife tags each of k folds of items with a first-pass model trained on
// the other folds, so the second pass learns from tags as noisy as the ones
// it sees at run time.
func (m *Model) jackknife(ctx context.Context, items []item, k, epochs int) ([][]int, error) {
	out := make([][]int, len(items))
	err := parallel.Do(k, 2, func(f int) error {
		var rest []item
		for i := range items {
			if i%k != f {
				rest = append(rest, items[i])
			}
		}
		w, err := m.trainPass(ctx, rest, epochs, nil, nil)
		if err != nil {
			return err
		}
		sc := &scratch{score: make([]float32, len(m.xpos))}
		for i := f; i < len(items); i += k {
			m.contexts(sc, items[i].forms)
			for j, a := range items[i].ambig {
				sc.ctxs[j+2].setAmbig(a)
			}
			out[i] = m.pass(sc, &w, items[i].forms, nil, nil)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// trainPass trains the weights of one pass for up to epochs epochs. When
// eval is not nil it scores each epoch's averaged weights and the best are
// returned; otherwise the last.
func (m *Model) trainPass(ctx context.Context, items []item, epochs int, log io.Writer, eval func(weights) (float64, string)) (weights, error) {
	tr := &trainer{index: map[uint64]int32{}}
	sc := &scratch{}
	score := make([]float64, len(m.xpos))
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	var bestW weights
	bestAcc := math.Inf(-1)
	for ep := 1; ep <= epochs; ep++ {
		if err := ctx.Err(); err != nil {
			return weights{}, err
		}
		t0 := time.Now()
		rng := rand.New(rand.NewPCG(shuffleSeed, uint64(ep)))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		correct, total := 0, 0
		for _, idx := range order {
			it := items[idx]
			m.contexts(sc, it.forms)
			for i, a := range it.ambig {
				sc.ctxs[i+2].setAmbig(a)
			}
			t1, t2 := noTag1, noTag2
			for i, f := range it.forms {
				gold := it.gold[i]
				guess := gold
				if c, ok := m.tagdict[f]; ok {
					guess = int(c)
				} else {
					tr.step++
					sc.feats = features(sc.feats[:0], sc.ctxs, i, t1, t2, it.right)
					tr.score(sc.feats, score)
					if cands := sc.ctxs[i+2].cands; cands != nil && candsInTraining {
						guess = int(cands[0])
						for _, c := range cands[1:] {
							if score[c] > score[guess] {
								guess = int(c)
							}
						}
					} else {
						guess = 0
						for c := 1; c < len(score); c++ {
							if score[c] > score[guess] {
								guess = c
							}
						}
					}
					if guess != gold {
						tr.update(sc.feats, gold, 1)
						tr.update(sc.feats, guess, -1)
					}
				}
				if guess == gold {
					correct++
				}
				total++
				t2, t1 = t1, guess
			}
		}
		if eval == nil {
			if ep == epochs {
				bestW = tr.averaged(len(m.xpos))
			}
			continue
		}
		w := tr.averaged(len(m.xpos))
		acc, msg := eval(w)
		if acc > bestAcc {
			bestAcc, bestW = acc, w
		}
		if log != nil {
			fmt.Fprintf(log, "tag: epoch %d train acc %.2f%% (%d features, %s)%s\n", ep, 100*float64(correct)/float64(max(total, 1)), w.rows, time.Since(t0).Round(time.Millisecond), msg)
		}
	}
	return bestW, nil
}

// buildClasses sets the joint (XPOS, UPOS) classes seen at least
// minPairCount times and returns the class of a pair; rarer pairs map to the
// most frequent class of their XPOS.
func (m *Model) buildClasses(train []*ud.Sentence) func(xpos, upos string) int {
	counts := map[tagPair]int{}
	for _, s := range train {
		for _, t := range s.Tokens {
			counts[tagPair{t.XPOS, t.UPOS}]++
		}
	}
	pairs := make([]tagPair, 0, len(counts))
	for p, n := range counts {
		if n >= minPairCount {
			pairs = append(pairs, p)
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].xpos != pairs[j].xpos {
			return pairs[i].xpos < pairs[j].xpos
		}
		return pairs[i].upos < pairs[j].upos
	})
	if len(pairs) > 255 {
		pairs = pairs[:255] // class indices are stored as bytes
	}
	index := map[tagPair]int{}
	byXPOS := map[string]int{}
	byUPOS := map[string]int{}
	for i, p := range pairs {
		index[p] = i
		m.xpos = append(m.xpos, p.xpos)
		m.upos = append(m.upos, p.upos)
		if j, ok := byXPOS[p.xpos]; !ok || counts[p] > counts[pairs[j]] {
			byXPOS[p.xpos] = i
		}
		if j, ok := byUPOS[p.upos]; !ok || counts[p] > counts[pairs[j]] {
			byUPOS[p.upos] = i
		}
	}
	return func(xpos, upos string) int {
		if i, ok := index[tagPair{xpos, upos}]; ok {
			return i
		}
		if i, ok := byXPOS[xpos]; ok {
			return i
		}
		if i, ok := byUPOS[upos]; ok {
			return i
		}
		return 0
	}
}

// buildDicts sets the tag dictionary, the ambiguity classes and the
// candidate classes of frequent words.
func (m *Model) buildDicts(train []*ud.Sentence, classOf func(string, string) int) {
	formC := map[string]map[int]int{}
	wordC := map[uint64]map[int]int{}
	var buf []byte
	for _, s := range train {
		for _, t := range s.Tokens {
			c := classOf(t.XPOS, t.UPOS)
			if formC[t.Form] == nil {
				formC[t.Form] = map[int]int{}
			}
			formC[t.Form][c]++
			buf = wordform.AppendNormal(buf[:0], t.Form)
			h := featurehash.Bytes(buf)
			if wordC[h] == nil {
				wordC[h] = map[int]int{}
			}
			wordC[h][c]++
		}
	}
	m.tagdict = map[string]int32{}
	for f, cs := range formC {
		n := 0
		for _, k := range cs {
			n += k
		}
		c, k := best(cs, func(a, b int) bool { return a < b })
		if n >= dictMinCount && float64(k) >= dictMinShare*float64(n) {
			m.tagdict[f] = int32(c)
		}
	}
	m.ambig = map[uint64]uint64{}
	for w, cs := range wordC {
		if a := m.ambigOf(cs, nil); a != 0 {
			m.ambig[w] = a
		}
	}
	m.cands = map[uint64][]uint8{}
	for w, cs := range wordC {
		n := 0
		for _, k := range cs {
			n += k
		}
		if n < candMinCount {
			continue
		}
		var cl []uint8
		for c := range cs {
			cl = append(cl, uint8(c))
		}
		sort.Slice(cl, func(i, j int) bool { return cl[i] < cl[j] })
		m.cands[w] = cl
	}
}

// ambigOf returns the ambiguity class of a word with class counts cs minus
// the counts in less (may be nil), or 0 when the word is too rare: the hash
// of its tag set in the high 56 bits, 1 + its most frequent class in the low 8.
func (m *Model) ambigOf(cs, less map[int]int) uint64 {
	n := 0
	for c, k := range cs {
		n += k - less[c]
	}
	if n < ambigMinCount {
		return 0
	}
	var tags []string
	for c, k := range cs {
		if float64(k-less[c]) > ambigMinShare*float64(n) {
			tags = append(tags, m.xpos[c])
		}
	}
	sort.Strings(tags)
	tags = dedup(tags)
	mft, best := 0, -1
	for c, k := range cs {
		if k -= less[c]; k > best || k == best && c < mft {
			mft, best = c, k
		}
	}
	return featurehash.String(strings.Join(tags, " "))&^0xff | uint64(mft+1)&0xff
}

// looAmbig sets the ambiguity class of every training token as if its own
// sentence were not in the training data, so that the model learns how far
// the feature is to be trusted for rarely seen words instead of finding the
// gold tag in it.
func (m *Model) looAmbig(train []*ud.Sentence, items []item, classOf func(string, string) int) {
	wordC := map[uint64]map[int]int{}
	var buf []byte
	hashes := make([][]uint64, len(train))
	for si, s := range train {
		hashes[si] = make([]uint64, len(s.Tokens))
		for i, t := range s.Tokens {
			buf = wordform.AppendNormal(buf[:0], t.Form)
			h := featurehash.Bytes(buf)
			hashes[si][i] = h
			if wordC[h] == nil {
				wordC[h] = map[int]int{}
			}
			wordC[h][classOf(t.XPOS, t.UPOS)]++
		}
	}
	for si, s := range train {
		local := map[uint64]map[int]int{}
		for i, t := range s.Tokens {
			h := hashes[si][i]
			if local[h] == nil {
				local[h] = map[int]int{}
			}
			local[h][classOf(t.XPOS, t.UPOS)]++
		}
		items[si].ambig = make([]uint64, len(s.Tokens))
		for i := range s.Tokens {
			h := hashes[si][i]
			items[si].ambig[i] = m.ambigOf(wordC[h], local[h])
		}
	}
}

func dedup(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
