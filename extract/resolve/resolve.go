// Package resolve groups the entity mentions of one document into entities.
//
// Named mentions found by ner are merged by their canonical names (titles,
// a leading "the" and a possessive "'s" removed; countries and international
// organisations normalised through the gazetteer; company legal forms
// dropped), surnames and first names are linked to the full name that
// carries them when it is unique (or named at least twice as often as any
// other), acronyms to the multi-word organisation whose initials they spell,
// demonyms used as adjectives ("Ukrainian troops") to their country.
// Pronouns and definite descriptions ("the company", "the Russian
// president") are then linked to the most salient compatible entity, in the
// manner of Lappin and Leass's salience model with binding constraints;
// "it" and "they" only when the evidence is strong. "I" and "we" in a
// quotation go to its speaker and the speaker's organisation. Titles and
// appositions give role edges ("U.S. Secretary of State Marco Rubio" →
// secretary of state of United States), seats of government ("the
// Kremlin") a "seat of government of" edge to their country.
package resolve

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"kg/extract"
	"kg/extract/gazetteer"
	"kg/extract/ner"
	"kg/extract/ud"
)

// Result is the outcome of resolving one document.
type Result struct {
	// Entities are ordered by their first mention. Name is the canonical
	// name: the longest proper full name seen, without titles.
	Entities []extract.Entity
	// Mentions are every resolved mention, in text order, with byte offsets
	// into the text and Sentence an index into the sentences.
	Mentions []extract.Mention
	// Tokens[i][j] is the entity index of token j of sentence i, or -1. It
	// is set for every token of a name mention and for the head token of a
	// pronoun, demonym or description.
	Tokens [][]int
	// Roles are role edges from titles and appositions (Class "ROLE",
	// Attributed -1): the person is the Subject, the organisation or
	// country the Object.
	Roles []extract.Relation
}

// mention kinds, as in extract.Mention.Kind.
const (
	kindName        = "name"
	kindPronoun     = "pronoun"
	kindDescription = "description"
	kindDemonym     = "demonym"
)

// mention is one candidate mention inside the resolver.
type mention struct {
	sent       int
	start, end int // token range [start, end) in the sentence
	head       int // token index of the syntactic head
	typ        string
	kind       string
	surface    string // the mention's text, titles, "the" and "'s" removed
	bs, be     int    // byte range of surface
	key        string // grouping key of named mentions
	canonical  string // gazetteer name, or the surface
	ent        int    // entity index, -1 while unresolved
	gender     byte   // 'm', 'f' or 0, from an honorific in front
}

// entity is one entity while the document is resolved.
type entity struct {
	key    string
	typ    string
	votes  map[string]int
	name   string
	names  map[string]bool
	gender byte
	roles  []role
	// kinds are the kind nouns descriptions of it used ("the news agency
	// Xinhua"), so that "the company" does not mean an agency.
	kinds []string
}

// role is a role the entity holds: its predicate's role word and object.
type role struct {
	role   string
	object int
}

// doc is the state of one resolution.
type doc struct {
	text     string
	sents    []*ud.Sentence
	words    [][]string
	children [][][]int
	ments    []*mention
	tokMent  [][]int // index into ments for name/demonym tokens, or -1
	ents     []*entity
	byKey    map[string]int
	roles    []extract.Relation
	seenRole map[roleKey]bool
	refHead  map[[2]int]int // (sentence, token) of a resolved pronoun or description span → entity
	para     []int          // paragraph number of each sentence (a blank line between two starts a new one)
}

// Document resolves the mentions of one document. text is the document
// text; sents are its sentences with tokens, tags and trees; spans[i] are
// the named entity spans of sentence i. Sentences without trees (Head -1)
// are handled by the token-sequence fallbacks.
func Document(text string, sents []*ud.Sentence, spans [][]ner.Span) Result {
	d := &doc{text: text, sents: sents, byKey: map[string]int{}}
	d.words = make([][]string, len(sents))
	d.children = make([][][]int, len(sents))
	d.tokMent = make([][]int, len(sents))
	d.para = paragraphs(text, sents)
	for i, s := range sents {
		d.words[i] = s.Words()
		d.children[i] = s.Children()
		d.tokMent[i] = make([]int, len(s.Tokens))
		for j := range d.tokMent[i] {
			d.tokMent[i][j] = -1
		}
	}
	for i := range sents {
		var sp []ner.Span
		if i < len(spans) {
			sp = spans[i]
		}
		d.collectNames(i, sp)
	}
	d.recoverTitledNames()
	d.recoverCities()
	d.recoverKnownNames()
	d.keyNames()
	d.buildEntities()
	d.findRoles()
	d.resolveReferring()
	d.findRoles() // again, with descriptions and pronouns as organisations
	d.metonymRoles()
	return d.result()
}

// tok returns token j of sentence i.
func (d *doc) tok(i, j int) *ud.Token { return &d.sents[i].Tokens[j] }

// paragraphs numbers the paragraphs of sents: a sentence starts a new one
// when a blank line separates it from the sentence before.
func paragraphs(text string, sents []*ud.Sentence) []int {
	para := make([]int, len(sents))
	for i := 1; i < len(sents); i++ {
		para[i] = para[i-1]
		a, b := sents[i-1].End, sents[i].Start
		if a >= 0 && a <= b && b <= len(text) && strings.Count(text[a:b], "\n") >= 2 {
			para[i]++
		}
	}
	return para
}

// isPossessive reports whether a token is a detached possessive marker.
func isPossessive(form string) bool {
	switch form {
	case "'s", "’s", "'", "’", "s'":
		return true
	}
	return false
}

// possessiveSuffix returns the length of a possessive suffix glued to form.
func possessiveSuffix(form string) int {
	for _, s := range []string{"'s", "’s"} {
		if len(form) > len(s) && strings.HasSuffix(form, s) {
			return len(s)
		}
	}
	return 0
}

// addMention records a mention of tokens [start,end) of sentence i.
func (d *doc) addMention(i, start, end int, typ, kind string) *mention {
	s := d.sents[i]
	m := &mention{sent: i, start: start, end: end, typ: typ, kind: kind, ent: -1}
	m.bs, m.be = s.Tokens[start].Start, s.Tokens[end-1].End
	last := s.Tokens[end-1].Form
	if n := possessiveSuffix(last); n > 0 && kind == kindName {
		m.be -= n
	}
	if m.bs >= 0 && m.be <= len(d.text) && m.bs <= m.be {
		m.surface = d.text[m.bs:m.be]
	} else {
		parts := d.words[i][start:end]
		m.surface = strings.Join(parts, " ")
		if n := possessiveSuffix(last); n > 0 && kind == kindName {
			m.surface = m.surface[:len(m.surface)-n]
		}
	}
	m.surface = strings.Join(strings.Fields(m.surface), " ")
	m.head = d.headOf(i, start, end)
	d.ments = append(d.ments, m)
	for j := start; j < end; j++ {
		d.tokMent[i][j] = len(d.ments) - 1
	}
	return m
}

// headOf returns the token of [start,end) whose head lies outside it (the
// last such one in a flat name), or end-1 when there is no tree.
func (d *doc) headOf(i, start, end int) int {
	h := -1
	for j := start; j < end; j++ {
		hd := d.tok(i, j).Head - 1
		if hd < start || hd >= end {
			if h == -1 || d.tok(i, j).Head > 0 && d.tok(i, h).Head <= 0 {
				h = j
			}
		}
	}
	if h == -1 || d.tok(i, h).Head < 0 {
		return end - 1
	}
	return h
}

// collectNames turns the NER spans of sentence i into name and demonym
// mentions, stripping titles, "the" and possessives.
func (d *doc) collectNames(i int, spans []ner.Span) {
	w := d.words[i]
	for _, sp := range spans {
		start, end := sp.Start, sp.End
		if start < 0 || end > len(w) || start >= end {
			continue
		}
		// A possessive or punctuation left at the edges is not part of the
		// name, nor is the first number of a score ("Porto 3 – 1").
		for end > start && (isPossessive(w[end-1]) || isPunct(d.tok(i, end-1)) || end-start > 1 && d.isScore(i, end-1)) {
			end--
		}
		// "the", punctuation and lower-case words ("annex Greenland") in
		// front are not part of the name.
		for start < end && (lower(w[start]) == "the" || isPunct(d.tok(i, start)) || isLowerWord(w[start])) {
			start++
		}
		if start >= end {
			continue
		}
		if eventTails[w[end-1]] && end-start > 1 || end < len(w) && eventTails[w[end]] {
			// "the World Cup", "the US Open", "the Stanley Cup": a
			// contest, which is none of kg's types, and whose first word
			// is no place or person of its own.
			continue
		}
		if sp.Type != "PERSON" {
			// "State Department Spokesperson", "Microsoft CEO": a role
			// title that ends an organisation's or a place's name, or
			// runs on past it ("White House Press | Secretary"), is no part
			// of it (the role edge joins them); "Office of the President"
			// keeps its last word.
			for k := start; k < end; k++ {
				t, n := matchTitle(w, k)
				if t == nil || t.role == "" || k+n < end || k == start && k+n == end {
					continue
				}
				if k > start {
					switch lower(w[k-1]) {
					case "of", "the", "and", "for", "to":
						continue
					}
				}
				end = k
				for end > start && titleModifiers[lower(w[end-1])] {
					end-- // "Shadow Home Secretary": "Shadow" is no name
				}
				break
			}
			if start >= end {
				continue
			}
		}
		typ := sp.Type
		if end-start == 1 && end < len(w) && d.roadNumber(i, start) {
			// "US 169", "US 75": a highway numbered after its country.
			end, typ = end+1, "LOC"
		}
		if end-start == 1 {
			// "Americans" tagged as people and "European" tagged as a
			// place are nationalities or adjectives of a people.
			if _, ok := demonym(w[start]); ok && typ != "PERSON" && typ != "NORP" {
				if _, place := gazetteer.LookupPlace(w[start]); !place {
					typ = "NORP"
				}
			}
			if _, ok := demonym(w[start]); ok && (typ == "PERSON" || typ == "NORP") {
				typ = "NORP"
			} else if d.tok(i, start).UPOS == "ADJ" && typ != "PERSON" {
				typ = "NORP"
			}
		}
		var gender byte
		if typ == "PERSON" {
			start, gender = d.stripTitles(i, start, end)
			if start >= end {
				continue
			}
			// A given name the tagger left out between a title and the
			// rest of the name: "Vice President JD Vance".
			if k := start - 1; k >= 1 && d.tokMent[i][k] < 0 && d.tok(i, k).UPOS == "PROPN" && isCapitalized(w[k]) && !isTitleWord(w[k]) {
				if t, _ := matchTitleEnding(w, k); t != nil {
					start = k
				}
			}
		}
		if typ == "NORP" && end-start == 1 {
			if country, ok := demonym(w[start]); ok && d.adjectival(i, start) {
				typ := "GPE"
				if p, ok := gazetteer.LookupPlace(country); ok && !p.IsGPE() {
					typ = "LOC" // "European" → Europe
				}
				m := d.addMention(i, start, end, typ, kindDemonym)
				m.key = "G:" + gazetteer.Normalize(country)
				m.canonical = country
				continue
			}
		}
		m := d.addMention(i, start, end, typ, kindName)
		m.gender = gender
	}
}

// recoverTitledNames adds person names that the tagger missed right after
// a role title ("Vice President JD Vance") when the document names that
// person elsewhere or the name starts with a known given name.
func (d *doc) recoverTitledNames() {
	lastWords := map[string]bool{}
	for _, m := range d.ments {
		if ws := strings.Fields(m.surface); m.kind == kindName && m.typ == "PERSON" && len(ws) > 0 {
			lastWords[ws[len(ws)-1]] = true
		}
	}
	for i := range d.sents {
		w := d.words[i]
		for ts := 0; ts < len(w); ts++ {
			t, n := matchTitle(w, ts)
			if t == nil || t.role == "" || !isCapitalized(w[ts]) {
				continue
			}
			te := ts + n
			k := te
			for k < len(w) && k < te+3 && d.tokMent[i][k] < 0 && d.tok(i, k).UPOS == "PROPN" && isCapitalized(w[k]) && !isTitleWord(w[k]) {
				k++
			}
			if k > te && (lastWords[w[k-1]] || gazetteer.IsGivenName(w[te])) && (k == len(w) || d.tokMent[i][k] < 0) {
				d.addMention(i, te, k, "PERSON", kindName)
			}
			ts = te - 1
		}
	}
}

// corporateSuffixes end a company's legal name: "Airbus SE" is "Airbus".
var corporateSuffixes = map[string]bool{"inc": true, "inc.": true, "corp": true, "corp.": true,
	"corporation": true, "co": true, "co.": true, "ltd": true, "ltd.": true, "limited": true, "plc": true,
	"llc": true, "l.l.c.": true, "ag": true, "se": true, "sa": true, "s.a.": true, "nv": true, "n.v.": true,
	"gmbh": true, "bv": true, "b.v.": true, "spa": true, "s.p.a.": true, "ab": true, "asa": true, "oyj": true,
	"holdings": true, "lp": true, "l.p.": true, "pjsc": true, "ojsc": true}

// stripCorporate removes legal-form suffixes (and a comma before them)
// from an organisation name, keeping at least one word.
func stripCorporate(name string) string {
	ws := strings.Fields(name)
	for len(ws) > 1 && corporateSuffixes[lower(ws[len(ws)-1])] {
		ws = ws[:len(ws)-1]
		ws[len(ws)-1] = strings.TrimSuffix(ws[len(ws)-1], ",")
	}
	return strings.Join(ws, " ")
}

// recoverKnownNames adds mentions of countries, places, organisations and
// peoples the gazetteer knows by name where the tagger found nothing: the
// longest known capitalised name over proper nouns (or an adjective for a
// people) that no mention covers.
func (d *doc) recoverKnownNames() {
	for i := range d.sents {
		w := d.words[i]
		for j := 0; j < len(w); j++ {
			if d.tokMent[i][j] >= 0 || !isCapitalized(w[j]) || !properish(d.tok(i, j)) {
				continue
			}
			best, kind := 0, ""
			for k := j + 1; k <= len(w) && k <= j+6; k++ {
				if d.tokMent[i][k-1] >= 0 || !isCapitalized(w[k-1]) && lower(w[k-1]) != "of" && lower(w[k-1]) != "and" {
					break
				}
				c, more := gazetteer.Classify(strings.Join(w[j:k], " "))
				if c != "" && isCapitalized(w[k-1]) {
					best, kind = k, c
				}
				if !more {
					break
				}
			}
			if best == 0 || ner.IsCurrencyPrefix(d.sents[i].Tokens, best) {
				// "US$": letters before a dollar sign are a currency.
				continue
			}
			if best < len(w) && eventTails[w[best]] {
				j = best // "the US Open", "the Boston Marathon": a contest
				continue
			}
			typ := "GPE"
			switch kind {
			case "org":
				typ = "ORG"
			case "demonym":
				typ = "NORP"
			case gazetteer.Continent:
				typ = "LOC"
			}
			if typ != "NORP" && best == j+1 && d.tok(i, j).UPOS != "PROPN" {
				continue
			}
			if typ == "GPE" && best == j+1 && d.roadNumber(i, j) {
				d.addMention(i, j, best+1, "LOC", kindName) // "US 169"
				j = best
				continue
			}
			if typ == "NORP" {
				if country, ok := demonym(w[j]); ok && best == j+1 && d.adjectival(i, j) {
					m := d.addMention(i, j, best, "GPE", kindDemonym)
					m.key, m.canonical = "G:"+gazetteer.Normalize(country), country
				}
				j = best - 1
				continue
			}
			d.addMention(i, j, best, typ, kindName)
			j = best - 1
		}
	}
}

// properish reports whether a token may start a name: a proper noun, or
// an adjective or untagged word (demonyms, names the tagger missed).
func properish(t *ud.Token) bool {
	return t.UPOS == "PROPN" || t.UPOS == "ADJ" || t.UPOS == ""
}

// demonym maps a word for a people to its country or region: the
// gazetteer's demonyms, then adjectives formed from a known place name
// ("European" from Europe, "Asian" from Asia).
func demonym(word string) (string, bool) {
	if c, ok := gazetteer.Demonym(word); ok {
		return c, true
	}
	for _, suf := range []string{"an", "n", "ean", "ian"} {
		if base, ok := strings.CutSuffix(word, suf); ok && len(base) >= 3 && isCapitalized(base) {
			if p, ok := gazetteer.LookupPlace(base); ok && p.Name == base {
				return p.Name, true
			}
		}
	}
	return "", false
}

// isLowerWord reports whether w is a word in lower case only.
func isLowerWord(w string) bool {
	letters := false
	for _, r := range w {
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			return false
		}
		letters = letters || unicode.IsLetter(r)
	}
	return letters
}

// isPunct reports whether a token is punctuation.
func isPunct(t *ud.Token) bool {
	if t.UPOS == "PUNCT" {
		return true
	}
	for _, r := range t.Form {
		if strings.ContainsRune(`.,;:!?"'()[]{}“”‘’-–—`, r) {
			continue
		}
		return false
	}
	return t.Form != ""
}

// eventTails are the capitalised words that end the names of contests.
var eventTails = map[string]bool{"Cup": true, "Games": true, "Olympics": true,
	"Championship": true, "Championships": true, "Series": true, "Prix": true,
	"Trophy": true, "Open": true, "Marathon": true, "Derby": true, "Paralympics": true}

// languageNouns are nouns a demonym modifies as the name of a language,
// not of a country: "the English lexicon", "a French translation".
var languageNouns = map[string]bool{"language": true, "languages": true, "lexicon": true,
	"dialect": true, "dialects": true, "grammar": true, "vocabulary": true, "translation": true,
	"translations": true, "spelling": true, "pronunciation": true, "speaker": true,
	"speakers": true, "word": true, "words": true, "syntax": true, "subtitles": true,
	"accent": true, "orthography": true, "phonology": true, "verb": true, "verbs": true,
	"noun": true, "nouns": true}

// adjectival reports whether token j of sentence i modifies a noun, as
// "Ukrainian" does in "Ukrainian President" and "Russian troops".
func (d *doc) adjectival(i, j int) bool {
	// Token order first: a demonym right before a noun, an adjective or a
	// title modifies it, whatever a parser made of it ("Russian President"
	// is sometimes parsed as a root noun).
	if j+1 < len(d.words[i]) {
		n := d.tok(i, j+1)
		if languageNouns[lower(n.Lemma)] || languageNouns[lower(n.Form)] {
			return false // "the English lexicon", "a French translation": a language
		}
		if n.UPOS == "NOUN" || n.UPOS == "PROPN" || n.UPOS == "ADJ" || isTitleWord(n.Form) || n.UPOS == "" && isCapitalized(n.Form) {
			return true
		}
		// Coordinated: "American, European and Ukrainian officials"; but
		// not when the next demonym begins a name ("American, British
		// Airways, Southwest": three airlines).
		if (n.Form == "," || lower(n.Form) == "and" || lower(n.Form) == "or") && j+2 < len(d.words[i]) {
			if _, ok := demonym(d.words[i][j+2]); ok {
				if k := j + 3; k < len(d.words[i]) && d.tok(i, k).UPOS == "PROPN" && isCapitalized(d.words[i][k]) && !isTitleWord(d.words[i][k]) {
					return false
				}
				return d.adjectival(i, j+2)
			}
		}
	}
	t := d.tok(i, j)
	switch t.Deprel {
	case "amod", "compound", "nmod:poss":
		return t.Head-1 > j
	}
	return false
}

func isTitleWord(w string) bool { _, ok := titleLexicon[lower(w)]; return ok }

// stripTitles removes titles, honorifics and their modifiers from the front
// of a PERSON span [start,end) and returns the new start and a gender that
// an honorific implies. A place or organisation in front of a title inside
// the span ("U.S. Secretary of State Marco Rubio") becomes its own mention.
func (d *doc) stripTitles(i, start, end int) (int, byte) {
	w := d.words[i]
	var gender byte
	for start < end {
		lw := lower(w[start])
		if titleModifiers[lw] {
			start++
			continue
		}
		if t, n := matchTitle(w, start); t != nil && start+n < end {
			switch lw {
			case "mr", "mr.", "sir", "lord", "mister", "king", "prince", "duke":
				gender = 'm'
			case "mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "madam", "queen", "princess", "duchess":
				gender = 'f'
			}
			start += n
			continue
		}
		// A designator run followed by a title: "U.S." in "U.S. Secretary".
		found := false
		for k := start + 1; k < end && k <= start+4; k++ {
			if t, _ := matchTitle(w, k); t == nil {
				continue
			}
			name := strings.Join(w[start:k], " ")
			typ := ""
			if _, ok := gazetteer.Demonym(name); ok && k == start+1 {
				typ = "NORP"
			} else if p, ok := gazetteer.LookupPlace(name); ok && p.IsGPE() {
				typ = "GPE"
			} else if _, ok := gazetteer.LookupOrg(name); ok {
				typ = "ORG"
			}
			if typ != "" {
				if typ == "NORP" {
					country, _ := gazetteer.Demonym(name)
					m := d.addMention(i, start, k, "GPE", kindDemonym)
					m.key = "G:" + gazetteer.Normalize(country)
					m.canonical = country
				} else {
					d.addMention(i, start, k, typ, kindName)
				}
				start = k
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	if t, n := matchTitle(w, start); t != nil && start+n == end {
		return end, gender // only a title: "the Secretary", "Earl"
	}
	return start, gender
}

// keyNames gives every name mention its grouping key: the gazetteer's
// canonical name for known places and organisations, acronyms mapped to
// the organisation whose initials they spell, surnames and first names to
// the unique full name that has them.
func (d *doc) keyNames() {
	d.retypeDesignators()
	for _, m := range d.ments {
		if m.kind != kindName {
			continue
		}
		norm := gazetteer.Normalize(m.surface)
		m.canonical = m.surface
		if _, ok := gazetteer.LookupOrg(m.surface); ok && m.typ == "PERSON" {
			// A recogniser's PERSON on a name the gazetteer knows as an
			// organisation ("the Kremlin denied"): no person has that name.
			m.typ = "ORG"
		}
		switch {
		case m.typ == "PERSON":
			m.key = "P:" + norm
		case m.typ == "NORP":
			m.key = "N:" + norm
			if c, ok := demonym(m.surface); ok {
				// A people named as a noun ("the Russians") stays a group,
				// but all its spellings group together.
				m.key = "N:" + gazetteer.Normalize(c)
			}
		default:
			if p, ok := gazetteer.LookupPlace(m.surface); ok {
				m.key, m.canonical = "G:"+gazetteer.Normalize(p.Name), p.Name
				if bare, ok := gazetteer.LookupPlace(p.Name); ok && bare.Kind != p.Kind && p.Kind == gazetteer.State {
					// "Washington state": its bare name is another place
					// (the capital), so the state goes by its longer name
					// here and in the graph.
					m.canonical = p.Name + " State"
					m.key = "G:" + gazetteer.Normalize(m.canonical)
				}
				if m.typ == "ORG" || m.typ == "" {
					m.typ = "GPE"
				}
				if !p.IsGPE() {
					m.typ = "LOC"
				}
			} else if o, ok := gazetteer.LookupOrg(m.surface); ok {
				m.key, m.canonical = "O:"+gazetteer.Normalize(o.Name), o.Name
				m.typ = "ORG" // "European Union" tagged as a place
			} else {
				m.key = "O:" + gazetteer.Normalize(stripCorporate(m.surface))
				if ws := strings.Fields(m.surface); m.typ == "GPE" && gazetteer.IsGeoFeatureHead(ws[len(ws)-1]) {
					m.typ = "LOC" // "Ross Sea", "Mississippi River"
				}
			}
		}
	}
	d.keyTeams()
	d.keyShortOrgs()
	d.keyAcronyms()
	d.keyPersons()
}

// keyShortOrgs joins a one-word name to the one organisation of the
// document whose multi-word name starts with it ("Brightline" after
// "Brightline Media", "Hartwell" after "Hartwell Bank"), whatever type the
// recogniser gave the word, unless the word is also part of a person's
// full name in the document or a place the gazetteer knows.
func (d *doc) keyShortOrgs() {
	orgs := map[string][]*mention{} // first word → multi-word organisation mentions
	inPerson := map[string]bool{}
	for _, m := range d.ments {
		if m.kind != kindName {
			continue
		}
		ws := strings.Fields(gazetteer.Normalize(m.surface))
		if len(ws) < 2 {
			continue
		}
		switch m.typ {
		case "ORG":
			orgs[ws[0]] = append(orgs[ws[0]], m)
		case "PERSON":
			for _, w := range ws {
				inPerson[w] = true
			}
		}
	}
	for _, m := range d.ments {
		if m.kind != kindName || m.end-m.start != 1 || m.typ != "PERSON" && m.typ != "ORG" && (m.typ != "NORP" || !d.listedWithOrgs(m)) {
			// A place the recogniser found stays a place: "Irving",
			// "Irving Police Department". A people's name joins only when
			// listed among organisations: "Air Canada, American, Delta".
			continue
		}
		w := gazetteer.Normalize(m.surface)
		cands := orgs[w]
		if len(cands) == 0 || inPerson[w] || !isCapitalized(m.surface) {
			continue
		}
		if _, ok := gazetteer.LookupPlace(m.surface); ok {
			continue // "Manchester" is not "Manchester United"
		}
		key := cands[0].key
		for _, c := range cands[1:] {
			if c.key != key {
				key = "" // two organisations start with it: neither
			}
		}
		if key == "" {
			continue
		}
		m.typ, m.key, m.canonical = "ORG", key, cands[0].canonical
	}
}

// roadNumber reports whether token j of sentence i, a country's short
// name, is followed by a route number ("US 169", "US 75"), not a score.
func (d *doc) roadNumber(i, j int) bool {
	w := d.words[i]
	if j+1 >= len(w) || d.isScore(i, j+1) || !isAllDigits(w[j+1]) {
		return false
	}
	p, ok := gazetteer.LookupPlace(w[j])
	return ok && p.Kind == gazetteer.Country && acronymOf(w[j]) != ""
}

// isAllDigits reports whether w is a non-empty run of ASCII digits.
func isAllDigits(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w != ""
}

// listedWithOrgs reports whether mention m is a conjunct of a list that
// holds an organisation's name.
func (d *doc) listedWithOrgs(m *mention) bool {
	i, h := m.sent, m.head
	if h < 0 {
		return false
	}
	first := h
	if t := d.tok(i, h); t.Deprel == "conj" && t.Head > 0 {
		first = t.Head - 1
	}
	members := []int{first}
	for _, c := range d.children[i][first] {
		if d.tok(i, c).Deprel == "conj" {
			members = append(members, c)
		}
	}
	for _, k := range members {
		if k == h {
			continue
		}
		if mi := d.tokMent[i][k]; mi >= 0 && d.ments[mi].typ == "ORG" {
			return true
		}
	}
	return false
}

// retypeDesignators fixes a tagger's PERSON on a one-word organisation in
// front of a title and a name: "Siemens chief executive Roland Busch". A
// word that is part of another person's full name ("Biden spokesman Andrew
// Bates" with "Joe Biden" elsewhere) stays a person.
func (d *doc) retypeDesignators() {
	parts := map[string]bool{}
	for _, m := range d.ments {
		if ws := strings.Fields(m.surface); m.kind == kindName && m.typ == "PERSON" && len(ws) > 1 {
			for _, w := range ws {
				parts[w] = true
			}
		}
	}
	for mi, m := range d.ments {
		if m.kind != kindName || m.typ == "NORP" || m.typ == "PERSON" && (m.end-m.start != 1 || parts[m.surface]) {
			continue
		}
		// Capitalised words the tagger left out of the name: "Siemens
		// Energy chief executive".
		w := d.words[m.sent]
		k := m.end
		for k < len(w) && k < m.end+2 && d.tokMent[m.sent][k] < 0 && isCapitalized(w[k]) && !isTitleWord(w[k]) {
			k++
		}
		t, n := matchTitle(w, k)
		if t == nil || t.role == "" {
			continue
		}
		next := d.mentAt(m.sent, k+n)
		if next == nil || next.start != k+n || next.typ != "PERSON" || next.kind != kindName {
			continue
		}
		if m.typ == "PERSON" {
			m.typ = "ORG"
		}
		if k > m.end {
			s := d.sents[m.sent]
			m.end, m.be = k, s.Tokens[k-1].End
			if m.bs >= 0 && m.be <= len(d.text) {
				m.surface = strings.Join(strings.Fields(d.text[m.bs:m.be]), " ")
			}
			for j := m.start; j < k; j++ {
				d.tokMent[m.sent][j] = mi
			}
		}
	}
}

// isCapitalized reports whether a word starts with an upper-case letter.
func isCapitalized(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// acronymOf returns the letters of a form that looks like an acronym
// ("IMF", "U.N.", "NATO"), or "".
func acronymOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r == '.' || r == '&':
		default:
			return ""
		}
	}
	if b.Len() < 2 || b.Len() > 6 {
		return ""
	}
	return b.String()
}

// initialStop are words an acronym skips.
var initialStop = map[string]bool{"of": true, "the": true, "and": true, "for": true, "on": true, "in": true, "&": true, "to": true, "de": true}

// initials returns the upper-case initials of a multi-word name's content
// words, with and without the stop words, or nil for a one-word name.
func initials(name string) []string {
	ws := strings.Fields(name)
	if len(ws) < 2 {
		return nil
	}
	var all, content strings.Builder
	for _, w := range ws {
		r := []rune(w)[0]
		up := strings.ToUpper(string(r))
		all.WriteString(up)
		if !initialStop[lower(w)] {
			content.WriteString(up)
		}
	}
	return []string{content.String(), all.String()}
}

// keyAcronyms maps an unknown acronym to the only non-person name in the
// document whose initials it spells, or to the name it directly follows in
// parentheses: "International Monetary Fund (IMF)".
func (d *doc) keyAcronyms() {
	type cand struct{ key, name, typ string }
	var names []cand
	seen := map[string]bool{}
	for _, m := range d.ments {
		if m.kind != kindName || m.typ == "PERSON" || m.typ == "NORP" || seen[m.key] {
			continue
		}
		seen[m.key] = true
		names = append(names, cand{m.key, m.canonical, m.typ})
	}
	for mi, m := range d.ments {
		if m.kind != kindName || m.typ == "PERSON" || m.typ == "NORP" || strings.HasPrefix(m.key, "G:") {
			continue
		}
		if _, known := gazetteer.LookupOrg(m.surface); known {
			continue
		}
		acr := acronymOf(m.surface)
		if acr == "" {
			// "the Fund" for the International Monetary Fund: the head
			// word of the one organisation named in full that ends in it.
			if ws := strings.Fields(m.surface); len(ws) == 1 && m.typ == "ORG" && m.start > 0 && lower(d.words[m.sent][m.start-1]) == "the" {
				match, n := "", 0
				for _, c := range names {
					cw := strings.Fields(c.name)
					if c.key != m.key && c.typ == "ORG" && len(cw) > 1 && cw[len(cw)-1] == ws[0] && !strings.HasPrefix(c.key, "G:") {
						match, n = c.key, n+1
					}
				}
				if n == 1 {
					m.key = match
				}
			}
			continue
		}
		// "Name (ACR)": the parenthesis defines the acronym.
		if m.start >= 2 && d.words[m.sent][m.start-1] == "(" {
			if p := d.tokMent[m.sent][m.start-2]; p >= 0 && p < mi && d.ments[p].typ != "PERSON" {
				m.key = d.ments[p].key
				continue
			}
		}
		match := ""
		n := 0
		for _, c := range names {
			if c.key == m.key {
				continue
			}
			if slices.Contains(initials(c.name), acr) {
				if match != c.key {
					n++
				}
				match = c.key
			}
		}
		if n == 1 {
			m.key = match
		}
	}
}

// nameParts returns the words of a person name without a trailing
// possessive and suffixes such as "Jr.".
func nameParts(name string) []string {
	var out []string
	for _, w := range strings.Fields(name) {
		switch lower(strings.TrimSuffix(w, ",")) {
		case "jr.", "jr", "sr.", "sr", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii":
			continue
		}
		out = append(out, w)
	}
	return out
}

// keyPersons links person names to the longest full name they are part
// of. A one-word name joins the only full name whose first or last word it
// is; when several full names share it, it stays apart. A longer form of a
// name ("George W. Bush" for "George Bush") joins when it is unique.
func (d *doc) keyPersons() {
	var fulls []string // distinct multi-word person keys, in order
	parts := map[string][]string{}
	for _, m := range d.ments {
		if m.kind != kindName || m.typ != "PERSON" {
			continue
		}
		p := nameParts(gazetteer.Normalize(m.surface))
		if len(p) >= 2 && parts[m.key] == nil {
			fulls = append(fulls, m.key)
		}
		parts[m.key] = p
	}
	// Full names that are a shorter form of another (same first and last
	// word, fewer middle words) join the longest such name when unique.
	target := map[string]string{}
	// A name introduced as a relative, "second son of Pierre L'Enfant",
	// is another member of the family, which shares the names.
	kin := map[string]bool{}
	for _, m := range d.ments {
		if m.kind == kindName && m.typ == "PERSON" && d.kinOf(m.sent, m.head) {
			kin[m.key] = true
		}
	}
	for _, k := range fulls {
		if kin[k] {
			continue
		}
		var sup []string
		for _, o := range fulls {
			po, pk := parts[o], parts[k]
			if o == k || len(po) <= len(pk) {
				continue
			}
			// "George Bush" in "George W. Bush"; or the surnames alone,
			// "Campos Neto" in "Roberto Campos Neto".
			if subsequence(pk, po) && po[0] == pk[0] && po[len(po)-1] == pk[len(pk)-1] || slices.Equal(po[len(po)-len(pk):], pk) {
				sup = append(sup, o)
			}
		}
		if len(sup) == 1 {
			target[k] = sup[0]
		}
	}
	canon := func(k string) string {
		if t, ok := target[k]; ok {
			return t
		}
		return k
	}
	fullCount := map[string]int{}
	firstFull := map[string][2]int{} // sentence and token of each full name's first mention
	for _, m := range d.ments {
		if m.kind == kindName && m.typ == "PERSON" && len(parts[m.key]) >= 2 {
			k := canon(m.key)
			fullCount[k]++
			if f, ok := firstFull[k]; !ok || m.sent < f[0] || m.sent == f[0] && m.start < f[1] {
				firstFull[k] = [2]int{m.sent, m.start}
			}
		}
	}
	// A lone word that the tagger typed as a place or organisation but that
	// is the surname of exactly one person named in full, and that the
	// gazetteer does not know, is that person: "Zelenskyy" tagged GPE.
	for _, m := range d.ments {
		if m.kind != kindName || m.typ == "PERSON" || m.typ == "NORP" || !strings.HasPrefix(m.key, "O:") || m.end-m.start != 1 {
			continue
		}
		if _, ok := gazetteer.Metonym(m.surface); ok {
			continue
		}
		n := 0
		var owner string
		for _, k := range fulls {
			if fp := parts[k]; fp[len(fp)-1] == gazetteer.Normalize(m.surface) {
				n++
				owner = k
			}
		}
		if n == 1 {
			m.typ, m.key = "PERSON", "P:"+gazetteer.Normalize(m.surface)
			parts[m.key] = []string{parts[owner][len(parts[owner])-1]}
		}
	}
	for _, m := range d.ments {
		if m.kind != kindName || m.typ != "PERSON" {
			continue
		}
		p := parts[m.key]
		if len(p) >= 2 {
			m.key = canon(m.key)
			continue
		}
		if len(p) != 1 {
			continue
		}
		// Surname owners first: "Bernoulli" is Daniel Bernoulli's before
		// it is a Bernoulli Smith's; then first names; then a word inside
		// a name, as "Lula" is Luiz Inacio Lula da Silva's.
		var owners []string
		for pass := 0; pass < 3 && len(owners) == 0; pass++ {
			for _, k := range fulls {
				fp := parts[k]
				var match bool
				switch pass {
				case 0:
					match = fp[len(fp)-1] == p[0]
				case 1:
					match = fp[0] == p[0]
				default:
					// Only after the full name: a biography calls its
					// subject "Chao" throughout, and "His daughter
					// Rulan Chao Pian" at its end is someone else.
					f, ok := firstFull[canon(k)]
					match = slices.Contains(fp[1:len(fp)-1], p[0]) && !isNameParticle(p[0]) &&
						ok && (f[0] < m.sent || f[0] == m.sent && f[1] < m.start)
				}
				if match && !slices.Contains(owners, canon(k)) {
					owners = append(owners, canon(k))
				}
			}
		}
		switch len(owners) {
		case 1:
			if pl, ok := gazetteer.LookupPlace(m.surface); ok && pl.Kind == gazetteer.Country {
				if f := firstFull[owners[0]]; m.sent < f[0] || m.sent == f[0] && m.start < f[1] {
					// A country's name before the person who shares it is
					// named in full is the country: "Jordan signed a trade
					// deal with Egypt. … Michael Jordan visited Cairo."
					m.typ, m.key, m.canonical = "GPE", "G:"+gazetteer.Normalize(pl.Name), pl.Name
					continue
				}
			}
			m.key = owners[0]
		case 0:
			// A name used alone: its own entity.
		default:
			// Several people share the name: the only one the text has
			// named in full before it ("Daniel Okafor … Okafor … his
			// wife, Grace Okafor"), else the one the document is about
			// when it names them at least twice as often as any other,
			// else nobody.
			var before []string
			for _, o := range owners {
				if f, ok := firstFull[o]; ok && (f[0] < m.sent || f[0] == m.sent && f[1] < m.start) {
					before = append(before, o)
				}
			}
			slices.SortStableFunc(owners, func(a, b string) int { return fullCount[b] - fullCount[a] })
			switch {
			case len(before) == 1:
				m.key = before[0]
			case fullCount[owners[0]] >= 2*fullCount[owners[1]]:
				m.key = owners[0]
			default:
				m.key = ""
			}
		}
	}
}

// isNameParticle reports whether a normalised word is a particle of
// surnames ("da", "van", "bin") rather than a name of its own.
func isNameParticle(w string) bool {
	switch w {
	case "da", "de", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "ter",
		"bin", "ibn", "bint", "al", "el", "abu", "y", "e", "st", "mc":
		return true
	}
	return len(w) < 2
}

// subsequence reports whether a is a subsequence of b.
func subsequence(a, b []string) bool {
	i := 0
	for _, w := range b {
		if i < len(a) && a[i] == w {
			i++
		}
	}
	return i == len(a)
}

// buildEntities creates one entity per key in order of first mention.
func (d *doc) buildEntities() {
	for _, m := range d.ments {
		if m.key == "" {
			continue
		}
		ei := d.entityFor(m.key, m.typ, m.canonical)
		m.ent = ei
		e := d.ents[ei]
		e.votes[m.typ]++
		if m.kind == kindName {
			e.names[m.surface] = true
			if m.canonical != m.surface && !strings.HasPrefix(m.key, "P:") {
				// A gazetteer name is the canonical one.
				e.name = m.canonical
			} else if betterName(m.surface, e.name) && !d.fixedName(e) {
				e.name = m.surface
			}
		}
		if m.gender != 0 && e.gender == 0 {
			e.gender = m.gender
		}
	}
	for _, e := range d.ents {
		best, n := e.typ, -1
		for _, t := range []string{"PERSON", "GPE", "ORG", "LOC", "NORP"} {
			if e.votes[t] > n {
				best, n = t, e.votes[t]
			}
		}
		if n > 0 {
			e.typ = best
		}
		if e.typ == "PERSON" && e.gender == 0 {
			e.gender = firstNameGender(e.name)
		}
	}
}

// fixedName reports whether the entity's name comes from the gazetteer.
func (d *doc) fixedName(e *entity) bool {
	if strings.HasPrefix(e.key, "G:") {
		return true
	}
	if o, ok := gazetteer.LookupOrg(e.name); ok && o.Name == e.name {
		return true
	}
	return false
}

// betterName reports whether a is a better canonical name than b: more
// words, then longer.
func betterName(a, b string) bool {
	if b == "" {
		return true
	}
	wa, wb := len(nameParts(a)), len(nameParts(b))
	if wa != wb {
		return wa > wb
	}
	return len(a) > len(b)
}

// entityFor returns the entity of key, creating it.
func (d *doc) entityFor(key, typ, name string) int {
	if ei, ok := d.byKey[key]; ok {
		return ei
	}
	d.ents = append(d.ents, &entity{key: key, typ: typ, votes: map[string]int{}, names: map[string]bool{}, name: name})
	d.byKey[key] = len(d.ents) - 1
	return len(d.ents) - 1
}

// result assembles the Result.
func (d *doc) result() Result {
	var r Result
	r.Tokens = make([][]int, len(d.sents))
	for i, s := range d.sents {
		r.Tokens[i] = make([]int, len(s.Tokens))
		for j := range r.Tokens[i] {
			r.Tokens[i][j] = -1
		}
	}
	// Entities are numbered by first mention in text order.
	order := make([]int, len(d.ents))
	firstPos := make([]int, len(d.ents))
	for i := range firstPos {
		firstPos[i] = 1 << 62
	}
	ms := slices.Clone(d.ments)
	slices.SortStableFunc(ms, func(a, b *mention) int {
		return cmp.Or(cmp.Compare(a.sent, b.sent), cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	for k, m := range ms {
		if m.ent >= 0 && k < firstPos[m.ent] {
			firstPos[m.ent] = k
		}
	}
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(firstPos[a], firstPos[b]) })
	// An entity left without mentions (its only name turned out to be a
	// designator) is dropped unless a role points at it.
	used := make([]bool, len(d.ents))
	for i := range used {
		used[i] = firstPos[i] < 1<<62
	}
	for _, rel := range d.roles {
		used[rel.Subject], used[rel.Object] = true, true
	}
	order = slices.DeleteFunc(order, func(i int) bool { return !used[i] })
	newIdx := make([]int, len(d.ents))
	for n, old := range order {
		newIdx[old] = n
		e := d.ents[old]
		names := []string{e.name}
		for s := range e.names {
			if s != e.name {
				names = append(names, s)
			}
		}
		slices.Sort(names)
		r.Entities = append(r.Entities, extract.Entity{Name: e.name, Type: e.typ, Aliases: names, Unlinked: d.introducedAlone(old)})
	}
	for _, m := range ms {
		if m.ent < 0 {
			continue
		}
		ei := newIdx[m.ent]
		text := m.surface
		if m.bs >= 0 && m.be <= len(d.text) && m.bs <= m.be {
			text = d.text[m.bs:m.be]
		}
		r.Mentions = append(r.Mentions, extract.Mention{Entity: ei, Sentence: m.sent, Start: m.bs, End: m.be, Text: text, Kind: m.kind})
		if m.kind == kindName {
			for j := m.start; j < m.end; j++ {
				r.Tokens[m.sent][j] = ei
			}
		} else {
			r.Tokens[m.sent][m.head] = ei
		}
	}
	for _, rel := range d.roles {
		rel.Subject, rel.Object = newIdx[rel.Subject], newIdx[rel.Object]
		r.Roles = append(r.Roles, rel)
	}
	slices.SortStableFunc(r.Roles, func(a, b extract.Relation) int {
		return cmp.Or(cmp.Compare(a.Sentence, b.Sentence), cmp.Compare(a.Start, b.Start),
			cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Object, b.Object), strings.Compare(a.Predicate, b.Predicate))
	})
	return r
}
