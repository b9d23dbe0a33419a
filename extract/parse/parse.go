// Package parse is a labelled dependency parser producing Universal
// Dependencies trees for English.
//
// It is the graph-based parser of Dozat and Manning (2017), trained by
// kg's own code: each word enters as the sum of embeddings of its
// normalised form, its prefixes and suffixes and its shape, beside
// embeddings of its predicted UPOS and XPOS; a two-layer bidirectional LSTM
// reads the sentence; four small MLPs give each word a view as a dependent
// and as a head, for arcs and for labels; a biaffine product scores every
// head for every word, and the Chu-Liu-Edmonds algorithm picks the best
// tree with one root, so non-projective trees come out as the treebanks
// have them. A classifier over the two label views of each chosen arc
// names it with the full UD relation, subtypes included (nsubj:pass,
// obl:agent, acl:relcl, …).
//
// The network runs on the CPU through extract/internal/nn. Sentences
// parsed together (Model.ParseAll) share each step of the LSTMs, which
// makes a document's sentences about a third faster than one at a time.
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
	"slices"
	"sync"

	"kg/extract/internal/nn"
	"kg/extract/ud"
)

// Model is a trained parser. It is read-only once loaded or trained and
// safe for concurrent use.
type Model struct {
	v    *vocab
	net  *network
	pool sync.Pool // *batchWork
}

// Parse sets Head (0 for the root) and Deprel of every token of s from its
// Form, UPOS and XPOS. The result is always a tree with one root.
func (m *Model) Parse(s *ud.Sentence) { m.ParseAll([]*ud.Sentence{s}) }

// batchTokens bounds the words ParseAll runs through the network at once,
// and so its memory; a news article is one or two batches.
const batchTokens = 2048

// ParseAll parses each sentence as Parse does. Sentences go through the
// network together, which is faster than one at a time.
func (m *Model) ParseAll(sents []*ud.Sentence) {
	bw, _ := m.pool.Get().(*batchWork)
	if bw == nil {
		bw = &batchWork{}
	}
	defer m.pool.Put(bw)
	for lo, hi := range nn.Batches(len(sents), batchTokens, func(i int) int { return len(sents[i].Tokens) }) {
		m.parseBatch(bw, sents[lo:hi])
	}
}

func (m *Model) parseBatch(bw *batchWork, sents []*ud.Sentence) {
	bw.toks = bw.toks[:0]
	bw.offs = append(bw.offs[:0], 0)
	var batch []*ud.Sentence // the sentences with words, in order
	for _, s := range sents {
		if len(s.Tokens) == 0 {
			continue
		}
		batch = append(batch, s)
		bw.toks = m.v.appendTokens(bw.toks, s)
		bw.offs = append(bw.offs, len(bw.toks))
	}
	if len(batch) == 0 {
		return
	}
	root := m.v.labelID["root"]
	L := m.net.lab.Out()
	punct, ok := m.v.upos["PUNCT"]
	if !ok {
		punct = -1
	}
	H2 := 2 * m.net.cfg.Hidden
	m.net.parse(bw, punct, func(i int, heads []int, ly []float32) {
		s := batch[i]
		// The top layer's states, without the root's row.
		top := bw.h[len(bw.h)-1]
		s.Vectors = slices.Clone(top[(bw.offs[i]+1)*H2 : bw.offs[i+1]*H2])
		for w := 1; w < len(heads); w++ {
			t := &s.Tokens[w-1]
			t.Head = heads[w]
			if t.Head == 0 {
				t.Deprel = "root"
				continue
			}
			row := ly[(w-1)*L : w*L]
			best := -1
			for j, v := range row {
				if j != root && (best < 0 || v > row[best]) {
					best = j
				}
			}
			t.Deprel = m.v.labels[best]
		}
	})
}

const magic = "kgbiaf01"

// Save writes m, gzip-compressed.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("parse: save: %w", err)
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	var b [binary.MaxVarintLen64]byte
	uv := func(v int) { bw.Write(b[:binary.PutUvarint(b[:], uint64(v))]) }
	str := func(s string) { uv(len(s)); bw.WriteString(s) }
	c := m.net.cfg
	for _, v := range []int{c.Word, c.Tag, c.Hidden, c.Layers, c.Arc, c.Label} {
		uv(v)
	}
	for _, voc := range []map[string]int32{m.v.words, m.v.affixes, m.v.shapes, m.v.upos, m.v.xpos} {
		keys := sorted(voc)
		uv(len(keys))
		for _, k := range keys {
			str(k)
		}
	}
	uv(len(m.v.labels))
	for _, l := range m.v.labels {
		str(l)
	}
	if err := m.net.ps.Save(bw); err != nil {
		return fmt.Errorf("parse: save: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("parse: save: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("parse: save: %w", err)
	}
	return nil
}

var errFormat = errors.New("malformed model")

// Read decodes a model written by Save.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("parse: read model: %w", err)
	}
	m, err := readModel(bufio.NewReaderSize(zr, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("parse: read model: %w", err)
	}
	return m, nil
}

func readModel(br *bufio.Reader) (*Model, error) {
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, err
	}
	if string(head) != magic {
		return nil, errFormat
	}
	uv := func(limit uint64) (int, error) {
		v, err := binary.ReadUvarint(br)
		if err != nil {
			return 0, err
		}
		if v > limit {
			return 0, errFormat
		}
		return int(v), nil
	}
	str := func() (string, error) {
		n, err := uv(1 << 10)
		if err != nil {
			return "", err
		}
		b := make([]byte, n)
		_, err = io.ReadFull(br, b)
		return string(b), err
	}
	var dims [6]int
	for i := range dims {
		v, err := uv(4096)
		if err != nil {
			return nil, err
		}
		dims[i] = v
	}
	cfg := config{Word: dims[0], Tag: dims[1], Hidden: dims[2], Layers: dims[3], Arc: dims[4], Label: dims[5]}
	if cfg.Layers < 1 || cfg.Hidden < 1 || cfg.Word < 1 || cfg.Tag < 1 || cfg.Arc < 1 || cfg.Label < 1 {
		return nil, errFormat
	}
	v := &vocab{}
	firsts := []int32{firstID, 0, firstID, firstID, firstID} // as buildVocab numbers them
	maps := []*map[string]int32{&v.words, &v.affixes, &v.shapes, &v.upos, &v.xpos}
	for i, dst := range maps {
		n, err := uv(1 << 22)
		if err != nil {
			return nil, err
		}
		mp := make(map[string]int32, n)
		for j := 0; j < n; j++ {
			k, err := str()
			if err != nil {
				return nil, err
			}
			mp[k] = firsts[i] + int32(j)
		}
		*dst = mp
	}
	nl, err := uv(255)
	if err != nil {
		return nil, err
	}
	for i := 0; i < nl; i++ {
		l, err := str()
		if err != nil {
			return nil, err
		}
		v.labels = append(v.labels, l)
	}
	v.indexLabels()
	if _, ok := v.labelID["root"]; !ok {
		return nil, errFormat
	}
	net := newNetwork(cfg, v, nil)
	if err := net.ps.Load(br); err != nil {
		return nil, err
	}
	return &Model{v: v, net: net}, nil
}

//go:embed model/parser.bin.gz
var embedded []byte

var loadOnce = sync.OnceValues(func() (*Model, error) {
	return Read(bytes.NewReader(embedded))
})

// Load returns the parser model embedded in the binary, decoded once per
// process.
func Load() (*Model, error) { return loadOnce() }
