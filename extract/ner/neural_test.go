package ner

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"testing"

	"kg/extract/ud"
)

// TestTrainNeural trains a small network on a few sentences: it must learn
// their labels, and the same data must give the same weights.
func TestTrainNeural(t *testing.T) {
	sents := []*ud.Sentence{
		sentence("Olaf/PROPN Scholz/PROPN visited/VERB Paris/PROPN"),
		sentence("Maria/PROPN met/VERB Olaf/PROPN in/ADP Berlin/PROPN"),
		sentence("the/DET Red/PROPN Cross/PROPN helped/VERB Maria/PROPN"),
		sentence("we/PRON flew/VERB to/ADP Berlin/PROPN"),
	}
	spans := [][]Span{
		{{0, 2, "PERSON"}, {3, 4, typePlace}},
		{{0, 1, "PERSON"}, {2, 3, "PERSON"}, {4, 5, typePlace}},
		{{1, 3, "ORG"}, {4, 5, "PERSON"}},
		{{3, 4, typePlace}},
	}
	cs := make([][]tokCtx, len(sents))
	gold := make([][]int, len(sents))
	which := make([]int, len(sents))
	for k, s := range sents {
		cs[k] = make([]tokCtx, len(s.Tokens))
		contexts(cs[k], s, nil, nil, nil)
		gold[k] = goldLabels(len(s.Tokens), spans[k])
		which[k] = k
	}
	cfg := tinyNeural()
	train := func() (*neural, []byte) {
		n, err := trainNeural(context.Background(), cfg, cs, gold, which, io.Discard)
		if err != nil {
			t.Fatalf("trainNeural: %v", err)
		}
		var b bytes.Buffer
		bw := bufio.NewWriter(&b)
		if err := n.save(bw); err != nil {
			t.Fatalf("save: %v", err)
		}
		bw.Flush()
		return n, b.Bytes()
	}
	n, a := train()
	var w ensembleWork
	for k := range sents {
		if got := spansOf(ensemble{n}.decode(&w, cs[k])); !slices.Equal(got, spans[k]) {
			t.Errorf("sentence %d: decode = %v, want the training spans %v", k, got, spans[k])
		}
	}
	if _, b := train(); !bytes.Equal(a, b) {
		t.Error("two trainings on the same data gave different weights")
	}
	r, err := readNeural(bufio.NewReader(bytes.NewReader(a)))
	if err != nil {
		t.Fatalf("readNeural: %v", err)
	}
	if got := spansOf(ensemble{r}.decode(&w, cs[2])); !slices.Equal(got, spans[2]) {
		t.Errorf("after readNeural: decode = %v, want %v", got, spans[2])
	}
}

// TestTrainNeuralVectors checks that the network reads the parser's
// vectors: two sentences of the same words, labelled differently, differ
// only in them.
func TestTrainNeuralVectors(t *testing.T) {
	const V = 4
	mk := func(v float32) *ud.Sentence {
		s := sentence("Jordan/PROPN spoke/VERB")
		s.Vectors = make([]float32, 2*V)
		s.Vectors[0] = v
		return s
	}
	sents := []*ud.Sentence{mk(1), mk(-1)}
	spans := [][]Span{{{0, 1, "PERSON"}}, {{0, 1, typePlace}}}
	cs := make([][]tokCtx, len(sents))
	gold := make([][]int, len(sents))
	for k, s := range sents {
		cs[k] = make([]tokCtx, len(s.Tokens))
		contexts(cs[k], s, nil, nil, nil)
		gold[k] = goldLabels(len(s.Tokens), spans[k])
	}
	cfg := tinyNeural()
	cfg.vec, cfg.vecDrop = V, 0
	n, err := trainNeural(context.Background(), cfg, cs, gold, []int{0, 1}, io.Discard)
	if err != nil {
		t.Fatalf("trainNeural: %v", err)
	}
	var w ensembleWork
	for k := range sents {
		if got := spansOf((ensemble{n}).decode(&w, cs[k])); !slices.Equal(got, spans[k]) {
			t.Errorf("sentence %d: decode = %v, want %v", k, got, spans[k])
		}
	}
	r, err := readNeural(bufio.NewReader(bytes.NewReader(netBytes(t, n))))
	if err != nil {
		t.Fatalf("readNeural: %v", err)
	}
	if r.cfg.vec != V {
		t.Errorf("read back a network of vector width %d, want %d", r.cfg.vec, V)
	}
}

// tinyNeural is a network small enough to train in a test.
func tinyNeural() neuralConfig {
	return neuralConfig{bits: 12, dim: 16, hidden: 16, epochs: 100, lr: 0.01, decay: 1, featDrop: 0.1, drop: 0.1, ema: 0.9, seed: 3}
}

// netBytes returns n's saved form.
func netBytes(t *testing.T, n *neural) []byte {
	t.Helper()
	var b bytes.Buffer
	bw := bufio.NewWriter(&b)
	if err := n.save(bw); err != nil {
		t.Fatalf("save: %v", err)
	}
	bw.Flush()
	return b.Bytes()
}

// TestDecodeAllBatches checks that a document longer than one batch
// (batchTokens) gets, sentence by sentence, the labels each sentence gets
// alone: batching bounds memory without changing the output.
func TestDecodeAllBatches(t *testing.T) {
	words := []string{"Olaf/PROPN", "Scholz/PROPN", "visited/VERB", "Paris/PROPN", "with/ADP", "the/DET", "Red/PROPN", "Cross/PROPN", "and/CCONJ", "Maria/PROPN"}
	s := sentence(strings.Join(words, " "))
	c := make([]tokCtx, len(s.Tokens))
	contexts(c, s, nil, nil, nil)
	gold := goldLabels(len(c), []Span{{0, 2, "PERSON"}, {3, 4, typePlace}, {6, 8, "ORG"}, {9, 10, "PERSON"}})
	n, err := trainNeural(context.Background(), tinyNeural(), [][]tokCtx{c}, [][]int{gold}, []int{0}, io.Discard)
	if err != nil {
		t.Fatalf("trainNeural: %v", err)
	}
	var cs [][]tokCtx
	tokens := 0
	for k := 0; tokens <= 3*batchTokens; k++ {
		s := sentence(strings.Join(words[k%3:len(words)-k%4], " "))
		c := make([]tokCtx, len(s.Tokens))
		contexts(c, s, nil, nil, nil)
		cs = append(cs, c)
		tokens += len(c)
	}
	cs = append(cs, nil) // an empty sentence among them
	var w ensembleWork
	all := ensemble{n}.decodeAll(&w, cs)
	if len(all) != len(cs) {
		t.Fatalf("decodeAll returned %d labellings for %d sentences", len(all), len(cs))
	}
	labelled := 0
	for k := range cs {
		if alone := (ensemble{n}).decode(&w, cs[k]); !slices.Equal(all[k], alone) {
			t.Fatalf("sentence %d: labels %v in the document, %v alone", k, all[k], alone)
		}
		if len(spansOf(all[k])) > 0 {
			labelled++
		}
	}
	if labelled < len(cs)/2 {
		t.Errorf("names in %d of %d sentences: the comparison says little", labelled, len(cs))
	}
}
