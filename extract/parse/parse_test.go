package parse

import (
	"bytes"
	"fmt"
	"kg/internal/shared"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"kg/extract/tag"
	"kg/extract/ud"
)

// dataDir returns ../shared/data, or skips when it is absent.
func dataDir(t testing.TB) string {
	t.Helper()
	return filepath.Dir(filepath.Dir(shared.Path(t, "data", "ud-ewt", "en_ewt-ud-dev.conllu")))
}

func model(t testing.TB) *Model {
	t.Helper()
	m, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return m
}

// tagged builds a sentence from "form/UPOS/XPOS" items.
func tagged(items string) *ud.Sentence {
	s := &ud.Sentence{}
	for i, it := range strings.Fields(items) {
		f := strings.Split(it, "/")
		s.Tokens = append(s.Tokens, ud.Token{ID: i + 1, Form: f[0], UPOS: f[1], XPOS: f[2], Head: -1})
	}
	return s
}

func TestParseSentences(t *testing.T) {
	m := model(t)
	tests := []struct {
		name string
		in   string
		want []string // "dependent deprel head" for the arcs that must be present
	}{
		{"active transitive", "Vance/PROPN/NNP met/VERB/VBD Meloni/PROPN/NNP ./PUNCT/.",
			[]string{"Vance nsubj met", "met root ROOT", "Meloni obj met", ". punct met"}},
		{"passive with agent", "Meloni/PROPN/NNP was/AUX/VBD met/VERB/VBN by/ADP/IN Trump/PROPN/NNP ./PUNCT/.",
			[]string{"Meloni nsubj:pass met", "was aux:pass met", "Trump obl:agent met", "by case Trump"}},
		{"relative clause", "She/PRON/PRP met/VERB/VBD the/DET/DT man/NOUN/NN who/PRON/WP won/VERB/VBD the/DET/DT race/NOUN/NN ./PUNCT/.",
			[]string{"man obj met", "won acl:relcl man", "who nsubj won", "race obj won"}},
		{"possessive and control", "Putin/PROPN/NNP 's/PART/POS aide/NOUN/NN wants/VERB/VBZ to/PART/TO leave/VERB/VB ./PUNCT/.",
			[]string{"Putin nmod:poss aide", "aide nsubj wants", "leave xcomp wants"}},
		{"apposition", "Giorgia/PROPN/NNP Meloni/PROPN/NNP ,/PUNCT/, the/DET/DT Italian/ADJ/JJ prime/ADJ/JJ minister/NOUN/NN ,/PUNCT/, spoke/VERB/VBD ./PUNCT/.",
			[]string{"minister appos Giorgia", "Giorgia nsubj spoke"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tagged(tc.in)
			m.Parse(s)
			got := arcs(s)
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("Parse(%q): missing %q; got %q", tc.in, w, got)
				}
			}
		})
	}
}

func arcs(s *ud.Sentence) []string {
	var out []string
	for _, tk := range s.Tokens {
		h := "ROOT"
		if tk.Head > 0 {
			h = s.Tokens[tk.Head-1].Form
		}
		out = append(out, fmt.Sprintf("%s %s %s", tk.Form, tk.Deprel, h))
	}
	return out
}

// checkTree fails unless s is a single-rooted tree.
func checkTree(t *testing.T, s *ud.Sentence) {
	t.Helper()
	roots := 0
	for i, tk := range s.Tokens {
		if tk.Head < 0 || tk.Head > len(s.Tokens) || tk.Head == i+1 || tk.Deprel == "" {
			t.Fatalf("%q: token %d has head %d deprel %q", s.Words(), i+1, tk.Head, tk.Deprel)
		}
		if tk.Head == 0 {
			roots++
			if tk.Deprel != "root" {
				t.Errorf("%q: root token %d labelled %q", s.Words(), i+1, tk.Deprel)
			}
		}
	}
	if roots != 1 {
		t.Fatalf("%q: %d roots, want 1", s.Words(), roots)
	}
	heads := make([]int, len(s.Tokens)+1)
	for i, tk := range s.Tokens {
		heads[i+1] = tk.Head
	}
	if !acyclic(heads) {
		t.Fatalf("%q: heads %v contain a cycle", s.Words(), heads)
	}
}

func TestParseAlwaysTree(t *testing.T) {
	m := model(t)
	inputs := []string{
		"Hello/INTJ/UH",
		"./PUNCT/.",
		", , , ,",
		"and/CCONJ/CC or/CCONJ/CC but/CCONJ/CC",
		"the/DET/DT the/DET/DT the/DET/DT the/DET/DT the/DET/DT",
		"Yes/INTJ/UH ./PUNCT/. No/INTJ/UH !/PUNCT/. Maybe/ADV/RB ?/PUNCT/.",
		strings.Repeat("very/ADV/RB ", 200) + "big/ADJ/JJ",
	}
	for _, in := range inputs {
		s := tagged(strings.ReplaceAll(in, ",", ",/PUNCT/,"))
		m.Parse(s)
		checkTree(t, s)
	}
	m.Parse(&ud.Sentence{}) // empty: must not panic
}

func TestSaveReadRoundTrip(t *testing.T) {
	m := model(t)
	var a, b bytes.Buffer
	if err := m.Save(&a); err != nil {
		t.Fatal(err)
	}
	m2, err := Read(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if err := m2.Save(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("Save(Read(Save(m))) differs from Save(m): %d vs %d bytes", b.Len(), a.Len())
	}
	in := "Meloni/PROPN/NNP was/AUX/VBD met/VERB/VBN by/ADP/IN Trump/PROPN/NNP ./PUNCT/."
	s1, s2 := tagged(in), tagged(in)
	m.Parse(s1)
	m2.Parse(s2)
	if got, want := arcs(s2), arcs(s1); !slices.Equal(got, want) {
		t.Errorf("round-tripped model parses %q as %q, want %q", in, got, want)
	}
}

func TestReadRejectsMalformed(t *testing.T) {
	var good bytes.Buffer
	if err := model(t).Save(&good); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"not gzip", []byte("kgparse1 hello")},
		{"truncated", good.Bytes()[:good.Len()/2]},
	} {
		if _, err := Read(bytes.NewReader(tc.in)); err == nil {
			t.Errorf("Read(%s): got nil error", tc.name)
		}
	}
}

func devSubset(t testing.TB, n int) []*ud.Sentence {
	dev, err := ud.ReadFile(filepath.Join(dataDir(t), "ud-ewt", "en_ewt-ud-dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() && len(dev) > n {
		dev = dev[:n]
	}
	return dev
}

func TestAccuracyFloorEWTDev(t *testing.T) {
	dev := devSubset(t, 500)
	uas, las := Accuracy(model(t), dev)
	t.Logf("EWT dev (%d sentences, gold tags): UAS=%.2f LAS=%.2f", len(dev), uas, las)
	if uas < 88 || las < 85.5 {
		t.Errorf("EWT dev UAS=%.2f LAS=%.2f, want ≥ 88 and ≥ 85.5", uas, las)
	}
}

func TestAccuracyFloorEWTDevPredictedTags(t *testing.T) {
	dev := devSubset(t, 500)
	tagger, err := tag.Load()
	if err != nil {
		t.Fatalf("tag.Load: %v", err)
	}
	uas, las := Accuracy(model(t), Retag(tagger, dev))
	t.Logf("EWT dev (%d sentences, predicted tags): UAS=%.2f LAS=%.2f", len(dev), uas, las)
	if uas < 86.5 || las < 83 {
		t.Errorf("EWT dev with predicted tags UAS=%.2f LAS=%.2f, want ≥ 86.5 and ≥ 83", uas, las)
	}
}

// TestParseAllMatchesParse checks that sentences parsed together get the
// trees they get alone: batching changes the order of the arithmetic, not
// its result.
func TestParseAllMatchesParse(t *testing.T) {
	m := model(t)
	dev := devSubset(t, 200)
	if len(dev) > 300 {
		dev = dev[:300]
	}
	alone := make([]*ud.Sentence, len(dev))
	together := make([]*ud.Sentence, len(dev))
	for i, s := range dev {
		alone[i] = &ud.Sentence{Tokens: slices.Clone(s.Tokens)}
		together[i] = &ud.Sentence{Tokens: slices.Clone(s.Tokens)}
		m.Parse(alone[i])
	}
	together = append(together, &ud.Sentence{}) // an empty sentence among them
	m.ParseAll(together)
	for i := range alone {
		if got, want := arcs(together[i]), arcs(alone[i]); !slices.Equal(got, want) {
			t.Errorf("sentence %d parsed in a batch: %q, alone: %q", i, got, want)
		}
	}
}

func TestParseConcurrent(t *testing.T) {
	m := model(t)
	var gold []*ud.Sentence
	for _, in := range []string{
		"Vance/PROPN/NNP met/VERB/VBD Meloni/PROPN/NNP ./PUNCT/.",
		"Meloni/PROPN/NNP was/AUX/VBD met/VERB/VBN by/ADP/IN Trump/PROPN/NNP ./PUNCT/.",
		"The/DET/DT talks/NOUN/NNS in/ADP/IN Geneva/PROPN/NNP ended/VERB/VBD without/ADP/IN a/DET/DT deal/NOUN/NN ./PUNCT/.",
	} {
		s := tagged(in)
		m.Parse(s)
		gold = append(gold, s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				want := gold[i%len(gold)]
				s := &ud.Sentence{Tokens: slices.Clone(want.Tokens)}
				m.Parse(s)
				if !slices.Equal(arcs(s), arcs(want)) {
					errs <- fmt.Sprintf("concurrent parse %q, want %q", arcs(s), arcs(want))
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// BenchmarkParse measures the parser alone on the words of EWT dev with
// their gold tags, one goroutine.
func BenchmarkParse(b *testing.B) {
	m := model(b)
	dev := devSubset(b, 1<<30)
	tokens, bytesN := 0, 0
	for _, s := range dev {
		tokens += len(s.Tokens)
		for _, tk := range s.Tokens {
			bytesN += len(tk.Form) + 1
		}
	}
	work := make([]*ud.Sentence, len(dev))
	for i, s := range dev {
		work[i] = &ud.Sentence{Tokens: slices.Clone(s.Tokens)}
	}
	b.SetBytes(int64(bytesN))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// In chunks of 64 sentences, as the pipeline passes a document.
		for j := 0; j < len(work); j += 64 {
			m.ParseAll(work[j:min(j+64, len(work))])
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Read(bytes.NewReader(embedded)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPunctuationHeadsNothing checks the decoding constraint: no word takes a
// punctuation token as its head.
func TestPunctuationHeadsNothing(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tagger, err := tag.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"Scholz met Emmanuel Macron, the French president, in Berlin on Tuesday.",
		"The minister -- who resigned on Friday -- said: \"We will not return.\"",
		"Prices rose 3% (the fastest in a decade), officials said...",
	} {
		s := &ud.Sentence{}
		for i, f := range strings.Fields(strings.NewReplacer(",", " ,", ".", " .", ":", " :", "\"", " \" ", "(", "( ", ")", " )").Replace(text)) {
			s.Tokens = append(s.Tokens, ud.Token{ID: i + 1, Form: f, Head: -1})
		}
		tagger.Tag(s)
		m.Parse(s)
		for _, tok := range s.Tokens {
			if h := tok.Head; h > 0 && s.Tokens[h-1].UPOS == "PUNCT" {
				t.Errorf("%q: %q is attached to punctuation %q", text, tok.Form, s.Tokens[h-1].Form)
			}
		}
	}
}
