package export

import (
	"io"
	"strconv"
	"unicode/utf8"

	"kg/graph"
)

// JSON writes a graph as node-link JSON, the shape networkx reads with
// node_link_graph:
//
//	{"directed":true,"multigraph":true,"graph":{},
//	 "nodes":[{"id":"n12","kg_id":12,"label":"…","type":"PERSON","aliases":["…"],"mentions":3}, …],
//	 "links":[{"key":"e40","kg_id":40,"source":"n12","target":"n7","label":"met",
//	           "class":"CONSULT","weight":2,"confidence":0.9,"negated":false,"hedged":false,
//	           "former":false,"attributed_to":["…"],"sentence":"…","document":"…","document_id":3,
//	           "first_date":"2024-05-01","last_date":"2024-05-02",
//	           "evidence":[{"sentence":"…","document":"…","document_id":3,"published":"2024-05-01",
//	                        "start":120,"end":164,"negated":false,"hedged":false,"former":false,
//	                        "attributed_to":null,"confidence":0.9}, …]}, …]}
//
// weight is the number of evidence sentences kept; "evidence" lists them
// all when the edges were read with graph.Filter.WithEvidence, and is
// absent otherwise.
//
// Empty strings, zero document ids and non-finite confidences are left out.
// The file is one line. In Python (networkx ≥ 3.4 wants edges="links";
// older versions read "links" by default):
//
//	G = nx.node_link_graph(json.load(f), edges="links")
//
// graphology's Graph.from/import wants its own serialization; one jq line
// converts:
//
//	jq '{options:{type:"directed",multi:true,allowSelfLoops:true},attributes:.graph,nodes:[.nodes[]|{key:.id,attributes:del(.id)}],edges:[.links[]|{key,source,target,attributes:del(.key,.source,.target)}]}'
//
// Call WriteNode for every node, then WriteEdge for every edge, then Close.
// Output is buffered; Close flushes it but does not close the underlying
// writer. The first error stops the writer, and every later call returns it.
type JSON struct {
	stream
	first bool // no element written yet in the current array
}

// NewJSON returns a node-link JSON writer that writes to w.
func NewJSON(w io.Writer) *JSON {
	j := &JSON{}
	j.stream = newStream("json", w, j.step)
	return j
}

func (j *JSON) step(to int) {
	switch to {
	case phaseNodes:
		j.buf = append(j.buf, `{"directed":true,"multigraph":true,"graph":{},"nodes":[`...)
	case phaseEdges:
		j.buf = append(j.buf, `],"links":[`...)
	case phaseClosed:
		j.buf = append(j.buf, "]}\n"...)
	}
	j.first = true
	j.flushBuf()
}

// WriteNode writes one node.
func (j *JSON) WriteNode(n graph.Node) error {
	if err := j.enter(phaseNodes); err != nil {
		return err
	}
	b := j.sep(j.buf)
	b = append(b, `{"id":"n`...)
	b = strconv.AppendInt(b, n.ID, 10)
	b = append(b, `","kg_id":`...)
	b = strconv.AppendInt(b, n.ID, 10)
	b = appendJSONField(b, "label", n.Name)
	b = appendJSONField(b, "type", n.Type)
	b = append(b, `,"aliases":[`...)
	for i, a := range n.Aliases {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, a)
	}
	b = append(b, `],"mentions":`...)
	b = strconv.AppendInt(b, int64(n.Mentions), 10)
	j.buf = append(b, '}')
	j.flushBuf()
	return j.err
}

// WriteEdge writes one edge.
func (j *JSON) WriteEdge(e graph.Edge) error {
	if err := j.enter(phaseEdges); err != nil {
		return err
	}
	b := j.sep(j.buf)
	b = append(b, `{"key":"e`...)
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, `","kg_id":`...)
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, `,"source":"n`...)
	b = strconv.AppendInt(b, e.Source, 10)
	b = append(b, `","target":"n`...)
	b = strconv.AppendInt(b, e.Target, 10)
	b = append(b, '"')
	b = appendJSONField(b, "label", e.Predicate)
	b = appendJSONField(b, "class", e.Class)
	b = append(b, `,"weight":`...)
	b = strconv.AppendInt(b, int64(e.Weight), 10)
	if finite(e.Confidence) {
		b = append(b, `,"confidence":`...)
		b = strconv.AppendFloat(b, e.Confidence, 'g', -1, 64)
	}
	b = append(b, `,"negated":`...)
	b = strconv.AppendBool(b, e.Negated)
	b = append(b, `,"hedged":`...)
	b = strconv.AppendBool(b, e.Hedged)
	b = append(b, `,"former":`...)
	b = strconv.AppendBool(b, e.Former)
	b = append(b, `,"attributed_to":`...)
	b = appendJSONStrings(b, e.AttributedTo)
	b = appendJSONField(b, "sentence", e.Sentence)
	b = appendJSONField(b, "document", e.DocumentURI)
	if e.DocumentID != 0 {
		b = append(b, `,"document_id":`...)
		b = strconv.AppendInt(b, e.DocumentID, 10)
	}
	b = appendJSONField(b, "first_date", e.FirstDate)
	b = appendJSONField(b, "last_date", e.LastDate)
	if e.Evidence != nil {
		b = append(b, `,"evidence":[`...)
		for i, v := range e.Evidence {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"sentence":`...)
			b = appendJSONString(b, v.Sentence)
			b = append(b, `,"document":`...)
			b = appendJSONString(b, v.DocumentURI)
			b = append(b, `,"document_id":`...)
			b = strconv.AppendInt(b, v.DocumentID, 10)
			b = append(b, `,"published":`...)
			b = appendJSONString(b, v.Published)
			b = append(b, `,"start":`...)
			b = strconv.AppendInt(b, int64(v.Start), 10)
			b = append(b, `,"end":`...)
			b = strconv.AppendInt(b, int64(v.End), 10)
			b = append(b, `,"negated":`...)
			b = strconv.AppendBool(b, v.Negated)
			b = append(b, `,"hedged":`...)
			b = strconv.AppendBool(b, v.Hedged)
			b = append(b, `,"former":`...)
			b = strconv.AppendBool(b, v.Former)
			b = append(b, `,"attributed_to":`...)
			if v.AttributedTo == "" {
				b = append(b, "null"...)
			} else {
				b = appendJSONString(b, v.AttributedTo)
			}
			if finite(v.Confidence) {
				b = append(b, `,"confidence":`...)
				b = strconv.AppendFloat(b, v.Confidence, 'g', -1, 64)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	j.buf = append(b, '}')
	j.flushBuf()
	return j.err
}

// Close ends the document and flushes.
func (j *JSON) Close() error { return j.close() }

// sep appends the comma between array elements.
func (j *JSON) sep(b []byte) []byte {
	if j.first {
		j.first = false
		return b
	}
	return append(b, ',')
}

// appendJSONField appends `,"name":"v"`, or nothing when v is empty.
func appendJSONField(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	b = append(b, `,"`...)
	b = append(b, name...)
	b = append(b, `":`...)
	return appendJSONString(b, v)
}

// appendJSONStrings appends ss as a JSON array of strings.
func appendJSONStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string. It is the only place where
// JSON escaping happens: `"` and `\` are escaped, control characters become
// \n, \r, \t or \u00XX, U+2028 and U+2029 become \u2028 and \u2029 (they end
// lines in JavaScript source), and invalid UTF-8 becomes U+FFFD. Everything
// else, <, > and & included, is written as is.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, `\n`...)
			case c == '\r':
				dst = append(dst, `\r`...)
			case c == '\t':
				dst = append(dst, `\t`...)
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				dst = append(dst, c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '\u2028':
			dst = append(dst, `\u2028`...)
		case '\u2029':
			dst = append(dst, `\u2029`...)
		default:
			dst = utf8.AppendRune(dst, r) // RuneError for invalid bytes
		}
	}
	return append(dst, '"')
}
