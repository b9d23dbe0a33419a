// Command lexgen makes the truecase lexicon (extract/truecase/data/
// lexicon.txt.gz) from the training corpora in the shared data folder and
// the gazetteer's tables. Run it with go generate in extract/truecase.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"kg/extract/truecase"
	"kg/extract/truecase/internal/corpus"
)

func main() {
	data := flag.String("data", "../../../shared/data", "shared data folder (ud-ewt, gum, crossner-politics, wikigold)")
	gaz := flag.String("gazetteer", "../gazetteer/data", "gazetteer data folder (clubs.tsv, companies.tsv, wordnet.tsv)")
	out := flag.String("out", "data/lexicon.txt.gz", "lexicon file to write")
	flag.Parse()
	if err := run(*data, *gaz, *out); err != nil {
		fmt.Fprintln(os.Stderr, "lexgen:", err)
		os.Exit(1)
	}
}

func run(data, gaz, out string) error {
	sents, err := corpus.Sentences(data)
	if err != nil {
		return err
	}
	names, err := corpus.Names(gaz)
	if err != nil {
		return err
	}
	lex := truecase.Train(sents, names)
	var buf bytes.Buffer
	if err := lex.Write(&buf, corpus.Comment); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	w, p := lex.Len()
	fmt.Fprintf(os.Stderr, "lexgen: %d sentences, %d names: %d words, %d phrases, %d bytes to %s\n", len(sents), len(names), w, p, buf.Len(), out)
	return nil
}
