// Package ner finds named entities in tagged sentences: persons (PERSON),
// organisations (ORG), political entities such as countries, states and
// cities (GPE), other locations such as seas, rivers and mountains (LOC), and
// nationality words (NORP).
//
// Two passes read a document (Ratinov and Roth 2009). The first is a
// structured averaged perceptron with BILOU labels and first-order Viterbi
// decoding. Its features are the words of a window, their shapes, affixes,
// part-of-speech tags and dependency relations (as the pipeline's tagger
// and parser predict them: the relation and governing word of the name, its
// preposition), gazetteer and WordNet matches, how often each word is
// capitalised in running text, word classes learnt from unlabelled text
// (see wordClusters), and the previous label. The second pass (see neural)
// is a bidirectional LSTM over the same features plus the document memory:
// how the first pass labelled the other occurrences of the same words and
// names in the document, their syntactic contexts there, and whether a word
// appears in lower case there. A name then keeps one type throughout the
// document (see oneSense). A place is typed by a general rule (see
// placeType): LOC when its head word names a geographic feature or the
// gazetteer knows it as a continent or supranational region, GPE otherwise.
// NORP comes from the gazetteer: a capitalised demonym outside any name
// ("Ukrainian", "Americans").
//
// Spans follow one convention (see finish): no leading "the", no trailing
// possessive, no role titles inside a person's name ("U.S. Secretary of State
// Marco Rubio" is GPE "U.S." and PERSON "Marco Rubio"), and countries are GPE
// even where they act as governments. A few general gazetteer rules back the
// model up: a common given name followed by proper nouns is a person, and a
// proper noun the gazetteer knows as a country, city or organisation is one.
//
// The model is trained on the named person, organisation and place mentions
// of the GUM corpus outside its dev split (see namedSpan for what counts as
// named), the UniversalNER English EWT development set, CrossNER politics
// train and Wikigold outside its held-out fifth (see DefaultCorpora).
package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"kg/extract/internal/featurehash"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"kg/extract/gazetteer"
	"kg/extract/segment"
	"kg/extract/ud"
)

// Span is a named-entity mention: tokens [Start, End) of a sentence (0-based
// indices into Sentence.Tokens) and its type: PERSON, ORG, GPE, LOC or NORP.
type Span struct {
	Start, End int
	Type       string
}

// The model's span types; PLACE is split into GPE and LOC after decoding.
var modelTypes = []string{"PERSON", "ORG", typePlace}

// Labels: 0 is O; type t with position tag k (B, I, L, U) is 1+4t+k.
const (
	tagB = iota
	tagI
	tagL
	tagU
)

var nLabels = 1 + 4*len(modelTypes)

func label(t, tag int) int { return 1 + 4*t + tag }

func labelTag(l int) (t, tag int) { return (l - 1) / 4, (l - 1) % 4 }

// validTable[prev][cur] caches valid; decoding consults it for every pair of
// labels at every token.
var validTable = func() [][]bool {
	t := make([][]bool, nLabels)
	for p := range t {
		t[p] = make([]bool, nLabels)
		for c := range t[p] {
			t[p][c] = validPair(p, c)
		}
	}
	return t
}()

// valid reports whether label cur may follow label prev in a BILOU sequence.
func valid(prev, cur int) bool { return validTable[prev][cur] }

func validPair(prev, cur int) bool {
	open := false
	pt := 0
	if prev > 0 {
		t, tag := labelTag(prev)
		open, pt = tag == tagB || tag == tagI, t
	}
	if cur == 0 {
		return !open
	}
	t, tag := labelTag(cur)
	if open {
		return t == pt && (tag == tagI || tag == tagL)
	}
	return tag == tagB || tag == tagU
}

// Model is a trained recogniser. It is read-only after loading and safe for
// concurrent use.
type Model struct {
	index featureTable      // feature hash → row of w
	w     []float32         // rows of nLabels weights
	caps  map[uint64]uint8  // lower-cased word hash → capitalisation bucket
	clus  map[uint64]uint16 // word form hash → word classes (see wordClusters)
	// nets is the second, document-memory pass (see RecognizeDocument and
	// ensemble); empty for a single-pass model.
	nets ensemble
}

//go:embed model/ner.model.gz
var embedded []byte

var loadEmbedded = sync.OnceValues(func() (*Model, error) {
	return Read(bytes.NewReader(embedded))
})

// Load returns the model embedded in the binary, reading it once.
func Load() (*Model, error) { return loadEmbedded() }

const magic = "kg-ner-7\n"

// Save writes the model in its gzip-compressed binary format. The output is
// deterministic: features are written in sorted order.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	var b [8]byte
	binary.LittleEndian.PutUint32(b[:4], uint32(nLabels))
	bw.Write(b[:4])
	writeWeights(bw, m)
	ckeys := make([]uint64, 0, len(m.caps))
	for k := range m.caps {
		ckeys = append(ckeys, k)
	}
	sort.Slice(ckeys, func(i, j int) bool { return ckeys[i] < ckeys[j] })
	binary.LittleEndian.PutUint32(b[:4], uint32(len(ckeys)))
	bw.Write(b[:4])
	for _, k := range ckeys {
		binary.LittleEndian.PutUint64(b[:], k)
		bw.Write(b[:])
		bw.WriteByte(m.caps[k])
	}
	ckeys = ckeys[:0]
	for k := range m.clus {
		ckeys = append(ckeys, k)
	}
	sort.Slice(ckeys, func(i, j int) bool { return ckeys[i] < ckeys[j] })
	binary.LittleEndian.PutUint32(b[:4], uint32(len(ckeys)))
	bw.Write(b[:4])
	for _, k := range ckeys {
		binary.LittleEndian.PutUint64(b[:], k)
		bw.Write(b[:])
		binary.LittleEndian.PutUint16(b[:2], m.clus[k])
		bw.Write(b[:2])
	}
	bw.WriteByte(byte(len(m.nets)))
	for _, n := range m.nets {
		if err := n.save(bw); err != nil {
			return fmt.Errorf("ner: save: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	return nil
}

// writeWeights writes the feature table of m: the row count, the sorted
// feature hashes, then each feature's weights.
func writeWeights(bw *bufio.Writer, m *Model) {
	keys := make([]uint64, 0, m.index.len())
	m.index.each(func(k uint64, _ int32) { keys = append(keys, k) })
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	var b [8]byte
	binary.LittleEndian.PutUint32(b[:4], uint32(len(keys)))
	bw.Write(b[:4])
	for _, k := range keys {
		binary.LittleEndian.PutUint64(b[:], k)
		bw.Write(b[:])
	}
	for _, k := range keys {
		r, _ := m.index.get(k)
		row := m.w[int(r)*nLabels:][:nLabels]
		for _, v := range row {
			binary.LittleEndian.PutUint32(b[:4], math.Float32bits(v))
			bw.Write(b[:4])
		}
	}
}

// readWeights reads a table written by writeWeights into m.
func readWeights(br *bufio.Reader, m *Model) error {
	var b [8]byte
	if _, err := io.ReadFull(br, b[:4]); err != nil {
		return err
	}
	rows := int(binary.LittleEndian.Uint32(b[:4]))
	if rows > 1<<26 {
		return fmt.Errorf("implausible size %d", rows)
	}
	m.w = make([]float32, rows*nLabels)
	for i := 0; i < rows; i++ {
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return err
		}
		m.index.set(binary.LittleEndian.Uint64(b[:]), int32(i))
	}
	for i := range m.w {
		if _, err := io.ReadFull(br, b[:4]); err != nil {
			return err
		}
		m.w[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[:4]))
	}
	return nil
}

// Read reads a model written by Save.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("ner: read model: %w", err)
	}
	br := bufio.NewReader(zr)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, errors.New("ner: read model: not a kg NER model")
	}
	var b [8]byte
	if _, err := io.ReadFull(br, b[:4]); err != nil {
		return nil, fmt.Errorf("ner: read model: %w", err)
	}
	if n := binary.LittleEndian.Uint32(b[:4]); int(n) != nLabels {
		return nil, fmt.Errorf("ner: read model: %d labels, want %d", n, nLabels)
	}
	m := &Model{}
	if err := readWeights(br, m); err != nil {
		return nil, fmt.Errorf("ner: read model: %w", err)
	}
	if _, err := io.ReadFull(br, b[:4]); err != nil {
		return nil, fmt.Errorf("ner: read model: %w", err)
	}
	nc := int(binary.LittleEndian.Uint32(b[:4]))
	if nc > 1<<24 {
		return nil, fmt.Errorf("ner: read model: implausible word table size %d", nc)
	}
	m.caps = make(map[uint64]uint8, nc)
	for i := 0; i < nc; i++ {
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return nil, fmt.Errorf("ner: read model: %w", err)
		}
		c, err := br.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("ner: read model: %w", err)
		}
		m.caps[binary.LittleEndian.Uint64(b[:])] = c
	}
	if _, err := io.ReadFull(br, b[:4]); err != nil {
		return nil, fmt.Errorf("ner: read model: %w", err)
	}
	nc = int(binary.LittleEndian.Uint32(b[:4]))
	if nc > 1<<24 {
		return nil, fmt.Errorf("ner: read model: implausible word class table size %d", nc)
	}
	m.clus = make(map[uint64]uint16, nc)
	for i := 0; i < nc; i++ {
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return nil, fmt.Errorf("ner: read model: %w", err)
		}
		h := binary.LittleEndian.Uint64(b[:])
		if _, err := io.ReadFull(br, b[:2]); err != nil {
			return nil, fmt.Errorf("ner: read model: %w", err)
		}
		m.clus[h] = binary.LittleEndian.Uint16(b[:2])
	}
	nets, err := br.ReadByte()
	if err != nil {
		return nil, fmt.Errorf("ner: read model: %w", err)
	}
	if nets > maxEnsemble {
		return nil, fmt.Errorf("ner: read model: implausible ensemble of %d networks", nets)
	}
	for range nets {
		n, err := readNeural(br)
		if err != nil {
			return nil, fmt.Errorf("ner: read model: %w", err)
		}
		m.nets = append(m.nets, n)
	}
	return m, nil
}

// scores adds the weights of feats to sc (len nLabels).
func (m *Model) scores(sc []float32, feats []uint64) {
	for i := range sc {
		sc[i] = 0
	}
	for _, f := range feats {
		r, ok := m.index.get(f)
		if !ok {
			continue
		}
		row := m.w[int(r)*nLabels:][:nLabels]
		for l, v := range row {
			sc[l] += v
		}
	}
}

// lattice fills emit (n×nLabels) with the scores of the label-independent
// features of each token and trans (n×nLabels×nLabels, previous label
// major) with the scores of the features pairing each possible previous
// label with the token.
func lattice(score func(sc []float32, feats []uint64), cs []tokCtx, emit, trans []float32) {
	feats := make([]uint64, 0, 64)
	for i := range cs {
		feats = features(feats[:0], cs, i)
		score(emit[i*nLabels:][:nLabels], feats)
		for prev := 0; prev < nLabels; prev++ {
			if i == 0 && prev != 0 {
				continue
			}
			feats = prevFeatures(feats[:0], cs, i, prev)
			score(trans[(i*nLabels+prev)*nLabels:][:nLabels], feats)
		}
	}
}

// viterbi returns the best valid BILOU label sequence for the lattice. The
// sequence starts after O and must end where O may follow. Ties go to the
// lower label, so decoding is deterministic. A nil trans scores every
// transition 0.
func viterbi(n int, emit, trans []float32) []int {
	if n == 0 {
		return nil
	}
	const none = -1
	delta := make([]float32, n*nLabels)
	back := make([]int, n*nLabels)
	for i := 0; i < n; i++ {
		for cur := 0; cur < nLabels; cur++ {
			bp, bs := none, float32(0)
			if i == 0 {
				if valid(0, cur) {
					bp = 0
					if trans != nil {
						bs = trans[cur]
					}
				}
			} else {
				for prev := 0; prev < nLabels; prev++ {
					if back[(i-1)*nLabels+prev] == none || !valid(prev, cur) {
						continue
					}
					v := delta[(i-1)*nLabels+prev]
					if trans != nil {
						v += trans[(i*nLabels+prev)*nLabels+cur]
					}
					if bp == none || v > bs {
						bp, bs = prev, v
					}
				}
			}
			back[i*nLabels+cur] = bp
			delta[i*nLabels+cur] = bs + emit[i*nLabels+cur]
		}
	}
	last, ls := none, float32(0)
	for l := 0; l < nLabels; l++ {
		if back[(n-1)*nLabels+l] == none || !valid(l, 0) {
			continue
		}
		if v := delta[(n-1)*nLabels+l]; last == none || v > ls {
			last, ls = l, v
		}
	}
	labels := make([]int, n)
	for i := n - 1; i >= 0; i-- {
		labels[i] = last
		last = back[i*nLabels+last]
	}
	return labels
}

// decodeContexts labels the tokens whose contexts are cs.
func (m *Model) decodeContexts(cs []tokCtx) []int {
	n := len(cs)
	emit := make([]float32, n*nLabels)
	trans := make([]float32, n*nLabels*nLabels)
	lattice(m.scores, cs, emit, trans)
	return viterbi(n, emit, trans)
}

// spansOf turns BILOU labels into spans of the model types. A span left
// open by a B or I at the end of the sentence ends there.
func spansOf(labels []int) []Span {
	var out []Span
	start := -1
	for i, l := range labels {
		if l == 0 {
			start = -1
			continue
		}
		t, tag := labelTag(l)
		switch tag {
		case tagU:
			out = append(out, Span{i, i + 1, modelTypes[t]})
			start = -1
		case tagB:
			start = i
		case tagL:
			if start >= 0 {
				out = append(out, Span{start, i + 1, modelTypes[t]})
			}
			start = -1
		}
		if i == len(labels)-1 && (tag == tagB || tag == tagI) && start >= 0 {
			out = append(out, Span{start, i + 1, modelTypes[t]})
		}
	}
	return out
}

// Recognize returns the named-entity spans of s in sentence order, reading
// s as a document of one sentence: first pass only (see RecognizeDocument,
// which should be preferred when the other sentences are at hand). It reads each token's
// Form, Lemma, UPOS, XPOS, Head and Deprel; tags and trees predicted by the
// pipeline's tagger and parser are what it is trained for.
func (m *Model) Recognize(s *ud.Sentence) []Span {
	if s == nil || len(s.Tokens) == 0 {
		return nil
	}
	return m.RecognizeDocument([]*ud.Sentence{s})[0]
}

// finish applies the span conventions to decoded spans: a leading "the" and
// trailing possessive are not part of a name, role titles are not part of a
// person's name, a span that is only a nationality word is NORP, places are
// split into GPE and LOC; and it adds NORP spans for demonyms outside names.
func finish(toks []ud.Token, spans []Span, caps capTable) []Span {
	out := make([]Span, 0, len(spans))
	covered := make([]bool, len(toks))
	for i := range toks {
		// An era next to a number is part of a date, whatever the
		// gazetteer says ("BC" is also British Columbia), and letters
		// before a dollar sign are part of a currency.
		covered[i] = isEraMarker(toks, i, i+1) || IsCurrencyPrefix(toks, i+1)
	}
	spans = splitPossessives(toks, spans)
	spans = splitAtAddresses(toks, spans)
	spans = gazetteerExtents(toks, spans)
	spans = companyNames(toks, spans)
	spans = splitPlacePairs(toks, spans)
	for _, sp := range spans {
		if isEraMarker(toks, sp.Start, sp.End) {
			continue
		}
		if sp.End-sp.Start == 1 && !unforced(toks, sp.Start) && caps.doc[featurehash.String(strings.ToLower(toks[sp.Start].Form))] == 1 {
			// A word capitalised only where capitals are forced, and in
			// lower case wherever else the document uses it ("Iodine
			// deficiency …" in a text about iodine), is not a name.
			continue
		}
		if IsCurrencyPrefix(toks, sp.End) {
			// "US$ 10 billion", "HK$": a place's letters before a dollar
			// sign name a currency.
			continue
		}
		for sp.Start < sp.End-1 && strings.EqualFold(toks[sp.Start].Form, "the") {
			sp.Start++
		}
		// Names do not run across punctuation other than a hyphen or
		// ampersand ("Atlantic Lottery Corporation, Inc." is cut at the
		// comma), the convention of the training spans (see nameExtent).
		for i := sp.Start + 1; i < sp.End; i++ {
			if toks[i].UPOS == "PUNCT" && toks[i].Form != "-" && toks[i].Form != "&" {
				sp.End = i
				break
			}
		}
		for sp.End > sp.Start+1 && (isPossessive(toks[sp.End-1].Form) || isConnector(toks[sp.End-1].Form) && !startsUpper(toks[sp.End-1].Form)) {
			sp.End--
		}
		if sp.Type == "ORG" {
			// A role title is not part of an organisation's name: "U.S.
			// Secretary of State" is the place "U.S." before a title.
			for k := sp.Start + 1; k < sp.End; k++ {
				if gazetteer.IsTitle(toks[k].Form) {
					if isKnownPlace(spanText(toks, sp.Start, k)) {
						sp.End, sp.Type = k, typePlace
					}
					break
				}
			}
		}
		if sp.Type == "PERSON" {
			sp.Start = afterTitles(toks, sp.Start, sp.End)
		}
		text := spanText(toks, sp.Start, sp.End)
		if _, ok := gazetteer.Demonym(text); ok {
			sp.Type = "NORP"
		} else if p, ok := gazetteer.LookupPlace(text); ok && p.IsGPE() && sp.Type == "ORG" {
			// A country acting as a government is still a GPE, the
			// convention the training data was normalised to.
			sp.Type = "GPE"
		} else if sp.Type == "PERSON" && sp.End-sp.Start == 1 && isCountryOrCapital(text) && (!gazetteer.IsGivenName(text) || titleOwner(toks, sp.End)) {
			// A lone country or capital in subject position reads like a
			// person to the model ("Athens hosted the Games"); the world
			// knowledge wins unless the word is also a given name, and
			// even then when a role title is its own ("Jordan's King").
			sp.Type = "GPE"
		} else if sp.Type != "ORG" && isListedOrg(text) && !(sp.End-sp.Start == 1 && gazetteer.IsGivenName(text)) {
			// An organisation the gazetteer lists ("Goldman Sachs",
			// "Apple") is one, whatever the context suggested, unless
			// the name is also a place or a common given name.
			sp.Type = "ORG"
		} else if sp.Type == typePlace && sp.End-sp.Start > 1 && personLike(toks, sp, text) {
			// A place that begins with a common given name and is no
			// place the gazetteer or WordNet knows, nor headed by a
			// place word, is a person ("the state's governor, Eduardo
			// Leite").
			sp.Type = "PERSON"
		} else if sp.Type == typePlace && sp.End-sp.Start == 1 && gazetteer.IsGivenName(text) && !isKnownPlace(text) {
			// A lone common given name that the gazetteer does not know
			// as a place is a person ("Gloria"), whatever its context
			// suggested.
			sp.Type = "PERSON"
		} else if sp.Type == typePlace && sp.End-sp.Start > 1 && orgHeadOf(toks[sp.End-1].Form) == orgOnly && !isKnownPlace(text) {
			// A name headed by a word that heads no place is an
			// organisation's, even named after its city ("San
			// Francisco Bulletin").
			sp.Type = "ORG"
		} else if sp.Type == typePlace {
			sp.Type = placeType(toks, sp.Start, sp.End)
		}
		for i := sp.Start; i < sp.End; i++ {
			covered[i] = true
		}
		out = append(out, sp)
	}
	// The capitalised name before a person's title is what the title
	// belongs to, whether the model took it into the person's span or
	// left it out ("European Council President Antonio Costa").
	for _, sp := range out[:len(out):len(out)] {
		if sp.Type != "PERSON" {
			continue
		}
		if d, ok := titleDesignator(toks, covered, sp.Start); ok {
			out = append(out, d)
			for i := d.Start; i < d.End; i++ {
				covered[i] = true
			}
		}
	}
	// A common given name followed by another proper noun is a person's
	// name even where the model missed it ("NATO chief Mark Rutte"), unless
	// the second word makes it a place or organisation ("Victoria Station").
	for i := 0; i+1 < len(toks); i++ {
		if covered[i] || covered[i+1] || !gazetteer.IsGivenName(toks[i].Form) ||
			toks[i].UPOS != "PROPN" || toks[i+1].UPOS != "PROPN" || !startsUpper(toks[i+1].Form) {
			continue
		}
		j := i + 1
		for j+1 < len(toks) && !covered[j+1] && toks[j+1].UPOS == "PROPN" && startsUpper(toks[j+1].Form) {
			j++
		}
		last := toks[j].Form
		if gazetteer.IsGeoFeatureHead(last) || orgHeadOf(last) != 0 {
			i = j
			continue
		}
		if kind, _ := gazetteer.Classify(spanText(toks, i, j+1)); kind != "" {
			i = j
			continue
		}
		out = append(out, Span{i, j + 1, "PERSON"})
		for k := i; k <= j; k++ {
			covered[k] = true
		}
		i = j
	}
	// Proper nouns right after a capitalised role title name a person
	// ("Secretary Cardona", "Justice Thomas") unless they name a place or
	// organisation ("General Motors", "Justice Department"). "Saint" and
	// "St." begin place names and are left alone. So do two or more proper
	// nouns after a lower-case title that a name owns ("Arsenal coach Mikel
	// Arteta"), and the owner is then an entity of its own.
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		owned := !startsUpper(t.Form) && i > 0 && startsUpper(toks[i-1].Form) && toks[i-1].UPOS == "PROPN"
		if (!startsUpper(t.Form) && !owned) || !gazetteer.IsTitle(t.Form) || t.Form == "St." || t.Form == "Saint" {
			continue
		}
		j := i + 1
		for j < len(toks) && !covered[j] && toks[j].UPOS == "PROPN" && startsUpper(toks[j].Form) && !gazetteer.IsTitle(toks[j].Form) {
			j++
		}
		if j == i+1 || owned && j < i+3 {
			continue
		}
		last := toks[j-1].Form
		if gazetteer.IsGeoFeatureHead(last) || orgHeadOf(last) != 0 {
			continue
		}
		if kind, _ := gazetteer.Classify(spanText(toks, i+1, j)); kind != "" {
			continue
		}
		out = append(out, Span{i + 1, j, "PERSON"})
		for k := i + 1; k < j; k++ {
			covered[k] = true
		}
		if owned {
			if d, ok := nameBefore(toks, covered, i); ok {
				out = append(out, d)
				for k := d.Start; k < d.End; k++ {
					covered[k] = true
				}
			}
		}
		i = j - 1
	}
	// Names the gazetteer knows as countries, states, cities or
	// organisations are entities even where the model missed them, when the
	// tagger agrees they are proper nouns or they are mostly capitalised in
	// running text (see nameLike).
	for i := 0; i < len(toks); i++ {
		// The tagger may take an acronym for a word ("WHO" as a pronoun),
		// so capitals count as a proper noun outside an all-capitals line.
		if covered[i] || !startsUpper(toks[i].Form) || !nameLike(toks, i, caps) {
			continue
		}
		best, typ := longestName(toks, i, covered, gazetteer.Classify, gazetteerType)
		if best == 0 {
			best, typ = wordnetName(toks, i, covered, caps)
		}
		if best == 0 || !nameLike(toks, i+best-1, caps) {
			continue
		}
		out = append(out, Span{i, i + best, typ})
		for k := i; k < i+best; k++ {
			covered[k] = true
		}
		i += best - 1
	}
	for i := 0; i < len(toks); i++ {
		if covered[i] || !startsUpper(toks[i].Form) {
			continue
		}
		// Two-word demonyms first: "South Korean", "New Zealanders"; but
		// "The Taiwanese" is the demonym alone.
		if i+1 < len(toks) && !covered[i+1] && !strings.EqualFold(toks[i].Form, "the") {
			if _, ok := gazetteer.Demonym(toks[i].Form + " " + toks[i+1].Form); ok {
				out = append(out, Span{i, i + 2, "NORP"})
				i++
				continue
			}
		}
		if _, ok := gazetteer.Demonym(toks[i].Form); ok {
			out = append(out, Span{i, i + 1, "NORP"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// titleDesignator returns the uncovered capitalised name in front of the
// role titles before a person's name at token name — "European Council" in
// "European Council President Antonio Costa" — as a span of its own: a
// place when the gazetteer knows it as one, else an organisation. A
// nationality ("Ukrainian President") is left to the demonym rule.
func titleDesignator(toks []ud.Token, covered []bool, name int) (Span, bool) {
	if allCaps(toks[name].Form) {
		return Span{}, false // a heading in capitals: "ARGUMENT OF GEN. ELIZABETH …"
	}
	end := name
	for end > 0 && !covered[end-1] && startsUpper(toks[end-1].Form) && gazetteer.IsTitle(toks[end-1].Form) {
		end--
	}
	if end == name {
		return Span{}, false
	}
	return nameBefore(toks, covered, end)
}

// nameBefore returns the uncovered capitalised name that ends before
// token end, or before a possessive there ("Russia's Ambassador …"), as a
// place when the gazetteer knows it as one, else an organisation.
func nameBefore(toks []ud.Token, covered []bool, end int) (Span, bool) {
	if end > 0 && isPossessive(toks[end-1].Form) {
		end--
	}
	start := end
	for start > 0 && !covered[start-1] && startsUpper(toks[start-1].Form) && toks[start-1].UPOS != "PUNCT" {
		start--
	}
	if start == end {
		return Span{}, false
	}
	text := spanText(toks, start, end)
	if _, ok := gazetteer.Demonym(text); ok || !unforced(toks, start) && end-start == 1 && toks[start].UPOS != "PROPN" {
		return Span{}, false
	}
	if isKnownPlace(text) {
		return Span{start, end, placeType(toks, start, end)}, true
	}
	return Span{start, end, "ORG"}, true
}

// titleOwner reports whether the tokens from i are a possessive and a role
// title: the name before them is what the title belongs to ("Jordan's King
// Abdullah").
func titleOwner(toks []ud.Token, i int) bool {
	return i+1 < len(toks) && isPossessive(toks[i].Form) && gazetteer.IsTitle(toks[i+1].Form)
}

// legalForms are the abbreviations of company law that end a company's
// name, as written. The ambiguous ones (false) do so only when no
// capitalised word follows: "Co. Cork" is a county, "Texas AG Ken Paxton"
// an attorney general.
var legalForms = map[string]bool{
	"Inc.": true, "Inc": true, "Corp.": true, "Corp": true, "Ltd.": true, "Ltd": true, "LLC": true,
	"L.L.C.": true, "plc": true, "PLC": true, "GmbH": true, "N.V.": true, "S.A.": true, "S.p.A.": true,
	"SpA": true, "LLP": true, "Pty": true, "B.V.": true, "Co.": false, "Co": false, "AG": false, "SA": false,
	"SE": false, "NV": false,
}

// companyNames makes the capitalised words before a legal form and the form
// one organisation ("Taiwan Semiconductor Manufacturing Co.", "Bank of
// America Corp."), replacing the spans inside them, where the model had
// seen a country and nothing else. The words run back over "&", "of" and
// hyphens between capitalised words, but not over "and", a comma, a title,
// another company's legal form or a leading "The". A span that crosses the
// company's first word, or already ends with the form, is left alone.
func companyNames(toks []ud.Token, spans []Span) []Span {
	for d := 1; d < len(toks); d++ {
		sure, ok := legalForms[toks[d].Form]
		if !ok || (!sure && d+1 < len(toks) && startsUpper(toks[d+1].Form)) {
			continue
		}
		start := d
		for j := d - 1; j >= 0; j-- {
			f := toks[j].Form
			if _, form := legalForms[f]; form || gazetteer.IsTitle(f) || !startsUpper(f) && f != "&" && f != "of" && f != "-" {
				break
			}
			if !startsUpper(f) && (j == 0 || !startsUpper(toks[j-1].Form)) {
				break
			}
			if startsUpper(f) {
				start = j
			}
		}
		for start < d && strings.EqualFold(toks[start].Form, "the") {
			start++
		}
		if start == d {
			continue
		}
		crosses := false
		for _, sp := range spans {
			if (sp.Start < start && sp.End > start) || (sp.Start <= d && sp.End >= d+1) {
				crosses = true // or the model found a name ending in the form itself
			}
		}
		if crosses {
			continue
		}
		out := spans[:0:0]
		for _, sp := range spans {
			if sp.End <= start || sp.Start > d {
				out = append(out, sp)
			}
		}
		out = append(out, Span{start, d + 1, "ORG"})
		sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
		spans = out
	}
	return spans
}

// gazetteerExtents widens a span that lies inside a longer name the
// gazetteer knows as a place or organisation to that name, with its type
// ("Bissau" in "Guinea-Bissau"): the hand-written tables know the extent of
// the names they list better than the model. Spans that divide such a name
// are joined ("Newfoundland" and "Labrador Court of Appeal" in "the
// Newfoundland and Labrador Court of Appeal"); when the last of them runs
// on past the name, the whole takes that span's type, as a court named
// after its province is an organisation. A span that begins before the
// name is left alone.
func gazetteerExtents(toks []ud.Token, spans []Span) []Span {
	none := make([]bool, len(toks))
	for k := 0; k < len(spans); k++ {
		sp := spans[k]
		for i := max(0, sp.End-maxGazN); i <= sp.Start; i++ {
			if !startsUpper(toks[i].Form) {
				continue
			}
			n, typ := longestName(toks, i, none, gazetteer.Classify, gazetteerType)
			e := i + n
			if e < sp.End || n <= sp.End-sp.Start {
				continue
			}
			if typ != "ORG" {
				typ = typePlace
			}
			first, last := -1, -1
			ok := true
			for j, o := range spans {
				if o.End <= i || o.Start >= e {
					continue
				}
				if first < 0 {
					first = j
				}
				if o.Start < i || last >= 0 && spans[last].End > e || last >= 0 && last != j-1 {
					ok = false
				}
				last = j
			}
			if !ok {
				continue
			}
			end := e
			if spans[last].End > e {
				end, typ = spans[last].End, spans[last].Type
			}
			spans = slices.Replace(spans, first, last+1, Span{i, end, typ})
			k = first
			break
		}
	}
	return spans
}

// longestName returns the length and entity type of the longest name at
// toks[i:], over uncovered tokens, that lookup knows (lookup as
// gazetteer.Classify), typeOf giving the entity type of a kind ("" for kinds
// not used).
func longestName(toks []ud.Token, i int, covered []bool, lookup func(string) (string, bool), typeOf func(string) string) (int, string) {
	best, typ := 0, ""
	for n := 1; n <= maxGazN && i+n <= len(toks) && !covered[i+n-1]; n++ {
		kind, more := lookup(spanText(toks, i, i+n))
		if t := typeOf(kind); t != "" {
			best, typ = n, t
		}
		if !more {
			break
		}
	}
	return best, typ
}

// gazetteerType is the entity type of a gazetteer kind.
func gazetteerType(kind string) string {
	switch kind {
	case gazetteer.Country, gazetteer.State, gazetteer.City, gazetteer.Region:
		return "GPE"
	case gazetteer.Continent:
		return "LOC"
	case "org":
		return "ORG"
	}
	return ""
}

// wordnetType is the entity type of the WordNet kinds of a name known as
// one type of thing only: an organisation, or places of any kind ("Cape of
// Good Hope" is both a cape and a former province).
func wordnetType(kinds string) string {
	if kinds == "org" {
		return "ORG"
	}
	typ := ""
	for k := range strings.SplitSeq(kinds, ",") {
		switch k {
		case "city", "country":
			typ = "GPE"
		case "location":
			if typ == "" {
				typ = "LOC"
			}
		default:
			return ""
		}
	}
	return typ
}

// wordnetName returns the length and type of the longest WordNet name at
// toks[i:] that is not covered and that WordNet knows as one kind of thing
// only: a city or country (GPE), another location (LOC) or an
// organisation. Ambiguous names ("Paris", a city and a person) and names of
// people, which WordNet lists by the thousand and which are often also
// given names or common surnames, are left to the model. A one-word name
// must not be a word usually written in lower case ("Justice" is also the
// Department of Justice), judged by the capitalisation statistics.
func wordnetName(toks []ud.Token, i int, covered []bool, caps capTable) (int, string) {
	best, typ := longestName(toks, i, covered, gazetteer.WordNetKinds, wordnetType)
	if best == 0 {
		// A building or structure WordNet names in two or more capitalised
		// words is a location ("Oval Office", "Aswan High Dam"); one word
		// alone ("Bastille", "Babel") is too often something else.
		n, _ := longestName(toks, i, covered, gazetteer.WordNetKinds, func(k string) string {
			if k == "facility" {
				return "LOC"
			}
			return ""
		})
		for k := i; k < i+n; k++ {
			if !startsUpper(toks[k].Form) {
				n = 0
			}
		}
		if n >= 2 {
			return n, "LOC"
		}
	}
	if best == 1 {
		// One-word organisations in WordNet are mostly short forms that
		// are also common words ("State" for the Department of State); a
		// title ("Justice Kagan") or the tail of a longer name ("the Greek
		// State") is not a name of its own.
		if typ == "ORG" || gazetteer.IsTitle(toks[i].Form) || i > 0 && startsUpper(toks[i-1].Form) && toks[i-1].UPOS != "PUNCT" {
			return 0, ""
		}
		if b := caps.bucket(featurehash.String(strings.ToLower(toks[i].Form))); b == 1 || b == 2 {
			return 0, ""
		}
	}
	return best, typ
}

// personLike reports whether the multi-word span sp, of text text, reads
// as a person's name rather than a place's: it starts with a common given
// name, and neither the gazetteer nor WordNet knows it as a place, nor do
// its last word or the word after it make it one ("Victoria Falls",
// "Elizabeth Street", "Charles River").
func personLike(toks []ud.Token, sp Span, text string) bool {
	if !gazetteer.IsGivenName(toks[sp.Start].Form) || isKnownPlace(text) {
		return false
	}
	last := toks[sp.End-1].Form
	if gazetteer.IsGeoFeatureHead(last) || orgHeadOf(last) != 0 {
		return false
	}
	if sp.End < len(toks) && (gazetteer.IsGeoFeatureHead(toks[sp.End].Form) || orgHeadOf(toks[sp.End].Form) != 0) {
		return false
	}
	kinds, _ := gazetteer.WordNetKinds(text)
	return kinds == "" || strings.Contains(kinds, "person")
}

// isListedOrg reports whether the gazetteer lists name as an organisation
// and neither it nor WordNet knows the name as a place ("Amazon").
func isListedOrg(name string) bool {
	if _, ok := gazetteer.LookupOrg(name); !ok || isKnownPlace(name) {
		return false
	}
	kinds, _ := gazetteer.WordNetKinds(name)
	return wordnetType(kinds) == "" && !strings.Contains(kinds, "location")
}

// isKnownPlace reports whether the gazetteer knows name as a place of any
// kind.
func isKnownPlace(name string) bool {
	if _, ok := gazetteer.LookupPlace(name); ok {
		return true
	}
	kind, _ := gazetteer.Classify(name)
	switch kind {
	case gazetteer.Country, gazetteer.State, gazetteer.City, gazetteer.Region, gazetteer.Continent:
		return true
	}
	return false
}

// isCountryOrCapital reports whether the gazetteer knows name as a country
// or a national capital.
func isCountryOrCapital(name string) bool {
	if p, ok := gazetteer.LookupPlace(name); ok && p.Kind == gazetteer.Country {
		return true
	}
	_, ok := gazetteer.Metonym(name)
	if ok {
		p, _ := gazetteer.LookupPlace(name)
		return p.Kind == gazetteer.City
	}
	return false
}

// nameLike reports whether token i may be (part of) a name: the tagger
// says it is a proper noun, or it is an acronym, or it is capitalised and
// the word is mostly capitalised in running text (the tagger may take a
// plural-looking name for a noun: "Athens/NOUN").
func nameLike(toks []ud.Token, i int, caps capTable) bool {
	if toks[i].UPOS == "PROPN" || isAcronymToken(toks, i) {
		return true
	}
	return startsUpper(toks[i].Form) && caps.bucket(featurehash.String(strings.ToLower(toks[i].Form))) >= 3
}

// capTable gives a word's capitalisation bucket (see capBuckets): from the
// document being read where the word occurs there often enough, else from
// the training text.
type capTable struct{ global, doc map[uint64]uint8 }

func (c capTable) bucket(h uint64) uint8 {
	if b, ok := c.doc[h]; ok {
		return b
	}
	return c.global[h]
}

// isEraMarker reports whether toks[start:end] is a calendar era ("BC",
// "A.D.") next to a number or after "century": a date, not a name.
func isEraMarker(toks []ud.Token, start, end int) bool {
	if end-start != 1 {
		return false
	}
	switch strings.ToUpper(strings.ReplaceAll(toks[start].Form, ".", "")) {
	case "BC", "AD", "BCE", "CE":
	default:
		return false
	}
	if start > 0 {
		switch strings.ToLower(toks[start-1].Form) {
		case "century", "centuries", "millennium":
			return true
		}
	}
	return start > 0 && toks[start-1].UPOS == "NUM" || end < len(toks) && toks[end].UPOS == "NUM"
}

// isAcronymToken reports whether token i is written in capitals ("WHO",
// "NATO") in a sentence whose neighbouring words are not, as they are in a
// headline in capitals.
func isAcronymToken(toks []ud.Token, i int) bool {
	if !allCaps(toks[i].Form) {
		return false
	}
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(toks) && allCaps(toks[j].Form) {
			return false
		}
	}
	return true
}

// IsCurrencyPrefix reports whether toks[end] is a currency sign written
// against the token before it ("US" "$" in "US$ 10 billion").
func IsCurrencyPrefix(toks []ud.Token, end int) bool {
	if end == 0 || end >= len(toks) {
		return false
	}
	switch toks[end].Form {
	case "$", "€", "£", "¥":
	default:
		return false
	}
	v, _ := ud.MiscValue(toks[end-1].Misc, "SpaceAfter")
	return v == "No"
}

// splitPlacePairs splits a name joined by a hyphen whose two sides are
// known places and whose whole is not: "Ukraine-Russia war", "U.S.-China
// trade" name two countries, while "Guinea-Bissau" stays one. The tokenizer
// keeps the hyphen apart, so the sides are token runs.
func splitPlacePairs(toks []ud.Token, spans []Span) []Span {
	var out []Span
	for _, sp := range spans {
		cut := -1
		for i := sp.Start + 1; i < sp.End-1; i++ {
			if toks[i].Form == "-" {
				cut = i
				break
			}
		}
		if cut < 0 || sp.Type == "PERSON" || isKnownPlace(joinedText(toks, sp.Start, sp.End)) ||
			!isKnownPlace(spanText(toks, sp.Start, cut)) || !isKnownPlace(spanText(toks, cut+1, sp.End)) {
			out = append(out, sp)
			continue
		}
		out = append(out, Span{sp.Start, cut, typePlace}, Span{cut + 1, sp.End, typePlace})
	}
	return out
}

// joinedText is the text of toks[start:end] with no space around hyphens,
// as a hyphenated name is written.
func joinedText(toks []ud.Token, start, end int) string {
	return strings.ReplaceAll(spanText(toks, start, end), " - ", "-")
}

// splitAtAddresses cuts spans at e-mail addresses and web links, which are
// no part of a name: "Lotte Wilms lotte.wilms@kb.nl National Library" is a
// signature, a name and then an affiliation. The name before an address
// whose local part spells one of its words is a person's.
func splitAtAddresses(toks []ud.Token, spans []Span) []Span {
	var out []Span
	for _, sp := range spans {
		start := sp.Start
		for i := sp.Start; i < sp.End; i++ {
			if !segment.IsAddress(toks[i].Form) {
				continue
			}
			if i > start {
				typ := sp.Type
				if local, _, ok := strings.Cut(toks[i].Form, "@"); ok && spellsWordOf(strings.ToLower(local), toks[start:i]) {
					typ = "PERSON"
				}
				out = append(out, Span{start, i, typ})
			}
			start = i + 1
		}
		if start < sp.End {
			out = append(out, Span{start, sp.End, sp.Type})
		}
	}
	return out
}

// spellsWordOf reports whether local, an e-mail address's lower-cased local
// part, contains a word of three or more letters of toks.
func spellsWordOf(local string, toks []ud.Token) bool {
	for _, t := range toks {
		if w := strings.ToLower(t.Form); utf8.RuneCountInString(w) >= 3 && strings.Contains(local, w) {
			return true
		}
	}
	return false
}

// splitPossessives splits a person span at an inner possessive: "Elon Musk
// 's SpaceX" is the person "Elon Musk" and the organisation "SpaceX" (or
// whatever the gazetteer knows the second name as).
func splitPossessives(toks []ud.Token, spans []Span) []Span {
	var out []Span
	for _, sp := range spans {
		cut := -1
		if sp.Type == "PERSON" {
			for i := sp.Start + 1; i < sp.End-1; i++ {
				if isPossessive(toks[i].Form) && startsUpper(toks[i+1].Form) {
					cut = i
					break
				}
			}
		}
		if cut < 0 {
			out = append(out, sp)
			continue
		}
		second := Span{cut + 1, sp.End, "ORG"}
		switch kind, _ := gazetteer.Classify(spanText(toks, second.Start, second.End)); kind {
		case gazetteer.Country, gazetteer.State, gazetteer.City, gazetteer.Region, gazetteer.Continent:
			second.Type = typePlace
		}
		out = append(out, Span{sp.Start, cut, "PERSON"}, second)
	}
	return out
}

// placeType splits places into political entities and other locations, by a
// general rule: a place is LOC when the gazetteer knows it as a continent or
// supranational region ("Europe", "Middle East"), or when its head word names
// a geographic feature or facility ("Black Sea", "Rocky Mountains", "Gulf of
// Mexico", "Suez Canal"); it is GPE when the gazetteer knows it as a country,
// state, region or city, and otherwise, since most place names in news are
// settlements.
func placeType(toks []ud.Token, start, end int) string {
	if p, ok := gazetteer.LookupPlace(spanText(toks, start, end)); ok {
		if p.IsGPE() {
			return "GPE"
		}
		return "LOC"
	}
	// The head of an English place name is its last word, or the word before
	// "of" in names like "Gulf of Mexico" and "Isle of Man".
	if gazetteer.IsGeoFeatureHead(toks[end-1].Form) {
		return "LOC"
	}
	if k, _ := gazetteer.WordNetKinds(spanText(toks, start, end)); k == "facility" {
		return "LOC" // a building, a bridge, a canal: "the Oval Office"
	}
	switch toks[start].Form {
	case "Mount", "Mt.", "Lake", "Cape", "Isle", "Mont":
		// Feature words that precede the name: "Mount Everest", "Lake Victoria".
		if end-start > 1 {
			return "LOC"
		}
	}
	for i := start; i < end-1; i++ {
		if toks[i+1].Form == "of" {
			if gazetteer.IsGeoFeatureHead(toks[i].Form) {
				return "LOC"
			}
			break
		}
	}
	return "GPE"
}
