package ner

import (
	"strings"
	"unicode"

	"kg/extract/gazetteer"
	"kg/extract/ud"
)

// The repairs in this file find and type organisations by the conventions
// their names follow in running text, where the model, seeing more
// persons and places than organisations, most often errs: an acronym
// defined in brackets after its name, a name described by an apposition
// whose head is a kind of organisation ("Safaricom, the country's largest
// telecom company"), and an organisation's name that runs on over "for"
// ("National Association for the Advancement of Colored People").

// organisations applies the repairs of this file to each sentence of a
// document (spans[k] belongs to sents[k]).
func organisations(sents []*ud.Sentence, spans [][]Span) [][]Span {
	for k, s := range sents {
		spans[k] = lowerLeads(s.Tokens, spans[k])
		spans[k] = capitalThe(s.Tokens, spans[k])
		spans[k] = orgsFor(s.Tokens, spans[k])
		spans[k] = bracketAcronyms(s.Tokens, spans[k])
		spans[k] = orgAppositives(s.Tokens, spans[k])
		spans[k] = orgLists(s.Tokens, spans[k])
	}
	return spans
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

// capitalThe makes part of an organisation's name the "The" written
// capitalised before it in mid-sentence, where nothing but the name
// forces the capital: "members of The Olive Tree", "The Abraham Fund".
func capitalThe(toks []ud.Token, spans []Span) []Span {
	covered := coveredBy(len(toks), spans)
	for j, sp := range spans {
		i := sp.Start - 1
		if sp.Type == "ORG" && i > 0 && !covered[i] && toks[i].Form == "The" && unforced(toks, i) {
			spans[j].Start = i
		}
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
		case n+1 < len(spans) && spans[n+1].Start == i && (spans[n+1].Type == "ORG" && orgHeadOf(toks[spans[n+1].End-1].Form) == 0 || isPlaceType(spans[n+1].Type)):
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
	"committee": true, "council": true, "coalition": true, "alliance": true, "league": true,
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
}

// orgAppositives makes an organisation of a name, a person's to the model
// or one it missed, that an apposition headed by a kind of organisation
// describes: "Safaricom, the country's largest telecom company, said".
// The apposition opens with an article or a possessor and its head is
// its last noun before a comma, a preposition, a verb or a relative
// ("Smith, a spokesman for the company" is headed by "spokesman").
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

// orgLists types as organisations the unknown names of a list that is
// mostly organisations: "Shinui, Hetz, Meretz and Ale Yarok" after the
// model typed two of them persons. A list is three names or more joined
// by commas, "and", "or" and articles; more than half of them, and two at
// least, must be organisations. A name stays a person's when it starts
// with a given name, and a place's when the gazetteer knows it.
func orgLists(toks []ud.Token, spans []Span) []Span {
	for a := 0; a < len(spans); {
		b := a + 1
		for b < len(spans) && listJoined(toks, spans[b-1].End, spans[b].Start) {
			b++
		}
		orgs := 0
		for _, sp := range spans[a:b] {
			if sp.Type == "ORG" {
				orgs++
			}
		}
		if b-a >= 3 && orgs >= 2 && 2*orgs > b-a {
			for j := a; j < b; j++ {
				sp := spans[j]
				name := spanText(toks, sp.Start, sp.End)
				switch {
				case sp.Type == "PERSON" && !gazetteer.IsGivenName(toks[sp.Start].Form):
					spans[j].Type = "ORG"
				case isPlaceType(sp.Type):
					if _, ok := gazetteer.LookupPlace(name); !ok && !isKnown(name) {
						spans[j].Type = "ORG"
					}
				}
			}
		}
		a = b
	}
	return spans
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
