package ner

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"kg/extract/internal/parallel"
	"kg/extract/parse"
	"kg/extract/tag"
	"kg/extract/ud"
)

// Training settings. Fixed so that the same data gives the same model bytes.
const (
	epochs    = 12
	seed1     = 20240611
	seed2     = 7
	minWeight = 1e-3 // averaged weights smaller than this are dropped
)

// weightRow is one feature's weights with the bookkeeping for averaging:
// total accumulates weight × time lazily, stamp is when w last changed.
type weightRow struct {
	w     []float32
	total []float64
	stamp []int64
}

type trainer struct {
	rows  map[uint64]*weightRow
	order []uint64 // features in first-update order, for deterministic output
	clock int64
	caps  map[uint64]uint8
}

func (t *trainer) row(f uint64) *weightRow {
	r, ok := t.rows[f]
	if !ok {
		r = &weightRow{w: make([]float32, nLabels), total: make([]float64, nLabels), stamp: make([]int64, nLabels)}
		t.rows[f] = r
		t.order = append(t.order, f)
	}
	return r
}

func (t *trainer) update(feats []uint64, l int, delta float32) {
	for _, f := range feats {
		r := t.row(f)
		r.total[l] += float64(t.clock-r.stamp[l]) * float64(r.w[l])
		r.stamp[l] = t.clock
		r.w[l] += delta
	}
}

func (t *trainer) scores(sc []float32, feats []uint64) {
	for i := range sc {
		sc[i] = 0
	}
	for _, f := range feats {
		if r, ok := t.rows[f]; ok {
			for l, v := range r.w {
				sc[l] += v
			}
		}
	}
}

// averaged returns the model with averaged weights, dropping features whose
// weights are all negligible.
func (t *trainer) averaged() *Model {
	m := &Model{caps: t.caps}
	keys := append([]uint64(nil), t.order...)
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	row := make([]float32, nLabels)
	for _, f := range keys {
		r := t.rows[f]
		keep := false
		for l := range row {
			tot := r.total[l] + float64(t.clock-r.stamp[l])*float64(r.w[l])
			row[l] = float32(tot / float64(t.clock))
			if math.Abs(float64(row[l])) >= minWeight {
				keep = true
			}
		}
		if keep {
			m.index.set(f, int32(len(m.w)/nLabels))
			m.w = append(m.w, row...)
		}
	}
	return m
}

// goldLabels encodes spans as BILOU labels of the model types.
func goldLabels(n int, spans []Span) []int {
	labels := make([]int, n)
	for _, sp := range spans {
		t := -1
		for i, mt := range modelTypes {
			if mt == sp.Type {
				t = i
			}
		}
		if t < 0 || sp.Start < 0 || sp.End > n || sp.Start >= sp.End {
			continue
		}
		if sp.End-sp.Start == 1 {
			labels[sp.Start] = label(t, tagU)
			continue
		}
		labels[sp.Start] = label(t, tagB)
		for i := sp.Start + 1; i < sp.End-1; i++ {
			labels[i] = label(t, tagI)
		}
		labels[sp.End-1] = label(t, tagL)
	}
	return labels
}

// trainingData reads the training examples of the named corpora (see
// DefaultCorpora), in the order given.
func trainingData(dataDir string, corpora []string) ([]example, error) {
	if len(corpora) == 0 {
		return nil, fmt.Errorf("ner: no training corpora named")
	}
	var out []example
	for _, c := range corpora {
		exs, err := readCorpus(dataDir, c)
		if err != nil {
			return nil, err
		}
		out = append(out, exs...)
	}
	return out, nil
}

// Train trains a model on the data under dataDir (the layout of
// /work/shared/data: gum/, uner-ewt/, ud-ewt/), printing progress and GUM dev
// scores to log. Training is deterministic. It stops early when ctx is
// cancelled, returning ctx's error.
//
// The model learns from the part-of-speech tags and dependency trees that
// the pipeline's tagger (package tag) and parser (package parse) predict,
// since those are what it sees at run time; the gold annotation of the
// treebanks only decides which mentions are names.
func Train(ctx context.Context, dataDir string, log io.Writer) (*Model, error) {
	return TrainOn(ctx, dataDir, DefaultCorpora(), nil, log)
}

// TrainWith is Train with annotate, instead of the embedded tagger and
// parser, replacing each sentence's tags and tree.
func TrainWith(ctx context.Context, dataDir string, annotate func(*ud.Sentence), log io.Writer) (*Model, error) {
	return TrainOn(ctx, dataDir, DefaultCorpora(), annotate, log)
}

// TrainOn is TrainWith on the named corpora (CorpusGUM, …) instead of
// DefaultCorpora; a nil annotate means the embedded tagger and parser.
func TrainOn(ctx context.Context, dataDir string, corpora []string, annotate func(*ud.Sentence), log io.Writer) (*Model, error) {
	if annotate == nil {
		prep, err := annotator()
		if err != nil {
			return nil, err
		}
		annotate = prep
	}
	return train(ctx, dataDir, corpora, log, annotate)
}

// annotator returns a function that replaces a sentence's tags and tree
// with those the pipeline's tagger and parser predict.
func annotator() (func(*ud.Sentence), error) {
	t, err := tag.Load()
	if err != nil {
		return nil, fmt.Errorf("ner: loading the tagger: %w", err)
	}
	p, err := parse.Load()
	if err != nil {
		return nil, fmt.Errorf("ner: loading the parser: %w", err)
	}
	return func(s *ud.Sentence) {
		t.Tag(s)
		p.Parse(s)
	}, nil
}

// Jackknife folds for the first-pass labels that the document-memory pass
// learns from: each fold is labelled by a model trained on the others, so
// the second pass sees first-pass errors as they occur on unseen text.
const folds = 5

// documents groups the indices of consecutive examples of the same
// document (by DocID; sentences without one stand alone).
func documents(exs []example) [][]int {
	var docs [][]int
	for i, ex := range exs {
		if i > 0 && ex.sent.DocID != "" && ex.sent.DocID == exs[i-1].sent.DocID {
			docs[len(docs)-1] = append(docs[len(docs)-1], i)
			continue
		}
		docs = append(docs, []int{i})
	}
	return docs
}

// train is Train with an optional annotator applied to every training and
// evaluation sentence, so the model can learn from predicted tags and trees
// instead of gold ones.
func train(ctx context.Context, dataDir string, corpora []string, log io.Writer, prep func(*ud.Sentence)) (*Model, error) {
	if log == nil {
		log = io.Discard
	}
	begin := time.Now()
	data, err := trainingData(dataDir, corpora)
	if err != nil {
		return nil, err
	}
	dev, err := readGUM(dataDir, true)
	if err != nil {
		return nil, err
	}
	if prep != nil {
		for _, ex := range data {
			prep(ex.sent)
		}
		for _, ex := range dev {
			prep(ex.sent)
		}
	}
	ntok := 0
	for _, ex := range data {
		ntok += len(ex.sent.Tokens)
	}
	fmt.Fprintf(log, "ner: %d training sentences, %d tokens (annotated in %s)\n", len(data), ntok, time.Since(begin).Round(time.Millisecond))
	// Capitalisation statistics and word classes also learn from UD EWT
	// train, read as unlabelled text.
	ewt, err := ud.ReadFile(filepath.Join(dataDir, "ud-ewt", "en_ewt-ud-train.conllu"))
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	devEval := func(m *Model) string {
		s := evaluate(m, dev, gumTypes)
		return fmt.Sprintf("GUM dev P %.4f R %.4f F1 %.4f", s.Micro.Precision(), s.Micro.Recall(), s.Micro.F1())
	}
	m, err := fit(ctx, data, ewt, log, devEval)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "ner: trained in %s\n", time.Since(begin).Round(time.Millisecond))
	return m, nil
}

// fit trains the two-pass model on data, whose sentences are already
// annotated, with ewt as extra unlabelled text for the capitalisation
// statistics and word classes. It logs progress, with report's summary of
// each pass, to log.
func fit(ctx context.Context, data []example, ewt []*ud.Sentence, log io.Writer, report func(*Model) string) (*Model, error) {
	nEWT := len(ewt)
	ewt = ewt[:nEWT:nEWT]
	for _, ex := range data {
		ewt = append(ewt, ex.sent)
	}
	caps := capBuckets(ewt)
	fmt.Fprintf(log, "ner: capitalisation statistics for %d words\n", len(caps))
	// Word classes come from the unlabelled text of UD EWT train and the
	// GUM training documents.
	plain := ewt[:nEWT:nEWT]
	for _, ex := range data {
		if strings.HasPrefix(ex.sent.DocID, "GUM") {
			plain = append(plain, ex.sent)
		}
	}
	clus := wordClusters(plain)
	fmt.Fprintf(log, "ner: word classes for %d words\n", len(clus))

	// Contexts do not depend on the weights; compute them once.
	cs := make([][]tokCtx, len(data))
	gold := make([][]int, len(data))
	buf := make([]byte, 0, 32)
	for i, ex := range data {
		cs[i] = make([]tokCtx, len(ex.sent.Tokens))
		contexts(cs[i], ex.sent, buf, caps, clus)
		gold[i] = goldLabels(len(ex.sent.Tokens), ex.spans)
	}
	all := make([]int, len(data))
	for i := range all {
		all[i] = i
	}
	m, err := soup(ctx, cs, gold, all, caps, seed2)
	if err != nil {
		return nil, err
	}
	m.clus = clus
	fmt.Fprintf(log, "ner: first pass: %d features, %s\n", m.index.len(), report(m))

	// First-pass labels of the training documents, jackknifed.
	docs := documents(data)
	first := make([][]Span, len(data))
	for f := 0; f < folds; f++ {
		var rest []int
		for d, doc := range docs {
			if d%folds != f {
				rest = append(rest, doc...)
			}
		}
		mf, err := perceptron(ctx, cs, gold, rest, caps, seed2+uint64(f)+1)
		if err != nil {
			return nil, err
		}
		for d, doc := range docs {
			if d%folds != f {
				continue
			}
			dcs := make([][]tokCtx, len(doc))
			sents := make([]*ud.Sentence, len(doc))
			for j, k := range doc {
				dcs[j], sents[j] = cs[k], data[k].sent
			}
			for j, sp := range mf.firstPass(dcs, sents) {
				first[doc[j]] = sp
			}
		}
		fmt.Fprintf(log, "ner: jackknife fold %d labelled\n", f+1)
	}
	cs2 := make([][]tokCtx, len(data))
	for i := range cs {
		cs2[i] = append([]tokCtx(nil), cs[i]...)
	}
	for _, doc := range docs {
		dcs := make([][]tokCtx, len(doc))
		sents := make([]*ud.Sentence, len(doc))
		dfirst := make([][]Span, len(doc))
		for j, k := range doc {
			dcs[j], sents[j], dfirst[j] = cs2[k], data[k].sent, first[k]
		}
		docMemory(dcs, sents, dfirst)
	}
	vec := 0 // the width of the parser's vectors, if it set them
	for _, ex := range data {
		if v := ex.sent.Vector(0); v != nil {
			vec = len(v)
			break
		}
	}
	for k := range ensembleSize {
		cfg := defaultNeural()
		cfg.seed += uint64(k)
		cfg.vec = vec
		net, err := trainNeural(ctx, cfg, cs2, gold, all, log)
		if err != nil {
			return nil, err
		}
		m.nets = append(m.nets, net)
	}
	fmt.Fprintf(log, "ner: second pass: %s\n", report(m))
	return m, nil
}

// soupSeeds is how many perceptrons, differing only in the order they visit
// the examples, soup averages into one model.
const soupSeeds = 4

// soup trains soupSeeds perceptrons on the examples which, two at a time,
// with the shuffle seeds seed, seed+1000, …, and returns the mean of their
// weights (parameter mixing, McDonald et al. 2010): one model's decoding
// cost, and less sensitive to the order of training than any one of them.
func soup(ctx context.Context, cs [][]tokCtx, gold [][]int, which []int, caps map[uint64]uint8, seed uint64) (*Model, error) {
	ms := make([]*Model, soupSeeds)
	err := parallel.Do(soupSeeds, 2, func(i int) error {
		var err error
		ms[i], err = perceptron(ctx, cs, gold, which, caps, seed+1000*uint64(i))
		return err
	})
	if err != nil {
		return nil, err
	}
	return average(ms), nil
}

// average returns a model whose weight for each feature is the mean of the
// models' weights for it (0 where a model lacks the feature).
func average(ms []*Model) *Model {
	var keys []uint64
	seen := map[uint64]bool{}
	for _, m := range ms {
		for i, k := range m.index.keys {
			if m.index.rows[i] >= 0 && !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	out := &Model{caps: ms[0].caps}
	row := make([]float32, nLabels)
	k := float32(len(ms))
	for _, f := range keys {
		clear(row)
		for _, m := range ms {
			if r, ok := m.index.get(f); ok {
				for l, v := range m.w[int(r)*nLabels:][:nLabels] {
					row[l] += v / k
				}
			}
		}
		out.index.set(f, int32(len(out.w)/nLabels))
		out.w = append(out.w, row...)
	}
	return out
}

// perceptron trains averaged-perceptron weights on the examples which
// (indices into cs and gold) for a fixed number of epochs, visiting them in
// an order shuffled by seed.
func perceptron(ctx context.Context, cs [][]tokCtx, gold [][]int, which []int, caps map[uint64]uint8, seed uint64) (*Model, error) {
	tr := &trainer{rows: map[uint64]*weightRow{}, caps: caps}
	rng := rand.New(rand.NewPCG(seed1, seed))
	perm := append([]int(nil), which...)
	feats := make([]uint64, 0, 64)
	for epoch := 1; epoch <= epochs; epoch++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		for _, k := range perm {
			n := len(cs[k])
			emit := make([]float32, n*nLabels)
			trans := make([]float32, n*nLabels*nLabels)
			lattice(tr.scores, cs[k], emit, trans)
			pred := viterbi(n, emit, trans)
			tr.clock++
			g := gold[k]
			for i := 0; i < n; i++ {
				gp, pp := 0, 0
				if i > 0 {
					gp, pp = g[i-1], pred[i-1]
				}
				if g[i] == pred[i] && gp == pp {
					continue
				}
				if g[i] != pred[i] {
					feats = features(feats[:0], cs[k], i)
					tr.update(feats, g[i], 1)
					tr.update(feats, pred[i], -1)
				}
				feats = prevFeatures(feats[:0], cs[k], i, gp)
				tr.update(feats, g[i], 1)
				feats = prevFeatures(feats[:0], cs[k], i, pp)
				tr.update(feats, pred[i], -1)
			}
		}
	}
	return tr.averaged(), nil
}
