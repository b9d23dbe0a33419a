package export

import (
	"io"
	"sort"
	"strconv"
	"unicode/utf8"

	"kg/graph"
)

// DOTOptions changes how a DOT file looks; the zero value is a plain graph
// laid out by dot.
type DOTOptions struct {
	// ClusterByType draws a box around the nodes of each entity type. Of
	// the Graphviz engines only dot and fdp draw clusters; sfdp ignores them.
	ClusterByType bool
	// Layout names the Graphviz engine the file asks for ("dot", "sfdp",
	// "neato", …) through the graph's layout attribute; "" leaves the choice
	// to the command that renders it, except as NodeCount says.
	Layout string
	// NodeCount, when known, is the number of nodes that will be written.
	// With Layout "" and more than LargeGraph nodes the file asks for sfdp,
	// because dot takes hours on graphs that size.
	NodeCount int
	// NoLegend leaves out the legend of node types and edge classes.
	NoLegend bool
}

// LargeGraph is the node count above which a DOT file without an explicit
// layout asks for sfdp.
const LargeGraph = 2000

// Byte limits for DOT strings, well under the 16,381 bytes at which
// Graphviz rejects a quoted string, and short enough to read.
const (
	dotMaxLabel   = 200
	dotMaxTooltip = 4000
)

// legendMax bounds the legend: a graph with more classes than this gets a
// legend of the first ones in sorted order, and memory stays bounded.
const legendMax = 64

// DOT writes a graph in the Graphviz language, as a plain digraph ready for
// dot -Tsvg.
//
// Nodes are "n<ID>", labelled with the entity name; shape and fill colour
// show the entity type and the tooltip lists the aliases. Each edge is one
// relation: its label is the predicate, its colour the class, its penwidth
// grows with the log of the weight, it is dashed when negated and dotted
// when hedged, and its tooltip is the first evidence sentence. Every id and
// value is quoted; labels are cut to 200 bytes and tooltips to 4,000 bytes
// (with "…"), and invalid UTF-8 and control characters are replaced, so
// Graphviz accepts any input without a warning.
//
// With ClusterByType each node is written inside its own
// subgraph "cluster_<TYPE>" block; Graphviz merges blocks of the same name
// into one cluster, so the writer needs no buffering. The legend, written by
// Close, is a cluster of its own, "cluster legend", whose space keeps it
// apart from the type clusters.
//
// Call WriteNode for every node, then WriteEdge for every edge, then Close.
// Output is buffered; Close flushes it but does not close the underlying
// writer. The first error stops the writer, and every later call returns it.
type DOT struct {
	stream
	opts    DOTOptions
	types   map[string]bool
	classes map[string]bool
}

// NewDOT returns a DOT writer that writes to w.
func NewDOT(w io.Writer, opts DOTOptions) *DOT {
	d := &DOT{opts: opts, types: map[string]bool{}, classes: map[string]bool{}}
	d.stream = newStream("dot", w, d.step)
	return d
}

func (d *DOT) step(to int) {
	switch to {
	case phaseNodes:
		d.buf = append(d.buf, "digraph \"kg\" {\n\tgraph [charset=\"UTF-8\" rankdir=\"LR\" outputorder=\"edgesfirst\""...)
		layout := d.opts.Layout
		if layout == "" && d.opts.NodeCount > LargeGraph {
			layout = "sfdp"
		}
		if layout != "" {
			d.buf = append(d.buf, " layout="...)
			d.buf = appendDOTString(d.buf, layout, dotMaxLabel)
		}
		if layout != "" && layout != "dot" {
			// Force-directed engines let nodes overlap unless told not to.
			d.buf = append(d.buf, " overlap=\"false\""...)
		}
		d.buf = append(d.buf, "];\n\tnode [style=\"filled\" fontsize=\"10\"];\n\tedge [fontsize=\"8\"];\n"...)
	case phaseClosed:
		if !d.opts.NoLegend {
			d.appendLegend()
		}
		d.buf = append(d.buf, "}\n"...)
	}
	d.flushBuf()
}

// WriteNode writes one node.
func (d *DOT) WriteNode(n graph.Node) error {
	if err := d.enter(phaseNodes); err != nil {
		return err
	}
	st := styleOf(n.Type)
	b := d.buf
	if d.opts.ClusterByType {
		b = append(b, "\tsubgraph "...)
		b = appendDOTString(b, "cluster_"+n.Type, dotMaxLabel)
		b = append(b, " { label="...)
		b = appendDOTString(b, n.Type, dotMaxLabel)
		b = append(b, " color="...)
		b = appendDOTString(b, st.color, dotMaxLabel)
		b = append(b, "; \"n"...)
	} else {
		b = append(b, "\t\"n"...)
	}
	b = strconv.AppendInt(b, n.ID, 10)
	b = append(b, "\" [label="...)
	b = appendDOTString(b, n.Name, dotMaxLabel)
	b = append(b, " shape="...)
	b = appendDOTString(b, st.dotShape, dotMaxLabel)
	b = append(b, " fillcolor="...)
	b = appendDOTString(b, st.color, dotMaxLabel)
	if len(n.Aliases) > 0 {
		b = append(b, " tooltip="...)
		b = appendDOTString(b, joinAliases(n.Aliases), dotMaxTooltip)
	}
	b = append(b, "];"...)
	if d.opts.ClusterByType {
		b = append(b, " }"...)
	}
	d.buf = append(b, '\n')
	if len(d.types) < legendMax {
		d.types[n.Type] = true
	}
	d.flushBuf()
	return d.err
}

// WriteEdge writes one edge.
func (d *DOT) WriteEdge(e graph.Edge) error {
	if err := d.enter(phaseEdges); err != nil {
		return err
	}
	b := append(d.buf, "\t\"n"...)
	b = strconv.AppendInt(b, e.Source, 10)
	b = append(b, "\" -> \"n"...)
	b = strconv.AppendInt(b, e.Target, 10)
	b = append(b, "\" [label="...)
	b = appendDOTString(b, e.Predicate, dotMaxLabel)
	b = append(b, " color="...)
	b = appendDOTString(b, classColor(e.Class), dotMaxLabel)
	b = append(b, " penwidth=\""...)
	b = strconv.AppendFloat(b, thickness(e.Weight), 'f', 2, 64)
	b = append(b, '"')
	switch {
	case e.Negated:
		b = append(b, " style=\"dashed\""...)
	case e.Hedged:
		b = append(b, " style=\"dotted\""...)
	}
	if e.Sentence != "" {
		b = append(b, " tooltip="...)
		b = appendDOTString(b, e.Sentence, dotMaxTooltip)
	}
	d.buf = append(b, "];\n"...)
	if len(d.classes) < legendMax {
		d.classes[e.Class] = true
	}
	d.flushBuf()
	return d.err
}

// Close writes the legend and the closing brace and flushes.
func (d *DOT) Close() error { return d.close() }

// appendLegend writes a cluster with one swatch per node type and one short
// edge per class seen, in sorted order.
func (d *DOT) appendLegend() {
	if len(d.types) == 0 && len(d.classes) == 0 {
		return
	}
	b := append(d.buf, "\tsubgraph \"cluster legend\" {\n\t\tlabel=\"Legend\" color=\"#bdbdbd\";\n"...)
	for i, t := range sortedKeys(d.types) {
		st := styleOf(t)
		name := t
		if name == "" {
			name = "(no type)"
		}
		b = append(b, "\t\t\"legend_t"...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, "\" [label="...)
		b = appendDOTString(b, name, dotMaxLabel)
		b = append(b, " shape="...)
		b = appendDOTString(b, st.dotShape, dotMaxLabel)
		b = append(b, " fillcolor="...)
		b = appendDOTString(b, st.color, dotMaxLabel)
		b = append(b, "];\n"...)
	}
	for i, c := range sortedKeys(d.classes) {
		name := c
		if name == "" {
			name = "(no class)"
		}
		for _, end := range [...]string{"a", "b"} {
			b = append(b, "\t\t\"legend_c"...)
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, end...)
			b = append(b, "\" [label=\"\" shape=\"point\" width=\"0.05\"];\n"...)
		}
		b = append(b, "\t\t\"legend_c"...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, "a\" -> \"legend_c"...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, "b\" [label="...)
		b = appendDOTString(b, name, dotMaxLabel)
		b = append(b, " color="...)
		b = appendDOTString(b, classColor(c), dotMaxLabel)
		b = append(b, "];\n"...)
	}
	d.buf = append(b, "\t}\n"...)
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// appendDOTString appends s as a DOT quoted string whose content is at most
// limit bytes, cut on a character boundary and ended with "…" when too long.
// It is the only place where DOT escaping happens:
//   - `"` becomes `\"` and `\` becomes `\\` (Graphviz keeps other
//     backslashes, and in labels `\n`, `\l`, `\N` … have meanings);
//   - line breaks become `\n`, tabs a space;
//   - `&` becomes `&amp;` because labels decode HTML entities;
//   - invalid UTF-8 becomes U+FFFD, and characters that are not allowed in
//     XML (C0 controls, U+FFFE, U+FFFF) are dropped, since Graphviz copies
//     them into SVG output, which XML readers then reject.
func appendDOTString(dst []byte, s string, limit int) []byte {
	dst = append(dst, '"')
	start, cut := len(dst), -1
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		var esc string
		switch {
		case r == '"':
			esc = `\"`
		case r == '\\':
			esc = `\\`
		case r == '&':
			esc = "&amp;"
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			esc = `\n`
		case r == '\n':
			esc = `\n`
		case r == '\t':
			esc = " "
		case !xmlChar(r):
			continue
		}
		n := len(esc)
		if esc == "" {
			n = utf8.RuneLen(r)
		}
		if cut < 0 && len(dst)-start+n > limit-len(ellipsis) {
			cut = len(dst) // the last point where "…" still fits
		}
		switch {
		case esc != "":
			dst = append(dst, esc...)
		case r < utf8.RuneSelf:
			dst = append(dst, byte(r))
		default:
			dst = utf8.AppendRune(dst, r)
		}
		if len(dst)-start > limit {
			dst = append(dst[:cut], ellipsis...)
			break
		}
	}
	return append(dst, '"')
}
