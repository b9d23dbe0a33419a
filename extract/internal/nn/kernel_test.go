package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = rng.Float32()*2 - 1
	}
	return s
}

func near(a, b, tol float32) bool {
	return math.Abs(float64(a-b)) <= float64(tol)*(1+math.Abs(float64(b)))
}

func TestMatMulMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sz := range [][3]int{{1, 1, 1}, {1, 7, 16}, {3, 5, 64}, {4, 9, 16}, {5, 33, 80}, {9, 128, 512}, {13, 17, 100}, {2, 0, 16}, {7, 3, 13}, {6, 40, 32}, {17, 64, 256}, {20, 192, 51}, {3, 600, 19}} {
		r, k, m := sz[0], sz[1], sz[2]
		t.Run(fmt.Sprintf("%dx%dx%d", r, k, m), func(t *testing.T) {
			a, b := randSlice(rng, r*k+1), randSlice(rng, k*m+1)
			c := randSlice(rng, r*m)
			want := append([]float32(nil), c...)
			matMulGo(want, a, b, r, k, m)
			if r*k > 0 {
				MatMul(c, a, b, r, k, m)
			} else {
				matMul(c, a, b, r, k, m)
			}
			for i := range c {
				if !near(c[i], want[i], 1e-5) {
					t.Fatalf("MatMul %dx%dx%d: c[%d] = %v, want %v", r, k, m, i, c[i], want[i])
				}
			}
		})
	}
}

func TestDotAxpyMatchGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 7, 8, 31, 32, 33, 100, 256} {
		a, b := randSlice(rng, n), randSlice(rng, n)
		if got, want := Dot(a, b), dotGo(a, b); !near(got, want, 1e-5) {
			t.Errorf("Dot n=%d = %v, want %v", n, got, want)
		}
		y := randSlice(rng, n)
		want := append([]float32(nil), y...)
		axpyGo(0.3, a, want)
		Axpy(0.3, a, y)
		for i := range y {
			if !near(y[i], want[i], 1e-6) {
				t.Errorf("Axpy n=%d: y[%d] = %v, want %v", n, i, y[i], want[i])
			}
		}
	}
}

// TestAddScaledExact checks that adding an 8-bit row gives exactly the sums
// of the row first converted to floats, which is what keeps a model's
// output the same whether its table is held in 8 bits or in floats.
func TestAddScaledExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 7, 8, 9, 64, 100} {
		q := make([]int8, n)
		for i := range q {
			q[i] = int8(rng.IntN(255) - 127)
		}
		s := rng.Float32() / 127
		y := randSlice(rng, n)
		want := append([]float32(nil), y...)
		row := make([]float32, n)
		for i, v := range q {
			row[i] = float32(v) * s
		}
		Axpy(1, row, want)
		addScaledGo(s, q, y)
		for i := range y {
			if y[i] != want[i] {
				t.Errorf("addScaled n=%d: y[%d] = %v, want %v exactly", n, i, y[i], want[i])
			}
		}
	}
}

// TestAddRowsScaledExact checks the many-row kernel against adding the
// rows one at a time, bit for bit, for the width it is written for and
// others.
func TestAddRowsScaledExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, cols := range []int{64, 8, 24} {
		const nrows = 50
		q := make([]int8, nrows*cols)
		for i := range q {
			q[i] = int8(rng.IntN(255) - 127)
		}
		scale := make([]float32, nrows)
		for i := range scale {
			scale[i] = rng.Float32() / 127
		}
		for _, n := range []int{0, 1, 2, 37} {
			rows := make([]int32, n)
			for i := range rows {
				rows[i] = int32(rng.IntN(nrows))
			}
			y := randSlice(rng, cols)
			want := append([]float32(nil), y...)
			for _, r := range rows {
				addScaledGo(scale[r], q[int(r)*cols:(int(r)+1)*cols], want)
			}
			addRowsScaled(y, q, scale, cols, rows)
			for i := range y {
				if y[i] != want[i] {
					t.Fatalf("cols %d, %d rows: y[%d] = %v, want %v exactly", cols, n, i, y[i], want[i])
				}
			}
		}
	}
}

func TestTanhSigmoidAccuracy(t *testing.T) {
	var xs []float32
	for x := -12.0; x <= 12; x += 0.01 {
		xs = append(xs, float32(x))
	}
	xs = append(xs, 0, -0, 1e-8, -1e-8, 40, -40, float32(math.MaxFloat32), -float32(math.MaxFloat32))
	th := append([]float32(nil), xs...)
	sg := append([]float32(nil), xs...)
	Tanh(th)
	Sigmoid(sg)
	for i, x := range xs {
		if want := float32(math.Tanh(float64(x))); !near(th[i], want, 2e-6) {
			t.Errorf("Tanh(%v) = %v, want %v", x, th[i], want)
		}
		if want := float32(1 / (1 + math.Exp(-float64(x)))); !near(sg[i], want, 2e-6) {
			t.Errorf("Sigmoid(%v) = %v, want %v", x, sg[i], want)
		}
		if g := tanh1(x); !near(th[i], g, 1e-6) {
			t.Errorf("tanh kernels differ at %v: %v and %v", x, th[i], g)
		}
	}
}

func TestLSTMCellMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{8, 16, 64, 12} {
		g := randSlice(rng, 4*n)
		for i := range g {
			g[i] *= 4
		}
		c := randSlice(rng, n)
		g2, c2 := append([]float32(nil), g...), append([]float32(nil), c...)
		h, tc, h2, tc2 := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		lstmCell(g, c, h, tc)
		lstmCellGo(g2, c2, h2, tc2)
		for i := range h {
			if !near(h[i], h2[i], 1e-5) || !near(c[i], c2[i], 1e-5) || !near(tc[i], tc2[i], 1e-5) {
				t.Fatalf("n=%d unit %d: h c tc = %v %v %v, want %v %v %v", n, i, h[i], c[i], tc[i], h2[i], c2[i], tc2[i])
			}
		}
		for i := range g {
			if !near(g[i], g2[i], 1e-5) {
				t.Fatalf("n=%d gate %d = %v, want %v", n, i, g[i], g2[i])
			}
		}
	}
}

func BenchmarkMatMul(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, sz := range [][3]int{{32, 128, 512}, {1, 128, 512}} {
		r, k, m := sz[0], sz[1], sz[2]
		a, bb, c := randSlice(rng, r*k), randSlice(rng, k*m), make([]float32, r*m)
		b.Run(fmt.Sprintf("%dx%dx%d", r, k, m), func(b *testing.B) {
			b.SetBytes(int64(4 * k * m))
			for b.Loop() {
				MatMul(c, a, bb, r, k, m)
			}
			b.ReportMetric(float64(r*k*m)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
		})
	}
}

func BenchmarkLSTMCell(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	n := 128
	g, c, h, tc := randSlice(rng, 4*n), randSlice(rng, n), make([]float32, n), make([]float32, n)
	for b.Loop() {
		lstmCell(g, c, h, tc)
	}
}
