package relate

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"kg/extract/carb"
	"kg/extract/ud"
)

// WriteCaRB writes ts as lines of CaRB's tabbed system format
// (sentence, confidence, relation, arg1, arg2, …). Triples without a
// subject are left out: CaRB cannot credit them.
func WriteCaRB(w io.Writer, sentence string, ts []Triple) error {
	for _, e := range carbExtractions(sentence, ts) {
		if err := carb.Write(w, e); err != nil {
			return err
		}
	}
	return nil
}

func carbExtractions(sentence string, ts []Triple) []carb.Extraction {
	var out []carb.Extraction
	for _, t := range ts {
		if t.Arg1 == "" || t.Rel == "" {
			continue
		}
		args := append([]string{t.Arg1}, t.Args...)
		out = append(out, carb.Extraction{Sentence: sentence, Confidence: t.Confidence, Rel: t.Rel, Args: args})
	}
	return out
}

// EvalCaRB scores Triples on the CaRB dev set. dataDir is the shared data
// folder (holding carb/) or the carb folder itself; parse turns one
// pre-tokenized CaRB sentence (tokens separated by single spaces) into a
// tagged and parsed sentence, or nil to skip it.
func EvalCaRB(dataDir string, parse func(sentence string) *ud.Sentence) (carb.Result, error) {
	dir := dataDir
	if _, err := os.Stat(filepath.Join(dir, "data_dev.txt")); err != nil {
		dir = filepath.Join(dataDir, "carb")
	}
	gf, err := os.Open(filepath.Join(dir, "data_gold_dev.tsv"))
	if err != nil {
		return carb.Result{}, fmt.Errorf("carb eval: %w", err)
	}
	defer gf.Close()
	gold, err := carb.ReadGold(gf)
	if err != nil {
		return carb.Result{}, fmt.Errorf("carb eval: %w", err)
	}
	sf, err := os.Open(filepath.Join(dir, "data_dev.txt"))
	if err != nil {
		return carb.Result{}, fmt.Errorf("carb eval: %w", err)
	}
	defer sf.Close()
	var sys []carb.Extraction
	sc := bufio.NewScanner(sf)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		s := parse(line)
		if s == nil {
			continue
		}
		sys = append(sys, carbExtractions(line, Triples(s))...)
	}
	if err := sc.Err(); err != nil {
		return carb.Result{}, fmt.Errorf("carb eval: %w", err)
	}
	return carb.Score(gold, sys), nil
}
