package tag

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// The model file is gzip over a compact binary stream: a magic line, then
// sections of uvarint counts, length-prefixed strings, delta-coded sorted
// feature hashes and little-endian float32 weights. Every section is written
// in sorted order, so the same model always gives the same bytes.

const magic = "kg-tag-model-3\n"

type encoder struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
}

func (e *encoder) uvarint(v uint64) {
	n := binary.PutUvarint(e.buf[:], v)
	e.w.Write(e.buf[:n])
}

func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.w.WriteString(s)
}

func (e *encoder) u64(v uint64) {
	binary.LittleEndian.PutUint64(e.buf[:8], v)
	e.w.Write(e.buf[:8])
}

func (e *encoder) f32(v float32) {
	binary.LittleEndian.PutUint32(e.buf[:4], math.Float32bits(v))
	e.w.Write(e.buf[:4])
}

// Save writes the model to w.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("tag: save: %w", err)
	}
	e := &encoder{w: bufio.NewWriterSize(zw, 1<<16)}
	e.w.WriteString(magic)

	e.uvarint(uint64(len(m.xpos)))
	for i := range m.xpos {
		e.str(m.xpos[i])
		e.str(m.upos[i])
	}

	forms := make([]string, 0, len(m.tagdict))
	for f := range m.tagdict {
		forms = append(forms, f)
	}
	sort.Strings(forms)
	e.uvarint(uint64(len(forms)))
	for _, f := range forms {
		e.str(f)
		e.uvarint(uint64(m.tagdict[f]))
	}

	// Ambiguity classes: a table of the few distinct class hashes, then
	// word hashes in order with an index into it.
	words := make([]uint64, 0, len(m.ambig))
	valSet := map[uint64]bool{}
	for k, v := range m.ambig {
		words = append(words, k)
		valSet[v] = true
	}
	sortU64(words)
	vals := make([]uint64, 0, len(valSet))
	for v := range valSet {
		vals = append(vals, v)
	}
	sortU64(vals)
	valIdx := make(map[uint64]int, len(vals))
	e.uvarint(uint64(len(vals)))
	for i, v := range vals {
		valIdx[v] = i
		e.u64(v)
	}
	e.uvarint(uint64(len(words)))
	for _, k := range words {
		e.u64(k)
		e.uvarint(uint64(valIdx[m.ambig[k]]))
	}

	ckeys := make([]uint64, 0, len(m.cands))
	for k := range m.cands {
		ckeys = append(ckeys, k)
	}
	sortU64(ckeys)
	e.uvarint(uint64(len(ckeys)))
	for _, k := range ckeys {
		e.u64(k)
		e.uvarint(uint64(len(m.cands[k])))
		e.w.Write(m.cands[k])
	}

	e.weights(&m.w)
	e.weights(&m.w2)

	l := &m.lem
	writeFormTags := func(t map[formTag]string) {
		ks := make([]formTag, 0, len(t))
		for k := range t {
			ks = append(ks, k)
		}
		sort.Slice(ks, func(i, j int) bool {
			if ks[i].form != ks[j].form {
				return ks[i].form < ks[j].form
			}
			return ks[i].xpos < ks[j].xpos
		})
		e.uvarint(uint64(len(ks)))
		for _, k := range ks {
			e.str(k.form)
			e.str(k.xpos)
			e.str(t[k])
		}
	}
	writeFormTags(l.exact)
	writeFormTags(l.lower)

	rks := make([]ruleKey, 0, len(l.rules))
	for k := range l.rules {
		rks = append(rks, k)
	}
	sort.Slice(rks, func(i, j int) bool {
		if rks[i].xpos != rks[j].xpos {
			return rks[i].xpos < rks[j].xpos
		}
		return rks[i].suffix < rks[j].suffix
	})
	e.uvarint(uint64(len(rks)))
	for _, k := range rks {
		e.str(k.xpos)
		e.str(k.suffix)
		e.uvarint(uint64(len(l.rules[k])))
		for _, r := range l.rules[k] {
			lower := uint64(0)
			if r.lower {
				lower = 1
			}
			e.uvarint(lower)
			e.uvarint(uint64(r.strip))
			e.str(r.add)
		}
	}
	known := make([]string, 0, len(l.known))
	for k := range l.known {
		known = append(known, k)
	}
	sort.Strings(known)
	e.uvarint(uint64(len(known)))
	for _, k := range known {
		e.str(k)
	}

	fks := make([]featKey, 0, len(l.featWord))
	for k := range l.featWord {
		fks = append(fks, k)
	}
	sort.Slice(fks, func(i, j int) bool {
		a, b := fks[i], fks[j]
		if a.form != b.form {
			return a.form < b.form
		}
		if a.xpos != b.xpos {
			return a.xpos < b.xpos
		}
		return a.upos < b.upos
	})
	e.uvarint(uint64(len(fks)))
	for _, k := range fks {
		e.str(k.form)
		e.str(k.xpos)
		e.str(k.upos)
		e.str(l.featWord[k])
	}
	tps := make([]tagPair, 0, len(l.featTag))
	for k := range l.featTag {
		tps = append(tps, k)
	}
	sort.Slice(tps, func(i, j int) bool {
		if tps[i].xpos != tps[j].xpos {
			return tps[i].xpos < tps[j].xpos
		}
		return tps[i].upos < tps[j].upos
	})
	e.uvarint(uint64(len(tps)))
	for _, k := range tps {
		e.str(k.xpos)
		e.str(k.upos)
		e.str(l.featTag[k])
	}

	if err := e.w.Flush(); err != nil {
		return fmt.Errorf("tag: save: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("tag: save: %w", err)
	}
	return nil
}

// weights writes t's rows in the order of their keys: delta-coded keys,
// row lengths and classes first, then all weights.
func (e *encoder) weights(t *weights) {
	rows := t.sorted()
	e.uvarint(uint64(len(rows)))
	var prev uint64
	for _, s := range rows {
		e.uvarint(s.key - prev)
		prev = s.key
		ents, dense := t.row(&s)
		n := len(ents)
		for _, w := range dense {
			if w != 0 {
				n++
			}
		}
		e.uvarint(uint64(n))
		for _, en := range ents {
			e.w.WriteByte(byte(en.cls))
		}
		for c, w := range dense {
			if w != 0 {
				e.w.WriteByte(byte(c))
			}
		}
	}
	for _, s := range rows {
		ents, dense := t.row(&s)
		for _, en := range ents {
			e.f32(en.w)
		}
		for _, w := range dense {
			if w != 0 {
				e.f32(w)
			}
		}
	}
}

func sortU64(s []uint64) { sort.Slice(s, func(i, j int) bool { return s[i] < s[j] }) }

type decoder struct {
	r   *bufio.Reader
	err error
}

// Limits guard against corrupt input asking for absurd allocations.
const (
	maxCount  = 1 << 26
	maxString = 1 << 16
)

func (d *decoder) fail(err error) {
	if d.err == nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		d.err = err
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	if err != nil {
		d.fail(err)
	}
	return v
}

func (d *decoder) count() int {
	n := d.uvarint()
	if n > maxCount {
		d.fail(fmt.Errorf("count %d too large", n))
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > maxString {
		d.fail(fmt.Errorf("string length %d too large", n))
		return ""
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.fail(err)
	}
	return string(b)
}

func (d *decoder) bytes(b []byte) {
	if d.err != nil {
		return
	}
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.fail(err)
	}
}

func (d *decoder) u64() uint64 {
	var b [8]byte
	d.bytes(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

// weights reads rows written by encoder.weights for nc classes.
func (d *decoder) weights(nc int) weights {
	nrows := d.count()
	keys := make([]uint64, 0, nrows)
	start := make([]uint32, 1, nrows+1)
	var cls []uint8
	var prev uint64
	for i := 0; i < nrows && d.err == nil; i++ {
		prev += d.uvarint()
		keys = append(keys, prev)
		k := d.count()
		if k > nc {
			d.fail(fmt.Errorf("row of %d weights", k))
			break
		}
		lo := len(cls)
		cls = append(cls, make([]uint8, k)...)
		d.bytes(cls[lo:])
		for _, c := range cls[lo:] {
			if int(c) >= nc {
				d.fail(fmt.Errorf("class %d out of range", c))
			}
		}
		start = append(start, uint32(len(cls)))
	}
	var t weights
	if d.err != nil {
		return t
	}
	w := make([]float32, len(cls))
	raw := make([]byte, 4*len(cls))
	d.bytes(raw)
	for i := range w {
		w[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	if nrows > 0 {
		t.build(nc, keys, start, cls, w)
	}
	return t
}

// Read reads a model written by Save.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("tag: read model: %w", err)
	}
	defer zr.Close()
	d := &decoder{r: bufio.NewReaderSize(zr, 1<<16)}
	mg := make([]byte, len(magic))
	d.bytes(mg)
	if d.err == nil && string(mg) != magic {
		return nil, errors.New("tag: read model: not a tagger model")
	}
	m := &Model{}

	nc := d.count()
	if nc > 256 {
		d.fail(fmt.Errorf("%d classes", nc))
		nc = 0
	}
	for i := 0; i < nc && d.err == nil; i++ {
		m.xpos = append(m.xpos, d.str())
		m.upos = append(m.upos, d.str())
	}
	classOK := func(c uint64) int32 {
		if c >= uint64(len(m.xpos)) {
			d.fail(fmt.Errorf("class %d out of range", c))
			return 0
		}
		return int32(c)
	}

	n := d.count()
	m.tagdict = make(map[string]int32, n)
	for i := 0; i < n && d.err == nil; i++ {
		f := d.str()
		m.tagdict[f] = classOK(d.uvarint())
	}

	vals := make([]uint64, d.count())
	for i := range vals {
		vals[i] = d.u64()
	}
	n = d.count()
	m.ambig = make(map[uint64]uint64, n)
	for i := 0; i < n && d.err == nil; i++ {
		k := d.u64()
		j := d.uvarint()
		if j >= uint64(len(vals)) {
			d.fail(fmt.Errorf("ambiguity class %d out of range", j))
			break
		}
		m.ambig[k] = vals[j]
	}

	n = d.count()
	m.cands = make(map[uint64][]uint8, n)
	for i := 0; i < n && d.err == nil; i++ {
		k := d.u64()
		nk := d.count()
		if nk == 0 || nk > nc {
			d.fail(fmt.Errorf("%d candidate classes", nk))
			break
		}
		cl := make([]uint8, nk)
		d.bytes(cl)
		for _, c := range cl {
			classOK(uint64(c))
		}
		m.cands[k] = cl
	}

	m.w = d.weights(nc)
	m.w2 = d.weights(nc)

	readFormTags := func() map[formTag]string {
		n := d.count()
		t := make(map[formTag]string, n)
		for i := 0; i < n && d.err == nil; i++ {
			f, x := d.str(), d.str()
			t[formTag{f, x}] = d.str()
		}
		return t
	}
	l := &m.lem
	l.exact = readFormTags()
	l.lower = readFormTags()
	n = d.count()
	l.rules = make(map[ruleKey][]rule, n)
	for i := 0; i < n && d.err == nil; i++ {
		x, s := d.str(), d.str()
		nr := d.count()
		if nr > maxRules {
			d.fail(fmt.Errorf("%d lemma rules for one ending", nr))
			break
		}
		rs := make([]rule, 0, nr)
		for j := 0; j < nr && d.err == nil; j++ {
			lower := d.uvarint() == 1
			strip := d.count()
			rs = append(rs, rule{lower: lower, strip: strip, add: d.str()})
		}
		l.rules[ruleKey{x, s}] = rs
	}
	n = d.count()
	l.known = make(map[string]bool, n)
	for i := 0; i < n && d.err == nil; i++ {
		l.known[d.str()] = true
	}
	n = d.count()
	l.featWord = make(map[featKey]string, n)
	for i := 0; i < n && d.err == nil; i++ {
		f, x, u := d.str(), d.str(), d.str()
		l.featWord[featKey{f, x, u}] = d.str()
	}
	n = d.count()
	l.featTag = make(map[tagPair]string, n)
	for i := 0; i < n && d.err == nil; i++ {
		x, u := d.str(), d.str()
		l.featTag[tagPair{x, u}] = d.str()
	}
	if d.err != nil {
		return nil, fmt.Errorf("tag: read model: %w", d.err)
	}
	if len(m.xpos) == 0 {
		return nil, errors.New("tag: read model: no classes")
	}
	return m, nil
}
