package export

import (
	"bytes"
	"io"
	"strconv"
	"unicode/utf8"

	"kg/graph"
)

// Cypher writes a graph as a Cypher script that can be run again and
// again (cypher-shell -f graph.cypher): it creates a uniqueness constraint
// on :Entity(kg_id), then MERGEs each node on its kg_id and sets its
// properties and its type as a label,
//
//	MERGE (n:Entity {kg_id: 12}) SET n.name = 'Ann', …, n:PERSON;
//
// then MERGEs each edge on its two ends, relationship type and predicate,
// and sets its other properties:
//
//	MATCH (a:Entity {kg_id: 12}), (b:Entity {kg_id: 7})
//	MERGE (a)-[r:CONSULT {predicate: 'met'}]->(b) SET r.kg_id = 40, r.weight = 2, …;
//
// The relationship type is the class made safe for Neo4j, or RELATED; the
// predicate, an open set of phrases, is a property (see relType). The
// nodes and relationships match those of the CSV export. Empty values are
// set to null, which removes a stale property when the script runs again.
// Strings are single-quoted Cypher literals; see appendCypherString.
//
// Call WriteNode for every node, then WriteEdge for every edge, then Close.
// Output is buffered; Close flushes it but does not close the underlying
// writer. The first error stops the writer, and every later call returns it.
type Cypher struct {
	stream
}

// NewCypher returns a Cypher writer that writes to w.
func NewCypher(w io.Writer) *Cypher {
	c := &Cypher{}
	c.stream = newStream("cypher", w, c.step)
	return c
}

func (c *Cypher) step(to int) {
	if to == phaseNodes {
		c.buf = append(c.buf, "CREATE CONSTRAINT kg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.kg_id IS UNIQUE;\n"...)
	}
	c.flushBuf()
}

// WriteNode writes one node.
func (c *Cypher) WriteNode(n graph.Node) error {
	if err := c.enter(phaseNodes); err != nil {
		return err
	}
	b := append(c.buf, "MERGE (n:Entity {kg_id: "...)
	b = strconv.AppendInt(b, n.ID, 10)
	b = append(b, "}) SET n.name = "...)
	b = appendCypherValue(b, n.Name)
	b = append(b, ", n.type = "...)
	b = appendCypherValue(b, n.Type)
	b = append(b, ", n.aliases = ["...)
	for i, a := range n.Aliases {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendCypherString(b, a)
	}
	b = append(b, "], n.mentions = "...)
	b = strconv.AppendInt(b, int64(n.Mentions), 10)
	if t := neo4jToken(n.Type); t != "" {
		b = append(b, ", n:"...)
		b = append(b, t...)
	}
	c.buf = append(b, ";\n"...)
	c.flushBuf()
	return c.err
}

// WriteEdge writes one edge.
func (c *Cypher) WriteEdge(e graph.Edge) error {
	if err := c.enter(phaseEdges); err != nil {
		return err
	}
	b := append(c.buf, "MATCH (a:Entity {kg_id: "...)
	b = strconv.AppendInt(b, e.Source, 10)
	b = append(b, "}), (b:Entity {kg_id: "...)
	b = strconv.AppendInt(b, e.Target, 10)
	b = append(b, "}) MERGE (a)-[r:"...)
	b = append(b, relType(e.Class)...)
	b = append(b, " {predicate: "...)
	b = appendCypherString(b, e.Predicate)
	b = append(b, "}]->(b) SET r.kg_id = "...)
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, ", r.class = "...)
	b = appendCypherValue(b, e.Class)
	b = append(b, ", r.weight = "...)
	b = strconv.AppendInt(b, int64(e.Weight), 10)
	b = append(b, ", r.confidence = "...)
	if finite(e.Confidence) {
		mark := len(b)
		b = strconv.AppendFloat(b, e.Confidence, 'f', -1, 64)
		if !bytes.ContainsRune(b[mark:], '.') {
			b = append(b, ".0"...) // keep it a float in Neo4j
		}
	} else {
		b = append(b, "null"...)
	}
	b = append(b, ", r.negated = "...)
	b = strconv.AppendBool(b, e.Negated)
	b = append(b, ", r.hedged = "...)
	b = strconv.AppendBool(b, e.Hedged)
	b = append(b, ", r.sentence = "...)
	b = appendCypherValue(b, e.Sentence)
	b = append(b, ", r.document = "...)
	b = appendCypherValue(b, e.DocumentURI)
	b = append(b, ", r.document_id = "...)
	if e.DocumentID != 0 {
		b = strconv.AppendInt(b, e.DocumentID, 10)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, ", r.first_date = "...)
	b = appendCypherValue(b, e.FirstDate)
	b = append(b, ", r.last_date = "...)
	b = appendCypherValue(b, e.LastDate)
	c.buf = append(b, ";\n"...)
	c.flushBuf()
	return c.err
}

// Close flushes.
func (c *Cypher) Close() error { return c.close() }

// appendCypherValue appends s as a string literal, or null when s is empty.
func appendCypherValue(dst []byte, s string) []byte {
	if s == "" {
		return append(dst, "null"...)
	}
	return appendCypherString(dst, s)
}

// appendCypherString appends s as a single-quoted Cypher string literal. It
// is the only place where Cypher escaping happens: `\` and `'` are
// escaped, line breaks, tabs, backspace and form feed use their
// backslash escapes, other control characters become \uXXXX, and invalid
// UTF-8 becomes U+FFFD; other characters are written as they are.
func appendCypherString(dst []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	dst = append(dst, '\'')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case '\\', '\'':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, `\n`...)
			case '\r':
				dst = append(dst, `\r`...)
			case '\t':
				dst = append(dst, `\t`...)
			case '\b':
				dst = append(dst, `\b`...)
			case '\f':
				dst = append(dst, `\f`...)
			default:
				if c < 0x20 || c == 0x7f {
					dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
				} else {
					dst = append(dst, c)
				}
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		dst = utf8.AppendRune(dst, r) // RuneError for invalid bytes
	}
	return append(dst, '\'')
}
