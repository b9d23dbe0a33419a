//go:build amd64 && !purego

#include "textflag.h"

// The kernels below need AVX2 and FMA; kernel_amd64.go calls them only
// when the CPU has both. Lengths and leading dimensions are in elements.

// func gemm6x16(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int)
// C[0:6][0:16] += A[0:6][0:k] · B[0:k][0:16]. Twelve accumulators: FMA
// latency times throughput is ten on current x86 cores, so fewer leave
// the units idle.
TEXT ·gemm6x16(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), R8
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R9
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R10
	SHLQ $2, R8
	SHLQ $2, R9
	SHLQ $2, R10
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	LEAQ (SI)(R8*2), R11
	ADDQ R8, R11 // row 3 of A
	TESTQ CX, CX
	JEQ g6store
g6loop:
	VMOVUPS (DI), Y12
	VMOVUPS 32(DI), Y13
	VBROADCASTSS (SI), Y14
	VFMADD231PS Y12, Y14, Y0
	VFMADD231PS Y13, Y14, Y1
	VBROADCASTSS (SI)(R8*1), Y15
	VFMADD231PS Y12, Y15, Y2
	VFMADD231PS Y13, Y15, Y3
	VBROADCASTSS (SI)(R8*2), Y14
	VFMADD231PS Y12, Y14, Y4
	VFMADD231PS Y13, Y14, Y5
	VBROADCASTSS (R11), Y15
	VFMADD231PS Y12, Y15, Y6
	VFMADD231PS Y13, Y15, Y7
	VBROADCASTSS (R11)(R8*1), Y14
	VFMADD231PS Y12, Y14, Y8
	VFMADD231PS Y13, Y14, Y9
	VBROADCASTSS (R11)(R8*2), Y15
	VFMADD231PS Y12, Y15, Y10
	VFMADD231PS Y13, Y15, Y11
	ADDQ $4, SI
	ADDQ $4, R11
	ADDQ R9, DI
	DECQ CX
	JNE g6loop
g6store:
	VADDPS (DX), Y0, Y0
	VMOVUPS Y0, (DX)
	VADDPS 32(DX), Y1, Y1
	VMOVUPS Y1, 32(DX)
	ADDQ R10, DX
	VADDPS (DX), Y2, Y2
	VMOVUPS Y2, (DX)
	VADDPS 32(DX), Y3, Y3
	VMOVUPS Y3, 32(DX)
	ADDQ R10, DX
	VADDPS (DX), Y4, Y4
	VMOVUPS Y4, (DX)
	VADDPS 32(DX), Y5, Y5
	VMOVUPS Y5, 32(DX)
	ADDQ R10, DX
	VADDPS (DX), Y6, Y6
	VMOVUPS Y6, (DX)
	VADDPS 32(DX), Y7, Y7
	VMOVUPS Y7, 32(DX)
	ADDQ R10, DX
	VADDPS (DX), Y8, Y8
	VMOVUPS Y8, (DX)
	VADDPS 32(DX), Y9, Y9
	VMOVUPS Y9, 32(DX)
	ADDQ R10, DX
	VADDPS (DX), Y10, Y10
	VMOVUPS Y10, (DX)
	VADDPS 32(DX), Y11, Y11
	VMOVUPS Y11, 32(DX)
	VZEROUPPER
	RET

// func gemm4x16(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int)
// C[0:4][0:16] += A[0:4][0:k] · B[0:k][0:16].
TEXT ·gemm4x16(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), R8
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R9
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R10
	SHLQ $2, R8
	SHLQ $2, R9
	SHLQ $2, R10
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	LEAQ (SI)(R8*2), R11
	TESTQ CX, CX
	JEQ g4store
g4loop:
	VMOVUPS (DI), Y8
	VMOVUPS 32(DI), Y9
	VBROADCASTSS (SI), Y10
	VFMADD231PS Y8, Y10, Y0
	VFMADD231PS Y9, Y10, Y1
	VBROADCASTSS (SI)(R8*1), Y11
	VFMADD231PS Y8, Y11, Y2
	VFMADD231PS Y9, Y11, Y3
	VBROADCASTSS (R11), Y12
	VFMADD231PS Y8, Y12, Y4
	VFMADD231PS Y9, Y12, Y5
	VBROADCASTSS (R11)(R8*1), Y13
	VFMADD231PS Y8, Y13, Y6
	VFMADD231PS Y9, Y13, Y7
	ADDQ $4, SI
	ADDQ $4, R11
	ADDQ R9, DI
	DECQ CX
	JNE g4loop
g4store:
	VADDPS (DX), Y0, Y0
	VMOVUPS Y0, (DX)
	VADDPS 32(DX), Y1, Y1
	VMOVUPS Y1, 32(DX)
	ADDQ R10, DX
	VADDPS (DX), Y2, Y2
	VMOVUPS Y2, (DX)
	VADDPS 32(DX), Y3, Y3
	VMOVUPS Y3, 32(DX)
	ADDQ R10, DX
	VADDPS (DX), Y4, Y4
	VMOVUPS Y4, (DX)
	VADDPS 32(DX), Y5, Y5
	VMOVUPS Y5, 32(DX)
	ADDQ R10, DX
	VADDPS (DX), Y6, Y6
	VMOVUPS Y6, (DX)
	VADDPS 32(DX), Y7, Y7
	VMOVUPS Y7, 32(DX)
	VZEROUPPER
	RET

// func gemm1x64(k int, a *float32, b *float32, ldb int, c *float32)
// c[0:64] += a[0:k] · B[0:k][0:64]: one row, eight independent
// accumulators so that the FMA latency is hidden.
TEXT ·gemm1x64(SB), NOSPLIT, $0-40
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DI
	MOVQ ldb+24(FP), R9
	MOVQ c+32(FP), DX
	SHLQ $2, R9
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	TESTQ CX, CX
	JEQ g1store
g1loop:
	VBROADCASTSS (SI), Y8
	VFMADD231PS (DI), Y8, Y0
	VFMADD231PS 32(DI), Y8, Y1
	VFMADD231PS 64(DI), Y8, Y2
	VFMADD231PS 96(DI), Y8, Y3
	VFMADD231PS 128(DI), Y8, Y4
	VFMADD231PS 160(DI), Y8, Y5
	VFMADD231PS 192(DI), Y8, Y6
	VFMADD231PS 224(DI), Y8, Y7
	ADDQ $4, SI
	ADDQ R9, DI
	DECQ CX
	JNE g1loop
g1store:
	VADDPS (DX), Y0, Y0
	VMOVUPS Y0, (DX)
	VADDPS 32(DX), Y1, Y1
	VMOVUPS Y1, 32(DX)
	VADDPS 64(DX), Y2, Y2
	VMOVUPS Y2, 64(DX)
	VADDPS 96(DX), Y3, Y3
	VMOVUPS Y3, 96(DX)
	VADDPS 128(DX), Y4, Y4
	VMOVUPS Y4, 128(DX)
	VADDPS 160(DX), Y5, Y5
	VMOVUPS Y5, 160(DX)
	VADDPS 192(DX), Y6, Y6
	VMOVUPS Y6, 192(DX)
	VADDPS 224(DX), Y7, Y7
	VMOVUPS Y7, 224(DX)
	VZEROUPPER
	RET

// func gemm1x16(k int, a *float32, b *float32, ldb int, c *float32)
// c[0:16] += a[0:k] · B[0:k][0:16], for the columns gemm1x64 leaves.
TEXT ·gemm1x16(SB), NOSPLIT, $0-40
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DI
	MOVQ ldb+24(FP), R9
	MOVQ c+32(FP), DX
	SHLQ $2, R9
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	CMPQ CX, $2
	JLT g16tail
g16loop:
	VBROADCASTSS (SI), Y8
	VFMADD231PS (DI), Y8, Y0
	VFMADD231PS 32(DI), Y8, Y1
	ADDQ R9, DI
	VBROADCASTSS 4(SI), Y9
	VFMADD231PS (DI), Y9, Y2
	VFMADD231PS 32(DI), Y9, Y3
	ADDQ R9, DI
	ADDQ $8, SI
	SUBQ $2, CX
	CMPQ CX, $2
	JGE g16loop
g16tail:
	TESTQ CX, CX
	JEQ g16store
	VBROADCASTSS (SI), Y8
	VFMADD231PS (DI), Y8, Y0
	VFMADD231PS 32(DI), Y8, Y1
g16store:
	VADDPS Y2, Y0, Y0
	VADDPS Y3, Y1, Y1
	VADDPS (DX), Y0, Y0
	VMOVUPS Y0, (DX)
	VADDPS 32(DX), Y1, Y1
	VMOVUPS Y1, 32(DX)
	VZEROUPPER
	RET

// func dot32(a, b *float32, n int) float32
// Σ a[i]·b[i] over n elements, n a multiple of 32.
TEXT ·dot32(SB), NOSPLIT, $0-28
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	SHRQ $5, CX
	JEQ dsum
dloop:
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	VMOVUPS 64(SI), Y6
	VMOVUPS 96(SI), Y7
	VFMADD231PS (DI), Y4, Y0
	VFMADD231PS 32(DI), Y5, Y1
	VFMADD231PS 64(DI), Y6, Y2
	VFMADD231PS 96(DI), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, DI
	DECQ CX
	JNE dloop
dsum:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VZEROUPPER
	MOVSS X0, ret+24(FP)
	RET

// func axpy8(alpha float32, x, y *float32, n int)
// y[i] += alpha·x[i] over n elements, n a multiple of 8.
TEXT ·axpy8(SB), NOSPLIT, $0-32
	VBROADCASTSS alpha+0(FP), Y0
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DI
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	JEQ adone
aloop:
	VMOVUPS (DI), Y1
	VFMADD231PS (SI), Y0, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNE aloop
adone:
	VZEROUPPER
	RET

// QROW32 adds the 32 bytes at off(AX), converted to floats and times Y8,
// to the sums s0–s3 (8 floats each); it uses Y9–Y12.
#define QROW32(off, s0, s1, s2, s3) \
	VPMOVSXBD off(AX), Y9; \
	VPMOVSXBD off+8(AX), Y10; \
	VPMOVSXBD off+16(AX), Y11; \
	VPMOVSXBD off+24(AX), Y12; \
	VCVTDQ2PS Y9, Y9; \
	VCVTDQ2PS Y10, Y10; \
	VCVTDQ2PS Y11, Y11; \
	VCVTDQ2PS Y12, Y12; \
	VMULPS Y8, Y9, Y9; \
	VMULPS Y8, Y10, Y10; \
	VMULPS Y8, Y11, Y11; \
	VMULPS Y8, Y12, Y12; \
	VADDPS Y9, s0, s0; \
	VADDPS Y10, s1, s1; \
	VADDPS Y11, s2, s2; \
	VADDPS Y12, s3, s3

// func addrowsq64(y *float32, q *int8, scale *float32, rows *int32, n int)
// y[0:64] += scale[r]·float32(q[64r:64r+64]) for each of the n rows r in
// turn, the sum kept in Y0–Y7; products rounded before each sum (no FMA).
TEXT ·addrowsq64(SB), NOSPLIT, $0-40
	MOVQ y+0(FP), DI
	MOVQ q+8(FP), SI
	MOVQ scale+16(FP), DX
	MOVQ rows+24(FP), BX
	MOVQ n+32(FP), CX
	VMOVUPS 0(DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	VMOVUPS 128(DI), Y4
	VMOVUPS 160(DI), Y5
	VMOVUPS 192(DI), Y6
	VMOVUPS 224(DI), Y7
rloop:
	MOVLQSX (BX), AX
	VBROADCASTSS (DX)(AX*4), Y8
	SHLQ $6, AX
	ADDQ SI, AX
	QROW32(0, Y0, Y1, Y2, Y3)
	QROW32(32, Y4, Y5, Y6, Y7)
	ADDQ $4, BX
	DECQ CX
	JNE rloop
	VMOVUPS Y0, 0(DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VMOVUPS Y4, 128(DI)
	VMOVUPS Y5, 160(DI)
	VMOVUPS Y6, 192(DI)
	VMOVUPS Y7, 224(DI)
	VZEROUPPER
	RET

// The rational approximation of tanh that Eigen uses for float
// (a 13/6 Padé-style fit, exact to float precision on [-7.9, 7.9]).
DATA tanhc<>+0(SB)/4, $7.90531110763549805
DATA tanhc<>+4(SB)/4, $-7.90531110763549805
DATA tanhc<>+8(SB)/4, $-2.76076847742355e-16
DATA tanhc<>+12(SB)/4, $2.00018790482477e-13
DATA tanhc<>+16(SB)/4, $-8.60467152213735e-11
DATA tanhc<>+20(SB)/4, $5.12229709037114e-08
DATA tanhc<>+24(SB)/4, $1.48572235717979e-05
DATA tanhc<>+28(SB)/4, $6.37261928875436e-04
DATA tanhc<>+32(SB)/4, $4.89352455891786e-03
DATA tanhc<>+36(SB)/4, $1.19825839466702e-06
DATA tanhc<>+40(SB)/4, $1.18534705686654e-04
DATA tanhc<>+44(SB)/4, $2.26843463243900e-03
DATA tanhc<>+48(SB)/4, $4.89352518554385e-03
DATA tanhc<>+52(SB)/4, $0.5
GLOBL tanhc<>(SB), RODATA|NOPTR, $56

// TANH8 replaces Y0 by tanh(Y0); it uses Y1–Y3 and reads the constants
// from Y8–Y15 and (AX) as loaded by LOADTANH.
#define LOADTANH \
	LEAQ tanhc<>(SB), AX; \
	VBROADCASTSS 0(AX), Y8; \
	VBROADCASTSS 4(AX), Y9; \
	VBROADCASTSS 8(AX), Y10; \
	VBROADCASTSS 12(AX), Y11; \
	VBROADCASTSS 16(AX), Y12; \
	VBROADCASTSS 20(AX), Y13; \
	VBROADCASTSS 24(AX), Y14; \
	VBROADCASTSS 28(AX), Y15

#define TANH8 \
	VMINPS Y8, Y0, Y0; \
	VMAXPS Y9, Y0, Y0; \
	VMULPS Y0, Y0, Y1; \
	VMOVAPS Y10, Y2; \
	VFMADD213PS Y11, Y1, Y2; \
	VFMADD213PS Y12, Y1, Y2; \
	VFMADD213PS Y13, Y1, Y2; \
	VFMADD213PS Y14, Y1, Y2; \
	VFMADD213PS Y15, Y1, Y2; \
	VBROADCASTSS 32(AX), Y3; \
	VFMADD213PS Y3, Y1, Y2; \
	VMULPS Y0, Y2, Y2; \
	VBROADCASTSS 36(AX), Y3; \
	VBROADCASTSS 40(AX), Y0; \
	VFMADD213PS Y0, Y1, Y3; \
	VBROADCASTSS 44(AX), Y0; \
	VFMADD213PS Y0, Y1, Y3; \
	VBROADCASTSS 48(AX), Y0; \
	VFMADD213PS Y0, Y1, Y3; \
	VDIVPS Y3, Y2, Y0

// SIGMOID8 replaces Y0 by σ(Y0) = ½·tanh(½·Y0) + ½; it also uses Y4.
#define SIGMOID8 \
	VBROADCASTSS 52(AX), Y4; \
	VMULPS Y4, Y0, Y0; \
	TANH8; \
	VBROADCASTSS 52(AX), Y4; \
	VFMADD213PS Y4, Y4, Y0

// func tanh8(x *float32, n int)
// x[i] = tanh(x[i]) over n elements, n a multiple of 8.
TEXT ·tanh8(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	LOADTANH
	SHRQ $3, CX
	JEQ tdone
tloop:
	VMOVUPS (SI), Y0
	TANH8
	VMOVUPS Y0, (SI)
	ADDQ $32, SI
	DECQ CX
	JNE tloop
tdone:
	VZEROUPPER
	RET

// func sigmoid8(x *float32, n int)
// x[i] = σ(x[i]) over n elements, n a multiple of 8.
TEXT ·sigmoid8(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	LOADTANH
	SHRQ $3, CX
	JEQ sdone
sloop:
	VMOVUPS (SI), Y0
	SIGMOID8
	VMOVUPS Y0, (SI)
	ADDQ $32, SI
	DECQ CX
	JNE sloop
sdone:
	VZEROUPPER
	RET

// func lstmCell8(gates, c, h, tc *float32, n int)
// One LSTM step over n hidden units (a multiple of 8). g holds the 4n gate
// pre-activations [i f u o] in gates; they are replaced by their activations
// σ(i) σ(f) tanh(u) σ(o). Then c = f·c + i·u, tc = tanh(c), h = o·tc.
TEXT ·lstmCell8(SB), NOSPLIT, $0-40
	MOVQ gates+0(FP), SI
	MOVQ c+8(FP), DI
	MOVQ h+16(FP), DX
	MOVQ tc+24(FP), BX
	MOVQ n+32(FP), CX
	MOVQ CX, R8
	SHLQ $2, R8 // n in bytes: the distance between gate blocks
	LOADTANH
	SHRQ $3, CX
	JEQ ldone
lloop:
	VMOVUPS (SI), Y0
	SIGMOID8
	VMOVUPS Y0, (SI)
	VMOVAPS Y0, Y5 // i
	VMOVUPS (SI)(R8*1), Y0
	SIGMOID8
	VMOVUPS Y0, (SI)(R8*1)
	VMOVAPS Y0, Y6 // f
	LEAQ (SI)(R8*2), R9
	VMOVUPS (R9), Y0
	TANH8
	VMOVUPS Y0, (R9)
	VMULPS Y0, Y5, Y5 // i·u
	VMOVUPS (DI), Y7
	VFMADD213PS Y5, Y6, Y7 // c = f·c + i·u
	VMOVUPS Y7, (DI)
	VMOVUPS (R9)(R8*1), Y0
	SIGMOID8
	VMOVUPS Y0, (R9)(R8*1)
	VMOVAPS Y0, Y6 // o
	VMOVAPS Y7, Y0
	TANH8
	VMOVUPS Y0, (BX)
	VMULPS Y6, Y0, Y0
	VMOVUPS Y0, (DX)
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, DX
	ADDQ $32, BX
	DECQ CX
	JNE lloop
ldone:
	VZEROUPPER
	RET
