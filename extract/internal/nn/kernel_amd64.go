//go:build amd64 && !purego

package nn

import "golang.org/x/sys/cpu"

// useAsm is fixed at start-up: the assembly kernels need AVX2 and FMA,
// which every x86-64 server since 2013 has; others run the Go code.
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func gemm6x16(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int)

//go:noescape
func gemm4x16(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int)

//go:noescape
func gemm1x64(k int, a *float32, b *float32, ldb int, c *float32)

//go:noescape
func gemm1x16(k int, a *float32, b *float32, ldb int, c *float32)

//go:noescape
func dot32(a, b *float32, n int) float32

//go:noescape
func axpy8(alpha float32, x, y *float32, n int)

//go:noescape
func addrowsq64(y *float32, q *int8, scale *float32, rows *int32, n int)

//go:noescape
func tanh8(x *float32, n int)

//go:noescape
func sigmoid8(x *float32, n int)

//go:noescape
func lstmCell8(gates, c, h, tc *float32, n int)

func matMul(c, a, b []float32, r, k, m int) {
	if !useAsm || k == 0 {
		matMulGo(c, a, b, r, k, m)
		return
	}
	m16 := m &^ 15
	i := 0
	for ; i+6 <= r; i += 6 {
		for j := 0; j < m16; j += 16 {
			gemm6x16(k, &a[i*k], k, &b[j], m, &c[i*m+j], m)
		}
	}
	for ; i+4 <= r; i += 4 {
		for j := 0; j < m16; j += 16 {
			gemm4x16(k, &a[i*k], k, &b[j], m, &c[i*m+j], m)
		}
	}
	for ; i < r; i++ {
		j := 0
		for ; j+64 <= m; j += 64 {
			gemm1x64(k, &a[i*k], &b[j], m, &c[i*m+j])
		}
		for ; j < m16; j += 16 {
			gemm1x16(k, &a[i*k], &b[j], m, &c[i*m+j])
		}
	}
	if m16 < m {
		matMulTail(c, a, b, r, k, m, m16)
	}
}

// matMulTail adds A·B to the columns of C from j0 on, fewer than 16: it
// copies them, zero-padded to 16, into a block the kernels can read, and
// runs them through the kernel six rows at a time.
func matMulTail(c, a, b []float32, r, k, m, j0 int) {
	if k > maxTailK {
		matMulCols(c, a, b, r, k, m, j0)
		return
	}
	var bp [maxTailK * 16]float32
	var cp [6 * 16]float32
	w := m - j0
	for p := 0; p < k; p++ {
		copy(bp[p*16:p*16+w], b[p*m+j0:(p+1)*m])
	}
	i := 0
	for ; i+6 <= r; i += 6 {
		clear(cp[:])
		gemm6x16(k, &a[i*k], k, &bp[0], 16, &cp[0], 16)
		for q := 0; q < 6; q++ {
			row := c[(i+q)*m+j0 : (i+q+1)*m]
			for j := range row {
				row[j] += cp[q*16+j]
			}
		}
	}
	for ; i < r; i++ {
		clear(cp[:16])
		gemm1x16(k, &a[i*k], &bp[0], 16, &cp[0])
		row := c[i*m+j0 : (i+1)*m]
		for j := range row {
			row[j] += cp[j]
		}
	}
}

// maxTailK bounds the inner dimension matMulTail packs on its stack.
const maxTailK = 512

func dot(a, b []float32) float32 {
	n := len(a)
	b = b[:n]
	if !useAsm || n < 32 {
		return dotGo(a, b)
	}
	n32 := n &^ 31
	s := dot32(&a[0], &b[0], n32)
	for i := n32; i < n; i++ {
		s += a[i] * b[i]
	}
	return s
}

func addRowsScaled(y []float32, q []int8, scale []float32, cols int, rows []int32) {
	if !useAsm || cols != 64 || len(rows) == 0 {
		addRowsScaledGo(y, q, scale, cols, rows)
		return
	}
	// The kernel reads without bounds checks; check the rows here.
	n := int32(len(scale))
	if len(q) < len(scale)*cols || len(y) < cols {
		panic("nn: addRowsScaled: table or sum too short")
	}
	for _, r := range rows {
		if r < 0 || r >= n {
			panic("nn: addRowsScaled: row out of range")
		}
	}
	addrowsq64(&y[0], &q[0], &scale[0], &rows[0], len(rows))
}

func axpy(alpha float32, x, y []float32) {
	n := len(x)
	y = y[:n]
	if !useAsm || n < 8 {
		axpyGo(alpha, x, y)
		return
	}
	n8 := n &^ 7
	axpy8(alpha, &x[0], &y[0], n8)
	for i := n8; i < n; i++ {
		y[i] += alpha * x[i]
	}
}

func tanhSlice(x []float32)    { elementwise(x, tanh8, tanhGo) }
func sigmoidSlice(x []float32) { elementwise(x, sigmoid8, sigmoidGo) }

// elementwise applies a function to x: the kernel to the leading multiple
// of 8 elements when the CPU has it, the Go version to the rest.
func elementwise(x []float32, kernel func(*float32, int), scalar func([]float32)) {
	n8 := 0
	if useAsm {
		n8 = len(x) &^ 7
	}
	if n8 > 0 {
		kernel(&x[0], n8)
	}
	scalar(x[n8:])
}

func lstmCell(g, c, h, tc []float32) {
	n := len(c)
	if !useAsm || n%8 != 0 || n == 0 {
		lstmCellGo(g, c, h, tc)
		return
	}
	_, _, _ = g[4*n-1], h[n-1], tc[n-1]
	lstmCell8(&g[0], &c[0], &h[0], &tc[0], n)
}
