package nn

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// gradCheck compares the analytic gradient of loss with central finite
// differences at a few coordinates of each parameter.
func gradCheck(t *testing.T, ps *Params, loss func(g *Grads) float64) {
	t.Helper()
	g := NewGrads(ps)
	loss(g)
	rng := rand.New(rand.NewPCG(9, 9))
	for _, p := range ps.List() {
		for k := 0; k < 6; k++ {
			j := rng.IntN(len(p.W))
			old := p.W[j]
			const h = 1e-2
			p.W[j] = old + h
			lp := loss(nil)
			p.W[j] = old - h
			lm := loss(nil)
			p.W[j] = old
			num := (lp - lm) / (2 * h)
			got := float64(g.g[p.index][j])
			if math.Abs(num-got) > 2e-2*math.Max(1, math.Abs(num)) {
				t.Errorf("%s[%d]: analytic gradient %.5f, numeric %.5f", p.Name, j, got, num)
			}
		}
	}
}

func TestLinearGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var ps Params
	l := NewLinear(&ps, "l", 5, 16, rng)
	x := randSlice(rng, 3*5)
	target := randSlice(rng, 3*16)
	gradCheck(t, &ps, func(g *Grads) float64 {
		y := make([]float32, 3*16)
		l.Forward(y, x, 3)
		var s float64
		dy := make([]float32, len(y))
		for i := range y {
			d := float64(y[i] - target[i])
			s += d * d / 2
			dy[i] = float32(d)
		}
		if g != nil {
			l.Backward(g, make([]float32, len(x)), x, dy, 3, nil)
		}
		return s
	})
}

func TestLSTMGradients(t *testing.T) {
	for _, reverse := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(2, 2))
		var ps Params
		in, h, T := 6, 8, 5
		l := NewLSTM(&ps, "lstm", in, h, rng)
		xp := ps.NewEmbedding("x", T, in, rng) // the input, so its gradient is checked too
		target := randSlice(rng, T*h)
		gradCheck(t, &ps, func(g *Grads) float64 {
			var tape Tape
			out := make([]float32, T*2*h) // stride 2h, as a BiLSTM lays it out
			l.Forward(&tape, xp.W, T, reverse, out, 2*h)
			var s float64
			dh := make([]float32, len(out))
			for i := 0; i < T; i++ {
				for j := 0; j < h; j++ {
					d := float64(out[i*2*h+j] - target[i*h+j])
					s += d * d / 2
					dh[i*2*h+j] = float32(d)
				}
			}
			if g != nil {
				dx := make([]float32, T*in)
				l.Backward(g, &tape, xp.W, reverse, dh, 2*h, dx)
				for i := 0; i < T; i++ {
					copy(g.Row(xp, i), dx[i*in:(i+1)*in])
				}
			}
			return s
		})
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		bytes  bool    // the embedding stored in 8 bits
		format string  // the file's first bytes
		tol    float64 // of the embedding, relative to its row's largest weight
	}{
		{"half precision", false, magic, 1e-3},
		{"rows in bytes", true, magicBytes, 1.0 / 254},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 3))
			var ps Params
			NewLinear(&ps, "a", 7, 9, rng)
			e := ps.NewEmbedding("e", 11, 4, rng)
			e.Bytes = tt.bytes
			clear(e.Row(5)) // an all-zero row has no scale
			var buf bytes.Buffer
			if err := ps.Save(&buf); err != nil {
				t.Fatal(err)
			}
			if got := buf.String()[:len(magic)]; got != tt.format {
				t.Errorf("format %q, want %q", got, tt.format)
			}
			// A table without weights, as a model reader makes it: Load
			// gives it floats or bytes, as the file stores them.
			var qs Params
			NewLinear(&qs, "a", 7, 9, nil)
			qs.NewTable("e", 11, 4)
			if err := qs.Load(bytes.NewReader(buf.Bytes())); err != nil {
				t.Fatal(err)
			}
			for i, p := range ps.List() {
				q := qs.List()[i]
				if tt.bytes && p.Name == "e" && q.W != nil {
					t.Errorf("%s: Load kept float rows of an 8-bit table", p.Name)
				}
				// The rows as AddRows sums them, whatever their storage.
				loaded := make([]float32, p.Rows*p.Cols)
				for r := 0; r < p.Rows; r++ {
					q.AddRows(loaded[r*p.Cols:(r+1)*p.Cols], []int32{int32(r)})
				}
				for j, v := range p.W {
					got := loaded[j]
					if p.Name == "e" {
						var mx float64
						for _, w := range p.Row(j / p.Cols) {
							mx = max(mx, math.Abs(float64(w)))
						}
						if math.Abs(float64(got-v)) > tt.tol*mx*1.01 {
							t.Fatalf("%s[%d] = %v after the round trip, want %v ± %.4f", p.Name, j, got, v, tt.tol*mx)
						}
					} else if !near(got, v, 1e-3) {
						t.Fatalf("%s[%d] = %v after the round trip, want %v", p.Name, j, got, v)
					}
				}
			}
			var again bytes.Buffer
			if err := qs.Save(&again); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.Bytes(), buf.Bytes()) {
				t.Error("saving the loaded parameters gave other bytes")
			}
			var bad Params
			NewLinear(&bad, "a", 7, 8, nil)
			bad.NewEmbedding("e", 11, 4, nil)
			if err := bad.Load(bytes.NewReader(buf.Bytes())); err == nil {
				t.Error("Load into parameters of another shape succeeded")
			}
			if err := qs.Load(bytes.NewReader(buf.Bytes()[:buf.Len()/2])); err == nil {
				t.Error("Load of a truncated file succeeded")
			}
		})
	}
}

func TestHalfPrecision(t *testing.T) {
	for _, v := range []float32{0, 1, -1, 0.5, 3.14159, -2.71828, 65504, 1e-5, -6e-8, 1e-9, 70000, 0.1} {
		got := fromHalf(toHalf(v))
		want := v
		switch {
		case v > 65504:
			want = 65504
		case math.Abs(float64(v)) < 3e-8:
			want = 0
		}
		if !near(got, want, 1e-3) && math.Abs(float64(got-want)) > 6e-8 {
			t.Errorf("fromHalf(toHalf(%v)) = %v, want %v", v, got, want)
		}
	}
}

func TestAdamReducesLoss(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	var ps Params
	l := NewLinear(&ps, "l", 4, 16, rng)
	x := randSlice(rng, 8*4)
	target := randSlice(rng, 8*16)
	opt := NewAdam(&ps, 0.05, 0.9, 0.999)
	g := NewGrads(&ps)
	lossAt := func() float64 {
		y := make([]float32, 8*16)
		l.Forward(y, x, 8)
		var s float64
		for i := range y {
			d := float64(y[i] - target[i])
			s += d * d
		}
		return s
	}
	first := lossAt()
	for step := 0; step < 200; step++ {
		g.Zero(&ps)
		y := make([]float32, 8*16)
		l.Forward(y, x, 8)
		for i := range y {
			y[i] -= target[i]
		}
		l.Backward(g, nil, x, y, 8, nil)
		opt.Step(&ps, g)
	}
	if last := lossAt(); last > first/4 {
		t.Errorf("loss %.3f after 200 Adam steps, from %.3f: want a fourth or less", last, first)
	}
}

func TestForwardBatchMatchesForward(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	var ps Params
	in, h := 12, 16
	l := NewLSTM(&ps, "lstm", in, h, rng)
	lens := []int{3, 7, 1, 7, 5}
	offs := []int{0}
	for _, n := range lens {
		offs = append(offs, offs[len(offs)-1]+n)
	}
	N := offs[len(lens)]
	x := randSlice(rng, N*in)
	for _, reverse := range []bool{false, true} {
		got := make([]float32, N*2*h)
		var b Batch
		l.ForwardBatch(&b, x, offs, reverse, got[h:], 2*h) // the second half of each row, as a backward direction is laid out
		for i, n := range lens {
			want := make([]float32, n*h)
			l.Forward(nil, x[offs[i]*in:offs[i+1]*in], n, reverse, want, h)
			for r := 0; r < n; r++ {
				for j := 0; j < h; j++ {
					if g, w := got[(offs[i]+r)*2*h+h+j], want[r*h+j]; !near(g, w, 1e-5) {
						t.Fatalf("reverse=%v sequence %d row %d unit %d: batched %v, alone %v", reverse, i, r, j, g, w)
					}
				}
			}
		}
	}
}

func TestBatches(t *testing.T) {
	tests := []struct {
		lengths []int
		max     int
		want    [][2]int
	}{
		{nil, 10, nil},
		{[]int{3, 3, 3}, 6, [][2]int{{0, 2}, {2, 3}}},
		{[]int{12, 1, 1}, 10, [][2]int{{0, 1}, {1, 3}}}, // a long one alone
		{[]int{0, 5, 5, 0}, 10, [][2]int{{0, 4}}},
	}
	for _, tt := range tests {
		var got [][2]int
		for lo, hi := range Batches(len(tt.lengths), tt.max, func(i int) int { return tt.lengths[i] }) {
			got = append(got, [2]int{lo, hi})
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Batches(%v, %d) = %v, want %v", tt.lengths, tt.max, got, tt.want)
		}
	}
}
