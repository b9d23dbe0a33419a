package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"kg/export"
	"kg/graph"
)

// filterFlags are shared by every command that selects part of the graph.
func filterFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "type", Usage: "only entities of these comma-separated `TYPES` (PERSON,ORG,GPE,LOC,NORP)"},
		&cli.StringFlag{Name: "predicate", Usage: "only edges with these comma-separated `PREDICATES`"},
		&cli.StringFlag{Name: "class", Usage: "only edges of these comma-separated `CLASSES` (ACCUSE,CONSULT,ROLE,…)"},
		&cli.IntFlag{Name: "min-weight", Usage: "only edges with at least `N` evidence sentences"},
		&cli.StringFlag{Name: "since", Usage: "only evidence from documents published on or after `DATE` (YYYY-MM-DD)"},
		&cli.StringFlag{Name: "until", Usage: "only evidence from documents published on or before `DATE`"},
		&cli.StringFlag{Name: "around", Usage: "only the neighbourhood of entity `NAME`"},
		&cli.IntFlag{Name: "depth", Value: 1, Usage: "with --around: `N` hops"},
		&cli.IntFlag{Name: "top", Usage: "only the `N` most connected entities and the edges among them"},
		&cli.BoolFlag{Name: "include-negated", Usage: "keep edges whose every evidence is negated"},
		&cli.BoolFlag{Name: "include-hedged", Usage: "keep edges whose every evidence is hedged"},
	}
}

func filterOf(c *cli.Context) (graph.Filter, error) {
	f := graph.Filter{
		Types:          splitList(strings.ToUpper(c.String("type"))),
		Predicates:     splitList(c.String("predicate")),
		Classes:        splitList(strings.ToUpper(c.String("class"))),
		MinWeight:      c.Int("min-weight"),
		Since:          c.String("since"),
		Until:          c.String("until"),
		Around:         c.String("around"),
		Depth:          c.Int("depth"),
		Top:            c.Int("top"),
		IncludeNegated: c.Bool("include-negated"),
		IncludeHedged:  c.Bool("include-hedged"),
	}
	for _, d := range []string{f.Since, f.Until} {
		if d != "" && !isDate(d) {
			return f, cli.Exit(fmt.Sprintf("%q is not a date: use YYYY-MM-DD", d), 2)
		}
	}
	return f, nil
}

// storeFilter is filterOf with its types, classes and predicates
// normalised against the store: case is ignored, and an unknown type or
// class is an error listing the valid ones.
func storeFilter(c *cli.Context, s *graph.Store) (graph.Filter, error) {
	f, err := filterOf(c)
	if err != nil {
		return f, err
	}
	return normalize(c.Context, s, f)
}

func normalize(ctx context.Context, s *graph.Store, f graph.Filter) (graph.Filter, error) {
	f, err := s.Normalize(ctx, f)
	var uv *graph.UnknownValueError
	if errors.As(err, &uv) {
		return f, cli.Exit(fmt.Sprintf("--%s: %v", uv.Field, err), 2)
	}
	return f, err
}

func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, r := range s {
		if i != 4 && i != 7 && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

type exportOptions struct {
	filter      graph.Filter
	gexfVersion string
	cluster     bool
	layout      string // Graphviz engine the DOT file asks for; "" chooses by size
	directory   string
}

func exportCommand() *cli.Command {
	return &cli.Command{
		Name:  "export",
		Usage: "write the graph as DOT, GraphML, GEXF, JSON, CSV or Cypher",
		Description: `Writes the graph (or the part the filters select) to stdout or to -o FILE.
Formats: ` + formatNames() + `. csv writes nodes.csv and edges.csv
into the directory given with -o (created when missing), in the layout
'neo4j-admin database import' reads; edges-csv is one table of edges for
spreadsheets. json and graphml carry every evidence sentence of each edge.
Edges whose every evidence is negated or hedged are left out unless asked for,
and then flagged; every format says whether an edge is a former role and whom
it is attributed to. GEXF is 1.3; --gexf-version 1.2draft writes the version
networkx before 3.0 reads (Gephi reads both).

Examples:
   kg export --format graphml -o graph.graphml        # Gephi, yEd, networkx, igraph
   kg export --format dot --cluster-by type | dot -Tsvg > graph.svg
   kg export --format gexf --type person,gpe -o people.gexf
   kg export --format json --around "Marco Rubio" --depth 2 | jq '.nodes[].label'
   kg export --format edges-csv -o edges.csv          # spreadsheets
   kg export --format csv -o neo4j/`,
		Flags: append([]cli.Flag{
			dbFlag(),
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Required: true, Usage: "`FORMAT`: " + formatNames()},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` (a directory for csv) instead of stdout"},
			&cli.StringFlag{Name: "cluster-by", Usage: "dot: group nodes into clusters by `type`"},
			&cli.StringFlag{Name: "gexf-version", Value: "1.3", Usage: "gexf: `VERSION` 1.3, or 1.2draft for networkx < 3"},
		}, filterFlags()...),
		Action: func(c *cli.Context) error {
			f, err := filterOf(c)
			if err != nil {
				return err
			}
			opts := exportOptions{filter: f, gexfVersion: c.String("gexf-version")}
			switch c.String("cluster-by") {
			case "":
			case "type":
				opts.cluster = true
			default:
				return cli.Exit("--cluster-by takes only 'type'", 2)
			}
			format := strings.ToLower(c.String("format"))
			out := c.String("output")
			if out == "" || out == "-" {
				if format == "csv" {
					return cli.Exit("csv writes two files: give a directory with -o", 2)
				}
				return exportTo(c.Context, dbPath(c), format, c.App.Writer, opts)
			}
			if format == "csv" {
				if err := os.MkdirAll(out, 0o755); err != nil {
					return fmt.Errorf("creating the folder %s: %w", out, err)
				}
				opts.directory = out
				return exportTo(c.Context, dbPath(c), format, nil, opts)
			}
			return writeFileAtomic(out, func(w io.Writer) error {
				return exportTo(c.Context, dbPath(c), format, w, opts)
			})
		},
	}
}

// formatOfPath picks the export format from a file name.
func formatOfPath(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".dot", ".gv":
		return "dot", nil
	case ".graphml":
		return "graphml", nil
	case ".gexf":
		return "gexf", nil
	case ".json":
		return "json", nil
	case ".cypher", ".cql":
		return "cypher", nil
	case ".csv":
		return "edges-csv", nil
	}
	return "", fmt.Errorf("%s: cannot tell the export format from the extension (.dot .graphml .gexf .json .cypher .csv)", path)
}

func exportToFile(ctx context.Context, db, path string, opts exportOptions) error {
	format, err := formatOfPath(path)
	if err != nil {
		return err
	}
	return writeFileAtomic(path, func(w io.Writer) error { return exportTo(ctx, db, format, w, opts) })
}

// writeFileAtomic writes through a temporary file renamed into place, so a
// failed export never leaves a half-written file behind. The file's folder
// is created when missing.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("creating the folder of %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// CreateTemp makes the file private; an export is an ordinary file.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// errStop ends a scan early.
var errStop = errors.New("stop")

// formatNames lists the export formats for help texts.
func formatNames() string {
	var names []string
	for _, f := range export.Formats() {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

// errEmpty reports a filter that selected nothing.
var errEmpty = errors.New("the filters select no entities: nothing to export")

func exportTo(ctx context.Context, db, format string, w io.Writer, opts exportOptions) error {
	store, err := openRead(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	if opts.filter, err = normalize(ctx, store, opts.filter); err != nil {
		return err
	}
	// The formats that can hold every evidence sentence get them.
	opts.filter.WithEvidence = format == "json" || format == "graphml"
	eo := export.Options{Dir: opts.directory, DOT: export.DOTOptions{ClusterByType: opts.cluster, Layout: opts.layout},
		GEXF: export.GEXFOptions{Version: opts.gexfVersion}}
	switch format {
	case "dot":
		// The layout hint needs the node count before the first node.
		err = store.Nodes(ctx, opts.filter, func(graph.Node) error { eo.DOT.NodeCount++; return nil })
	case "gexf":
		// Gephi's timeline needs a dynamic graph, declared before any edge.
		err = store.Edges(ctx, opts.filter, func(e graph.Edge) error {
			if e.FirstDate != "" {
				eo.GEXF.Dynamic = true
				return errStop
			}
			return nil
		})
		if errors.Is(err, errStop) {
			err = nil
		}
	}
	if err != nil {
		return fmt.Errorf("exporting: %w", err)
	}
	ew, err := export.New(format, w, eo)
	if err != nil {
		return cli.Exit(err.Error(), 2)
	}
	nodes := 0
	if err := store.Nodes(ctx, opts.filter, func(n graph.Node) error { nodes++; return ew.WriteNode(n) }); err != nil {
		return fmt.Errorf("exporting nodes: %w", err)
	}
	if err := store.Edges(ctx, opts.filter, ew.WriteEdge); err != nil {
		return fmt.Errorf("exporting edges: %w", err)
	}
	if err := ew.Close(); err != nil {
		return fmt.Errorf("exporting: %w", err)
	}
	if nodes == 0 {
		return cli.Exit(errEmpty.Error(), 1)
	}
	return nil
}

func renderCommand() *cli.Command {
	return &cli.Command{
		Name:  "render",
		Usage: "draw the graph with Graphviz into SVG, PNG or PDF",
		Description: `Exports the graph (or the part the filters select) as DOT and streams it into
Graphviz's 'dot'. Entities without an edge are left out (--isolated keeps them), and
above 150 entities only the 150 most connected are drawn, with a note saying how to
get the rest (--top N sets the number): Graphviz takes minutes on more. The layout is
dot up to 60 entities and sfdp above (--layout picks one). A caption says what the
lines mean. The format comes from -o's extension.

Examples:
   kg render -o graph.svg
   kg render --top 25 --cluster-by type -o top.png`,
		Flags: append([]cli.Flag{
			dbFlag(),
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "graph.svg", Usage: "`FILE` to write (.svg, .png or .pdf)"},
			&cli.StringFlag{Name: "cluster-by", Usage: "group nodes into clusters by `type`"},
			&cli.StringFlag{Name: "layout", Usage: "Graphviz layout `ENGINE` (dot, sfdp, neato, …); default by graph size"},
			&cli.BoolFlag{Name: "isolated", Usage: "draw entities without an edge too"},
		}, filterFlags()...),
		Action: func(c *cli.Context) error {
			out := c.String("output")
			ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
			if ext != "svg" && ext != "png" && ext != "pdf" {
				return cli.Exit(fmt.Sprintf("%s: render writes .svg, .png or .pdf", out), 2)
			}
			f, err := filterOf(c)
			if err != nil {
				return err
			}
			opts := exportOptions{filter: f, cluster: c.String("cluster-by") == "type", layout: c.String("layout")}
			bin, err := exec.LookPath("dot")
			if err != nil {
				return cli.Exit("Graphviz 'dot' is not on PATH: install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; Windows: winget install graphviz), or export DOT with 'kg export --format dot'", 1)
			}
			if err := planRender(c.Context, dbPath(c), &opts, c.Bool("isolated"), c.IsSet("top"), c.App.ErrWriter); err != nil {
				return err
			}
			return writeFileAtomic(out, func(w io.Writer) error {
				// The DOT text streams into Graphviz; it is never held whole.
				pr, pw := io.Pipe()
				exported := make(chan error, 1)
				go func() {
					cw := &captionWriter{w: pw, caption: captionOf(opts.filter)}
					err := exportTo(c.Context, dbPath(c), "dot", cw, opts)
					if err == nil {
						err = cw.Close()
					}
					pw.CloseWithError(err)
					exported <- err
				}()
				cmd := exec.CommandContext(c.Context, bin, "-T"+ext)
				killTreeOnCancel(cmd) // an interrupted kg leaves no Graphviz running
				cmd.Stdin = pr
				cmd.Stdout = w
				var stderr strings.Builder
				cmd.Stderr = &stderr
				runErr := cmd.Run()
				pr.Close() // unblocks the export if dot stopped reading
				if err := <-exported; err != nil {
					return err
				}
				if runErr != nil {
					return fmt.Errorf("dot: %v: %s", runErr, strings.TrimSpace(stderr.String()))
				}
				return nil
			})
		},
	}
}
