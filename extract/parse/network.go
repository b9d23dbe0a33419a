package parse

import (
	"math"
	"math/rand/v2"

	"kg/extract/internal/nn"
)

// config is the shape of the network.
type config struct {
	Word, Tag  int // widths of the word and tag embeddings
	Hidden     int // LSTM units per direction
	Layers     int // BiLSTM layers
	Arc, Label int // widths of the arc and label MLPs
}

// network is the parser of Dozat and Manning (2017): embeddings of words,
// affixes, shapes and predicted tags, a stacked BiLSTM, then per word four
// MLP views (as a dependent and as a head, for arcs and for labels), a
// biaffine arc scorer and a label classifier.
type network struct {
	cfg                              config
	ps                               nn.Params
	word, affix, shape, upos, xpos   *nn.Param
	fw, bw                           []nn.LSTM
	arcDep, arcHead, labDep, labHead nn.Linear
	u                                *nn.Param // Arc×Arc: dep·U·head
	hb                               *nn.Param // 1×Arc: the prior of a word as a head
	lab                              nn.Linear // [dep; head; dep⊙head] (3·Label) → labels
}

func newNetwork(cfg config, v *vocab, rng *rand.Rand) *network {
	n := &network{cfg: cfg}
	ps := &n.ps
	n.word = ps.NewEmbedding("word", len(v.words)+firstID, cfg.Word, rng)
	n.affix = ps.NewEmbedding("affix", max(len(v.affixes), 1), cfg.Word, rng)
	n.shape = ps.NewEmbedding("shape", len(v.shapes)+firstID, cfg.Word, rng)
	n.upos = ps.NewEmbedding("upos", len(v.upos)+firstID, cfg.Tag, rng)
	n.xpos = ps.NewEmbedding("xpos", len(v.xpos)+firstID, cfg.Tag, rng)
	in := cfg.Word + cfg.Tag
	for l := 0; l < cfg.Layers; l++ {
		n.fw = append(n.fw, nn.NewLSTM(ps, "lstm"+string(rune('0'+l))+"f", in, cfg.Hidden, rng))
		n.bw = append(n.bw, nn.NewLSTM(ps, "lstm"+string(rune('0'+l))+"b", in, cfg.Hidden, rng))
		in = 2 * cfg.Hidden
	}
	n.arcDep = nn.NewLinear(ps, "arcdep", in, cfg.Arc, rng)
	n.arcHead = nn.NewLinear(ps, "archead", in, cfg.Arc, rng)
	n.labDep = nn.NewLinear(ps, "labdep", in, cfg.Label, rng)
	n.labHead = nn.NewLinear(ps, "labhead", in, cfg.Label, rng)
	n.u = ps.New("u", cfg.Arc, cfg.Arc, nil) // zero: Dozat and Manning start the biaffine at zero
	n.hb = ps.New("hb", 1, cfg.Arc, nil)
	n.lab = nn.NewLinear(ps, "label", 3*cfg.Label, len(v.labels), rng)
	return n
}

// dropout holds a training pass's dropout rates and randomness.
type dropout struct {
	rng               *rand.Rand
	input, hidden     float32 // elementwise, on the embeddings and on each BiLSTM output and MLP
	wordAlpha, tagUnk float32 // a word of training count c becomes unknown with probability α/(α+c); a tag with tagUnk
}

// work is a sentence's scratch space, reused across sentences.
type work struct {
	toks                   []token
	x                      []float32   // T×D embeddings (after dropout)
	xmask                  []float32   // its dropout mask
	raw, in, mask          [][]float32 // per layer: BiLSTM output, the same after dropout, the mask
	tf, tb                 []nn.Tape
	dep, head, ldep, lhead []float32 // T×Arc, T×Arc, T×Label, T×Label
	mdep, mhead, mld, mlh  []float32 // their dropout masks
	pre                    [4][]float32
	p, s                   []float32 // T×Arc, T×T
	z, ly                  []float32 // n×3·Label, n×labels
	// Backward buffers.
	ddep, dhead, dld, dlh, dp, dz, denc, dx []float32
	tmp                                     []float32
}

func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

func (w *work) layers(n int) {
	for len(w.raw) < n {
		w.raw, w.in, w.mask = append(w.raw, nil), append(w.in, nil), append(w.mask, nil)
		w.tf, w.tb = append(w.tf, nn.Tape{}), append(w.tb, nn.Tape{})
	}
}

// fill fills m with inverted-dropout factors: 0 with probability p, else
// 1/(1-p).
func (d *dropout) fill(m []float32, p float32) {
	k := 1 / (1 - p)
	for i := range m {
		if d.rng.Float32() < p {
			m[i] = 0
		} else {
			m[i] = k
		}
	}
}

func mul(x, m []float32) {
	for i := range x {
		x[i] *= m[i]
	}
}

// dropIDs replaces, for training, rare words and a few tags by the
// unknown id, so that the unknown rows learn what unseen words need.
func (d *dropout) dropIDs(toks []token, wordCount []int32) {
	for t := 1; t < len(toks); t++ {
		tk := &toks[t]
		if tk.word != unknownID {
			c := float32(wordCount[tk.word])
			if d.rng.Float32() < d.wordAlpha/(d.wordAlpha+c) {
				tk.word = unknownID
			}
		}
		if d.rng.Float32() < d.tagUnk {
			tk.upos = unknownID
		}
		if d.rng.Float32() < d.tagUnk {
			tk.xpos = unknownID
		}
	}
}

// embed writes the input row of each token to x: the sum of its word,
// shape and affix vectors, then the sum of its two tag vectors.
func (n *network) embed(x []float32, toks []token) {
	D := n.cfg.Word + n.cfg.Tag
	for t := range toks {
		tk := &toks[t]
		row := x[t*D : (t+1)*D]
		wv, tv := row[:n.cfg.Word], row[n.cfg.Word:]
		copy(wv, n.word.Row(int(tk.word)))
		nn.Axpy(1, n.shape.Row(int(tk.shape)), wv)
		for _, a := range tk.affix {
			if a >= 0 {
				nn.Axpy(1, n.affix.Row(int(a)), wv)
			}
		}
		copy(tv, n.upos.Row(int(tk.upos)))
		nn.Axpy(1, n.xpos.Row(int(tk.xpos)), tv)
	}
}

// views returns the four MLP layers: arc dependent, arc head, label
// dependent, label head.
func (n *network) views() [4]nn.Linear {
	return [4]nn.Linear{n.arcDep, n.arcHead, n.labDep, n.labHead}
}

// arcScores writes the T×T arc scores of one sentence to s, from its rows
// of dep·U (p) and of the head view.
func (n *network) arcScores(s, p, head []float32, T int) {
	A := n.cfg.Arc
	clear(s)
	nn.MatMulBT(s, p, head, T, A, T)
	for j := 0; j < T; j++ {
		b := nn.Dot(head[j*A:(j+1)*A], n.hb.W)
		for i := 0; i < T; i++ {
			s[i*T+j] += b
		}
	}
	for i := 0; i < T; i++ {
		s[i*T+i] = float32(math.Inf(-1)) // no word heads itself
	}
}

// labelInputs writes, for each word i ≥ 1 of one sentence, the label
// classifier's input [dep; head; dep⊙head] under head heads[i] to z.
func (n *network) labelInputs(z, ldep, lhead []float32, heads []int) {
	B := n.cfg.Label
	for i := 1; i < len(heads); i++ {
		zi := z[(i-1)*3*B : i*3*B]
		ld := ldep[i*B : (i+1)*B]
		lh := lhead[heads[i]*B : (heads[i]+1)*B]
		copy(zi[:B], ld)
		copy(zi[B:2*B], lh)
		for k := 0; k < B; k++ {
			zi[2*B+k] = ld[k] * lh[k]
		}
	}
}

// forward is the training pass over w.toks up to the arc scores w.s and
// the label views, with dropout.
func (n *network) forward(w *work, d *dropout, wordCount []int32) {
	T := len(w.toks)
	H2 := 2 * n.cfg.Hidden
	D := n.cfg.Word + n.cfg.Tag
	d.dropIDs(w.toks, wordCount)
	w.x = grow(w.x, T*D)
	n.embed(w.x, w.toks)
	w.xmask = grow(w.xmask, T*D)
	d.fill(w.xmask, d.input)
	mul(w.x, w.xmask)
	w.layers(n.cfg.Layers)
	in := w.x
	for l := 0; l < n.cfg.Layers; l++ {
		w.raw[l] = grow(w.raw[l], T*H2)
		n.fw[l].Forward(&w.tf[l], in, T, false, w.raw[l], H2)
		n.bw[l].Forward(&w.tb[l], in, T, true, w.raw[l][n.cfg.Hidden:], H2)
		w.mask[l] = grow(w.mask[l], T*H2)
		d.fill(w.mask[l], d.hidden)
		w.in[l] = grow(w.in[l], T*H2)
		copy(w.in[l], w.raw[l])
		mul(w.in[l], w.mask[l])
		in = w.in[l]
	}
	outs := [4]*[]float32{&w.dep, &w.head, &w.ldep, &w.lhead}
	masks := [4]*[]float32{&w.mdep, &w.mhead, &w.mld, &w.mlh}
	for k, v := range n.views() {
		*outs[k] = grow(*outs[k], T*v.Out())
		v.Forward(*outs[k], in, T)
		nn.LeakyReLU(*outs[k])
		w.pre[k] = grow(w.pre[k], T*v.Out())
		copy(w.pre[k], *outs[k])
		*masks[k] = grow(*masks[k], T*v.Out())
		d.fill(*masks[k], d.hidden)
		mul(*outs[k], *masks[k])
	}
	A := n.cfg.Arc
	w.p = grow(w.p, T*A)
	clear(w.p)
	nn.MatMul(w.p, w.dep, n.u.W, T, A, A)
	w.s = grow(w.s, T*T)
	n.arcScores(w.s, w.p, w.head, T)
}

// punctPenalty is added to the score of an arc headed by punctuation.
const punctPenalty = -1e4

// batchWork is the scratch space of parsing several sentences at once.
type batchWork struct {
	offs    []int
	toks    []token
	x       []float32
	h       [][]float32 // per layer, N×2H
	view    [4][]float32
	p, s, z []float32
	ly      []float32
	heads   []int
	lstm    nn.Batch
	cle     cleWork
}

// parse runs the network over the sentences whose tokens are stacked in
// bw.toks (sentence i is rows bw.offs[i] to bw.offs[i+1], its root first)
// and calls emit with each sentence's heads and label scores (row i-1 for
// word i).
func (n *network) parse(bw *batchWork, punct int32, emit func(i int, heads []int, ly []float32)) {
	n.encode(bw)
	A, B, L := n.cfg.Arc, n.cfg.Label, n.lab.Out()
	for i := 0; i+1 < len(bw.offs); i++ {
		lo, hi := bw.offs[i], bw.offs[i+1]
		T := hi - lo
		bw.s = grow(bw.s, T*T)
		n.arcScores(bw.s, bw.p[lo*A:hi*A], bw.view[1][lo*A:hi*A], T)
		// Punctuation is a leaf in UD. The penalty is finite, so that a
		// sentence of punctuation alone still has a tree.
		for j := 1; j < T; j++ {
			if bw.toks[lo+j].upos == punct {
				for d := 1; d < T; d++ {
					bw.s[d*T+j] += punctPenalty
				}
			}
		}
		bw.heads = decode(&bw.cle, bw.s, T, bw.heads)
		bw.z = grow(bw.z, (T-1)*3*B)
		n.labelInputs(bw.z, bw.view[2][lo*B:hi*B], bw.view[3][lo*B:hi*B], bw.heads)
		bw.ly = grow(bw.ly, (T-1)*L)
		n.lab.Forward(bw.ly, bw.z, T-1)
		emit(i, bw.heads, bw.ly)
	}
}

// encode runs the network over the sentences stacked in bw up to the four
// MLP views and the rows of dep·U.
func (n *network) encode(bw *batchWork) {
	N := len(bw.toks)
	H2 := 2 * n.cfg.Hidden
	D := n.cfg.Word + n.cfg.Tag
	bw.x = grow(bw.x, N*D)
	n.embed(bw.x, bw.toks)
	for len(bw.h) < n.cfg.Layers {
		bw.h = append(bw.h, nil)
	}
	in := bw.x
	for l := 0; l < n.cfg.Layers; l++ {
		bw.h[l] = grow(bw.h[l], N*H2)
		n.fw[l].ForwardBatch(&bw.lstm, in, bw.offs, false, bw.h[l], H2)
		n.bw[l].ForwardBatch(&bw.lstm, in, bw.offs, true, bw.h[l][n.cfg.Hidden:], H2)
		in = bw.h[l]
	}
	for k, v := range n.views() {
		bw.view[k] = grow(bw.view[k], N*v.Out())
		v.Forward(bw.view[k], in, N)
		nn.LeakyReLU(bw.view[k])
	}
	A := n.cfg.Arc
	bw.p = grow(bw.p, N*A)
	clear(bw.p)
	nn.MatMul(bw.p, bw.view[0], n.u.W, N, A, A)
}

// loss runs a training pass over w.toks with gold heads and labels
// (index 1..n), adds the gradients to g, and returns the summed
// cross-entropy of arcs and labels.
func (n *network) loss(w *work, gold []int, labels []int, d *dropout, wordCount []int32, g *nn.Grads) float64 {
	n.forward(w, d, wordCount)
	T, A, B := len(w.toks), n.cfg.Arc, n.cfg.Label
	var loss float64
	// Arcs: softmax over the candidate heads of each word; row 0, the
	// root's, has no head and no loss.
	for i := 1; i < T; i++ {
		row := w.s[i*T : (i+1)*T]
		nn.Softmax(row) // row now holds probabilities: their gradient, less the gold one-hot
		loss -= math.Log(math.Max(float64(row[gold[i]]), 1e-30))
		row[gold[i]]--
	}
	clear(w.s[:T])
	ds := w.s
	// Labels on the gold arcs.
	L := n.lab.Out()
	w.z = grow(w.z, (T-1)*3*B)
	n.labelInputs(w.z, w.ldep, w.lhead, gold)
	w.ly = grow(w.ly, (T-1)*L)
	n.lab.Forward(w.ly, w.z, T-1)
	for i := 1; i < T; i++ {
		row := w.ly[(i-1)*L : i*L]
		nn.Softmax(row)
		loss -= math.Log(math.Max(float64(row[labels[i]]), 1e-30))
		row[labels[i]]--
	}
	nw := T - 1
	w.dz = grow(w.dz, nw*3*B)
	clear(w.dz)
	w.tmp = n.lab.Backward(g, w.dz, w.z, w.ly, nw, w.tmp)
	w.ddep, w.dhead = grow(w.ddep, T*A), grow(w.dhead, T*A)
	w.dld, w.dlh = grow(w.dld, T*B), grow(w.dlh, T*B)
	clear(w.ddep)
	clear(w.dhead)
	clear(w.dld)
	clear(w.dlh)
	for i := 1; i < T; i++ {
		dz := w.dz[(i-1)*3*B : i*3*B]
		h := gold[i]
		ld, lh := w.ldep[i*B:(i+1)*B], w.lhead[h*B:(h+1)*B]
		dld, dlh := w.dld[i*B:(i+1)*B], w.dlh[h*B:(h+1)*B]
		for k := 0; k < B; k++ {
			dld[k] += dz[k] + dz[2*B+k]*lh[k]
			dlh[k] += dz[B+k] + dz[2*B+k]*ld[k]
		}
	}
	// Arc scorer: S = dep·U·headᵀ + 1·(head·hb)ᵀ.
	dhb := g.Of(n.hb)
	for j := 0; j < T; j++ {
		var col float32
		for i := 1; i < T; i++ {
			col += ds[i*T+j]
		}
		if col != 0 {
			nn.Axpy(col, w.head[j*A:(j+1)*A], dhb)
			nn.Axpy(col, n.hb.W, w.dhead[j*A:(j+1)*A])
		}
	}
	w.dp = grow(w.dp, T*A)
	clear(w.dp)
	nn.MatMul(w.dp, ds, w.head, T, T, A)
	w.tmp = nn.MatMulAT(w.dhead, ds, w.p, T, T, A, w.tmp)
	w.tmp = nn.MatMulAT(g.Of(n.u), w.dep, w.dp, T, A, A, w.tmp)
	nn.MatMulBT(w.ddep, w.dp, n.u.W, T, A, A)
	// The four MLP views.
	H2 := 2 * n.cfg.Hidden
	top := w.in[n.cfg.Layers-1]
	w.denc = grow(w.denc, T*H2)
	clear(w.denc)
	views := []struct {
		l     nn.Linear
		dy, m []float32
		k     int
	}{{n.arcDep, w.ddep, w.mdep, 0}, {n.arcHead, w.dhead, w.mhead, 1}, {n.labDep, w.dld, w.mld, 2}, {n.labHead, w.dlh, w.mlh, 3}}
	for _, v := range views {
		mul(v.dy, v.m)
		nn.LeakyReLUBackward(v.dy, w.pre[v.k])
		w.tmp = v.l.Backward(g, w.denc, top, v.dy, T, w.tmp)
	}
	// The BiLSTM, top down.
	for l := n.cfg.Layers - 1; l >= 0; l-- {
		mul(w.denc, w.mask[l])
		in, inW := w.x, n.cfg.Word+n.cfg.Tag
		if l > 0 {
			in, inW = w.in[l-1], H2
		}
		w.dx = grow(w.dx, T*inW)
		clear(w.dx)
		n.fw[l].Backward(g, &w.tf[l], in, false, w.denc, H2, w.dx)
		n.bw[l].Backward(g, &w.tb[l], in, true, w.denc[n.cfg.Hidden:], H2, w.dx)
		w.denc, w.dx = w.dx, w.denc
	}
	// Embeddings.
	dx := w.denc
	mul(dx, w.xmask)
	D := n.cfg.Word + n.cfg.Tag
	for t, tk := range w.toks {
		row := dx[t*D : (t+1)*D]
		dw, dt := row[:n.cfg.Word], row[n.cfg.Word:]
		nn.Axpy(1, dw, g.Row(n.word, int(tk.word)))
		nn.Axpy(1, dw, g.Row(n.shape, int(tk.shape)))
		for _, a := range tk.affix {
			if a >= 0 {
				nn.Axpy(1, dw, g.Row(n.affix, int(a)))
			}
		}
		nn.Axpy(1, dt, g.Row(n.upos, int(tk.upos)))
		nn.Axpy(1, dt, g.Row(n.xpos, int(tk.xpos)))
	}
	return loss
}
