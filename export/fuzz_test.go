package export

import (
	"bytes"
	"testing"

	"kg/graph"
)

// fuzzGraph builds a graph from fuzzed strings: two nodes, an edge, a
// parallel edge and a self-loop.
func fuzzGraph(name, alias, typ, pred, class, sentence string, weight int, conf float64) testGraph {
	return testGraph{
		name: "fuzz",
		nodes: []graph.Node{
			{ID: 1, Name: name, Type: typ, Aliases: []string{name, alias}, Mentions: weight},
			{ID: 2, Name: alias, Type: class, Aliases: []string{alias}},
		},
		edges: []graph.Edge{
			{ID: 1, Source: 1, Target: 2, Predicate: pred, Class: class, Weight: weight, Confidence: conf,
				Sentence: sentence, DocumentURI: alias, FirstDate: sentence, LastDate: pred},
			{ID: 2, Source: 1, Target: 2, Predicate: sentence, Class: typ, Weight: -weight, Sentence: name},
			{ID: 3, Source: 2, Target: 2, Predicate: name, Class: pred, Negated: true, Hedged: true, Confidence: -conf},
		},
	}
}

func addFuzzSeeds(f *testing.F) {
	f.Add("Maria Santos", "Santos", "PERSON", "met", "CONSULT", "Santos met WHO officials.", 3, 0.9)
	f.Add(`say "hi" & <b>`, `C:\dir\`, "ORG", "line\nbreak", "", "\x00\x01\xff\ufffe", -1, 0.0)
	f.Add("Зеленський", "محمد", "中文", "😀", "]]>", "\r\n\t\u2028\u0085", 1<<30, -1.5)
}

func FuzzGraphML(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, name, alias, typ, pred, class, sentence string, weight int, conf float64) {
		g := fuzzGraph(name, alias, typ, pred, class, sentence, weight, conf)
		for _, opts := range []Options{{}, {GraphML: GraphMLOptions{MaxText: 7}}} {
			var buf bytes.Buffer
			if err := writeGraph(NewGraphML(&buf, opts.GraphML), g); err != nil {
				t.Fatal(err)
			}
			doc, err := parseXML(buf.Bytes())
			if err != nil {
				t.Fatalf("not well-formed: %v\n%s", err, buf.Bytes())
			}
			if len(doc.Graph.Nodes) != 2 || len(doc.Graph.Edges) != 3 {
				t.Fatalf("%d nodes, %d edges; want 2, 3", len(doc.Graph.Nodes), len(doc.Graph.Edges))
			}
			for _, e := range append(doc.Graph.Nodes, doc.Graph.Edges...) {
				for _, d := range e.Data {
					if d.Text == "" {
						t.Errorf("%s: empty <data key=%q>", e.ID, d.Key)
					}
				}
			}
			if opts.GraphML.MaxText == 0 {
				if got, _ := doc.Graph.Nodes[0].data("node_label"); got != asXMLSees(name) {
					t.Errorf("label of %q = %q, want %q", name, got, asXMLSees(name))
				}
			}
		}
	})
}

func FuzzDOT(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, name, alias, typ, pred, class, sentence string, weight int, conf float64) {
		g := fuzzGraph(name, alias, typ, pred, class, sentence, weight, conf)
		for _, opts := range []DOTOptions{{}, {ClusterByType: true, Layout: sentence}} {
			var buf bytes.Buffer
			if err := writeGraph(NewDOT(&buf, opts), g); err != nil {
				t.Fatal(err)
			}
			nodes, edges, err := checkDOT(buf.Bytes())
			if err != nil {
				t.Fatalf("%v\n%s", err, buf.Bytes())
			}
			if nodes != 2 || edges != 3 {
				t.Fatalf("%d node and %d edge statements, want 2, 3\n%s", nodes, edges, buf.Bytes())
			}
		}
	})
}
