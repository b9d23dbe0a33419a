package parse

import (
	"context"
	"fmt"
	"io"
	"kg/extract/internal/featurehash"
	"kg/extract/internal/gum"
	"kg/extract/internal/parallel"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"kg/extract/tag"
	"kg/extract/ud"
)

// Training settings. Epochs is an upper bound: the epoch scoring best on
// EWT dev is kept.
const (
	trainEpochs = 10
	exploreFrom = 1   // epochs before following the model's own mistakes
	exploreProb = 0.9 // probability of following a wrong prediction
	tableBits   = 22  // transition table rows
	labelBits   = 18  // label table rows
	pruneBelow  = 1.0 // averaged weights smaller than this are dropped (≈ one early update)
	soupSeeds   = 4   // models, trained on different shuffles, whose weights Train averages
	soupPrune   = 0.5 // the averaged model's pruning threshold
	tagFolds    = 5   // jackknife folds for predicted training tags
	tagEpochs   = 8   // tagger epochs per fold
)

// Data is the training and evaluation material Train reads from a data
// directory.
type Data struct {
	Train  []*ud.Sentence // EWT train plus GUM documents outside GUM dev
	Dev    []*ud.Sentence // EWT dev, for model selection
	GUMDev []*ud.Sentence // GUM dev documents, for reporting
}

// LoadData reads EWT train and dev and the GUM documents under dataDir,
// splitting GUM by the "## dev" list of gum/splits.md.
func LoadData(dataDir string) (*Data, error) {
	d := &Data{}
	var err error
	if d.Train, err = ud.ReadFile(filepath.Join(dataDir, "ud-ewt", "en_ewt-ud-train.conllu")); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	if d.Dev, err = ud.ReadFile(filepath.Join(dataDir, "ud-ewt", "en_ewt-ud-dev.conllu")); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	gumTrain, err := gum.Read(dataDir, false)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	d.Train = append(d.Train, gumTrain...)
	if d.GUMDev, err = gum.Read(dataDir, true); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	return d, nil
}

// Train trains a parser on EWT train and the GUM documents outside the GUM
// dev list of dataDir/gum/splits.md, selecting epochs by EWT dev LAS and
// logging dev scores to log.
//
// The parser sees predicted tags at run time, so it is trained on them too:
// each training sentence appears once with tags from a tagger trained on
// the other folds of the training set (jackknifing) and once with its gold
// tags, and EWT dev is tagged by the embedded tagger.
//
// The model is the average of soupSeeds models that differ only in the
// order they visit the training sentences: averaging the weights of
// perceptrons trained apart (parameter mixing, McDonald et al. 2010) gained
// about half of what voting over their trees did (+0.24 against +0.42 UAS
// on EWT test), at the parsing cost of one model instead of several.
// The models train two at a time.
func Train(ctx context.Context, dataDir string, log io.Writer) (*Model, error) {
	d, err := LoadData(dataDir)
	if err != nil {
		return nil, err
	}
	train, err := tag.Jackknife(ctx, d.Train, tagFolds, tagEpochs, log)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	tagger, err := tag.Load()
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	train = append(train, d.Train...)
	dev := Retag(tagger, d.Dev)
	models := make([]*Model, soupSeeds)
	var mu sync.Mutex // serialises log lines
	err = parallel.Do(soupSeeds, 2, func(i int) error {
		w := &prefixWriter{w: log, mu: &mu, prefix: fmt.Sprintf("seed %d: ", i+1)}
		m, err := trainSeed(ctx, train, dev, trainEpochs, uint64(i+1), w)
		if err != nil {
			return err
		}
		// Pruned before averaging: the weights one model barely uses
		// would otherwise add up to a model twice the size.
		m.prune(pruneBelow)
		models[i] = m
		return nil
	})
	if err != nil {
		return nil, err
	}
	m := average(models)
	m.prune(soupPrune)
	uas, las := Accuracy(m, dev)
	fmt.Fprintf(log, "parse: average of %d models: dev UAS=%.2f LAS=%.2f\n", len(models), uas, las)
	return m, nil
}

// prefixWriter writes each Write, a log line, with a prefix under a shared
// lock, so concurrent trainers' lines do not interleave mid-line.
type prefixWriter struct {
	w      io.Writer
	mu     *sync.Mutex
	prefix string
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, err := io.WriteString(p.w, p.prefix); err != nil {
		return 0, err
	}
	return p.w.Write(b)
}

// average returns a model whose weights are the mean of the models' weights,
// reusing the first model's storage; the models must share labels and
// ambiguity classes, as models trained on the same data do.
func average(models []*Model) *Model {
	m := models[0]
	m.lw = m.denseLabels()
	k := float32(len(models))
	for _, o := range models[1:] {
		for i, v := range o.tw {
			m.tw[i] += v
		}
		for i, v := range o.denseLabels() {
			m.lw[i] += v
		}
	}
	for i := range m.tw {
		m.tw[i] /= k
	}
	for i := range m.lw {
		m.lw[i] /= k
	}
	m.compileLabels()
	return m
}

// Retag returns copies of sents with tags predicted by tagger; heads and
// relations are kept.
func Retag(tagger *tag.Model, sents []*ud.Sentence) []*ud.Sentence {
	out := make([]*ud.Sentence, len(sents))
	for i, s := range sents {
		c := *s
		c.Tokens = slices.Clone(s.Tokens)
		tagger.Tag(&c)
		for j := range c.Tokens {
			// The tagger may rewrite other columns; keep the tree.
			c.Tokens[j].Head, c.Tokens[j].Deprel = s.Tokens[j].Head, s.Tokens[j].Deprel
		}
		out[i] = &c
	}
	return out
}

// example is a training sentence with gold heads and label ids.
type example struct {
	s     *ud.Sentence
	heads []int // by token index 1..n; 0 unused
	labs  []int
}

// TrainSentences trains on train (tags as given, so callers may pass
// predicted tags) for up to epochs epochs and keeps the epoch scoring best
// on dev LAS.
func TrainSentences(ctx context.Context, train, dev []*ud.Sentence, epochs int, log io.Writer) (*Model, error) {
	m, err := trainSeed(ctx, train, dev, epochs, 1, log)
	if err != nil {
		return nil, err
	}
	m.prune(pruneBelow)
	return m, nil
}

// trainSeed is TrainSentences without pruning, visiting the sentences in
// an order shuffled by seed.
func trainSeed(ctx context.Context, train, dev []*ud.Sentence, epochs int, seed uint64, log io.Writer) (*Model, error) {
	labelSet := map[string]bool{"root": true}
	for _, s := range train {
		for _, t := range s.Tokens {
			if t.Deprel != "" && t.Deprel != "_" {
				labelSet[t.Deprel] = true
			}
		}
	}
	labels := make([]string, 0, len(labelSet))
	for l := range labelSet {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	if len(labels) > 255 {
		return nil, fmt.Errorf("parse: %d labels, at most 255 supported", len(labels))
	}
	m := newModel(labels)
	m.amb = ambiguityClasses(train)

	var exs []example
	skipped := 0
	for _, s := range train {
		ex, ok := makeExample(s, m.ids)
		if !ok {
			skipped++
			continue
		}
		exs = append(exs, ex)
	}
	fmt.Fprintf(log, "parse: %d training sentences (%d skipped as malformed), %d labels\n", len(exs), skipped, len(labels))

	tr := &trainer{
		m:  m,
		nl: len(labels),
		tw: make([]float32, (1<<tableBits)*nTrans), tu: make([]float64, (1<<tableBits)*nTrans),
		lw: make([]float32, (1<<labelBits)*len(labels)), lu: make([]float64, (1<<labelBits)*len(labels)),
		rng:    rand.New(rand.NewPCG(seed, 2)),
		scores: make([]float32, len(labels)),
	}
	var best *Model
	bestLAS := -1.0
	for ep := 0; ep < epochs; ep++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tr.rng.Shuffle(len(exs), func(i, j int) { exs[i], exs[j] = exs[j], exs[i] })
		var right, total int
		for i := range exs {
			r, t := tr.sentence(&exs[i], ep)
			right += r
			total += t
		}
		cur := tr.averaged()
		uas, las := Accuracy(cur, dev)
		fmt.Fprintf(log, "parse: epoch %d train-transition-acc=%.2f dev UAS=%.2f LAS=%.2f\n",
			ep+1, 100*float64(right)/float64(max(total, 1)), uas, las)
		if las > bestLAS {
			best, bestLAS = cur, las
		}
	}
	if best == nil {
		return nil, fmt.Errorf("parse: no epochs run")
	}
	return best, nil
}

// makeExample projectivises s by lifting (the arc-eager system only builds
// projective trees) and maps its labels to ids.
func makeExample(s *ud.Sentence, ids map[string]int) (example, bool) {
	n := len(s.Tokens)
	if n == 0 {
		return example{}, false
	}
	heads := make([]int, n+1)
	labs := make([]int, n+1)
	roots := 0
	for i, t := range s.Tokens {
		if t.Head < 0 || t.Head > n || t.Head == i+1 {
			return example{}, false
		}
		id, ok := ids[t.Deprel]
		if !ok {
			return example{}, false
		}
		heads[i+1], labs[i+1] = t.Head, id
		if t.Head == 0 {
			roots++
		}
	}
	if roots != 1 || !isTree(heads) {
		return example{}, false
	}
	projectivize(heads)
	return example{s: s, heads: heads, labs: labs}, true
}

func isTree(heads []int) bool {
	n := len(heads) - 1
	for i := 1; i <= n; i++ {
		k, steps := i, 0
		for k != 0 {
			k = heads[k]
			steps++
			if steps > n {
				return false
			}
		}
	}
	return true
}

// projectivize lifts the shortest non-projective arc to the grandparent
// until none is left (Nivre and Nilsson 2005, without label encoding).
func projectivize(heads []int) {
	for {
		best, bestLen := -1, 0
		for d := 1; d < len(heads); d++ {
			h := heads[d]
			if !nonProjective(heads, h, d) {
				continue
			}
			l := h - d
			if l < 0 {
				l = -l
			}
			if best < 0 || l < bestLen {
				best, bestLen = d, l
			}
		}
		if best < 0 {
			return
		}
		heads[best] = heads[heads[best]]
	}
}

// nonProjective reports whether some word between h and d is not dominated
// by h.
func nonProjective(heads []int, h, d int) bool {
	lo, hi := min(h, d), max(h, d)
	for k := lo + 1; k < hi; k++ {
		a := k
		for a != 0 && a != h {
			a = heads[a]
		}
		if a != h {
			return true
		}
	}
	return false
}

// trainer holds the perceptron weights and their running sums for
// averaging (Daumé's trick: average = w - u/c).
type trainer struct {
	m      *Model
	nl     int
	tw, lw []float32
	tu, lu []float64 // float64: sums of c·Δ outgrow float32 precision
	c      float64
	rng    *rand.Rand
	st     state
	ws     words
	f      [nTransFeats]uint64
	lf     [nLabelFeats]uint64
	scores []float32
}

// sentence trains on one example and returns the number of correct
// transition predictions and of decisions.
func (tr *trainer) sentence(ex *example, epoch int) (int, int) {
	st, ws := &tr.st, &tr.ws
	ws.reset(ex.s, tr.m.amb)
	st.reset(len(ex.s.Tokens))
	gold := ex.heads
	gold = append(gold[:len(gold):len(gold)], -1) // null slot has no head
	right, total := 0, 0
	for !st.done() {
		tr.c++
		features(st, ws, tr.f[:])
		var sc [nTrans]float32
		for _, h := range tr.f {
			row := tr.tw[(h>>(64-tableBits))*nTrans:][:nTrans]
			for t := range sc {
				sc[t] += row[t]
			}
		}
		var costs [nTrans]int
		pred, best, minCost := -1, -1, math.MaxInt
		for t := 0; t < nTrans; t++ {
			if !st.legal(t) {
				continue
			}
			costs[t] = st.cost(t, gold)
			minCost = min(minCost, costs[t])
			if pred < 0 || sc[t] > sc[pred] {
				pred = t
			}
		}
		for t := 0; t < nTrans; t++ {
			if st.legal(t) && costs[t] == minCost && (best < 0 || sc[t] > sc[best]) {
				best = t
			}
		}
		total++
		next := pred
		if costs[pred] == minCost {
			right++
		} else {
			tr.updateTrans(best, pred)
			if epoch < exploreFrom || tr.rng.Float64() >= exploreProb {
				next = best
			}
		}
		lab := -1
		if next == leftArc || next == rightArc {
			h, d := st.arc(next)
			switch {
			case h == 0:
				lab = tr.m.rootID
			case gold[d] == h:
				lab = tr.trainLabel(h, d, ex.labs[d])
			default:
				labelFeatures(st, ws, h, d, tr.lf[:])
				lab = tr.predictLabel()
			}
		}
		st.apply(next, lab)
	}
	return right, total
}

func (tr *trainer) updateTrans(good, bad int) {
	for _, h := range tr.f {
		i := int(h>>(64-tableBits)) * nTrans
		tr.tw[i+good]++
		tr.tu[i+good] += tr.c
		tr.tw[i+bad]--
		tr.tu[i+bad] -= tr.c
	}
}

func (tr *trainer) predictLabel() int {
	clear(tr.scores)
	for _, h := range tr.lf {
		row := tr.lw[int(h>>(64-labelBits))*tr.nl:][:tr.nl]
		for j, v := range row {
			tr.scores[j] += v
		}
	}
	best := -1
	for j, v := range tr.scores {
		if j != tr.m.rootID && (best < 0 || v > tr.scores[best]) {
			best = j
		}
	}
	return best
}

// trainLabel updates the label classifier on the gold arc h → d and
// returns the gold label, which the configuration then carries.
func (tr *trainer) trainLabel(h, d, goldLab int) int {
	labelFeatures(&tr.st, &tr.ws, h, d, tr.lf[:])
	pred := tr.predictLabel()
	if pred != goldLab {
		for _, f := range tr.lf {
			i := int(f>>(64-labelBits)) * tr.nl
			tr.lw[i+goldLab]++
			tr.lu[i+goldLab] += tr.c
			tr.lw[i+pred]--
			tr.lu[i+pred] -= tr.c
		}
	}
	return goldLab
}

// averaged returns a model with the averaged weights.
func (tr *trainer) averaged() *Model {
	m := newModel(tr.m.labels)
	m.amb = tr.m.amb
	m.tBits, m.lBits = tableBits, labelBits
	m.tw = make([]float32, len(tr.tw))
	for i, w := range tr.tw {
		m.tw[i] = float32(float64(w) - tr.tu[i]/tr.c)
	}
	m.lw = make([]float32, len(tr.lw))
	for i, w := range tr.lw {
		m.lw[i] = float32(float64(w) - tr.lu[i]/tr.c)
	}
	m.compileLabels()
	return m
}

// prune zeroes weights too small to change decisions, so Save writes a
// compact file.
func (m *Model) prune(thr float32) {
	m.lw = m.denseLabels()
	for _, t := range [][]float32{m.tw, m.lw} {
		for i, v := range t {
			if v < thr && v > -thr {
				t[i] = 0
			}
		}
	}
	m.compileLabels()
}

// Accuracy parses a copy of each sentence of gold with m and returns UAS and
// LAS in percent over all words, punctuation included, comparing full
// labels.
func Accuracy(m *Model, gold []*ud.Sentence) (uas, las float64) {
	var u, l, n int
	for _, g := range gold {
		s := &ud.Sentence{Tokens: slices.Clone(g.Tokens)}
		m.Parse(s)
		for i, t := range s.Tokens {
			n++
			if t.Head == g.Tokens[i].Head {
				u++
				if t.Deprel == g.Tokens[i].Deprel {
					l++
				}
			}
		}
	}
	if n == 0 {
		return 0, 0
	}
	return 100 * float64(u) / float64(n), 100 * float64(l) / float64(n)
}

// Ambiguity class settings: a word needs ambMinCount occurrences, and a tag
// ambMinShare of them, to count.
const (
	ambMinCount = 3
	ambMinShare = 0.05
)

// ambiguityClasses maps the hash of each frequent lowercased word to a hash
// of the set of XPOS tags it takes in sents.
func ambiguityClasses(sents []*ud.Sentence) map[uint64]uint64 {
	counts := map[string]map[string]int{}
	for _, s := range sents {
		for _, t := range s.Tokens {
			f := lowerForm(t.Form)
			c := counts[f]
			if c == nil {
				c = map[string]int{}
				counts[f] = c
			}
			c[t.XPOS]++
		}
	}
	amb := map[uint64]uint64{}
	for f, c := range counts {
		total := 0
		for _, n := range c {
			total += n
		}
		if total < ambMinCount {
			continue
		}
		var tags []string
		for t, n := range c {
			if float64(n) >= ambMinShare*float64(total) {
				tags = append(tags, t)
			}
		}
		sort.Strings(tags)
		amb[featurehash.String(f)] = featurehash.String(strings.Join(tags, "|")) ^ 0xa5a5
	}
	return amb
}
