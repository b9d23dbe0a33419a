package ner

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/rand/v2"

	"kg/extract/internal/nn"
	"kg/extract/internal/parallel"
)

// neural is the second pass's labeller: a bidirectional LSTM over the
// perceptron's own features. Each feature hash of a token selects a row of
// one hashed embedding table; the rows are summed into the token's vector
// (the perceptron's linear score, made dense), a BiLSTM reads the
// sentence, and a linear layer gives each token a distribution over the
// BILOU labels. The LSTM sees context beyond the features' two-word window
// and combines features non-linearly, which the perceptron cannot; its
// input includes the document memory of the first pass and, projected to
// the same width, the parser's vector of the token (ud.Sentence.Vectors),
// which carries syntax learnt from three times the labelled text.
type neural struct {
	cfg    neuralConfig
	ps     nn.Params
	emb    *nn.Param // 1<<bits × dim
	proj   *nn.Param // vec × dim: the parser's vectors into the input; nil without
	fw, bw nn.LSTM
	out    nn.Linear // 2×hidden → nLabels
}

// neuralConfig sizes the network and sets its training.
type neuralConfig struct {
	bits        int // log2 of the embedding rows
	dim, hidden int
	vec         int // width of the parser's vectors it reads (0: none)
	epochs      int
	lr, decay   float64 // Adam step size, and its decay per epoch
	featDrop    float32 // probability that a feature is left out in training
	vecDrop     float32 // the same for each component of a parser vector
	drop        float32 // dropout on the LSTM's input and output
	ema         float32 // decay of the weights' moving average, which is the model
	seed        uint64
}

// defaultNeural is the configuration kg trains. 2^16 embedding rows keep
// the model file near 10 MB; 2^17 scored within noise of it in
// cross-validation at 16.5 MB.
func defaultNeural() neuralConfig {
	return neuralConfig{bits: 16, dim: 64, hidden: 64, epochs: 15, lr: 0.002, decay: 0.8, featDrop: 0.3, vecDrop: 0.5, drop: 0.3, ema: 0.998, seed: 1}
}

// newNeural returns an untrained network of cfg's shape, its layers
// initialised from rng.
func newNeural(cfg neuralConfig, rng *rand.Rand) *neural {
	n := &neural{cfg: cfg}
	// Zero rows: a sum of rows needs no symmetry breaking.
	n.emb = n.ps.NewEmbedding("features", 1<<cfg.bits, cfg.dim, nil)
	n.layers(rng)
	return n
}

// loadNeural returns a network of cfg's shape for Params.Load to fill: its
// embedding table has no float rows, since Load keeps an 8-bit table as it
// is stored.
func loadNeural(cfg neuralConfig) *neural {
	n := &neural{cfg: cfg}
	n.emb = n.ps.NewTable("features", 1<<cfg.bits, cfg.dim)
	n.layers(rand.New(rand.NewPCG(0, 0)))
	return n
}

// layers adds the parameters after the embedding table.
func (n *neural) layers(rng *rand.Rand) {
	cfg := n.cfg
	n.emb.Bytes = true
	if cfg.vec > 0 {
		n.proj = n.ps.New("vec", cfg.vec, cfg.dim, rng)
	}
	n.fw = nn.NewLSTM(&n.ps, "lstm.f", cfg.dim, cfg.hidden, rng)
	n.bw = nn.NewLSTM(&n.ps, "lstm.b", cfg.dim, cfg.hidden, rng)
	n.out = nn.NewLinear(&n.ps, "out", 2*cfg.hidden, nLabels, rng)
}

// save writes the configuration's sizes and the weights.
func (n *neural) save(bw *bufio.Writer) error {
	var b [binary.MaxVarintLen64]byte
	for _, v := range []int{n.cfg.bits, n.cfg.dim, n.cfg.hidden, n.cfg.vec} {
		bw.Write(b[:binary.PutUvarint(b[:], uint64(v))])
	}
	return n.ps.Save(bw)
}

// readNeural reads a network written by save.
func readNeural(br *bufio.Reader) (*neural, error) {
	var v [4]int
	for i := range v {
		x, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, err
		}
		if (x == 0 && i < 3) || x > 1024 {
			return nil, fmt.Errorf("implausible network size %d", x)
		}
		v[i] = int(x)
	}
	if v[0] > 24 {
		return nil, fmt.Errorf("implausible embedding table 2^%d", v[0])
	}
	cfg := defaultNeural()
	cfg.bits, cfg.dim, cfg.hidden, cfg.vec = v[0], v[1], v[2], v[3]
	n := loadNeural(cfg)
	if err := n.ps.Load(br); err != nil {
		return nil, err
	}
	return n, nil
}

// neuralWork is one sentence's scratch space.
type neuralWork struct {
	rows         [][]int32 // per token, the embedding rows of its features
	x, h, y      []float32
	xmask, hmask []float32
	tf, tb       nn.Tape
	dh, dx, tmp  []float32
	vecs, vmask  []float32 // T×vec: the tokens' parser vectors, their dropout
	feats        []uint64
}

func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// embed sums the feature rows of each token of cs into w.x. In training
// (rng set) each feature is left out with probability featDrop and the sum
// rescaled, so that no single feature carries a decision alone.
func (n *neural) embed(w *neuralWork, cs []tokCtx, rng *rand.Rand) {
	T, D := len(cs), n.cfg.dim
	w.x = grow(w.x, T*D)
	clear(w.x)
	n.embedInto(w.x, w, cs, rng)
}

// embedInto is embed writing to x, which must be zero, with w's scratch.
func (n *neural) embedInto(x []float32, w *neuralWork, cs []tokCtx, rng *rand.Rand) {
	T, D := len(cs), n.cfg.dim
	for len(w.rows) < T {
		w.rows = append(w.rows, nil)
	}
	shift := 64 - n.cfg.bits
	drop := n.cfg.featDrop
	for i := range cs {
		w.feats = features(w.feats[:0], cs, i)
		r := w.rows[i][:0]
		xi := x[i*D : (i+1)*D]
		for _, f := range w.feats {
			if rng != nil && rng.Float32() < drop {
				continue
			}
			r = append(r, int32(f>>shift))
		}
		n.emb.AddRows(xi, r)
		w.rows[i] = r
		if rng != nil && drop > 0 {
			k := 1 / (1 - drop)
			for j := range xi {
				xi[j] *= k
			}
		}
	}
	if n.proj != nil && T > 0 {
		V := n.cfg.vec
		w.vecs = grow(w.vecs, T*V)
		clear(w.vecs)
		for i, c := range cs {
			copy(w.vecs[i*V:(i+1)*V], c.vec)
		}
		if rng != nil && n.cfg.vecDrop > 0 {
			// The parser has seen most training sentences, so its vectors
			// there are better than on new text: dropping half of them
			// keeps the network from leaning on them alone.
			mulInto(w.vecs, dropMask(rng, grow(w.vmask, T*V), n.cfg.vecDrop))
		}
		nn.MatMul(x, w.vecs, n.proj.W, T, V, D)
	}
}

// forward fills w.y with the label scores of each token; with rng set it
// trains: features and activations are dropped.
func (n *neural) forward(w *neuralWork, cs []tokCtx, rng *rand.Rand) {
	T, D, H := len(cs), n.cfg.dim, n.cfg.hidden
	n.embed(w, cs, rng)
	if rng != nil {
		w.xmask = dropMask(rng, grow(w.xmask, T*D), n.cfg.drop)
		mulInto(w.x, w.xmask)
	}
	// The tapes are kept for the backward pass, and reused as scratch space
	// when there is none.
	w.h = grow(w.h, T*2*H)
	n.fw.Forward(&w.tf, w.x, T, false, w.h, 2*H)
	n.bw.Forward(&w.tb, w.x, T, true, w.h[H:], 2*H)
	if rng != nil {
		w.hmask = dropMask(rng, grow(w.hmask, T*2*H), n.cfg.drop)
		mulInto(w.h, w.hmask)
	}
	w.y = grow(w.y, T*nLabels)
	n.out.Forward(w.y, w.h, T)
}

// dropMask fills m with inverted-dropout factors: 0 with probability p,
// 1/(1-p) otherwise.
func dropMask(rng *rand.Rand, m []float32, p float32) []float32 {
	k := 1 / (1 - p)
	for i := range m {
		if rng.Float32() < p {
			m[i] = 0
		} else {
			m[i] = k
		}
	}
	return m
}

func mulInto(x, m []float32) {
	for i := range x {
		x[i] *= m[i]
	}
}

// loss trains on one sentence: it returns the cross-entropy of the gold
// labels and adds its gradients to g.
func (n *neural) loss(w *neuralWork, cs []tokCtx, gold []int, rng *rand.Rand, g *nn.Grads) float64 {
	n.forward(w, cs, rng)
	T, D, H := len(cs), n.cfg.dim, n.cfg.hidden
	var loss float64
	for i := 0; i < T; i++ {
		row := w.y[i*nLabels : (i+1)*nLabels]
		nn.Softmax(row)
		loss -= math.Log(math.Max(float64(row[gold[i]]), 1e-30))
		row[gold[i]]--
	}
	w.dh = grow(w.dh, T*2*H)
	clear(w.dh)
	w.tmp = n.out.Backward(g, w.dh, w.h, w.y, T, w.tmp)
	mulInto(w.dh, w.hmask)
	w.dx = grow(w.dx, T*D)
	clear(w.dx)
	n.fw.Backward(g, &w.tf, w.x, false, w.dh, 2*H, w.dx)
	n.bw.Backward(g, &w.tb, w.x, true, w.dh[H:], 2*H, w.dx)
	mulInto(w.dx, w.xmask)
	if n.proj != nil && T > 0 {
		w.tmp = nn.MatMulAT(g.Of(n.proj), w.vecs, w.dx, T, n.cfg.vec, D, w.tmp)
	}
	k := float32(1)
	if n.cfg.featDrop > 0 {
		k = 1 / (1 - n.cfg.featDrop)
	}
	for i := 0; i < T; i++ {
		dxi := w.dx[i*D : (i+1)*D]
		if k != 1 {
			for j := range dxi {
				dxi[j] *= k
			}
		}
		for _, r := range w.rows[i] {
			nn.Axpy(1, dxi, g.Row(n.emb, int(r)))
		}
	}
	return loss
}

// ensembleSize is how many networks kg trains for the second pass. One
// network reading the parser's vectors scored as well as three without
// them, which had cost three times as much; three with them gained
// nothing on GUM dev and lost on UNER test (see README).
const ensembleSize = 1

// maxEnsemble bounds the networks a model file may hold.
const maxEnsemble = 8

// ensemble is the second pass: networks trained alike but for their random
// seeds. Their label distributions are averaged before decoding, which
// smooths out what any one of them learnt by chance from a small corpus.
type ensemble []*neural

// ensembleWork is one goroutine's scratch space for decoding.
type ensembleWork struct {
	w    neuralWork
	lstm nn.Batch
	offs []int
	prob []float32
}

// scoreAll fills ew.w.y with the label scores of every token of the
// sentences cs, stacked (sentence k is rows ew.offs[k] to ew.offs[k+1]).
// The sentences go through the LSTMs together, so that each step
// multiplies all their states at once (nn.LSTM.ForwardBatch).
func (n *neural) scoreAll(ew *ensembleWork, cs [][]tokCtx) {
	D, H := n.cfg.dim, n.cfg.hidden
	N := ew.offs[len(cs)]
	w := &ew.w
	w.x = grow(w.x, N*D)
	clear(w.x)
	for k, c := range cs {
		n.embedInto(w.x[ew.offs[k]*D:ew.offs[k+1]*D], w, c, nil)
	}
	w.h = grow(w.h, N*2*H)
	n.fw.ForwardBatch(&ew.lstm, w.x, ew.offs, false, w.h, 2*H)
	n.bw.ForwardBatch(&ew.lstm, w.x, ew.offs, true, w.h[H:], 2*H)
	w.y = grow(w.y, N*nLabels)
	n.out.Forward(w.y, w.h, N)
}

// decode returns the most probable valid BILOU labelling of cs: Viterbi
// over the logarithms of the members' mean label probabilities.
func (e ensemble) decode(ew *ensembleWork, cs []tokCtx) []int {
	return e.decodeAll(ew, [][]tokCtx{cs})[0]
}

// batchTokens bounds the tokens decodeAll runs through the networks at
// once: enough sentences for the batched products to pay, while the
// scratch space of a document at the size limit stays a few megabytes
// rather than growing with the document (each token costs ~2 KB of it).
const batchTokens = 2048

// decodeAll is decode for each of a document's sentences (cs[k] the
// contexts of sentence k), which each network reads together, a batch of
// up to batchTokens tokens at a time. Each sentence's labels are the same
// whatever batch it is in.
func (e ensemble) decodeAll(ew *ensembleWork, cs [][]tokCtx) [][]int {
	out := make([][]int, 0, len(cs))
	for lo, hi := range nn.Batches(len(cs), batchTokens, func(i int) int { return len(cs[i]) }) {
		out = e.decodeBatch(ew, cs[lo:hi], out)
	}
	return out
}

// decodeBatch appends to out the labels of each of the sentences cs.
func (e ensemble) decodeBatch(ew *ensembleWork, cs [][]tokCtx, out [][]int) [][]int {
	ew.offs = append(ew.offs[:0], 0)
	for _, c := range cs {
		ew.offs = append(ew.offs, ew.offs[len(ew.offs)-1]+len(c))
	}
	N := ew.offs[len(cs)]
	if N == 0 { // only empty sentences, which the kernels cannot take
		for range cs {
			out = append(out, nil)
		}
		return out
	}
	ew.prob = grow(ew.prob, N*nLabels)
	clear(ew.prob)
	for _, n := range e {
		n.scoreAll(ew, cs)
		for i := 0; i < N; i++ {
			row := ew.w.y[i*nLabels : (i+1)*nLabels]
			nn.Softmax(row)
			nn.Axpy(1, row, ew.prob[i*nLabels:(i+1)*nLabels])
		}
	}
	k := 1 / float32(len(e))
	for j, p := range ew.prob {
		ew.prob[j] = float32(math.Log(math.Max(float64(p*k), 1e-30)))
	}
	for s := range cs {
		var labels []int
		if lo, hi := ew.offs[s], ew.offs[s+1]; hi > lo {
			labels = viterbi(hi-lo, ew.prob[lo*nLabels:hi*nLabels], nil)
		}
		out = append(out, labels)
	}
	return out
}

// trainNeural trains a network on the examples which (indices into cs and
// gold). Training is deterministic: each batch's sentences are split
// between two workers by position, and their gradients summed in order.
func trainNeural(ctx context.Context, cfg neuralConfig, cs [][]tokCtx, gold [][]int, which []int, log io.Writer) (*neural, error) {
	rng := rand.New(rand.NewPCG(cfg.seed, 11))
	n := newNeural(cfg, rng)
	const workers, batch = 2, 16
	type worker struct {
		w    neuralWork
		g    *nn.Grads
		loss float64
	}
	ws := make([]*worker, workers)
	for i := range ws {
		ws[i] = &worker{g: nn.NewGrads(&n.ps)}
	}
	opt := nn.NewAdam(&n.ps, cfg.lr, 0.9, 0.9)
	ema := nn.NewEMA(&n.ps, cfg.ema)
	order := append([]int(nil), which...)
	for ep := 0; ep < cfg.epochs; ep++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		opt.LR = cfg.lr * math.Pow(cfg.decay, float64(ep))
		rand.New(rand.NewPCG(cfg.seed, uint64(ep)+50)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var total float64
		var ntok int
		for b := 0; b < len(order); b += batch {
			bt := order[b:min(b+batch, len(order))]
			err := parallel.Do(workers, workers, func(k int) error {
				wk := ws[k]
				for j := k; j < len(bt); j += workers {
					idx := bt[j]
					if len(cs[idx]) == 0 {
						continue
					}
					r := rand.New(rand.NewPCG(cfg.seed^uint64(ep)<<40, uint64(idx)))
					wk.loss += n.loss(&wk.w, cs[idx], gold[idx], r, wk.g)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			tok := 0
			for _, idx := range bt {
				tok += len(cs[idx])
			}
			if tok == 0 {
				continue
			}
			g := ws[0].g
			for _, o := range ws[1:] {
				g.Add(&n.ps, o.g)
			}
			ntok += tok
			g.Scale(&n.ps, 1/float32(tok))
			if norm := g.Norm(&n.ps); norm > 5 {
				g.Scale(&n.ps, float32(5/norm))
			}
			opt.Step(&n.ps, g)
			ema.Update(&n.ps)
			for _, wk := range ws {
				wk.g.Zero(&n.ps)
				total += wk.loss
				wk.loss = 0
			}
		}
		fmt.Fprintf(log, "ner: neural epoch %d, loss %.4f\n", ep+1, total/float64(max(ntok, 1)))
	}
	ema.Swap(&n.ps)
	return n, nil
}
