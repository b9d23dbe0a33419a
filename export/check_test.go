package export

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// checkDOT checks what Graphviz's lexer needs: valid UTF-8, quoted strings
// that end (a backslash escapes the next byte) and stay under 16,381 bytes,
// braces and brackets balanced outside strings, no control characters. It
// returns the number of node and edge statements ("n…" [ and -> "n…").
func checkDOT(out []byte) (nodes, edges int, err error) {
	if !utf8.Valid(out) {
		return 0, 0, errors.New("invalid UTF-8")
	}
	depth, brackets := 0, 0
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case c == '"':
			start := i
			for i++; i < len(out) && out[i] != '"'; i++ {
				if out[i] == '\\' {
					i++
				}
				if i < len(out) && out[i] < 0x20 {
					return 0, 0, fmt.Errorf("control byte %#x in string at %d", out[i], i)
				}
			}
			if i >= len(out) {
				return 0, 0, fmt.Errorf("string at %d never ends", start)
			}
			if n := i - start - 1; n > 16381 {
				return 0, 0, fmt.Errorf("string at %d is %d bytes", start, n)
			}
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth < 0 {
				return 0, 0, fmt.Errorf("unbalanced } at %d", i)
			}
		case c == '[':
			brackets++
		case c == ']':
			brackets--
			if brackets != 0 {
				return 0, 0, fmt.Errorf("unbalanced ] at %d", i)
			}
		case c < 0x20 && c != '\n' && c != '\t':
			return 0, 0, fmt.Errorf("control byte %#x at %d", c, i)
		}
	}
	if depth != 0 || brackets != 0 {
		return 0, 0, fmt.Errorf("unbalanced: depth %d, brackets %d at end", depth, brackets)
	}
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimPrefix(line, "subgraph ")
		if i := strings.Index(line, "{ "); strings.HasPrefix(line, `"cluster_`) && i >= 0 {
			line = line[i+2:]
			if j := strings.Index(line, `; "n`); j >= 0 {
				line = line[j+2:]
			}
		}
		switch {
		case strings.HasPrefix(line, `"n`) && strings.Contains(line, `" -> "n`):
			edges++
		case strings.HasPrefix(line, `"n`):
			nodes++
		}
	}
	return nodes, edges, nil
}

// xmlDoc is the part of a GraphML or GEXF document the tests look at.
type xmlDoc struct {
	Keys  []xmlKey `xml:"key"`
	Graph xmlGraph `xml:"graph"`
}

type xmlKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type xmlAttr struct {
	ID   string `xml:"id,attr"`
	Type string `xml:"type,attr"`
}

type xmlGraph struct {
	Attrs []xmlAttr `xml:"attributes>attribute"`
	Nodes []xmlElem `xml:"node"`
	Edges []xmlElem `xml:"edge"`
	// GEXF puts them one level down.
	GEXFNodes []xmlElem `xml:"nodes>node"`
	GEXFEdges []xmlElem `xml:"edges>edge"`
}

type xmlElem struct {
	ID     string    `xml:"id,attr"`
	Label  string    `xml:"label,attr"`
	Kind   string    `xml:"kind,attr"`
	Source string    `xml:"source,attr"`
	Target string    `xml:"target,attr"`
	Start  string    `xml:"start,attr"`
	End    string    `xml:"end,attr"`
	Data   []xmlData `xml:"data"`
	Values []xmlData `xml:"attvalues>attvalue"`
}

type xmlData struct {
	Key   string `xml:"key,attr"`
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
	Text  string `xml:",chardata"`
}

func (e xmlElem) data(key string) (string, bool) {
	for _, d := range e.Data {
		if d.Key == key {
			return d.Text, true
		}
	}
	for _, d := range e.Values {
		if d.For == key {
			return d.Value, true
		}
	}
	return "", false
}

// parseXML decodes out strictly, reading every token first so that any
// well-formedness error is reported.
func parseXML(out []byte) (xmlDoc, error) {
	var doc xmlDoc
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return doc, err
		}
	}
	err := xml.Unmarshal(out, &doc)
	return doc, err
}

// asXMLSees is what an XML reader should get back for s: invalid bytes as
// U+FFFD, characters XML forbids gone, line ends normalised.
func asXMLSees(s string) string {
	s = strings.Map(func(r rune) rune {
		if !xmlChar(r) {
			return -1
		}
		return r
	}, string([]rune(s)))
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
