package export

import (
	"io"
	"strconv"
	"strings"
	"time"

	"kg/graph"
)

// GEXFOptions changes what a GEXF file holds.
type GEXFOptions struct {
	// Dynamic makes the graph dynamic: edges get start and end dates from
	// their first and last evidence, so Gephi's timeline can play the
	// graph. The graph element is written before any edge, so the writer
	// cannot find out by itself: set Dynamic when some edge has dates.
	Dynamic bool
	// MaxText cuts every string value to this many bytes, on a character
	// boundary and ended with "…"; 0 keeps strings whole.
	MaxText int
	// Version is "1.3" (the default, "") or "1.2draft". Gephi, graphology
	// and networkx 3 read both; networkx before 3.0 (Debian 12's 2.8, for
	// one) reads only 1.2draft. The content is the same: only the
	// namespaces and the version attribute change.
	Version string
}

// GEXFVersions are the values GEXFOptions.Version accepts.
var GEXFVersions = []string{"1.3", "1.2draft"}

const gexfHead12 = `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">
  <meta>
    <creator>kg</creator>
    <description>Knowledge graph: entities and the relations between them</description>
  </meta>
`

const gexfHead = `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
  <meta>
    <creator>kg</creator>
    <description>Knowledge graph: entities and the relations between them</description>
  </meta>
`

// Attribute ids equal their titles: graphology keys values by id unless the
// id is a number, and Gephi shows titles.
const gexfAttributes = `    <attributes class="node">
      <attribute id="type" title="type" type="string"/>
      <attribute id="aliases" title="aliases" type="string"/>
      <attribute id="mentions" title="mentions" type="integer"/>
    </attributes>
    <attributes class="edge">
      <attribute id="predicate" title="predicate" type="string"/>
      <attribute id="class" title="class" type="string"/>
      <attribute id="confidence" title="confidence" type="double"/>
      <attribute id="negated" title="negated" type="boolean"/>
      <attribute id="hedged" title="hedged" type="boolean"/>
      <attribute id="former" title="former" type="boolean"/>
      <attribute id="attributed_to" title="attributed_to" type="string"/>
      <attribute id="sentence" title="sentence" type="string"/>
      <attribute id="document" title="document" type="string"/>
      <attribute id="document_id" title="document_id" type="long"/>
      <attribute id="first_date" title="first_date" type="string"/>
      <attribute id="last_date" title="last_date" type="string"/>
    </attributes>
    <nodes>
`

// GEXF writes a graph as GEXF 1.3 (or 1.2draft, see GEXFOptions.Version),
// Gephi's own format.
//
// Node ids are "n<ID>" and edge ids "e<ID>". A node's label is the entity
// name; its attributes are type, aliases (joined with "; ") and mentions,
// and its viz colour and shape show the type, as in DOT. An edge's label
// and kind are the predicate — Gephi keeps parallel edges of different
// kinds apart — and its weight is the evidence count; its attributes are
// the predicate, class, confidence, negated, hedged, former, attributed_to
// (joined with "; "), the first evidence
// sentence, its document and the first and last dates. Its viz colour shows
// the class, its thickness the weight, and it is dashed when negated and
// dotted when hedged. With GEXFOptions.Dynamic, the graph has
// mode="dynamic" timeformat="date" and each dated edge lives from its first
// to its last date. Labels and kinds are XML Schema tokens, so their white
// space is collapsed; other values keep theirs (see appendXML).
//
// Call WriteNode for every node, then WriteEdge for every edge, then Close.
// Output is buffered; Close flushes it but does not close the underlying
// writer. The first error stops the writer, and every later call returns it.
type GEXF struct {
	stream
	opts GEXFOptions
}

// NewGEXF returns a GEXF writer that writes to w.
func NewGEXF(w io.Writer, opts GEXFOptions) *GEXF {
	g := &GEXF{opts: opts}
	g.stream = newStream("gexf", w, g.step)
	return g
}

func (g *GEXF) step(to int) {
	switch to {
	case phaseNodes:
		if g.opts.Version == "1.2draft" {
			g.buf = append(g.buf, gexfHead12...)
		} else {
			g.buf = append(g.buf, gexfHead...)
		}
		if g.opts.Dynamic {
			g.buf = append(g.buf, "  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">\n"...)
		} else {
			g.buf = append(g.buf, "  <graph defaultedgetype=\"directed\">\n"...)
		}
		g.buf = append(g.buf, gexfAttributes...)
	case phaseEdges:
		g.buf = append(g.buf, "    </nodes>\n    <edges>\n"...)
	case phaseClosed:
		g.buf = append(g.buf, "    </edges>\n  </graph>\n</gexf>\n"...)
	}
	g.flushBuf()
}

// WriteNode writes one node.
func (g *GEXF) WriteNode(n graph.Node) error {
	if err := g.enter(phaseNodes); err != nil {
		return err
	}
	st := styleOf(n.Type)
	b := append(g.buf, "      <node id=\"n"...)
	b = strconv.AppendInt(b, n.ID, 10)
	b = append(b, '"')
	b = g.appendAttr(b, "label", collapseSpace(n.Name))
	b = append(b, ">\n        <attvalues>\n"...)
	b = g.appendValue(b, "type", n.Type)
	if len(n.Aliases) > 0 {
		b = g.appendValue(b, "aliases", joinAliases(n.Aliases))
	}
	b = append(b, "          <attvalue for=\"mentions\" value=\""...)
	b = strconv.AppendInt(b, int64(n.Mentions), 10)
	b = append(b, "\"/>\n"...)
	b = append(b, "        </attvalues>\n"...)
	b = appendVizColor(b, st.color)
	b = append(b, "        <viz:shape value=\""...)
	b = append(b, st.gexfShape...)
	b = append(b, "\"/>\n        <viz:size value=\""...)
	b = strconv.AppendFloat(b, 10+4*thickness(n.Mentions), 'f', 2, 64)
	g.buf = append(b, "\"/>\n      </node>\n"...)
	g.flushBuf()
	return g.err
}

// WriteEdge writes one edge.
func (g *GEXF) WriteEdge(e graph.Edge) error {
	if err := g.enter(phaseEdges); err != nil {
		return err
	}
	b := append(g.buf, "      <edge id=\"e"...)
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, "\" source=\"n"...)
	b = strconv.AppendInt(b, e.Source, 10)
	b = append(b, "\" target=\"n"...)
	b = strconv.AppendInt(b, e.Target, 10)
	b = append(b, '"')
	pred := collapseSpace(e.Predicate)
	b = g.appendAttr(b, "label", pred)
	b = g.appendAttr(b, "kind", pred)
	b = append(b, " weight=\""...)
	b = strconv.AppendInt(b, int64(e.Weight), 10)
	b = append(b, '"')
	if g.opts.Dynamic && !(isDate(e.FirstDate) && isDate(e.LastDate) && e.FirstDate > e.LastDate) {
		if isDate(e.FirstDate) {
			b = append(b, " start=\""...)
			b = append(b, e.FirstDate...)
			b = append(b, '"')
		}
		if isDate(e.LastDate) {
			b = append(b, " end=\""...)
			b = append(b, e.LastDate...)
			b = append(b, '"')
		}
	}
	b = append(b, ">\n        <attvalues>\n"...)
	b = g.appendValue(b, "predicate", e.Predicate)
	b = g.appendValue(b, "class", e.Class)
	if finite(e.Confidence) {
		b = append(b, "          <attvalue for=\"confidence\" value=\""...)
		b = strconv.AppendFloat(b, e.Confidence, 'g', -1, 64)
		b = append(b, "\"/>\n"...)
	}
	b = append(b, "          <attvalue for=\"negated\" value=\""...)
	b = strconv.AppendBool(b, e.Negated)
	b = append(b, "\"/>\n          <attvalue for=\"hedged\" value=\""...)
	b = strconv.AppendBool(b, e.Hedged)
	b = append(b, "\"/>\n          <attvalue for=\"former\" value=\""...)
	b = strconv.AppendBool(b, e.Former)
	b = append(b, "\"/>\n"...)
	b = g.appendValue(b, "attributed_to", strings.Join(e.AttributedTo, "; "))
	b = g.appendValue(b, "sentence", e.Sentence)
	b = g.appendValue(b, "document", e.DocumentURI)
	if e.DocumentID != 0 {
		b = append(b, "          <attvalue for=\"document_id\" value=\""...)
		b = strconv.AppendInt(b, e.DocumentID, 10)
		b = append(b, "\"/>\n"...)
	}
	b = g.appendValue(b, "first_date", e.FirstDate)
	b = g.appendValue(b, "last_date", e.LastDate)
	b = append(b, "        </attvalues>\n"...)
	b = appendVizColor(b, classColor(e.Class))
	b = append(b, "        <viz:thickness value=\""...)
	b = strconv.AppendFloat(b, thickness(e.Weight), 'f', 2, 64)
	b = append(b, "\"/>\n"...)
	switch {
	case e.Negated:
		b = append(b, "        <viz:shape value=\"dashed\"/>\n"...)
	case e.Hedged:
		b = append(b, "        <viz:shape value=\"dotted\"/>\n"...)
	}
	g.buf = append(b, "      </edge>\n"...)
	g.flushBuf()
	return g.err
}

// Close ends the graph and flushes.
func (g *GEXF) Close() error { return g.close() }

// appendAttr appends ` name="v"`, or nothing when v is empty.
func (g *GEXF) appendAttr(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, "=\""...)
	b = appendXML(b, truncate(v, g.opts.MaxText), true)
	return append(b, '"')
}

// appendValue appends a string <attvalue>, or nothing when v is empty.
func (g *GEXF) appendValue(b []byte, id, v string) []byte {
	if v == "" {
		return b
	}
	b = append(b, "          <attvalue for=\""...)
	b = append(b, id...)
	b = append(b, "\" value=\""...)
	b = appendXML(b, truncate(v, g.opts.MaxText), true)
	return append(b, "\"/>\n"...)
}

func appendVizColor(b []byte, hex string) []byte {
	r, g, bl := rgb(hex)
	b = append(b, "        <viz:color r=\""...)
	b = strconv.AppendUint(b, r, 10)
	b = append(b, "\" g=\""...)
	b = strconv.AppendUint(b, g, 10)
	b = append(b, "\" b=\""...)
	b = strconv.AppendUint(b, bl, 10)
	return append(b, "\"/>\n"...)
}

// isDate reports whether s is a YYYY-MM-DD date, the only form GEXF's
// timeformat="date" accepts.
func isDate(s string) bool {
	if len(s) != len(time.DateOnly) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
