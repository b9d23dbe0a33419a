package ner

import (
	"bytes"
	"fmt"
	"io/fs"
	"kg/seeds"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"kg/extract/segment"
	"kg/extract/ud"
)

// dataDir returns ../shared/data relative to the directory holding go.mod,
// skipping the test when it is absent.
func dataDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("go.mod not found above the test directory")
		}
		dir = parent
	}
	d := filepath.Join(dir, "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(d, "gum", "splits.md")); err != nil {
		t.Skipf("training data not found at %s", d)
	}
	return d
}

func loadModels(t testing.TB) (*Model, func(*ud.Sentence)) {
	t.Helper()
	m, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	prep, err := annotator()
	if err != nil {
		t.Fatal(err)
	}
	return m, prep
}

// entities runs segmentation, tagging, parsing and recognition on text,
// one sentence at a time, and returns the mentions as "TYPE text" strings.
func entities(m *Model, prep func(*ud.Sentence), text string) []string {
	var out []string
	for _, s := range segment.Split(text) {
		prep(s)
		for _, sp := range m.Recognize(s) {
			out = append(out, sp.Type+" "+spanText(s.Tokens, sp.Start, sp.End))
		}
	}
	return out
}

func TestRecognizeNewsSentences(t *testing.T) {
	m, prep := loadModels(t)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"nationality, titles and an acronym",
			"German Chancellor Olaf Scholz met NATO chief Mark Rutte in Brussels.",
			[]string{"NORP German", "PERSON Olaf Scholz", "ORG NATO", "PERSON Mark Rutte", "GPE Brussels"}},
		{"a storm is an event",
			"Cyclone Phailin hit Odisha on Saturday, and Phailin's winds weakened inland.",
			[]string{"GPE Odisha"}},
		{"a military operation is an event",
			"Operation Overlord began in Normandy.",
			[]string{"GPE Normandy"}},
		{"two countries joined by a hyphen",
			"The India-Pakistan border was closed on Monday.",
			[]string{"GPE India", "GPE Pakistan"}},
		{"a country with a hyphen in its name",
			"Guinea-Bissau held elections in November.",
			[]string{"GPE Guinea - Bissau"}},
		{"title with an of-complement",
			"U.S. Secretary of State Marco Rubio arrived in Tokyo on Monday.",
			[]string{"GPE U.S.", "PERSON Marco Rubio", "GPE Tokyo"}},
		{"possessive country",
			"Japan's prime minister said the talks would continue.",
			[]string{"GPE Japan"}},
		{"organisation with the",
			"The World Health Organization warned that cases were rising in Brazil.",
			[]string{"ORG World Health Organization", "GPE Brazil"}},
		{"geographic feature is LOC",
			"Ships crossed the Black Sea after the storm.",
			[]string{"LOC Black Sea"}},
		{"company and city",
			"Microsoft opened a new office in Nairobi last year.",
			[]string{"ORG Microsoft", "GPE Nairobi"}},
		{"plural demonym",
			"Thousands of Ukrainians crossed into Poland.",
			[]string{"NORP Ukrainians", "GPE Poland"}},
		{"country named like an organisation is GPE",
			"Saudi Arabia and the United Arab Emirates pledged new aid.",
			[]string{"GPE Saudi Arabia", "GPE United Arab Emirates"}},
		{"ambassador of a country",
			"Russia's ambassador to the United Nations called the meeting.",
			[]string{"GPE Russia", "ORG United Nations"}},
		{"river is LOC",
			"The Mississippi River flooded parts of Missouri and Illinois.",
			[]string{"LOC Mississippi River", "GPE Missouri", "GPE Illinois"}},
		{"no names",
			"The committee met on Tuesday and approved the budget.",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := entities(m, prep, tt.text)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Recognize(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestRecognizeDocument(t *testing.T) {
	m, prep := loadModels(t)
	text := "Coron is a town in the north. Visitors love Coron. Coron has a quiet harbour."
	sents := segment.Split(text)
	for _, s := range sents {
		prep(s)
	}
	docSpans := m.RecognizeDocument(append(sents, nil, &ud.Sentence{}))
	if len(docSpans) != len(sents)+2 {
		t.Fatalf("RecognizeDocument returned %d sentences, want %d", len(docSpans), len(sents)+2)
	}
	types := map[string]bool{}
	for k, spans := range docSpans[:len(sents)] {
		for _, sp := range spans {
			if w := spanText(sents[k].Tokens, sp.Start, sp.End); w == "Coron" {
				types[sp.Type] = true
			}
		}
	}
	if len(types) != 1 {
		t.Errorf("RecognizeDocument(%q) types Coron as %v, want one type throughout", text, types)
	}
	for k := len(sents); k < len(docSpans); k++ {
		if docSpans[k] != nil {
			t.Errorf("RecognizeDocument: empty sentence %d got spans %v, want nil", k, docSpans[k])
		}
	}
}

func TestDocMemory(t *testing.T) {
	sents := []*ud.Sentence{
		sentence("Coron/PROPN is/AUX a/DET town/NOUN"),
		sentence("we/PRON visited/VERB Coron/PROPN"),
		sentence("Coron/PROPN said/VERB iodine/NOUN"),
		sentence("Iodine/NOUN helps/VERB"),
	}
	first := [][]Span{{{0, 1, typePlace}}, {{2, 3, typePlace}}, {{0, 1, "PERSON"}}, nil}
	cs := make([][]tokCtx, len(sents))
	for k, s := range sents {
		cs[k] = make([]tokCtx, len(s.Tokens))
		contexts(cs[k], s, nil, nil, nil)
	}
	docMemory(cs, sents, first)
	tests := []struct {
		name       string
		k, i       int
		maj, lower uint64
	}{
		{"others say place", 2, 0, memPlace + 1, 4},
		{"a tie goes to the first class", 1, 2, memPerson + 1, 1},
		{"lower case elsewhere", 3, 0, 0, 2},
		{"lower-case word has no vote", 2, 2, 0, 1},
	}
	for _, tt := range tests {
		c := cs[tt.k][tt.i]
		if !c.memOn || c.memMaj != tt.maj || c.memLower != tt.lower {
			t.Errorf("%s: token %q: memOn %v memMaj %d memLower %d, want true %d %d",
				tt.name, sents[tt.k].Tokens[tt.i].Form, c.memOn, c.memMaj, c.memLower, tt.maj, tt.lower)
		}
	}
}

func TestRecognizeEmpty(t *testing.T) {
	m, _ := loadModels(t)
	if got := m.Recognize(&ud.Sentence{}); got != nil {
		t.Errorf("Recognize(empty) = %v, want nil", got)
	}
	if got := m.Recognize(nil); got != nil {
		t.Errorf("Recognize(nil) = %v, want nil", got)
	}
}

// sentence builds a tagged sentence from "form/UPOS" words.
func sentence(words string) *ud.Sentence {
	s := &ud.Sentence{Start: -1, End: -1}
	for i, w := range strings.Fields(words) {
		form, upos, _ := strings.Cut(w, "/")
		s.Tokens = append(s.Tokens, ud.Token{ID: i + 1, Form: form, UPOS: upos, Head: -1, Start: -1, End: -1})
	}
	return s
}

func TestFinishConventions(t *testing.T) {
	tests := []struct {
		name  string
		words string
		in    []Span
		want  []Span
	}{
		{"title stripped from person", "President/PROPN Joe/PROPN Biden/PROPN spoke/VERB",
			[]Span{{0, 3, "PERSON"}}, []Span{{1, 3, "PERSON"}}},
		{"title with of-complement stripped", "Secretary/PROPN of/ADP State/PROPN Marco/PROPN Rubio/PROPN",
			[]Span{{0, 5, "PERSON"}}, []Span{{3, 5, "PERSON"}}},
		{"leading the dropped", "the/DET United/PROPN States/PROPN",
			[]Span{{0, 3, typePlace}}, []Span{{1, 3, "GPE"}}},
		{"demonym span is NORP", "Russians/PROPN voted/VERB",
			[]Span{{0, 1, "PERSON"}}, []Span{{0, 1, "NORP"}}},
		{"demonym outside spans is NORP", "the/DET Ukrainian/ADJ army/NOUN",
			nil, []Span{{1, 2, "NORP"}}},
		{"two-word demonym", "South/ADJ Korean/ADJ officials/NOUN",
			nil, []Span{{0, 2, "NORP"}}},
		{"the article before a sentence-initial demonym is no part of it", "The/DET Taiwanese/ADJ firm/NOUN",
			nil, []Span{{1, 2, "NORP"}}},
		{"lower-case demonym is not NORP", "french/ADJ fries/NOUN",
			nil, []Span{}},
		{"sea is LOC", "Black/PROPN Sea/PROPN",
			[]Span{{0, 2, typePlace}}, []Span{{0, 2, "LOC"}}},
		{"title after a country is not an organisation", "U.S./PROPN Secretary/PROPN of/ADP State/PROPN",
			[]Span{{0, 4, "ORG"}}, []Span{{0, 1, "GPE"}}},
		{"department stays an organisation", "U.S./PROPN Department/PROPN of/ADP State/PROPN",
			[]Span{{0, 4, "ORG"}}, []Span{{0, 4, "ORG"}}},
		{"proper noun after a title is a person", "Justice/PROPN Thomas/PROPN asked/VERB",
			nil, []Span{{1, 2, "PERSON"}}},
		{"organisation after a title word is not a person", "General/PROPN Fusion/PROPN Motors/PROPN sold/VERB",
			nil, []Span{}},
		{"an organisation the gazetteer lists is found", "General/PROPN Motors/PROPN sold/VERB",
			nil, []Span{{0, 2, "ORG"}}},
		{"a listed organisation the model took for a person", "Goldman/PROPN Sachs/PROPN said/VERB",
			[]Span{{0, 2, "PERSON"}}, []Span{{0, 2, "ORG"}}},
		{"a name after a lower-case title its owner holds is a person", "Zorvex/PROPN coach/NOUN Mikel/PROPN Arteta/PROPN praised/VERB",
			nil, []Span{{0, 1, "ORG"}, {2, 4, "PERSON"}}},
		{"but not one word alone", "Zorvex/PROPN coach/NOUN Arteta/PROPN praised/VERB",
			nil, []Span{}},
		{"a place opening with a given name is a person", "governor/NOUN ,/PUNCT Eduardo/PROPN Leite/PROPN said/VERB",
			[]Span{{2, 4, typePlace}}, []Span{{2, 4, "PERSON"}}},
		{"unless a place word heads it", "Victoria/PROPN Falls/PROPN",
			[]Span{{0, 2, typePlace}}, []Span{{0, 2, "LOC"}}},
		{"a listed organisation that is also a place stays a place", "the/DET Amazon/PROPN river/NOUN",
			[]Span{{1, 2, typePlace}}, []Span{{1, 2, "GPE"}}}, // placeType's call, not an organisation
		{"saint starts a place", "St./PROPN Louis/PROPN",
			nil, []Span{{0, 2, "GPE"}}},
		{"era after century is no name", "the/DET 7th/ADJ century/NOUN BC/PROPN",
			[]Span{{3, 4, typePlace}}, []Span{}},
		{"span cut at a comma", "Acme/PROPN Corporation/PROPN ,/PUNCT Inc./PROPN",
			[]Span{{0, 4, "ORG"}}, []Span{{0, 2, "ORG"}}},
		{"trailing connector dropped", "Penon/PROPN de/ADP Coron/PROPN",
			[]Span{{0, 2, typePlace}}, []Span{{0, 1, "GPE"}}},
		{"lone given name is a person", "Gloria/PROPN cried/VERB",
			[]Span{{0, 1, typePlace}}, []Span{{0, 1, "PERSON"}}},
		{"given name known as a city stays a place", "Sydney/PROPN grew/VERB",
			[]Span{{0, 1, typePlace}}, []Span{{0, 1, "GPE"}}},
		{"country and given name owning a title is a country", "Jordan/PROPN 's/PART King/PROPN Abdullah/PROPN",
			[]Span{{0, 1, "PERSON"}, {2, 4, "PERSON"}}, []Span{{0, 1, "GPE"}, {3, 4, "PERSON"}}},
		{"country and given name alone stays a person", "Jordan/PROPN scored/VERB",
			[]Span{{0, 1, "PERSON"}}, []Span{{0, 1, "PERSON"}}},
		{"the name before a person's title is its own", "European/ADJ Council/PROPN President/PROPN Antonio/PROPN Costa/PROPN said/VERB",
			[]Span{{3, 5, "PERSON"}}, []Span{{0, 2, "ORG"}, {3, 5, "PERSON"}}},
		{"a known place before a title is a place", "Texas/PROPN Governor/PROPN Greg/PROPN Abbott/PROPN",
			[]Span{{1, 4, "PERSON"}}, []Span{{0, 1, "GPE"}, {2, 4, "PERSON"}}},
		{"a nationality before a title stays NORP", "Ukrainian/ADJ President/PROPN Volodymyr/PROPN Zelenskyy/PROPN",
			[]Span{{0, 4, "PERSON"}}, []Span{{0, 1, "NORP"}, {2, 4, "PERSON"}}},
		{"no designator in a heading", "ARGUMENT/PROPN OF/ADP GEN./PROPN ELIZABETH/PROPN PRELOGAR/PROPN",
			[]Span{{3, 5, "PERSON"}}, []Span{{3, 5, "PERSON"}}},
		{"era after a year is no name", "in/ADP 508/NUM BC/PROPN",
			[]Span{{2, 3, typePlace}}, []Span{}},
		{"era before a year is no name", "in/ADP A.D./PROPN 70/NUM",
			[]Span{{1, 2, "ORG"}}, []Span{}},
		{"WordNet city the model missed", "troops/NOUN near/ADP Smolensk/PROPN",
			nil, []Span{{2, 3, "GPE"}}},
		{"WordNet river the model missed", "along/ADP the/DET Limpopo/PROPN",
			nil, []Span{{2, 3, "LOC"}}},
		{"WordNet place of two kinds the model missed", "of/ADP Cape/PROPN of/ADP Good/PROPN Hope/PROPN",
			nil, []Span{{1, 5, "GPE"}}},
		{"WordNet name that is also a person is left alone", "Beaumont/PROPN said/VERB",
			nil, []Span{}},
		{"WordNet person is left to the model", "Solon/PROPN spoke/VERB",
			nil, []Span{}},
		{"one-word WordNet organisation is not trusted", "the/DET Secretary/PROPN of/ADP State/PROPN",
			nil, []Span{}},
		{"title is not a WordNet name", "Justice/PROPN spoke/VERB",
			nil, []Span{}},
		{"two places joined by a hyphen are two", "the/DET Ukraine/PROPN -/PUNCT Russia/PROPN war/NOUN",
			[]Span{{1, 4, "ORG"}}, []Span{{1, 2, "GPE"}, {3, 4, "GPE"}}},
		{"a hyphenated place stays one", "Guinea/PROPN -/PUNCT Bissau/PROPN voted/VERB",
			[]Span{{0, 3, typePlace}}, []Span{{0, 3, "GPE"}}},
		{"a hyphenated organisation stays one", "Hewlett/PROPN -/PUNCT Packard/PROPN sold/VERB",
			[]Span{{0, 3, "ORG"}}, []Span{{0, 3, "ORG"}}},
		{"a name headed by a newspaper word is an organisation", "the/DET San/PROPN Francisco/PROPN Bulletin/PROPN",
			[]Span{{1, 4, typePlace}}, []Span{{1, 4, "ORG"}}},
		{"a bank may head a place", "the/DET West/PROPN Bank/PROPN",
			[]Span{{1, 3, typePlace}}, []Span{{1, 3, "GPE"}}},
		{"a signature is cut at the address", "Lotte/PROPN Wilms/PROPN lotte.wilms@kb.nl/PROPN National/PROPN Library/PROPN",
			[]Span{{0, 5, "ORG"}}, []Span{{0, 2, "PERSON"}, {3, 5, "ORG"}}},
		{"an address that spells no word of the name", "Acme/PROPN Corp/PROPN info@example.com/PROPN",
			[]Span{{0, 3, "ORG"}}, []Span{{0, 2, "ORG"}}},
		{"a web link is no part of a name", "Acme/PROPN www.acme.example/PROPN",
			[]Span{{0, 2, "ORG"}}, []Span{{0, 1, "ORG"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sentence(tt.words)
			got := finish(s.Tokens, tt.in, capTable{})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("finish(%q, %v) = %v, want %v", tt.words, tt.in, got, tt.want)
			}
		})
	}
}

func TestFinishDropsWordsLowerCaseInTheDocument(t *testing.T) {
	doc := []*ud.Sentence{
		sentence("Iodine/PROPN helps/VERB"),
		sentence("we/PRON need/VERB iodine/NOUN"),
		sentence("more/ADJ iodine/NOUN now/ADV"),
		sentence("Paris/PROPN is/AUX big/ADJ"),
	}
	caps := capTable{doc: capBuckets(doc)}
	for _, tt := range []struct {
		k    int
		in   []Span
		want []Span
	}{
		{0, []Span{{0, 1, "ORG"}}, []Span{}},
		{3, []Span{{0, 1, typePlace}}, []Span{{0, 1, "GPE"}}},
	} {
		if got := finish(doc[tt.k].Tokens, tt.in, caps); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("finish(sentence %d, %v) = %v, want %v", tt.k, tt.in, got, tt.want)
		}
	}
}

func TestFinishDropsCurrencyPrefixes(t *testing.T) {
	s := sentence("as/ADP high/ADJ as/ADP US/PROPN $/SYM 10/NUM billion/NUM in/ADP the/DET US/PROPN")
	s.Tokens[3].Misc = "SpaceAfter=No"
	want := []Span{{9, 10, "GPE"}}
	if got := finish(s.Tokens, []Span{{3, 4, typePlace}}, capTable{}); !reflect.DeepEqual(got, want) {
		t.Errorf("finish = %v, want %v (no place in US$)", got, want)
	}
}

func TestPlaceType(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Black Sea", "LOC"},
		{"Pacific Ocean", "LOC"},
		{"Gulf of Mexico", "LOC"},
		{"Mount Everest", "LOC"},
		{"Rocky Mountains", "LOC"},
		{"Europe", "LOC"},
		{"Middle East", "LOC"},
		{"Paris", "GPE"},
		{"Ukraine", "GPE"},
		{"Texas", "GPE"},
		{"Springfield", "GPE"},
		{"Oval Office", "LOC"},        // a facility, by its head word
		{"Carnegie Hall", "LOC"},      // likewise
		{"Brandenburg Gate", "LOC"},   // likewise
		{"Golden Gate Bridge", "LOC"}, // a facility in WordNet and by its head
		{"Washington", "GPE"},
	}
	for _, tt := range tests {
		s := sentence(tt.name)
		if got := placeType(s.Tokens, 0, len(s.Tokens)); got != tt.want {
			t.Errorf("placeType(%q) = %s, want %s", tt.name, got, tt.want)
		}
	}
}

const gumSample = `# sent_id = t-1
1	U.S.	U.S.	PROPN	NNP	_	2	compound	_	Entity=(1-person-new-x-x-5-sgl|SpaceAfter=No
2	Secretary	Secretary	PROPN	NNP	_	6	nsubj	_	_
3	of	of	ADP	IN	_	4	case	_	_
4	State	State	PROPN	NNP	_	2	nmod	_	_
5	Marco	Marco	PROPN	NNP	_	2	appos	_	_
6	Rubio	Rubio	PROPN	NNP	_	5	flat	_	Entity=1)
7	visited	visit	VERB	VBD	_	0	root	_	_
8	the	the	DET	DT	_	9	det	_	Entity=(2-place-new-x-x-2-coref
9	Netherlands	Netherlands	PROPN	NNP	_	7	obj	_	Entity=2)
10	and	and	CCONJ	CC	_	11	cc	_	_
11	the	the	DET	DT	_	12	det	_	Entity=(3-place-new-x-x-2-coref
12	country	country	NOUN	NN	_	9	conj	_	Entity=3)|SpaceAfter=No
13	's	's	PART	POS	_	12	case	_	_
14	Americans	American	PROPN	NNPS	_	7	obj	_	Entity=(4-person-new-x-x-1-sgl)
15	Poland	Poland	PROPN	NNP	_	7	obl	_	Entity=(5-place-new-x-x-1-sgl
16	and	and	CCONJ	CC	_	17	cc	_	_
17	Sweden	Sweden	PROPN	NNP	_	15	conj	_	Entity=5)
`

func TestGUMNamedSpans(t *testing.T) {
	sents, err := ud.ReadAll(strings.NewReader(gumSample))
	if err != nil {
		t.Fatal(err)
	}
	s := sents[0]
	var got []string
	for _, sp := range gumNamedSpans(s) {
		got = append(got, sp.Type+" "+spanText(s.Tokens, sp.Start, sp.End))
	}
	// The head of mention 1 is "Secretary", a title: that mention is not a
	// person's name. "the country" is not a name, "Americans" is NORP, and
	// "Poland and Sweden" keeps its first conjunct.
	want := []string{"PLACE Netherlands", "PLACE Poland"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("gumNamedSpans = %q, want %q", got, want)
	}
}

func TestIOBSpans(t *testing.T) {
	tests := []struct {
		in   string
		want []Span
	}{
		{"O B-PER I-PER O B-LOC", []Span{{1, 3, "PERSON"}, {4, 5, typePlace}}},
		{"I-ORG I-ORG O", []Span{{0, 2, "ORG"}}},
		{"B-PER B-PER", []Span{{0, 1, "PERSON"}, {1, 2, "PERSON"}}},
		{"B-LOC I-ORG", []Span{{0, 1, typePlace}, {1, 2, "ORG"}}},
		{"O O", nil},
	}
	for _, tt := range tests {
		if got := iobSpans(strings.Fields(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("iobSpans(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestViterbiKeepsBILOUValid(t *testing.T) {
	// Emissions that favour an invalid sequence (I after O) must still decode
	// to a valid one.
	n := 3
	emit := make([]float32, n*nLabels)
	trans := make([]float32, n*nLabels*nLabels)
	emit[0*nLabels+0] = 5              // O
	emit[1*nLabels+label(0, tagI)] = 5 // I-PERSON
	emit[2*nLabels+label(0, tagL)] = 5 // L-PERSON
	got := viterbi(n, emit, trans)
	for i := 1; i < n; i++ {
		if !valid(got[i-1], got[i]) {
			t.Fatalf("viterbi = %v: label %d may not follow %d", got, got[i], got[i-1])
		}
	}
	if !valid(got[n-1], 0) {
		t.Fatalf("viterbi = %v ends inside a span", got)
	}
}

func TestSaveReadRoundTrip(t *testing.T) {
	m, prep := loadModels(t)
	var a bytes.Buffer
	if err := m.Save(&a); err != nil {
		t.Fatalf("Save: %v", err)
	}
	m2, err := Read(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	var b bytes.Buffer
	if err := m2.Save(&b); err != nil {
		t.Fatalf("Save after Read: %v", err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("Save(Read(Save(m))) differs from Save(m): %d vs %d bytes", b.Len(), a.Len())
	}
	text := "Angela Merkel met Emmanuel Macron in Paris to discuss the European Union."
	if x, y := entities(m, prep, text), entities(m2, prep, text); !reflect.DeepEqual(x, y) {
		t.Errorf("after round trip Recognize(%q) = %q, want %q", text, y, x)
	}
	// Documents also go through the neural second pass.
	doc := segment.Split("Angela Merkel met Emmanuel Macron in Paris. Merkel praised the European Union.")
	for _, s := range doc {
		prep(s)
	}
	if x, y := m.RecognizeDocument(doc), m2.RecognizeDocument(doc); !reflect.DeepEqual(x, y) {
		t.Errorf("after round trip RecognizeDocument = %v, want %v", y, x)
	}
}

func TestOneSense(t *testing.T) {
	sents := []*ud.Sentence{
		sentence("Coron/PROPN is/AUX a/DET town/NOUN"),
		sentence("Coron/PROPN said/VERB Harrow/PROPN"),
		sentence("we/PRON visited/VERB Coron/PROPN and/CCONJ Harrow/PROPN"),
		sentence("Ukrainian/ADJ Coron/PROPN"),
	}
	spans := [][]Span{
		{{0, 1, "GPE"}},
		{{0, 1, "PERSON"}, {2, 3, "ORG"}},
		{{2, 3, "GPE"}, {4, 5, "GPE"}},
		{{0, 1, "NORP"}},
	}
	want := [][]Span{
		{{0, 1, "GPE"}},
		{{0, 1, "GPE"}, {2, 3, "ORG"}}, // the majority wins
		{{2, 3, "GPE"}, {4, 5, "ORG"}}, // a tie goes to the type seen first
		{{0, 1, "NORP"}},               // nationalities are left alone
	}
	if got := oneSense(sents, spans); !reflect.DeepEqual(got, want) {
		t.Errorf("oneSense = %v, want %v", got, want)
	}
}

func TestSplitPersonPossessors(t *testing.T) {
	sents := []*ud.Sentence{
		sentence("Olaf/PROPN Scholz/PROPN spoke/VERB"),
		sentence("Scholz/PROPN 's/PART Social/PROPN Democrats/PROPN lost/VERB"),
		sentence("the/DET People/PROPN 's/PART Liberation/PROPN Army/PROPN"),
	}
	spans := [][]Span{{{0, 2, "PERSON"}}, {{0, 4, "ORG"}}, {{1, 5, "ORG"}}}
	want := [][]Span{
		{{0, 2, "PERSON"}},
		{{0, 1, "PERSON"}, {2, 4, "ORG"}}, // the person is named elsewhere
		{{1, 5, "ORG"}},                   // no person: the possessive is the name's own
	}
	if got := splitPersonPossessors(sents, spans); !reflect.DeepEqual(got, want) {
		t.Errorf("splitPersonPossessors = %v, want %v", got, want)
	}
}

func TestGazetteerExtents(t *testing.T) {
	const (
		guinea = "Guinea/PROPN -/PUNCT Bissau/PROPN held/VERB polls/NOUN"
		court  = "the/DET Newfoundland/PROPN and/CCONJ Labrador/PROPN Court/PROPN of/ADP Appeal/PROPN ruled/VERB"
	)
	tests := []struct {
		name, words string
		spans, want []Span
	}{
		{"widened to the country", guinea, []Span{{2, 3, "PERSON"}}, []Span{{0, 3, typePlace}}},
		{"divided name joined", guinea, []Span{{0, 1, "PERSON"}, {2, 3, typePlace}}, []Span{{0, 3, typePlace}}},
		{"already whole", guinea, []Span{{0, 3, typePlace}}, []Span{{0, 3, typePlace}}},
		{"name divided, the last span runs on", court, []Span{{1, 2, typePlace}, {3, 7, "ORG"}}, []Span{{1, 7, "ORG"}}},
		{"name divided within", court, []Span{{1, 2, typePlace}, {3, 4, typePlace}}, []Span{{1, 4, typePlace}}},
		{"the name's own span", court, []Span{{1, 4, typePlace}, {4, 7, "ORG"}}, []Span{{1, 4, typePlace}, {4, 7, "ORG"}}},
		{"a span from before the name", court, []Span{{0, 2, typePlace}, {3, 7, "ORG"}}, []Span{{0, 2, typePlace}, {3, 7, "ORG"}}},
	}
	for _, tt := range tests {
		toks := sentence(tt.words).Tokens
		if got := gazetteerExtents(toks, append([]Span(nil), tt.spans...)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: gazetteerExtents(%v) = %v, want %v", tt.name, tt.spans, got, tt.want)
		}
	}
}

func TestSurnames(t *testing.T) {
	sents := []*ud.Sentence{
		sentence("Jensen/PROPN Huang/PROPN spoke/VERB"),
		sentence("Huang/PROPN said/VERB Huang/PROPN Tower/PROPN rose/VERB"),
		sentence("HUANG/PROPN and/CCONJ huang/NOUN"),
	}
	spans := [][]Span{{{0, 2, "PERSON"}}, nil, nil}
	want := [][]Span{
		{{0, 2, "PERSON"}},
		{{0, 1, "PERSON"}}, // not the word of a longer name
		nil,                // nor another spelling
	}
	if got := repeatedNames(sents, spans); !reflect.DeepEqual(got, want) {
		t.Errorf("repeatedNames = %v, want %v", got, want)
	}
}

func TestCompanyNames(t *testing.T) {
	tests := []struct {
		name, words string
		spans, want []Span
	}{
		{"a country's name before the legal form", "Taiwan/PROPN Semiconductor/PROPN Manufacturing/PROPN Co./PROPN said/VERB",
			[]Span{{0, 1, typePlace}}, []Span{{0, 4, "ORG"}}},
		{"of inside the name", "shares/NOUN of/ADP Bank/PROPN of/ADP America/PROPN Corp./PROPN fell/VERB",
			[]Span{{4, 5, typePlace}}, []Span{{2, 6, "ORG"}}},
		{"two companies joined by and", "Samsung/PROPN Electronics/PROPN Co./PROPN and/CCONJ Hyundai/PROPN Motor/PROPN Co./PROPN",
			nil, []Span{{0, 3, "ORG"}, {4, 7, "ORG"}}},
		{"a leading The stays out", "The/DET Walt/PROPN Disney/PROPN Co./PROPN",
			[]Span{{1, 3, "PERSON"}}, []Span{{1, 4, "ORG"}}},
		{"Co. before a capitalised word is a county", "in/ADP Co./PROPN Cork/PROPN",
			[]Span{{2, 3, typePlace}}, []Span{{2, 3, typePlace}}},
		{"an ambiguous form before a name", "Texas/PROPN AG/PROPN Ken/PROPN Paxton/PROPN",
			[]Span{{0, 1, typePlace}, {2, 4, "PERSON"}}, []Span{{0, 1, typePlace}, {2, 4, "PERSON"}}},
		{"a span crossing the first word", "the/DET U.S./PROPN Apple/PROPN Inc./PROPN",
			[]Span{{0, 3, "ORG"}}, []Span{{0, 3, "ORG"}}},
		{"the model's own name ending in the form", "Mary/PROPN Hain/PROPN Counsel/PROPN ISO/PROPN New/PROPN England/PROPN Inc./PROPN",
			[]Span{{0, 2, "PERSON"}, {3, 7, "ORG"}}, []Span{{0, 2, "PERSON"}, {3, 7, "ORG"}}},
		{"no run over a title", "Mary/PROPN Hain/PROPN Director/PROPN ISO/PROPN New/PROPN England/PROPN Inc./PROPN",
			[]Span{{0, 2, "PERSON"}, {5, 6, typePlace}}, []Span{{0, 2, "PERSON"}, {3, 7, "ORG"}}},
		{"no capitalised word before it", "the/DET inc./NOUN",
			nil, nil},
	}
	for _, tt := range tests {
		toks := sentence(tt.words).Tokens
		if got := companyNames(toks, append([]Span(nil), tt.spans...)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: companyNames(%v) = %v, want %v", tt.name, tt.spans, got, tt.want)
		}
	}
}

func TestReadRejectsGarbage(t *testing.T) {
	for _, in := range []string{"", "not gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00"} {
		if _, err := Read(strings.NewReader(in)); err == nil {
			t.Errorf("Read(%q) succeeded, want an error", in)
		}
	}
}

// TestScoresFloor guards the measured quality of the embedded model: GUM dev
// micro F1 0.860, UNER EWT test 0.703, CrossNER politics test 0.788 and
// held-out Wikigold 0.817 when it was trained.
func TestScoresFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluation reads the corpora; skipped in -short mode")
	}
	dir := dataDir(t)
	m, _ := loadModels(t)
	for _, tt := range []struct {
		name  string
		eval  func(*Model, string) (Scores, error)
		floor float64
	}{
		{"GUM dev", EvalGUM, 0.80},
		{"UNER test", EvalUNER, 0.67},
		{"CrossNER politics test", EvalCrossNER, 0.76},
		{"Wikigold held-out", EvalWikigold, 0.78},
	} {
		s, err := tt.eval(m, dir)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if f := s.Micro.F1(); f < tt.floor {
			var b bytes.Buffer
			s.Write(&b)
			t.Errorf("%s micro F1 = %.4f, want at least %.2f\n%s", tt.name, f, tt.floor, b.String())
		}
	}
}

func TestScoresWrite(t *testing.T) {
	s := Scores{Name: "test", Types: map[string]Counts{"B": {TP: 1, FP: 1}, "A": {TP: 2, FN: 2}}, Micro: Counts{TP: 3, FP: 1, FN: 2}}
	var b bytes.Buffer
	if err := s.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	var classes []string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			classes = append(classes, f[0])
		}
	}
	if want := []string{"test", "A", "B", "micro"}; !reflect.DeepEqual(classes, want) {
		t.Errorf("Write rows = %q, want %q:\n%s", classes, want, out)
	}
	if !strings.Contains(out, "0.7500  0.6000  0.6667") {
		t.Errorf("Write output lacks micro P/R/F1 0.7500 0.6000 0.6667:\n%s", out)
	}
}

func BenchmarkRecognize(b *testing.B) {
	m, sents, n := benchSentences(b, "German Chancellor Olaf Scholz met NATO chief Mark Rutte in Brussels on Tuesday, "+
		"and the two discussed support for Ukraine with officials from the European Union and the United States.")
	for i := 0; i < b.N; i++ {
		for _, s := range sents {
			m.Recognize(s)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// benchSentences loads the models, splits and annotates text, and starts
// the benchmark's clock; n is the number of tokens.
func benchSentences(b *testing.B, text string) (m *Model, sents []*ud.Sentence, n int) {
	m, prep := loadModels(b)
	sents = segment.Split(text)
	for _, s := range sents {
		prep(s)
		n += len(s.Tokens)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	return m, sents, n
}

func TestAfterTitles(t *testing.T) {
	tests := []struct {
		words      string
		start, end int
		want       int
	}{
		{"U.S. Secretary of State Marco Rubio arrived", 3, 6, 4}, // the span starts at the complement
		{"U.S. Secretary of State Marco Rubio arrived", 1, 6, 4}, // the span holds the title
		{"the Minister of Defence Ben Wallace said", 4, 6, 4},    // already past the complement
		{"Catherine of Aragon Tudor", 2, 4, 2},                   // no title before "of"
		{"Secretary of State Rubio", 3, 4, 3},                    // one word left: keep it
		{"Rubio spoke", 0, 1, 0},
	}
	for _, tt := range tests {
		var toks []ud.Token
		for _, w := range strings.Fields(tt.words) {
			toks = append(toks, ud.Token{Form: w})
		}
		if got := afterTitles(toks, tt.start, tt.end); got != tt.want {
			t.Errorf("afterTitles(%q, %d, %d) = %d, want %d", tt.words, tt.start, tt.end, got, tt.want)
		}
	}
}

// BenchmarkRecognizeDocument runs both passes over the bundled sample
// article.
func BenchmarkRecognizeDocument(b *testing.B) {
	text, err := fs.ReadFile(seeds.FS, "ukraine-talks.txt")
	if err != nil {
		b.Fatal(err)
	}
	m, sents, n := benchSentences(b, string(text))
	// The shipped second pass, and, where it is an ensemble, its first
	// network alone: the cost of the other members, compared in one run.
	ks := []int{len(m.nets)}
	if len(m.nets) > 1 {
		ks = append(ks, 1)
	}
	for _, k := range ks {
		b.Run(fmt.Sprintf("nets=%d", k), func(b *testing.B) {
			mk := *m
			mk.nets = m.nets[:min(k, len(m.nets))]
			for i := 0; i < b.N; i++ {
				mk.RecognizeDocument(sents)
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}

func TestDropTimes(t *testing.T) {
	sents := []*ud.Sentence{
		sentence("Theresa/PROPN May/PROPN met/VERB Vance/PROPN in/ADP Rome/PROPN for/ADP Easter/PROPN"),
		sentence("May/PROPN fasted/VERB during/ADP Ramadan/PROPN"),
	}
	spans := [][]Span{
		{{0, 2, "PERSON"}, {3, 4, "PERSON"}, {5, 6, "GPE"}, {7, 8, "GPE"}},
		{{0, 1, "PERSON"}, {3, 4, "ORG"}},
	}
	want := [][]Span{
		{{0, 2, "PERSON"}, {3, 4, "PERSON"}, {5, 6, "GPE"}}, // "Easter" is a date
		{{0, 1, "PERSON"}}, // "May" is also Theresa May; "Ramadan" is a date
	}
	if got := dropTimes(sents, spans); !reflect.DeepEqual(got, want) {
		t.Errorf("dropTimes = %v, want %v", got, want)
	}
}

// BenchmarkLoad decodes the embedded model, as each process does once.
func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Read(bytes.NewReader(embedded)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEmbeddedModelSize keeps the committed model file well under the 25 MB
// a repository file may have.
func TestEmbeddedModelSize(t *testing.T) {
	if n := len(embedded); n > 20<<20 {
		t.Errorf("model file is %.1f MB, want at most 20 MB", float64(n)/(1<<20))
	}
}
