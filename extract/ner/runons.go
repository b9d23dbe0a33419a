package ner

import (
	"strings"

	"kg/extract/gazetteer"
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
