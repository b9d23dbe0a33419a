// Package gazetteer holds general world knowledge that the extraction stages
// consult: countries and their names, demonyms and capitals, sub-national
// states and regions, major cities, international organisations, metonyms of
// governments ("the Kremlin"), continents, head words of geographic features
// and role titles; and, apart from those, the names WordNet 3.0 knows (see
// WordNetKinds).
//
// The tables are hand-written TSV files under data/, except data/wordnet.tsv,
// which internal/wngen generates from WordNet, and data/clubs.tsv and
// data/companies.tsv (football clubs and SEC-listed companies, see
// ListedName), which go generate makes with internal/namesgen. All are embedded in the binary
// and parsed once on first use. Every lookup is read-only and safe for concurrent
// use. Names are matched tolerantly: case, periods, a leading "the",
// diacritics and repeated spaces are ignored, so "U.S.", "US" and "the United
// States" all find the United States. Acronyms are the exception to case
// folding: a key that is an acronym in the table ("US", "WHO") only matches
// input that has an upper-case letter, so the words "us" and "who" match
// nothing.
package gazetteer

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
)

//go:embed data/*.tsv data/givennames.txt
var dataFS embed.FS

// Kinds of Place.
const (
	Country   = "country"   // sovereign or widely recognised state
	Region    = "region"    // territory or region inside or disputed between countries
	State     = "state"     // first-level subdivision: US state, province, oblast
	City      = "city"      // settlement, including capitals
	Continent = "continent" // continent or supranational region; not a political entity
)

// Place is a geographic or political place.
type Place struct {
	Name     string   // canonical name: "United States"
	Kind     string   // Country, Region, State, City or Continent
	Country  string   // the country it belongs to; the place itself for a country
	Aliases  []string // other names: "U.S.", "USA", "America"
	Demonyms []string // adjectives and nouns of its people: "American", "Americans"
	Capital  string   // seat of government, for countries and states
}

// IsGPE reports whether the place is a political entity (a geopolitical
// entity in the ACE/OntoNotes sense) rather than a mere location.
func (p Place) IsGPE() bool { return p.Kind != Continent }

// Org is an organisation known by name.
type Org struct {
	Name    string   // canonical name: "North Atlantic Treaty Organization"
	Kind    string   // intergovernmental, government, party, ngo, media, company, university, armed group, humanitarian
	Aliases []string // acronyms and other names: "NATO"
}

type tables struct {
	places   []Place
	placeKey map[string]int // normalised name → index into places
	demonym  map[string]int // normalised demonym → index into places
	orgs     []Org
	orgKey   map[string]int
	metonym  map[string]string
	acronym  map[string]bool // normalised keys that come from an acronym
	geoHead  map[string]bool
	event    map[string]bool
	title    map[string]bool
	seat     map[int]bool // places that are a country's seat of government
	given    map[string]bool
	prefix   map[string]bool // word prefixes of longer place, org and demonym keys
}

var load = sync.OnceValues(parse)

func get() *tables {
	t, err := load()
	if err != nil {
		// The data is embedded and checked by the tests; failing here means
		// the binary was built from broken tables.
		panic(err)
	}
	return t
}

// Normalize returns the key under which names are compared: lower case,
// diacritics folded, periods and a leading "the" dropped, hyphens and runs of
// spaces made single spaces, and a trailing possessive "'s" removed.
func Normalize(name string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(name) {
		switch {
		case r == '.':
			continue
		case r == '’':
			r = '\''
		case unicode.IsSpace(r) || r == '-' || r == '_':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(fold(unicode.ToLower(r)))
	}
	s := b.String()
	s = strings.TrimPrefix(s, "the ")
	if strings.HasSuffix(s, " 's") {
		s = s[:len(s)-3]
	} else if strings.HasSuffix(s, "'s") && len(s) > 3 {
		s = s[:len(s)-2]
	}
	return s
}

// fold maps common Latin letters with diacritics to their base letter.
func fold(r rune) rune {
	switch r {
	case 'á', 'à', 'â', 'ä', 'ã', 'å':
		return 'a'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'í', 'ì', 'î', 'ï':
		return 'i'
	case 'ó', 'ò', 'ô', 'ö', 'õ', 'ø':
		return 'o'
	case 'ú', 'ù', 'û', 'ü':
		return 'u'
	case 'ç':
		return 'c'
	case 'ñ':
		return 'n'
	case 'ș', 'ş':
		return 's'
	case 'ț', 'ţ':
		return 't'
	}
	return r
}

// isAcronym reports whether a table name is an acronym such as "US", "U.S."
// or "NATO": at most five letters, all upper case.
func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r == '.' || r == '-' || r == '+' || unicode.IsDigit(r):
		case unicode.IsUpper(r):
			n++
		default:
			return false
		}
	}
	return n > 0 && n <= 5
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

func rows(name string) ([][]string, error) {
	f, err := dataFS.Open("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Split(line, "\t"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: %s: %w", name, err)
	}
	return out, nil
}

func list(fields []string, i int) []string {
	if i >= len(fields) || strings.TrimSpace(fields[i]) == "" {
		return nil
	}
	var out []string
	for _, s := range strings.Split(fields[i], ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func field(fields []string, i int) string {
	if i >= len(fields) {
		return ""
	}
	return strings.TrimSpace(fields[i])
}

func parse() (*tables, error) {
	t := &tables{
		placeKey: map[string]int{},
		demonym:  map[string]int{},
		orgKey:   map[string]int{},
		metonym:  map[string]string{},
		acronym:  map[string]bool{},
		geoHead:  map[string]bool{},
		event:    map[string]bool{},
		title:    map[string]bool{},
		seat:     map[int]bool{},
		given:    map[string]bool{},
		prefix:   map[string]bool{},
	}
	// addKey registers a name; the first registration of a key wins, so the
	// files are loaded from the most to the least salient reading (the country
	// Georgia before the US state, the city Washington before the state).
	addKey := func(m map[string]int, name string, i int) {
		k := Normalize(name)
		if k == "" {
			return
		}
		if _, dup := m[k]; dup {
			return
		}
		m[k] = i
		if isAcronym(strings.TrimPrefix(name, "the ")) {
			t.acronym[k] = true
		}
	}
	addPlace := func(p Place) int {
		t.places = append(t.places, p)
		i := len(t.places) - 1
		addKey(t.placeKey, p.Name, i)
		for _, a := range p.Aliases {
			addKey(t.placeKey, a, i)
		}
		for _, d := range p.Demonyms {
			addKey(t.demonym, d, i)
		}
		return i
	}

	countries, err := rows("countries.tsv")
	if err != nil {
		return nil, err
	}
	var capitals []Place
	for _, f := range countries {
		p := Place{Name: field(f, 0), Kind: Country, Aliases: list(f, 1), Demonyms: list(f, 2)}
		p.Country = p.Name
		if k := field(f, 4); k != "" {
			p.Kind = k
			p.Country = field(f, 5)
		}
		// "Kyiv;Kiev" is one city with two spellings; "Pretoria|Cape Town"
		// are two seats of government, the first being the capital.
		for j, seat := range strings.Split(field(f, 3), "|") {
			caps := list([]string{seat}, 0)
			if len(caps) == 0 {
				continue
			}
			if j == 0 {
				p.Capital = caps[0]
			}
			if caps[0] != p.Name {
				capitals = append(capitals, Place{Name: caps[0], Kind: City, Country: p.Name, Aliases: caps[1:]})
			}
		}
		addPlace(p)
	}
	for _, c := range capitals {
		t.seat[addPlace(c)] = true
	}
	cities, err := rows("cities.tsv")
	if err != nil {
		return nil, err
	}
	for _, f := range cities {
		addPlace(Place{Name: field(f, 0), Kind: City, Country: field(f, 1), Aliases: list(f, 2)})
	}
	states, err := rows("states.tsv")
	if err != nil {
		return nil, err
	}
	for _, f := range states {
		addPlace(Place{Name: field(f, 0), Kind: State, Country: field(f, 1), Aliases: list(f, 2), Capital: field(f, 3)})
	}
	conts, err := rows("continents.tsv")
	if err != nil {
		return nil, err
	}
	for _, f := range conts {
		addPlace(Place{Name: field(f, 0), Kind: Continent})
	}

	orgs, err := rows("orgs.tsv")
	if err != nil {
		return nil, err
	}
	for _, f := range orgs {
		o := Org{Name: field(f, 0), Kind: field(f, 1), Aliases: list(f, 2)}
		t.orgs = append(t.orgs, o)
		i := len(t.orgs) - 1
		addKey(t.orgKey, o.Name, i)
		for _, a := range o.Aliases {
			addKey(t.orgKey, a, i)
		}
	}

	mets, err := rows("metonyms.tsv")
	if err != nil {
		return nil, err
	}
	for _, f := range mets {
		if k := Normalize(field(f, 0)); k != "" {
			t.metonym[k] = field(f, 1)
		}
	}
	for _, file := range []struct {
		name string
		m    map[string]bool
	}{{"features.tsv", t.geoHead}, {"events.tsv", t.event}, {"titles.tsv", t.title}} {
		rs, err := rows(file.name)
		if err != nil {
			return nil, err
		}
		for _, f := range rs {
			file.m[Normalize(field(f, 0))] = true
		}
	}
	for _, m := range []map[string]int{t.placeKey, t.orgKey, t.demonym} {
		for k := range m {
			for i := 0; i < len(k); i++ {
				if k[i] == ' ' {
					t.prefix[k[:i]] = true
				}
			}
		}
	}
	names, err := dataFS.ReadFile("data/givennames.txt")
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	for _, line := range strings.Split(string(names), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, n := range strings.Fields(line) {
			t.given[n] = true
		}
	}
	return t, nil
}

// acronymOK rejects an acronym key looked up with an all-lower-case name.
func (t *tables) acronymOK(k, name string) bool {
	return !t.acronym[k] || hasUpper(name)
}

// LookupPlace finds a country, region, state, city or continent by any of its
// names. The match is case- and punctuation-tolerant: "U.S.", "US", "the
// United States" and "United States of America" all find the United States.
func LookupPlace(name string) (Place, bool) {
	t := get()
	k := Normalize(name)
	i, ok := t.placeKey[k]
	if !ok || !t.acronymOK(k, name) {
		return Place{}, false
	}
	return t.places[i], true
}

// Demonym maps a word for a people or its adjective to the country or region
// it belongs to: "Ukrainian" → "Ukraine", "Russians" → "Russia", "British" →
// "United Kingdom".
func Demonym(word string) (country string, ok bool) {
	t := get()
	k := Normalize(word)
	i, ok := t.demonym[k]
	if !ok && strings.HasSuffix(k, "s") {
		// Plurals the table does not list: "Kenyans" from "Kenyan".
		i, ok = t.demonym[strings.TrimSuffix(k, "s")]
	}
	if !ok {
		return "", false
	}
	return t.places[i].Name, true
}

// LookupOrg finds an organisation by its full name, acronym or alias:
// "UN", "U.N." and "the United Nations" all find the United Nations.
func LookupOrg(name string) (Org, bool) {
	t := get()
	k := Normalize(name)
	i, ok := t.orgKey[k]
	if !ok || !t.acronymOK(k, name) {
		return Org{}, false
	}
	return t.orgs[i], true
}

// Metonym returns the country a name stands for when news uses it for that
// country's government: a seat of government ("the Kremlin" → "Russia",
// "Downing Street" → "United Kingdom") or a national capital ("Moscow" →
// "Russia", "Washington" → "United States").
func Metonym(name string) (of string, ok bool) {
	t := get()
	k := Normalize(name)
	if c, ok := t.metonym[k]; ok {
		return c, true
	}
	if i, ok := t.placeKey[k]; ok {
		p := t.places[i]
		if p.Kind == City && t.seat[i] {
			return p.Country, true
		}
	}
	return "", false
}

// IsGeoFeatureHead reports whether a word, as the head of a place name, marks
// a geographic feature or a facility rather than a political entity: "Sea",
// "River", "Mountains", "Island", "Canal", "Airport". Such places are LOC, not
// GPE.
func IsGeoFeatureHead(word string) bool {
	return get().geoHead[Normalize(word)]
}

// IsEventWord reports whether a word, before a capitalised name, makes it
// the name of an event: "Hurricane" in "Hurricane Katrina", "Operation" in
// "Operation Overlord". The name is then no person, organisation or place.
func IsEventWord(word string) bool {
	return get().event[Normalize(word)]
}

// IsTitle reports whether a word is a role title or honorific that precedes a
// name without being part of it: "President", "Secretary", "Dr.", "Mr.".
func IsTitle(word string) bool {
	return get().title[Normalize(word)]
}

// Classify tells what kind of name the gazetteer knows name as: a place
// kind (Country, Region, State, City, Continent), "org" or "demonym", or ""
// when it is unknown. More reports whether some longer known name starts
// with the words of name, so that a caller scanning a sentence for the
// longest match knows when to stop.
func Classify(name string) (kind string, more bool) {
	t := get()
	k := Normalize(name)
	more = t.prefix[k]
	if !t.acronymOK(k, name) {
		return "", more
	}
	if i, ok := t.placeKey[k]; ok {
		return t.places[i].Kind, more
	}
	if _, ok := t.orgKey[k]; ok {
		return "org", more
	}
	if _, ok := t.demonym[k]; ok {
		return "demonym", more
	}
	return "", more
}

// IsGivenName reports whether a capitalised word is a common given name
// ("Olaf", "Maria"). The match is case-sensitive: "mark" and "MARK" are not
// names.
func IsGivenName(word string) bool {
	return get().given[word]
}

// Places returns every place in table order. The slice is a copy.
func Places() []Place {
	return append([]Place(nil), get().places...)
}

// Orgs returns every organisation in table order. The slice is a copy.
func Orgs() []Org {
	return append([]Org(nil), get().orgs...)
}
