package export

import (
	"fmt"
	"io"
	"strings"
)

// Options configures New. Each format reads only its own fields.
type Options struct {
	// Dir is the directory the csv format writes nodes.csv and edges.csv
	// to; csv ignores New's io.Writer.
	Dir     string
	DOT     DOTOptions
	GraphML GraphMLOptions
	GEXF    GEXFOptions
}

// Format names an export format and says in a line what it is for.
type Format struct {
	Name, Help string
}

// formats lists the formats, sorted by name.
var formats = [...]Format{
	{"csv", "nodes.csv and edges.csv for neo4j-admin database import (needs a directory)"},
	{"cypher", "idempotent Cypher script for cypher-shell"},
	{"dot", "Graphviz digraph"},
	{"edges-csv", "one CSV table of edges with names, dates and first sentence, for spreadsheets"},
	{"gexf", "GEXF 1.3 for Gephi"},
	{"graphml", "GraphML for Gephi, yEd, Cytoscape, networkx, igraph"},
	{"json", "node-link JSON for networkx and d3"},
}

// Formats returns the formats New accepts, sorted by name, for
// command-line help.
func Formats() []Format {
	return append([]Format(nil), formats[:]...)
}

// New returns a writer for the named format (see Formats) writing to w, or
// to opts.Dir for csv.
func New(format string, w io.Writer, opts Options) (Writer, error) {
	switch strings.ToLower(format) {
	case "csv":
		if opts.Dir == "" {
			return nil, fmt.Errorf("export: format csv needs a directory")
		}
		return NewCSV(opts.Dir)
	case "cypher":
		return NewCypher(w), nil
	case "dot":
		return NewDOT(w, opts.DOT), nil
	case "edges-csv":
		return NewEdgeList(w), nil
	case "gexf":
		switch opts.GEXF.Version {
		case "", "1.3", "1.2draft":
		default:
			return nil, fmt.Errorf("export: unknown GEXF version %q (want 1.3 or 1.2draft)", opts.GEXF.Version)
		}
		return NewGEXF(w, opts.GEXF), nil
	case "graphml":
		return NewGraphML(w, opts.GraphML), nil
	case "json":
		return NewJSON(w), nil
	}
	return nil, fmt.Errorf("export: unknown format %q (want csv, cypher, dot, edges-csv, gexf, graphml or json)", format)
}
