package ner

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"kg/extract/gazetteer"
	"kg/extract/internal/featurehash"
	"kg/extract/ud"
)

// The repairs below run on the finished spans of a whole document, after
// the network. Each is a convention of English names that the model, with
// some 5,700 labelled sentences to learn from, gets wrong often enough in
// text it has not seen to need a rule. They do not feed the training
// memory, so changing them needs no retraining.

// repairSpans corrects the extent and type of spans (spans[k] belongs to
// sents[k]) by the conventions of names: see extendNames, retype and
// citedAuthors.
func repairSpans(sents []*ud.Sentence, spans [][]Span) [][]Span {
	inPerson := personWords(sents, spans)
	for k, s := range sents {
		spans[k] = extendNames(s.Tokens, spans[k])
		for i, sp := range spans[k] {
			spans[k][i].Type = retype(s.Tokens, sp, inPerson)
		}
		spans[k] = citedAuthors(s.Tokens, spans[k])
		spans[k] = notHeaders(s.Tokens, spans[k])
		spans[k] = listedNames(s.Tokens, spans[k])
		spans[k] = scoreLineClubs(s.Tokens, spans[k])
		spans[k] = titledPersons(s.Tokens, spans[k])
		spans[k] = personsOf(s.Tokens, spans[k])
	}
	return spans
}

// personsOf splits a person's name the model ran on over "of" and an
// organisation ("Michael Tien of NPP", "Alvin Yeung of the Civic Party"):
// the name before "of", of two proper nouns or more, is the person; what
// follows is an organisation when it is an acronym, ends in a word that
// heads organisations' names or is one the gazetteer knows, a place when
// the gazetteer knows it as one, and no name otherwise. A one-word name
// before "of" stays whole ("Catherine of Aragon", "Joan of Arc").
func personsOf(toks []ud.Token, spans []Span) []Span {
	var out []Span
	for _, sp := range spans {
		of := -1
		if sp.Type == "PERSON" {
			for i := sp.Start + 2; i < sp.End-1; i++ {
				if toks[i].Form == "of" {
					of = i
					break
				}
			}
		}
		proper := of > 0
		for i := sp.Start; proper && i < of; i++ {
			// A hyphenated given name is split by the tokenizer
			// ("Cheng Chung - tai"): the hyphen and the word after it
			// belong to the proper noun before them.
			hyphen := toks[i].Form == "-" && i > sp.Start && i+1 < of
			proper = toks[i].UPOS == "PROPN" && startsUpper(toks[i].Form) || hyphen || i > sp.Start+1 && toks[i-1].Form == "-"
		}
		if !proper {
			out = append(out, sp)
			continue
		}
		out = append(out, Span{Start: sp.Start, End: of, Type: "PERSON"})
		from := of + 1
		if strings.EqualFold(toks[from].Form, "the") {
			from++
		}
		if from >= sp.End {
			continue
		}
		rest := spanText(toks, from, sp.End)
		last := toks[sp.End-1].Form
		kind, _ := gazetteer.Classify(rest)
		switch {
		case kind == "org" || orgHeadOf(last) != 0 || sp.End-from == 1 && allCaps(last) && len(last) > 1:
			out = append(out, Span{Start: from, End: sp.End, Type: "ORG"})
		case kind != "" && kind != "demonym":
			out = append(out, Span{Start: from, End: sp.End, Type: "GPE"})
		case sp.End-from > 1 && properRun(toks, from, sp.End):
			// A name of two capitalised words or more that is no
			// place the gazetteer knows is, after a person and "of",
			// the organisation the person belongs to ("Cheng Chung-tai
			// of Civic Passion").
			out = append(out, Span{Start: from, End: sp.End, Type: "ORG"})
		}
	}
	return out
}

// properRun reports whether toks[from:to] are all capitalised proper nouns.
func properRun(toks []ud.Token, from, to int) bool {
	for i := from; i < to; i++ {
		if toks[i].UPOS != "PROPN" || !startsUpper(toks[i].Form) {
			return false
		}
	}
	return true
}

// listedNames makes organisations of the persons and places whose name,
// perhaps run on over the capitalised words after it, is a football club's
// or a listed company's name of two words or more, one the place gazetteer
// does not know: "Sheffield Wednesday", not Sheffield; "Leeds United", not
// a person. A company named after a person ("Ralph Lauren") stays a person
// when its first word is a given name.
func listedNames(toks []ud.Token, spans []Span) []Span {
	covered := coveredBy(len(toks), spans)
	for n, sp := range spans {
		if sp.Type != "PERSON" && !isPlaceType(sp.Type) {
			continue
		}
		best := 0
		var b strings.Builder
		for e := sp.Start; e < len(toks) && e-sp.Start < maxGazN; e++ {
			if e >= sp.End && (covered[e] || !startsUpper(toks[e].Form)) {
				break
			}
			if e > sp.Start {
				b.WriteByte(' ')
			}
			b.WriteString(toks[e].Form)
			kind, more := gazetteer.ListedName(b.String())
			if e+1 >= sp.End && e > sp.Start && (kind == gazetteer.Club || kind == gazetteer.Company && e+1 == sp.End) {
				best = e + 1
			}
			if !more && e+1 >= sp.End {
				break
			}
		}
		if best == 0 || isKnownPlace(spanText(toks, sp.Start, best)) {
			continue
		}
		if sp.Type == "PERSON" && gazetteer.IsGivenName(toks[sp.Start].Form) {
			continue
		}
		spans[n] = Span{Start: sp.Start, End: best, Type: "ORG"}
	}
	return spans
}

// scoreLineClubs makes organisations of the football clubs named in a
// results or standings line, one whose words are mostly numbers
// ("Chelsea 10 7 2 1 23", "Leeds 2 Hull 1"): there "Chelsea" and "Leeds"
// are the clubs, not the person or the town.
func scoreLineClubs(toks []ud.Token, spans []Span) []Span {
	nums := 0
	for _, t := range toks {
		if isDigits(t.Form) {
			nums++
		}
	}
	if nums < 2 || 2*nums < len(toks)-nums {
		return spans
	}
	for n, sp := range spans {
		if sp.Type == "ORG" {
			continue
		}
		if kind, _ := gazetteer.ListedName(spanText(toks, sp.Start, sp.End)); kind == gazetteer.Club {
			spans[n].Type = "ORG"
		}
	}
	return spans
}

// titledPersons makes persons of the organisations and places of two or
// more proper nouns that follow a role title its owner holds ("FTC chair
// Lina Khan", "Arsenal coach Mikel Arteta") or a capitalised one, by the
// convention that adds such names the model missed (see Recognize): unless
// the gazetteer knows the name or its last word heads a place's or an
// organisation's name ("Justice Department").
func titledPersons(toks []ud.Token, spans []Span) []Span {
	for n, sp := range spans {
		if sp.Type == "PERSON" || sp.Type == "NORP" || sp.End-sp.Start < 2 || sp.Start < 2 {
			continue
		}
		t := toks[sp.Start-1]
		owned := !startsUpper(t.Form) && startsUpper(toks[sp.Start-2].Form) && toks[sp.Start-2].UPOS == "PROPN"
		if (!startsUpper(t.Form) && !owned) || !gazetteer.IsTitle(t.Form) || t.Form == "St." || t.Form == "Saint" {
			continue
		}
		proper := true
		for i := sp.Start; i < sp.End; i++ {
			if toks[i].UPOS != "PROPN" || !startsUpper(toks[i].Form) || gazetteer.IsTitle(toks[i].Form) {
				proper = false
			}
		}
		last := toks[sp.End-1].Form
		if !proper || gazetteer.IsGeoFeatureHead(last) || orgHeadOf(last) != 0 {
			continue
		}
		if kind, _ := gazetteer.Classify(spanText(toks, sp.Start, sp.End)); kind != "" {
			continue
		}
		spans[n].Type = "PERSON"
	}
	return spans
}

// isDigits reports whether f is a number written in digits, perhaps with
// a score's dash ("2-1").
func isDigits(f string) bool {
	if f == "" {
		return false
	}
	for _, r := range f {
		if (r < '0' || r > '9') && r != '-' && r != '–' {
			return false
		}
	}
	return f[0] >= '0' && f[0] <= '9'
}

// standingsHeads are the column heads of sports standings and results
// tables ("Team P W D L Pts").
var standingsHeads = map[string]bool{
	"P": true, "Pld": true, "GP": true, "MP": true, "W": true, "D": true, "L": true, "T": true,
	"F": true, "A": true, "GF": true, "GA": true, "GD": true, "Pts": true, "PTS": true, "Pos": true,
	"OTL": true, "PCT": true, "Pct": true, "GB": true,
}

// notHeaders drops the spans that hold three or more column heads of a
// standings table: a header row read as one name. Names with bare initials
// ("V K Choudhry", "S S C Dolby") have at most two such letters among
// the gold names of every corpus kg trains or is scored on.
func notHeaders(toks []ud.Token, spans []Span) []Span {
	out := spans[:0]
	for _, sp := range spans {
		n := 0
		for i := sp.Start; i < sp.End; i++ {
			if standingsHeads[toks[i].Form] {
				n++
			}
		}
		if n < 3 {
			out = append(out, sp)
		}
	}
	return out
}

// citedAuthors makes persons of the authors' names in the sentence's
// citations, "(Li, Polat, Scalzo, & Bavelier, 2010)": a one-word name
// there that the model typed a place or organisation, and is none the
// gazetteer or WordNet knows ("(World Bank, 2010)"), is a person, and so
// is a capitalised word there that the model missed.
func citedAuthors(toks []ud.Token, spans []Span) []Span {
	author := citationAuthors(toks)
	if author == nil {
		return spans
	}
	covered := coveredBy(len(toks), spans)
	inside := func(sp Span) bool {
		for i := sp.Start; i < sp.End; i++ {
			if !author[i] {
				return false
			}
		}
		return true
	}
	for i, sp := range spans {
		if sp.Type != "PERSON" && sp.Type != "NORP" && sp.End-sp.Start == 1 && inside(sp) && !isKnown(spanText(toks, sp.Start, sp.End)) && !allCaps(toks[sp.Start].Form) {
			spans[i].Type = "PERSON"
		}
	}
	added := false
	for i := 0; i < len(toks); i++ {
		if !author[i] || covered[i] || !startsUpper(toks[i].Form) || allCaps(toks[i].Form) {
			continue
		}
		j := i + 1
		for j+1 < len(toks) && author[j+1] && !covered[j+1] && toks[j].Form == "-" {
			j += 2 // a hyphenated surname: "Berez - Kroeker"
		}
		spans = append(spans, Span{i, j, "PERSON"})
		added = true
		i = j - 1
	}
	if added {
		sortSpans(spans)
	}
	return spans
}

// citationAuthors marks the tokens of a sentence that are words of cited
// authors' names, or returns nil when it cites no one. A citation is a
// group of a parenthesis, between its ends or semicolons, that is names
// (capitalised words joined by commas, "&", "and", "et al." and name
// particles) and then a year. A name before a parenthesis that holds a
// year is not read as an author's: films and books are cited so too
// ("Match Point (2005)").
func citationAuthors(toks []ud.Token) []bool {
	var marks []bool
	mark := func(i int) {
		if marks == nil {
			marks = make([]bool, len(toks))
		}
		marks[i] = true
	}
	open := -1
	for i, t := range toks {
		switch t.Form {
		case "(":
			open = i
		case ";", ")":
			if open < 0 {
				continue
			}
			start := open + 1
			if t.Form == ";" {
				open = i
			} else {
				open = -1
			}
			year := -1
			for j := start; j < i; j++ {
				if isYear(toks[j].Form) {
					year = j
					break
				}
			}
			if year <= start || toks[year-1].Form != "," && !startsUpper(toks[year-1].Form) {
				continue
			}
			if !isAuthorList(toks[start:year]) {
				continue
			}
			for j := start; j < year; j++ {
				if startsUpper(toks[j].Form) || toks[j].Form == "-" && j > start && startsUpper(toks[j-1].Form) {
					mark(j)
				}
			}
		}
	}
	return marks
}

// isAuthorList reports whether toks, the words before a citation's year,
// list authors: surnames of one or two capitalised words (hyphens and
// name particles aside) joined by commas, "&" or "and", perhaps ending
// in "et al.". A lone name of two words needs "et al." to be read so:
// "(Three Sinners, 1950)" is a film's title.
func isAuthorList(toks []ud.Token) bool {
	if len(toks) == 0 || !startsUpper(toks[0].Form) {
		return false
	}
	names, words, longest, etAl := 0, 0, 0, false
	for _, t := range toks {
		switch f := t.Form; {
		case f == "," || f == "&" || f == "and":
			words = 0
		case f == "et" || f == "al.":
			etAl = true
		case f == "-" || isConnector(f):
		case startsUpper(f):
			if words == 0 {
				names++
			}
			words++
			longest = max(longest, words)
		default:
			return false
		}
	}
	return longest <= 2 && (longest == 1 || names > 1 || etAl)
}

// isYear reports whether f is a year as citations write it: four digits
// from 1500 to 2099, perhaps with a letter ("2010a").
func isYear(f string) bool {
	f = strings.TrimRight(f, "abcdef")
	if len(f) != 4 || f < "1500" || f > "2099" {
		return false
	}
	for _, r := range f {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// personWords returns the last words of the document's person names of
// two words or more: such a word alone is the person's surname even where
// world knowledge or the document's lower case say otherwise ("Sharon"
// after "Ariel Sharon", "May" after "Theresa May").
func personWords(sents []*ud.Sentence, spans [][]Span) map[string]bool {
	words := map[string]bool{}
	for k, sps := range spans {
		for _, sp := range sps {
			toks := sents[k].Tokens
			f := toks[sp.End-1].Form
			if sp.Type == "PERSON" && sp.End-sp.Start > 1 && toks[sp.End-2].Form != "of" && len(f) > 1 && !allCaps(f) {
				// "Theodorus of Tabennese" ends in a place.
				words[f] = true
			}
		}
	}
	return words
}

// extendNames widens spans to the whole name where the model stopped
// short by a convention it rarely saw, after taking the role titles off
// places and organisations (see untitled):
//   - a regnal number belongs to a person's name ("Louis XV", "Norton I,");
//   - a middle initial is never a name's last word ("ELIZABETH B. PRELOGAR");
//   - a word that heads only organisations' names, after a place, makes
//     the place's name an organisation's ("San Francisco Bulletin"), and
//     so does a foreign head word after any name ("Vrije Universiteit");
//   - an organisation's or a place's head word and "of" are followed by
//     the rest of its name ("Court of Appeal", "Bay of Bengal");
//   - a capitalised word before a span that makes with it an organisation
//     the gazetteer lists is part of its name ("Real Madrid");
//   - a title before a place or organisation named after a person is part of
//     its name ("the Emperor Norton Bridge", "King Abdulaziz University");
//   - an administrative division's head word is part of the place's name
//     ("the City of Cleveland", "the Province of Palawan");
//   - a foreign institution's name runs on over the city after it
//     ("Vrije Universiteit Amsterdam");
//   - a one-word name joined by "and" to an organisation's name is part of
//     it ("Rock and Roll Hall of Fame", "Trinidad and Tobago Football
//     Association").
func extendNames(toks []ud.Token, spans []Span) []Span {
	covered := coveredBy(len(toks), spans)
	free := func(i int) bool { return i >= 0 && i < len(toks) && !covered[i] }
	out := spans[:0:0]
	skip := -1 // a span joined to the one before it
	for n, sp := range spans {
		if n == skip {
			continue
		}
		sp = untitled(toks, sp)
		switch {
		case sp.Type == "PERSON" && free(sp.End) && isRegnalNumber(toks, sp.End):
			sp.End++
		case sp.Type == "PERSON" && free(sp.End) && isInitial(toks[sp.End-1].Form) && startsUpper(toks[sp.End].Form) && toks[sp.End].UPOS != "PUNCT":
			sp.End++
		}
		if sp.Type != "NORP" && free(sp.End) && isProperWord(toks, sp.End) && (isPlaceType(sp.Type) && orgHeadOf(toks[sp.End].Form) == orgOnly ||
			orgHeadOf(toks[sp.End].Form) == orgOrPlace && isCountryOrState(spanText(toks, sp.Start, sp.End)) || foreignOrgHeads[strings.ToLower(toks[sp.End].Form)]) {
			// "the San Francisco Bulletin", "the Mexico City Council",
			// "Vrije Universiteit", and after a country or state even
			// a word that also heads places' names ("Ontario Court"):
			// a head word after a name makes it an organisation's.
			sp.End++
			sp.Type = "ORG"
		}
		if (sp.Type == "ORG" && orgHeadOf(toks[sp.End-1].Form) != 0 || isPlaceType(sp.Type) && gazetteer.IsGeoFeatureHead(toks[sp.End-1].Form)) &&
			free(sp.End) && toks[sp.End].Form == "of" && free(sp.End+1) && isProperWord(toks, sp.End+1) {
			// "the Court of Appeal", "the Bay of Bengal": the model
			// stopped at the head.
			sp.End += 2
			for free(sp.End) && isProperWord(toks, sp.End) {
				sp.End++
			}
		}
		if sp.Type != "NORP" && free(sp.Start-1) && startsUpper(toks[sp.Start-1].Form) && unforced(toks, sp.Start-1) && !strings.EqualFold(toks[sp.Start-1].Form, "the") {
			if _, ok := gazetteer.LookupOrg(spanText(toks, sp.Start-1, sp.End)); ok {
				// "Real Madrid": the gazetteer's name, though "Real"
				// is usually an adjective.
				sp.Start--
				sp.Type = "ORG"
			}
		}
		if (sp.Type == "ORG" || isPlaceType(sp.Type)) && free(sp.Start-1) && gazetteer.IsTitle(toks[sp.Start-1].Form) && startsUpper(toks[sp.Start-1].Form) &&
			sp.End-sp.Start > 1 && (gazetteer.IsGeoFeatureHead(toks[sp.End-1].Form) || orgHeadOf(toks[sp.End-1].Form) != 0) {
			sp.Start--
		}
		if isPlaceType(sp.Type) && free(sp.Start-2) && free(sp.Start-1) && isAdminOf(toks, sp.Start-2) &&
			(sp.Start < 3 || !startsUpper(toks[sp.Start-3].Form) && !isPossessive(toks[sp.Start-3].Form)) {
			sp.Start -= 2
			sp.Type = "GPE"
		}
		if n+1 < len(spans) && sp.Type != "NORP" && hasForeignOrgHead(toks[sp.Start:sp.End]) && spans[n+1].Start == sp.End && isPlaceType(spans[n+1].Type) {
			// A foreign institution's name often ends in its city:
			// "Vrije Universiteit Amsterdam", "Universität Wien".
			sp.End = spans[n+1].End
			skip = n + 1
		}
		if sp.Type == "ORG" && andJoined(toks, sp) {
			if len(out) > 0 && out[len(out)-1].Start == sp.Start-2 && out[len(out)-1].End == sp.Start-1 {
				out = out[:len(out)-1] // the first word's own span
			}
			sp.Start -= 2
		}
		for i := sp.Start; i < sp.End; i++ {
			covered[i] = true
		}
		out = append(out, sp)
	}
	return out
}

// isCountryOrState reports whether the gazetteer knows name as a country
// or a state.
func isCountryOrState(name string) bool {
	kind, _ := gazetteer.Classify(name)
	return kind == gazetteer.Country || kind == gazetteer.State
}

// untitled returns sp without the role titles it starts with, when the
// model typed it a place or an organisation: the place after a title's
// "of" ("King of Athens" is the title of Athens), or the person of one or
// two words after an honorific ("Lord Diplock"), unless the gazetteer or
// WordNet knows the name or its last word heads a place's or an
// organisation's ("General Motors"). "St." and "Saint" begin places'
// names.
func untitled(toks []ud.Token, sp Span) Span {
	if sp.Type == "PERSON" || sp.Type == "NORP" {
		return sp
	}
	k := sp.Start
	for k < sp.End && gazetteer.IsTitle(toks[k].Form) && startsUpper(toks[k].Form) && toks[k].Form != "St." && toks[k].Form != "Saint" {
		k++
	}
	if k == sp.Start || k >= sp.End-1 && (k == sp.End || toks[k].Form == "of") || isKnown(spanText(toks, sp.Start, sp.End)) {
		return sp
	}
	if toks[k].Form == "of" {
		rest := Span{k + 1, sp.End, sp.Type}
		for rest.Start < rest.End-1 && strings.EqualFold(toks[rest.Start].Form, "the") {
			rest.Start++
		}
		if isKnownPlace(spanText(toks, rest.Start, rest.End)) {
			rest.Type = placeType(toks, rest.Start, rest.End)
		}
		return rest
	}
	last := toks[sp.End-1].Form
	if !isHonorific(toks[k-1].Form) || sp.End-k > 2 || gazetteer.IsGeoFeatureHead(last) || orgHeadOf(last) != 0 || isKnown(spanText(toks, k, sp.End)) {
		return sp
	}
	for i := k; i < sp.End; i++ {
		if !isProperWord(toks, i) {
			return sp
		}
	}
	return Span{k, sp.End, "PERSON"}
}

// isHonorific reports whether a title is given to persons only, not also
// to streets, mosques and leagues ("Admiral Blvd", "Sheikh Lotfollah
// Mosque", "Major League Baseball").
func isHonorific(w string) bool {
	switch strings.TrimSuffix(w, ".") {
	case "Lord", "Lady", "Sir", "Dame", "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor",
		"President", "Senator", "Sen", "Rep", "Judge", "Justice", "Rev", "Reverend", "Chancellor", "Minister":
		return true
	}
	return false
}

// isRegnalNumber reports whether toks[i] is a Roman numeral after a name:
// "II" to "XXXIX", or "I" where punctuation or the sentence's end follows,
// since "Norton I went" is the pronoun.
func isRegnalNumber(toks []ud.Token, i int) bool {
	f := toks[i].Form
	if f == "I" {
		return i+1 == len(toks) || toks[i+1].UPOS == "PUNCT"
	}
	if len(f) < 2 || strings.Trim(f, "IVX") != "" {
		return false
	}
	// The numerals of 2 to 39 in their canonical spelling.
	tens := strings.TrimLeft(f, "X")
	if len(f)-len(tens) > 3 {
		return false
	}
	switch tens {
	case "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX":
		return true
	}
	return false
}

// isInitial reports whether f is a single capital letter and a full stop.
func isInitial(f string) bool {
	return len(f) == 2 && f[1] == '.' && f[0] >= 'A' && f[0] <= 'Z'
}

// adminHeads are the words that head the name of an administrative
// division before "of": "the Municipality of Culion".
var adminHeads = map[string]bool{
	"Municipality": true, "Province": true, "County": true, "District": true, "Prefecture": true,
	"Republic": true, "Kingdom": true, "Commonwealth": true, "Emirate": true, "Principality": true,
	"Sultanate": true, "Duchy": true, "Canton": true, "Governorate": true, "Oblast": true,
	"City": true, "Town": true, "Village": true, "Borough": true, "Parish": true, "Territory": true,
	"Region": true, // not "Department", a ministry's: "Department of State"
}

// isAdminOf reports whether toks[i:] starts with an administrative
// division's head word and "of" before a capitalised word.
func isAdminOf(toks []ud.Token, i int) bool {
	return i >= 0 && i+2 < len(toks) && adminHeads[toks[i].Form] && toks[i+1].Form == "of" && startsUpper(toks[i+2].Form)
}

// andJoined reports whether the organisation sp is the second half of a
// name joined by "and": one capitalised word, on its own or a span of its
// own, then "and" or "&", then sp, which runs on past a first word to an
// organisation's head and is no name the gazetteer knows. A list ("France,
// Germany and …") or a longer first name is left apart, and so is an
// organisation of one word ("Israel and Hamas").
func andJoined(toks []ud.Token, sp Span) bool {
	a, and := sp.Start-2, sp.Start-1
	if a < 0 || sp.End-sp.Start < 2 || orgHeadOf(toks[sp.End-1].Form) == 0 && !strings.Contains(spanText(toks, sp.Start, sp.End), " of ") {
		return false
	}
	if f := toks[and].Form; f != "and" && f != "&" {
		return false
	}
	if !startsUpper(toks[a].Form) || allCaps(toks[a].Form) || toks[a].UPOS != "PROPN" || gazetteer.IsGivenName(toks[sp.Start].Form) {
		return false
	}
	if p := a - 1; p >= 0 && (startsUpper(toks[p].Form) && unforced(toks, p) || toks[p].UPOS == "ADP" || toks[p].Form == "," || toks[p].Form == "and") {
		return false
	}
	if _, ok := gazetteer.LookupOrg(spanText(toks, sp.Start, sp.End)); ok {
		return false
	}
	return true
}

// isPlaceType reports whether typ is one of the finished place types.
func isPlaceType(typ string) bool { return typ == "GPE" || typ == "LOC" }

// retype returns the type sp should have by conventions the model
// sometimes overrides from context:
//   - a name headed by a foreign word for university, institute, library,
//     ministry and the like is an organisation ("Vrije Universiteit");
//   - a lone place that is the surname of a person the document names in
//     full is that person ("Valeska Paris … Paris claims"); an
//     organisation stays one ("Henry Ford … Ford said");
//   - a common given name and a surname after a possessive are a person,
//     not the organisation finish splits off a possessive ("Apple's Tim
//     Cook", read as one name);
//   - a name that starts with a feature word is a place ("Fort Lee",
//     "Lake Placid");
//   - a known place followed by plural names is a sports team ("Pittsburgh
//     Pirates", "Boston Red Sox");
//   - spaced initials are read as the abbreviation they spell ("U. S.");
//   - a name in apposition to a role title is a person ("the King of
//     Athens, Theseus"), unless it is a known place or headed by a place's
//     or an organisation's word;
//   - a party to a lawsuit ("Biden versus Nebraska") is a person unless it
//     is a known place or headed by an organisation's or place's word;
//   - a name WordNet knows only as a place, as written or in plain letters,
//     is no person ("Luzon", "Łódź"), unless
//     it starts with a given name or the document uses the word in a
//     person's longer name. (WordNet's persons are not turned the other
//     way: many towns bear a surname it knows, "Irving" and "Napier".)
func retype(toks []ud.Token, sp Span, inPerson map[string]bool) string {
	if sp.Type == "NORP" {
		return sp.Type
	}
	text := spanText(toks, sp.Start, sp.End)
	n := sp.End - sp.Start
	last := toks[sp.End-1].Form
	switch {
	case sp.Type != "ORG" && hasForeignOrgHead(toks[sp.Start:sp.End]):
		return "ORG"
	case n == 1 && isPlaceType(sp.Type) && inPerson[text]:
		return "PERSON"
	case sp.Type == "ORG" && sp.Start > 0 && isPossessive(toks[sp.Start-1].Form) && n <= 3 && gazetteer.IsGivenName(toks[sp.Start].Form) &&
		orgHeadOf(last) == 0 && !gazetteer.IsGeoFeatureHead(last) && !isKnown(text):
		return "PERSON"
	case sp.Type == "PERSON" && n > 1 && isFeaturePrefix(toks[sp.Start].Form):
		return placeType(toks, sp.Start, sp.End)
	case isPlaceType(sp.Type) && isTeamName(toks, sp):
		return "ORG"
	case n > 1 && allInitials(toks[sp.Start:sp.End]):
		if p, ok := gazetteer.LookupPlace(strings.ReplaceAll(text, " ", "")); ok {
			if p.IsGPE() {
				return "GPE"
			}
			return "LOC"
		}
	case isPlaceType(sp.Type) && apposedToTitle(toks, sp) && !isKnownPlace(text) && !gazetteer.IsGeoFeatureHead(last) && orgHeadOf(last) == 0:
		return "PERSON"
	case isPlaceType(sp.Type) && nextToVersus(toks, sp) && !isKnownPlace(text) && !gazetteer.IsGeoFeatureHead(last) && orgHeadOf(last) == 0:
		if kinds, _ := gazetteer.WordNetKinds(text); wordnetType(kinds) == "" {
			return "PERSON"
		}
	}
	if sp.Type == "PERSON" && !(n == 1 && inPerson[text]) && !gazetteer.IsGivenName(toks[sp.Start].Form) {
		if kinds := wordnetKinds(text); !strings.Contains(kinds, "person") {
			if t := wordnetType(kinds); isPlaceType(t) {
				return t
			}
		}
	}
	return sp.Type
}

// isFeaturePrefix reports whether a word before a name makes it a place's:
// "Fort", "Mount", "Lake", "Port", "Cape".
func isFeaturePrefix(w string) bool {
	switch w {
	case "Fort", "Ft.", "Mount", "Mt.", "Lake", "Port", "Cape", "Isle", "Gulf", "Loch":
		return true
	}
	return false
}

// isTeamName reports whether the place span sp is a known place followed
// by capitalised plurals, the shape of a sports team's name: "Pittsburgh
// Pirates", "Boston Red Sox", "Tampa Bay Rays". The whole must be no
// known place and end in no place word ("Philippine Islands").
func isTeamName(toks []ud.Token, sp Span) bool {
	last := toks[sp.End-1]
	if sp.End-sp.Start < 2 || !startsUpper(last.Form) || gazetteer.IsGeoFeatureHead(last.Form) || isKnownPlace(spanText(toks, sp.Start, sp.End)) {
		return false
	}
	if last.XPOS != "NNPS" && last.XPOS != "NNS" && !(strings.HasSuffix(last.Form, "s") && !strings.HasSuffix(last.Form, "ss")) {
		return false
	}
	if _, ok := gazetteer.Demonym(last.Form); ok {
		return false
	}
	for j := sp.End - 1; j > sp.Start; j-- {
		if isKnownPlace(spanText(toks, sp.Start, j)) {
			return true
		}
	}
	return false
}

// allInitials reports whether every token is a single capital and a full
// stop: "U. S.", "S. F.".
func allInitials(toks []ud.Token) bool {
	for _, t := range toks {
		if !isInitial(t.Form) {
			return false
		}
	}
	return true
}

// nextToVersus reports whether sp names a party to a lawsuit: "v.",
// "vs." or "versus" stands next to it.
func nextToVersus(toks []ud.Token, sp Span) bool {
	for _, i := range []int{sp.Start - 1, sp.End} {
		if i >= 0 && i < len(toks) {
			switch toks[i].Form {
			case "v", "v.", "vs", "vs.", "versus":
				return true
			}
		}
	}
	return false
}

// dropNonNames removes the spans of a finished document that are no names
// by the document's own evidence (spans[k] belongs to sents[k]):
//   - a word the document writes in lower case more often than not, and
//     twice at least, unless it is a word of a person's longer name there
//     ("May" after "Theresa May"): "WHO say Iodine deficiency …" in a text
//     about iodine;
//   - a common noun and a number: a label, not a name ("Tab 3", "Figure
//     2"), unless the noun is a place word ("Terminal 2", "Pier 39"); a
//     word the document numbers twice or more counts as a common noun;
//   - letters after a person's name and a comma: post-nominals ("Tom
//     Molomby, SC, said");
//   - names in a parenthesised gloss in another language ("Athens (Greek:
//     Αθήνα, Athína)"), which are the name before them in other words.
func dropNonNames(sents []*ud.Sentence, spans [][]Span, caps capTable) [][]Span {
	inPerson := personWords(sents, spans)
	counts := capCounts(sents)
	numbered := numberedWords(sents)
	gloss := make([][]bool, len(sents))
	for k, s := range sents {
		gloss[k] = glossTokens(s.Tokens)
	}
	return dropSpans(spans, func(k int, sp Span) bool {
		toks := sents[k].Tokens
		if gloss[k] != nil && gloss[k][sp.Start] {
			return true
		}
		if sp.Type == "NORP" {
			return false
		}
		text := spanText(toks, sp.Start, sp.End)
		switch sp.End - sp.Start {
		case 1:
			if f := toks[sp.Start].Form; !allCaps(f) && !inPerson[f] && unforced(toks, sp.Start) {
				c := counts[featurehash.String(strings.ToLower(f))]
				if c.all-c.cap >= 2 && c.cap*2 < c.all && !isKnown(text) {
					return true
				}
			}
			return isPostNominal(toks, sp, k, spans)
		case 2:
			w := toks[sp.Start].Form
			if toks[sp.Start+1].UPOS == "NUM" && !gazetteer.IsGeoFeatureHead(w) && !isFacilityWord(w) && !isKnown(text) {
				// Judged by the training text, since a document of labels
				// capitalises them throughout; or by the document, when it
				// numbers the word twice or more ("Tab 3 … Tab 8").
				b := caps.global[featurehash.String(strings.ToLower(w))]
				return b == 1 || b == 2 || numbered[w] > 1
			}
		}
		return false
	})
}

// isKnown reports whether the gazetteer or WordNet knows name as a place
// or an organisation.
func isKnown(name string) bool {
	if isKnownPlace(name) {
		return true
	}
	if _, ok := gazetteer.LookupOrg(name); ok {
		return true
	}
	kinds, _ := gazetteer.WordNetKinds(name)
	return wordnetType(kinds) != ""
}

// numberedWords counts, for each capitalised word of the document, the
// different numbers written after it.
func numberedWords(sents []*ud.Sentence) map[string]int {
	seen := map[[2]string]bool{}
	out := map[string]int{}
	for _, s := range sents {
		toks := s.Tokens
		for i := 0; i+1 < len(toks); i++ {
			if k := [2]string{toks[i].Form, toks[i+1].Form}; toks[i+1].UPOS == "NUM" && startsUpper(toks[i].Form) && !seen[k] {
				seen[k] = true
				out[k[0]]++
			}
		}
	}
	return out
}

// isFacilityWord reports whether a word before a number names a place:
// "Terminal 2", "Route 66".
func isFacilityWord(w string) bool {
	switch w {
	case "Terminal", "Route", "Highway", "Interstate", "Platform", "Exit", "Junction", "Berth", "Sector", "Zone", "Area", "Camp", "Base",
		"Ward", "District", "Precinct", "Channel":
		return true
	}
	return false
}

// isPostNominal reports whether the one-word span sp of sentence k is
// capital letters after a person's name and a comma, closed by punctuation:
// an honour or a rank ("QC", "SC", "MP"), unless the gazetteer lists it as
// an organisation.
func isPostNominal(toks []ud.Token, sp Span, k int, spans [][]Span) bool {
	f := toks[sp.Start].Form
	if !allCaps(f) || len(f) > 4 || sp.Start < 2 || toks[sp.Start-1].Form != "," || sp.End < len(toks) && toks[sp.End].UPOS != "PUNCT" {
		return false
	}
	if _, ok := gazetteer.LookupOrg(f); ok {
		return false
	}
	for _, p := range spans[k] {
		if p.Type == "PERSON" && p.End == sp.Start-1 {
			// A one-word "person" before capitals is more likely a town
			// the model mistook, before its state ("Lawrence, KS").
			return p.End-p.Start > 1
		}
	}
	return false
}

// glossTokens marks the tokens of a parenthesised gloss that opens with a
// language's name and a colon: "( Greek : Αθήνα , Athína )". It returns nil
// when the sentence holds none.
func glossTokens(toks []ud.Token) []bool {
	var marks []bool
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].Form != "(" || toks[i+2].Form != ":" {
			continue
		}
		if _, ok := gazetteer.Demonym(toks[i+1].Form); !ok {
			continue
		}
		if marks == nil {
			marks = make([]bool, len(toks))
		}
		// The gloss ends with the parenthesis or at the first word in
		// lower case ("( Persian : اصفهان , also known as Esfahan )").
		for j := i + 3; j < len(toks) && toks[j].Form != ")" && !isLowerWord(toks[j].Form); j++ {
			marks[j] = true
		}
	}
	return marks
}

// isLowerWord reports whether f starts with a lower-case letter.
func isLowerWord(f string) bool {
	r, _ := utf8.DecodeRuneInString(f)
	return unicode.IsLower(r)
}

// isProperWord reports whether toks[i] is a capitalised word of a name:
// not punctuation, and not a line in capitals, whose words all are.
func isProperWord(toks []ud.Token, i int) bool {
	return startsUpper(toks[i].Form) && toks[i].UPOS != "PUNCT" && (!allCaps(toks[i].Form) || isAcronymToken(toks, i))
}

// foreignOrgHeads are the words, in the languages news most often quotes
// institutions in, that head an organisation's name as "University" or
// "Institute" do in English: "Vrije Universiteit", "Instituto Gonzaga".
var foreignOrgHeads = map[string]bool{
	"universiteit": true, "universität": true, "université": true, "universidad": true, "università": true,
	"universidade": true, "universitat": true, "uniwersytet": true, "hochschule": true, "fachhochschule": true,
	"instituto": true, "institut": true, "istituto": true, "instytut": true, "bibliotheek": true,
	"bibliothèque": true, "biblioteca": true, "bibliothek": true, "conservatoire": true, "conservatorio": true,
	"escola": true, "escuela": true, "école": true, "scuola": true, "schule": true,
	"ministerio": true, "ministère": true, "ministerium": true, "ministero": true, "ministério": true,
	"théâtre": true, "teatro": true, "museo": true, "musée": true, "fundación": true, "fondation": true,
	"fundação": true, "stiftung": true, "fondazione": true, "partido": true, "parti": true, "partei": true,
	"banco": true, "banque": true, "gesellschaft": true, "verein": true, "société": true, "sociedad": true,
}

// hasForeignOrgHead reports whether a word of toks is an organisation's
// head word in another language.
func hasForeignOrgHead(toks []ud.Token) bool {
	for _, t := range toks {
		if foreignOrgHeads[strings.ToLower(t.Form)] {
			return true
		}
	}
	return false
}

// addMissedNames adds, to each sentence's spans, names that the model and
// finish missed: a common given name written capitalised where capitals
// are not forced, whatever the tagger made of it, before a proper noun
// ("Those included Drew Cass", "Drew" read as a verb); and the names of
// two words or more that WordNet knows as places, written capitalised
// throughout ("Cape of Good Hope", whose "Hope" is usually a common noun). (Runs of capitalised words ending in an
// organisation's head word were tried too: in cross-validation they
// found more headings and part names than organisations.)
func addMissedNames(sents []*ud.Sentence, spans [][]Span, caps capTable) [][]Span {
	for k, s := range sents {
		toks := s.Tokens
		covered := coveredBy(len(toks), spans[k])
		added := false
		add := func(sp Span) {
			spans[k] = append(spans[k], sp)
			for i := sp.Start; i < sp.End; i++ {
				covered[i] = true
			}
			added = true
		}
		for i := 0; i < len(toks); i++ {
			if covered[i] || !startsUpper(toks[i].Form) || allCaps(toks[i].Form) {
				continue
			}
			if j := givenNameRun(toks, i, covered); j > i {
				add(Span{i, j, "PERSON"})
				i = j - 1
				continue
			}
			if n, typ := wordnetName(toks, i, covered, caps); n >= 2 && isPlaceType(typ) && capitalisedName(toks[i:i+n]) {
				add(Span{i, i + n, placeType(toks, i, i+n)})
				i += n - 1
			}
		}
		if added {
			sortSpans(spans[k])
		}
	}
	return spans
}

// capitalisedName reports whether every word of toks but its connectors
// ("of", "de") is capitalised.
func capitalisedName(toks []ud.Token) bool {
	for _, t := range toks {
		if !startsUpper(t.Form) && !isConnector(t.Form) {
			return false
		}
	}
	return true
}

// coveredBy marks the tokens of a sentence of n tokens that spans cover.
func coveredBy(n int, spans []Span) []bool {
	covered := make([]bool, n)
	for _, sp := range spans {
		for i := sp.Start; i < sp.End; i++ {
			covered[i] = true
		}
	}
	return covered
}

// wordnetKinds returns WordNet's kinds for name as written or, when WordNet
// does not list that, in plain letters: WordNet spells foreign places
// without their diacritics ("Lodz" for "Łódź", "Zurich" for "Zürich").
func wordnetKinds(name string) string {
	if k, _ := gazetteer.WordNetKinds(name); k != "" {
		return k
	}
	plain := plainLetters(name)
	if plain == name {
		return ""
	}
	k, _ := gazetteer.WordNetKinds(plain)
	return k
}

// plainLetters returns s without its diacritics: accents are split off
// and dropped, and the letters that carry a stroke rather than an accent
// are replaced by their plain letters.
func plainLetters(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case 'ł':
			return 'l'
		case 'Ł':
			return 'L'
		case 'ø':
			return 'o'
		case 'Ø':
			return 'O'
		case 'đ':
			return 'd'
		case 'Đ':
			return 'D'
		case 'ı':
			return 'i'
		}
		return r
	}, norm.NFD.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, s)
}

// spanHead returns the index of the token of sp whose head lies outside
// it, or -1 when the sentence is not parsed.
func spanHead(toks []ud.Token, sp Span) int {
	for i := sp.Start; i < sp.End; i++ {
		if h := toks[i].Head - 1; toks[i].Head >= 0 && (h < sp.Start || h >= sp.End) {
			return i
		}
	}
	return -1
}

// apposedToTitle reports whether sp is in apposition to a role title, as
// either side: "the King of Athens, Theseus" or "Theseus, King of Athens".
func apposedToTitle(toks []ud.Token, sp Span) bool {
	if i := spanHead(toks, sp); i >= 0 {
		if h := toks[i].Head - 1; toks[i].Deprel == "appos" && h >= 0 && h < len(toks) && gazetteer.IsTitle(toks[h].Form) {
			return true
		}
		for j, t := range toks {
			if (j < sp.Start || j >= sp.End) && t.Head-1 == i && t.Deprel == "appos" && gazetteer.IsTitle(t.Form) {
				return true
			}
		}
	}
	// The parser may miss the apposition; its words still show it: "the"
	// or a possessive, a title, its of-phrase, a comma, the name.
	if sp.Start < 3 || toks[sp.Start-1].Form != "," {
		return false
	}
	for j := sp.Start - 2; j >= 0 && j >= sp.Start-6; j-- {
		f := toks[j].Form
		if gazetteer.IsTitle(f) {
			return j > 0 && (strings.EqualFold(toks[j-1].Form, "the") || isPossessive(toks[j-1].Form))
		}
		if !startsUpper(f) && f != "of" && f != "the" {
			return false
		}
	}
	return false
}

// givenNameRun returns the end of a person's name that starts at token i
// with a common given name the tagger did not take for a proper noun,
// written capitalised where capitals are not forced, and runs on over
// the uncovered capitalised proper nouns after it; or i when there is
// none, or when its last word or the gazetteer makes it a place's or an
// organisation's name.
func givenNameRun(toks []ud.Token, i int, covered []bool) int {
	if toks[i].UPOS == "PROPN" || !unforced(toks, i) || !gazetteer.IsGivenName(toks[i].Form) {
		return i
	}
	j := i + 1
	for j < len(toks) && !covered[j] && isProperWord(toks, j) && toks[j].UPOS == "PROPN" {
		j++
	}
	if j == i+1 {
		return i
	}
	if last := toks[j-1].Form; gazetteer.IsGeoFeatureHead(last) || orgHeadOf(last) != 0 || isKnown(spanText(toks, i, j)) {
		return i
	}
	return j
}

// repeatedNames adds the spans the model missed where the document
// repeats a name it recognised elsewhere, word for word: capitalised
// proper nouns outside every span, with no capitalised word beside them
// that would make them part of a longer name ("outside of Palawan", where
// the second pass dropped the name the rest of the guide found). The
// repeat takes the type the document gives the name. Short forms count
// as names of their own: a person's surname ("Jensen Huang … Huang
// said", see personWords), and the last word of the document's only
// organisation ending in it ("Manchester City … City's win").
func repeatedNames(sents []*ud.Sentence, spans [][]Span) [][]Span {
	types := map[string]string{}
	longest := 0
	heads := map[string]int{} // an organisation's last word: how many organisations end in it
	for k, sps := range spans {
		for _, sp := range sps {
			toks := sents[k].Tokens
			if sp.Type != "NORP" {
				types[spanText(toks, sp.Start, sp.End)] = sp.Type
				longest = max(longest, sp.End-sp.Start)
			}
			if sp.Type == "ORG" && sp.End-sp.Start > 1 {
				heads[toks[sp.End-1].Form]++
			}
		}
	}
	for w := range personWords(sents, spans) {
		if _, named := types[w]; !named {
			types[w] = "PERSON"
		}
	}
	for w, n := range heads {
		if _, named := types[w]; n == 1 && !named {
			types[w] = "ORG"
		}
	}
	for k, s := range sents {
		toks := s.Tokens
		covered := coveredBy(len(toks), spans[k])
		added := false
		for i := 0; i < len(toks); i++ {
			if covered[i] || toks[i].UPOS != "PROPN" || !startsUpper(toks[i].Form) || i > 0 && startsUpper(toks[i-1].Form) && (unforced(toks, i-1) || isContentWord(toks[i-1])) {
				continue
			}
			for j := min(len(toks), i+longest); j > i; j-- {
				typ, ok := types[spanText(toks, i, j)]
				if !ok || slices.Contains(covered[i:j], true) || toks[j-1].UPOS != "PROPN" || j < len(toks) && startsUpper(toks[j].Form) {
					continue
				}
				spans[k] = append(spans[k], Span{i, j, typ})
				for x := i; x < j; x++ {
					covered[x] = true
				}
				added = true
				i = j - 1
				break
			}
		}
		if added {
			sortSpans(spans[k])
		}
	}
	return spans
}

// isContentWord reports whether t is a noun, proper noun or adjective: a
// capitalised one before a name may be the start of a longer name, even
// at the start of a sentence ("Action Network is …").
func isContentWord(t ud.Token) bool {
	switch t.UPOS {
	case "NOUN", "PROPN", "ADJ", "X":
		return true
	}
	return false
}

// sortSpans puts a sentence's spans back in order after spans were added.
func sortSpans(spans []Span) {
	slices.SortFunc(spans, func(a, b Span) int { return a.Start - b.Start })
}
