package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"kg/graph"
)

// seedDB builds the bundled sample into a new database, once per test
// binary; tests that change it copy it first.
var seedDB = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "kg-serve-test")
	if err != nil {
		return "", err
	}
	db := filepath.Join(dir, "kg.db")
	var out, errb strings.Builder
	if code := run(context.Background(), []string{"kg", "build", "--db", db}, strings.NewReader(""), &out, &errb); code != 0 {
		return "", &buildError{errb.String()}
	}
	return db, nil
})

type buildError struct{ stderr string }

func (e *buildError) Error() string { return "build the seed database: " + e.stderr }

// testServer serves db read-only as kg serve does.
func testServer(t *testing.T, db string) *httptest.Server {
	t.Helper()
	return testServerTB(t, db)
}

func testServerTB(t testing.TB, db string) *httptest.Server {
	t.Helper()
	store, err := graph.OpenReadOnly(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newServer(store, true))
	t.Cleanup(func() {
		srv.Close()
		store.Close()
	})
	return srv
}

func seedServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	db, err := seedDB()
	if err != nil {
		t.Fatal(err)
	}
	return testServer(t, db), db
}

// get fetches path and decodes its JSON body into v (when not nil),
// returning the status and the raw body.
func get(t *testing.T, srv *httptest.Server, path string, v any) (int, string) {
	t.Helper()
	return getTB(t, srv, path, v)
}

func getTB(t testing.TB, srv *httptest.Server, path string, v any) (int, string) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if v != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("GET %s: %v in %s", path, err, b)
		}
	}
	return resp.StatusCode, string(b)
}

// cliJSON runs a kg command with --json on db and decodes its output.
func cliJSON(t *testing.T, db string, v any, args ...string) {
	t.Helper()
	code, out, stderr := kg(t, "", append(args, "--db", db, "--json")...)
	if code != 0 {
		t.Fatalf("kg %v: exit %d: %s", args, code, stderr)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("kg %v: %v", args, err)
	}
}

// TestServeStatus checks every endpoint's status code and error message
// for good and bad requests.
func TestServeStatus(t *testing.T) {
	srv, _ := seedServer(t)
	tests := []struct {
		path   string
		status int
		want   string // in the body
	}{
		{"/", 200, "<title>kg"},
		{"/vendor/sigma.min.js", 200, "Sigma"},
		{"/vendor/sigma.LICENSE.txt", 200, "Permission is hereby granted"},
		{"/api/meta", 200, `"documents":1`},
		{"/api/graph", 200, `"nodes"`},
		{"/api/graph?type=person,gpe&class=role&min_weight=1", 200, `"nodes"`},
		{"/api/graph?type=BOGUS", 400, `unknown type \"BOGUS\": valid types are`},
		{"/api/graph?class=nope", 400, `unknown class`},
		{"/api/graph?since=yesterday", 400, `since=\"yesterday\" is not a date`},
		{"/api/graph?limit=0", 400, "limit=\\\"0\\\": give a whole number from 1 to 20000"},
		{"/api/graph?limit=999999", 400, "from 1 to 20000"},
		{"/api/graph?include_negated=maybe", 400, "give true or false"},
		{"/api/entities", 200, `"Marco Rubio"`},
		{"/api/entities?name=rubio", 200, `"Marco Rubio"`},
		{"/api/entities?name=%22%22", 200, `[]`},
		{"/api/entities?limit=5000", 400, "from 1 to 1000"},
		{"/api/entities/abc", 400, "give a positive number"},
		{"/api/entities/999999", 404, "no entity has id 999999"},
		{"/api/entities/999999/neighbors", 404, "no entity has id 999999"},
		{"/api/entities/4/neighbors?depth=99", 400, "from 1 to 4"},
		{"/api/edges/999999", 404, "no edge has id 999999"},
		{"/api/edges/0", 400, "give a positive number"},
		{"/api/path?from=Rubio", 400, "give to"},
		{"/api/path?from=Rubio&to=Nobody%20Atall", 404, `no entity is called \"Nobody Atall\"`},
		{"/api/search", 400, "give q"},
		{"/api/search?q=%2A%2A", 400, "nothing to search for"},
		{"/api/search?q=Kursk&limit=100000", 400, "from 1 to 1000"},
		{"/api/documents/1", 200, `"text"`},
		{"/api/documents/999", 404, "no document has id 999"},
		{"/api/nothing", 404, "no API endpoint GET /api/nothing"},
	}
	for _, tc := range tests {
		code, body := get(t, srv, tc.path, nil)
		if code != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s: got %d %.300q, want %d with %q", tc.path, code, body, tc.status, tc.want)
		}
	}

	// Read-only: nothing but GET.
	resp, err := http.Post(srv.URL+"/api/meta", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed && resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST /api/meta: got %d, want 405 or 404", resp.StatusCode)
	}

	// A local server refuses other host names (DNS rebinding).
	req, _ := http.NewRequest("GET", srv.URL+"/api/meta", nil)
	req.Host = "attacker.example:80"
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("GET with Host attacker.example: got %d, want 421", resp.StatusCode)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("Content-Security-Policy = %q, want default-src 'self'", csp)
	}
}

// TestServeShapesMatchCLI checks that the API answers with the objects
// the CLI prints with --json.
func TestServeShapesMatchCLI(t *testing.T) {
	srv, db := seedServer(t)

	var apiEnts, cliEnts []entityJSON
	get(t, srv, "/api/entities?limit=10", &apiEnts)
	cliJSON(t, db, &cliEnts, "entities", "--limit", "10")
	if !reflect.DeepEqual(apiEnts, cliEnts) {
		t.Errorf("/api/entities?limit=10:\ngot  %+v\nwant %+v (kg entities --limit 10 --json)", apiEnts, cliEnts)
	}

	type hop struct {
		From  entityJSON `json:"from"`
		To    entityJSON `json:"to"`
		Edges []edgeJSON `json:"edges"`
	}
	var apiPath, cliPath []hop
	get(t, srv, "/api/path?from=Rubio&to=Kursk", &apiPath)
	cliJSON(t, db, &cliPath, "path", "Rubio", "Kursk")
	if len(apiPath) == 0 || !reflect.DeepEqual(apiPath, cliPath) {
		t.Errorf("/api/path?from=Rubio&to=Kursk:\ngot  %+v\nwant %+v (kg path Rubio Kursk --json)", apiPath, cliPath)
	}

	var apiSearch, cliSearch searchJSON
	get(t, srv, "/api/search?q=Kursk&limit=5", &apiSearch)
	cliJSON(t, db, &cliSearch, "search", "Kursk", "--limit", "5")
	if len(apiSearch.Sentences) == 0 || !reflect.DeepEqual(apiSearch, cliSearch) {
		t.Errorf("/api/search?q=Kursk:\ngot  %+v\nwant %+v (kg search Kursk --json)", apiSearch, cliSearch)
	}

	// Neighbours: the same entities as kg neighbors, and the edges among
	// them.
	var rubio []entityJSON
	get(t, srv, "/api/entities?name=Rubio&limit=1", &rubio)
	if len(rubio) != 1 {
		t.Fatalf("/api/entities?name=Rubio: got %v", rubio)
	}
	id := rubio[0].ID
	for _, depth := range []string{"1", "2"} {
		var nb neighborsJSON
		get(t, srv, "/api/entities/"+jsonNumber(id)+"/neighbors?depth="+depth, &nb)
		var want []entityJSON
		cliJSON(t, db, &want, "neighbors", "Marco Rubio", "--depth", depth)
		got := append([]entityJSON(nil), nb.Neighbors...)
		sortEntities(got)
		sortEntities(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("neighbors depth %s:\ngot  %v\nwant %v (kg neighbors --depth %s)", depth, got, want, depth)
		}
		in := map[int64]bool{}
		for _, n := range nb.Nodes {
			in[n.ID] = true
		}
		if !in[id] || len(nb.Nodes) != len(nb.Neighbors)+1 {
			t.Errorf("neighbors depth %s: nodes %d, neighbours %d, centre included %v", depth, len(nb.Nodes), len(nb.Neighbors), in[id])
		}
		for _, e := range nb.Edges {
			if !in[e.SubjectID] || !in[e.ObjectID] {
				t.Errorf("neighbors depth %s: edge %d leaves the ego network", depth, e.ID)
			}
		}
	}

	// The graph: the edges of kg relations, between the nodes served.
	var g graphJSON
	get(t, srv, "/api/graph", &g)
	var rel []edgeJSON
	cliJSON(t, db, &rel, "relations")
	if len(g.Edges) != len(rel) || g.Truncated {
		t.Errorf("/api/graph: %d edges (truncated %v), kg relations: %d", len(g.Edges), g.Truncated, len(rel))
	}
	nodes := map[int64]graphNodeJSON{}
	for _, n := range g.Nodes {
		nodes[n.ID] = n
	}
	for _, e := range g.Edges {
		if _, ok := nodes[e.SubjectID]; !ok {
			t.Errorf("/api/graph: edge %d's subject %d is not a node", e.ID, e.SubjectID)
		}
		if _, ok := nodes[e.ObjectID]; !ok {
			t.Errorf("/api/graph: edge %d's object %d is not a node", e.ID, e.ObjectID)
		}
	}
	// The limit keeps the most connected nodes and says so.
	var small graphJSON
	get(t, srv, "/api/graph?limit=3", &small)
	if len(small.Nodes) != 3 || !small.Truncated {
		t.Errorf("/api/graph?limit=3: %d nodes, truncated %v; want 3, true", len(small.Nodes), small.Truncated)
	}
	least := -1 // the lowest degree kept, in the whole graph
	for _, n := range small.Nodes {
		if d := nodes[n.ID].Degree; least < 0 || d < least {
			least = d
		}
	}
	for _, m := range g.Nodes {
		if !containsNode(small.Nodes, m.ID) && m.Degree > least {
			t.Errorf("/api/graph?limit=3 left out %s (degree %d) but kept a node of degree %d", m.Name, m.Degree, least)
		}
	}
}

func containsNode(ns []graphNodeJSON, id int64) bool {
	for _, n := range ns {
		if n.ID == id {
			return true
		}
	}
	return false
}

func sortEntities(es []entityJSON) {
	sort.Slice(es, func(i, j int) bool { return es[i].ID < es[j].ID })
}

func jsonNumber(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestServeEdgeEvidence checks an edge's evidence: the sentence cut into
// parts that spell it again, the subject and object marked, the filters'
// semantics for negated evidence, and the document view's mentions.
func TestServeEdgeEvidence(t *testing.T) {
	srv, db := seedServer(t)
	var rel []edgeJSON
	cliJSON(t, db, &rel, "relations", "--include-negated", "--include-hedged")
	var plain, negated *edgeJSON
	for i, e := range rel {
		switch {
		case e.Negated && negated == nil:
			negated = &rel[i]
		case !e.Negated && !e.Hedged && e.Subject == "Volodymyr Zelenskyy" && plain == nil:
			plain = &rel[i]
		}
	}
	if plain == nil || negated == nil {
		t.Fatalf("the seed graph should have an edge of Volodymyr Zelenskyy and a negated edge; relations: %v", rel)
	}

	var d edgeDetailJSON
	if code, body := get(t, srv, "/api/edges/"+jsonNumber(plain.ID), &d); code != 200 {
		t.Fatalf("/api/edges/%d: %d %s", plain.ID, code, body)
	}
	if d.Subject != plain.Subject || d.Predicate != plain.Predicate || d.Weight != len(d.Evidence) || len(d.Evidence) == 0 {
		t.Errorf("/api/edges/%d: got %s -%s-> %s weight %d with %d evidence; want %s -%s-> %s",
			plain.ID, d.Subject, d.Predicate, d.Object, d.Weight, len(d.Evidence), plain.Subject, plain.Predicate, plain.Object)
	}
	for _, v := range d.Evidence {
		var text strings.Builder
		marked := map[string][]string{}
		for _, p := range v.Parts {
			text.WriteString(p.Text)
			marked[p.Mark] = append(marked[p.Mark], p.Text)
		}
		if text.String() != v.Sentence {
			t.Errorf("evidence %d: parts spell %q, want the sentence %q", v.ID, text.String(), v.Sentence)
		}
		if len(marked["subject"]) == 0 || len(marked["object"]) == 0 {
			t.Errorf("evidence %d of %s -%s-> %s: subject marked %q, object marked %q; want both",
				v.ID, d.Subject, d.Predicate, d.Object, marked["subject"], marked["object"])
		}
		if v.Sentence != plain.Sentence && v.ID == d.Evidence[0].ID {
			t.Errorf("evidence %d: first sentence %q, want the edge's %q", v.ID, v.Sentence, plain.Sentence)
		}
	}

	// Negated evidence is out unless asked for, as in every command.
	path := "/api/edges/" + jsonNumber(negated.ID)
	if code, body := get(t, srv, path, nil); code != 404 || !strings.Contains(body, "include_negated") {
		t.Errorf("GET %s: got %d %s; want 404 naming include_negated", path, code, body)
	}
	var nd edgeDetailJSON
	get(t, srv, path+"?include_negated=true&include_hedged=true", &nd)
	if !nd.Negated || len(nd.Evidence) == 0 || !nd.Evidence[0].Negated {
		t.Errorf("GET %s?include_negated=true: negated %v, evidence %v", path, nd.Negated, nd.Evidence)
	}

	// The entity: its edges touch it, its documents mention it.
	var ent entityDetailJSON
	get(t, srv, "/api/entities/"+jsonNumber(plain.SubjectID), &ent)
	if ent.Entity.Name != plain.Subject || len(ent.Documents) != 1 || ent.Documents[0].Mentions != ent.Entity.Mentions {
		t.Errorf("/api/entities/%d: %+v", plain.SubjectID, ent)
	}
	found := false
	for _, e := range ent.Edges {
		if e.SubjectID != plain.SubjectID && e.ObjectID != plain.SubjectID {
			t.Errorf("/api/entities/%d: edge %d does not touch it", plain.SubjectID, e.ID)
		}
		found = found || e.ID == plain.ID
	}
	if !found {
		t.Errorf("/api/entities/%d: edge %d missing from %v", plain.SubjectID, plain.ID, ent.Edges)
	}

	// The document: parts spell the text; mentions are byte ranges of it.
	var doc documentDetailJSON
	get(t, srv, "/api/documents/"+jsonNumber(ent.Documents[0].ID), &doc)
	var text strings.Builder
	for _, p := range doc.Parts {
		text.WriteString(p.Text)
	}
	if text.String() != doc.Text || len(doc.Mentions) == 0 {
		t.Errorf("document %d: parts spell %d bytes of %d, %d mentions", doc.ID, text.Len(), len(doc.Text), len(doc.Mentions))
	}
	for _, m := range doc.Mentions {
		if got := doc.Text[m.Start:m.End]; got != m.Text {
			t.Errorf("document %d: mention [%d,%d) is %q in the text, %q in the store", doc.ID, m.Start, m.End, got, m.Text)
		}
	}
}

// TestServeEscaping renames an entity to markup, quotes and non-Latin
// letters and checks that the API returns it as inert JSON text.
func TestServeEscaping(t *testing.T) {
	seed, err := seedDB()
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "kg.db")
	b, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	const hostile = `<script>alert("x")</script> O'Brien “Зеленський” 習近平 & <img src=x onerror=alert(1)>`
	if code, _, stderr := kg(t, "", "rename", "--db", db, "Volodymyr Zelenskyy", hostile); code != 0 {
		t.Fatalf("kg rename: %s", stderr)
	}
	srv := testServer(t, db)
	for _, path := range []string{"/api/graph", "/api/entities?name=Brien", "/api/search?q=Brien"} {
		code, body := get(t, srv, path, nil)
		if code != 200 {
			t.Fatalf("GET %s: %d %s", path, code, body)
		}
		if strings.Contains(body, "<script>") || strings.Contains(body, "<img") {
			t.Errorf("GET %s: raw markup in the body: %.200s", path, body)
		}
		if !strings.Contains(body, `\u003cscript\u003ealert(\"x\")\u003c/script\u003e O'Brien “Зеленський” 習近平 \u0026`) {
			t.Errorf("GET %s: the name is not there as escaped JSON: %.400s", path, body)
		}
	}
	var ents []entityJSON
	get(t, srv, "/api/entities?name=Brien", &ents)
	if len(ents) != 1 || ents[0].Name != hostile {
		t.Errorf("/api/entities?name=Brien: got %v, want the name %q back", ents, hostile)
	}
}

// TestServeWhileBuilding adds a document to the database a server reads:
// the build is not blocked and the server sees the new document.
func TestServeWhileBuilding(t *testing.T) {
	seed, err := seedDB()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "kg.db")
	b, _ := os.ReadFile(seed)
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := testServer(t, db)
	var before metaJSON
	get(t, srv, "/api/meta", &before)
	in := filepath.Join(dir, "more.txt")
	os.WriteFile(in, []byte("Emmanuel Macron met Olaf Scholz in Paris on Tuesday."), 0o644)
	done := make(chan string)
	go func() {
		_, _, stderr := kg(t, "", "build", "--db", db, in)
		done <- stderr
	}()
	// Requests during the build are answered.
	for i := 0; i < 5; i++ {
		if code, body := get(t, srv, "/api/graph", nil); code != 200 {
			t.Errorf("GET /api/graph during a build: %d %s", code, body)
		}
	}
	if stderr := <-done; !strings.Contains(stderr, "1 documents added") {
		t.Fatalf("build beside a server: %s", stderr)
	}
	var after metaJSON
	get(t, srv, "/api/meta", &after)
	if after.Documents != before.Documents+1 {
		t.Errorf("documents after a build: got %d, want %d", after.Documents, before.Documents+1)
	}
}

func TestLocalHost(t *testing.T) {
	tests := []struct {
		host string
		want bool
	}{
		{"localhost:8080", true},
		{"LOCALHOST", true},
		{"127.0.0.1:8080", true},
		{"127.0.0.2", true},
		{"[::1]:8080", true},
		{"::1", true},
		{"example.com:8080", false},
		{"localhost.example.com", false},
		{"10.0.0.1:8080", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := localHost(tc.host); got != tc.want {
			t.Errorf("localHost(%q) = %v, want %v", tc.host, got, tc.want)
		}
	}
}

func TestPredicateMarks(t *testing.T) {
	tests := []struct {
		sentence  string
		predicate string
		want      []string // marked words
	}{
		{"Russia accuses Ukraine of lying.", "accused", []string{"accuses"}},
		{"Meloni was warmly met by Trump.", "met", []string{"met"}},
		{"Meloni went to Washington.", "went to", []string{"went"}},
		{"U.S. Secretary of State Marco Rubio", "secretary of state of", []string{"Secretary", "State"}},
		{"Russia struck Ukraine.", "strike", nil},
		{"Zelenskyy, president of Ukraine", "president of", []string{"president"}},
		{"Café owners met Erdoğan.", "met", []string{"met"}},
	}
	for _, tc := range tests {
		var got []string
		for _, m := range predicateMarks(tc.sentence, 0, len(tc.sentence), tc.predicate) {
			got = append(got, tc.sentence[m.start:m.end])
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("predicateMarks(%q, %q) = %q, want %q", tc.sentence, tc.predicate, got, tc.want)
		}
	}
}

func TestCut(t *testing.T) {
	text := "Ана met Bob."
	tests := []struct {
		name   string
		marks  []mark
		cs, ce int
		want   []partJSON
	}{
		{"no marks", nil, -1, -1, []partJSON{{Text: text}}},
		{"subject and object", []mark{{0, 6, "subject", 1}, {11, 14, "object", 2}}, -1, -1,
			[]partJSON{{Text: "Ана", Mark: "subject", EntityID: 1}, {Text: " met "}, {Text: "Bob", Mark: "object", EntityID: 2}, {Text: "."}}},
		{"subject beats entity", []mark{{0, 6, "entity", 3}, {0, 6, "subject", 1}}, -1, -1,
			[]partJSON{{Text: "Ана", Mark: "subject", EntityID: 1}, {Text: " met Bob."}}},
		{"clause", nil, 7, 10, []partJSON{{Text: "Ана "}, {Text: "met", Clause: true}, {Text: " Bob."}}},
		{"inside a letter is ignored", []mark{{1, 3, "entity", 3}}, -1, -1, []partJSON{{Text: text}}},
		{"out of range is ignored", []mark{{10, 99, "entity", 3}, {-1, 2, "entity", 4}}, -1, -1, []partJSON{{Text: text}}},
	}
	for _, tc := range tests {
		got := cut(text, tc.marks, tc.cs, tc.ce)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: cut(%q, %v, %d, %d) = %+v, want %+v", tc.name, text, tc.marks, tc.cs, tc.ce, got, tc.want)
		}
	}
}

// chromium finds Debian's Chromium (or another Chrome) for the browser
// test.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless Chromium for a test and returns its tab's
// context.
func browser(t *testing.T, exe string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		// WebGL without a GPU: Chromium's software renderer, which it no
		// longer falls back to by itself.
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.WindowSize(1400, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start %s: %v", exe, err)
	}

	return ctx
}

// TestServeInBrowser drives a real headless Chromium through the page on
// the seed graph: it searches an entity, clicks a node and an edge on the
// WebGL canvas and checks that the evidence sentence is shown, then
// checks that a screenshot is not blank. KG_SCREENSHOT=FILE keeps the
// screenshot (the README's is made so).
func TestServeInBrowser(t *testing.T) {
	exe := chromium()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium is missing in CI: .ci/run installs Debian's chromium")
		}
		t.Skip("no Chromium: apt-get install chromium to run the browser test")
	}
	srv, db := seedServer(t)
	var rel []edgeJSON
	cliJSON(t, db, &rel, "relations", "--entity", "Zelenskyy")
	var edge *edgeJSON
	for i, e := range rel {
		if e.Subject == "Volodymyr Zelenskyy" && e.Object == "Ukraine" {
			edge = &rel[i]
		}
	}
	if edge == nil {
		t.Fatalf("the seed graph has no edge Volodymyr Zelenskyy -> Ukraine: %v", rel)
	}

	ctx := browser(t, exe)

	var pageErrors []string
	var mu sync.Mutex
	if err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			msg := ev.ExceptionDetails.Text
			if ex := ev.ExceptionDetails.Exception; ex != nil {
				msg += " " + ex.Description
			}
			pageErrors = append(pageErrors, msg)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}

	fail := func(what string, err error) {
		t.Helper()
		sctx, c := context.WithTimeout(ctx, 5*time.Second)
		shot, _ := chromedp.Run(sctx, chromedp.FullScreenshot(100))
		c()
		if len(shot) > 0 {
			p := filepath.Join(os.TempDir(), "kg-serve-failed.png")
			os.WriteFile(p, shot, 0o644)
			t.Logf("screenshot at %s", p)
		}
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("%s: %v (page errors: %q)", what, err, pageErrors)
	}
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 40*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			fail(what, err)
		}
	}
	// waitJS polls until a script is true.
	waitJS := func(script string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](script, chromedp.WithPollingTimeout(30*time.Second))
	}

	step("load the page",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#graph canvas")),
		waitJS(`document.getElementById("status").textContent.startsWith("Graph:")`),
	)

	// Search: type a name, pick the suggestion, read the entity panel.
	step("search for Zelenskyy",
		chromedp.SendKeys(chromedp.CSS("#search"), "Zelen"),
		// The list follows the typing: wait for the entity, not the first
		// list shown.
		chromedp.WaitVisible(`//ul[@id="search-results"]/li[contains(., "Volodymyr Zelenskyy")]`),
		chromedp.Click(`//ul[@id="search-results"]/li[contains(., "Volodymyr Zelenskyy")]`),
		waitJS(`(document.querySelector("#panel .entity-name") || {}).textContent === "Volodymyr Zelenskyy"`),
	)

	// The layout runs in a worker for a few seconds and the camera moves
	// to the entity found: click once the picture stands still.
	step("wait for the layout", waitJS(`window.kg.idle()`))

	// at returns a point of the canvas in page coordinates.
	at := func(what, script string) (x, y float64) {
		t.Helper()
		xy, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
			const r = window.kg.state.renderer;
			const box = document.getElementById("graph").getBoundingClientRect();
			const px = (key) => { const p = r.framedGraphToViewport(r.getNodeDisplayData(key)); return [box.left + p.x, box.top + p.y]; };
			`+script+`
		})()`))
		if err != nil || len(xy) != 2 {
			fail(what, err)
		}
		return xy[0], xy[1]
	}

	// Click a node on the canvas: Ukraine.
	x, y := at("find Ukraine on the canvas", `return px("`+jsonNumber(edge.ObjectID)+`");`)
	step("click Ukraine",
		chromedp.MouseClickXY(x, y),
		waitJS(`(document.querySelector("#panel .entity-name") || {}).textContent === "Ukraine"`),
	)

	// Click the edge Zelenskyy -> Ukraine halfway along its line.
	step("wait for the picture", waitJS(`window.kg.idle()`))
	x, y = at("find the edge on the canvas", `const a = px("`+jsonNumber(edge.SubjectID)+`"), b = px("`+jsonNumber(edge.ObjectID)+`");
			return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];`)
	// Sigma takes two clicks within its doubleClickTimeout (300 ms) for a
	// double click, which zooms: pause as a person would.
	step("click the edge", chromedp.Sleep(400*time.Millisecond), chromedp.MouseClickXY(x, y), chromedp.WaitVisible(chromedp.CSS("#panel .evidence .sentence")))
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#panel .edge-title")))
	if err != nil {
		fail("read the edge's title", err)
	}
	sentence, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#panel .evidence .sentence")))
	if err != nil {
		fail("read the evidence", err)
	}
	if !strings.Contains(title, "Volodymyr Zelenskyy") || !strings.Contains(title, edge.Predicate) {
		t.Errorf("edge panel title %q, want %s -%s-> %s", title, edge.Subject, edge.Predicate, edge.Object)
	}
	if strings.TrimSpace(sentence) != edge.Sentence {
		t.Errorf("evidence panel shows %q, want the sentence %q", sentence, edge.Sentence)
	}
	marked, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#panel .evidence .m-subject, #panel .evidence .m-object")].map(e => e.textContent)`))
	if err != nil || len(marked) < 2 {
		t.Errorf("evidence marks subject and object %q (%v), want both", marked, err)
	}

	// The picture of the README: the graph and an edge's evidence.
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		fail("screenshot", err)
	}
	if p := os.Getenv("KG_SCREENSHOT"); p != "" {
		if err := os.WriteFile(p, shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	// Not blank: the graph area has many colours (nodes by type, edges by
	// class), not just the page's white and greys.
	colours := map[[3]uint32]bool{}
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 3 {
		for x := bounds.Min.X + 230; x < bounds.Max.X-410; x += 3 {
			r, g, b, _ := img.At(x, y).RGBA()
			if max(r, g, b)-min(r, g, b) > 0x1800 { // coloured, not grey
				colours[[3]uint32{r >> 11, g >> 11, b >> 11}] = true
			}
		}
	}
	if len(colours) < 8 {
		t.Errorf("the graph area of the screenshot has %d colours: the graph was not drawn", len(colours))
	}
	// The evidence's document opens with its mentions marked.
	step("open the document",
		chromedp.Click(chromedp.CSS("#panel .evidence button.linkish")),
		chromedp.WaitVisible(chromedp.CSS("#doc .doc-text .mention")),
	)
	mentions, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#doc .doc-text .mention").length`))
	if err != nil || mentions < 10 {
		t.Errorf("the document view marks %d mentions (%v), want the seed article's dozens", mentions, err)
	}
	step("close the document", chromedp.Click(chromedp.CSS("#doc-close")), chromedp.WaitNotVisible(chromedp.CSS("#doc")))

	// The shortest path, chosen from the suggestions as a user does.
	step("find a path",
		chromedp.SendKeys(chromedp.CSS("#path-from"), "Rubio"),
		chromedp.WaitVisible(`//input[@id="path-from"]/following-sibling::ul/li[contains(., "Marco Rubio")]`),
		chromedp.Click(`//input[@id="path-from"]/following-sibling::ul/li[contains(., "Marco Rubio")]`),
		chromedp.SendKeys(chromedp.CSS("#path-to"), "Kursk"),
		chromedp.WaitVisible(`//input[@id="path-to"]/following-sibling::ul/li[contains(., "Kursk")]`),
		chromedp.Click(`//input[@id="path-to"]/following-sibling::ul/li[contains(., "Kursk")]`),
		waitJS(`document.getElementById("status").textContent.startsWith("Path: Marco Rubio →")`),
	)
	var pathStatus string
	if pathStatus, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#status"))); err != nil || !strings.Contains(pathStatus, "Kursk") {
		t.Errorf("path status %q (%v), want the path from Marco Rubio to Kursk", pathStatus, err)
	}

	// Focus: the entity's neighbourhood replaces the graph.
	step("focus on Kursk",
		chromedp.Click(chromedp.CSS("#panel .group:last-of-type .edge-link")), // Ukraine invaded Kursk
		chromedp.WaitVisible(chromedp.CSS("#panel .edge-title")),
		chromedp.Click(chromedp.CSS("#panel .edge-title button.linkish:last-child")),
		waitJS(`(document.querySelector("#panel .entity-name") || {}).textContent === "Kursk"`),
		chromedp.Click(chromedp.CSS("#panel .actions button")),
		waitJS(`document.getElementById("status").textContent.startsWith("Kursk within 1 hop")`),
	)

	mu.Lock()
	defer mu.Unlock()
	if len(pageErrors) > 0 {
		t.Errorf("the page threw: %q", pageErrors)
	}
}

// syntheticDB writes a database of the seed article plus a synthetic graph of
// n entities and m edges, each edge with one evidence sentence, in 200
// dated documents. Ends are drawn by preferential attachment, so degrees
// are skewed as in news (a few hubs, many leaves). Same n and m, same
// bytes.
func syntheticDB(tb testing.TB, n, m int) string {
	tb.Helper()
	seed, err := seedDB()
	if err != nil {
		tb.Fatal(err)
	}
	db := filepath.Join(tb.TempDir(), "scale.db")
	b, err := os.ReadFile(seed)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(db, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	conn, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	exec := func(q string, args ...any) int64 {
		r, err := tx.Exec(q, args...)
		if err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
		id, _ := r.LastInsertId()
		return id
	}
	const docs = 200
	docIDs := make([]int64, docs)
	for i := range docIDs {
		text := fmt.Sprintf("Synthetic article %d.", i)
		docIDs[i] = exec(`INSERT INTO documents (uri, sha256, title, published, text, key) VALUES (?, ?, ?, ?, ?, ?)`,
			fmt.Sprintf("https://example.com/%d", i), fmt.Sprintf("%064x", i+1), fmt.Sprintf("Article %d", i),
			fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28), text, fmt.Sprintf("https://example.com/%d", i))
	}
	types := []string{"PERSON", "ORG", "GPE", "LOC", "NORP"}
	ids := make([]int64, n)
	for i := range ids {
		name := fmt.Sprintf("Entity %d", i)
		ids[i] = exec(`INSERT INTO entities (name, type, key) VALUES (?, ?, ?)`, name, types[i%len(types)], strings.ToLower(name))
		exec(`INSERT INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)`, ids[i], name, strings.ToLower(name))
		exec(`INSERT INTO mentions (entity_id, document_id, start, "end", text) VALUES (?, ?, 0, 9, ?)`, ids[i], docIDs[i%docs], "Synthetic")
	}
	preds := []struct{ p, c string }{{"met", "CONSULT"}, {"accused", "ACCUSE"}, {"praised", "SUPPORT"},
		{"struck", "ASSAULT"}, {"president of", "ROLE"}, {"sanctioned", "SANCTION"}, {"said", "STATEMENT"}}
	rng := rand.New(rand.NewPCG(1, 2))
	var ends []int // every edge end so far: drawing from it is preferential attachment
	seen := map[[3]int]bool{}
	for len(seen) < m {
		a := rng.IntN(n)
		bIdx := rng.IntN(n)
		if len(ends) > 0 && rng.IntN(4) > 0 {
			bIdx = ends[rng.IntN(len(ends))]
		}
		pi := rng.IntN(len(preds))
		k := [3]int{a, pi, bIdx}
		if a == bIdx || seen[k] {
			continue
		}
		seen[k] = true
		ends = append(ends, a, bIdx)
		e := exec(`INSERT INTO edges (subject_id, predicate, object_id, class) VALUES (?, ?, ?, ?)`, ids[a], preds[pi].p, ids[bIdx], preds[pi].c)
		s := fmt.Sprintf("Entity %d %s Entity %d.", a, preds[pi].p, bIdx)
		exec(`INSERT INTO evidence (edge_id, document_id, sentence, start, "end", sentence_start, confidence, folded) VALUES (?, ?, ?, 0, ?, 0, 0.9, ?)`,
			e, docIDs[rng.IntN(docs)], s, len(s), strings.ToLower(s))
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return db
}

// BenchmarkServe measures the API on 5,000 entities and 20,000 edges, the
// size the page is made for: the graph at two limits, an entity with its
// edges, an ego network of depth 2, an edge's evidence and a path.
func BenchmarkServe(b *testing.B) {
	srv := testServerTB(b, syntheticDB(b, 5000, 20000))
	// The seed article's entities come first; the synthetic ones follow.
	var ents []entityJSON
	if code, body := getTB(b, srv, "/api/entities?name=entity+4999", &ents); code != 200 || len(ents) == 0 {
		b.Fatalf("find the last synthetic entity: %d %s", code, body)
	}
	last := ents[0].ID
	for _, path := range []string{
		"/api/graph?limit=2000",
		"/api/graph?limit=5000",
		"/api/entities/" + jsonNumber(last-4999),
		"/api/entities/" + jsonNumber(last-4999) + "/neighbors?depth=2",
		"/api/edges/100",
		"/api/path?from=" + jsonNumber(last) + "&to=" + jsonNumber(last-2500),
	} {
		b.Run(strings.TrimPrefix(path, "/api/"), func(b *testing.B) {
			var size int
			for b.Loop() {
				code, body := getTB(b, srv, path, nil)
				if code != 200 {
					b.Fatalf("GET %s: %d %.200s", path, code, body)
				}
				size = len(body)
			}
			b.SetBytes(int64(size))
		})
	}
}

// TestServeBrowserScale measures the page on 5,000 entities and 20,000
// edges: the time to draw them, and the frame rate while the layout runs
// and while the camera moves. It runs when KG_SERVE_SCALE=1 (a minute on
// two cores with software WebGL) and reports; it fails only when the page
// cannot draw the graph at all.
func TestServeBrowserScale(t *testing.T) {
	if os.Getenv("KG_SERVE_SCALE") != "1" {
		t.Skip("set KG_SERVE_SCALE=1 to measure the page on 5,000 entities and 20,000 edges")
	}
	exe := chromium()
	if exe == "" {
		t.Skip("no Chromium")
	}
	srv := testServerTB(t, syntheticDB(t, 5000, 20000))
	ctx := browser(t, exe)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	wait := func(script string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](script, chromedp.WithPollingTimeout(2*time.Minute))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), wait(`document.getElementById("status").textContent.startsWith("Graph:")`)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#f-limit"), "5000"),
		chromedp.Click(chromedp.CSS("#f-apply")),
		wait(`document.getElementById("status").textContent.includes("5000 entities")`),
	); err != nil {
		t.Fatal(err)
	}
	loaded := time.Since(start)
	// fps counts animation frames for two seconds, moving the camera when
	// asked.
	fps := func(move bool) float64 {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf(`new Promise((done) => {
			const cam = window.kg.state.renderer.getCamera(); let n = 0; const t0 = performance.now();
			const tick = (t) => { n++;
				if (t - t0 < 2000) requestAnimationFrame(tick); else done(n * 1000 / (t - t0)); };
			if (%t) cam.animate({ ratio: 0.4, angle: 0.5 }, { duration: 2000 });
			requestAnimationFrame(tick); })`, move), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	during := fps(false)
	if err := chromedp.Do(ctx, wait(`window.kg.idle()`)); err != nil {
		t.Fatal(err)
	}
	moving := fps(true)
	// Selecting the biggest hub dims everything else: one pass of the
	// reducers over every node and edge.
	hub, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const g = window.kg.state.graph; let best = null;
		g.forEachNode((k) => { if (!best || g.degree(k) > g.degree(best)) best = k; });
		const t0 = performance.now();
		window.kg.state.selectedNode = best; window.kg.redraw(); window.kg.state.renderer.render();
		return [g.degree(best), performance.now() - t0]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("5,000 entities, 20,000 edges: fetched and drawn in %v; %.0f frames/s while the layout runs, %.0f frames/s while zooming (edges hidden while the camera moves); selecting a hub of %.0f edges redraws in %.0f ms",
		loaded.Round(10*time.Millisecond), during, moving, hub[0], hub[1])
}

// TestServeCommand runs kg serve as a user does: it says where it listens
// (and warns off loopback), answers, and stops cleanly when interrupted.
func TestServeCommand(t *testing.T) {
	db, err := seedDB()
	if err != nil {
		t.Fatal(err)
	}
	urlRE := regexp.MustCompile(`http://[^ ]+/`)
	tests := []struct {
		addr string
		want string // in stderr
		warn bool
	}{
		{"127.0.0.1:0", "(localhost only; Ctrl-C stops)", false},
		{"0.0.0.0:0", "is not a loopback address: anyone who reaches it can read all of", true},
	}
	for _, tc := range tests {
		ctx, cancel := context.WithCancel(context.Background())
		var stdout, stderr syncBuffer
		done := make(chan int)
		go func() {
			done <- run(ctx, []string{"kg", "serve", "--db", db, "--addr", tc.addr}, strings.NewReader(""), &stdout, &stderr)
		}()
		var url string
		for i := 0; i < 100 && url == ""; i++ {
			time.Sleep(20 * time.Millisecond)
			url = urlRE.FindString(stderr.String())
		}
		if url == "" {
			cancel()
			t.Fatalf("kg serve --addr %s: no address on stderr: %q", tc.addr, stderr.String())
		}
		if !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("kg serve --addr %s: stderr %q, want %q", tc.addr, stderr.String(), tc.want)
		}
		url = strings.Replace(url, "0.0.0.0", "127.0.0.1", 1)
		resp, err := http.Get(url + "api/meta")
		if err != nil || resp.StatusCode != 200 {
			t.Errorf("kg serve --addr %s: GET %sapi/meta: %v %v", tc.addr, url, resp, err)
		}
		if resp != nil {
			resp.Body.Close()
		}
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("kg serve --addr %s: exit %d after interrupt, stderr %q", tc.addr, code, stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("kg serve --addr %s did not stop when interrupted", tc.addr)
		}
		if stdout.String() != "" {
			t.Errorf("kg serve wrote to stdout: %q", stdout.String())
		}
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--db", filepath.Join(t.TempDir(), "none.db")}, 1, "does not exist: build it first"},
		{[]string{"serve", "--db", db, "extra"}, 2, `serve takes no arguments, got "extra"`},
		{[]string{"serve", "--db", db, "--addr", "nonsense"}, 1, "--addr nonsense:"},
	} {
		code, _, stderr := kg(t, "", tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("kg %v: exit %d, stderr %q; want exit %d and one line with %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

// TestServePageEscaping loads the page on a graph where an entity is
// named with markup and checks that the name shows as text: no element
// comes from it, and no script runs.
func TestServePageEscaping(t *testing.T) {
	exe := chromium()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium is missing in CI: .ci/run installs Debian's chromium")
		}
		t.Skip("no Chromium: apt-get install chromium to run the browser test")
	}
	seed, err := seedDB()
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "kg.db")
	b, _ := os.ReadFile(seed)
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	const hostile = `<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> O'Brien “Зеленський”`
	if code, _, stderr := kg(t, "", "rename", "--db", db, "Volodymyr Zelenskyy", hostile); code != 0 {
		t.Fatalf("kg rename: %s", stderr)
	}
	srv := testServer(t, db)
	ctx := browser(t, exe)
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	wait := func(script string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](script, chromedp.WithPollingTimeout(30*time.Second))
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		wait(`document.getElementById("status").textContent.startsWith("Graph:")`),
		chromedp.SendKeys(chromedp.CSS("#search"), "Brien"),
		chromedp.WaitVisible(`//ul[@id="search-results"]/li[contains(., "Brien")]`),
		chromedp.Click(`//ul[@id="search-results"]/li[contains(., "Brien")]`),
		wait(`!!document.querySelector("#panel .entity-name")`),
	); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[document.querySelector("#panel .entity-name").textContent,
		document.querySelectorAll("img").length, document.querySelectorAll("script").length, window.pwned || 0]`))
	if err != nil {
		t.Fatal(err)
	}
	want := []any{hostile, 0.0, 4.0, 0.0}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("page after showing %q: [panel title, <img>s, <script>s, pwned] = %q, want %q", hostile, got, want)
	}
}
