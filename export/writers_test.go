package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kg/graph"
)

// write writes g in format and returns the output (for csv, nodes.csv and
// edges.csv joined by a NUL byte).
func write(t *testing.T, format string, g testGraph, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if format == "csv" {
		opts.Dir = t.TempDir()
	}
	w, err := New(format, &buf, opts)
	if err != nil {
		t.Fatalf("New(%q): %v", format, err)
	}
	if err := writeGraph(w, g); err != nil {
		t.Fatalf("writing %s graph as %s: %v", g.name, format, err)
	}
	if format == "csv" {
		n, err1 := os.ReadFile(filepath.Join(opts.Dir, "nodes.csv"))
		e, err2 := os.ReadFile(filepath.Join(opts.Dir, "edges.csv"))
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		return append(append(n, 0), e...)
	}
	return buf.Bytes()
}

var allFormats = []string{"csv", "cypher", "dot", "edges-csv", "gexf", "graphml", "json"}

func TestFormatsListsEveryFormat(t *testing.T) {
	var got []string
	for _, f := range Formats() {
		got = append(got, f.Name)
		if f.Help == "" {
			t.Errorf("format %s has no help", f.Name)
		}
	}
	if strings.Join(got, ",") != strings.Join(allFormats, ",") {
		t.Errorf("Formats() = %v, want %v", got, allFormats)
	}
}

func TestNewRejectsBadInput(t *testing.T) {
	if _, err := New("xlsx", &bytes.Buffer{}, Options{}); err == nil {
		t.Error("New(xlsx) succeeded, want an error")
	}
	if _, err := New("csv", &bytes.Buffer{}, Options{}); err == nil {
		t.Error("New(csv) without Dir succeeded, want an error")
	}
	if _, err := New("csv", nil, Options{Dir: filepath.Join(t.TempDir(), "missing")}); err == nil {
		t.Error("New(csv) into a missing directory succeeded, want an error")
	}
}

func TestWritersAreDeterministic(t *testing.T) {
	for _, f := range allFormats {
		for _, g := range []testGraph{smallGraph(), hostileGraph()} {
			a, b := write(t, f, g, Options{}), write(t, f, g, Options{})
			if !bytes.Equal(a, b) {
				t.Errorf("%s of %s graph: two writes differ", f, g.name)
			}
		}
	}
}

func TestWritersRejectNodeAfterEdgeAndWriteAfterClose(t *testing.T) {
	g := smallGraph()
	for _, f := range allFormats {
		w, err := New(f, &bytes.Buffer{}, Options{Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		w.WriteNode(g.nodes[0])
		w.WriteNode(g.nodes[1])
		if err := w.WriteEdge(g.edges[1]); err != nil {
			t.Fatalf("%s: WriteEdge: %v", f, err)
		}
		if err := w.WriteNode(g.nodes[2]); !errors.Is(err, ErrNodeAfterEdge) {
			t.Errorf("%s: WriteNode after WriteEdge = %v, want ErrNodeAfterEdge", f, err)
		}
		if err := w.Close(); err != nil {
			t.Errorf("%s: Close = %v", f, err)
		}
		if err := w.Close(); err != nil {
			t.Errorf("%s: second Close = %v, want nil", f, err)
		}
		if err := w.WriteEdge(g.edges[1]); !errors.Is(err, ErrClosed) {
			t.Errorf("%s: WriteEdge after Close = %v, want ErrClosed", f, err)
		}
	}
}

// failWriter fails every write after the first n bytes.
type failWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errDiskFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWritersKeepTheFirstError(t *testing.T) {
	g := hostileGraph()
	for _, f := range allFormats {
		if f == "csv" {
			continue // writes files it opens itself
		}
		w, _ := New(f, &failWriter{n: 100}, Options{})
		var first error
		for i := 0; i < 20 && first == nil; i++ {
			// The buffer is 64 kB: write enough to force a flush.
			for _, n := range g.nodes {
				if err := w.WriteNode(n); err != nil {
					first = err
					break
				}
			}
		}
		if first == nil {
			first = w.Close()
		}
		if !errors.Is(first, errDiskFull) {
			t.Fatalf("%s: first error = %v, want one wrapping %v", f, first, errDiskFull)
		}
		if err := w.WriteNode(g.nodes[0]); !errors.Is(err, errDiskFull) {
			t.Errorf("%s: WriteNode after failure = %v, want %v", f, err, errDiskFull)
		}
		if err := w.Close(); !errors.Is(err, errDiskFull) {
			t.Errorf("%s: Close after failure = %v, want %v", f, err, errDiskFull)
		}
	}
}

func TestGraphMLStructure(t *testing.T) {
	for _, g := range []testGraph{smallGraph(), hostileGraph()} {
		t.Run(g.name, func(t *testing.T) {
			out := write(t, "graphml", g, Options{})
			doc, err := parseXML(out)
			if err != nil {
				t.Fatalf("GraphML is not well-formed XML: %v", err)
			}
			if len(doc.Graph.Nodes) != len(g.nodes) || len(doc.Graph.Edges) != len(g.edges) {
				t.Fatalf("got %d nodes, %d edges; want %d, %d", len(doc.Graph.Nodes), len(doc.Graph.Edges), len(g.nodes), len(g.edges))
			}
			keys := map[string]bool{}
			for _, k := range doc.Keys {
				if k.Type == "" || k.Name == "" || k.Name == "id" || k.ID == "d3" || k.ID == "d7" {
					t.Errorf("bad key %+v", k)
				}
				keys[k.ID] = true
			}
			for i, n := range doc.Graph.Nodes {
				if want := "n" + strconv.FormatInt(g.nodes[i].ID, 10); n.ID != want {
					t.Errorf("node %d id = %q, want %q", i, n.ID, want)
				}
				label, _ := n.data("node_label")
				if want := asXMLSees(g.nodes[i].Name); label != want {
					t.Errorf("node %s label = %q, want %q", n.ID, label, want)
				}
			}
			ids := map[string]bool{}
			for i, e := range doc.Graph.Edges {
				ids[e.ID] = true
				for _, d := range append(e.Data, doc.Graph.Nodes[i%len(doc.Graph.Nodes)].Data...) {
					if d.Text == "" || !keys[d.Key] {
						t.Errorf("edge %s: empty or undeclared <data key=%q>%q", e.ID, d.Key, d.Text)
					}
				}
				typ, _ := e.data("edge_type")
				if want := asXMLSees(g.edges[i].Predicate); typ != want {
					t.Errorf("edge %s type = %q, want %q", e.ID, typ, want)
				}
				sent, _ := e.data("edge_sentence")
				if want := asXMLSees(g.edges[i].Sentence); sent != want {
					t.Errorf("edge %s sentence = %.40q…, want %.40q…", e.ID, sent, want)
				}
			}
			if len(ids) != len(g.edges) {
				t.Errorf("%d distinct edge ids for %d edges", len(ids), len(g.edges))
			}
		})
	}
}

func TestGraphMLMaxText(t *testing.T) {
	out := write(t, "graphml", hostileGraph(), Options{GraphML: GraphMLOptions{MaxText: 100}})
	doc, err := parseXML(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range doc.Graph.Edges {
		if s, _ := e.data("edge_sentence"); len(s) > 100 {
			t.Errorf("edge %s sentence is %d bytes, want ≤ 100", e.ID, len(s))
		}
	}
}

func TestGEXFStructure(t *testing.T) {
	for _, dynamic := range []bool{false, true} {
		for _, g := range []testGraph{smallGraph(), hostileGraph()} {
			out := write(t, "gexf", g, Options{GEXF: GEXFOptions{Dynamic: dynamic}})
			doc, err := parseXML(out)
			if err != nil {
				t.Fatalf("%s GEXF is not well-formed XML: %v", g.name, err)
			}
			nodes, edges := doc.Graph.GEXFNodes, doc.Graph.GEXFEdges
			if len(nodes) != len(g.nodes) || len(edges) != len(g.edges) {
				t.Fatalf("%s: got %d nodes, %d edges; want %d, %d", g.name, len(nodes), len(edges), len(g.nodes), len(g.edges))
			}
			if got := bytes.Contains(out, []byte(`mode="dynamic"`)); got != dynamic {
				t.Errorf("%s: dynamic=%v but mode=\"dynamic\" present: %v", g.name, dynamic, got)
			}
			for i, n := range nodes {
				if want := collapseSpace(asXMLSees(g.nodes[i].Name)); n.Label != want {
					t.Errorf("%s: node %s label = %q, want %q", g.name, n.ID, n.Label, want)
				}
			}
			for i, e := range edges {
				ge := g.edges[i]
				if want := collapseSpace(asXMLSees(ge.Predicate)); e.Kind != want {
					t.Errorf("%s: edge %s kind = %q, want %q", g.name, e.ID, e.Kind, want)
				}
				if s, _ := e.data("sentence"); s != asXMLSees(ge.Sentence) {
					t.Errorf("%s: edge %s sentence = %.40q…, want %.40q…", g.name, e.ID, s, asXMLSees(ge.Sentence))
				}
				wantStart := ""
				if dynamic && isDate(ge.FirstDate) && !(isDate(ge.LastDate) && ge.FirstDate > ge.LastDate) {
					wantStart = ge.FirstDate
				}
				if e.Start != wantStart {
					t.Errorf("%s: edge %s (dates %q..%q, dynamic %v) start = %q, want %q",
						g.name, e.ID, ge.FirstDate, ge.LastDate, dynamic, e.Start, wantStart)
				}
			}
		}
	}
}

// nodeLink is the JSON shape documented on JSON.
type nodeLink struct {
	Directed   bool             `json:"directed"`
	Multigraph bool             `json:"multigraph"`
	Graph      map[string]any   `json:"graph"`
	Nodes      []map[string]any `json:"nodes"`
	Links      []map[string]any `json:"links"`
}

func TestJSONStructure(t *testing.T) {
	for _, g := range []testGraph{smallGraph(), hostileGraph()} {
		out := write(t, "json", g, Options{})
		var doc nodeLink
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatalf("%s: invalid JSON: %v", g.name, err)
		}
		if !doc.Directed || !doc.Multigraph || doc.Graph == nil {
			t.Errorf("%s: directed=%v multigraph=%v graph=%v, want true, true, {}", g.name, doc.Directed, doc.Multigraph, doc.Graph)
		}
		if len(doc.Nodes) != len(g.nodes) || len(doc.Links) != len(g.edges) {
			t.Fatalf("%s: got %d nodes, %d links; want %d, %d", g.name, len(doc.Nodes), len(doc.Links), len(g.nodes), len(g.edges))
		}
		for i, n := range doc.Nodes {
			label, _ := n["label"].(string)
			if want := string([]rune(g.nodes[i].Name)); label != want {
				t.Errorf("%s: node %v label = %q, want %q", g.name, n["id"], label, want)
			}
		}
		for i, l := range doc.Links {
			e := g.edges[i]
			if l["source"] != "n"+strconv.FormatInt(e.Source, 10) || l["key"] != "e"+strconv.FormatInt(e.ID, 10) {
				t.Errorf("%s: link %d = %v → %v key %v, want n%d → n%d key e%d", g.name, i, l["source"], l["target"], l["key"], e.Source, e.Target, e.ID)
			}
			if s, _ := l["sentence"].(string); s != string([]rune(e.Sentence)) {
				t.Errorf("%s: link %v sentence = %.40q…, want %.40q…", g.name, l["key"], s, e.Sentence)
			}
		}
	}
}

func TestEmptyGraphIsValid(t *testing.T) {
	empty := testGraph{name: "empty"}
	var doc nodeLink
	if err := json.Unmarshal(write(t, "json", empty, Options{}), &doc); err != nil || len(doc.Nodes)+len(doc.Links) != 0 {
		t.Errorf("empty JSON: %v, %d nodes, %d links", err, len(doc.Nodes), len(doc.Links))
	}
	for _, f := range []string{"graphml", "gexf"} {
		if _, err := parseXML(write(t, f, empty, Options{})); err != nil {
			t.Errorf("empty %s: %v", f, err)
		}
	}
	if _, _, err := checkDOT(write(t, "dot", empty, Options{})); err != nil {
		t.Errorf("empty DOT: %v", err)
	}
}

func TestCSVStructure(t *testing.T) {
	for _, g := range []testGraph{smallGraph(), hostileGraph()} {
		out := write(t, "csv", g, Options{})
		parts := bytes.SplitN(out, []byte{0}, 2)
		nodes, err := csv.NewReader(bytes.NewReader(parts[0])).ReadAll()
		if err != nil {
			t.Fatalf("%s nodes.csv: %v", g.name, err)
		}
		edges, err := csv.NewReader(bytes.NewReader(parts[1])).ReadAll()
		if err != nil {
			t.Fatalf("%s edges.csv: %v", g.name, err)
		}
		if len(nodes) != len(g.nodes)+1 || len(edges) != len(g.edges)+1 {
			t.Fatalf("%s: %d node rows, %d edge rows; want %d, %d with headers", g.name, len(nodes), len(edges), len(g.nodes)+1, len(g.edges)+1)
		}
		if strings.Join(nodes[0], ",") != strings.Join(csvNodeHeader, ",") || strings.Join(edges[0], ",") != strings.Join(csvEdgeHeader, ",") {
			t.Errorf("%s: headers %v / %v", g.name, nodes[0], edges[0])
		}
		for _, rows := range [][][]string{nodes, edges} {
			for _, r := range rows {
				for _, f := range r {
					if strings.ContainsAny(f, "\r\n\x00") || !utf8Valid(f) {
						t.Errorf("%s: field %q has a line break, NUL or invalid UTF-8", g.name, f)
					}
				}
			}
		}
		for i, r := range nodes[1:] {
			n := g.nodes[i]
			if r[0] != strconv.FormatInt(n.ID, 10) || r[1] != csvValue(n.Name, false) || len(strings.Split(r[4], ";")) != len(n.Aliases) {
				t.Errorf("%s: node row %q for %+v", g.name, r, n)
			}
		}
		for i, r := range edges[1:] {
			e := g.edges[i]
			if r[0] != strconv.FormatInt(e.Source, 10) || r[1] != strconv.FormatInt(e.Target, 10) || r[2] != relType(e.Class) || r[4] != csvValue(e.Predicate, false) {
				t.Errorf("%s: edge row %.80q for edge %d", g.name, r, e.ID)
			}
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\x00") == s }

// checkCypher checks that every statement is on one line, ends with ';'
// and has its single-quoted strings closed, and counts MERGE and MATCH
// statements.
func checkCypher(out []byte) (merges, matches int, err error) {
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	for _, line := range lines[1:] {
		in := false
		for i := 0; i < len(line); i++ {
			switch {
			case in && line[i] == '\\':
				i++
			case line[i] == '\'':
				in = !in
			}
		}
		if in || !strings.HasSuffix(line, ";") {
			return 0, 0, errors.New("statement not closed: " + line)
		}
		switch {
		case strings.HasPrefix(line, "MERGE (n:Entity {kg_id: "):
			merges++
		case strings.HasPrefix(line, "MATCH (a:Entity {kg_id: "):
			matches++
		default:
			return 0, 0, errors.New("unexpected statement: " + line)
		}
	}
	return merges, matches, nil
}

func TestCypherStructure(t *testing.T) {
	for _, g := range []testGraph{smallGraph(), hostileGraph()} {
		out := write(t, "cypher", g, Options{})
		if !strings.HasPrefix(string(out), "CREATE CONSTRAINT kg_entity_id IF NOT EXISTS") {
			t.Errorf("%s: script does not start with the constraint", g.name)
		}
		merges, matches, err := checkCypher(out)
		if err != nil {
			t.Fatalf("%s: %.200v", g.name, err)
		}
		if merges != len(g.nodes) || matches != len(g.edges) {
			t.Errorf("%s: %d node MERGEs, %d edge MATCHes; want %d, %d", g.name, merges, matches, len(g.nodes), len(g.edges))
		}
	}
	out := string(write(t, "cypher", smallGraph(), Options{}))
	for _, want := range []string{
		"MERGE (n:Entity {kg_id: 1}) SET n.name = 'Maria Santos', n.type = 'PERSON', n.aliases = ['Maria Santos', 'Santos'], n.mentions = 7, n:PERSON;",
		"MATCH (a:Entity {kg_id: 1}), (b:Entity {kg_id: 2}) MERGE (a)-[r:CONSULT {predicate: 'met'}]->(b) SET r.kg_id = 11, r.class = 'CONSULT', r.weight = 1, r.confidence = 0.8,",
		"r.document = null, r.document_id = 3, r.first_date = '2024-02-01', r.last_date = '2024-03-01';",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Cypher lacks %q", want)
		}
	}
}

func TestDOTStructure(t *testing.T) {
	for _, cluster := range []bool{false, true} {
		for _, g := range []testGraph{smallGraph(), hostileGraph()} {
			out := write(t, "dot", g, Options{DOT: DOTOptions{ClusterByType: cluster}})
			nodes, edges, err := checkDOT(out)
			if err != nil {
				t.Fatalf("%s (clusters %v): %v", g.name, cluster, err)
			}
			if nodes != len(g.nodes) || edges != len(g.edges) {
				t.Errorf("%s (clusters %v): %d node and %d edge statements, want %d, %d", g.name, cluster, nodes, edges, len(g.nodes), len(g.edges))
			}
			if !bytes.HasPrefix(out, []byte("digraph ")) {
				t.Errorf("%s: not a plain digraph: %.20q", g.name, out)
			}
			if got := bytes.Contains(out, []byte(`subgraph "cluster_PERSON" {`)); got != cluster {
				t.Errorf("%s: ClusterByType %v, cluster_PERSON present %v", g.name, cluster, got)
			}
		}
	}
}

func TestDOTLayoutHint(t *testing.T) {
	tests := []struct {
		name string
		opts DOTOptions
		want string // "" for no layout attribute
	}{
		{"default leaves the engine to the command", DOTOptions{}, ""},
		{"small known graph stays with dot", DOTOptions{NodeCount: 100}, ""},
		{"large graph asks for sfdp", DOTOptions{NodeCount: LargeGraph + 1}, `layout="sfdp" overlap="false"`},
		{"explicit layout wins", DOTOptions{Layout: "neato", NodeCount: 1e6}, `layout="neato" overlap="false"`},
		{"explicit dot has no overlap", DOTOptions{Layout: "dot"}, `layout="dot"]`},
	}
	for _, tt := range tests {
		out := string(write(t, "dot", smallGraph(), Options{DOT: tt.opts}))
		header, _, _ := strings.Cut(out, "\n\tnode")
		if tt.want == "" && strings.Contains(header, "layout=") || tt.want != "" && !strings.Contains(header, tt.want) {
			t.Errorf("%s: header %q, want it to contain %q", tt.name, header, tt.want)
		}
	}
}

func TestDOTStylesEdges(t *testing.T) {
	out := string(write(t, "dot", smallGraph(), Options{}))
	for _, want := range []string{
		`"n1" [label="Maria Santos" shape="ellipse" fillcolor="#a6cee3" tooltip="Maria Santos; Santos"];`,
		`"n2" -> "n3" [label="may send aid to" color="#9467bd" penwidth="2.00" style="dotted"`,
		`"n3" -> "n4" [label="did not abandon" color="#8c564b" penwidth="1.00" style="dashed"`,
		`"n5" -> "n1" [label="protested" color="#e6550d" penwidth="4.58"`,
		`subgraph "cluster legend"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("DOT lacks %q", want)
		}
	}
	if out := string(write(t, "dot", smallGraph(), Options{DOT: DOTOptions{NoLegend: true}})); strings.Contains(out, "legend") {
		t.Error("NoLegend still wrote a legend")
	}
}

var _ = graph.Node{}
