package nn

// The Go kernels: the reference the assembly is tested against, and the
// code on CPUs without AVX2 and FMA.

// MatMul adds A·B to C, where A is r×k, B is k×m and C is r×m, all
// row-major and contiguous.
func MatMul(c, a, b []float32, r, k, m int) {
	_, _, _ = c[r*m-1], a[r*k-1], b[k*m-1]
	matMul(c, a, b, r, k, m)
}

// Dot returns Σ a[i]·b[i]; b must be at least as long as a.
func Dot(a, b []float32) float32 {
	if len(a) == 0 {
		return 0
	}
	return dot(a, b)
}

// Axpy adds alpha·x to y; y must be at least as long as x.
func Axpy(alpha float32, x, y []float32) {
	if len(x) == 0 {
		return
	}
	axpy(alpha, x, y)
}

// Tanh replaces each x[i] by tanh(x[i]), computed by a rational
// approximation exact to about float32 precision.
func Tanh(x []float32) { tanhSlice(x) }

// Sigmoid replaces each x[i] by the logistic function 1/(1+e^-x[i]),
// computed as ½·tanh(½·x)+½.
func Sigmoid(x []float32) { sigmoidSlice(x) }

func matMulGo(c, a, b []float32, r, k, m int) {
	for i := 0; i < r; i++ {
		ci := c[i*m : (i+1)*m]
		for p, av := range a[i*k : (i+1)*k] {
			if av == 0 {
				continue
			}
			bp := b[p*m : (p+1)*m]
			for j := range ci {
				ci[j] += av * bp[j]
			}
		}
	}
}

// matMulCols is matMulGo for the columns from j0 on.
func matMulCols(c, a, b []float32, r, k, m, j0 int) {
	for i := 0; i < r; i++ {
		ci := c[i*m+j0 : (i+1)*m]
		for p, av := range a[i*k : (i+1)*k] {
			bp := b[p*m+j0 : (p+1)*m]
			for j := range ci {
				ci[j] += av * bp[j]
			}
		}
	}
}

func dotGo(a, b []float32) float32 {
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// addScaledGo adds s·q[i] to each y[i]. The explicit conversion rounds the
// product before the sum, as the assembly does, so no platform fuses them.
func addScaledGo(s float32, q []int8, y []float32) {
	for i, v := range q {
		y[i] += float32(float32(v) * s)
	}
}

// addRowsScaledGo adds rows of the 8-bit table q (cols wide, row r scaled
// by scale[r]) to y, one after another.
func addRowsScaledGo(y []float32, q []int8, scale []float32, cols int, rows []int32) {
	for _, r := range rows {
		addScaledGo(scale[r], q[int(r)*cols:(int(r)+1)*cols], y)
	}
}

func axpyGo(alpha float32, x, y []float32) {
	for i, v := range x {
		y[i] += alpha * v
	}
}

// The coefficients of Eigen's float tanh: a 13/6 rational function, which
// reaches ±1 in float32 at the clamp.
const (
	tanhClamp = 7.90531110763549805
	alpha13   = -2.76076847742355e-16
	alpha11   = 2.00018790482477e-13
	alpha9    = -8.60467152213735e-11
	alpha7    = 5.12229709037114e-08
	alpha5    = 1.48572235717979e-05
	alpha3    = 6.37261928875436e-04
	alpha1    = 4.89352455891786e-03
	beta6     = 1.19825839466702e-06
	beta4     = 1.18534705686654e-04
	beta2     = 2.26843463243900e-03
	beta0     = 4.89352518554385e-03
)

func tanh1(x float32) float32 {
	x = min(max(x, -tanhClamp), tanhClamp)
	x2 := x * x
	p := x2*alpha13 + alpha11
	p = x2*p + alpha9
	p = x2*p + alpha7
	p = x2*p + alpha5
	p = x2*p + alpha3
	p = x2*p + alpha1
	p *= x
	q := x2*beta6 + beta4
	q = x2*q + beta2
	q = x2*q + beta0
	return p / q
}

func sigmoid1(x float32) float32 { return 0.5*tanh1(0.5*x) + 0.5 }

func tanhGo(x []float32) {
	for i, v := range x {
		x[i] = tanh1(v)
	}
}

func sigmoidGo(x []float32) {
	for i, v := range x {
		x[i] = sigmoid1(v)
	}
}

func lstmCellGo(g, c, h, tc []float32) {
	n := len(c)
	gi, gf, gu, gout := g[:n], g[n:2*n], g[2*n:3*n], g[3*n:4*n]
	for j := range c {
		i, f, u, o := sigmoid1(gi[j]), sigmoid1(gf[j]), tanh1(gu[j]), sigmoid1(gout[j])
		gi[j], gf[j], gu[j], gout[j] = i, f, u, o
		c[j] = f*c[j] + i*u
		tc[j] = tanh1(c[j])
		h[j] = o * tc[j]
	}
}
