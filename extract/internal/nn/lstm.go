package nn

import "math/rand/v2"

// LSTM is a one-directional long short-term memory layer (Hochreiter and
// Schmidhuber 1997, with forget gates) over a sequence of input rows. The
// gate blocks are ordered input, forget, candidate, output.
type LSTM struct {
	Wx *Param // in×4H
	Wh *Param // H×4H
	B  *Param // 1×4H
	H  int
}

// NewLSTM adds an LSTM from in inputs to h hidden units. The forget gates'
// biases start at 1, so that early in training the cell keeps its memory.
func NewLSTM(ps *Params, name string, in, h int, rng *rand.Rand) LSTM {
	l := LSTM{
		Wx: ps.New(name+".wx", in, 4*h, rng),
		Wh: ps.New(name+".wh", h, 4*h, rng),
		B:  ps.New(name+".b", 1, 4*h, nil),
		H:  h,
	}
	for j := h; j < 2*h; j++ {
		l.B.W[j] = 1
	}
	return l
}

// Tape keeps what an LSTM's backward pass needs from its forward pass over
// one sequence. Its buffers are reused from one sequence to the next.
type Tape struct {
	t       int
	gates   []float32 // t×4H activated gates
	c, tc   []float32 // t×H cell states and their tanh
	hprev   []float32 // t×H: the hidden state each step read
	dg, tmp []float32
	dh, dc  []float32
}

func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// Forward runs l over the t rows of x (t×in), right to left when reverse,
// and writes the hidden state of step i to h[i*ldh:][:H]. tape may be nil
// when no backward pass follows.
func (l LSTM) Forward(tape *Tape, x []float32, t int, reverse bool, h []float32, ldh int) {
	var local Tape
	if tape == nil {
		tape = &local
	}
	H, G := l.H, 4*l.H
	tape.t = t
	tape.gates = grow(tape.gates, t*G)
	tape.c = grow(tape.c, t*H)
	tape.tc = grow(tape.tc, t*H)
	tape.hprev = grow(tape.hprev, t*H)
	gates := tape.gates
	clear(gates)
	AddBias(gates, l.B.W, t)
	MatMul(gates, x, l.Wx.W, t, l.Wx.Rows, G)
	prev := -1
	for s := 0; s < t; s++ {
		i := s
		if reverse {
			i = t - 1 - s
		}
		g := gates[i*G : (i+1)*G]
		c := tape.c[i*H : (i+1)*H]
		hp := tape.hprev[i*H : (i+1)*H]
		if prev >= 0 {
			copy(hp, h[prev*ldh:prev*ldh+H])
			copy(c, tape.c[prev*H:(prev+1)*H])
			MatMul(g, hp, l.Wh.W, 1, H, G)
		} else {
			clear(hp)
			clear(c)
		}
		lstmCell(g, c, h[i*ldh:i*ldh+H], tape.tc[i*H:(i+1)*H])
		prev = i
	}
}

// Backward takes the gradient dh of the hidden states (laid out as Forward
// wrote them), adds the parameter gradients to g and, unless dx is nil,
// the input gradient to dx (t×in).
func (l LSTM) Backward(g *Grads, tape *Tape, x []float32, reverse bool, dh []float32, ldh int, dx []float32) {
	H, G, t := l.H, 4*l.H, tape.t
	tape.dg = grow(tape.dg, t*G)
	tape.dh = grow(tape.dh, H)
	tape.dc = grow(tape.dc, H)
	dhNext, dcNext := tape.dh, tape.dc
	clear(dhNext)
	clear(dcNext)
	for s := t - 1; s >= 0; s-- {
		i := s
		if reverse {
			i = t - 1 - s
		}
		var cprev []float32
		if s > 0 {
			p := i - 1
			if reverse {
				p = i + 1
			}
			cprev = tape.c[p*H : (p+1)*H]
		}
		a := tape.gates[i*G : (i+1)*G]
		ig, fg, ug, og := a[:H], a[H:2*H], a[2*H:3*H], a[3*H:]
		tc := tape.tc[i*H : (i+1)*H]
		d := tape.dg[i*G : (i+1)*G]
		di, df, du, do := d[:H], d[H:2*H], d[2*H:3*H], d[3*H:]
		dhi := dh[i*ldh : i*ldh+H]
		for j := 0; j < H; j++ {
			dht := dhi[j] + dhNext[j]
			o, th := og[j], tc[j]
			dc := dht*o*(1-th*th) + dcNext[j]
			in, u, f := ig[j], ug[j], fg[j]
			var cp float32
			if cprev != nil {
				cp = cprev[j]
			}
			di[j] = dc * u * in * (1 - in)
			df[j] = dc * cp * f * (1 - f)
			du[j] = dc * in * (1 - u*u)
			do[j] = dht * th * o * (1 - o)
			dcNext[j] = dc * f
		}
		clear(dhNext)
		if s > 0 {
			MatMulBT(dhNext, d, l.Wh.W, 1, G, H)
		}
	}
	tape.tmp = MatMulAT(g.Of(l.Wh), tape.hprev, tape.dg, t, H, G, tape.tmp)
	tape.tmp = MatMulAT(g.Of(l.Wx), x, tape.dg, t, l.Wx.Rows, G, tape.tmp)
	SumRows(g.Of(l.B), tape.dg, t)
	if dx != nil {
		MatMulBT(dx, tape.dg, l.Wx.W, t, G, l.Wx.Rows)
	}
}
