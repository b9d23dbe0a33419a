package export

import (
	"io"
	"strconv"
	"strings"

	"kg/graph"
)

// GraphMLOptions changes what a GraphML file holds.
type GraphMLOptions struct {
	// MaxText cuts every string value to this many bytes, on a character
	// boundary and ended with "…"; 0 keeps strings whole. Evidence sentences
	// dominate the size of a large export.
	MaxText int
}

// The GraphML header: every key is declared, with its attr.type, before the
// graph. Key ids carry the domain so that node and edge keys of the same
// name stay distinct; none is "d3" or "d7" (old Gephi reads those as yEd
// labels) and no attr.name is "id" (igraph's vertex id attribute). Gephi
// maps the attr.names label and weight to its own label and weight.
const graphMLHeader = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="node_label" for="node" attr.name="label" attr.type="string"/>
  <key id="node_type" for="node" attr.name="type" attr.type="string"/>
  <key id="node_aliases" for="node" attr.name="aliases" attr.type="string"/>
  <key id="node_mentions" for="node" attr.name="mentions" attr.type="int"/>
  <key id="edge_label" for="edge" attr.name="label" attr.type="string"/>
  <key id="edge_type" for="edge" attr.name="type" attr.type="string"/>
  <key id="edge_class" for="edge" attr.name="class" attr.type="string"/>
  <key id="edge_weight" for="edge" attr.name="weight" attr.type="int"/>
  <key id="edge_confidence" for="edge" attr.name="confidence" attr.type="double"/>
  <key id="edge_negated" for="edge" attr.name="negated" attr.type="boolean"/>
  <key id="edge_hedged" for="edge" attr.name="hedged" attr.type="boolean"/>
  <key id="edge_former" for="edge" attr.name="former" attr.type="boolean"/>
  <key id="edge_attributed_to" for="edge" attr.name="attributed_to" attr.type="string"/>
  <key id="edge_sentence" for="edge" attr.name="sentence" attr.type="string"/>
  <key id="edge_document" for="edge" attr.name="document" attr.type="string"/>
  <key id="edge_document_id" for="edge" attr.name="document_id" attr.type="long"/>
  <key id="edge_first_date" for="edge" attr.name="first_date" attr.type="string"/>
  <key id="edge_last_date" for="edge" attr.name="last_date" attr.type="string"/>
  <key id="edge_evidence" for="edge" attr.name="evidence" attr.type="string"/>
  <key id="edge_evidence_documents" for="edge" attr.name="evidence_documents" attr.type="string"/>
  <graph id="kg" edgedefault="directed">
`

// GraphML writes a graph as GraphML, the XML format read by Gephi, yEd,
// Cytoscape, networkx, igraph and graphology.
//
// Node ids are "n<ID>" and edge ids "e<ID>"; the entity name is the node's
// label. Nodes carry label, type, aliases (joined with "; ") and mentions;
// edges carry label and type (both the predicate: the type keeps parallel
// edges between the same pair apart in Gephi), class, weight, confidence,
// negated, hedged, former (a role the text marks as past), attributed_to
// (the speakers it is reported from, joined with "; "), the first evidence
// sentence, its document (URI and id) and the first and last dates. When the
// edges were read with graph.Filter.WithEvidence, evidence holds every
// evidence sentence, one a line (line breaks inside a sentence become
// spaces), and evidence_documents the document of each, on the same line;
// weight is their number. A value that is empty, zero for ids or not
// a finite number is left out rather than written as an empty <data>.
// Text keeps its line breaks literally; see appendXML for the escaping.
//
// Call WriteNode for every node, then WriteEdge for every edge, then Close.
// Output is buffered; Close flushes it but does not close the underlying
// writer. The first error stops the writer, and every later call returns it.
type GraphML struct {
	stream
	opts GraphMLOptions
}

// NewGraphML returns a GraphML writer that writes to w.
func NewGraphML(w io.Writer, opts GraphMLOptions) *GraphML {
	g := &GraphML{opts: opts}
	g.stream = newStream("graphml", w, g.step)
	return g
}

func (g *GraphML) step(to int) {
	switch to {
	case phaseNodes:
		g.buf = append(g.buf, graphMLHeader...)
	case phaseClosed:
		g.buf = append(g.buf, "  </graph>\n</graphml>\n"...)
	}
	g.flushBuf()
}

// WriteNode writes one node.
func (g *GraphML) WriteNode(n graph.Node) error {
	if err := g.enter(phaseNodes); err != nil {
		return err
	}
	b := append(g.buf, "    <node id=\"n"...)
	b = strconv.AppendInt(b, n.ID, 10)
	b = append(b, "\">\n"...)
	b = g.appendData(b, "node_label", n.Name)
	b = g.appendData(b, "node_type", n.Type)
	if len(n.Aliases) > 0 {
		b = g.appendData(b, "node_aliases", joinAliases(n.Aliases))
	}
	b = append(b, "      <data key=\"node_mentions\">"...)
	b = strconv.AppendInt(b, int64(n.Mentions), 10)
	b = append(b, "</data>\n"...)
	g.buf = append(b, "    </node>\n"...)
	g.flushBuf()
	return g.err
}

// WriteEdge writes one edge.
func (g *GraphML) WriteEdge(e graph.Edge) error {
	if err := g.enter(phaseEdges); err != nil {
		return err
	}
	b := append(g.buf, "    <edge id=\"e"...)
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, "\" source=\"n"...)
	b = strconv.AppendInt(b, e.Source, 10)
	b = append(b, "\" target=\"n"...)
	b = strconv.AppendInt(b, e.Target, 10)
	b = append(b, "\">\n"...)
	b = g.appendData(b, "edge_label", e.Predicate)
	b = g.appendData(b, "edge_type", e.Predicate)
	b = g.appendData(b, "edge_class", e.Class)
	b = append(b, "      <data key=\"edge_weight\">"...)
	b = strconv.AppendInt(b, int64(e.Weight), 10)
	b = append(b, "</data>\n"...)
	if finite(e.Confidence) {
		b = append(b, "      <data key=\"edge_confidence\">"...)
		b = strconv.AppendFloat(b, e.Confidence, 'g', -1, 64)
		b = append(b, "</data>\n"...)
	}
	b = append(b, "      <data key=\"edge_negated\">"...)
	b = strconv.AppendBool(b, e.Negated)
	b = append(b, "</data>\n      <data key=\"edge_hedged\">"...)
	b = strconv.AppendBool(b, e.Hedged)
	b = append(b, "</data>\n      <data key=\"edge_former\">"...)
	b = strconv.AppendBool(b, e.Former)
	b = append(b, "</data>\n"...)
	b = g.appendData(b, "edge_attributed_to", strings.Join(e.AttributedTo, "; "))
	b = g.appendData(b, "edge_sentence", e.Sentence)
	b = g.appendData(b, "edge_document", e.DocumentURI)
	if e.DocumentID != 0 {
		b = append(b, "      <data key=\"edge_document_id\">"...)
		b = strconv.AppendInt(b, e.DocumentID, 10)
		b = append(b, "</data>\n"...)
	}
	b = g.appendData(b, "edge_first_date", e.FirstDate)
	b = g.appendData(b, "edge_last_date", e.LastDate)
	if len(e.Evidence) > 0 {
		sents := make([]string, len(e.Evidence))
		docs := make([]string, len(e.Evidence))
		for i, v := range e.Evidence {
			sents[i] = oneLine(v.Sentence)
			docs[i] = oneLine(v.DocumentURI)
		}
		b = g.appendData(b, "edge_evidence", strings.Join(sents, "\n"))
		b = g.appendData(b, "edge_evidence_documents", strings.Join(docs, "\n"))
	}
	g.buf = append(b, "    </edge>\n"...)
	g.flushBuf()
	return g.err
}

// Close ends the graph and flushes.
func (g *GraphML) Close() error { return g.close() }

// appendData appends a string <data> element, or nothing when v has no
// character left to write.
func (g *GraphML) appendData(b []byte, key, v string) []byte {
	if v == "" {
		return b
	}
	mark := len(b)
	b = append(b, "      <data key=\""...)
	b = append(b, key...)
	b = append(b, "\">"...)
	head := len(b)
	b = appendXML(b, truncate(v, g.opts.MaxText), false)
	if len(b) == head {
		return b[:mark]
	}
	return append(b, "</data>\n"...)
}

// oneLine puts s on one line, so that values joined by line breaks can be
// split again.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
}
