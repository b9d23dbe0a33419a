package gazetteer

import (
	"fmt"
	"strings"
	"sync"
)

// WordNet names (data/wordnet.tsv) are the capitalised noun lemmas of
// WordNet 3.0 with the kinds of thing they name, generated from WordNet by
// internal/wngen. Unlike the hand-written tables they are many (17,700)
// and often ambiguous ("Paris" is a city and a person, "Mark" a person), so
// the recogniser consults them last, and only for names WordNet knows as one
// kind of place or organisation.

type wordnetTable struct {
	kinds  map[string]string // name → comma-separated kinds
	prefix map[string]bool   // word prefixes of longer names
}

var loadWordNet = sync.OnceValues(func() (*wordnetTable, error) {
	rs, err := rows("wordnet.tsv")
	if err != nil {
		return nil, err
	}
	t := &wordnetTable{kinds: make(map[string]string, len(rs)), prefix: map[string]bool{}}
	for _, r := range rs {
		if len(r) != 2 {
			return nil, fmt.Errorf("gazetteer: wordnet.tsv: want 2 columns, got %d in %q", len(r), strings.Join(r, "\t"))
		}
		t.kinds[r[0]] = r[1]
		words := strings.Fields(r[0])
		for n := 1; n < len(words); n++ {
			t.prefix[strings.Join(words[:n], " ")] = true
		}
	}
	return t, nil
})

// WordNetKinds returns what WordNet knows the capitalised name as, as
// comma-separated kinds in name order (artifact, city, country, event,
// facility, group, location, object, org, person, person-class, time), or ""
// when WordNet does not list it. The match is exact: words separated by
// single spaces, case as written. More reports whether a longer WordNet
// name starts with the words of name.
func WordNetKinds(name string) (kinds string, more bool) {
	t, err := loadWordNet()
	if err != nil {
		panic(err) // embedded data, checked by the tests
	}
	return t.kinds[name], t.prefix[name]
}
