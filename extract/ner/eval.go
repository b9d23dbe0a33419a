package ner

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"text/tabwriter"

	"kg/extract/ud"
	kgscore "kg/internal/score"
)

// Counts are exact-match span counts for one entity class.
type Counts = kgscore.Counts

// Scores are the results of an evaluation: counts per entity class and
// micro-averaged over the classes.
type Scores struct {
	Name   string            // what was evaluated, e.g. "GUM dev"
	Types  map[string]Counts // per evaluation class
	Micro  Counts
	Tokens int // tokens in the evaluated sentences
}

// Write prints the scores as an aligned table: precision, recall, F1 and
// counts per class in name order, then the micro average.
func (s Scores) Write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tP\tR\tF1\tgold\tpredicted\t\n", s.Name)
	names := make([]string, 0, len(s.Types))
	for n := range s.Types {
		names = append(names, n)
	}
	sort.Strings(names)
	line := func(name string, c Counts) {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%d\t%d\t\n", name, c.Precision(), c.Recall(), c.F1(), c.TP+c.FN, c.TP+c.FP)
	}
	for _, n := range names {
		line(n, s.Types[n])
	}
	line("micro", s.Micro)
	return tw.Flush()
}

// Evaluation classes: the type of a gold or predicted span maps to the class
// it is scored as; spans of unmapped types (NORP) are ignored on both sides.
var (
	// gumTypes scores GUM's person, organization and place.
	gumTypes = map[string]string{"PERSON": "PERSON", "ORG": "ORG", typePlace: "PLACE", "GPE": "PLACE", "LOC": "PLACE"}
	// unerTypes scores UniversalNER's PER, ORG and LOC.
	unerTypes = map[string]string{"PERSON": "PER", "ORG": "ORG", typePlace: "LOC", "GPE": "LOC", "LOC": "LOC"}
)

// Evaluate runs m on the sentences and scores its spans against gold
// (gold[i] belongs to sents[i]) by exact span match. Consecutive sentences
// with the same DocID are recognised as one document (RecognizeDocument). classes maps span types
// to evaluation classes; types it does not map are ignored.
func Evaluate(m *Model, sents []*ud.Sentence, gold [][]Span, classes map[string]string) Scores {
	s := score(gold, recognizeAll(m, sents), classes)
	for _, sent := range sents {
		s.Tokens += len(sent.Tokens)
	}
	return s
}

// recognizeAll recognises sents, consecutive sentences of one document
// (by DocID) together.
func recognizeAll(m *Model, sents []*ud.Sentence) [][]Span {
	found := make([][]Span, len(sents))
	for i := 0; i < len(sents); {
		j := i + 1
		for j < len(sents) && sents[i].DocID != "" && sents[j].DocID == sents[i].DocID {
			j++
		}
		copy(found[i:j], m.RecognizeDocument(sents[i:j]))
		i = j
	}
	return found
}

// score counts exact span matches between gold[i] and found[i], the spans
// of one sentence, by the evaluation class classes maps their types to.
func score(gold, found [][]Span, classes map[string]string) Scores {
	s := Scores{Types: map[string]Counts{}}
	for _, c := range classes {
		s.Types[c] = Counts{}
	}
	type key struct {
		start, end int
		class      string
	}
	for i := range gold {
		want := map[key]bool{}
		for _, sp := range gold[i] {
			if c, ok := classes[sp.Type]; ok {
				want[key{sp.Start, sp.End, c}] = true
			}
		}
		got := map[key]bool{}
		for _, sp := range found[i] {
			if c, ok := classes[sp.Type]; ok {
				got[key{sp.Start, sp.End, c}] = true
			}
		}
		for k := range got {
			c := s.Types[k.class]
			if want[k] {
				c.TP++
			} else {
				c.FP++
			}
			s.Types[k.class] = c
		}
		for k := range want {
			if !got[k] {
				c := s.Types[k.class]
				c.FN++
				s.Types[k.class] = c
			}
		}
	}
	for _, c := range s.Types {
		s.Micro.TP += c.TP
		s.Micro.FP += c.FP
		s.Micro.FN += c.FN
	}
	return s
}

// annotateAll tags and parses the sentences of exs as the pipeline does.
func annotateAll(exs []example) error {
	prep, err := annotator()
	if err != nil {
		return err
	}
	for _, ex := range exs {
		prep(ex.sent)
	}
	return nil
}

// evaluate scores m on exs; predictions overlapping an example's skip
// spans are not scored.
func evaluate(m *Model, exs []example, classes map[string]string) Scores {
	sents := make([]*ud.Sentence, len(exs))
	gold := make([][]Span, len(exs))
	for i, ex := range exs {
		sents[i], gold[i] = ex.sent, ex.spans
	}
	found := recognizeAll(m, sents)
	for i, ex := range exs {
		found[i] = unscored(found[i], ex.skip)
	}
	s := score(gold, found, classes)
	for _, sent := range sents {
		s.Tokens += len(sent.Tokens)
	}
	return s
}

// EvalGUM scores m on the named PERSON, ORG and PLACE (GPE or LOC) mentions
// of the GUM dev documents under dataDir/gum. As in the pipeline, the
// sentences are tagged and parsed by packages tag and parse and recognised a
// document at a time; the gold annotation only decides which mentions are
// names.
func EvalGUM(m *Model, dataDir string) (Scores, error) {
	dev, err := readGUM(dataDir, true)
	if err != nil {
		return Scores{}, err
	}
	if err := annotateAll(dev); err != nil {
		return Scores{}, err
	}
	s := evaluate(m, dev, gumTypes)
	s.Name = "GUM dev"
	return s, nil
}

// EvalUNER scores m on UniversalNER English EWT test (PER, ORG, LOC; GPE and
// LOC both count as LOC), with the sentences tagged and parsed as in the
// pipeline and recognised a document at a time.
func EvalUNER(m *Model, dataDir string) (Scores, error) {
	test, err := readUNER(filepath.Join(dataDir, "uner-ewt", "en_ewt-ud-test.iob2"), "")
	if err != nil {
		return Scores{}, err
	}
	if err := annotateAll(test); err != nil {
		return Scores{}, err
	}
	s := evaluate(m, test, unerTypes)
	s.Name = "UNER EWT test"
	return s, nil
}

// CrossValidate estimates accuracy on unseen documents from the training
// data alone: the documents of the named corpora (see DefaultCorpora) are
// split into k folds by document, and each fold is recognised by a model
// trained on the others. GUM dev is too small to tell two similar models
// apart — one recurring name can move its F1 by two points — so design
// decisions are checked here too. It returns the pooled scores of each
// corpus, in the order given: GUM's as person, organisation and place, the
// others' as PER, ORG and LOC.
func CrossValidate(ctx context.Context, dataDir string, corpora []string, k int, log io.Writer) ([]Scores, error) {
	if log == nil {
		log = io.Discard
	}
	data, err := trainingData(dataDir, corpora)
	if err != nil {
		return nil, err
	}
	if err := annotateAll(data); err != nil {
		return nil, err
	}
	ewt, err := ud.ReadFile(filepath.Join(dataDir, "ud-ewt", "en_ewt-ud-train.conllu"))
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	gold := map[string][][]Span{}
	found := map[string][][]Span{}
	docs := documents(data)
	for f := 0; f < k; f++ {
		var train, held []example
		for d, doc := range docs {
			for _, i := range doc {
				if d%k == f {
					held = append(held, data[i])
				} else {
					train = append(train, data[i])
				}
			}
		}
		m, err := fit(ctx, train, ewt, io.Discard, func(*Model) string { return "" })
		if err != nil {
			return nil, err
		}
		for _, hd := range documents(held) {
			sents := make([]*ud.Sentence, len(hd))
			for j, i := range hd {
				sents[j] = held[i].sent
			}
			spans := m.RecognizeDocument(sents)
			for j, i := range hd {
				c := held[i].corpus
				gold[c] = append(gold[c], held[i].spans)
				found[c] = append(found[c], unscored(spans[j], held[i].skip))
			}
		}
		fmt.Fprintf(log, "ner: cross-validation fold %d/%d done\n", f+1, k)
	}
	var out []Scores
	for _, c := range corpora {
		classes := unerTypes
		if c == CorpusGUM {
			classes = gumTypes
		}
		s := score(gold[c], found[c], classes)
		s.Name = fmt.Sprintf("%s, %d-fold", corpusTitle[c], k)
		out = append(out, s)
	}
	return out, nil
}

// corpusTitle names the training part of each corpus in score tables.
var corpusTitle = map[string]string{
	CorpusGUM:      "GUM train",
	CorpusUNER:     "UNER EWT dev",
	CorpusCrossNER: "CrossNER politics train",
	CorpusWikigold: "Wikigold train",
}
