//go:build !amd64 || purego

package nn

func matMul(c, a, b []float32, r, k, m int) { matMulGo(c, a, b, r, k, m) }
func dot(a, b []float32) float32            { return dotGo(a, b[:len(a)]) }
func axpy(alpha float32, x, y []float32)    { axpyGo(alpha, x, y[:len(x)]) }
func addRowsScaled(y []float32, q []int8, scale []float32, cols int, rows []int32) {
	addRowsScaledGo(y, q, scale, cols, rows)
}
func tanhSlice(x []float32)          { tanhGo(x) }
func sigmoidSlice(x []float32)       { sigmoidGo(x) }
func lstmCell(g, c, h, tc []float32) { lstmCellGo(g, c, h, tc) }
