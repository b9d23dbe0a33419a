package resolve

import (
	"strings"

	"kg/extract/gazetteer"
)

// Cities. The gazetteer's table of world cities is long and full of
// ordinary words and people's names ("Reading", "Mobile", "Florence"), so
// a city's name alone proves nothing; written before its country or state
// ("Kitwe, Zambia", "Springfield, Illinois", the dateline "KITWE, Zambia
// —"), it is the city.

// cityOfPlace reports whether tokens [j,k) of sentence i are followed by a
// comma and a country, state or region that the gazetteer knows, and name
// one of its cities.
func (d *doc) cityOfPlace(i, j, k int) bool {
	w := d.words[i]
	if j < 0 || k+1 >= len(w) || w[k] != "," {
		return false
	}
	name := strings.Join(w[j:k], " ")
	if len(gazetteer.LookupCities(name)) == 0 {
		return false
	}
	// The place after the comma: the longest run of up to four words the
	// gazetteer knows.
	for e := min(len(w), k+5); e > k+1; e-- {
		p, ok := gazetteer.LookupPlace(strings.Join(w[k+1:e], " "))
		if !ok {
			continue
		}
		switch p.Kind {
		case gazetteer.Country, gazetteer.State, gazetteer.Region:
			country := p.Country
			if country == "" {
				country = p.Name
			}
			return gazetteer.CityIn(name, country)
		}
		return false
	}
	return false
}

// recoverCities adds the cities the recogniser missed or mistyped before
// their country or state: a run of one to three capitalised words, a
// comma and the place.
func (d *doc) recoverCities() {
	for i := range d.sents {
		w := d.words[i]
		for j := 0; j < len(w); j++ {
			if !isCapitalized(w[j]) || !properish(d.tok(i, j)) {
				continue
			}
			for k := j + 1; k <= min(len(w)-2, j+3); k++ {
				if !isCapitalized(w[k-1]) {
					break
				}
				if !d.cityOfPlace(i, j, k) {
					continue
				}
				mi := d.tokMent[i][j]
				switch {
				case mi < 0 && d.free(i, j, k):
					d.addMention(i, j, k, "GPE", kindName)
				case mi >= 0 && d.ments[mi].start == j && d.ments[mi].end == k && d.ments[mi].kind == kindName:
					d.ments[mi].typ = "GPE" // "Kitwe" typed a person
				}
				j = k - 1
				break
			}
		}
	}
}

// free reports whether no mention covers tokens [j,k) of sentence i.
func (d *doc) free(i, j, k int) bool {
	for t := j; t < k; t++ {
		if d.tokMent[i][t] >= 0 {
			return false
		}
	}
	return true
}
