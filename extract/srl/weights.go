package srl

import (
	"math"
	"slices"
)

// weights is a trained linear classifier over hashed features: each
// feature that survived training has a short row of (class, weight)
// entries, most classes having none.
type weights struct {
	nclass int
	index  map[uint64]uint32 // feature → its row: entries[start[r]:start[r+1]]
	start  []uint32
	cls    []uint16
	w      []float32

	// table is index as an open-addressing hash table, which scoring
	// probes several times faster than a map: slot i holds a feature in
	// keys[i] and its row + 1 in rows[i] (0: empty).
	keys []uint64
	rows []uint32
	mask uint64
}

// seal builds the probing table from index; score needs it.
func (t *weights) seal() {
	size := 1
	for size < 2*len(t.index)+1 {
		size <<= 1
	}
	t.keys, t.rows, t.mask = make([]uint64, size), make([]uint32, size), uint64(size-1)
	for f, r := range t.index {
		i := mix(f) & t.mask
		for t.rows[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.keys[i], t.rows[i] = f, r+1
	}
}

// mix spreads a feature hash over the table's low bits.
func mix(f uint64) uint64 {
	f ^= f >> 33
	f *= 0xff51afd7ed558ccd
	f ^= f >> 33
	return f
}

// score adds the weights of feats to scores, which has one slot a class.
func (t *weights) score(scores []float32, feats []uint64) {
	for _, f := range feats {
		i := mix(f) & t.mask
		for t.rows[i] != 0 && t.keys[i] != f {
			i = (i + 1) & t.mask
		}
		r := t.rows[i]
		if r == 0 {
			continue
		}
		lo, hi := t.start[r-1], t.start[r]
		for k := lo; k < hi; k++ {
			scores[t.cls[k]] += t.w[k]
		}
	}
}

// perceptron trains weights as an averaged perceptron (Collins 2002), over
// a fixed feature set so that its rows can be dense while training.
type perceptron struct {
	nclass int
	row    map[uint64]int32
	w, tot []float32
	stamp  []int32
	t      int32
}

// newPerceptron returns a perceptron over the features counted at least
// minCount times in counts.
func newPerceptron(nclass int, counts map[uint64]int32, minCount int32) *perceptron {
	keys := make([]uint64, 0, len(counts))
	for f, c := range counts {
		if c >= minCount {
			keys = append(keys, f)
		}
	}
	slices.Sort(keys) // rows in a fixed order: training is deterministic
	p := &perceptron{nclass: nclass, row: make(map[uint64]int32, len(keys))}
	for i, f := range keys {
		p.row[f] = int32(i)
	}
	n := len(keys) * nclass
	p.w, p.tot, p.stamp = make([]float32, n), make([]float32, n), make([]int32, n)
	return p
}

func (p *perceptron) score(scores []float32, feats []uint64) {
	for _, f := range feats {
		r, ok := p.row[f]
		if !ok {
			continue
		}
		row := p.w[int(r)*p.nclass : int(r+1)*p.nclass]
		for c, w := range row {
			scores[c] += w
		}
	}
}

// update moves the weights of feats toward gold and away from guess.
func (p *perceptron) update(feats []uint64, gold, guess int) {
	p.t++
	if gold == guess {
		return
	}
	for _, f := range feats {
		r, ok := p.row[f]
		if !ok {
			continue
		}
		for _, c := range [2]int{gold, guess} {
			k := int(r)*p.nclass + c
			p.tot[k] += float32(p.t-p.stamp[k]) * p.w[k]
			p.stamp[k] = p.t
			if c == gold {
				p.w[k]++
			} else {
				p.w[k]--
			}
		}
	}
}

// rank moves a one-class perceptron toward the features of the right
// candidate and away from those of the chosen one.
func (p *perceptron) rank(gold, guess []uint64) {
	p.t++
	for sign, feats := range [2][]uint64{guess, gold} {
		for _, f := range feats {
			r, ok := p.row[f]
			if !ok {
				continue
			}
			k := int(r) * p.nclass
			p.tot[k] += float32(p.t-p.stamp[k]) * p.w[k]
			p.stamp[k] = p.t
			p.w[k] += float32(2*sign - 1)
		}
	}
}

// average returns the averaged weights, keeping only the entries that are
// not (nearly) zero.
func (p *perceptron) average() *weights {
	keys := make([]uint64, 0, len(p.row))
	for f := range p.row {
		keys = append(keys, f)
	}
	slices.Sort(keys)
	t := &weights{nclass: p.nclass, index: map[uint64]uint32{}, start: []uint32{0}}
	for _, f := range keys {
		r := int(p.row[f])
		n := 0
		for c := 0; c < p.nclass; c++ {
			k := r*p.nclass + c
			avg := (p.tot[k] + float32(p.t-p.stamp[k])*p.w[k]) / float32(max(p.t, 1))
			if math.Abs(float64(avg)) < 1e-4 {
				continue
			}
			t.cls = append(t.cls, uint16(c))
			t.w = append(t.w, avg)
			n++
		}
		if n > 0 {
			t.index[f] = uint32(len(t.start) - 1)
			t.start = append(t.start, uint32(len(t.cls)))
		}
	}
	t.seal()
	return t
}

// argmax returns the index of the highest score, the lowest index on ties.
func argmax(s []float32) int {
	best := 0
	for i, v := range s {
		if v > s[best] {
			best = i
		}
	}
	return best
}
