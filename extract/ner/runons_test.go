package ner

import (
	"reflect"
	"testing"

	"kg/extract/ud"
)

func TestPossessedPersons(t *testing.T) {
	tests := []struct {
		name  string
		words []string // one sentence each
		spans [][]Span
		want  [][]Span
	}{
		{"acronym before a name the document uses",
			[]string{"Quat/PROPN Cheuk/PROPN lost/VERB", "DAB/PROPN 's/PART Starry/PROPN Quat/PROPN won/VERB"},
			[][]Span{{{0, 2, "PERSON"}}, {{0, 1, "PERSON"}, {2, 4, "ORG"}}},
			[][]Span{{{0, 2, "PERSON"}}, {{0, 1, "ORG"}, {2, 4, "PERSON"}}}},
		{"organisation's head word before a given name",
			[]string{"the/DET Civic/PROPN Party/PROPN 's/PART Alan/PROPN Leong/PROPN"},
			[][]Span{{{1, 3, "PERSON"}, {4, 6, "PERSON"}}},
			[][]Span{{{1, 3, "ORG"}, {4, 6, "PERSON"}}}},
		{"no name shape the document knows",
			[]string{"DAB/PROPN 's/PART Starry/PROPN Quat/PROPN won/VERB"},
			[][]Span{{{0, 1, "PERSON"}, {2, 4, "ORG"}}},
			[][]Span{{{0, 1, "PERSON"}, {2, 4, "ORG"}}}},
		{"a person's possessive stays a person's",
			[]string{"John/PROPN Smith/PROPN 's/PART Mary/PROPN Jones/PROPN"},
			[][]Span{{{0, 2, "PERSON"}, {3, 5, "ORG"}}},
			[][]Span{{{0, 2, "PERSON"}, {3, 5, "ORG"}}}},
		{"a place's possessive is no organisation",
			[]string{"France/PROPN 's/PART Michael/PROPN Barnier/PROPN"},
			[][]Span{{{0, 1, "GPE"}, {2, 4, "PERSON"}}},
			[][]Span{{{0, 1, "GPE"}, {2, 4, "PERSON"}}}},
	}
	for _, tt := range tests {
		var sents []*ud.Sentence
		spans := make([][]Span, len(tt.spans))
		for k, w := range tt.words {
			sents = append(sents, sentence(w))
			spans[k] = append([]Span(nil), tt.spans[k]...)
		}
		if got := possessedPersons(sents, spans); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: possessedPersons(%q, %v) = %v, want %v", tt.name, tt.words, tt.spans, got, tt.want)
		}
	}
}

func TestOrgRunOns(t *testing.T) {
	tests := []struct {
		name  string
		words string
		spans []Span
		want  []Span
	}{
		{"person run on after a place ending an organisation",
			"a/DET Liberal/PROPN Party/PROPN of/ADP Canada/PROPN Fernand/PROPN Viau/PROPN won/VERB",
			[]Span{{1, 7, "ORG"}}, []Span{{1, 5, "ORG"}, {5, 7, "PERSON"}}},
		{"person run on after an organisation's head word",
			"the/DET Refugee/PROPN Council/PROPN Enver/PROPN Solomon/PROPN told/VERB",
			[]Span{{1, 5, "ORG"}}, []Span{{1, 3, "ORG"}, {3, 5, "PERSON"}}},
		{"person the model missed after the organisation",
			"the/DET Refugee/PROPN Council/PROPN Enver/PROPN Solomon/PROPN told/VERB",
			[]Span{{1, 3, "ORG"}}, []Span{{1, 3, "ORG"}, {3, 5, "PERSON"}}},
		{"organisation's name ending in its own head word stays whole",
			"the/DET Liberal/PROPN Party/PROPN Youth/PROPN Council/PROPN",
			[]Span{{1, 5, "ORG"}}, []Span{{1, 5, "ORG"}}},
		{"acronym after the organisation is no person",
			"the/DET Refugee/PROPN Council/PROPN UK/PROPN Branch/PROPN",
			[]Span{{1, 5, "ORG"}}, []Span{{1, 5, "ORG"}}},
		{"too short a front",
			"the/DET Council/PROPN Enver/PROPN Solomon/PROPN",
			[]Span{{1, 4, "ORG"}}, []Span{{1, 4, "ORG"}}},
		{"a run of four capitalised words is no added person",
			"the/DET Refugee/PROPN Council/PROPN Enver/PROPN Solomon/PROPN Sky/PROPN News/PROPN",
			[]Span{{1, 3, "ORG"}}, []Span{{1, 3, "ORG"}}},
	}
	for _, tt := range tests {
		s := sentence(tt.words)
		got := orgRunOns([]*ud.Sentence{s}, [][]Span{append([]Span(nil), tt.spans...)}, capTable{})[0]
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: orgRunOns(%q, %v) = %v, want %v", tt.name, tt.words, tt.spans, got, tt.want)
		}
	}
}

func TestPersonsOfAcronyms(t *testing.T) {
	tests := []struct {
		name  string
		words string
		spans []Span
		want  []Span
	}{
		{"hyphenated name before an acronym taken for a person",
			"politician/NOUN Wong/PROPN Kwok/PROPN -/PUNCT hing/NOUN of/ADP FTU/PROPN lost/VERB",
			[]Span{{6, 7, "PERSON"}}, []Span{{1, 5, "PERSON"}, {6, 7, "ORG"}}},
		{"two proper nouns before an acronym",
			"politician/NOUN Alice/PROPN Mak/PROPN of/ADP FTU/PROPN",
			[]Span{{4, 5, "ORG"}}, []Span{{1, 3, "PERSON"}, {4, 5, "ORG"}}},
		{"one word before of is no person's name",
			"the/DET Secretary/PROPN of/ADP FTU/PROPN",
			[]Span{{3, 4, "PERSON"}}, []Span{{3, 4, "PERSON"}}},
		{"a name already found is left alone",
			"Alice/PROPN Mak/PROPN of/ADP FTU/PROPN",
			[]Span{{0, 2, "PERSON"}, {3, 4, "ORG"}}, []Span{{0, 2, "PERSON"}, {3, 4, "ORG"}}},
		{"a place's code after of is no organisation",
			"the/DET Governor/PROPN Jim/PROPN Beam/PROPN of/ADP NY/PROPN",
			[]Span{{5, 6, "GPE"}}, []Span{{5, 6, "GPE"}}},
	}
	for _, tt := range tests {
		toks := sentence(tt.words).Tokens
		if got := personsOfAcronyms(toks, append([]Span(nil), tt.spans...)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: personsOfAcronyms(%q, %v) = %v, want %v", tt.name, tt.words, tt.spans, got, tt.want)
		}
	}
}
