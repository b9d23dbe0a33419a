// Package parse is a labelled dependency parser producing Universal
// Dependencies trees for English.
//
// It is a greedy transition-based parser (arc-eager, Nivre 2003) trained as
// an averaged perceptron with the dynamic oracle of Goldberg and Nivre
// (2012) over the rich feature templates of Zhang and Nivre (2011), plus
// suffix, shape and tag-ambiguity-class features that soften the effect of
// tagging errors. A second perceptron picks the full UD relation, subtypes
// included (nsubj:pass, obl:agent, acl:relcl, …), for each arc the first one
// adds. The root word is chosen after the last transition, never by an early
// arc from the root. Non-projective training trees are projectivised by
// lifting. Features are hashed into flat float32 weight tables, so parsing
// does not allocate per transition.
package parse

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"

	"kg/extract/ud"
)

// Model is a trained parser. It is read-only once loaded or trained and
// safe for concurrent use.
type Model struct {
	labels []string          // label id → deprel
	amb    map[uint64]uint64 // word hash → hash of its ambiguity class
	ids    map[string]int    // deprel → label id
	rootID int               // id of "root"

	tBits uint      // transition table has 1<<tBits rows of nTrans weights
	tw    []float32 // transition weights
	lBits uint      // label table has 1<<lBits rows of len(labels) weights
	lw    []float32 // label weights

	// The label table is mostly zeros; scoring reads this sparse copy,
	// a cache line per feature instead of a whole row.
	lOff []uint32 // entries of row r are lEnt[lOff[r]:lOff[r+1]]
	lEnt []labelEntry

	pool sync.Pool // *parser scratch space
}

// parser is per-call scratch space.
type parser struct {
	st     state
	ws     words
	f      [nTransFeats]uint64
	lf     [nLabelFeats]uint64
	scores []float32
	punct  []bool // punct[i]: word i (1-based, 0 = root) is punctuation
}

func (m *Model) getParser() *parser {
	if p, ok := m.pool.Get().(*parser); ok {
		return p
	}
	return &parser{scores: make([]float32, len(m.labels))}
}

//go:embed model/parser.bin.gz
var embedded []byte

var loadOnce = sync.OnceValues(func() (*Model, error) {
	return Read(bytes.NewReader(embedded))
})

// Load returns the parser model embedded in the binary, decoded once per
// process.
func Load() (*Model, error) { return loadOnce() }

// Parse sets Head (0 for the root) and Deprel of every token of s from its
// Form, UPOS and XPOS. The result is always a single-rooted tree.
func (m *Model) Parse(s *ud.Sentence) {
	n := len(s.Tokens)
	if n == 0 {
		return
	}
	p := m.getParser()
	defer m.pool.Put(p)
	st, ws := &p.st, &p.ws
	ws.reset(s, m.amb)
	st.reset(n)
	p.punct = append(p.punct[:0], false)
	for _, t := range s.Tokens {
		p.punct = append(p.punct, t.UPOS == "PUNCT")
	}
	for !st.done() {
		features(st, ws, p.f[:])
		t := m.bestTransition(st, p.f[:], p.punct)
		lab := -1
		if t == leftArc || t == rightArc {
			h, d := st.arc(t)
			lab = m.bestLabel(st, ws, h, d, p)
		}
		st.apply(t, lab)
	}
	m.finish(st, ws, p)
	for i := range s.Tokens {
		s.Tokens[i].Head = st.head[i+1]
		s.Tokens[i].Deprel = m.labels[st.label[i+1]]
	}
}

// finish attaches the words left without a head when the buffer ran out:
// the first becomes the root if the root has no dependent yet, the others
// attach to the nearest word below them on the stack (or to the root word).
func (m *Model) finish(st *state, ws *words, p *parser) {
	for i, k := range st.stack {
		if k == 0 || st.head[k] >= 0 {
			continue
		}
		if st.nr[0] == 0 {
			st.addArc(0, k, m.rootID)
			continue
		}
		h := st.r1[0]
		for j := i - 1; j > 0; j-- {
			h = st.stack[j]
			break
		}
		st.addArc(h, k, m.bestLabel(st, ws, h, k, p))
	}
	// Words never pushed cannot exist (the loop ends with an empty
	// buffer), but guard against a headless word anyway.
	for i := 1; i <= st.n; i++ {
		if st.head[i] < 0 {
			st.addArc(st.r1[0], i, m.bestLabel(st, ws, st.r1[0], i, p))
		}
	}
}

// bestTransition returns the highest-scoring legal transition. Punctuation
// does not head words in UD, so arcs from a punctuation head are not
// considered: without this, an object the parser shifted without attaching
// ("met Emmanuel Macron, the French president, in Berlin.") was taken as a
// dependent by the final period; now finish attaches it below its verb.
// Shift stays legal while the buffer holds words, so a transition remains.
func (m *Model) bestTransition(st *state, f []uint64, punct []bool) int {
	var sc [nTrans]float32
	shiftBits := 64 - m.tBits
	for _, h := range f {
		row := m.tw[(h>>shiftBits)*nTrans:][:nTrans]
		sc[0] += row[0]
		sc[1] += row[1]
		sc[2] += row[2]
		sc[3] += row[3]
	}
	best := -1
	for t := 0; t < nTrans; t++ {
		if t == leftArc && st.b <= st.n && punct[st.b] || t == rightArc && punct[st.s0()] {
			continue
		}
		if st.legal(t) && (best < 0 || sc[t] > sc[best]) {
			best = t
		}
	}
	return best
}

func (m *Model) bestLabel(st *state, ws *words, h, d int, p *parser) int {
	if h == 0 {
		return m.rootID
	}
	labelFeatures(st, ws, h, d, p.lf[:])
	return m.argmaxLabel(p.lf[:], p.scores)
}

type labelEntry struct {
	col uint32
	w   float32
}

// compileLabels builds the sparse copy of the label table.
func (m *Model) compileLabels() {
	nl := len(m.labels)
	rows := len(m.lw) / nl
	m.lOff = make([]uint32, rows+1)
	n := 0
	for _, v := range m.lw {
		if v != 0 {
			n++
		}
	}
	m.lEnt = make([]labelEntry, 0, n)
	for r := 0; r < rows; r++ {
		for j, v := range m.lw[r*nl : (r+1)*nl] {
			if v != 0 {
				m.lEnt = append(m.lEnt, labelEntry{uint32(j), v})
			}
		}
		m.lOff[r+1] = uint32(len(m.lEnt))
	}
}

// denseLabels returns the label table, rebuilt from the sparse copy when a
// loaded model dropped it.
func (m *Model) denseLabels() []float32 {
	if m.lw != nil {
		return m.lw
	}
	nl := len(m.labels)
	t := make([]float32, (len(m.lOff)-1)*nl)
	for r := 0; r+1 < len(m.lOff); r++ {
		for _, e := range m.lEnt[m.lOff[r]:m.lOff[r+1]] {
			t[r*nl+int(e.col)] = e.w
		}
	}
	return t
}

func (m *Model) argmaxLabel(f []uint64, sc []float32) int {
	clear(sc)
	shiftBits := 64 - m.lBits
	for _, h := range f {
		r := h >> shiftBits
		for _, e := range m.lEnt[m.lOff[r]:m.lOff[r+1]] {
			sc[e.col] += e.w
		}
	}
	best := -1
	for j, v := range sc {
		if j != m.rootID && (best < 0 || v > sc[best]) {
			best = j
		}
	}
	return best
}

const magic = "kgparse3"

// Save writes m in a compact gzip-compressed binary form, keeping only the
// weights that are not zero.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("parse: save: %w", err)
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	putUvarint(bw, uint64(len(m.labels)))
	for _, l := range m.labels {
		putUvarint(bw, uint64(len(l)))
		bw.WriteString(l)
	}
	keys := make([]uint64, 0, len(m.amb))
	for k := range m.amb {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	putUvarint(bw, uint64(len(keys)))
	var kb [8]byte
	for _, k := range keys {
		binary.LittleEndian.PutUint64(kb[:], k)
		bw.Write(kb[:])
		binary.LittleEndian.PutUint64(kb[:], m.amb[k])
		bw.Write(kb[:])
	}
	writeTable(bw, m.tBits, nTrans, m.tw)
	writeTable(bw, m.lBits, len(m.labels), m.denseLabels())
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("parse: save: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("parse: save: %w", err)
	}
	return nil
}

func putUvarint(w *bufio.Writer, v uint64) {
	var buf [binary.MaxVarintLen64]byte
	w.Write(buf[:binary.PutUvarint(buf[:], v)])
}

// writeTable stores the non-zero rows: the row-index delta, then which
// columns are non-zero (a bit mask when the row is at most 8 wide, else a
// count and column numbers), then those weights.
func writeTable(w *bufio.Writer, bits uint, width int, t []float32) {
	putUvarint(w, uint64(bits))
	rows := 0
	for r := 0; r < len(t)/width; r++ {
		if nonzero(t[r*width : (r+1)*width]) {
			rows++
		}
	}
	putUvarint(w, uint64(rows))
	prev := 0
	var fb [4]byte
	for r := 0; r < len(t)/width; r++ {
		row := t[r*width : (r+1)*width]
		if !nonzero(row) {
			continue
		}
		putUvarint(w, uint64(r-prev))
		prev = r
		if width <= 8 {
			var mask byte
			for j, v := range row {
				if v != 0 {
					mask |= 1 << j
				}
			}
			w.WriteByte(mask)
		} else {
			nz := 0
			for _, v := range row {
				if v != 0 {
					nz++
				}
			}
			putUvarint(w, uint64(nz))
			for j, v := range row {
				if v != 0 {
					putUvarint(w, uint64(j))
				}
			}
		}
		for _, v := range row {
			if v != 0 {
				binary.LittleEndian.PutUint32(fb[:], math.Float32bits(v))
				w.Write(fb[:])
			}
		}
	}
}

func nonzero(row []float32) bool {
	for _, v := range row {
		if v != 0 {
			return true
		}
	}
	return false
}

// Read decodes a model written by Save.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("parse: read model: %w", err)
	}
	br := bufio.NewReaderSize(zr, 1<<16)
	m, err := readModel(br)
	if err != nil {
		return nil, fmt.Errorf("parse: read model: %w", err)
	}
	return m, nil
}

var errFormat = errors.New("malformed model")

func readModel(br *bufio.Reader) (*Model, error) {
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, err
	}
	if string(head) != magic {
		return nil, errFormat
	}
	nl, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	if nl == 0 || nl > 255 {
		return nil, errFormat
	}
	labels := make([]string, nl)
	for i := range labels {
		k, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, err
		}
		if k > 64 {
			return nil, errFormat
		}
		b := make([]byte, k)
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, err
		}
		labels[i] = string(b)
	}
	m := newModel(labels)
	if m.rootID < 0 {
		return nil, errFormat
	}
	na, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	if na > 1<<24 {
		return nil, errFormat
	}
	m.amb = make(map[uint64]uint64, na)
	var kv [16]byte
	for i := uint64(0); i < na; i++ {
		if _, err := io.ReadFull(br, kv[:]); err != nil {
			return nil, err
		}
		m.amb[binary.LittleEndian.Uint64(kv[:8])] = binary.LittleEndian.Uint64(kv[8:])
	}
	if m.tBits, m.tw, err = readTable(br, nTrans); err != nil {
		return nil, err
	}
	if m.lBits, m.lw, err = readTable(br, len(labels)); err != nil {
		return nil, err
	}
	m.compileLabels()
	m.lw = nil // scoring reads the sparse copy; Save rebuilds the table
	return m, nil
}

func readTable(br *bufio.Reader, width int) (uint, []float32, error) {
	bits, err := binary.ReadUvarint(br)
	if err != nil {
		return 0, nil, err
	}
	if bits < 4 || bits > 26 {
		return 0, nil, errFormat
	}
	nrows := 1 << bits
	t := make([]float32, nrows*width)
	rows, err := binary.ReadUvarint(br)
	if err != nil {
		return 0, nil, err
	}
	if rows > uint64(nrows) {
		return 0, nil, errFormat
	}
	r := 0
	var fb [4]byte
	cols := make([]int, 0, width)
	for i := uint64(0); i < rows; i++ {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return 0, nil, err
		}
		r += int(d)
		if r >= nrows || (i > 0 && d == 0) {
			return 0, nil, errFormat
		}
		cols = cols[:0]
		if width <= 8 {
			mask, err := br.ReadByte()
			if err != nil {
				return 0, nil, err
			}
			for j := 0; j < width; j++ {
				if mask&(1<<j) != 0 {
					cols = append(cols, j)
				}
			}
		} else {
			nz, err := binary.ReadUvarint(br)
			if err != nil {
				return 0, nil, err
			}
			if nz > uint64(width) {
				return 0, nil, errFormat
			}
			for k := uint64(0); k < nz; k++ {
				j, err := binary.ReadUvarint(br)
				if err != nil {
					return 0, nil, err
				}
				if j >= uint64(width) {
					return 0, nil, errFormat
				}
				cols = append(cols, int(j))
			}
		}
		for _, j := range cols {
			if _, err := io.ReadFull(br, fb[:]); err != nil {
				return 0, nil, err
			}
			t[r*width+j] = math.Float32frombits(binary.LittleEndian.Uint32(fb[:]))
		}
	}
	return uint(bits), t, nil
}

func newModel(labels []string) *Model {
	m := &Model{labels: labels, ids: make(map[string]int, len(labels)), rootID: -1}
	for i, l := range labels {
		m.ids[l] = i
		if l == "root" {
			m.rootID = i
		}
	}
	return m
}
