package export

import (
	"math"
	"strings"

	"kg/graph"
)

// testGraph is a graph to write in every format.
type testGraph struct {
	name  string
	nodes []graph.Node
	edges []graph.Edge
}

// writeGraph writes g with w and closes it.
func writeGraph(w Writer, g testGraph) error {
	for _, n := range g.nodes {
		if err := w.WriteNode(n); err != nil {
			return err
		}
	}
	for _, e := range g.edges {
		if err := w.WriteEdge(e); err != nil {
			return err
		}
	}
	return w.Close()
}

// smallGraph is a small graph shaped like a day of news.
func smallGraph() testGraph {
	return testGraph{
		name: "small",
		nodes: []graph.Node{
			{ID: 1, Name: "Maria Santos", Type: "PERSON", Aliases: []string{"Maria Santos", "Santos"}, Mentions: 7},
			{ID: 2, Name: "World Health Organization", Type: "ORG", Aliases: []string{"WHO", "World Health Organization"}, Mentions: 4},
			{ID: 3, Name: "Brazil", Type: "GPE", Aliases: []string{"Brazil"}, Mentions: 5},
			{ID: 4, Name: "Amazon", Type: "LOC", Aliases: []string{"Amazon", "the Amazon basin"}, Mentions: 2},
			{ID: 5, Name: "Brazilians", Type: "NORP", Aliases: []string{"Brazilian", "Brazilians"}, Mentions: 1},
		},
		edges: []graph.Edge{
			{ID: 10, Source: 1, Target: 3, Predicate: "minister of", Class: "ROLE", Weight: 3, Confidence: 0.95,
				Sentence: "Brazilian Health Minister Maria Santos spoke on Monday.", DocumentID: 1,
				DocumentURI: "https://example.com/news/1", FirstDate: "2024-03-04", LastDate: "2024-03-06"},
			{ID: 11, Source: 1, Target: 2, Predicate: "met", Class: "CONSULT", Weight: 1, Confidence: 0.8,
				Sentence: "Santos met WHO officials in Geneva.", DocumentID: 1, DocumentURI: "https://example.com/news/1",
				FirstDate: "2024-03-04", LastDate: "2024-03-04"},
			{ID: 12, Source: 2, Target: 3, Predicate: "may send aid to", Class: "AID", Weight: 2, Confidence: 0.6,
				Hedged: true, Sentence: "The WHO may send aid to Brazil.", DocumentID: 2, DocumentURI: "file:///data/2.txt"},
			{ID: 13, Source: 3, Target: 4, Predicate: "did not abandon", Class: "RETREAT", Weight: 1, Confidence: 0.7,
				Negated: true, Sentence: "Brazil did not abandon the Amazon.", DocumentID: 2},
			{ID: 14, Source: 5, Target: 1, Predicate: "protested", Class: "PROTEST", Weight: 12, Confidence: 0.9,
				Sentence: "Brazilians protested against Santos.", DocumentID: 3, FirstDate: "2024-02-01", LastDate: "2024-03-01"},
			// A past role, reported by a speaker, with all its evidence.
			{ID: 15, Source: 1, Target: 2, Predicate: "director of", Class: "ROLE", Weight: 2, Confidence: 0.8,
				Former: true, AttributedTo: []string{"Brazil", "Maria Santos"},
				Sentence: "Santos, the former WHO director, said so.", DocumentID: 4, DocumentURI: "https://example.com/news/4",
				Evidence: []graph.Evidence{
					{Sentence: "Santos, the former WHO director, said so.", DocumentID: 4, DocumentURI: "https://example.com/news/4",
						Former: true, AttributedTo: "Maria Santos", Confidence: 0.8},
					{Sentence: "The ex-director of the WHO,\nSantos, left.", DocumentID: 5, DocumentURI: "file:///data/5.txt",
						Former: true, AttributedTo: "Brazil", Confidence: 0.7},
				}},
		},
	}
}

// hostileStrings are values that break writers which escape carelessly.
var hostileStrings = []string{
	`say "hi"`,
	`AT&T <b>bold</b> & &amp; &#92; ]]> --> <!-- <?xml?>`,
	`C:\path\to\ trailing\`,
	"line one\nline two\r\nline three\rend",
	"tab\there",
	"ctrl \x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f end",
	"bad utf8 \xff\xfe\xc3 end",
	"non-chars \ufffe\uffff end",
	"emoji 😀🇺🇦 and ZWJ 👩‍👩‍👧",
	"Кириллица Володимир Зеленський",
	"العربية محمد بن سلمان",
	"中文 習近平 日本語 한국어",
	"'single' `back` {braces} [brackets] ; semi , comma | pipe",
	"\u2028line sep\u2029para sep\u0085next line",
	"  leading and trailing  ",
	"node", // a DOT keyword
	`\n \l \N \G literal escapes`,
	"\\\"",
	"",
}

// hostileGraph has a name from every hostile string, a 20 kB sentence,
// parallel edges between the same pair and a self-loop.
func hostileGraph() testGraph {
	g := testGraph{name: "hostile"}
	long := strings.Repeat("Ж\"&<>\\ é 😀 ", 1500) // about 20 kB
	types := []string{"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "", "weird \"type\" <&>"}
	for i, s := range hostileStrings {
		g.nodes = append(g.nodes, graph.Node{
			ID: int64(i + 1), Name: s, Type: types[i%len(types)],
			Aliases: []string{s, "alias; with semicolon", long[:301]}, Mentions: i,
		})
	}
	g.nodes = append(g.nodes, graph.Node{ID: 100, Name: long, Type: "PERSON", Aliases: []string{long}, Mentions: 1})
	id := int64(1000)
	for i, s := range hostileStrings {
		src, dst := int64(i+1), int64((i+1)%len(hostileStrings)+1)
		id++
		g.edges = append(g.edges, graph.Edge{ID: id, Source: src, Target: dst, Predicate: s, Class: "ACCUSE",
			Weight: i, Confidence: float64(i) / 20, Sentence: s + " " + hostileStrings[(i+3)%len(hostileStrings)],
			DocumentID: int64(i), DocumentURI: s, FirstDate: "2024-01-0" + string(rune('1'+i%9)), LastDate: "2024-02-01"})
	}
	// Parallel edges: same pair, different predicates and classes.
	for i, p := range []string{"met", "accused", "threatened", "met with"} {
		id++
		g.edges = append(g.edges, graph.Edge{ID: id, Source: 1, Target: 2, Predicate: p,
			Class: []string{"CONSULT", "ACCUSE", "THREATEN", "CONSULT"}[i], Weight: 1 << i, Confidence: 1})
	}
	// Evidence and speakers made of hostile strings.
	for i := range g.edges[:3] {
		g.edges[i].AttributedTo = []string{hostileStrings[i+1], hostileStrings[i+4]}
		g.edges[i].Evidence = []graph.Evidence{{Sentence: hostileStrings[i+5], DocumentURI: hostileStrings[i+6],
			AttributedTo: hostileStrings[i+7], Former: true}, {Sentence: long, Negated: true}}
	}
	// A self-loop, a 20 kB sentence, odd dates and classes.
	id++
	g.edges = append(g.edges, graph.Edge{ID: id, Source: 100, Target: 100, Predicate: "criticised", Class: "weird class!",
		Weight: 1 << 20, Confidence: 0.5, Negated: true, Hedged: true, Sentence: long,
		FirstDate: "not a date", LastDate: "2024-13-45"})
	id++
	g.edges = append(g.edges, graph.Edge{ID: id, Source: 3, Target: 100, Predicate: long, Class: "",
		Weight: 0, Confidence: math.NaN(), FirstDate: "2024-05-01", LastDate: "2024-04-01"})
	return g
}
