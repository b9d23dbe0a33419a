package resolve

import (
	"sync"
	"testing"

	"kg/extract/ner"
	"kg/extract/parse"
	"kg/extract/segment"
	"kg/extract/tag"
)

// models are the trained tagger, parser and recogniser, loaded once for
// the tests that run real text through them.
type models struct {
	tag   *tag.Model
	parse *parse.Model
	ner   *ner.Model
}

var loadModels = sync.OnceValues(func() (*models, error) {
	tm, err := tag.Load()
	if err != nil {
		return nil, err
	}
	pm, err := parse.Load()
	if err != nil {
		return nil, err
	}
	nm, err := ner.Load()
	if err != nil {
		return nil, err
	}
	return &models{tm, pm, nm}, nil
})

// analyse segments, tags, parses and recognises text with the trained
// models and resolves it.
func analyse(t *testing.T, text string) Result {
	t.Helper()
	if testing.Short() {
		t.Skip("loads the trained models")
	}
	m, err := loadModels()
	if err != nil {
		t.Fatalf("loading models: %v", err)
	}
	sents := segment.Split(text)
	for _, s := range sents {
		m.tag.Tag(s)
		m.parse.Parse(s)
	}
	// The whole document at once, as the pipeline recognises it.
	return Document(text, sents, m.ner.RecognizeDocument(sents))
}

// checkLinks reports each link of text that r resolves otherwise, and
// r's invariants.
func checkLinks(t *testing.T, text string, r Result, links []link) {
	t.Helper()
	for _, l := range links {
		if got := entityOf(r, l.text, l.n); got != l.want {
			t.Errorf("text %q\nmention %q #%d -> %q, want %q; entities %q", text, l.text, l.n, got, l.want, entityNames(r))
		}
	}
	checkInvariants(t, text, r)
}

// descriptionTests are short made-up texts, each with the descriptions
// and pronouns it must (or, with want "", must not) link.
var descriptionTests = []struct {
	name  string
	text  string
	links []link
}{
	{
		name: "owner of a bank named by a description",
		text: "Viktor Petrov, the majority owner of Baltic Trust Bank, was arrested on Monday. Prosecutors say the majority owner of the bank moved money abroad.",
		links: []link{
			{"the majority owner", 1, "Viktor Petrov"},
			{"the bank", 0, "Baltic Trust Bank"},
		},
	},
	{
		name: "chief executive through a pronoun and a description",
		text: "Shares of Nordic Steel Corp fell after its chief executive, Anna Berg, resigned. The company's chief executive had led the firm since 2015. The chief executive said she was proud.",
		links: []link{
			{"The company", 0, "Nordic Steel Corp"},
			{"The company's chief executive", 0, "Anna Berg"},
			{"The chief executive", 0, "Anna Berg"},
			{"she", 0, "Anna Berg"},
		},
	},
	{
		name:  "former president",
		text:  "Former President Barack Obama spoke in Chicago on Friday. The former president urged young people to vote.",
		links: []link{{"The former president", 0, "Barack Obama"}},
	},
	{
		name:  "two prime ministers in view: the prime minister is either",
		text:  "British Prime Minister Keir Starmer met Israeli Prime Minister Benjamin Netanyahu in London on Monday. The prime minister said the talks were useful.",
		links: []link{{"The prime minister", 0, ""}},
	},
	{
		name:  "a role noun the tagger took for an adjective",
		text:  "Tim Cook, Apple's chief executive, visited Beijing. The chief executive met Chinese officials.",
		links: []link{{"The chief executive", 0, "Tim Cook"}},
	},
	{
		name:  "two banks in one coordination: the bank is either",
		text:  "Deutsche Bank and Commerzbank held merger talks. The bank said no decision had been made.",
		links: []link{{"The bank", 0, ""}},
	},
	{
		name:  "two banks about as salient: the bank is either",
		text:  "Nordea Bank raised its dividend on Tuesday. Danske Bank cut its dividend and Nordea Bank rose. The bank said profits doubled.",
		links: []link{{"The bank", 0, ""}},
	},
	{
		name:  "a bank whose name is one word",
		text:  "Commerzbank reported higher profits. The bank said lending grew.",
		links: []link{{"The bank", 0, "Commerzbank"}},
	},
	{
		name:  "a bridge named by its last word",
		text:  "The George Washington Bridge connects Fort Lee with Manhattan. Traffic on the bridge was heavy on Friday.",
		links: []link{{"the bridge", 0, "George Washington Bridge"}},
	},
	{
		name:  "an island the text calls one",
		text:  "Socotra is an island in the Arabian Sea. The island is home to many rare plants.",
		links: []link{{"The island", 0, "Socotra"}},
	},
	{
		name:  "an island named in a naming of-phrase",
		text:  "Coron is the largest town on the island of Busuanga. Many divers visit the island every year.",
		links: []link{{"the island", 1, "Busuanga"}},
	},
	{
		name:  "an airport is not its city",
		text:  "Flights to Cancun airport were delayed. The airport reopened on Sunday.",
		links: []link{{"The airport", 0, ""}},
	},
}

// quoteTests check pronouns inside and around quotations.
var quoteTests = []struct {
	name  string
	text  string
	links []link
}{
	{
		name: "he inside a quotation is not its speaker",
		text: `Senator Ruth Okafor met Governor Alan Pike in Lagos on Monday. Okafor remarked: "I hope he keeps his promise."`,
		links: []link{
			{"I", 0, "Ruth Okafor"},
			{"he", 0, "Alan Pike"},
			{"his", 0, "Alan Pike"},
		},
	},
	{
		name: "speaker named past an apposition, and the next quotation goes on",
		text: `"We are proud of this result," the chairman of Volta Motors, Henrik Dahl, told reporters. "Our engineers worked for three years on it. I thank them."`,
		links: []link{
			{"We", 0, "Volta Motors"},
			{"Our", 0, "Volta Motors"},
			{"I", 0, "Henrik Dahl"},
		},
	},
	{
		name:  "he across a paragraph break",
		text:  "The minister, Paul Reyes, arrived late.\n\nHe apologised to the committee.",
		links: []link{{"He", 0, "Paul Reyes"}},
	},
}

func TestDescriptions(t *testing.T) {
	for _, tc := range append(descriptionTests, quoteTests...) {
		t.Run(tc.name, func(t *testing.T) {
			checkLinks(t, tc.text, analyse(t, tc.text), tc.links)
		})
	}
}
