// Package wordnet reads the noun database of WordNet 3.0 (data.noun, the
// format of wndb(5WN)) and selects the lemmas that are names.
package wordnet

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Name is a capitalised WordNet lemma and what it names.
type Name struct {
	Name  string // the lemma with spaces for underscores: "Cape of Good Hope"
	Kinds string // comma-separated kinds in name order, e.g. "city,person"
}

// synset is the part of a noun synset that Names needs.
type synset struct {
	lexfile  int
	words    []string
	hyper    []int // @ and @i pointers
	instance bool  // has an instance hypernym (@i): a particular thing
}

// Lexicographer files (lexnames(5WN)) whose capitalised lemmas are names
// of the kinds kg cares about.
const (
	lexArtifact = 6
	lexEvent    = 11
	lexGroup    = 14
	lexLocation = 15
	lexObject   = 17
	lexPerson   = 18
	lexTime     = 28
)

// Hypernym lemmas that refine a kind. A name whose ancestors include one
// of them gets the refined kind.
var (
	cityWords    = []string{"city", "town", "village", "municipality", "national_capital", "port", "metropolis", "suburb", "borough"}
	countryWords = []string{"country", "state", "nation", "province", "kingdom", "empire", "republic", "administrative_district", "county", "colony"}
	landWords    = []string{"river", "lake", "mountain", "mountain_peak", "island", "sea", "ocean", "body_of_water", "geological_formation",
		"range", "peninsula", "bay", "gulf", "strait", "desert", "valley", "volcano", "waterfall", "continent", "channel", "canal", "cape"}
	orgWords      = []string{"organization", "organisation", "institution", "company", "enterprise", "party", "agency", "university", "college", "school", "court", "army", "team", "force"}
	facilityWords = []string{"building", "structure", "facility", "bridge", "airport", "stadium", "place_of_worship", "monument", "memorial", "road", "street", "way"}
)

// Names reads data.noun from r and returns its names sorted by name. A
// lemma is a name when it starts with an upper-case letter and its synset
// is in the artifact, event, group, location, object, person or time file.
func Names(r io.Reader) ([]Name, error) {
	syn := map[int]*synset{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.HasPrefix(text, "  ") || text == "" {
			continue // licence header
		}
		off, s, err := parseLine(text)
		if err != nil {
			return nil, fmt.Errorf("wordnet: line %d: %w", line, err)
		}
		syn[off] = s
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("wordnet: %w", err)
	}
	kinds := map[string]map[string]bool{}
	for _, s := range syn {
		k := kind(s, ancestors(syn, s))
		if k == "" {
			continue
		}
		for _, w := range s.words {
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) {
				continue
			}
			name := strings.ReplaceAll(w, "_", " ")
			if kinds[name] == nil {
				kinds[name] = map[string]bool{}
			}
			kinds[name][k] = true
		}
	}
	out := make([]Name, 0, len(kinds))
	for name, ks := range kinds {
		list := make([]string, 0, len(ks))
		for k := range ks {
			list = append(list, k)
		}
		slices.Sort(list)
		out = append(out, Name{Name: name, Kinds: strings.Join(list, ",")})
	}
	slices.SortFunc(out, func(a, b Name) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// parseLine reads "offset lexfile n w_cnt word lex_id … p_cnt ptr… | gloss".
func parseLine(text string) (int, *synset, error) {
	if i := strings.Index(text, " | "); i >= 0 {
		text = text[:i]
	}
	f := strings.Fields(text)
	if len(f) < 4 {
		return 0, nil, fmt.Errorf("short synset line")
	}
	off, err := strconv.Atoi(f[0])
	if err != nil {
		return 0, nil, fmt.Errorf("offset %q: %w", f[0], err)
	}
	lex, err := strconv.Atoi(f[1])
	if err != nil {
		return 0, nil, fmt.Errorf("lexicographer file %q: %w", f[1], err)
	}
	nw, err := strconv.ParseInt(f[3], 16, 32)
	if err != nil {
		return 0, nil, fmt.Errorf("word count %q: %w", f[3], err)
	}
	s := &synset{lexfile: lex}
	i := 4
	for k := 0; k < int(nw); k++ {
		if i+1 >= len(f) {
			return 0, nil, fmt.Errorf("truncated word list")
		}
		w := f[i]
		if j := strings.IndexByte(w, '('); j > 0 { // adjective markers like "(a)"
			w = w[:j]
		}
		s.words = append(s.words, w)
		i += 2
	}
	if i >= len(f) {
		return 0, nil, fmt.Errorf("missing pointer count")
	}
	np, err := strconv.Atoi(f[i])
	if err != nil {
		return 0, nil, fmt.Errorf("pointer count %q: %w", f[i], err)
	}
	i++
	for k := 0; k < np; k++ {
		if i+3 >= len(f) {
			return 0, nil, fmt.Errorf("truncated pointer list")
		}
		sym, target, pos := f[i], f[i+1], f[i+2]
		i += 4
		if pos != "n" || (sym != "@" && sym != "@i") {
			continue
		}
		t, err := strconv.Atoi(target)
		if err != nil {
			return 0, nil, fmt.Errorf("pointer target %q: %w", target, err)
		}
		s.hyper = append(s.hyper, t)
		if sym == "@i" {
			s.instance = true
		}
	}
	return off, s, nil
}

// ancestors returns the lemmas of all hypernyms of s, transitively.
func ancestors(syn map[int]*synset, s *synset) map[string]bool {
	out := map[string]bool{}
	seen := map[int]bool{}
	stack := slices.Clone(s.hyper)
	for len(stack) > 0 {
		o := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[o] {
			continue
		}
		seen[o] = true
		h, ok := syn[o]
		if !ok {
			continue
		}
		for _, w := range h.words {
			out[strings.ToLower(w)] = true
		}
		stack = append(stack, h.hyper...)
	}
	return out
}

func any(anc map[string]bool, words []string) bool {
	for _, w := range words {
		if anc[w] {
			return true
		}
	}
	return false
}

// kind names what a synset's capitalised lemmas refer to, or "" when they
// are not names kg uses.
func kind(s *synset, anc map[string]bool) string {
	switch s.lexfile {
	case lexPerson:
		if s.instance {
			return "person"
		}
		return "person-class" // "Democrat", "Parisian": a kind of person
	case lexLocation:
		switch {
		case any(anc, cityWords):
			return "city"
		case any(anc, countryWords):
			return "country"
		}
		return "location"
	case lexObject:
		if any(anc, landWords) {
			return "location"
		}
		return "object"
	case lexGroup:
		if any(anc, orgWords) {
			return "org"
		}
		return "group"
	case lexArtifact:
		if any(anc, facilityWords) {
			return "facility"
		}
		return "artifact"
	case lexEvent:
		return "event"
	case lexTime:
		return "time" // "Easter", "Ramadan", "January": dates, not entities
	}
	return ""
}
