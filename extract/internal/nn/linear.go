package nn

import "math/rand/v2"

// Linear is an affine layer y = x·W + b over rows of x.
type Linear struct {
	W *Param // in×out
	B *Param // 1×out
}

// NewLinear adds an in→out affine layer to ps.
func NewLinear(ps *Params, name string, in, out int, rng *rand.Rand) Linear {
	return Linear{W: ps.New(name+".w", in, out, rng), B: ps.New(name+".b", 1, out, nil)}
}

// In and Out are the layer's input and output widths.
func (l Linear) In() int  { return l.W.Rows }
func (l Linear) Out() int { return l.W.Cols }

// Forward sets y (n×out) to x (n×in)·W + b.
func (l Linear) Forward(y, x []float32, n int) {
	clear(y[:n*l.Out()])
	AddBias(y, l.B.W, n)
	MatMul(y, x, l.W.W, n, l.In(), l.Out())
}

// Backward adds the gradients of W and b for input x and output gradient
// dy to g, and adds the input gradient to dx unless dx is nil. tmp is
// scratch space, returned for reuse.
func (l Linear) Backward(g *Grads, dx, x, dy []float32, n int, tmp []float32) []float32 {
	tmp = MatMulAT(g.Of(l.W), x, dy, n, l.In(), l.Out(), tmp)
	SumRows(g.Of(l.B), dy, n)
	if dx != nil {
		MatMulBT(dx, dy, l.W.W, n, l.Out(), l.In())
	}
	return tmp
}
