// Command wngen writes the WordNet name list that package gazetteer embeds
// (data/wordnet.tsv): every capitalised noun lemma of WordNet 3.0 that names
// a person, place, organisation, building, object, event or time, with the kind
// its lexicographer file and hypernyms give it.
//
// Usage, from the repository root, with Debian's wordnet-base installed:
//
//	go run ./extract/gazetteer/internal/wngen -dict /usr/share/wordnet > extract/gazetteer/data/wordnet.tsv
//
// The output is sorted, so the same WordNet gives the same bytes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"kg/extract/gazetteer/internal/wordnet"
)

func main() {
	dict := flag.String("dict", "/usr/share/wordnet", "WordNet 3.0 database `directory` (holding data.noun)")
	flag.Parse()
	f, err := os.Open(*dict + "/data.noun")
	if err != nil {
		fmt.Fprintln(os.Stderr, "wngen:", err)
		os.Exit(1)
	}
	defer f.Close()
	names, err := wordnet.Names(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wngen:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(w, "# Names from WordNet 3.0 (Princeton University; licence in WORDNET-LICENSE), made by")
	fmt.Fprintln(w, "# go run ./extract/gazetteer/internal/wngen. Columns: name, kinds (comma-separated).")
	for _, n := range names {
		fmt.Fprintf(w, "%s\t%s\n", n.Name, n.Kinds)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "wngen:", err)
		os.Exit(1)
	}
}
