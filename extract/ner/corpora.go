package ner

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"kg/extract/ud"
)

// The corpora the recogniser trains and is scored on, by the names
// TrainOn and CrossValidate take.
const (
	// CorpusGUM is GUM's documents outside the dev split (person,
	// organization, place).
	CorpusGUM = "gum"
	// CorpusUNER is UniversalNER English EWT dev (PER, ORG, LOC).
	CorpusUNER = "uner"
	// CorpusCrossNER is CrossNER politics train (Wikipedia sentences):
	// person and politician are PERSON, politicalparty and organisation
	// ORG, country and location places; election, event and misc are not
	// names kg recognises.
	CorpusCrossNER = "crossner"
	// CorpusWikigold is Wikigold's Wikipedia articles outside the held-out
	// fifth (PER, ORG, LOC; MISC is not a kg type).
	CorpusWikigold = "wikigold"
)

// DefaultCorpora returns the corpora Train learns from. Each was kept
// because it raised the scores on the evaluation sets not drawn from it
// (see the README's table).
func DefaultCorpora() []string {
	return []string{CorpusGUM, CorpusUNER, CorpusCrossNER, CorpusWikigold}
}

// wikigoldHeldOut is every how-many-th Wikigold article (counting from 0)
// that is held out for evaluation: Wikigold has no split of its own, so a
// fixed fifth of its articles is its dev set.
const wikigoldHeldOut = 5

// readCorpus reads one training corpus by name.
func readCorpus(dataDir, name string) ([]example, error) {
	switch name {
	case CorpusGUM:
		return readGUM(dataDir, false)
	case CorpusUNER:
		return readUNER(filepath.Join(dataDir, "uner-ewt", "en_ewt-ud-dev.iob2"),
			filepath.Join(dataDir, "ud-ewt", "en_ewt-ud-dev.conllu"))
	case CorpusCrossNER:
		return readCrossNER(dataDir, "train")
	case CorpusWikigold:
		return readWikigold(dataDir, false)
	}
	return nil, fmt.Errorf("ner: unknown corpus %q (want one of %s, %s, %s, %s)", name, CorpusGUM, CorpusUNER, CorpusCrossNER, CorpusWikigold)
}

// crossNERTypes maps CrossNER politics types to the model's; types it
// lacks are not scored or learnt as names.
var crossNERTypes = map[string]string{
	"person": "PERSON", "politician": "PERSON",
	"politicalparty": "ORG", "organisation": "ORG",
	"country": typePlace, "location": typePlace,
}

// conllTypes maps CoNLL 2003 types (Wikigold) to the model's.
var conllTypes = map[string]string{"PER": "PERSON", "ORG": "ORG", "LOC": typePlace}

// readCrossNER reads one split (train, dev, test) of CrossNER politics.
// Its sentences stand alone: the corpus keeps no document boundaries.
func readCrossNER(dataDir, split string) ([]example, error) {
	path := filepath.Join(dataDir, "crossner-politics", split+".txt")
	docs, err := readCoNLL(path, crossNERTypes)
	if err != nil {
		return nil, err
	}
	var out []example
	for _, d := range docs {
		for _, ex := range d {
			ex.corpus = CorpusCrossNER
			out = append(out, ex)
		}
	}
	return out, nil
}

// readWikigold reads the Wikigold articles held out for evaluation when
// heldOut is true, else the others. Each article is one document.
func readWikigold(dataDir string, heldOut bool) ([]example, error) {
	docs, err := readCoNLL(filepath.Join(dataDir, "wikigold", "wikigold.conll.txt"), conllTypes)
	if err != nil {
		return nil, err
	}
	var out []example
	for d, doc := range docs {
		if (d%wikigoldHeldOut == 0) != heldOut {
			continue
		}
		for _, ex := range doc {
			ex.corpus = CorpusWikigold
			ex.sent.DocID = fmt.Sprintf("wikigold-%03d", d)
			out = append(out, ex)
		}
	}
	return out, nil
}

// readCoNLL reads a two-column CoNLL file (token, IOB label; tab or space
// separated; blank lines between sentences; "-DOCSTART-" lines between
// documents) into documents of examples. types maps the file's entity
// types to the model's; spans of other types become the example's skip
// spans, which evaluation does not score.
func readCoNLL(path string, types map[string]string) ([][]example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	defer f.Close()
	var docs [][]example
	var cur *ud.Sentence
	var labels []string
	flush := func() {
		if cur == nil {
			return
		}
		ex := example{sent: cur}
		for _, sp := range iobRaw(labels) {
			if t, ok := types[sp.Type]; ok {
				sp.Type = t
				ex.spans = append(ex.spans, sp)
			} else {
				ex.skip = append(ex.skip, sp)
			}
		}
		if len(docs) == 0 {
			docs = append(docs, nil)
		}
		docs[len(docs)-1] = append(docs[len(docs)-1], ex)
		cur, labels = nil, nil
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			flush()
			continue
		}
		if len(fields) != 2 {
			return nil, fmt.Errorf("ner: %s:%d: want two columns, token and label, got %d", path, line, len(fields))
		}
		if fields[0] == "-DOCSTART-" {
			flush()
			if len(docs) == 0 || len(docs[len(docs)-1]) > 0 {
				docs = append(docs, nil)
			}
			continue
		}
		if cur == nil {
			cur = &ud.Sentence{Start: -1, End: -1}
		}
		cur.Tokens = append(cur.Tokens, ud.Token{ID: len(cur.Tokens) + 1, Form: fields[0], Head: -1, Misc: "_", Start: -1, End: -1})
		labels = append(labels, fields[1])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ner: %s: %w", path, err)
	}
	flush()
	if len(docs) > 0 && len(docs[len(docs)-1]) == 0 {
		docs = docs[:len(docs)-1]
	}
	return docs, nil
}

// EvalCrossNER scores m on CrossNER politics test (PER, ORG, LOC, from
// person and politician, politicalparty and organisation, country and
// location). A predicted span overlapping an election, event or misc name
// is not scored ("United States" in "2016 United States presidential
// election"), since those types are not kg's.
func EvalCrossNER(m *Model, dataDir string) (Scores, error) {
	return evalCorpus(m, dataDir, "CrossNER politics test", func() ([]example, error) { return readCrossNER(dataDir, "test") })
}

// EvalCrossNERDev scores m on CrossNER politics dev, the split kept for
// error analysis: rules are written from its errors (and checked by
// cross-validation), never from the test split's.
func EvalCrossNERDev(m *Model, dataDir string) (Scores, error) {
	return evalCorpus(m, dataDir, "CrossNER politics dev", func() ([]example, error) { return readCrossNER(dataDir, "dev") })
}

// EvalWikigold scores m on the Wikigold articles held out from training
// (every fifth, 29 of 145; PER, ORG, LOC). As with CrossNER, a predicted
// span overlapping a MISC name is not scored.
func EvalWikigold(m *Model, dataDir string) (Scores, error) {
	return evalCorpus(m, dataDir, "Wikigold held-out", func() ([]example, error) { return readWikigold(dataDir, true) })
}

func evalCorpus(m *Model, dataDir, name string, read func() ([]example, error)) (Scores, error) {
	exs, err := read()
	if err != nil {
		return Scores{}, err
	}
	if err := annotateAll(exs); err != nil {
		return Scores{}, err
	}
	s := evaluate(m, exs, unerTypes)
	s.Name = name
	return s, nil
}

// unscored drops the spans that overlap one of skip's.
func unscored(found, skip []Span) []Span {
	if len(skip) == 0 {
		return found
	}
	var out []Span
next:
	for _, f := range found {
		for _, s := range skip {
			if f.Start < s.End && s.Start < f.End {
				continue next
			}
		}
		out = append(out, f)
	}
	return out
}
