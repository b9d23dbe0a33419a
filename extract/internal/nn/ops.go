package nn

// MatMulBT adds A·Bᵀ to C, where A is r×k, B is m×k and C is r×m: every
// C[i][j] is a dot product of two contiguous rows.
func MatMulBT(c, a, b []float32, r, k, m int) {
	for i := 0; i < r; i++ {
		ai := a[i*k : (i+1)*k]
		ci := c[i*m : (i+1)*m]
		for j := range ci {
			ci[j] += Dot(ai, b[j*k:(j+1)*k])
		}
	}
}

// MatMulAT adds Aᵀ·B to C, where A is r×k, B is r×m and C is k×m, as
// weight gradients need (Xᵀ·dY). tmp is scratch of at least r·k floats.
func MatMulAT(c, a, b []float32, r, k, m int, tmp []float32) []float32 {
	if cap(tmp) < r*k {
		tmp = make([]float32, r*k)
	}
	at := tmp[:r*k]
	Transpose(at, a, r, k)
	MatMul(c, at, b, k, r, m)
	return tmp
}

// Transpose writes the transpose of the r×k matrix a into dst (k×r).
func Transpose(dst, a []float32, r, k int) {
	for i := 0; i < r; i++ {
		for j, v := range a[i*k : (i+1)*k] {
			dst[j*r+i] = v
		}
	}
}

// AddBias adds the bias row b to each of the n rows of x.
func AddBias(x, b []float32, n int) {
	m := len(b)
	for i := 0; i < n; i++ {
		axpy(1, b, x[i*m:(i+1)*m])
	}
}

// SumRows adds the column sums of the n rows of x to dst, the gradient of a
// bias.
func SumRows(dst, x []float32, n int) {
	m := len(dst)
	for i := 0; i < n; i++ {
		axpy(1, x[i*m:(i+1)*m], dst)
	}
}

// LeakyReLU applies max(x, 0.1·x) in place.
func LeakyReLU(x []float32) {
	for i, v := range x {
		x[i] = max(v, 0.1*v) // branch-free: the sign of a unit is a coin toss
	}
}

// LeakyReLUBackward scales the gradient dy in place by the derivative of
// LeakyReLU at its output y.
func LeakyReLUBackward(dy, y []float32) {
	for i, v := range y {
		if v < 0 {
			dy[i] *= 0.1
		}
	}
}

// Softmax replaces x by its softmax and returns the log of its normaliser
// (so that the log-probability of i is x_i - lse before the call).
func Softmax(x []float32) float32 {
	mx := x[0]
	for _, v := range x[1:] {
		mx = max(mx, v)
	}
	var s float32
	for i, v := range x {
		e := exp32(v - mx)
		x[i] = e
		s += e
	}
	inv := 1 / s
	for i := range x {
		x[i] *= inv
	}
	return mx + log32(s)
}
