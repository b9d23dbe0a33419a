package ner

import (
	"reflect"
	"testing"

	"kg/extract/ud"
)

func TestOrganisations(t *testing.T) {
	tests := []struct {
		name, words string
		spans, want []Span
	}{
		{"purpose after for", "the/DET National/PROPN Association/PROPN for/ADP the/DET Advancement/PROPN of/ADP Colored/PROPN People/PROPN",
			[]Span{{1, 3, "ORG"}, {5, 9, "ORG"}}, []Span{{1, 9, "ORG"}}},
		{"purpose left unnamed", "the/DET Union/PROPN for/ADP a/DET Popular/PROPN Movement/PROPN ./PUNCT",
			[]Span{{1, 2, "ORG"}}, []Span{{1, 6, "ORG"}}},
		{"two parties", "left/VERB the/DET Liberal/PROPN Party/PROPN for/ADP the/DET Green/PROPN Party/PROPN",
			[]Span{{2, 4, "ORG"}, {6, 8, "ORG"}}, []Span{{2, 4, "ORG"}, {6, 8, "ORG"}}},
		{"no purpose head", "ran/VERB in/ADP Mississauga/PROPN East/PROPN for/ADP the/DET Greens/PROPN",
			[]Span{{2, 4, "ORG"}, {6, 7, "ORG"}}, []Span{{2, 4, "ORG"}, {6, 7, "ORG"}}},
		{"bracketed acronym missed", "the/DET Popular/PROPN Civic/PROPN List/PROPN (/PUNCT CP/PROPN )/PUNCT",
			[]Span{{1, 4, "ORG"}}, []Span{{1, 4, "ORG"}, {5, 6, "ORG"}}},
		{"bracketed acronym as a place", "the/DET Syrian/PROPN Democratic/PROPN Forces/PROPN (/PUNCT SDF/PROPN )/PUNCT",
			[]Span{{1, 4, "ORG"}, {5, 6, "GPE"}}, []Span{{1, 4, "ORG"}, {5, 6, "ORG"}}},
		{"bracketed acronym of a place", "the/DET United/PROPN Arab/PROPN Emirates/PROPN (/PUNCT UAE/PROPN )/PUNCT",
			[]Span{{1, 4, "GPE"}}, []Span{{1, 4, "GPE"}}},
		{"bracketed word", "the/DET Greens/PROPN (/PUNCT Germany/PROPN )/PUNCT",
			[]Span{{1, 2, "ORG"}}, []Span{{1, 2, "ORG"}}},
		{"company apposition", "Safaricom/PROPN ,/PUNCT the/DET country/NOUN 's/PART largest/ADJ telecom/NOUN company/NOUN ,/PUNCT said/VERB",
			[]Span{{0, 1, "PERSON"}}, []Span{{0, 1, "ORG"}}},
		{"company apposition missed", "shares/NOUN of/ADP Safaricom/PROPN ,/PUNCT a/DET Nairobi-based/PROPN carrier/NOUN ,/PUNCT rose/VERB",
			nil, []Span{{2, 3, "ORG"}}},
		{"person's apposition", "Smith/PROPN ,/PUNCT a/DET spokesman/NOUN for/ADP the/DET company/NOUN ,/PUNCT said/VERB",
			[]Span{{0, 1, "PERSON"}}, []Span{{0, 1, "PERSON"}}},
		{"given name", "John/PROPN Smith/PROPN ,/PUNCT the/DET company/NOUN 's/PART founder/NOUN",
			[]Span{{0, 2, "PERSON"}}, []Span{{0, 2, "PERSON"}}},
		{"mostly organisations", "Shinui/PROPN ,/PUNCT Hetz/PROPN ,/PUNCT Meretz/PROPN ,/PUNCT Ratz/PROPN and/CCONJ the/DET Labor/PROPN Party/PROPN",
			[]Span{{0, 1, "ORG"}, {2, 3, "PERSON"}, {4, 5, "GPE"}, {6, 7, "ORG"}, {9, 11, "ORG"}}, []Span{{0, 1, "ORG"}, {2, 3, "ORG"}, {4, 5, "ORG"}, {6, 7, "ORG"}, {9, 11, "ORG"}}},
		{"half organisations", "Shinui/PROPN ,/PUNCT Hetz/PROPN ,/PUNCT Meretz/PROPN and/CCONJ the/DET Labor/PROPN Party/PROPN",
			[]Span{{0, 1, "ORG"}, {2, 3, "PERSON"}, {4, 5, "GPE"}, {7, 9, "ORG"}}, []Span{{0, 1, "ORG"}, {2, 3, "PERSON"}, {4, 5, "GPE"}, {7, 9, "ORG"}}},
		{"known place in the list", "the/DET UN/PROPN ,/PUNCT NATO/PROPN and/CCONJ France/PROPN",
			[]Span{{1, 2, "ORG"}, {3, 4, "ORG"}, {5, 6, "GPE"}}, []Span{{1, 2, "ORG"}, {3, 4, "ORG"}, {5, 6, "GPE"}}},
		{"given name in the list", "Google/PROPN ,/PUNCT Apple/PROPN and/CCONJ Tim/PROPN Cook/PROPN",
			[]Span{{0, 1, "ORG"}, {2, 3, "ORG"}, {4, 6, "PERSON"}}, []Span{{0, 1, "ORG"}, {2, 3, "ORG"}, {4, 6, "PERSON"}}},
		{"sector word", "at/ADP El/PROPN Paso/PROPN Energy/PROPN ./PUNCT",
			[]Span{{1, 4, "GPE"}}, []Span{{1, 4, "ORG"}}},
		{"sector word of a known place", "the/DET Capital/PROPN ,/PUNCT",
			[]Span{{1, 2, "GPE"}}, []Span{{1, 2, "GPE"}}},
		{"parties such as", "parties/NOUN such/ADJ as/ADP Ecolo/PROPN and/CCONJ Groen/PROPN in/ADP Belgium/PROPN",
			[]Span{{3, 4, "PERSON"}, {5, 6, "GPE"}, {7, 8, "GPE"}}, []Span{{3, 4, "ORG"}, {5, 6, "ORG"}, {7, 8, "GPE"}}},
		{"band apposition", "Deadsy/PROPN ,/PUNCT a/DET rock/NOUN band/NOUN ,/PUNCT",
			[]Span{{0, 1, "PERSON"}}, []Span{{0, 1, "ORG"}}},
		{"labelled by a kind", "the/DET band/NOUN God/PROPN Street/PROPN Wine/NOUN ./PUNCT",
			nil, []Span{{2, 5, "ORG"}}},
		{"labelled after a comma", "rock/NOUN band/NOUN ,/PUNCT Eels/PROPN ./PUNCT",
			[]Span{{3, 4, "PERSON"}}, []Span{{3, 4, "ORG"}}},
		{"labelled person keeps a given name", "the/DET group/NOUN John/PROPN Smith/PROPN",
			[]Span{{2, 4, "PERSON"}}, []Span{{2, 4, "PERSON"}}},
		{"founded", "Caloi/PROPN was/AUX founded/VERB in/ADP 1898/NUM",
			[]Span{{0, 1, "PERSON"}}, []Span{{0, 1, "ORG"}}},
		{"a company's shareholders", "Caloi/PROPN 's/PART shareholders/NOUN sold/VERB",
			[]Span{{0, 1, "PERSON"}}, []Span{{0, 1, "ORG"}}},
		{"a person's founding", "Maria/PROPN Caloi/PROPN was/AUX founded/VERB",
			[]Span{{0, 2, "PERSON"}}, []Span{{0, 2, "PERSON"}}},
		{"an unknown place a company by its apposition", "Anglo/PROPN Platinum/PROPN ,/PUNCT a/DET mining/NOUN company/NOUN ,/PUNCT said/VERB",
			[]Span{{0, 2, "GPE"}}, []Span{{0, 2, "ORG"}}},
		{"a known place keeps its type", "Denver/PROPN ,/PUNCT a/DET city/NOUN of/ADP firms/NOUN",
			[]Span{{0, 1, "GPE"}}, []Span{{0, 1, "GPE"}}},
		{"a company named after its city", "Munich/PROPN Re/PROPN raised/VERB its/PRON forecast/NOUN",
			[]Span{{0, 1, "GPE"}}, []Span{{0, 2, "ORG"}}},
		{"a company named after a people", "Swiss/ADJ Re/PROPN said/VERB",
			[]Span{{0, 1, "NORP"}}, []Span{{0, 2, "ORG"}}},
		{"a company's acts", "Shoprite/PROPN opened/VERB 20/NUM stores/NOUN",
			[]Span{{0, 1, "PERSON"}}, []Span{{0, 1, "ORG"}}},
		{"a person's acts", "Okafor/PROPN opened/VERB the/DET door/NOUN",
			[]Span{{0, 1, "PERSON"}}, []Span{{0, 1, "PERSON"}}},
		{"a brand's inner capital", "CrowdStrike/PROPN said/VERB",
			[]Span{{0, 1, "PERSON"}}, []Span{{0, 1, "ORG"}}},
		{"surname particles and double names stay persons", "McDonald/PROPN ,/PUNCT DeSantis/PROPN and/CCONJ Ben-Gurion/PROPN met/VERB",
			[]Span{{0, 1, "PERSON"}, {2, 3, "PERSON"}, {4, 5, "PERSON"}}, []Span{{0, 1, "PERSON"}, {2, 3, "PERSON"}, {4, 5, "PERSON"}}},
		{"a company's staff, missed", "Safaricom/PROPN shares/NOUN rose/VERB",
			nil, []Span{{0, 1, "ORG"}}},
		{"a listed company the tagger took for a verb", "Boeing/VERB machinists/NOUN voted/VERB",
			nil, []Span{{0, 1, "ORG"}}},
		{"an ordinary word that is a listed company", "City/NOUN workers/NOUN voted/VERB",
			nil, nil},
		{"a company's staff, a person to the model", "Kestrel/PROPN workers/NOUN struck/VERB",
			[]Span{{0, 1, "PERSON"}}, []Span{{0, 1, "ORG"}}},
		{"no company: a common noun, a place, a name's last word", "Police/NOUN officers/NOUN and/CCONJ Kenya/PROPN workers/NOUN and/CCONJ Anna/PROPN Berg/PROPN employees/NOUN",
			[]Span{{3, 4, "GPE"}, {6, 8, "PERSON"}}, []Span{{3, 4, "GPE"}, {6, 8, "PERSON"}}},
		{"city as a club", "played/VERB 26/NUM games/NOUN for/ADP Lausanne/PROPN",
			[]Span{{4, 5, "GPE"}}, []Span{{4, 5, "ORG"}}},
		{"country as a team stays", "played/VERB 26/NUM games/NOUN for/ADP France/PROPN",
			[]Span{{4, 5, "GPE"}}, []Span{{4, 5, "GPE"}}},
		{"city without sport", "left/VERB for/ADP Lausanne/PROPN",
			[]Span{{2, 3, "GPE"}}, []Span{{2, 3, "GPE"}}},
		{"lower-case state", "moving/VERB to/ADP delaware/PROPN soon/ADV",
			nil, []Span{{2, 3, "GPE"}}},
		{"lower-case common word", "a/DET turkey/PROPN dinner/NOUN",
			nil, nil},
		{"lower-case noun", "in/ADP florida/NOUN",
			nil, nil},
		{"ordinal unit", "the/DET Eighth/ADJ Air/PROPN Force/PROPN",
			[]Span{{2, 4, "ORG"}}, []Span{{1, 4, "ORG"}}},
		{"numbered unit", "the/DET 65th/ADJ Air/PROPN Division/PROPN",
			[]Span{{2, 4, "ORG"}}, []Span{{1, 4, "ORG"}}},
		{"surname before a unit", "Smith/PROPN Air/PROPN Force/PROPN",
			[]Span{{1, 3, "ORG"}}, []Span{{1, 3, "ORG"}}},
		{"shares of", "Shares/NOUN of/ADP Nordic/ADJ Steel/PROPN fell/VERB",
			nil, []Span{{2, 4, "ORG"}}},
		{"shares of a person", "shares/NOUN of/ADP Nordic/PROPN Steel/PROPN rose/VERB",
			[]Span{{2, 4, "PERSON"}}, []Span{{2, 4, "ORG"}}},
		{"stake in a known place", "a/DET stake/NOUN in/ADP Ukraine/PROPN",
			[]Span{{3, 4, "GPE"}}, []Span{{3, 4, "GPE"}}},
		{"lower-case description", "headed/VERB by/ADP the/DET liberal/ADJ Japan/PROPN New/PROPN Party/PROPN",
			[]Span{{3, 7, "ORG"}}, []Span{{4, 7, "ORG"}}},
	}
	for _, tt := range tests {
		s := sentence(tt.words)
		got := organisations([]*ud.Sentence{s}, [][]Span{append([]Span(nil), tt.spans...)})[0]
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: organisations(%q, %v) = %v, want %v", tt.name, tt.words, tt.spans, got, tt.want)
		}
	}
}

func TestOrganisationsDocument(t *testing.T) {
	sents := []*ud.Sentence{
		sentence("Caloi/PROPN was/AUX founded/VERB in/ADP 1898/NUM ./PUNCT"),
		sentence("In/ADP 1972/NUM ,/PUNCT Caloi/PROPN introduced/VERB bicycles/NOUN ./PUNCT"),
		sentence("Guido/PROPN Caloi/PROPN ran/VERB it/PRON ./PUNCT"),
	}
	spans := [][]Span{{{0, 1, "PERSON"}}, {{3, 4, "PERSON"}}, {{0, 2, "PERSON"}}}
	want := [][]Span{{{0, 1, "ORG"}}, {{3, 4, "ORG"}}, {{0, 2, "PERSON"}}}
	if got := organisations(sents, spans); !reflect.DeepEqual(got, want) {
		t.Errorf("organisations = %v, want %v", got, want)
	}
}

// TestCompanyActsSurname checks that the surname of a person the document
// names in full stays a person's when it does what companies do.
func TestCompanyActsSurname(t *testing.T) {
	sents := []*ud.Sentence{
		sentence("Elena/PROPN Vasquez/PROPN took/VERB over/ADP ./PUNCT"),
		sentence("Vasquez/PROPN raised/VERB prices/NOUN ./PUNCT"),
		sentence("Heineken/PROPN raised/VERB prices/NOUN ./PUNCT"),
	}
	spans := [][]Span{{{0, 2, "PERSON"}}, {{0, 1, "PERSON"}}, {{0, 1, "PERSON"}}}
	want := [][]Span{{{0, 2, "PERSON"}}, {{0, 1, "PERSON"}}, {{0, 1, "ORG"}}}
	if got := organisations(sents, spans); !reflect.DeepEqual(got, want) {
		t.Errorf("organisations = %v, want %v", got, want)
	}
}
