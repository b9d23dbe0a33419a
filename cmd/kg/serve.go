package main

// kg serve: the graph in a browser. One process serves an embedded page
// (sigma.js on graphology, vendored under web/vendor) and a read-only JSON
// API under /api/ whose objects are the --json objects of the other
// commands (entityJSON, edgeJSON, evidenceJSON in output.go), so that
// notebooks can use the API too.

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"kg/graph"
)

// webFiles is the page and its vendored libraries: nothing is fetched from
// the network, so the page works in an air-gapped newsroom.
//
//go:embed web
var webFiles embed.FS

// Limits on what one request may ask for: a browser tab or a script must
// not make the server read the whole of a large database per click.
const (
	defaultGraphNodes = 2000  // nodes the page loads first
	maxGraphNodes     = 20000 // most nodes /api/graph returns
	defaultList       = 100   // entities, search results
	maxList           = 1000
	maxDepth          = 4 // ego networks beyond this are the whole graph
	maxEvidence       = 1000
	requestTimeout    = 60 * time.Second
)

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "explore the graph in a browser, every edge with its evidence",
		Description: `Serves a page that draws the graph (colour by type and class, size by degree or
mentions), searches names and aliases, filters as the other commands do, shows an
entity's neighbourhood and the shortest path between two entities, and lists the
evidence sentences of every edge with their documents. A JSON API under /api/
serves the same objects as --json (see the README).

The database is opened read-only: a serve never writes, and it runs while a
'kg build' adds to the same file. It listens on localhost unless told otherwise;
anyone who can reach the address can read the whole database.

Examples:
   kg serve
   kg serve --db news.db --addr 127.0.0.1:9000 --open`,
		Flags: []cli.Flag{
			dbFlag(),
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "listen on `HOST:PORT` (port 0 picks a free one)"},
			&cli.BoolFlag{Name: "open", Usage: "open the page in the default browser"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return cli.Exit(fmt.Sprintf("serve takes no arguments, got %q (the database is --db FILE)", c.Args().First()), 2)
			}
			store, err := openRead(c.Context, dbPath(c))
			if err != nil {
				return err
			}
			defer store.Close()
			addr := c.String("addr")
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return cli.Exit(fmt.Sprintf("--addr %s: %v (give a free HOST:PORT, e.g. 127.0.0.1:0)", addr, err), 1)
			}
			url := "http://" + ln.Addr().String() + "/"
			loopback := isLoopback(ln.Addr())
			if loopback {
				fmt.Fprintf(c.App.ErrWriter, "kg serve: %s on %s (localhost only; Ctrl-C stops)\n", url, store.Filename())
			} else {
				fmt.Fprintf(c.App.ErrWriter, "kg serve: warning: %s is not a loopback address: anyone who reaches it can read all of %s\n", ln.Addr(), store.Filename())
				fmt.Fprintf(c.App.ErrWriter, "kg serve: %s (Ctrl-C stops)\n", url)
			}
			if c.Bool("open") {
				if err := openBrowser(url); err != nil {
					fmt.Fprintf(c.App.ErrWriter, "kg serve: could not open a browser (%v): open %s yourself\n", err, url)
				}
			}
			return serve(c.Context, ln, newServer(store, loopback))
		},
	}
}

// serve runs h on ln until ctx ends, then lets running requests finish.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("serve: shut down: %w", err)
	}
	return nil
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// openBrowser asks the desktop to open url; it does not wait for the
// browser.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it
	return nil
}

// server answers the page's and the API's requests from one read-only
// store.
type server struct {
	store *graph.Store
	// local, when the server listens on loopback, makes it refuse
	// requests for other host names: a web page elsewhere could otherwise
	// point a name at 127.0.0.1 (DNS rebinding) and read the API.
	local bool
}

// newServer returns the handler of kg serve.
func newServer(store *graph.Store, local bool) http.Handler {
	s := &server{store: store, local: local}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/meta", s.api(s.meta))
	mux.HandleFunc("GET /api/graph", s.api(s.graphData))
	mux.HandleFunc("GET /api/entities", s.api(s.entities))
	mux.HandleFunc("GET /api/entities/{id}", s.api(s.entity))
	mux.HandleFunc("GET /api/entities/{id}/neighbors", s.api(s.neighbors))
	mux.HandleFunc("GET /api/edges/{id}", s.api(s.edge))
	mux.HandleFunc("GET /api/path", s.api(s.path))
	mux.HandleFunc("GET /api/search", s.api(s.search))
	mux.HandleFunc("GET /api/documents/{id}", s.api(s.document))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, &apiError{http.StatusNotFound, fmt.Sprintf("no API endpoint %s %s (see the README, \"Exploring in the browser\")", r.Method, r.URL.Path)})
	})
	static, err := fs.Sub(webFiles, "web")
	if err != nil {
		panic(err) // the embedded tree always has web/
	}
	files := http.FileServerFS(static)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "kg serve is read-only: only GET", http.StatusMethodNotAllowed)
			return
		}
		files.ServeHTTP(w, r)
	})
	return s.guard(mux)
}

// guard sets the headers every response carries and refuses foreign host
// names on a local server.
func (s *server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// Everything the page needs comes from this server; the layout runs
		// in a worker made from a blob.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if s.local && !localHost(r.Host) {
			http.Error(w, fmt.Sprintf("kg serve answers only localhost, not %q", r.Host), http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// localHost reports whether a Host header names this machine.
func localHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// apiError is an error with the HTTP status it answers.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return &apiError{http.StatusNotFound, fmt.Sprintf(format, args...)}
}

// api adapts a handler that returns a value to encode as JSON, or an error.
func (s *server) api(fn func(*http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
		defer cancel()
		v, err := fn(r.WithContext(ctx))
		if err != nil {
			writeError(w, r, err)
			return
		}
		// Compact: the CLI indents for people, the API's graph of a large
		// database is megabytes. HTML-escaped (the default), so a name
		// like "<script>" stays inert even if a client misuses it.
		var buf bytes.Buffer
		if err := json.NewEncoder(&buf).Encode(v); err != nil {
			writeError(w, r, err)
			return
		}
		writeBody(w, r, http.StatusOK, buf.Bytes())
	}
}

// writeError answers {"error": "..."} with the error's status: 400 for bad
// parameters, 404 for what the database does not hold, 500 otherwise.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	var ae *apiError
	var uv *graph.UnknownValueError
	var amb *graph.AmbiguousError
	switch {
	case errors.As(err, &ae):
		status = ae.status
	case errors.As(err, &uv), errors.As(err, &amb), errors.Is(err, graph.ErrEmptyQuery):
		status = http.StatusBadRequest
	case errors.Is(err, graph.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, context.DeadlineExceeded):
		status = http.StatusServiceUnavailable
		err = fmt.Errorf("the query took over %v: narrow it with filters or a lower limit", requestTimeout)
	}
	var buf bytes.Buffer
	writeJSON(&buf, map[string]string{"error": err.Error()})
	writeBody(w, r, status, buf.Bytes())
}

// writeBody sends a JSON body, gzipped when the client takes it: the
// graph of a large database is megabytes of JSON.
func writeBody(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store") // a build may change the answer
	h.Add("Vary", "Accept-Encoding")
	if len(body) > 1024 && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		w.WriteHeader(status)
		zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed) // the level is valid
		zw.Write(body)
		zw.Close()
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// filterOfQuery reads the CLI's filter flags from URL parameters of the
// same names, snake_case: type, predicate, class (comma-separated),
// min_weight, since, until, include_negated, include_hedged. Types and
// classes are checked against the store as the CLI checks them.
func (s *server) filterOfQuery(r *http.Request) (graph.Filter, error) {
	q := r.URL.Query()
	f := graph.Filter{
		Types:      splitList(q.Get("type")),
		Predicates: splitList(q.Get("predicate")),
		Classes:    splitList(q.Get("class")),
		Since:      q.Get("since"),
		Until:      q.Get("until"),
	}
	var err error
	if f.MinWeight, err = intParam(r, "min_weight", 0, 0, 1<<30); err != nil {
		return f, err
	}
	for _, d := range []struct{ name, v string }{{"since", f.Since}, {"until", f.Until}} {
		if d.v != "" && !isDate(d.v) {
			return f, badRequest("%s=%q is not a date: use YYYY-MM-DD", d.name, d.v)
		}
	}
	if f.IncludeNegated, err = boolParam(r, "include_negated"); err != nil {
		return f, err
	}
	if f.IncludeHedged, err = boolParam(r, "include_hedged"); err != nil {
		return f, err
	}
	return s.store.Normalize(r.Context(), f)
}

// intParam reads an integer parameter, def when absent, and refuses one
// outside [min, max].
func intParam(r *http.Request, name string, def, min, max int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, badRequest("%s=%q: give a whole number from %d to %d", name, v, min, max)
	}
	return n, nil
}

func boolParam(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badRequest("%s=%q: give true or false", name, v)
	}
	return b, nil
}

// idParam reads a numeric ID from the path.
func idParam(r *http.Request, what string) (int64, error) {
	v := r.PathValue("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("%s id %q: give a positive number", what, v)
	}
	return id, nil
}

// nodeRef resolves an entity given by numeric ID or by name or alias.
func (s *server) nodeRef(ctx context.Context, param, ref string) (graph.Node, error) {
	if ref == "" {
		return graph.Node{}, badRequest("give %s: an entity's id or name", param)
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		n, err := s.store.Node(ctx, id)
		if errors.Is(err, graph.ErrNotFound) {
			return n, notFound("%s: no entity has id %d", param, id)
		}
		return n, err
	}
	nodes, err := s.store.Resolve(ctx, ref)
	if err != nil {
		return graph.Node{}, err
	}
	switch len(nodes) {
	case 0:
		return graph.Node{}, notFound("%s: no entity is called %q", param, ref)
	case 1:
		return nodes[0], nil
	}
	var c []string
	for _, n := range nodes {
		c = append(c, fmt.Sprintf("%q (%s, id %d)", n.Name, n.Type, n.ID))
	}
	return graph.Node{}, badRequest("%s: %q is ambiguous: %s; give the id", param, ref, strings.Join(c, ", "))
}

// metaJSON tells the page what the database holds, for its legend and
// filters.
type metaJSON struct {
	Database  string         `json:"database"`
	Documents int            `json:"documents"`
	Entities  int            `json:"entities"`
	Edges     int            `json:"edges"`
	Evidence  int            `json:"evidence"`
	Types     []countJSON    `json:"types"`
	Classes   []countJSON    `json:"classes"`
	Dates     map[string]any `json:"dates"` // first and last publication dates, "" when none
	Limits    map[string]int `json:"limits"`
}

type countJSON struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func (s *server) meta(r *http.Request) (any, error) {
	st, err := s.store.Stats(r.Context())
	if err != nil {
		return nil, err
	}
	m := metaJSON{
		Database: s.store.Filename(), Documents: st.Documents, Entities: st.Entities,
		Edges: st.Edges, Evidence: st.Evidence, Types: []countJSON{}, Classes: []countJSON{},
		Limits: map[string]int{"graph_nodes": defaultGraphNodes, "max_graph_nodes": maxGraphNodes, "max_depth": maxDepth},
	}
	for _, c := range st.EntitiesByType {
		m.Types = append(m.Types, countJSON{c.Key, c.N})
	}
	for _, c := range st.EdgesByClass {
		m.Classes = append(m.Classes, countJSON{c.Key, c.N})
	}
	var first, last string
	row, err := s.store.Query(r.Context(), `SELECT COALESCE(MIN(published), ''), COALESCE(MAX(published), '') FROM documents WHERE published != ''`)
	if err != nil {
		return nil, err
	}
	defer row.Close()
	if row.Next() {
		if err := row.Scan(&first, &last); err != nil {
			return nil, fmt.Errorf("document dates: %w", err)
		}
	}
	m.Dates = map[string]any{"first": first, "last": last}
	return m, row.Err()
}

// graphJSON is a selected graph: its nodes (entity objects with their
// degree in the selection) and its edges.
type graphJSON struct {
	Nodes []graphNodeJSON `json:"nodes"`
	Edges []edgeJSON      `json:"edges"`
	// Truncated says that more nodes passed the filters than the limit:
	// the nodes are those of highest degree (the CLI's --top).
	Truncated bool `json:"truncated"`
}

type graphNodeJSON struct {
	entityJSON
	Degree int `json:"degree"` // distinct neighbours in the selection
}

// selection loads the nodes and edges that pass f, edges in ID order.
func (s *server) selection(ctx context.Context, f graph.Filter) (graphJSON, error) {
	out := graphJSON{Nodes: []graphNodeJSON{}, Edges: []edgeJSON{}}
	names := map[int64]string{}
	var nodes []graph.Node
	if err := s.store.Nodes(ctx, f, func(n graph.Node) error {
		names[n.ID] = n.Name
		nodes = append(nodes, n)
		return nil
	}); err != nil {
		return out, err
	}
	nbrs := map[int64]map[int64]bool{}
	name := func(id int64) string { return names[id] }
	if err := s.store.Edges(ctx, f, func(e graph.Edge) error {
		out.Edges = append(out.Edges, edgeOf(e, name))
		for _, p := range [2][2]int64{{e.Source, e.Target}, {e.Target, e.Source}} {
			if nbrs[p[0]] == nil {
				nbrs[p[0]] = map[int64]bool{}
			}
			nbrs[p[0]][p[1]] = true
		}
		return nil
	}); err != nil {
		return out, err
	}
	for _, n := range nodes {
		out.Nodes = append(out.Nodes, graphNodeJSON{entityOf(n), len(nbrs[n.ID])})
	}
	return out, nil
}

// graphData serves GET /api/graph: the graph that passes the filters, at
// most limit nodes (those of highest degree).
func (s *server) graphData(r *http.Request) (any, error) {
	f, err := s.filterOfQuery(r)
	if err != nil {
		return nil, err
	}
	limit, err := intParam(r, "limit", defaultGraphNodes, 1, maxGraphNodes)
	if err != nil {
		return nil, err
	}
	f.Top = limit
	g, err := s.selection(r.Context(), f)
	if err != nil || len(g.Nodes) < limit {
		return g, err
	}
	// Exactly limit nodes: say whether more passed the filters. Counting
	// them without Top reads no edges unless edges are filtered.
	f.Top = 0
	n := 0
	err = s.store.Nodes(r.Context(), f, func(graph.Node) error { n++; return nil })
	g.Truncated = n > limit
	return g, err
}

// entities serves GET /api/entities: entity objects in kg entities'
// order (most mentioned first, then by name), or best match first with
// name= (kg entities --name).
func (s *server) entities(r *http.Request) (any, error) {
	f, err := s.filterOfQuery(r)
	if err != nil {
		return nil, err
	}
	limit, err := intParam(r, "limit", defaultList, 1, maxList)
	if err != nil {
		return nil, err
	}
	out := []entityJSON{}
	if name := r.URL.Query().Get("name"); name != "" {
		hits, err := s.store.SearchEntities(r.Context(), name, 0)
		if errors.Is(err, graph.ErrEmptyQuery) {
			return out, nil // punctuation only: nothing matches
		}
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			if len(out) == limit {
				break
			}
			if len(f.Types) == 0 || contains(f.Types, h.Node.Type) {
				out = append(out, entityOf(h.Node))
			}
		}
		return out, nil
	}
	var nodes []graph.Node
	if err := s.store.Nodes(r.Context(), f, func(n graph.Node) error { nodes = append(nodes, n); return nil }); err != nil {
		return nil, err
	}
	sort.SliceStable(nodes, func(i, j int) bool {
		if nodes[i].Mentions != nodes[j].Mentions {
			return nodes[i].Mentions > nodes[j].Mentions
		}
		if nodes[i].Name != nodes[j].Name {
			return nodes[i].Name < nodes[j].Name
		}
		return nodes[i].ID < nodes[j].ID
	})
	for _, n := range nodes[:min(limit, len(nodes))] {
		out = append(out, entityOf(n))
	}
	return out, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// entityDetailJSON is one entity with the edges touching it in the
// selection and the documents that mention it.
type entityDetailJSON struct {
	Entity    entityJSON     `json:"entity"`
	Edges     []edgeJSON     `json:"edges"`
	Documents []documentJSON `json:"documents"`
}

// documentJSON is a stored document; Mentions counts the mentions of the
// entity asked about, Text and Parts are present only in /api/documents.
type documentJSON struct {
	ID        int64  `json:"id"`
	URI       string `json:"uri"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Mentions  int    `json:"mentions,omitempty"`
}

func (s *server) entity(r *http.Request) (any, error) {
	id, err := idParam(r, "entity")
	if err != nil {
		return nil, err
	}
	f, err := s.filterOfQuery(r)
	if err != nil {
		return nil, err
	}
	n, err := s.store.Node(r.Context(), id)
	if errors.Is(err, graph.ErrNotFound) {
		return nil, notFound("no entity has id %d", id)
	}
	if err != nil {
		return nil, err
	}
	out := entityDetailJSON{Entity: entityOf(n), Edges: []edgeJSON{}, Documents: []documentJSON{}}
	f.Around, f.Depth = "#"+strconv.FormatInt(id, 10), 1
	g, err := s.selection(r.Context(), f)
	if err != nil && !errors.Is(err, graph.ErrNotFound) {
		return nil, err
	}
	for _, e := range g.Edges {
		if e.SubjectID == id || e.ObjectID == id {
			out.Edges = append(out.Edges, e)
		}
	}
	rows, err := s.store.Query(r.Context(), `SELECT d.id, d.uri, d.title, d.published, COUNT(*)
		FROM mentions m JOIN documents d ON d.id = m.document_id
		WHERE m.entity_id = ? GROUP BY d.id ORDER BY COUNT(*) DESC, d.published DESC, d.id LIMIT ?`, id, maxList)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d documentJSON
		if err := rows.Scan(&d.ID, &d.URI, &d.Title, &d.Published, &d.Mentions); err != nil {
			return nil, fmt.Errorf("documents of entity %d: %w", id, err)
		}
		out.Documents = append(out.Documents, d)
	}
	return out, rows.Err()
}

// neighborsJSON is an entity's ego network: the entities within depth
// hops (kg neighbors) and the edges among them and it.
type neighborsJSON struct {
	Entity    entityJSON      `json:"entity"`
	Depth     int             `json:"depth"`
	Neighbors []entityJSON    `json:"neighbors"`
	Nodes     []graphNodeJSON `json:"nodes"`
	Edges     []edgeJSON      `json:"edges"`
}

func (s *server) neighbors(r *http.Request) (any, error) {
	id, err := idParam(r, "entity")
	if err != nil {
		return nil, err
	}
	f, err := s.filterOfQuery(r)
	if err != nil {
		return nil, err
	}
	depth, err := intParam(r, "depth", 1, 1, maxDepth)
	if err != nil {
		return nil, err
	}
	n, err := s.store.Node(r.Context(), id)
	if errors.Is(err, graph.ErrNotFound) {
		return nil, notFound("no entity has id %d", id)
	}
	if err != nil {
		return nil, err
	}
	// The ego network is the CLI's --around #ID --depth N.
	f.Around, f.Depth = "#"+strconv.FormatInt(id, 10), depth
	g, err := s.selection(r.Context(), f)
	if err != nil {
		return nil, err
	}
	out := neighborsJSON{Entity: entityOf(n), Depth: depth, Neighbors: []entityJSON{}, Nodes: g.Nodes, Edges: g.Edges}
	for _, m := range g.Nodes {
		if m.ID != id {
			out.Neighbors = append(out.Neighbors, m.entityJSON)
		}
	}
	return out, nil
}

// edgeDetailJSON is an edge with every piece of evidence the filters
// keep, each with its document and its sentence cut into marked parts.
type edgeDetailJSON struct {
	edgeJSON
	Evidence []evidenceDetailJSON `json:"evidence"`
	// Truncated says there was more evidence than the limit.
	Truncated bool `json:"truncated"`
}

type evidenceDetailJSON struct {
	evidenceJSON
	Title string `json:"title"` // the document's title
	// Parts is the sentence cut where marks change, for the page to
	// highlight without parsing HTML: subject, object, other entity
	// mentions and predicate words, and whether a part is in the clause.
	Parts []partJSON `json:"parts"`
}

// partJSON is a run of text with one mark: "subject", "object", "entity",
// "predicate" or "".
type partJSON struct {
	Text     string `json:"text"`
	Mark     string `json:"mark,omitempty"`
	EntityID int64  `json:"entity_id,omitempty"`
	Clause   bool   `json:"clause,omitempty"`
}

func (s *server) edge(r *http.Request) (any, error) {
	id, err := idParam(r, "edge")
	if err != nil {
		return nil, err
	}
	f, err := s.filterOfQuery(r)
	if err != nil {
		return nil, err
	}
	limit, err := intParam(r, "limit", 200, 1, maxEvidence)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	var pred string
	var subj, obj int64
	rows, err := s.store.Query(ctx, `SELECT predicate, subject_id, object_id FROM edges WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	found := rows.Next()
	if found {
		err = rows.Scan(&pred, &subj, &obj)
	}
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("edge %d: %w", id, err)
	}
	if !found {
		return nil, notFound("no edge has id %d", id)
	}
	// The edge as every view counts it under these filters: the store
	// aggregates it; the predicate narrows the scan.
	f.Predicates = []string{pred}
	f.Types = nil
	var e *graph.Edge
	err = s.store.Edges(ctx, f, func(x graph.Edge) error {
		if x.ID == id {
			e = &x
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, notFound("edge %d has no evidence the filters keep (include_negated, include_hedged and the dates decide)", id)
	}
	ns := map[int64]string{}
	for _, nid := range []int64{subj, obj} {
		n, err := s.store.Node(ctx, nid)
		if err != nil {
			return nil, err
		}
		ns[nid] = n.Name
	}
	out := edgeDetailJSON{edgeJSON: edgeOf(*e, func(id int64) string { return ns[id] }), Evidence: []evidenceDetailJSON{}}
	ev, err := s.store.Evidence(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, v := range ev {
		if !f.Keeps(v) || !inDates(f, v.Published) {
			continue
		}
		if len(out.Evidence) == limit {
			out.Truncated = true
			break
		}
		d, err := s.evidenceDetail(ctx, v, subj, obj)
		if err != nil {
			return nil, err
		}
		out.Evidence = append(out.Evidence, d)
	}
	return out, nil
}

// inDates applies the filter's date range to a document date as the store
// does: inclusive, and undated documents left out when a bound is set.
func inDates(f graph.Filter, published string) bool {
	if f.Since == "" && f.Until == "" {
		return true
	}
	return published != "" && (f.Since == "" || published >= f.Since) && (f.Until == "" || published <= f.Until)
}

// evidenceDetail adds to a piece of evidence its document's title and its
// sentence cut into marked parts.
func (s *server) evidenceDetail(ctx context.Context, v graph.Evidence, subj, obj int64) (evidenceDetailJSON, error) {
	d := evidenceDetailJSON{evidenceJSON: evidenceOf(v)}
	rows, err := s.store.Query(ctx, `SELECT d.title, v.sentence_start FROM evidence v JOIN documents d ON d.id = v.document_id WHERE v.id = ?`, v.ID)
	if err != nil {
		return d, err
	}
	var sentStart int
	if rows.Next() {
		err = rows.Scan(&d.Title, &sentStart)
	}
	rows.Close()
	if err != nil {
		return d, fmt.Errorf("evidence %d: %w", v.ID, err)
	}
	ms, err := s.mentions(ctx, v.DocumentID, sentStart, sentStart+len(v.Sentence))
	if err != nil {
		return d, err
	}
	marks := make([]mark, 0, len(ms))
	for _, m := range ms {
		kind := "entity"
		switch m.EntityID {
		case subj:
			kind = "subject"
		case obj:
			kind = "object"
		}
		marks = append(marks, mark{m.Start - sentStart, m.End - sentStart, kind, m.EntityID})
	}
	cs, ce := v.Start-sentStart, v.End-sentStart
	marks = append(marks, predicateMarks(v.Sentence, cs, ce, v.Predicate)...)
	d.Parts = cut(v.Sentence, marks, cs, ce)
	return d, nil
}

// mentionJSON is an entity mention: byte offsets into the document's text.
type mentionJSON struct {
	EntityID int64  `json:"entity_id"`
	Name     string `json:"name"` // the entity's canonical name
	Type     string `json:"type"`
	Text     string `json:"text"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// mentions returns the mentions in a document between byte offsets start
// and end, in offset order.
func (s *server) mentions(ctx context.Context, doc int64, start, end int) ([]mentionJSON, error) {
	rows, err := s.store.Query(ctx, `SELECT m.entity_id, e.name, e.type, m.text, m.start, m."end"
		FROM mentions m JOIN entities e ON e.id = m.entity_id
		WHERE m.document_id = ? AND m.start >= ? AND m."end" <= ?
		ORDER BY m.start, m."end" DESC, m.id`, doc, start, end)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []mentionJSON{}
	for rows.Next() {
		var m mentionJSON
		if err := rows.Scan(&m.EntityID, &m.Name, &m.Type, &m.Text, &m.Start, &m.End); err != nil {
			return nil, fmt.Errorf("mentions of document %d: %w", doc, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// mark is a highlighted byte range of a text.
type mark struct {
	start, end int
	kind       string
	entity     int64
}

// predicateMarks marks, inside the clause [cs, ce) of sentence, the words
// that spell the predicate: the same word or one sharing its stem
// ("accused" in "accuses"). Function words mark nothing unless the
// predicate has nothing else ("went to" marks "went"). An inflection the
// stem misses ("struck" for "strike") leaves the clause alone marked.
func predicateMarks(sentence string, cs, ce int, predicate string) []mark {
	cs, ce = max(cs, 0), min(ce, len(sentence))
	if cs >= ce {
		return nil
	}
	var content []string
	for _, w := range strings.Fields(strings.ToLower(predicate)) {
		if !functionWords[w] {
			content = append(content, w)
		}
	}
	var out []mark
	for _, w := range wordSpans(sentence[cs:ce]) {
		word := strings.ToLower(sentence[cs+w[0] : cs+w[1]])
		for _, p := range content {
			if sameStem(word, p) {
				out = append(out, mark{cs + w[0], cs + w[1], "predicate", 0})
				break
			}
		}
	}
	return out
}

var functionWords = map[string]bool{"of": true, "to": true, "with": true, "by": true, "at": true,
	"in": true, "on": true, "for": true, "from": true, "the": true, "a": true, "an": true,
	"about": true, "into": true, "against": true, "over": true, "and": true}

// sameStem reports whether two lower-case words are one word inflected:
// equal, or sharing all but their last two letters (at least three).
func sameStem(a, b string) bool {
	if a == b {
		return true
	}
	n := max(3, min(len(a), len(b))-2)
	return len(a) >= n && len(b) >= n && a[:n] == b[:n]
}

// wordSpans returns the byte ranges of the words (letters and digits) of s.
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		in := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// cut splits text into parts where the marks or the clause [cs, ce) begin
// or end. Where marks overlap, subject and object win over predicate,
// predicate over other entities; ranges outside the text or not on
// UTF-8 boundaries are ignored.
func cut(text string, marks []mark, cs, ce int) []partJSON {
	rank := map[string]int{"subject": 3, "object": 3, "predicate": 2, "entity": 1}
	kind := make([]int, len(text)) // index+1 into marks, 0 for none
	for i, m := range marks {
		if m.start < 0 || m.end > len(text) || m.start >= m.end ||
			!utf8.RuneStart(text[m.start]) || (m.end < len(text) && !utf8.RuneStart(text[m.end])) {
			continue
		}
		for b := m.start; b < m.end; b++ {
			if kind[b] == 0 || rank[m.kind] > rank[marks[kind[b]-1].kind] {
				kind[b] = i + 1
			}
		}
	}
	inClause := func(b int) bool { return b >= cs && b < ce }
	out := []partJSON{}
	start := 0
	for b := 1; b <= len(text); b++ {
		if b < len(text) && (kind[b] == kind[start] && inClause(b) == inClause(start) || !utf8.RuneStart(text[b])) {
			continue
		}
		p := partJSON{Text: text[start:b], Clause: inClause(start)}
		if k := kind[start]; k > 0 {
			p.Mark, p.EntityID = marks[k-1].kind, marks[k-1].entity
		}
		out = append(out, p)
		start = b
	}
	return out
}

// path serves GET /api/path?from=A&to=B: the hops of kg path --json.
func (s *server) path(r *http.Request) (any, error) {
	f, err := s.filterOfQuery(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	a, err := s.nodeRef(ctx, "from", r.URL.Query().Get("from"))
	if err != nil {
		return nil, err
	}
	b, err := s.nodeRef(ctx, "to", r.URL.Query().Get("to"))
	if err != nil {
		return nil, err
	}
	// As kg path: a search from both ends through the store.
	hops, err := s.store.Path(ctx, f, a.ID, b.ID)
	if errors.Is(err, graph.ErrNoPath) || errors.Is(err, graph.ErrNotFound) {
		return nil, notFound("no path between %s and %s in the selected graph", a.Name, b.Name)
	}
	if err != nil {
		return nil, err
	}
	type hop struct {
		From  entityJSON `json:"from"`
		To    entityJSON `json:"to"`
		Edges []edgeJSON `json:"edges"`
	}
	out := []hop{}
	for _, h := range hops {
		name := func(id int64) string {
			if id == h.From.ID {
				return h.From.Name
			}
			return h.To.Name
		}
		hj := hop{From: entityOf(h.From), To: entityOf(h.To), Edges: []edgeJSON{}}
		for _, e := range h.Edges {
			hj.Edges = append(hj.Edges, edgeOf(e, name))
		}
		out = append(out, hj)
	}
	return out, nil
}

// search serves GET /api/search?q=TEXT: kg search --json.
func (s *server) search(r *http.Request) (any, error) {
	q := r.URL.Query().Get("q")
	if strings.TrimSpace(q) == "" {
		return nil, badRequest(`give q, the words to search for (q=ceasefire, q="peace talks")`)
	}
	f, err := s.filterOfQuery(r)
	if err != nil {
		return nil, err
	}
	limit, err := intParam(r, "limit", 50, 1, maxList)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := runSearch(r.Context(), s.store, output{w: &buf, json: true}, q, limit, f); err != nil {
		var ec cli.ExitCoder
		if errors.As(err, &ec) {
			return nil, badRequest("%v", err)
		}
		return nil, err
	}
	return json.RawMessage(buf.Bytes()), nil
}

// documentDetailJSON is a document with its text and every entity
// mention in it, also cut into parts for the page.
type documentDetailJSON struct {
	documentJSON
	Text     string        `json:"text"`
	Mentions []mentionJSON `json:"mentions"`
	Parts    []partJSON    `json:"parts"`
}

func (s *server) document(r *http.Request) (any, error) {
	id, err := idParam(r, "document")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	rows, err := s.store.Query(ctx, `SELECT id, uri, title, published, text FROM documents WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	var d documentDetailJSON
	found := rows.Next()
	if found {
		err = rows.Scan(&d.ID, &d.URI, &d.Title, &d.Published, &d.Text)
	}
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	if !found {
		return nil, notFound("no document has id %d", id)
	}
	if d.Mentions, err = s.mentions(ctx, id, 0, len(d.Text)); err != nil {
		return nil, err
	}
	marks := make([]mark, len(d.Mentions))
	for i, m := range d.Mentions {
		marks[i] = mark{m.Start, m.End, "entity", m.EntityID}
	}
	d.Parts = cut(d.Text, marks, -1, -1)
	return d, nil
}
