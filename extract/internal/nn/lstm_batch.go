package nn

import (
	"iter"
	"slices"
)

// Batches splits n sequences, sequence i of length length(i), into runs
// [lo, hi) of total length at most max, in order, for ForwardBatch: as many
// sequences as fit, and a longer one alone. It bounds the scratch space of
// a long document while keeping the batches large.
func Batches(n, max int, length func(i int) int) iter.Seq2[int, int] {
	return func(yield func(lo, hi int) bool) {
		for lo := 0; lo < n; {
			hi, total := lo, 0
			for hi < n && (hi == lo || total+length(hi) <= max) {
				total += length(hi)
				hi++
			}
			if !yield(lo, hi) {
				return
			}
			lo = hi
		}
	}
}

// Batch is scratch space for running an LSTM over several sequences at
// once; its buffers are reused from one call to the next.
type Batch struct {
	order   []int     // sequences by decreasing length
	gates   []float32 // N×4H
	hp, c   []float32 // B×H: the hidden states read this step, the cell states
	g, tc   []float32 // B×4H recurrent contributions, B×H scratch
	lengths []int
}

// ForwardBatch runs l over several sequences stacked in the rows of x:
// sequence i is rows offs[i] to offs[i+1]. It writes the hidden state of
// row r to h[r*ldh:][:H], as Forward would for each sequence alone. The
// sequences advance in lockstep, so that each step multiplies all their
// hidden states by the recurrent weights at once: one matrix product
// instead of a matrix-vector product per sequence, which is what makes
// batched parsing faster.
func (l LSTM) ForwardBatch(b *Batch, x []float32, offs []int, reverse bool, h []float32, ldh int) {
	H, G := l.H, 4*l.H
	nseq := len(offs) - 1
	if nseq <= 0 {
		return
	}
	N := offs[nseq]
	b.gates = grow(b.gates, N*G)
	clear(b.gates)
	AddBias(b.gates, l.B.W, N)
	MatMul(b.gates, x, l.Wx.W, N, l.Wx.Rows, G)
	b.order = b.order[:0]
	b.lengths = b.lengths[:0]
	for i := 0; i < nseq; i++ {
		b.order = append(b.order, i)
		b.lengths = append(b.lengths, offs[i+1]-offs[i])
	}
	slices.SortStableFunc(b.order, func(i, j int) int { return b.lengths[j] - b.lengths[i] })
	b.hp = grow(b.hp, nseq*H)
	b.c = grow(b.c, nseq*H)
	b.g = grow(b.g, nseq*G)
	b.tc = grow(b.tc, H)
	clear(b.c)
	row := func(i, s int) int { // the row sequence i reads at step s
		if reverse {
			return offs[i] + b.lengths[i] - 1 - s
		}
		return offs[i] + s
	}
	active := nseq
	for s := 0; ; s++ {
		for active > 0 && b.lengths[b.order[active-1]] <= s {
			active--
		}
		if active == 0 {
			break
		}
		if s > 0 {
			for k := 0; k < active; k++ {
				p := row(b.order[k], s-1)
				copy(b.hp[k*H:(k+1)*H], h[p*ldh:p*ldh+H])
			}
			g := b.g[:active*G]
			clear(g)
			MatMul(g, b.hp[:active*H], l.Wh.W, active, H, G)
			for k := 0; k < active; k++ {
				r := row(b.order[k], s)
				axpy(1, g[k*G:(k+1)*G], b.gates[r*G:(r+1)*G])
			}
		}
		for k := 0; k < active; k++ {
			r := row(b.order[k], s)
			lstmCell(b.gates[r*G:(r+1)*G], b.c[k*H:(k+1)*H], h[r*ldh:r*ldh+H], b.tc)
		}
	}
}
