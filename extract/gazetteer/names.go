package gazetteer

import (
	"bufio"
	"fmt"
	"strings"
	"sync"
)

//go:generate go run ./internal/namesgen -names ../../../shared/data/names -out data

// Kinds that ListedName returns.
const (
	Club    = "club"    // a football club (data/clubs.tsv)
	Company = "company" // a company listed with the US SEC (data/companies.tsv)
)

type listed struct {
	kind   map[string]string // normalised name → Club or Company
	prefix map[string]bool   // word prefixes of longer names
}

var loadListed = sync.OnceValues(parseListed)

// ListedName reports whether name, matched as Normalize matches, is the
// name or an alias of a football club (Club) or of a company listed with
// the US SEC (Company), and more whether a longer listed name starts with
// its words. The lists are long and hold many ordinary words ("Apple",
// "Arsenal", "Target"), so they are evidence for the recogniser to weigh,
// not a verdict.
func ListedName(name string) (kind string, more bool) {
	t, err := loadListed()
	if err != nil {
		panic(err) // embedded data, checked by the tests
	}
	k := Normalize(name)
	return t.kind[k], t.prefix[k]
}

func parseListed() (*listed, error) {
	t := &listed{kind: map[string]string{}, prefix: map[string]bool{}}
	// Clubs are read last so that a name on both lists is a club: the
	// clubs' list is the smaller and the more carefully written one.
	for _, f := range []struct{ file, kind string }{{"data/companies.tsv", Company}, {"data/clubs.tsv", Club}} {
		b, err := dataFS.ReadFile(f.file)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %w", err)
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		line := 0
		for sc.Scan() {
			line++
			text := sc.Text()
			if text == "" || strings.HasPrefix(text, "#") {
				continue
			}
			cols := strings.Split(text, "\t")
			if len(cols) != 3 || cols[0] == "" {
				return nil, fmt.Errorf("gazetteer: %s:%d: want 3 tab-separated columns with a name", f.file, line)
			}
			names := []string{cols[0]}
			if cols[2] != "" {
				names = append(names, strings.Split(cols[2], ";")...)
			}
			for _, n := range names {
				k := Normalize(n)
				if k == "" {
					continue
				}
				t.kind[k] = f.kind
				words := strings.Fields(k)
				for i := 1; i < len(words); i++ {
					t.prefix[strings.Join(words[:i], " ")] = true
				}
			}
		}
	}
	return t, nil
}
