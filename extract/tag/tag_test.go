package tag

import (
	"bytes"
	"compress/gzip"
	"context"
	"kg/internal/shared"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"kg/extract/ud"
)

// dataDir returns ../shared/data, or skips when it is absent.
func dataDir(t testing.TB) string {
	t.Helper()
	return filepath.Dir(filepath.Dir(shared.Path(t, "data", "ud-ewt", "en_ewt-ud-dev.conllu")))
}

func gzipBytes(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func loadModel(t testing.TB) *Model {
	t.Helper()
	m, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return m
}

func sentence(text string) *ud.Sentence {
	s := &ud.Sentence{}
	for i, w := range strings.Fields(text) {
		s.Tokens = append(s.Tokens, ud.Token{ID: i + 1, Form: w, Head: -1, Start: -1, End: -1})
	}
	return s
}

func field(s *ud.Sentence, get func(ud.Token) string) string {
	out := make([]string, len(s.Tokens))
	for i, t := range s.Tokens {
		out[i] = get(t)
	}
	return strings.Join(out, " ")
}

func TestTagSentences(t *testing.T) {
	m := loadModel(t)
	tests := []struct {
		name, text, upos, xpos, lemma string
	}{
		{
			name:  "proper names and a past-tense verb",
			text:  "Rubio warned Putin on Tuesday .",
			upos:  "PROPN VERB PROPN ADP PROPN PUNCT",
			xpos:  "NNP VBD NNP IN NNP .",
			lemma: "Rubio warn Putin on Tuesday .",
		},
		{
			// UD English EWT 2.15 tags "United" ADJ (XPOS NNP) and
			// "States" NNPS with lemma "State"; the tagger follows it.
			name:  "treebank convention for the United States",
			text:  "Rubio warned the United States .",
			upos:  "PROPN VERB DET ADJ PROPN PUNCT",
			xpos:  "NNP VBD DT NNP NNPS .",
			lemma: "Rubio warn the United State .",
		},
		{
			name:  "auxiliaries and a progressive verb",
			text:  "She has been running every morning .",
			upos:  "PRON AUX AUX VERB DET NOUN PUNCT",
			xpos:  "PRP VBZ VBN VBG DT NN .",
			lemma: "she have be run every morning .",
		},
		{
			name:  "irregular plurals and past tense",
			text:  "The children ate the mice .",
			upos:  "DET NOUN VERB DET NOUN PUNCT",
			xpos:  "DT NNS VBD DT NNS .",
			lemma: "the child eat the mouse .",
		},
		{
			name:  "infinitival to and a number",
			text:  "They want to buy 25 houses in Paris .",
			upos:  "PRON VERB PART VERB NUM NOUN ADP PROPN PUNCT",
			xpos:  "PRP VBP TO VB CD NNS IN NNP .",
			lemma: "they want to buy 25 house in Paris .",
		},
		{
			name:  "negation clitic",
			text:  "I do n't know .",
			upos:  "PRON AUX PART VERB PUNCT",
			xpos:  "PRP VBP RB VB .",
			lemma: "I do not know .",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := sentence(tc.text)
			m.Tag(s)
			if got := field(s, func(t ud.Token) string { return t.UPOS }); got != tc.upos {
				t.Errorf("UPOS of %q\n got %s\nwant %s", tc.text, got, tc.upos)
			}
			if got := field(s, func(t ud.Token) string { return t.XPOS }); got != tc.xpos {
				t.Errorf("XPOS of %q\n got %s\nwant %s", tc.text, got, tc.xpos)
			}
			if got := field(s, func(t ud.Token) string { return t.Lemma }); got != tc.lemma {
				t.Errorf("lemmas of %q\n got %s\nwant %s", tc.text, got, tc.lemma)
			}
			for _, tok := range s.Tokens {
				if tok.Feats == "" {
					t.Errorf("token %q has empty Feats, want a value or \"_\"", tok.Form)
				}
			}
		})
	}
}

func TestLemmaOfUnseenWords(t *testing.T) {
	m := loadModel(t)
	tests := []struct {
		form, xpos, upos, want string
	}{
		{"zorgified", "VBD", "VERB", "zorgify"},
		{"blickets", "NNS", "NOUN", "blicket"},
		{"Zanzibarians", "NNPS", "PROPN", "Zanzibarian"},
		{"Qwertyville", "NNP", "PROPN", "Qwertyville"},
		{"flimbering", "VBG", "VERB", "flimber"},
	}
	for _, tc := range tests {
		if got := m.lem.lemma(tc.form, tc.xpos, tc.upos); got != tc.want {
			t.Errorf("lemma(%q, %s) = %q, want %q", tc.form, tc.xpos, got, tc.want)
		}
	}
}

func TestTagEmptyAndOddInput(t *testing.T) {
	m := loadModel(t)
	for _, text := range []string{"", "\u00e9t\u00e9 \u65e5\u672c \U0001F600", "--- ... !!!", strings.Repeat("a ", 500)} {
		s := sentence(text)
		m.Tag(s)
		for _, tok := range s.Tokens {
			if tok.UPOS == "" || tok.XPOS == "" || tok.Lemma == "" {
				t.Errorf("Tag(%q): token %q got UPOS %q XPOS %q lemma %q, want all set", text, tok.Form, tok.UPOS, tok.XPOS, tok.Lemma)
			}
		}
	}
}

func TestAccuracyOnEWTDev(t *testing.T) {
	data := dataDir(t)
	m := loadModel(t)
	dev, err := ud.ReadFile(filepath.Join(data, "ud-ewt", "en_ewt-ud-dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	got := Evaluate(m, dev)
	t.Logf("EWT dev: %d tokens, UPOS %.2f XPOS %.2f lemma %.2f feats %.2f", got.Tokens, got.UPOS, got.XPOS, got.Lemma, got.Feats)
	floors := []struct {
		name       string
		got, floor float64
	}{
		{"UPOS", got.UPOS, 95.3},
		{"XPOS", got.XPOS, 94.5},
		{"lemma", got.Lemma, 97.0},
		{"feats", got.Feats, 91.8},
	}
	for _, f := range floors {
		if f.got < f.floor {
			t.Errorf("EWT dev %s accuracy %.2f, want >= %.2f", f.name, f.got, f.floor)
		}
	}
}

func TestConcurrentTagMatchesSequential(t *testing.T) {
	m := loadModel(t)
	texts := []string{
		"Rubio warned the United States .",
		"The talks in Geneva ended without an agreement on Tuesday .",
		"Officials said they would meet again next week .",
		"He ca n't believe what happened !",
	}
	want := make([]string, len(texts))
	for i, text := range texts {
		s := sentence(text)
		m.Tag(s)
		want[i] = field(s, func(t ud.Token) string { return t.XPOS + "/" + t.UPOS + "/" + t.Lemma })
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(texts)*50)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rep := 0; rep < 50; rep++ {
				for i, text := range texts {
					s := sentence(text)
					m.Tag(s)
					if got := field(s, func(t ud.Token) string { return t.XPOS + "/" + t.UPOS + "/" + t.Lemma }); got != want[i] {
						errs <- "concurrent Tag(" + text + ") = " + got + ", want " + want[i]
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
		break
	}
}

func TestSaveReadRoundTrip(t *testing.T) {
	m := loadModel(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatalf("Save: %v", err)
	}
	first := append([]byte(nil), buf.Bytes()...)
	m2, err := Read(&buf)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	var again bytes.Buffer
	if err := m2.Save(&again); err != nil {
		t.Fatalf("Save of the read model: %v", err)
	}
	if !bytes.Equal(first, again.Bytes()) {
		t.Errorf("Save after Read gives %d bytes differing from the first %d", again.Len(), len(first))
	}
	for _, text := range []string{
		"Rubio warned the United States .",
		"The unbelievably frobnicated widgets were shipped to Ulaanbaatar yesterday .",
	} {
		a, b := sentence(text), sentence(text)
		m.Tag(a)
		m2.Tag(b)
		for i := range a.Tokens {
			if a.Tokens[i] != b.Tokens[i] {
				t.Errorf("%q token %d: read model gives %+v, original %+v", text, i, b.Tokens[i], a.Tokens[i])
			}
		}
	}
}

func TestReadRejectsBadInput(t *testing.T) {
	var good bytes.Buffer
	if err := loadModel(t).Save(&good); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"not gzip", []byte("hello, world")},
		{"truncated", good.Bytes()[:good.Len()/2]},
		{"gzip of junk", gzipBytes(t, []byte(magic+"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"))},
	}
	for _, tc := range tests {
		if _, err := Read(bytes.NewReader(tc.in)); err == nil {
			t.Errorf("Read(%s) succeeded, want an error", tc.name)
		}
	}
}

func TestTrainIsDeterministic(t *testing.T) {
	data := dataDir(t)
	if testing.Short() {
		t.Skip("trains two small models")
	}
	all, err := ud.ReadFile(filepath.Join(data, "ud-ewt", "en_ewt-ud-train.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	train, dev := all[:600], all[600:700]
	save := func() []byte {
		var b bytes.Buffer
		if err := TrainSentences(train, dev, 2, nil).Save(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b := save(), save()
	if !bytes.Equal(a, b) {
		t.Errorf("two trainings on the same data gave different model files (%d and %d bytes)", len(a), len(b))
	}
	m, err := Read(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if got := Evaluate(m, dev); got.UPOS < 80 {
		t.Errorf("model trained on 600 sentences: dev UPOS %.2f, want >= 80", got.UPOS)
	}
}

func TestJackknifeTagsEverySentence(t *testing.T) {
	data := dataDir(t)
	if testing.Short() {
		t.Skip("trains three small models")
	}
	all, err := ud.ReadFile(filepath.Join(data, "ud-ewt", "en_ewt-ud-train.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	gold := all[:300]
	got, err := Jackknife(context.Background(), gold, 3, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(gold) {
		t.Fatalf("Jackknife returned %d sentences, want %d", len(got), len(gold))
	}
	same, total := 0, 0
	for i := range got {
		if got[i] == gold[i] || &got[i].Tokens[0] == &gold[i].Tokens[0] {
			t.Fatalf("sentence %d shares memory with the input", i)
		}
		for j, tok := range got[i].Tokens {
			if tok.Form != gold[i].Tokens[j].Form || tok.Head != gold[i].Tokens[j].Head {
				t.Fatalf("sentence %d token %d: form/head changed to %q/%d", i, j, tok.Form, tok.Head)
			}
			total++
			if tok.UPOS == gold[i].Tokens[j].UPOS {
				same++
			}
		}
	}
	if acc := 100 * float64(same) / float64(total); acc < 75 || acc > 99 {
		t.Errorf("jackknifed UPOS agree with gold on %.1f%% of tokens, want 75-99%% (held-out tags from small models)", acc)
	}
}

func BenchmarkTag(b *testing.B) {
	m := loadModel(b)
	var sents []*ud.Sentence
	if data := findData(); data != "" {
		dev, err := ud.ReadFile(filepath.Join(data, "ud-ewt", "en_ewt-ud-dev.conllu"))
		if err != nil {
			b.Fatal(err)
		}
		sents = dev
	} else {
		sents = []*ud.Sentence{sentence("Officials said the talks in Geneva would resume next week after a pause .")}
	}
	tokens, nbytes := 0, 0
	for _, s := range sents {
		tokens += len(s.Tokens)
		for _, t := range s.Tokens {
			nbytes += len(t.Form) + 1
		}
	}
	b.SetBytes(int64(nbytes))
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sents {
			m.Tag(s)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkLoad(b *testing.B) {
	b.SetBytes(int64(len(embedded)))
	for b.Loop() {
		if _, err := Read(bytes.NewReader(embedded)); err != nil {
			b.Fatal(err)
		}
	}
}

// findData is dataDir without skipping: benchmarks fall back to a
// built-in sentence.
func findData() string {
	return shared.Find("data")
}
