package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"kg/extract/gazetteer"
	"kg/extract/ud"
)

// The repairs in this file find and type organisations by the conventions
// their names follow in running text, where the model, seeing more
// persons and places than organisations, most often errs: an acronym
// defined in brackets after its name, a name described by an apposition
// whose head is a kind of organisation ("Safaricom, the country's largest
// telecom company"), an organisation's name that runs on over "for"
// ("National Association for the Advancement of Colored People"), a city
// named as a sports team. One more repair, lowerPlaces, finds the places
// web text writes in lower case. Each was kept because it raised, or left
// alone, the 5-fold cross-validated scores of every training corpus (see
// docs/models.md).

// organisations applies the repairs of this file to each sentence of a
// document (spans[k] belongs to sents[k]). A name that an apposition, a
// label or a company's attributes made an organisation (orgAppositives,
// nounLabelled, corporateCues) is one wherever the document names it
// alone and the model took it for a person: the cue is usually given once
// ("Caloi was founded in 1898 ... In 1972, Caloi introduced").
func organisations(sents []*ud.Sentence, spans [][]Span) [][]Span {
	cued := map[string]bool{}
	surnames := map[string]bool{} // last words of the document's full person names
	for k, s := range sents {
		for _, sp := range spans[k] {
			if sp.Type == "PERSON" && sp.End-sp.Start > 1 {
				surnames[s.Tokens[sp.End-1].Form] = true
			}
		}
	}
	for k, s := range sents {
		toks := s.Tokens
		spans[k] = lowerLeads(toks, spans[k])
		spans[k] = orgsFor(toks, spans[k])
		spans[k] = bracketAcronyms(toks, spans[k])
		spans[k] = listTypes(toks, spans[k])
		spans[k] = namedKinds(toks, spans[k])
		spans[k] = sectorNames(toks, spans[k])
		spans[k] = sportsClubs(toks, spans[k])
		spans[k] = lowerPlaces(toks, spans[k])
		spans[k] = numberedUnits(toks, spans[k])
		spans[k] = placeCompanies(toks, spans[k])
		was := map[Span]bool{}
		for _, sp := range spans[k] {
			was[sp] = true
		}
		spans[k] = orgAppositives(toks, spans[k])
		spans[k] = nounLabelled(toks, spans[k])
		spans[k] = corporateCues(toks, spans[k])
		spans[k] = companyActs(toks, spans[k], surnames)
		for _, sp := range spans[k] {
			if sp.Type == "ORG" && !was[sp] {
				cued[spanText(toks, sp.Start, sp.End)] = true
			}
		}
	}
	for k, s := range sents {
		spans[k] = camelCompanies(s.Tokens, spans[k])
	}
	if len(cued) == 0 {
		return spans
	}
	for k, s := range sents {
		for j, sp := range spans[k] {
			if sp.Type == "PERSON" && cued[spanText(s.Tokens, sp.Start, sp.End)] {
				spans[k][j].Type = "ORG"
			}
		}
	}
	return spans
}

// camelCompanies retypes as an organisation a one-word "person" written
// with a capital inside it ("CrowdStrike", "PayPal", "YouTube"): the
// shape of brands, not of people's names, but for the particles that
// begin surnames ("McDonald", "DeSantis", "LeBron", "O'Neill").
func camelCompanies(toks []ud.Token, spans []Span) []Span {
	for j, sp := range spans {
		if sp.Type != "PERSON" || sp.End-sp.Start != 1 {
			continue
		}
		if w := toks[sp.Start].Form; innerCapital(w) {
			spans[j].Type = "ORG"
		}
	}
	return spans
}

// surnameParticles begin surnames written with a capital inside.
var surnameParticles = []string{"Mc", "Mac", "O'", "O’", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "St"}

// innerCapital reports whether w has an upper-case letter after a
// lower-case one in the same run of letters, past any surname particle
// it starts with.
func innerCapital(w string) bool {
	for _, p := range surnameParticles {
		if strings.HasPrefix(w, p) && len(w) > len(p) {
			r, _ := utf8.DecodeRuneInString(w[len(p):])
			if unicode.IsUpper(r) {
				return false
			}
		}
	}
	lowerSeen := false
	for _, r := range w {
		switch {
		case unicode.IsLower(r):
			lowerSeen = true
		case unicode.IsUpper(r) && lowerSeen:
			return true
		case !unicode.IsLetter(r):
			lowerSeen = false // "Ben-Gurion", "Amadi-Obi": two capitalised parts
		}
	}
	return false
}

// lowerLeads takes off the lower-case adjectives a name starts with: "the
// liberal Japan New Party", "the centre-left Party of Socialists", where
// the model ran a description into the name it precedes.
func lowerLeads(toks []ud.Token, spans []Span) []Span {
	for j, sp := range spans {
		for sp.End-sp.Start > 1 && toks[sp.Start].UPOS == "ADJ" && !startsUpper(toks[sp.Start].Form) && !hasUpper(toks[sp.Start].Form) && startsUpper(toks[sp.Start+1].Form) {
			sp.Start++
		}
		spans[j] = sp
	}
	return spans
}

// hasUpper reports whether s has a capital letter anywhere ("iPhone").
func hasUpper(s string) bool {
	return strings.IndexFunc(s, unicode.IsUpper) >= 0
}

// orgsFor joins an organisation's name to the rest of it after "for":
// "the National Association" and "the Advancement of Colored People",
// "the Union" and "a Popular Movement" are one name each, for English
// names an organisation by its purpose so ("Centre for Policy Studies").
// The first name must end in one of purposeHeads; what follows "for" (and
// an article) must be a place, an organisation not itself ending in an
// organisation's head word ("the Quebec Liberal Party for the Parti
// Québécois" are two), or capitalised words the model left alone.
func orgsFor(toks []ud.Token, spans []Span) []Span {
	covered := coveredBy(len(toks), spans)
	out := spans[:0:0]
	for n := 0; n < len(spans); n++ {
		sp := spans[n]
		i := sp.End
		if sp.Type != "ORG" || i+1 >= len(toks) || toks[i].Form != "for" || !purposeHeads[strings.ToLower(toks[i-1].Form)] {
			out = append(out, sp)
			continue
		}
		i++
		switch strings.ToLower(toks[i].Form) {
		case "the", "a", "an":
			i++
		}
		switch {
		case n+1 < len(spans) && spans[n+1].Start == i && (spans[n+1].Type == "ORG" && orgHeadOf(toks[spans[n+1].End-1].Form) == 0 && !isKnown(spanText(toks, i, spans[n+1].End)) && toks[spans[n+1].End-1].XPOS != "NNPS" || isPlaceType(spans[n+1].Type)):
			sp.End = spans[n+1].End
			n++
		case i < len(toks) && !covered[i] && isProperWord(toks, i):
			sp.End = i
			for sp.End < len(toks) && !covered[sp.End] && isProperWord(toks, sp.End) {
				sp.End++
			}
		}
		out = append(out, sp)
	}
	return out
}

// purposeHeads are the head words of organisations named for their
// purpose with "for": "Centre for Policy Studies", "Party for Socialism
// and Liberation", "Union for a Popular Movement". Legislatures and
// offices are not ("European Parliament for the Greens" is a seat won
// for a party).
var purposeHeads = map[string]bool{
	"association": true, "center": true, "centre": true, "fund": true, "foundation": true,
	"committee": true, "council": true, "coalition": true, "alliance": true,
	"movement": true, "front": true, "union": true, "party": true, "institute": true,
	"society": true, "campaign": true, "commission": true, "federation": true, "organisation": true,
	"organization": true, "network": true, "project": true, "trust": true, "initiative": true,
	"forum": true, "lab": true, "laboratory": true, "agency": true, "bureau": true,
}

// bracketAcronyms types as an organisation the acronym in brackets right
// after an organisation's name ("the Popular Civic List ( CP )"), which
// the model, seeing a short capitalised word alone, often missed or
// took for a place.
func bracketAcronyms(toks []ud.Token, spans []Span) []Span {
	var out []Span
	for n := 0; n < len(spans); n++ {
		sp := spans[n]
		out = append(out, sp)
		a := sp.End + 1
		if sp.Type != "ORG" || a+1 >= len(toks) || toks[sp.End].Form != "(" || toks[a+1].Form != ")" || !isAcronymWord(toks[a].Form) {
			continue
		}
		switch {
		case n+1 < len(spans) && spans[n+1].Start == a && spans[n+1].End == a+1:
			spans[n+1].Type = "ORG"
		case n+1 < len(spans) && spans[n+1].Start <= a:
			// Some other name overlaps the brackets: leave it.
		default:
			out = append(out, Span{Start: a, End: a + 1, Type: "ORG"})
		}
	}
	return out
}

// isAcronymWord reports whether w is written as an acronym: letters
// (perhaps with digits, hyphens or "&"), two capitals or more, and more
// capitals than lower-case letters ("UDF", "CpE", "PML-F", "DemoS").
func isAcronymWord(w string) bool {
	var upper, lower int
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		case unicode.IsDigit(r) || r == '-' || r == '&':
		default:
			return false
		}
	}
	return upper >= 2 && upper > lower && startsUpper(w)
}

// orgNouns are the common nouns that, heading an apposition to a name,
// make it an organisation's: "Safaricom, the country's largest telecom
// company"; "Golkar, a party founded by Suharto".
var orgNouns = map[string]bool{
	"company": true, "firm": true, "corporation": true, "conglomerate": true, "group": true,
	"business": true, "bank": true, "lender": true, "insurer": true, "retailer": true,
	"manufacturer": true, "maker": true, "producer": true, "carmaker": true, "automaker": true,
	"brewer": true, "miner": true, "operator": true, "carrier": true, "airline": true,
	"broadcaster": true, "publisher": true, "newspaper": true, "network": true, "startup": true,
	"start-up": true, "subsidiary": true, "supplier": true, "distributor": true, "developer": true,
	"party": true, "agency": true, "ministry": true, "department": true, "organisation": true,
	"organization": true, "charity": true, "foundation": true, "institute": true, "university": true,
	"union": true, "association": true, "federation": true, "coalition": true, "alliance": true,
	"movement": true, "committee": true, "council": true, "commission": true, "club": true,
	"consultancy": true, "regulator": true, "watchdog": true, "utility": true, "giant": true,
	"chain": true, "outlet": true, "tabloid": true, "daily": true, "think-tank": true,
	"nonprofit": true, "non-profit": true, "ngo": true, "militia": true, "faction": true,
	"band": true, "label": true, "magazine": true, "nightclub": true, "team": true,
	"orchestra": true, "choir": true, "brand": true, "franchise": true,
}

// orgAppositives makes an organisation of a name, a person's to the model
// or one it missed, that an apposition headed by a kind of organisation
// describes: "Safaricom, the country's largest telecom company, said".
// The apposition opens with an article or a possessor and its head is its
// last noun before a comma, a preposition, a verb or a relative ("Smith,
// a spokesman for the company" is headed by "spokesman"). (A copula's
// complement, "Caloi is a manufacturer of bicycles", and carrying the
// type to the name's other mentions in the document were tried too:
// neither changed the cross-validated or the held-out scores.)
func orgAppositives(toks []ud.Token, spans []Span) []Span {
	covered := coveredBy(len(toks), spans)
	for c := 1; c+2 < len(toks); c++ {
		if toks[c].Form != "," || !orgApposition(toks, c+1) {
			continue
		}
		// The name before the comma.
		n := -1
		for j, sp := range spans {
			if sp.End == c {
				n = j
			}
		}
		switch {
		case n >= 0 && spans[n].Type == "PERSON" && !gazetteer.IsGivenName(toks[spans[n].Start].Form):
			spans[n].Type = "ORG"
		case n >= 0 && isPlaceType(spans[n].Type) && !keepsType(toks, spans[n]):
			spans[n].Type = "ORG" // "Anglo Platinum, a mining company": no place the gazetteer knows
		case n < 0 && !covered[c-1] && isProperWord(toks, c-1) && toks[c-1].UPOS == "PROPN":
			start := c - 1
			for start > 0 && !covered[start-1] && isProperWord(toks, start-1) && toks[start-1].UPOS == "PROPN" {
				start--
			}
			if start > 0 && unforced(toks, start) || start == 0 {
				spans = insertSpan(spans, Span{Start: start, End: c, Type: "ORG"})
			}
		}
	}
	return spans
}

// orgApposition reports whether toks[i:] opens an apposition headed by
// one of orgNouns.
func orgApposition(toks []ud.Token, i int) bool {
	switch strings.ToLower(toks[i].Form) {
	case "the", "a", "an", "its":
	default:
		return false
	}
	head := ""
	for j := i + 1; j < len(toks); j++ {
		t := toks[j]
		switch t.UPOS {
		case "NOUN":
			head = strings.ToLower(t.Form)
			continue
		case "ADJ", "NUM", "PART", "DET", "ADV":
			continue
		case "PROPN":
			// "the country's largest", "a Nairobi-based company": a
			// name inside the apposition is a modifier.
			head = ""
			continue
		}
		if t.Form == "-" {
			continue
		}
		break
	}
	return orgNouns[head]
}

// insertSpan adds sp to spans, which are in order, keeping them in order.
func insertSpan(spans []Span, sp Span) []Span {
	i := 0
	for i < len(spans) && spans[i].Start < sp.Start {
		i++
	}
	spans = append(spans, Span{})
	copy(spans[i+1:], spans[i:])
	spans[i] = sp
	return spans
}

// listTypes gives the unknown names of a list the type most of the list
// has, when that is an organisation's or a person's: "Shinui, Hetz,
// Meretz and Ale Yarok" after the model typed two of them persons;
// "Vadivelu, Raadhika, Pandu and Manivannan" after it took two for
// places. A list is three names or more joined by commas, "and", "or" and
// articles; more than half of them, and two at least, must have the type.
// A name keeps its type when the gazetteer or WordNet knows it (a place
// or organisation), when it starts with a given name (a person), or when
// it ends in an organisation's head word.
func listTypes(toks []ud.Token, spans []Span) []Span {
	for a := 0; a < len(spans); {
		b := a + 1
		for b < len(spans) && listJoined(toks, spans[b-1].End, spans[b].Start) {
			b++
		}
		count := map[string]int{}
		for _, sp := range spans[a:b] {
			count[sp.Type]++
		}
		for _, typ := range []string{"ORG", "PERSON"} {
			if b-a < 3 || count[typ] < 2 || 2*count[typ] <= b-a {
				continue
			}
			for j := a; j < b; j++ {
				if sp := spans[j]; sp.Type != typ && sp.Type != "NORP" && !keepsType(toks, sp) {
					spans[j].Type = typ
				}
			}
		}
		a = b
	}
	return spans
}

// keepsType reports whether the gazetteer, WordNet or the name's own
// words settle sp's type, which a list's other names then do not change.
func keepsType(toks []ud.Token, sp Span) bool {
	name := spanText(toks, sp.Start, sp.End)
	switch {
	case sp.Type == "PERSON":
		return gazetteer.IsGivenName(toks[sp.Start].Form)
	case isPlaceType(sp.Type):
		_, ok := gazetteer.LookupPlace(name)
		return ok || isKnown(name) || gazetteer.IsGeoFeatureHead(toks[sp.End-1].Form)
	case sp.Type == "ORG":
		return isKnown(name) || orgHeadOf(toks[sp.End-1].Form) != 0
	}
	return true
}

// listJoined reports whether toks[from:to], the words between two names,
// join them in a list: a comma, "and" or "or", perhaps with an article.
func listJoined(toks []ud.Token, from, to int) bool {
	if from >= to || to-from > 3 {
		return false
	}
	joined := false
	for _, t := range toks[from:to] {
		switch strings.ToLower(t.Form) {
		case ",", "and", "or":
			joined = true
		case "the":
		default:
			return false
		}
	}
	return joined
}

// companyHeads are the words a company's name ends in after its maker's
// or place's name and that head no place or person: "El Paso Energy",
// "Merck Pharmaceuticals", "Anglo American Platinum".
var companyHeads = map[string]bool{
	"energy": true, "oil": true, "petroleum": true, "pharmaceuticals": true, "pharma": true,
	"foods": true, "breweries": true, "brewery": true, "brewing": true, "mining": true,
	"minerals": true, "resources": true, "telecom": true, "telecommunications": true, "communications": true,
	"wireless": true, "insurance": true, "securities": true, "financial": true, "investments": true,
	"industries": true, "electric": true, "electronics": true, "steel": true, "software": true,
	"logistics": true, "airline": true, "capital": true, "ventures": true, "enterprises": true,
	"chemicals": true, "motor": true, "automotive": true, "semiconductor": true, "semiconductors": true,
	"bancorp": true, "realty": true, "properties": true, "petrochemicals": true, "cement": true,
}

// sectorNames makes organisations of the names of two words or more,
// typed a place or a person, that end in one of companyHeads: the model
// read the maker's or the place's name at their start.
func sectorNames(toks []ud.Token, spans []Span) []Span {
	for j, sp := range spans {
		if sp.End-sp.Start < 2 || sp.Type != "PERSON" && !isPlaceType(sp.Type) || !companyHeads[strings.ToLower(toks[sp.End-1].Form)] || !startsUpper(toks[sp.End-1].Form) {
			continue
		}
		if _, ok := gazetteer.LookupPlace(spanText(toks, sp.Start, sp.End)); ok {
			continue
		}
		spans[j].Type = "ORG"
	}
	return spans
}

// namedKinds types as organisations the names listed after a kind of
// organisation in the plural: "parties such as Ecolo and Groen", "the five
// largest parties were Golkar, Nahdlatul Ulama and ...", "groups including
// Hamas" (the patterns of Hearst 1992). Names the gazetteer, WordNet or
// their own words settle keep their type (see keepsType).
func namedKinds(toks []ud.Token, spans []Span) []Span {
	for i, t := range toks {
		if !orgNouns[singular(strings.ToLower(t.Form))] || !strings.HasSuffix(strings.ToLower(t.Form), "s") {
			continue
		}
		j := i + 1
		switch {
		case j+1 < len(toks) && toks[j].Form == "such" && toks[j+1].Form == "as":
			j += 2
		case j < len(toks) && (toks[j].Form == "including" || toks[j].Form == "include" || toks[j].Form == "included" || toks[j].Form == "were" || toks[j].Form == "are" || toks[j].Form == ":"):
			j++
		default:
			continue
		}
		if j < len(toks) && (toks[j].Form == "the" || toks[j].Form == ":") {
			j++
		}
		n := -1
		for k, sp := range spans {
			if sp.Start == j {
				n = k
			}
		}
		for n >= 0 && n < len(spans) {
			if sp := spans[n]; sp.Type != "ORG" && sp.Type != "NORP" && !keepsType(toks, sp) {
				spans[n].Type = "ORG"
			}
			if n+1 >= len(spans) || !listJoined(toks, spans[n].End, spans[n+1].Start) {
				break
			}
			n++
		}
	}
	return spans
}

// singular returns the singular of a plural noun of orgNouns: "parties",
// "companies", "groups".
func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies"):
		return strings.TrimSuffix(w, "ies") + "y"
	case strings.HasSuffix(w, "ches"):
		return strings.TrimSuffix(w, "es")
	}
	return strings.TrimSuffix(w, "s")
}

// nounLabelled makes an organisation of the name that a kind of
// organisation, in lower case, labels right before it: "the band God
// Street Wine", "independent label Food", "satellite imaging company
// Keyhole", "American rock band, Eels". The model took such names for
// persons or places, or missed them; names the gazetteer, WordNet or
// their own words settle keep their type (see keepsType).
func nounLabelled(toks []ud.Token, spans []Span) []Span {
	covered := coveredBy(len(toks), spans)
	for i := 0; i+1 < len(toks); i++ {
		f := toks[i].Form
		if startsUpper(f) || !orgNouns[f] || toks[i].UPOS != "NOUN" {
			continue
		}
		j := i + 1
		if toks[j].Form == "," && j+1 < len(toks) {
			j++
		}
		n := -1
		for k, sp := range spans {
			if sp.Start == j {
				n = k
			}
		}
		switch {
		case n >= 0:
			if sp := spans[n]; sp.Type != "ORG" && sp.Type != "NORP" && !keepsType(toks, sp) {
				spans[n].Type = "ORG"
			}
		case !covered[j] && isProperWord(toks, j) && toks[j].UPOS == "PROPN":
			end := j
			for end < len(toks) && !covered[end] && isProperWord(toks, end) {
				end++
			}
			spans = insertSpan(spans, Span{Start: j, End: end, Type: "ORG"})
			covered = coveredBy(len(toks), spans)
		}
	}
	return spans
}

// corporateVerbs, after "was", "were" or "is", say that their subject is an
// organisation: persons are not founded, incorporated or headquartered.
var corporateVerbs = map[string]bool{
	"founded": true, "established": true, "incorporated": true, "headquartered": true,
	"listed": true, "acquired": true, "merged": true, "renamed": true, "liquidated": true,
}

// ownedByCompanies are the nouns that, after a name and "'s", make the name
// an organisation's: "Caloi's shareholders", "Acme's headquarters".
var ownedByCompanies = map[string]bool{
	"headquarters": true, "shareholders": true, "shares": true, "stock": true, "subsidiary": true,
	"subsidiaries": true, "employees": true, "workforce": true, "revenue": true, "revenues": true,
	"profits": true, "profit": true, "ceo": true, "founder": true, "founders": true, "board": true,
	"factory": true, "factories": true, "plants": true, "stores": true, "products": true,
	"members": true, "membership": true, "spokesman": true, "spokeswoman": true, "spokesperson": true,
}

// corporateCues makes organisations of the persons (to the model) whose
// name the sentence treats as a company's: the subject of "was founded",
// "is headquartered", or the owner of "'s headquarters", "'s
// shareholders". A name that starts with a given name stays a person's.
// Then sharesOf.
func corporateCues(toks []ud.Token, spans []Span) []Span {
	for j, sp := range spans {
		if sp.Type != "PERSON" || gazetteer.IsGivenName(toks[sp.Start].Form) || sp.End+1 >= len(toks) {
			continue
		}
		next, after := toks[sp.End].Form, strings.ToLower(toks[sp.End+1].Form)
		switch {
		case (next == "was" || next == "were" || next == "is") && corporateVerbs[after]:
			spans[j].Type = "ORG"
		case isPossessive(next) && ownedByCompanies[after]:
			spans[j].Type = "ORG"
		}
	}
	return companyStaff(toks, sharesOf(toks, spans))
}

// staffNouns are a company's people and stock, which a company's name
// modifies: "Boeing machinists", "Safaricom shares", "Volkswagen workers".
var staffNouns = map[string]bool{"shares": true, "stock": true, "workers": true, "employees": true,
	"machinists": true, "staff": true, "executives": true, "investors": true, "shareholders": true,
	"customers": true, "pilots": true, "engineers": true, "bondholders": true, "subscribers": true}

// companyStaff makes an organisation of a proper noun, alone, right before
// a plural noun of a company's people or stock ("Boeing machinists voted
// …", "Safaricom shares rose"), that the model missed or took for a
// person: a given name, a place the gazetteer knows or a word the tagger
// did not take for a proper noun stays as it is, so that "Police officers"
// and "Kenya workers" are no companies.
func companyStaff(toks []ud.Token, spans []Span) []Span {
	covered := coveredBy(len(toks), spans)
	for i := 0; i+1 < len(toks); i++ {
		if !staffNouns[strings.ToLower(toks[i+1].Form)] || toks[i+1].UPOS != "NOUN" {
			continue
		}
		if t := toks[i]; !isProperWord(toks, i) || gazetteer.IsGivenName(t.Form) || t.UPOS != "PROPN" && !listedCompany(t.Form) {
			// The tagger reads a sentence's first word "Boeing" as a
			// verb; a listed company's name counts all the same.
			continue
		}
		if _, ok := gazetteer.LookupPlace(toks[i].Form); ok {
			continue
		}
		if i > 0 && isProperWord(toks, i-1) && toks[i-1].UPOS == "PROPN" {
			continue // the last word of a longer name: the model's business
		}
		switch n := spanAt(spans, i); {
		case n >= 0 && spans[n].Start == i && spans[n].End == i+1 && spans[n].Type == "PERSON":
			spans[n].Type = "ORG"
		case n < 0 && !covered[i]:
			spans = insertSpan(spans, Span{Start: i, End: i + 1, Type: "ORG"})
			covered = coveredBy(len(toks), spans)
		}
	}
	return spans
}

// commonListed are ordinary words that are also the short name of a
// listed company, which a capital at the start of a sentence proves
// nothing about: "City workers", "Target shares" is another matter, but
// the tagger, not the list, has to say so.
var commonListed = map[string]bool{"city": true, "target": true, "general": true, "national": true,
	"american": true, "first": true, "united": true, "state": true, "union": true, "apple": true}

// listedCompany reports whether word is the name of a company listed with
// the US SEC and no ordinary word.
func listedCompany(word string) bool {
	kind, _ := gazetteer.ListedName(word)
	return kind == gazetteer.Company && !commonListed[strings.ToLower(word)]
}

// spanAt returns the index of the span covering token i, or -1.
func spanAt(spans []Span, i int) int {
	for k, sp := range spans {
		if sp.Start <= i && i < sp.End {
			return k
		}
	}
	return -1
}

// placeSuffixes are the words a company named after a place or a people
// ends in: "Swiss Re", "Munich Re", "Deutsche Bank AG", "Nordea Group".
var placeSuffixes = map[string]bool{"Re": true, "AG": true, "SE": true, "SA": true, "NV": true,
	"ASA": true, "AB": true, "Oyj": true, "plc": true, "PLC": true, "Group": true, "Holdings": true}

// placeCompanies extends a place's or a people's name over the word of a
// company's name after it ("Swiss Re", "Munich Re"), which the model cut
// down to the place.
func placeCompanies(toks []ud.Token, spans []Span) []Span {
	covered := coveredBy(len(toks), spans)
	for j, sp := range spans {
		if sp.Type != "GPE" && sp.Type != "LOC" && sp.Type != "NORP" || sp.End >= len(toks) || covered[sp.End] {
			continue
		}
		if placeSuffixes[toks[sp.End].Form] {
			spans[j] = Span{Start: sp.Start, End: sp.End + 1, Type: "ORG"}
		}
	}
	return spans
}

// companyActs makes an organisation of a one-word "person" that does
// what companies do: "Heineken raised prices", "Shoprite opened 20
// stores", "Vodacom cut its forecast". A given name, or the surname of a
// person the document names in full ("Elon Musk … Musk cut jobs"), stays
// a person's.
func companyActs(toks []ud.Token, spans []Span, surnames map[string]bool) []Span {
	for j, sp := range spans {
		if sp.Type != "PERSON" || sp.End-sp.Start != 1 || sp.End+1 >= len(toks) || toks[sp.End].UPOS != "VERB" {
			continue
		}
		if w := toks[sp.Start].Form; gazetteer.IsGivenName(w) || surnames[w] {
			continue
		}
		if companyObject(toks, sp.End+1) {
			spans[j].Type = "ORG"
		}
	}
	return spans
}

// companyObjects are what a company, not a person, raises, cuts, reports
// or opens.
var companyObjects = map[string]bool{"prices": true, "jobs": true, "profit": true, "profits": true,
	"revenue": true, "revenues": true, "sales": true, "earnings": true, "stores": true,
	"dividend": true, "dividends": true, "forecast": true, "output": true, "branches": true,
	"plants": true, "factories": true, "fares": true, "tariffs": true, "subscribers": true}

// companyObject reports whether the verb's object, within three words
// from toks[i] ("raised prices", "cut its forecast", "opened 20 stores"),
// is one of companyObjects.
func companyObject(toks []ud.Token, i int) bool {
	for j := i; j < len(toks) && j < i+3; j++ {
		if t := toks[j]; t.UPOS == "NOUN" {
			return companyObjects[strings.ToLower(t.Form)]
		} else if t.UPOS != "DET" && t.UPOS != "NUM" && t.UPOS != "PRON" && t.UPOS != "ADJ" {
			return false
		}
	}
	return false
}

// sharesOf makes an organisation of the name after "shares of", "stock
// of" or "stake in" ("Shares of Nordic Steel fell"): a person or a place
// the gazetteer does not know to the model, or capitalised words it
// missed.
func sharesOf(toks []ud.Token, spans []Span) []Span {
	covered := coveredBy(len(toks), spans)
	for i := 0; i+2 < len(toks); i++ {
		w, of := strings.ToLower(toks[i].Form), toks[i+1].Form
		if !((w == "shares" || w == "stock" || w == "stocks") && of == "of" || (w == "stake" || w == "stakes") && of == "in") {
			continue
		}
		j := i + 2
		n := -1
		for k, sp := range spans {
			if sp.Start == j {
				n = k
			}
		}
		switch {
		case n >= 0:
			if sp := spans[n]; sp.Type != "ORG" && sp.Type != "NORP" && !keepsType(toks, sp) {
				spans[n].Type = "ORG"
			}
		case !covered[j] && isProperWord(toks, j):
			end := j
			for end < len(toks) && !covered[end] && isProperWord(toks, end) {
				end++
			}
			spans = insertSpan(spans, Span{Start: j, End: end, Type: "ORG"})
			covered = coveredBy(len(toks), spans)
		}
	}
	return spans
}

// sportsWords, a few words before "for", "with" or "against", make the name
// after it a team's: "26 games for Lausanne", "signed with Altoona",
// "his debut against Leeds".
var sportsWords = map[string]bool{
	"game": true, "games": true, "match": true, "matches": true, "played": true,
	"plays": true, "play": true, "playing": true, "signed": true, "scored": true,
	"goals": true, "goal": true, "season": true, "seasons": true, "loan": true,
	"debut": true, "appearances": true, "caps": true, "starts": true, "innings": true,
	"points": true, "wins": true, "win": true, "won": true, "lost": true,
}

// sportsClubs makes organisations of the cities named as teams: a place
// the model found right after "for", "with" or "against" that follows, by
// three words or fewer, a word of sport ("played 26 games for Lausanne").
// Countries and states stay places: the corpora differ on national teams.
func sportsClubs(toks []ud.Token, spans []Span) []Span {
	for j, sp := range spans {
		p := sp.Start - 1
		if !isPlaceType(sp.Type) || p < 1 || isCountryOrState(spanText(toks, sp.Start, sp.End)) {
			continue
		}
		if f := toks[p].Form; f == "the" && p > 1 {
			p--
		}
		switch toks[p].Form {
		case "for", "with", "against":
		default:
			continue
		}
		for i := p - 1; i >= 0 && i >= p-3; i-- {
			if sportsWords[strings.ToLower(toks[i].Form)] {
				spans[j].Type = "ORG"
				break
			}
		}
	}
	return spans
}

// lowerPlaces adds the countries, states and cities written in lower case,
// as web text often does ("a man from brittany", "in kerala"), where the
// tagger still reads a proper noun: the gazetteer knows the word as one of
// those places and it is no common word that names one too.
func lowerPlaces(toks []ud.Token, spans []Span) []Span {
	covered := coveredBy(len(toks), spans)
	for i, t := range toks {
		f := t.Form
		if covered[i] || t.UPOS != "PROPN" || utf8.RuneCountInString(f) < 4 || strings.ToLower(f) != f || commonPlaceWords[f] {
			continue
		}
		switch kind, _ := gazetteer.Classify(f); kind {
		case gazetteer.Country, gazetteer.State, gazetteer.City:
			spans = insertSpan(spans, Span{Start: i, End: i + 1, Type: "GPE"})
		}
	}
	return spans
}

// commonPlaceWords are the places' names that are also common words.
var commonPlaceWords = map[string]bool{
	"china": true, "turkey": true, "chad": true, "jersey": true, "guinea": true,
	"georgia": true, "jordan": true, "nice": true, "reading": true, "bath": true,
	"mobile": true, "split": true, "male": true, "victoria": true, "paris": true,
}

// unitHeads are the head words of military units' names, which a number
// or an ordinal before them belongs to: "the Eighth Air Force", "65th Air
// Division", "the U.S. Sixth Fleet".
var unitHeads = map[string]bool{
	"force": true, "forces": true, "division": true, "fleet": true, "army": true,
	"corps": true, "regiment": true, "brigade": true, "squadron": true, "wing": true,
	"battalion": true, "command": true, "infantry": true, "cavalry": true, "artillery": true,
}

// numberedUnits extends the organisations that end in a military unit's
// head word over the number or ordinal before them, which the model left
// out: "the Eighth Air Force", "65th Air Division".
func numberedUnits(toks []ud.Token, spans []Span) []Span {
	covered := coveredBy(len(toks), spans)
	for j, sp := range spans {
		p := sp.Start - 1
		if sp.Type != "ORG" || p < 0 || covered[p] || !unitHeads[strings.ToLower(toks[sp.End-1].Form)] || !isOrdinal(toks[p].Form) {
			continue
		}
		spans[j].Start = p
		covered[p] = true
	}
	return spans
}

// isOrdinal reports whether f is a number in digits ("65", "65th", "3rd")
// or a capitalised ordinal word ("Eighth", "Twenty-first").
func isOrdinal(f string) bool {
	digits := strings.TrimRight(f, "stndrh")
	if digits != "" && strings.Trim(digits, "0123456789") == "" {
		return true
	}
	if !startsUpper(f) {
		return false
	}
	w := strings.ToLower(f)
	if i := strings.LastIndexByte(w, '-'); i >= 0 {
		w = w[i+1:]
	}
	switch w {
	case "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
		"tenth", "eleventh", "twelfth", "hundredth":
		return true
	}
	return strings.HasSuffix(w, "teenth") || strings.HasSuffix(w, "ieth")
}
