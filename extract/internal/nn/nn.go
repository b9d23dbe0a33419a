// Package nn is the small dense neural-network toolkit behind kg's trained
// models: float32 matrices, the layers the parser needs (embeddings, linear
// layers, LSTMs) with hand-written backward passes, and the Adam optimiser.
//
// The inner loops are AVX2/FMA assembly on x86-64 CPUs that have it (any
// server since 2013) and plain Go elsewhere or when built with the purego
// tag; both compute the same functions to float32 rounding, which the
// tests check. Everything runs on the CPU, so a model needs no other
// library.
package nn

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
)

// Param is a trainable row-major matrix. Sparse parameters (embedding
// tables) are updated only in the rows a batch touched.
type Param struct {
	Name       string
	Rows, Cols int
	W          []float32
	Sparse     bool
	// Bytes stores the weights in 8 bits with one scale per row, instead of
	// 16: for large embedding tables whose rows are summed, where the
	// rounding averages out and the model file halves. Load keeps such a
	// parameter's rows in their 8 bits (W is nil; AddRows reads them): a
	// quarter of the memory, and a row is one cache line, not four.
	Bytes bool
	index int
	// q and scale are the rows Load read for a Bytes parameter: row i is
	// q[i*Cols:(i+1)*Cols] times scale[i].
	q     []int8
	scale []float32
}

// Row returns row i of p. A Bytes parameter that Load read has no float
// rows; see AddRows.
func (p *Param) Row(i int) []float32 { return p.W[i*p.Cols : (i+1)*p.Cols] }

// AddRows adds the rows of p listed in rows to y, in their order, whether
// p holds its rows as floats or, read by Load, in 8 bits. Both give the
// same sums: an 8-bit weight is the float product of its byte and its
// row's scale, as Load would otherwise have stored it, and the 8-bit
// kernel keeps y's running sum in registers.
func (p *Param) AddRows(y []float32, rows []int32) {
	if p.q == nil {
		for _, r := range rows {
			Axpy(1, p.Row(int(r)), y)
		}
		return
	}
	addRowsScaled(y[:p.Cols], p.q, p.scale, p.Cols, rows)
}

// Params is the ordered set of a model's parameters.
type Params struct {
	list []*Param
}

// New adds a rows×cols parameter initialised with uniform Glorot noise
// drawn from rng (zeros when rng is nil).
func (ps *Params) New(name string, rows, cols int, rng *rand.Rand) *Param {
	p := &Param{Name: name, Rows: rows, Cols: cols, W: make([]float32, rows*cols), index: len(ps.list)}
	if rng != nil {
		lim := float32(math.Sqrt(6 / float64(rows+cols)))
		for i := range p.W {
			p.W[i] = (rng.Float32()*2 - 1) * lim
		}
	}
	ps.list = append(ps.list, p)
	return p
}

// NewEmbedding adds a sparse rows×cols table initialised with small
// uniform noise (zeros when rng is nil).
func (ps *Params) NewEmbedding(name string, rows, cols int, rng *rand.Rand) *Param {
	p := ps.New(name, rows, cols, nil)
	p.Sparse = true
	if rng != nil {
		lim := float32(math.Sqrt(3 / float64(cols)))
		for i := range p.W {
			p.W[i] = (rng.Float32()*2 - 1) * lim
		}
	}
	return p
}

// NewTable adds a sparse rows×cols table whose weights Load will read:
// it allocates none, so that a table Load keeps in 8 bits never costs its
// float size.
func (ps *Params) NewTable(name string, rows, cols int) *Param {
	p := &Param{Name: name, Rows: rows, Cols: cols, Sparse: true, index: len(ps.list)}
	ps.list = append(ps.list, p)
	return p
}

// List returns the parameters in the order they were added.
func (ps *Params) List() []*Param { return ps.list }

// Count returns the number of weights.
func (ps *Params) Count() int {
	n := 0
	for _, p := range ps.list {
		n += p.Rows * p.Cols
	}
	return n
}

// Grads holds one gradient slice per parameter, for one training worker.
// For sparse parameters it remembers which rows were touched, so clearing
// and applying cost what the batch used, not the table size.
type Grads struct {
	g       [][]float32
	touched [][]int32
	mark    [][]bool
}

// NewGrads returns zero gradients shaped like ps.
func NewGrads(ps *Params) *Grads {
	g := &Grads{g: make([][]float32, len(ps.list)), touched: make([][]int32, len(ps.list)), mark: make([][]bool, len(ps.list))}
	for i, p := range ps.list {
		g.g[i] = make([]float32, len(p.W))
		if p.Sparse {
			g.mark[i] = make([]bool, p.Rows)
		}
	}
	return g
}

// Of returns the whole gradient of dense parameter p.
func (g *Grads) Of(p *Param) []float32 { return g.g[p.index] }

// Row returns the gradient of row i of sparse parameter p, marking it
// touched.
func (g *Grads) Row(p *Param, i int) []float32 {
	if m := g.mark[p.index]; !m[i] {
		m[i] = true
		g.touched[p.index] = append(g.touched[p.index], int32(i))
	}
	return g.g[p.index][i*p.Cols : (i+1)*p.Cols]
}

// Zero clears g.
func (g *Grads) Zero(ps *Params) {
	for i, p := range ps.list {
		if !p.Sparse {
			clear(g.g[i])
			continue
		}
		for _, r := range g.touched[i] {
			clear(g.g[i][int(r)*p.Cols : (int(r)+1)*p.Cols])
			g.mark[i][r] = false
		}
		g.touched[i] = g.touched[i][:0]
	}
}

// Add adds o to g; workers' gradients are summed in a fixed order so that
// training is deterministic.
func (g *Grads) Add(ps *Params, o *Grads) {
	for i, p := range ps.list {
		if !p.Sparse {
			axpy(1, o.g[i], g.g[i])
			continue
		}
		for _, r := range o.touched[i] {
			dst := g.Row(p, int(r))
			axpy(1, o.g[i][int(r)*p.Cols:(int(r)+1)*p.Cols], dst)
		}
	}
}

// Norm returns the Euclidean norm of g.
func (g *Grads) Norm(ps *Params) float64 {
	var s float64
	for i, p := range ps.list {
		if !p.Sparse {
			s += float64(dot(g.g[i], g.g[i]))
			continue
		}
		for _, r := range g.touched[i] {
			row := g.g[i][int(r)*p.Cols : (int(r)+1)*p.Cols]
			s += float64(dot(row, row))
		}
	}
	return math.Sqrt(s)
}

// Scale multiplies g by k.
func (g *Grads) Scale(ps *Params, k float32) {
	for i, p := range ps.list {
		if !p.Sparse {
			for j := range g.g[i] {
				g.g[i][j] *= k
			}
			continue
		}
		for _, r := range g.touched[i] {
			for j := int(r) * p.Cols; j < (int(r)+1)*p.Cols; j++ {
				g.g[i][j] *= k
			}
		}
	}
}

// The formats of Save: the first stores every weight in half precision,
// the second adds a storage byte to each parameter (see Param.Bytes).
const (
	magic      = "kgnn0001"
	magicBytes = "kgnn0002"
)

// Storage bytes of the second format.
const (
	storeHalf = 0
	storeRows = 1
)

// Save writes the parameters' names, shapes and weights, each weight as a
// float16 (IEEE half precision): the models lose nothing measurable and
// their files halve. Parameters marked Bytes store their rows in 8 bits.
func (ps *Params) Save(w io.Writer) error {
	bw := bufio.NewWriter(w)
	format := magic
	for _, p := range ps.list {
		if p.Bytes {
			format = magicBytes
		}
	}
	bw.WriteString(format)
	var b [binary.MaxVarintLen64]byte
	uv := func(v uint64) { bw.Write(b[:binary.PutUvarint(b[:], v)]) }
	uv(uint64(len(ps.list)))
	for _, p := range ps.list {
		uv(uint64(len(p.Name)))
		bw.WriteString(p.Name)
		uv(uint64(p.Rows))
		uv(uint64(p.Cols))
		var h [2]byte
		if format == magicBytes {
			if p.Bytes {
				bw.WriteByte(storeRows)
				q := make([]byte, p.Cols)
				for r := 0; r < p.Rows; r++ {
					var scale uint16
					if p.q != nil {
						// As read: the same bytes again.
						scale = toHalf(p.scale[r])
						for i, v := range p.q[r*p.Cols : (r+1)*p.Cols] {
							q[i] = byte(v)
						}
					} else {
						scale = quantizeRow(q, p.Row(r))
					}
					binary.LittleEndian.PutUint16(h[:], scale)
					bw.Write(h[:])
					bw.Write(q)
				}
				continue
			}
			bw.WriteByte(storeHalf)
		}
		for _, v := range p.W {
			binary.LittleEndian.PutUint16(h[:], toHalf(v))
			bw.Write(h[:])
		}
	}
	return bw.Flush()
}

// quantizeRow writes row as signed bytes into q and returns their scale in
// half precision: row[i] ≈ int8(q[i]) × scale.
func quantizeRow(q []byte, row []float32) uint16 {
	var mx float32
	for _, v := range row {
		mx = max(mx, abs32(v))
	}
	scale := fromHalf(toHalf(mx / 127))
	for i, v := range row {
		if scale == 0 {
			q[i] = 0
			continue
		}
		x := math.Round(float64(v / scale))
		q[i] = byte(int8(max(-127, min(127, x))))
	}
	return toHalf(scale)
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

var errFormat = errors.New("nn: malformed parameters")

// Load reads weights written by Save into ps, whose parameters must have
// the same names and shapes, in the same order.
func (ps *Params) Load(r io.Reader) error {
	br := bufio.NewReader(r)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil {
		return fmt.Errorf("nn: %w", err)
	}
	format := string(head)
	if format != magic && format != magicBytes {
		return errFormat
	}
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return fmt.Errorf("nn: %w", err)
	}
	if n != uint64(len(ps.list)) {
		return fmt.Errorf("nn: %d parameters, want %d", n, len(ps.list))
	}
	for _, p := range ps.list {
		k, err := binary.ReadUvarint(br)
		if err != nil || k > 256 {
			return errFormat
		}
		name := make([]byte, k)
		if _, err := io.ReadFull(br, name); err != nil {
			return fmt.Errorf("nn: %w", err)
		}
		rows, err1 := binary.ReadUvarint(br)
		cols, err2 := binary.ReadUvarint(br)
		if err1 != nil || err2 != nil {
			return errFormat
		}
		if string(name) != p.Name || rows != uint64(p.Rows) || cols != uint64(p.Cols) {
			return fmt.Errorf("nn: parameter %q %d×%d, want %q %d×%d", name, rows, cols, p.Name, p.Rows, p.Cols)
		}
		store := byte(storeHalf)
		if format == magicBytes {
			if store, err = br.ReadByte(); err != nil {
				return fmt.Errorf("nn: %s: %w", p.Name, err)
			}
		}
		switch store {
		case storeHalf:
			// A NewTable parameter gets its floats here.
			if p.W == nil {
				p.W, p.q, p.scale = make([]float32, p.Rows*p.Cols), nil, nil
			}
			buf := make([]byte, 2*len(p.W))
			if _, err := io.ReadFull(br, buf); err != nil {
				return fmt.Errorf("nn: %s: %w", p.Name, err)
			}
			for i := range p.W {
				p.W[i] = fromHalf(binary.LittleEndian.Uint16(buf[2*i:]))
			}
		case storeRows:
			buf := make([]byte, 2+p.Cols)
			q := make([]int8, p.Rows*p.Cols)
			scale := make([]float32, p.Rows)
			for r := 0; r < p.Rows; r++ {
				if _, err := io.ReadFull(br, buf); err != nil {
					return fmt.Errorf("nn: %s: %w", p.Name, err)
				}
				scale[r] = fromHalf(binary.LittleEndian.Uint16(buf))
				for i, b := range buf[2:] {
					q[r*p.Cols+i] = int8(b)
				}
			}
			p.W, p.q, p.scale, p.Bytes = nil, q, scale, true
		default:
			return errFormat
		}
	}
	return nil
}

// toHalf rounds v to the nearest IEEE 754 half-precision value.
func toHalf(v float32) uint16 {
	b := math.Float32bits(v)
	sign := uint16(b>>16) & 0x8000
	exp := int(b>>23&0xff) - 127 + 15
	mant := b & 0x7fffff
	switch {
	case b&0x7fffffff == 0:
		return sign
	case exp >= 31:
		return sign | 0x7bff // saturate: weights never need infinity
	case exp <= 0:
		if exp < -10 {
			return sign
		}
		mant |= 0x800000
		shift := uint(14 - exp)
		h := mant >> shift
		if mant>>(shift-1)&1 != 0 {
			h++
		}
		return sign | uint16(h)
	}
	h := uint32(exp)<<10 | mant>>13
	if mant&0x1000 != 0 {
		h++ // round half up; a carry into the exponent is still correct
	}
	if h >= 0x7c00 {
		h = 0x7bff
	}
	return sign | uint16(h)
}

func fromHalf(h uint16) float32 {
	sign := uint32(h&0x8000) << 16
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h & 0x3ff)
	switch exp {
	case 0:
		v := float32(mant) * (1.0 / (1 << 24)) // subnormal: mant·2^-24
		if sign != 0 {
			v = -v
		}
		return v
	case 31:
		return math.Float32frombits(sign | 0x7f800000 | mant<<13)
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | mant<<13)
}
