package nn

import "slices"

// EMA keeps an exponential moving average of a model's weights (Polyak
// averaging), which generalises better than the last iterate.
type EMA struct {
	Decay float32
	w     [][]float32
}

// NewEMA starts an average at the current weights of ps.
func NewEMA(ps *Params, decay float32) *EMA {
	e := &EMA{Decay: decay}
	for _, p := range ps.list {
		e.w = append(e.w, slices.Clone(p.W))
	}
	return e
}

// Update moves the average towards the current weights.
func (e *EMA) Update(ps *Params) {
	k := 1 - e.Decay
	for i, p := range ps.list {
		a := e.w[i]
		for j, v := range p.W {
			a[j] += k * (v - a[j])
		}
	}
}

// Swap exchanges the weights of ps with the average; a second Swap undoes
// the first.
func (e *EMA) Swap(ps *Params) {
	for i, p := range ps.list {
		p.W, e.w[i] = e.w[i], p.W
	}
}
