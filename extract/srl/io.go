package srl

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// magic starts every model file; its last byte is the format version.
const magic = "kgsrl\x03"

// Save writes the model, gzipped. The same model gives the same bytes.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	e := &encoder{w: bw}
	e.bytes([]byte(magic))
	e.uvarint(uint64(len(m.labels)))
	for _, l := range m.labels {
		e.str(l)
	}
	e.strMap(m.alias)
	keys := sortedKeys(m.agent)
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.str(m.agent[k].Roleset)
		e.str(m.agent[k].Role)
	}
	keys = sortedKeys(m.senses)
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.uvarint(uint64(len(m.senses[k])))
		for _, rs := range m.senses[k] {
			e.str(rs)
		}
	}
	e.weights(m.pred)
	e.weights(m.arg)
	e.weights(m.rank)
	if e.err != nil {
		return e.err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Read decodes a model written by Save.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("srl model: %w", err)
	}
	d := &decoder{r: bufio.NewReader(zr)}
	head := make([]byte, len(magic))
	d.read(head)
	if d.err == nil && string(head) != magic {
		return nil, errors.New("srl model: not a kg role labeller model of this version")
	}
	m := &Model{}
	n := d.count()
	for range n {
		m.labels = append(m.labels, d.str())
	}
	m.alias = d.strMap()
	m.agent = map[string]AgentNoun{}
	for range d.count() {
		k := d.str()
		m.agent[k] = AgentNoun{Roleset: d.str(), Role: d.str()}
	}
	m.senses = map[string][]string{}
	for range d.count() {
		k := d.str()
		n := d.count()
		for range n {
			m.senses[k] = append(m.senses[k], d.str())
		}
	}
	m.pred = d.weights()
	m.arg = d.weights()
	m.rank = d.weights()
	if d.err != nil {
		return nil, fmt.Errorf("srl model: %w", d.err)
	}
	if m.pred.nclass != 2 || m.arg.nclass != len(m.labels) || m.rank.nclass != 1 {
		return nil, errors.New("srl model: class counts do not match its labels")
	}
	return m, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

type encoder struct {
	w   *bufio.Writer
	err error
	buf [binary.MaxVarintLen64]byte
}

func (e *encoder) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *encoder) uvarint(v uint64) { e.bytes(e.buf[:binary.PutUvarint(e.buf[:], v)]) }

func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.bytes([]byte(s))
}

func (e *encoder) strMap(m map[string]string) {
	keys := sortedKeys(m)
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.str(m[k])
	}
}

// weights writes the rows in key order, so that a model has one encoding.
func (e *encoder) weights(t *weights) {
	keys := make([]uint64, 0, len(t.index))
	for f := range t.index {
		keys = append(keys, f)
	}
	slices.Sort(keys)
	e.uvarint(uint64(t.nclass))
	e.uvarint(uint64(len(keys)))
	var b [8]byte
	for _, f := range keys {
		r := t.index[f]
		lo, hi := t.start[r], t.start[r+1]
		binary.LittleEndian.PutUint64(b[:], f)
		e.bytes(b[:])
		e.uvarint(uint64(hi - lo))
		for k := lo; k < hi; k++ {
			e.uvarint(uint64(t.cls[k]))
			binary.LittleEndian.PutUint32(b[:4], math.Float32bits(t.w[k]))
			e.bytes(b[:4])
		}
	}
}

type decoder struct {
	r   *bufio.Reader
	err error
}

func (d *decoder) read(b []byte) {
	if d.err == nil {
		_, d.err = io.ReadFull(d.r, b)
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	d.err = err
	return v
}

// count reads a length and refuses one no honest file holds.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > 1<<26 {
		if d.err == nil {
			d.err = errors.New("corrupt length")
		}
		return 0
	}
	return int(v)
}

func (d *decoder) str() string {
	b := make([]byte, d.count())
	d.read(b)
	return string(b)
}

func (d *decoder) strMap() map[string]string {
	n := d.count()
	m := make(map[string]string, n)
	for range n {
		k := d.str()
		m[k] = d.str()
	}
	return m
}

func (d *decoder) weights() *weights {
	t := &weights{nclass: d.count(), index: map[uint64]uint32{}, start: []uint32{0}}
	n := d.count()
	var b [8]byte
	for i := 0; i < n && d.err == nil; i++ {
		d.read(b[:])
		f := binary.LittleEndian.Uint64(b[:])
		k := d.count()
		for range k {
			c := d.uvarint()
			d.read(b[:4])
			if c >= uint64(t.nclass) && d.err == nil {
				d.err = errors.New("class out of range")
			}
			t.cls = append(t.cls, uint16(c))
			t.w = append(t.w, math.Float32frombits(binary.LittleEndian.Uint32(b[:4])))
		}
		t.index[f] = uint32(i)
		t.start = append(t.start, uint32(len(t.cls)))
	}
	t.seal()
	return t
}
