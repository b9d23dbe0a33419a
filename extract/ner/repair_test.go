package ner

import (
	"reflect"
	"testing"

	"kg/extract/internal/featurehash"
	"kg/extract/ud"
)

func TestExtendNames(t *testing.T) {
	tests := []struct {
		name, words string
		spans, want []Span
	}{
		{"regnal number", "Louis/PROPN XV/PROPN ruled/VERB", []Span{{0, 1, "PERSON"}}, []Span{{0, 2, "PERSON"}}},
		{"regnal one before punctuation", "Norton/PROPN I/PROPN ,/PUNCT Emperor/PROPN", []Span{{0, 1, "PERSON"}}, []Span{{0, 2, "PERSON"}}},
		{"the pronoun I", "then/ADV Norton/PROPN I/PRON went/VERB", []Span{{1, 2, "PERSON"}}, []Span{{1, 2, "PERSON"}}},
		{"not a numeral", "Norton/PROPN XIIII/PROPN", []Span{{0, 1, "PERSON"}}, []Span{{0, 1, "PERSON"}}},
		{"middle initial", "GEN./PROPN ELIZABETH/PROPN B./PROPN PRELOGAR/PROPN", []Span{{1, 3, "PERSON"}}, []Span{{1, 4, "PERSON"}}},
		{"head and of", "the/DET Labrador/PROPN Court/PROPN of/ADP Appeal/NOUN ruled/VERB", []Span{{1, 3, "ORG"}}, []Span{{1, 5, "ORG"}}},
		{"of a place named apart", "the/DET Bank/PROPN of/ADP England/PROPN", []Span{{1, 2, "ORG"}, {3, 4, "GPE"}}, []Span{{1, 2, "ORG"}, {3, 4, "GPE"}}},
		{"foreign head", "Vrije/PROPN Universiteit/PROPN", []Span{{0, 2, "PERSON"}}, []Span{{0, 2, "PERSON"}}},
		{"foreign head and city", "Vrije/PROPN Universiteit/PROPN Amsterdam/PROPN ,/PUNCT", []Span{{0, 2, "PERSON"}, {2, 3, "GPE"}}, []Span{{0, 3, "PERSON"}}},
		{"head after a place", "the/DET San/PROPN Francisco/PROPN Bulletin/PROPN said/VERB", []Span{{1, 3, "GPE"}}, []Span{{1, 4, "ORG"}}},
		{"foreign head after a name", "Vrije/PROPN Universiteit/PROPN Amsterdam/PROPN ,/PUNCT", []Span{{0, 1, "PERSON"}, {2, 3, "GPE"}}, []Span{{0, 3, "ORG"}}},
		{"title of a place", "the/DET King/PROPN of/ADP Athens/PROPN ,/PUNCT", []Span{{1, 4, "ORG"}}, []Span{{3, 4, "GPE"}}},
		{"titled person", "from/ADP Lord/PROPN Diplock/PROPN and/CCONJ", []Span{{1, 3, "GPE"}}, []Span{{2, 3, "PERSON"}}},
		{"titled island", "Prince/PROPN Edward/PROPN Island/PROPN", []Span{{0, 3, "LOC"}}, []Span{{0, 3, "LOC"}}},
		{"state and court", "the/DET Newfoundland/PROPN and/CCONJ Labrador/PROPN Court/PROPN of/ADP Appeal/NOUN", []Span{{1, 4, "GPE"}}, []Span{{1, 7, "ORG"}}},
		{"city and court", "at/ADP Earls/PROPN Court/PROPN", []Span{{1, 2, "GPE"}}, []Span{{1, 2, "GPE"}}},
		{"listed organisation", "over/ADP Real/ADJ Madrid/PROPN", []Span{{2, 3, "GPE"}}, []Span{{1, 3, "ORG"}}},
		{"listed with the article", "as/ADP The/DET New/PROPN York/PROPN Times/PROPN", []Span{{2, 5, "ORG"}}, []Span{{2, 5, "ORG"}}},
		{"title of a bridge", "the/DET Emperor/PROPN Norton/PROPN Bridge/PROPN", []Span{{2, 4, "LOC"}}, []Span{{1, 4, "LOC"}}},
		{"title of a person", "Emperor/PROPN Norton/PROPN spoke/VERB", []Span{{1, 2, "PERSON"}}, []Span{{1, 2, "PERSON"}}},
		{"administrative head", "the/DET City/PROPN of/ADP Cleveland/PROPN grew/VERB", []Span{{3, 4, "GPE"}}, []Span{{1, 4, "GPE"}}},
		{"longer name before the head", "People/PROPN 's/PART Republic/PROPN of/ADP China/PROPN", []Span{{4, 5, "GPE"}}, []Span{{4, 5, "GPE"}}},
		{"joined by and", "the/DET Rock/PROPN and/CCONJ Roll/PROPN Hall/PROPN of/ADP Fame/PROPN", []Span{{1, 2, "PERSON"}, {3, 7, "ORG"}}, []Span{{1, 7, "ORG"}}},
		{"two parties", "Israel/PROPN and/CCONJ Hamas/PROPN agreed/VERB", []Span{{0, 1, "GPE"}, {2, 3, "ORG"}}, []Span{{0, 1, "GPE"}, {2, 3, "ORG"}}},
		{"a list", "France/PROPN ,/PUNCT Spain/PROPN and/CCONJ Labrador/PROPN Court/PROPN", []Span{{2, 3, "GPE"}, {4, 6, "ORG"}}, []Span{{2, 3, "GPE"}, {4, 6, "ORG"}}},
		{"a longer first name", "Institute/PROPN of/ADP Technology/PROPN and/CCONJ Colorado/PROPN State/PROPN University/PROPN", []Span{{0, 3, "ORG"}, {4, 7, "ORG"}}, []Span{{0, 3, "ORG"}, {4, 7, "ORG"}}},
	}
	for _, tt := range tests {
		toks := sentence(tt.words).Tokens
		if got := extendNames(toks, append([]Span(nil), tt.spans...)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: extendNames(%v) = %v, want %v", tt.name, tt.spans, got, tt.want)
		}
	}
}

func TestRetype(t *testing.T) {
	tests := []struct {
		name, words string
		sp          Span
		want        string
	}{
		{"foreign head", "Vrije/PROPN Universiteit/PROPN Amsterdam/PROPN", Span{0, 2, "PERSON"}, "ORG"},
		{"apposed to a title", "the/DET King/PROPN of/ADP Athens/PROPN ,/PUNCT Theseus/PROPN unified/VERB", Span{5, 6, "GPE"}, "PERSON"},
		{"a place after a title's place", "the/DET King/PROPN of/ADP Athens/PROPN ,/PUNCT Greece/PROPN", Span{5, 6, "GPE"}, "GPE"},
		{"person after a possessive", "Apple/PROPN 's/PART Tim/PROPN Cook/PROPN", Span{2, 4, "ORG"}, "PERSON"},
		{"organisation after a possessive", "Scholz/PROPN 's/PART Social/PROPN Democrats/PROPN", Span{2, 4, "ORG"}, "ORG"},
		{"feature word first", "Fort/PROPN Lee/PROPN is/AUX a/DET town/NOUN", Span{0, 2, "PERSON"}, "GPE"},
		{"lake", "Lake/PROPN Tahoe/PROPN", Span{0, 2, "PERSON"}, "LOC"},
		{"team", "the/DET Pittsburgh/PROPN Pirates/PROPN won/VERB", Span{1, 3, "GPE"}, "ORG"},
		{"team of a two-word city", "the/DET New/PROPN York/PROPN Yankees/PROPN", Span{1, 4, "GPE"}, "ORG"},
		{"islands stay a place", "the/DET Philippine/PROPN Islands/PROPN", Span{1, 3, "LOC"}, "LOC"},
		{"spaced initials", "these/DET U./PROPN S./PROPN", Span{1, 3, "PERSON"}, "GPE"},
		{"party to a lawsuit", "Biden/PROPN versus/ADP Nebraska/PROPN", Span{0, 1, "GPE"}, "PERSON"},
		{"known place in a lawsuit", "Biden/PROPN versus/ADP Nebraska/PROPN", Span{2, 3, "GPE"}, "GPE"},
		{"WordNet place", "people/NOUN from/ADP Luzon/PROPN", Span{2, 3, "PERSON"}, "LOC"},
		{"given name", "Georgia/PROPN Meloni/PROPN", Span{0, 2, "PERSON"}, "PERSON"},
		{"WordNet place in plain letters", "in/ADP Łódź/PROPN", Span{1, 2, "PERSON"}, "GPE"},
	}
	for _, tt := range tests {
		toks := sentence(tt.words).Tokens
		if got := retype(toks, tt.sp, map[string]bool{}); got != tt.want {
			t.Errorf("%s: retype(%v) = %s, want %s", tt.name, tt.sp, got, tt.want)
		}
	}
	// A word of a person's longer name in the document stays a person.
	toks := sentence("Luzon/PROPN said/VERB").Tokens
	if got := retype(toks, Span{0, 1, "PERSON"}, map[string]bool{"Luzon": true}); got != "PERSON" {
		t.Errorf("retype(Luzon, in a person's name) = %s, want PERSON", got)
	}
}

func TestDropNonNames(t *testing.T) {
	sents := []*ud.Sentence{
		sentence("WHO/PROPN say/VERB Iodine/PROPN deficiency/NOUN hurts/VERB"),
		sentence("we/PRON need/VERB iodine/NOUN and/CCONJ more/ADJ iodine/NOUN"),
		sentence("see/VERB Tab/PROPN 3/NUM and/CCONJ Terminal/PROPN 5/NUM and/CCONJ Exhibit/PROPN 4/NUM"),
		sentence("said/VERB Tom/PROPN Molomby/PROPN ,/PUNCT SC/PROPN ,/PUNCT and/CCONJ NASA/PROPN ,/PUNCT Exhibit/PROPN 7/NUM"),
		sentence("Athens/PROPN (/PUNCT Greek/ADJ :/PUNCT Αθήνα/PROPN ,/PUNCT also/ADV Athína/PROPN )/PUNCT"),
		sentence("Lawrence/PROPN ,/PUNCT KS/PROPN ,/PUNCT is/AUX small/ADJ"),
	}
	spans := [][]Span{
		{{0, 1, "ORG"}, {2, 3, "ORG"}},
		nil,
		{{1, 3, "GPE"}, {4, 6, "LOC"}, {7, 9, "LOC"}},
		{{1, 3, "PERSON"}, {4, 5, "GPE"}, {7, 8, "ORG"}, {9, 11, "LOC"}},
		{{0, 1, "GPE"}, {4, 5, "GPE"}, {7, 8, "GPE"}},
		{{0, 1, "PERSON"}, {2, 3, "GPE"}},
	}
	want := [][]Span{
		{{0, 1, "ORG"}}, // "iodine" is the document's word
		nil,
		{{4, 6, "LOC"}},                   // labels, and a place
		{{1, 3, "PERSON"}, {7, 8, "ORG"}}, // a post-nominal; a word numbered twice
		{{0, 1, "GPE"}, {7, 8, "GPE"}},    // the gloss ends at a word in lower case
		{{0, 1, "PERSON"}, {2, 3, "GPE"}}, // a state's letters after one word
	}
	// "tab" is mostly lower case in running text, "terminal" too.
	global := map[uint64]uint8{featurehash.String("tab"): 1, featurehash.String("terminal"): 1}
	caps := capTable{global: global, doc: capBuckets(sents)}
	if got := dropNonNames(sents, spans, caps); !reflect.DeepEqual(got, want) {
		t.Errorf("dropNonNames =\n%#v\nwant\n%#v", got, want)
	}
}

func TestAddMissedNames(t *testing.T) {
	sents := []*ud.Sentence{
		sentence("formerly/ADV of/ADP Cape/PROPN of/ADP Good/ADJ Hope/NOUN ,/PUNCT now/ADV"),
		sentence("there/PRON is/AUX good/ADJ hope/NOUN"),
	}
	spans := [][]Span{nil, nil}
	want := [][]Span{{{2, 6, "LOC"}}, nil}
	if got := addMissedNames(sents, spans, capTable{}); !reflect.DeepEqual(got, want) {
		t.Errorf("addMissedNames = %v, want %v", got, want)
	}
}

func TestCitedAuthors(t *testing.T) {
	tests := []struct {
		name, words string
		spans, want []Span
	}{
		{"authors", "skills/NOUN (/PUNCT Li/PROPN ,/PUNCT Polat/PROPN ,/PUNCT Scalzo/PROPN ,/PUNCT &/CCONJ Bavelier/PROPN ,/PUNCT 2010/NUM )/PUNCT",
			[]Span{{2, 3, "PERSON"}, {6, 7, "GPE"}}, []Span{{2, 3, "PERSON"}, {4, 5, "PERSON"}, {6, 7, "PERSON"}, {9, 10, "PERSON"}}},
		{"et al. and semicolons", "(/PUNCT Porte/PROPN ,/PUNCT 2012/NUM ;/PUNCT Berez/PROPN -/PUNCT Kroeker/PROPN et/X al./X ,/PUNCT 2017/NUM )/PUNCT",
			nil, []Span{{1, 2, "PERSON"}, {5, 8, "PERSON"}}},
		{"an organisation as author", "(/PUNCT World/PROPN Bank/PROPN ,/PUNCT 2010/NUM )/PUNCT", []Span{{1, 3, "ORG"}}, []Span{{1, 3, "ORG"}}},
		{"a known place", "(/PUNCT Kenya/PROPN ,/PUNCT 2010/NUM )/PUNCT", []Span{{1, 2, "GPE"}}, []Span{{1, 2, "GPE"}}},
		{"a film's title", "(/PUNCT Three/PROPN Sinners/PROPN ,/PUNCT 1950/NUM )/PUNCT", nil, nil},
		{"prose before the year", "(/PUNCT see/VERB Brieber/PROPN 2014/NUM )/PUNCT", nil, nil},
		{"no year", "(/PUNCT Li/PROPN ,/PUNCT Polat/PROPN )/PUNCT", nil, nil},
	}
	for _, tt := range tests {
		toks := sentence(tt.words).Tokens
		if got := citedAuthors(toks, append([]Span(nil), tt.spans...)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: citedAuthors(%v) = %v, want %v", tt.name, tt.spans, got, tt.want)
		}
	}
}

func TestRepeatedNames(t *testing.T) {
	sents := []*ud.Sentence{
		sentence("Coron/PROPN is/AUX in/ADP Palawan/PROPN"),
		sentence("unknown/ADJ outside/ADP of/ADP Palawan/PROPN"),
		sentence("the/DET Palawan/PROPN Hotel/PROPN and/CCONJ palawan/NOUN"),
		sentence("Palawan/PROPN 's/PART coast/NOUN"),
	}
	sents = append(sents, sentence("Manchester/PROPN City/PROPN won/VERB"), sentence("City/PROPN 's/PART win/NOUN"))
	spans := [][]Span{{{0, 1, "GPE"}, {3, 4, "GPE"}}, nil, nil, nil, {{0, 2, "ORG"}}, nil}
	want := [][]Span{
		{{0, 1, "GPE"}, {3, 4, "GPE"}},
		{{3, 4, "GPE"}}, // the repeat the model missed
		nil,             // part of a longer name, and the word in lower case
		{{0, 1, "GPE"}},
		{{0, 2, "ORG"}},
		{{0, 1, "ORG"}}, // an organisation's short form
	}
	if got := repeatedNames(sents, spans); !reflect.DeepEqual(got, want) {
		t.Errorf("repeatedNames = %v, want %v", got, want)
	}
}

func TestRepairSpansSurnames(t *testing.T) {
	sents := []*ud.Sentence{
		sentence("Valeska/PROPN Paris/PROPN and/CCONJ Henry/PROPN Ford/PROPN and/CCONJ Theodorus/PROPN of/ADP Tabennese/PROPN"),
		sentence("Paris/PROPN claims/VERB Ford/PROPN paid/VERB at/ADP Tabennese/PROPN"),
	}
	spans := [][]Span{
		{{0, 2, "PERSON"}, {3, 5, "PERSON"}, {6, 9, "PERSON"}},
		{{0, 1, "GPE"}, {2, 3, "ORG"}, {5, 6, "GPE"}},
	}
	want := []Span{
		{0, 1, "PERSON"}, // the surname of a person named in full
		{2, 3, "ORG"},    // an organisation's name too
		{5, 6, "GPE"},    // the place in "Theodorus of Tabennese"
	}
	if got := repairSpans(sents, spans)[1]; !reflect.DeepEqual(got, want) {
		t.Errorf("repairSpans = %v, want %v", got, want)
	}
}

func TestNotHeaders(t *testing.T) {
	tests := []struct {
		words string
		spans []Span
		want  []Span
	}{
		{"Team/NOUN P/PROPN W/PROPN D/PROPN L/PROPN Pts/PROPN", []Span{{0, 6, "PERSON"}}, nil},
		{"V/PROPN K/PROPN Choudhry/PROPN said/VERB", []Span{{0, 3, "PERSON"}}, []Span{{0, 3, "PERSON"}}},
		{"Arsenal/PROPN 10/NUM 8/NUM 1/NUM 1/NUM 25/NUM", []Span{{0, 1, "ORG"}}, []Span{{0, 1, "ORG"}}},
	}
	for _, tt := range tests {
		toks := sentence(tt.words).Tokens
		got := notHeaders(toks, append([]Span(nil), tt.spans...))
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("notHeaders(%q, %v) = %v, want %v", tt.words, tt.spans, got, tt.want)
		}
	}
}

func TestListedNames(t *testing.T) {
	tests := []struct {
		words string
		spans []Span
		want  []Span
	}{
		{"Sheffield/PROPN Wednesday/PROPN lost/VERB", []Span{{0, 1, "GPE"}}, []Span{{0, 2, "ORG"}}},
		{"Leeds/PROPN United/PROPN won/VERB", []Span{{0, 2, "PERSON"}}, []Span{{0, 2, "ORG"}}},
		{"Exxon/PROPN Mobil/PROPN fell/VERB", []Span{{0, 2, "PERSON"}}, []Span{{0, 2, "ORG"}}},
		// A place the gazetteer knows stays a place; one word is not enough.
		{"New/PROPN York/PROPN City/PROPN grew/VERB", []Span{{0, 3, "GPE"}}, []Span{{0, 3, "GPE"}}},
		{"Leeds/PROPN grew/VERB", []Span{{0, 1, "GPE"}}, []Span{{0, 1, "GPE"}}},
		// A word in a span of its own is not run over.
		{"Sheffield/PROPN Wednesday/PROPN", []Span{{0, 1, "GPE"}, {1, 2, "DATE"}}, []Span{{0, 1, "GPE"}, {1, 2, "DATE"}}},
	}
	for _, tt := range tests {
		toks := sentence(tt.words).Tokens
		if got := listedNames(toks, append([]Span(nil), tt.spans...)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("listedNames(%q, %v) = %v, want %v", tt.words, tt.spans, got, tt.want)
		}
	}
}

func TestScoreLineClubs(t *testing.T) {
	tests := []struct {
		words string
		spans []Span
		want  []Span
	}{
		{"Chelsea/PROPN 10/NUM 7/NUM 2/NUM 1/NUM 23/NUM", []Span{{0, 1, "PERSON"}}, []Span{{0, 1, "ORG"}}},
		{"Leeds/PROPN 2/NUM Hull/PROPN 1/NUM", []Span{{0, 1, "GPE"}, {2, 3, "GPE"}}, []Span{{0, 1, "ORG"}, {2, 3, "ORG"}}},
		// Not a score line: the words outnumber the numbers.
		{"Chelsea/PROPN Clinton/PROPN was/AUX born/VERB in/ADP 1980/NUM", []Span{{0, 1, "PERSON"}}, []Span{{0, 1, "PERSON"}}},
		// A country in a table row is not taken for its team.
		{"France/PROPN 58/NUM 60/NUM 64/NUM", []Span{{0, 1, "GPE"}}, []Span{{0, 1, "GPE"}}},
	}
	for _, tt := range tests {
		toks := sentence(tt.words).Tokens
		if got := scoreLineClubs(toks, append([]Span(nil), tt.spans...)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("scoreLineClubs(%q, %v) = %v, want %v", tt.words, tt.spans, got, tt.want)
		}
	}
}

func TestTitledPersons(t *testing.T) {
	tests := []struct {
		words string
		spans []Span
		want  []Span
	}{
		{"Former/ADJ FTC/PROPN chair/NOUN Lina/PROPN Khan/PROPN", []Span{{1, 2, "ORG"}, {3, 5, "ORG"}}, []Span{{1, 2, "ORG"}, {3, 5, "PERSON"}}},
		// An organisation's head word keeps it one: "the Justice Department".
		{"Secretary/PROPN Treasury/PROPN Department/PROPN", []Span{{1, 3, "ORG"}}, []Span{{1, 3, "ORG"}}},
		// No title before it.
		{"visited/VERB Lina/PROPN Khan/PROPN", []Span{{1, 3, "ORG"}}, []Span{{1, 3, "ORG"}}},
	}
	for _, tt := range tests {
		toks := sentence(tt.words).Tokens
		if got := titledPersons(toks, append([]Span(nil), tt.spans...)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("titledPersons(%q, %v) = %v, want %v", tt.words, tt.spans, got, tt.want)
		}
	}
}

func TestWordNetFacilities(t *testing.T) {
	tests := []struct {
		words   string
		i, want int
	}{
		{"an/DET Oval/PROPN Office/PROPN encounter/NOUN", 1, 2},
		{"the/DET Bastille/PROPN fell/VERB", 1, 0}, // one word alone is not enough
	}
	for _, tt := range tests {
		toks := sentence(tt.words).Tokens
		if got, _ := wordnetName(toks, tt.i, make([]bool, len(toks)), capTable{}); got != tt.want {
			t.Errorf("wordnetName(%q, %d) = %d words, want %d", tt.words, tt.i, got, tt.want)
		}
	}
}

func TestPersonsOf(t *testing.T) {
	tests := []struct {
		words string
		spans []Span
		want  []Span
	}{
		// An acronym after "of" is the person's organisation.
		{"Michael/PROPN Tien/PROPN of/ADP NPP/PROPN won/VERB", []Span{{0, 4, "PERSON"}}, []Span{{0, 2, "PERSON"}, {3, 4, "ORG"}}},
		// So is a name ending in an organisation's head word, past "the".
		{"Alvin/PROPN Yeung/PROPN of/ADP the/DET Civic/PROPN Party/PROPN", []Span{{0, 6, "PERSON"}}, []Span{{0, 2, "PERSON"}, {4, 6, "ORG"}}},
		// A word that names nothing known is dropped, the person kept.
		{"Patrick/PROPN Gordon/PROPN of/ADP Auchleuchries/PROPN", []Span{{0, 4, "PERSON"}}, []Span{{0, 2, "PERSON"}}},
		// A hyphenated given name the tokenizer split is still a name of
		// proper nouns, and two unknown capitalised words after "of" are
		// the person's organisation.
		{"Cheng/PROPN Chung/PROPN -/PUNCT tai/PROPN of/ADP Civic/PROPN Passion/PROPN", []Span{{0, 7, "PERSON"}}, []Span{{0, 4, "PERSON"}, {5, 7, "ORG"}}},
		{"Wong/PROPN Kwok/PROPN -/PUNCT kin/NOUN of/ADP the/DET FTU/PROPN", []Span{{0, 7, "PERSON"}}, []Span{{0, 4, "PERSON"}, {6, 7, "ORG"}}},
		// A hyphen not inside a word of the name keeps the span whole.
		{"Wong/PROPN -/PUNCT of/ADP Civic/PROPN Passion/PROPN", []Span{{0, 5, "PERSON"}}, []Span{{0, 5, "PERSON"}}},
		// One word before "of" is a name of its own.
		{"Catherine/PROPN of/ADP Aragon/PROPN", []Span{{0, 3, "PERSON"}}, []Span{{0, 3, "PERSON"}}},
		// Organisations keep their "of".
		{"Bank/PROPN of/ADP England/PROPN", []Span{{0, 3, "ORG"}}, []Span{{0, 3, "ORG"}}},
	}
	for _, tt := range tests {
		toks := sentence(tt.words).Tokens
		if got := personsOf(toks, append([]Span(nil), tt.spans...)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("personsOf(%q, %v) = %v, want %v", tt.words, tt.spans, got, tt.want)
		}
	}
}
