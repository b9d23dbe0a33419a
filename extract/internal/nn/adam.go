package nn

import "math"

// Adam is the optimiser of Kingma and Ba (2015). Sparse parameters are
// updated lazily: only the rows a batch touched move, with that step's bias
// correction.
type Adam struct {
	LR, Beta1, Beta2, Eps float64
	step                  int
	m, v                  [][]float32
}

// NewAdam returns an optimiser for ps with learning rate lr and moment
// decay rates beta1 and beta2.
func NewAdam(ps *Params, lr, beta1, beta2 float64) *Adam {
	a := &Adam{LR: lr, Beta1: beta1, Beta2: beta2, Eps: 1e-8}
	for _, p := range ps.list {
		a.m = append(a.m, make([]float32, len(p.W)))
		a.v = append(a.v, make([]float32, len(p.W)))
	}
	return a
}

// Step applies the gradients g to ps.
func (a *Adam) Step(ps *Params, g *Grads) {
	a.step++
	b1, b2 := float32(a.Beta1), float32(a.Beta2)
	c1 := 1 - math.Pow(a.Beta1, float64(a.step))
	c2 := 1 - math.Pow(a.Beta2, float64(a.step))
	lr := float32(a.LR * math.Sqrt(c2) / c1)
	eps := float32(a.Eps * math.Sqrt(c2))
	for i, p := range ps.list {
		w, m, v, gr := p.W, a.m[i], a.v[i], g.g[i]
		update := func(lo, hi int) {
			for j := lo; j < hi; j++ {
				gj := gr[j]
				m[j] = b1*m[j] + (1-b1)*gj
				v[j] = b2*v[j] + (1-b2)*gj*gj
				w[j] -= lr * m[j] / (float32(math.Sqrt(float64(v[j]))) + eps)
			}
		}
		if !p.Sparse {
			update(0, len(w))
			continue
		}
		for _, r := range g.touched[i] {
			update(int(r)*p.Cols, (int(r)+1)*p.Cols)
		}
	}
}
