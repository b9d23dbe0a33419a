package parse

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"time"

	"kg/extract/internal/gum"
	"kg/extract/internal/nn"
	"kg/extract/internal/parallel"
	"kg/extract/tag"
	"kg/extract/ud"
)

// Jackknife settings for the predicted tags the parser trains on.
const (
	tagFolds  = 5
	tagEpochs = 8
)

// Train trains a parser on EWT train and the GUM documents outside the GUM
// dev list of dataDir/gum/splits.md, selecting the epoch by EWT dev LAS and
// logging dev scores to log.
//
// The parser sees predicted tags at run time, so it is trained on them: each
// training sentence carries the tags of a tagger trained on the other folds
// of the training set (jackknifing), and EWT dev is tagged by the embedded
// tagger.
func Train(ctx context.Context, dataDir string, log io.Writer) (*Model, error) {
	tagger, err := tag.Load()
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	return TrainWith(ctx, dataDir, tagger, log)
}

// TrainWith is Train with tagger, instead of the embedded tagger, tagging
// EWT dev and GUM dev.
func TrainWith(ctx context.Context, dataDir string, tagger *tag.Model, log io.Writer) (*Model, error) {
	d, err := LoadData(dataDir)
	if err != nil {
		return nil, err
	}
	train, err := tag.Jackknife(ctx, d.Train, tagFolds, tagEpochs, log)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	m, err := TrainSentences(ctx, train, Retag(tagger, d.Dev), DefaultOptions(), log)
	if err != nil {
		return nil, err
	}
	uas, las := Accuracy(m, Retag(tagger, d.GUMDev))
	fmt.Fprintf(log, "parse: GUM dev UAS=%.2f LAS=%.2f\n", uas, las)
	return m, nil
}

// Options are the training settings.
type Options struct {
	Word, Tag, Hidden, Layers, Arc, Label int // the network's widths (see Model)

	Epochs  int     // upper bound: the epoch scoring best on dev LAS is kept
	Batch   int     // sentences per update
	LR      float64 // Adam's learning rate at the first epoch
	Decay   float64 // the learning rate's factor from one epoch to the next
	Beta2   float64 // Adam's second-moment decay
	Clip    float64 // bound on the gradient's norm
	EMA     float32 // decay of the weight average that is evaluated and kept; 0 keeps the last weights
	Seed    uint64
	Workers int // goroutines per batch; the result depends on it, as float sums depend on their order

	// Dropout: elementwise rates on the embeddings and on every BiLSTM and
	// MLP output; a word of training count c becomes unknown with
	// probability WordAlpha/(WordAlpha+c), a tag with probability TagUnk.
	InputDrop, HiddenDrop, WordAlpha, TagUnk float32
}

// DefaultOptions returns the settings of the shipped model. The widths
// were chosen for speed: two BiLSTM layers of 64 units per direction parse
// at more than twice the rate of 128 units, for about 0.9 UAS and 1.2 LAS
// less on EWT test (88.0/84.9 against 88.9/86.1).
func DefaultOptions() Options {
	return Options{
		Word: 100, Tag: 32, Hidden: 64, Layers: 2, Arc: 128, Label: 64,
		Epochs: 30, Batch: 32, LR: 2e-3, Decay: 0.93, Beta2: 0.9, Clip: 5, EMA: 0.999, Seed: 1, Workers: 2,
		InputDrop: 0.33, HiddenDrop: 0.33, WordAlpha: 0.25, TagUnk: 0.05,
	}
}

// Data is the training and evaluation material Train reads from a data
// directory.
type Data struct {
	Train  []*ud.Sentence // EWT train plus GUM documents outside GUM dev
	Dev    []*ud.Sentence // EWT dev, for model selection
	GUMDev []*ud.Sentence // GUM dev documents, for reporting
}

// LoadData reads EWT train and dev and the GUM documents under dataDir.
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

// Retag returns copies of sents with tags predicted by tagger; heads and
// relations are kept.
func Retag(tagger *tag.Model, sents []*ud.Sentence) []*ud.Sentence {
	out := make([]*ud.Sentence, len(sents))
	for i, s := range sents {
		c := *s
		c.Tokens = slices.Clone(s.Tokens)
		tagger.Tag(&c)
		for j := range c.Tokens {
			c.Tokens[j].Head, c.Tokens[j].Deprel = s.Tokens[j].Head, s.Tokens[j].Deprel
		}
		out[i] = &c
	}
	return out
}

// example is a training sentence: its tokens and gold tree.
type example struct {
	toks          []token
	heads, labels []int // index 1..n
}

func makeExamples(v *vocab, sents []*ud.Sentence) []example {
	var out []example
	for _, s := range sents {
		n := len(s.Tokens)
		if n == 0 {
			continue
		}
		ex := example{toks: v.tokens(s), heads: make([]int, n+1), labels: make([]int, n+1)}
		ok := true
		for i, t := range s.Tokens {
			l, known := v.labelID[t.Deprel]
			if t.Head < 0 || t.Head > n || t.Head == i+1 || !known {
				ok = false
				break
			}
			ex.heads[i+1], ex.labels[i+1] = t.Head, l
		}
		if ok {
			out = append(out, ex)
		}
	}
	return out
}

// TrainSentences trains a parser on train (tags as given: pass predicted
// tags) and keeps the epoch scoring best on dev LAS.
func TrainSentences(ctx context.Context, train, dev []*ud.Sentence, o Options, log io.Writer) (*Model, error) {
	v := buildVocab(train)
	cfg := config{Word: o.Word, Tag: o.Tag, Hidden: o.Hidden, Layers: o.Layers, Arc: o.Arc, Label: o.Label}
	rng := rand.New(rand.NewPCG(o.Seed, 7))
	net := newNetwork(cfg, v, rng)
	m := &Model{v: v, net: net}
	exs := makeExamples(v, train)
	fmt.Fprintf(log, "parse: %d training sentences, %d labels, %d words, %d affixes, %d weights\n",
		len(exs), len(v.labels), len(v.words), len(v.affixes), net.ps.Count())
	workers := max(o.Workers, 1)
	type worker struct {
		w work
		g *nn.Grads
	}
	ws := make([]*worker, workers)
	for i := range ws {
		ws[i] = &worker{g: nn.NewGrads(&net.ps)}
	}
	opt := nn.NewAdam(&net.ps, o.LR, 0.9, o.Beta2)
	var ema *nn.EMA
	if o.EMA > 0 {
		ema = nn.NewEMA(&net.ps, o.EMA)
	}
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	var best [][]float32
	bestLAS := -1.0
	for ep := 0; ep < o.Epochs; ep++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		start := time.Now()
		opt.LR = o.LR * math.Pow(o.Decay, float64(ep))
		rand.New(rand.NewPCG(o.Seed, uint64(ep)+100)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var totalLoss float64
		var totalTok int
		for b := 0; b < len(order); b += o.Batch {
			batch := order[b:min(b+o.Batch, len(order))]
			losses := make([]float64, workers)
			// Worker k takes sentences k, k+workers, …: a fixed split, so
			// the summed gradient does not depend on scheduling.
			parallel.Do(workers, workers, func(k int) error {
				wk := ws[k]
				for j := k; j < len(batch); j += workers {
					idx := batch[j]
					ex := &exs[idx]
					d := &dropout{rng: rand.New(rand.NewPCG(o.Seed^uint64(ep)<<40, uint64(idx))), input: o.InputDrop, hidden: o.HiddenDrop, wordAlpha: o.WordAlpha, tagUnk: o.TagUnk}
					wk.w.toks = append(wk.w.toks[:0], ex.toks...)
					losses[k] += net.loss(&wk.w, ex.heads, ex.labels, d, v.wordCount, wk.g)
				}
				return nil
			})
			tok := 0
			for _, idx := range batch {
				tok += len(exs[idx].toks) - 1
			}
			g := ws[0].g
			for _, o := range ws[1:] {
				g.Add(&net.ps, o.g)
			}
			for _, l := range losses {
				totalLoss += l
			}
			totalTok += tok
			g.Scale(&net.ps, 1/float32(tok))
			if norm := g.Norm(&net.ps); norm > o.Clip {
				g.Scale(&net.ps, float32(o.Clip/norm))
			}
			opt.Step(&net.ps, g)
			if ema != nil {
				ema.Update(&net.ps)
			}
			for _, wk := range ws {
				wk.g.Zero(&net.ps)
			}
		}
		if ema != nil {
			ema.Swap(&net.ps)
		}
		uas, las := Accuracy(m, dev)
		fmt.Fprintf(log, "parse: epoch %d loss=%.4f dev UAS=%.2f LAS=%.2f (%.0fs)\n", ep+1, totalLoss/float64(totalTok), uas, las, time.Since(start).Seconds())
		if las > bestLAS {
			bestLAS = las
			best = best[:0]
			for _, p := range net.ps.List() {
				best = append(best, slices.Clone(p.W))
			}
		}
		if ema != nil {
			ema.Swap(&net.ps)
		}
	}
	for i, p := range net.ps.List() {
		copy(p.W, best[i])
	}
	return m, nil
}

// Accuracy parses a copy of each sentence of gold with m, all together as
// ParseAll does, and returns UAS and LAS in percent over all words,
// punctuation included, comparing full labels.
func Accuracy(m *Model, gold []*ud.Sentence) (uas, las float64) {
	sys := make([]*ud.Sentence, len(gold))
	for i, g := range gold {
		sys[i] = &ud.Sentence{Tokens: slices.Clone(g.Tokens)}
	}
	m.ParseAll(sys)
	var u, l, n int
	for i, g := range gold {
		for j, t := range sys[i].Tokens {
			n++
			if t.Head == g.Tokens[j].Head {
				u++
				if t.Deprel == g.Tokens[j].Deprel {
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
