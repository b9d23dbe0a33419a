// Package corpus reads what the truecase lexicon learns from: the words of
// the training corpora, sentence by sentence, and the names of the
// gazetteers. The generator and the test that checks the committed lexicon
// is reproducible share it.
package corpus

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"kg/extract/gazetteer"
	"kg/extract/internal/gum"
	"kg/extract/segment"
	"kg/extract/ud"
)

// Comment is the header written into the lexicon: its sources and licences.
const Comment = `kg truecase lexicon: the usual form of each word and multi-word name, one a line.
Made by go generate in extract/truecase (internal/lexgen) from UD English EWT train (CC BY-SA 4.0),
GUM training documents (CC BY / BY-SA), CrossNER politics train (MIT; Wikipedia text, CC BY-SA),
Wikigold outside its held-out fifth (CC BY 4.0), and the names of extract/gazetteer: countries,
places and organisations (hand-written), football clubs (openfootball, CC0 1.0), SEC-listed
companies (public domain) and WordNet 3.0 names of people, places and organisations (WordNet licence).`

// wikigoldHeldOut matches the recogniser's: every fifth Wikigold article,
// counting from 0, is held out for evaluation and not read here.
const wikigoldHeldOut = 5

// Sentences returns the token forms of every training sentence under
// dataDir: UD EWT train, GUM's training documents, CrossNER politics train
// and Wikigold's training articles. No evaluation split is read.
func Sentences(dataDir string) ([][]string, error) {
	var out [][]string
	add := func(sents []*ud.Sentence) {
		for _, s := range sents {
			out = append(out, s.Words())
		}
	}
	ewt, err := ud.ReadFile(filepath.Join(dataDir, "ud-ewt", "en_ewt-ud-train.conllu"))
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	add(ewt)
	files, err := gum.Files(dataDir, false)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	for _, f := range files {
		s, err := ud.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		add(s)
	}
	cross, err := readCoNLL(filepath.Join(dataDir, "crossner-politics", "train.txt"))
	if err != nil {
		return nil, err
	}
	for _, d := range cross {
		out = append(out, d...)
	}
	wiki, err := readCoNLL(filepath.Join(dataDir, "wikigold", "wikigold.conll.txt"))
	if err != nil {
		return nil, err
	}
	for i, d := range wiki {
		if i%wikigoldHeldOut != 0 {
			out = append(out, d...)
		}
	}
	return out, nil
}

// readCoNLL reads the tokens of a two-column CoNLL file into documents of
// sentences, split at "-DOCSTART-" lines, as the recogniser's reader does
// (so that the held-out articles are the same).
func readCoNLL(path string) ([][][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	defer f.Close()
	var docs [][][]string
	var cur []string
	flush := func() {
		if cur == nil {
			return
		}
		if len(docs) == 0 {
			docs = append(docs, nil)
		}
		docs[len(docs)-1] = append(docs[len(docs)-1], cur)
		cur = nil
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0:
			flush()
		case fields[0] == "-DOCSTART-":
			flush()
			if len(docs) == 0 || len(docs[len(docs)-1]) > 0 {
				docs = append(docs, nil)
			}
		default:
			cur = append(cur, fields[0])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("corpus: %s: %w", path, err)
	}
	flush()
	if len(docs) > 0 && len(docs[len(docs)-1]) == 0 {
		docs = docs[:len(docs)-1]
	}
	return docs, nil
}

// Names returns the gazetteer's names, each split into tokens as the
// segmenter splits running text: the places and organisations the
// gazetteer package holds, and from gazDir the football clubs and
// companies (first and last columns: name and aliases) and the WordNet
// names of people, places and organisations.
func Names(gazDir string) ([][]string, error) {
	var raw []string
	for _, p := range gazetteer.Places() {
		raw = append(raw, p.Name, p.Capital)
		raw = append(raw, p.Aliases...)
	}
	for _, o := range gazetteer.Orgs() {
		raw = append(raw, o.Name)
		raw = append(raw, o.Aliases...)
	}
	for _, file := range []string{"clubs.tsv", "companies.tsv"} {
		rows, err := readTSV(filepath.Join(gazDir, file))
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			raw = append(raw, r[0])
			if len(r) >= 3 {
				raw = append(raw, strings.Split(r[len(r)-1], ";")...)
			}
		}
	}
	rows, err := readTSV(filepath.Join(gazDir, "wordnet.tsv"))
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if len(r) < 2 {
			continue
		}
		for _, k := range strings.Split(r[1], ",") {
			if k == "person" || k == "location" || k == "city" || k == "country" || k == "org" {
				raw = append(raw, r[0])
				break
			}
		}
	}
	var out [][]string
	for _, n := range raw {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		var toks []string
		for _, s := range segment.Split(n) {
			toks = append(toks, s.Words()...)
		}
		out = append(out, toks)
	}
	return out, nil
}

// readTSV reads the rows of a tab-separated file, skipping comment lines.
func readTSV(path string) ([][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	var rows [][]string
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows, nil
}
