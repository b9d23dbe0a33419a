package ner

import (
	"strings"

	"kg/extract/gazetteer"
	"kg/extract/internal/featurehash"
	"kg/extract/ud"
)

// The repairs in this file separate an organisation from the person news
// writing puts right beside it, where the model ran the two together or
// swapped their types: "DAB's Starry Lee", "CEO of the Refugee Council
// Enver Solomon".

// nameWords returns the capitalised words of the document's person names
// of two words or more: the shapes a person's name takes in this document
// ("Lee" from "Lee Cheuk-yan").
func nameWords(sents []*ud.Sentence, spans [][]Span) map[string]bool {
	words := map[string]bool{}
	for k, sps := range spans {
		toks := sents[k].Tokens
		for _, sp := range sps {
			if sp.Type != "PERSON" || sp.End-sp.Start < 2 {
				continue
			}
			for i := sp.Start; i < sp.End; i++ {
				if f := toks[i].Form; startsUpper(f) && !allCaps(f) {
					words[f] = true
				}
			}
		}
	}
	return words
}

// possessedPersons types the two names of "X's Y" where the model swapped
// them: an organisation's name in the possessive before a person's is the
// usual way news names a politician's party or an official's employer
// ("Pro-Beijing DAB's Starry Lee", "FTU's Alice Mak"). X is taken for an
// organisation when it ends in an acronym or in a word that heads
// organisations' names and the gazetteer knows it as no place, and Y for
// a person when it is two or three capitalised words, one of them a common
// given name or a word of the document's other person names.
func possessedPersons(sents []*ud.Sentence, spans [][]Span) [][]Span {
	words := nameWords(sents, spans)
	for k, s := range sents {
		toks := s.Tokens
		sps := spans[k]
		for j := 0; j+1 < len(sps); j++ {
			x, y := sps[j], sps[j+1]
			if x.End+1 != y.Start || !isPossessive(toks[x.End].Form) || x.Type == "ORG" && y.Type == "PERSON" {
				continue
			}
			if !orgShaped(toks, x) || !personShaped(toks, y, words) {
				continue
			}
			sps[j].Type, sps[j+1].Type = "ORG", "PERSON"
		}
	}
	return spans
}

// orgShaped reports whether sp ends in an acronym or an organisation's
// head word, and is no place the gazetteer knows.
func orgShaped(toks []ud.Token, sp Span) bool {
	last := toks[sp.End-1].Form
	if !(allCaps(last) && len(last) > 1 && isAcronymWord(last)) && orgHeadOf(last) == 0 {
		return false
	}
	kind, _ := gazetteer.Classify(spanText(toks, sp.Start, sp.End))
	return kind == "" || kind == "org"
}

// personShaped reports whether sp is two or three capitalised proper
// nouns, one of them a common given name or one of words.
func personShaped(toks []ud.Token, sp Span, words map[string]bool) bool {
	if n := sp.End - sp.Start; n < 2 || n > 3 {
		return false
	}
	known := false
	for i := sp.Start; i < sp.End; i++ {
		f := toks[i].Form
		if toks[i].UPOS != "PROPN" || !startsUpper(f) || allCaps(f) || orgHeadOf(f) != 0 || strings.ContainsRune(f, '.') {
			return false
		}
		if words[f] || gazetteer.IsGivenName(f) {
			known = true
		}
	}
	return known
}

// orgRunOns splits off the person's name an organisation's name ran on
// over, where news names an official after the body he speaks for ("CEO of
// the Refugee Council Enver Solomon", "a Liberal Party of Canada candidate
// Fernand Viau"): an organisation's name of four words or more whose
// last two or three words are capitalised proper nouns, none of them an
// acronym or a word that heads organisations' names, after a word that
// ends organisations' names or a place the gazetteer knows. The same
// two or three words after such an organisation's name, outside every
// span, are a person's name the model missed.
func orgRunOns(sents []*ud.Sentence, spans [][]Span, caps capTable) [][]Span {
	words := nameWords(sents, spans)
	for k, s := range sents {
		toks := s.Tokens
		var out []Span
		for _, sp := range spans[k] {
			if sp.Type != "ORG" {
				out = append(out, sp)
				continue
			}
			cut := -1
			for n := 2; n <= 3 && cut < 0; n++ {
				if p := sp.End - n; p-sp.Start >= 2 && orgEnd(toks, sp.Start, p) && runOnPerson(toks, p, sp.End, words, caps) {
					cut = p
				}
			}
			if cut < 0 {
				out = append(out, sp)
				continue
			}
			out = append(out, Span{sp.Start, cut, "ORG"}, Span{cut, sp.End, "PERSON"})
		}
		spans[k] = missedAfterOrgs(toks, out, words, caps)
	}
	return spans
}

// missedAfterOrgs adds the person's name of two or three words that
// follows, outside every span, an organisation's name ending in a word
// that heads organisations' names ("the Refugee Council Enver Solomon
// told"), where the model found the organisation alone.
func missedAfterOrgs(toks []ud.Token, spans []Span, words map[string]bool, caps capTable) []Span {
	covered := coveredBy(len(toks), spans)
	var add []Span
	for _, sp := range spans {
		if sp.Type != "ORG" || orgHeadOf(toks[sp.End-1].Form) == 0 {
			continue
		}
		end := sp.End
		for end < len(toks) && !covered[end] && toks[end].UPOS == "PROPN" && startsUpper(toks[end].Form) {
			end++
		}
		if n := end - sp.End; n >= 2 && n <= 3 && runOnPerson(toks, sp.End, end, words, caps) {
			add = append(add, Span{sp.End, end, "PERSON"})
		}
	}
	for _, sp := range add {
		spans = insertSpan(spans, sp)
	}
	return spans
}

// orgEnd reports whether toks[start:end], the front of an organisation's
// name, can end there: its last word heads organisations' names or it
// ends in a place the gazetteer knows.
func orgEnd(toks []ud.Token, start, end int) bool {
	if orgHeadOf(toks[end-1].Form) != 0 {
		return true
	}
	kind, _ := gazetteer.Classify(toks[end-1].Form)
	return kind != "" && kind != "demonym" && kind != "org"
}

// runOnPerson reports whether toks[from:to] can be a person's name run on
// after an organisation's: capitalised proper nouns, no acronym, initial,
// word of an organisation's or place's name, or word written mostly in
// lower case ("the New Democratic Party Socialist Caucus").
func runOnPerson(toks []ud.Token, from, to int, words map[string]bool, caps capTable) bool {
	for i := from; i < to; i++ {
		f := toks[i].Form
		if b := caps.bucket(featurehash.String(strings.ToLower(f))); b == 1 || b == 2 {
			return false
		}
		if toks[i].UPOS != "PROPN" || !startsUpper(f) || allCaps(f) || orgHeadOf(f) != 0 || strings.ContainsRune(f, '.') || gazetteer.IsGeoFeatureHead(f) {
			return false
		}
		if kind, _ := gazetteer.Classify(f); kind != "" && !words[f] && !gazetteer.IsGivenName(f) {
			return false
		}
	}
	return true
}

// personsOfAcronyms finds the person the model missed before "of" and an
// organisation's acronym it took for a person ("veteran politician Wong
// Kwok-hing of FTU was defeated"): two capitalised proper nouns or more
// outside every span, a hyphenated given name split by the tokenizer
// included, are the person, and the acronym is the organisation, as
// personsOf has it when the model runs the two together. An acronym the
// model or the gazetteer takes for a place keeps its type.
func personsOfAcronyms(toks []ud.Token, spans []Span) []Span {
	covered := coveredBy(len(toks), spans)
	var add []Span
	for j, sp := range spans {
		f := toks[sp.Start].Form
		if isPlaceType(sp.Type) || sp.End-sp.Start != 1 || sp.Start < 3 || toks[sp.Start-1].Form != "of" || !allCaps(f) || len(f) < 2 || !isAcronymWord(f) {
			continue
		}
		if kind, _ := gazetteer.Classify(f); kind != "" && kind != "org" {
			continue
		}
		of := sp.Start - 1
		start := of
		for start > 0 && !covered[start-1] && nameWord(toks, start-1) {
			start--
		}
		if of-start < 2 || !startsUpper(toks[start].Form) || toks[start].UPOS != "PROPN" {
			continue
		}
		spans[j].Type = "ORG"
		add = append(add, Span{start, of, "PERSON"})
	}
	for _, sp := range add {
		spans = insertSpan(spans, sp)
	}
	return spans
}

// nameWord reports whether toks[i] can be part of a person's name: a
// capitalised proper noun, or the hyphen and the word after it of a
// hyphenated given name the tokenizer split ("Kwok - hing").
func nameWord(toks []ud.Token, i int) bool {
	switch {
	case toks[i].UPOS == "PROPN" && startsUpper(toks[i].Form) && !allCaps(toks[i].Form):
		return true
	case toks[i].Form == "-":
		return i > 0 && i+1 < len(toks) && startsUpper(toks[i-1].Form) && toks[i-1].UPOS == "PROPN" && isLowerWord(toks[i+1].Form)
	case i > 1 && toks[i-1].Form == "-" && isLowerWord(toks[i].Form):
		return startsUpper(toks[i-2].Form) && toks[i-2].UPOS == "PROPN"
	}
	return false
}
