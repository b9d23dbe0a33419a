package truecase

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"
)

//go:generate go run ./internal/lexgen -data ../../../shared/data -gazetteer ../gazetteer/data -out data/lexicon.txt.gz

// Lexicon is the usual casing of words and of multi-word names, keyed by
// their lower-case form. It is read-only once made, so one Lexicon serves
// any number of goroutines.
type Lexicon struct {
	words   map[string]string // "nairobi" → "Nairobi", "nato" → "NATO", "police" → "police"
	phrases map[string]string // "new york" → "New York", "real madrid" → "Real Madrid"

	// suffixes counts, by their last two to four letters, the words of
	// five letters or more and those of them written with a capital:
	// an unknown word takes the more common casing of its ending
	// ("-ation" words are common nouns, "-enko" words names).
	suffixes map[string]suffixCount
}

// suffixCount counts the words of one ending.
type suffixCount struct{ all, capital int }

// Suffix model limits: endings of minSuffix to maxSuffix letters, known
// from at least minSuffixWords words.
const (
	minSuffix      = 2
	maxSuffix      = 4
	minSuffixWords = 30
)

// index counts the words by ending for capitalizedEnding.
func (l *Lexicon) index() {
	l.suffixes = map[string]suffixCount{}
	for k, f := range l.words {
		if len(k) < 5 || !isASCIILower(k) {
			continue
		}
		for n := minSuffix; n <= maxSuffix; n++ {
			c := l.suffixes[k[len(k)-n:]]
			c.all++
			if f != k {
				c.capital++
			}
			l.suffixes[k[len(k)-n:]] = c
		}
	}
}

// capitalizedEnding reports whether most words ending as the lower-case
// word w does are written with a capital; with too few such words, it
// reports true, since a word no corpus shows is most often a name.
func (l *Lexicon) capitalizedEnding(w string) bool {
	if !isASCIILower(w) {
		return true
	}
	for n := min(maxSuffix, len(w)-1); n >= minSuffix; n-- {
		if c := l.suffixes[w[len(w)-n:]]; c.all >= minSuffixWords {
			return 2*c.capital > c.all
		}
	}
	return true
}

func isASCIILower(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

//go:embed data/lexicon.txt.gz
var embedded []byte

var loadEmbedded = sync.OnceValues(func() (*Lexicon, error) {
	return Read(bytes.NewReader(embedded))
})

// Load returns the lexicon embedded in the binary (data/lexicon.txt.gz,
// made by go generate from the training corpora and the gazetteers). It
// is decoded once per process; later calls share it.
func Load() (*Lexicon, error) { return loadEmbedded() }

// Len returns the number of words and of phrases in l.
func (l *Lexicon) Len() (words, phrases int) { return len(l.words), len(l.phrases) }

// Read reads a lexicon as Write writes it.
func Read(r io.Reader) (*Lexicon, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("truecase: reading lexicon: %w", err)
	}
	l := &Lexicon{words: map[string]string{}, phrases: map[string]string{}}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.Contains(line, " ") {
			l.phrases[lower(line)] = line
		} else {
			l.words[lower(line)] = line
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("truecase: reading lexicon: %w", err)
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("truecase: reading lexicon: %w", err)
	}
	l.index()
	return l, nil
}

// Write writes l gzip-compressed, one form a line (a phrase's words joined
// by spaces), sorted, after a comment line saying what made it. The same
// lexicon gives the same bytes.
func (l *Lexicon) Write(w io.Writer, comment string) error {
	lines := make([]string, 0, len(l.words)+len(l.phrases))
	for _, f := range l.words {
		lines = append(lines, f)
	}
	for _, f := range l.phrases {
		lines = append(lines, f)
	}
	slices.Sort(lines)
	zw := gzip.NewWriter(w)
	bw := bufio.NewWriter(zw)
	for _, c := range strings.Split(comment, "\n") {
		fmt.Fprintf(bw, "# %s\n", c)
	}
	for _, f := range lines {
		bw.WriteString(f)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("truecase: writing lexicon: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("truecase: writing lexicon: %w", err)
	}
	return nil
}

// Train learns a lexicon from tokenised sentences of mixed-case text and
// from names of a gazetteer, each a list of tokens.
//
// A word takes its most frequent form outside a sentence's first word (a
// tie goes to lower case); a word seen only first takes lower case, since
// such words are mostly function words ("However"). Sentences in capitals
// or in title case (headings) are skipped. A gazetteer name of one word
// adds its form only for words the sentences never show. A run of
// capitalised words ("New York", "Bank of England") becomes a phrase when
// most of the sentences' occurrences of its words in that order are so
// written (a gazetteer name counts as one such occurrence) and its words
// alone would be recased otherwise.
func Train(sents [][]string, names [][]string) *Lexicon {
	var usable [][]string
	for _, s := range sents {
		if !upperForms(s) && !titleForms(s) {
			usable = append(usable, s)
		}
	}
	// A word is counted apart from the multi-word names it stands in
	// ("States" in "United States"), which become phrases; a word seen only
	// inside them takes their form ("York").
	counts := map[string]map[string]int{}
	inRuns := map[string]map[string]int{}
	seen := map[string]bool{}
	count := func(c map[string]map[string]int, lk, f string) {
		m := c[lk]
		if m == nil {
			m = map[string]int{}
			c[lk] = m
		}
		m[f]++
	}
	for _, s := range usable {
		start := firstWord(s)
		inRun := make([]bool, len(s))
		for _, r := range capitalRuns(s, start, func(string) bool { return true }) {
			if r[1]-r[0] >= 2 {
				for k := r[0]; k < r[1]; k++ {
					inRun[k] = true
				}
			}
		}
		for k, f := range s {
			if !hasLetter(f) || strings.ContainsAny(f, " \n") {
				continue
			}
			lk := lower(f)
			switch {
			case k == start && !isAllCaps(f) && f != lk:
				seen[lk] = true
			case inRun[k]:
				count(inRuns, lk, f)
			default:
				count(counts, lk, f)
			}
		}
	}
	for lk, m := range inRuns {
		if counts[lk] == nil {
			counts[lk] = m
		}
	}
	l := &Lexicon{words: map[string]string{}, phrases: map[string]string{}}
	for lk, m := range counts {
		best, n := "", 0
		for f, c := range m {
			if c > n || c == n && (f == lk || best != lk && f < best) {
				best, n = f, c
			}
		}
		l.words[lk] = best
	}
	// A capitalised form seen once or twice of a word that inflects a
	// lower-case one is a heading's ("Sells"), not a name's.
	// Decided on the words as counted, then applied: deciding one word
	// must not change another's decision, whatever the map's order.
	var lowered []string
	for lk, m := range counts {
		n := 0
		for _, c := range m {
			n += c
		}
		if f := l.words[lk]; f != lk && n <= 2 && l.inflected(lk) {
			lowered = append(lowered, lk)
		}
	}
	for _, lk := range lowered {
		l.words[lk] = lk
	}
	for lk := range seen {
		if _, ok := l.words[lk]; !ok {
			l.words[lk] = lk
		}
	}
	for _, n := range names {
		if len(n) != 1 || !hasLetter(n[0]) || strings.ContainsAny(n[0], " \n") {
			continue
		}
		// "Sells" (a WordNet surname) must not capitalise "sells".
		if _, ok := l.words[lower(n[0])]; !ok && n[0] != lower(n[0]) && !l.inflected(lower(n[0])) {
			l.words[lower(n[0])] = n[0]
		}
	}

	cased := map[string]map[string]int{}
	vote := func(forms []string) {
		k := key(forms)
		m := cased[k]
		if m == nil {
			m = map[string]int{}
			cased[k] = m
		}
		m[strings.Join(forms, " ")]++
	}
	for _, s := range usable {
		for _, r := range capitalRuns(s, firstWord(s), l.isLowerWord) {
			if n := r[1] - r[0]; n >= 2 && n <= maxPhrase {
				vote(s[r[0]:r[1]])
			}
		}
	}
	for _, n := range names {
		if len(n) >= 2 && len(n) <= maxPhrase && nameCased(n[0]) && nameCased(n[len(n)-1]) && !slices.ContainsFunc(n, func(w string) bool { return strings.ContainsAny(w, " \n") }) {
			vote(n)
		}
	}
	total := map[string]int{}
	for _, s := range usable {
		for n := 2; n <= maxPhrase; n++ {
			for a := 0; a+n <= len(s); a++ {
				if k := key(s[a : a+n]); cased[k] != nil {
					total[k]++
				}
			}
		}
	}
	for k, m := range cased {
		best, n, votes := "", 0, 0
		for f, c := range m {
			votes += c
			if c > n || c == n && f < best {
				best, n = f, c
			}
		}
		// The gazetteer's votes are not in total; the corpus's are.
		all := max(total[k], votes)
		if 2*n <= all || !l.differs(best) {
			continue
		}
		l.phrases[k] = best
	}
	l.index()
	return l
}

// differs reports whether recasing a phrase's words one by one would not
// give form.
func (l *Lexicon) differs(form string) bool {
	for _, w := range strings.Split(form, " ") {
		if f, ok := l.words[lower(w)]; !ok || f != w {
			return true
		}
	}
	return false
}

// nameCased reports whether w is written as a name or an acronym.
func nameCased(w string) bool { return isCapitalized(w) || isAllCaps(w) }

// upperForms reports whether a sentence is written in capitals: at least
// upperShare of its cased letters upper case over minWords words or more,
// two of them all-caps words of two letters or more; or a shorter line
// wholly in capitals with a word of minLongCaps letters.
func upperForms(forms []string) bool {
	words, caps, upper, cased := 0, 0, 0, 0
	longCaps := false
	for _, f := range forms {
		u, c := 0, 0
		for _, r := range f {
			if unicode.IsUpper(r) {
				u++
				c++
			} else if unicode.IsLower(r) {
				c++
			}
		}
		if c == 0 {
			continue
		}
		words++
		upper += u
		cased += c
		if u == c && c >= 2 {
			caps++
			longCaps = longCaps || c >= minLongCaps
		}
	}
	if words >= minWords {
		return caps >= 2 && float64(upper) >= upperShare*float64(cased)
	}
	// A line of one or two words ("BREAKING NEWS", "ATHENS") is in
	// capitals when all of it is and one word is long enough not to be
	// an acronym.
	return words > 0 && caps == words && longCaps
}

// titleForms reports whether a sentence is a heading in title case
// ("Hurricane Season Begins Early"): three or more words of four letters
// or more, three quarters of them capitalised. Its capitals say nothing
// about its words.
func titleForms(forms []string) bool {
	long, capd := 0, 0
	for _, f := range forms {
		if runeCount(f) < 4 || !hasLetter(f) {
			continue
		}
		long++
		if isCapitalized(f) {
			capd++
		}
	}
	return long >= 3 && 4*capd >= 3*long
}
