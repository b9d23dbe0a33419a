package export

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"kg/graph"
)

// The CSV headers, in the format of neo4j-admin database import.
var (
	csvNodeHeader = []string{"kg_id:ID", "name", "type", ":LABEL", "aliases:string[]", "mentions:int"}
	csvEdgeHeader = []string{":START_ID", ":END_ID", ":TYPE", "kg_id:long", "predicate", "class",
		"weight:int", "confidence:double", "negated:boolean", "hedged:boolean",
		"sentence", "document", "document_id:long", "first_date", "last_date"}
)

// CSV writes a graph as the two files neo4j-admin imports, nodes.csv and
// edges.csv, in one directory:
//
//	neo4j-admin database import full --nodes=nodes.csv --relationships=edges.csv --id-type=INTEGER neo4j
//
// Every node gets the label Entity and, when it has a type, the type as a
// second label (PERSON, ORG, …). kg_id is the node's import id and, with
// --id-type=INTEGER, an integer property, as in the Cypher export. A
// relationship's type is its class (or RELATED without one) made safe for
// Neo4j, and its predicate is a property; see relType. Aliases are a string
// array with the default ';' delimiter. Values contain no line breaks (they
// become spaces, so no --multiline-fields is needed), no control characters
// and no invalid UTF-8, and a ';' inside an alias becomes ','. Empty
// values, zero document ids and non-finite confidences are left empty, so
// the property is not set.
//
// Call WriteNode for every node, then WriteEdge for every edge, then Close,
// which flushes and closes both files. The first error stops the writer,
// and every later call returns it.
type CSV struct {
	files        [2]*os.File
	nodes, edges *csv.Writer
	phase        int
	err          error
	rec          []string
}

// NewCSV creates (or truncates) nodes.csv and edges.csv in dir and returns
// a writer for them. dir must exist.
func NewCSV(dir string) (*CSV, error) {
	c := &CSV{rec: make([]string, 0, len(csvEdgeHeader))}
	for i, name := range [...]string{"nodes.csv", "edges.csv"} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			for _, g := range c.files[:i] {
				g.Close()
			}
			return nil, fmt.Errorf("export csv: %w", err)
		}
		c.files[i] = f
	}
	c.nodes = csv.NewWriter(bufio.NewWriterSize(c.files[0], 64<<10))
	c.edges = csv.NewWriter(bufio.NewWriterSize(c.files[1], 64<<10))
	return c, nil
}

func (c *CSV) enter(p int) error {
	if c.err != nil {
		return c.err
	}
	if c.phase == phaseClosed {
		return ErrClosed
	}
	if p < c.phase {
		return ErrNodeAfterEdge
	}
	if c.phase == phaseStart {
		c.write(c.nodes, csvNodeHeader)
		c.write(c.edges, csvEdgeHeader)
	}
	c.phase = p
	return c.err
}

func (c *CSV) write(w *csv.Writer, rec []string) {
	if c.err == nil {
		if err := w.Write(rec); err != nil {
			c.err = fmt.Errorf("export csv: %w", err)
		}
	}
}

// WriteNode writes one node to nodes.csv.
func (c *CSV) WriteNode(n graph.Node) error {
	if err := c.enter(phaseNodes); err != nil {
		return err
	}
	labels := "Entity"
	if t := neo4jToken(n.Type); t != "" {
		labels += ";" + t
	}
	aliases := make([]string, len(n.Aliases))
	for i, a := range n.Aliases {
		aliases[i] = csvValue(a, true)
	}
	c.rec = append(c.rec[:0],
		strconv.FormatInt(n.ID, 10), csvValue(n.Name, false), csvValue(n.Type, false), labels,
		strings.Join(aliases, ";"), strconv.Itoa(n.Mentions))
	c.write(c.nodes, c.rec)
	return c.err
}

// WriteEdge writes one edge to edges.csv.
func (c *CSV) WriteEdge(e graph.Edge) error {
	if err := c.enter(phaseEdges); err != nil {
		return err
	}
	conf, docID := "", ""
	if finite(e.Confidence) {
		conf = strconv.FormatFloat(e.Confidence, 'g', -1, 64)
	}
	if e.DocumentID != 0 {
		docID = strconv.FormatInt(e.DocumentID, 10)
	}
	c.rec = append(c.rec[:0],
		strconv.FormatInt(e.Source, 10), strconv.FormatInt(e.Target, 10), relType(e.Class),
		strconv.FormatInt(e.ID, 10), csvValue(e.Predicate, false), csvValue(e.Class, false),
		strconv.Itoa(e.Weight), conf, strconv.FormatBool(e.Negated), strconv.FormatBool(e.Hedged),
		csvValue(e.Sentence, false), csvValue(e.DocumentURI, false), docID,
		csvValue(e.FirstDate, false), csvValue(e.LastDate, false))
	c.write(c.edges, c.rec)
	return c.err
}

// Close flushes and closes both files.
func (c *CSV) Close() error {
	if c.phase == phaseClosed {
		return c.err
	}
	if c.err == nil {
		c.enter(phaseClosed)
	}
	c.phase = phaseClosed
	var errs []error
	if c.err != nil {
		errs = append(errs, c.err)
	}
	for i, w := range [...]*csv.Writer{c.nodes, c.edges} {
		w.Flush()
		if err := w.Error(); err != nil {
			errs = append(errs, err)
		}
		if err := c.files[i].Close(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil && c.err == nil {
		c.err = fmt.Errorf("export csv: %w", err)
	}
	return c.err
}

// csvValue makes s safe for neo4j-admin; encoding/csv does the quoting. It
// is the only place where CSV values are cleaned: line breaks become spaces
// (neo4j-admin rejects them unless --multiline-fields is given), other
// control characters are dropped, invalid UTF-8 becomes U+FFFD, and in an
// array element the delimiter ';' becomes ','.
func csvValue(s string, element bool) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || element && c == ';' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b.WriteByte(' ')
		case r == '\n':
			b.WriteByte(' ')
		case r == ';' && element:
			b.WriteByte(',')
		case r < 0x20 && r != '\t':
		default:
			b.WriteRune(r) // RuneError for invalid bytes
		}
	}
	return b.String()
}
