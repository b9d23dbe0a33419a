package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"kg/internal/shared"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The readers this file runs are those people load our exports with:
// Graphviz, xmllint against the official GraphML XSD, the GEXF 1.3 RELAX NG
// schema, networkx, python-igraph and graphology. Each part is skipped with
// a message when its tools are missing, and fails instead when CI=true.
//
// Setup (Debian): apt-get install graphviz libxml2-utils python3-networkx
// python3-igraph python3-lxml nodejs npm; graphology: npm ci in
// ../shared/validators/js, or, when that directory is read-only, in a copy
// of it, with NODE_PATH=<copy>/node_modules in the test's environment.

// validators returns ../shared/validators, or skips (fails under CI).
func validators(t *testing.T) string {
	t.Helper()
	return shared.Path(t, "validators")
}

// need skips the calling test when a tool is missing, or fails it under CI.
func need(t *testing.T, what string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s missing and CI=true: install it (see validate_test.go)", what)
	}
	t.Skipf("%s missing: skipping this check (see validate_test.go for the setup)", what)
}

func run(name string, args ...string) error {
	return exec.Command(name, args...).Run()
}

func havePython() bool {
	return run("/usr/bin/python3", "-c", "import networkx, igraph, lxml") == nil
}

// haveGraphology reports whether check.js can load graphology, from its own
// node_modules or through NODE_PATH.
func haveGraphology(v string) bool {
	cmd := exec.Command("node", "-e", "require('graphology'); require('graphology-graphml'); require('graphology-gexf')")
	cmd.Dir = filepath.Join(v, "js")
	return cmd.Run() == nil
}

// exportedFile is one file written for the validators with the counts a
// reader must find in it.
type exportedFile struct {
	path         string
	nodes, edges int
	labels       []string // node names in order
}

// writeAll writes the small and the hostile graph in every format and
// variant into dir.
func writeAll(t *testing.T, dir string) []exportedFile {
	t.Helper()
	var files []exportedFile
	for _, g := range []testGraph{smallGraph(), hostileGraph()} {
		variants := []struct {
			suffix, format string
			opts           Options
		}{
			{".graphml", "graphml", Options{}},
			{".gexf", "gexf", Options{}},
			{"-dynamic.gexf", "gexf", Options{GEXF: GEXFOptions{Dynamic: true}}},
			{".dot", "dot", Options{}},
			{"-clusters.dot", "dot", Options{DOT: DOTOptions{ClusterByType: true}}},
			{"-sfdp.dot", "dot", Options{DOT: DOTOptions{ClusterByType: true, NodeCount: LargeGraph + 1}}},
			{".json", "json", Options{}},
			{".cypher", "cypher", Options{}},
			{"-csv", "csv", Options{}},
		}
		for _, v := range variants {
			path := filepath.Join(dir, g.name+v.suffix)
			var buf bytes.Buffer
			if v.format == "csv" {
				if err := os.Mkdir(path, 0o755); err != nil {
					t.Fatal(err)
				}
				v.opts.Dir = path
			}
			w, err := New(v.format, &buf, v.opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := writeGraph(w, g); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if v.format != "csv" {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var labels []string
			for _, n := range g.nodes {
				labels = append(labels, n.Name)
			}
			files = append(files, exportedFile{path, len(g.nodes), len(g.edges), labels})
		}
	}
	return files
}

func withSuffix(files []exportedFile, suffixes ...string) []exportedFile {
	var out []exportedFile
	for _, f := range files {
		for _, s := range suffixes {
			if strings.HasSuffix(f.path, s) {
				out = append(out, f)
			}
		}
	}
	return out
}

// pyCounts prints, for each file, what networkx and igraph read from it.
const pyCounts = `
import csv, json, sys
import networkx as nx, igraph as ig
out = {}
for path in sys.argv[1:]:
    if path.endswith(".graphml"):
        G = nx.read_graphml(path)
        g = ig.Graph.Read_GraphML(path)
        out[path] = {"counts": {"networkx": [G.number_of_nodes(), G.number_of_edges(), G.is_directed()],
                                "igraph": [g.vcount(), g.ecount(), g.is_directed()]},
                     "labels": {"networkx": [d.get("label", "") for _, d in G.nodes(data=True)],
                                "igraph": [l or "" for l in g.vs["label"]]}}
    elif path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        try:
            G = nx.node_link_graph(data, edges="links")  # networkx >= 3.4
        except TypeError:
            G = nx.node_link_graph(data)  # older: "links" is the default
        keys = {k for _, _, k in G.edges(keys=True)}
        out[path] = {"counts": {"networkx": [G.number_of_nodes(), G.number_of_edges(), G.is_directed()],
                                "networkx, distinct edge keys": [G.number_of_nodes(), len(keys), True]},
                     "labels": {"networkx": [d.get("label", "") for _, d in G.nodes(data=True)]}}
    else:  # a neo4j CSV directory
        counts = []
        for name, header in (("nodes.csv", "kg_id:ID"), ("edges.csv", ":START_ID")):
            with open(path + "/" + name, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f, strict=True))
            assert rows[0][0] == header, rows[0]
            assert all(len(r) == len(rows[0]) for r in rows), name + ": ragged rows"
            assert not any("\n" in c or "\r" in c for r in rows for c in r), name + ": line break in a field"
            counts.append(len(rows) - 1)
        out[path] = {"counts": {"python csv": counts + [True]}}
print(json.dumps(out))
`

func TestValidatorsAcceptExports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs external validators; skipped with -short")
	}
	v := validators(t)
	if _, err := os.Stat(filepath.Join(v, "validate.sh")); err != nil {
		need(t, "../shared/validators", false)
	}
	files := writeAll(t, t.TempDir())

	t.Run("validate.sh", func(t *testing.T) {
		_, errDot := exec.LookPath("dot")
		_, errXML := exec.LookPath("xmllint")
		need(t, "dot (graphviz)", errDot == nil)
		need(t, "xmllint (libxml2-utils)", errXML == nil)
		need(t, "python3 with networkx, igraph, lxml", havePython())
		args := []string{filepath.Join(v, "validate.sh")}
		for _, f := range withSuffix(files, ".graphml", ".gexf", ".dot") {
			args = append(args, f.path)
		}
		out, err := exec.Command("sh", args...).CombinedOutput()
		t.Logf("validate.sh on %d files:\n%s", len(args)-1, out)
		if err != nil {
			t.Errorf("validate.sh failed: %v", err)
		}
	})

	t.Run("dot merges cluster blocks", func(t *testing.T) {
		_, errDot := exec.LookPath("dot")
		need(t, "dot (graphviz)", errDot == nil)
		for _, g := range []testGraph{smallGraph(), hostileGraph()} {
			types := map[string]bool{}
			for _, n := range g.nodes {
				types[n.Type] = true
			}
			var buf bytes.Buffer
			if err := writeGraph(NewDOT(&buf, DOTOptions{ClusterByType: true}), g); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("dot", "-Tsvg")
			cmd.Stdin = &buf
			svg, err := cmd.Output()
			if err != nil {
				t.Fatalf("dot -Tsvg: %v\n%s", err, errOutput(err))
			}
			// One cluster per type plus the legend, however many blocks.
			if got, want := bytes.Count(svg, []byte(`class="cluster"`)), len(types)+1; got != want {
				t.Errorf("%s: dot drew %d clusters, want %d (types %v and the legend)", g.name, got, want, sortedKeys(types))
			}
		}
	})

	t.Run("networkx-igraph-csv", func(t *testing.T) {
		need(t, "python3 with networkx, igraph, lxml", havePython())
		sel := withSuffix(files, ".graphml", ".json", "-csv")
		args := []string{"-c", pyCounts}
		for _, f := range sel {
			args = append(args, f.path)
		}
		out, err := exec.Command("/usr/bin/python3", args...).Output()
		if err != nil {
			t.Fatalf("python: %v\n%s", err, errOutput(err))
		}
		var got map[string]struct {
			Counts map[string][]any
			Labels map[string][]string
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("python output %q: %v", out, err)
		}
		for _, f := range sel {
			r := got[f.path]
			if len(r.Counts) == 0 {
				t.Errorf("%s: no reader result", f.path)
			}
			want := fmt.Sprint([]any{float64(f.nodes), float64(f.edges), true})
			for reader, c := range r.Counts {
				if fmt.Sprint(c) != want {
					t.Errorf("%s: %s reads [nodes edges directed] %v, want %v", f.path, reader, c, want)
				}
			}
			for reader, labels := range r.Labels {
				for i, l := range labels {
					want := asXMLSees(f.labels[i])
					if strings.HasSuffix(f.path, ".json") {
						want = string([]rune(f.labels[i]))
					}
					if strings.HasSuffix(f.path, ".gexf") {
						want = collapseSpace(want)
					}
					if l != want {
						t.Errorf("%s: %s reads node %d label %.60q, want %.60q", f.path, reader, i, l, want)
					}
				}
			}
		}
	})

	t.Run("graphology", func(t *testing.T) {
		_, errNode := exec.LookPath("node")
		need(t, "node", errNode == nil)
		need(t, "graphology (npm ci in validators/js, or NODE_PATH)", haveGraphology(v))
		for _, f := range withSuffix(files, ".graphml", ".gexf") {
			out, err := exec.Command("node", filepath.Join(v, "js", "check.js"), f.path).Output()
			if err != nil {
				t.Errorf("graphology cannot read %s: %v\n%s", f.path, err, errOutput(err))
				continue
			}
			lines := strings.Split(string(out), "\n")
			first := lines[0]
			i := 0
			for _, line := range lines[1:] {
				// check.js prints `  node "<id>" <attributes as JSON>`.
				rest, ok := strings.CutPrefix(line, "  node ")
				if !ok {
					continue
				}
				_, attrs, _ := strings.Cut(rest, " ")
				var a struct{ Label string }
				if err := json.Unmarshal([]byte(attrs), &a); err != nil {
					t.Fatalf("check.js line %q: %v", line, err)
				}
				want := asXMLSees(f.labels[i])
				if strings.HasSuffix(f.path, ".gexf") {
					want = collapseSpace(want)
				}
				if a.Label != want {
					t.Errorf("graphology reads %s node %d label %.60q, want %.60q", f.path, i, a.Label, want)
				}
				i++
			}
			// multi is true only when some pair has parallel edges.
			want := fmt.Sprintf(" order=%d size=%d ", f.nodes, f.edges)
			if !strings.Contains(first, want) || !strings.Contains(first, "type=directed ") {
				t.Errorf("graphology reads %s as %q, want type=directed and %q", f.path, first, want)
			}
		}
		// The node-link JSON, converted as the JSON doc comment says (in
		// JavaScript here, so that jq is not needed).
		const fromJSON = `
const fs = require('fs'); const Graph = require('graphology');
const d = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const g = Graph.from({options: {type: 'directed', multi: true, allowSelfLoops: true}, attributes: d.graph,
  nodes: d.nodes.map(({id, ...a}) => ({key: id, attributes: a})),
  edges: d.links.map(({key, source, target, ...a}) => ({key, source, target, attributes: a}))});
console.log(g.order + ' ' + g.size);`
		for _, f := range withSuffix(files, ".json") {
			cmd := exec.Command("node", "-e", fromJSON, f.path)
			cmd.Dir = filepath.Join(v, "js")
			out, err := cmd.Output()
			if err != nil {
				t.Errorf("graphology cannot import %s: %v\n%s", f.path, err, errOutput(err))
				continue
			}
			if got, want := strings.TrimSpace(string(out)), fmt.Sprintf("%d %d", f.nodes, f.edges); got != want {
				t.Errorf("graphology imports %s as %q nodes/edges, want %q", f.path, got, want)
			}
		}
	})

	t.Run("jq", func(t *testing.T) {
		_, errJQ := exec.LookPath("jq")
		if errJQ != nil {
			t.Skip("jq missing: the JSON conversion line is not checked")
		}
		// The jq line of the JSON doc comment must produce graphology's shape.
		const line = `{options:{type:"directed",multi:true,allowSelfLoops:true},attributes:.graph,nodes:[.nodes[]|{key:.id,attributes:del(.id)}],edges:[.links[]|{key,source,target,attributes:del(.key,.source,.target)}]}`
		for _, f := range withSuffix(files, ".json") {
			out, err := exec.Command("jq", "-c", line, f.path).Output()
			if err != nil {
				t.Fatalf("jq on %s: %v\n%s", f.path, err, errOutput(err))
			}
			var g struct {
				Nodes []struct{ Key string }
				Edges []struct{ Key, Source, Target string }
			}
			if err := json.Unmarshal(out, &g); err != nil || len(g.Nodes) != f.nodes || len(g.Edges) != f.edges || g.Edges[0].Key == "" {
				t.Errorf("jq conversion of %s: err %v, %d nodes, %d edges; want %d, %d with keys", f.path, err, len(g.Nodes), len(g.Edges), f.nodes, f.edges)
			}
		}
	})
}

func errOutput(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// pyEdge prints what networkx reads of edge e15 of the small graph (a past
// role, attributed, with two evidence sentences) in GraphML, GEXF and JSON.
const pyEdge = `
import json, sys
import networkx as nx
out = {}
for path in sys.argv[1:]:
    if path.endswith(".graphml"):
        G = nx.read_graphml(path)
    elif path.endswith(".gexf"):
        G = nx.read_gexf(path)
    else:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        try:
            G = nx.node_link_graph(data, edges="links")  # networkx >= 3.4
        except TypeError:
            G = nx.node_link_graph(data)  # older: "links" is the default
    for u, v, k, d in G.edges(keys=True, data=True):
        if k == "e15" or d.get("id") == "e15" or d.get("kg_id") == 15:
            ev = d.get("evidence", "")
            if isinstance(ev, list):
                ev = [e["sentence"] for e in ev]
            elif ev:
                ev = ev.split("\n")
            at = d.get("attributed_to", "")
            if isinstance(at, list):
                at = "; ".join(at)
            out[path] = {"former": bool(d.get("former")), "attributed_to": at, "evidence": ev or [],
                         "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
print(json.dumps(out))
`

// TestNetworkxReadsEdgeDetails checks that the details people asked for
// (former roles, attribution, every evidence sentence) arrive in networkx
// from each format that carries them, GEXF included.
func TestNetworkxReadsEdgeDetails(t *testing.T) {
	_ = validators(t)
	need(t, "python3 with networkx, igraph, lxml", havePython())
	dir := t.TempDir()
	g := smallGraph()
	var paths []string
	for _, f := range []string{"graphml", "gexf", "json"} {
		var buf bytes.Buffer
		// networkx 2.8 (Debian 12) reads GEXF 1.2draft only.
		w, err := New(f, &buf, Options{GEXF: GEXFOptions{Version: "1.2draft", Dynamic: true}})
		if err != nil {
			t.Fatal(err)
		}
		if err := writeGraph(w, g); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "small."+f)
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	out, err := exec.Command("/usr/bin/python3", append([]string{"-c", pyEdge}, paths...)...).Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, errOutput(err))
	}
	var got map[string]struct {
		Former       bool
		AttributedTo string `json:"attributed_to"`
		Evidence     []string
		Nodes, Edges int
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("python output %q: %v", out, err)
	}
	wantEv := []string{"Santos, the former WHO director, said so.", "The ex-director of the WHO, Santos, left."}
	for _, p := range paths {
		r, ok := got[p]
		if !ok {
			t.Errorf("%s: networkx found no edge e15", p)
			continue
		}
		if r.Nodes != len(g.nodes) || r.Edges != len(g.edges) {
			t.Errorf("%s: networkx reads %d nodes and %d edges, want %d and %d", p, r.Nodes, r.Edges, len(g.nodes), len(g.edges))
		}
		if !r.Former || r.AttributedTo != "Brazil; Maria Santos" {
			t.Errorf("%s: networkx reads former=%v attributed_to=%q, want true and %q", p, r.Former, r.AttributedTo, "Brazil; Maria Santos")
		}
		if strings.HasSuffix(p, ".gexf") {
			continue // GEXF carries the first sentence only
		}
		want := wantEv
		if strings.HasSuffix(p, ".json") {
			want = []string{wantEv[0], "The ex-director of the WHO,\nSantos, left."}
		}
		if fmt.Sprint(r.Evidence) != fmt.Sprint(want) {
			t.Errorf("%s: networkx reads evidence %q, want %q", p, r.Evidence, want)
		}
	}
}
