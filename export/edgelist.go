package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"kg/graph"
)

// edgeListHeader is the header of the edges-csv format.
var edgeListHeader = []string{"subject", "predicate", "object", "class", "weight",
	"negated", "hedged", "former", "attributed_to", "confidence",
	"first_date", "last_date", "sentence", "document"}

// EdgeList writes a graph as one CSV table of edges for spreadsheets: one
// row per edge, with the subject's and object's names (not ids), predicate,
// class, weight (the number of evidence sentences), negated, hedged and
// former as true/false, the speakers it is attributed to (joined with
// "; "), confidence, the first and last dates, and the first evidence
// sentence and its document. Values are cleaned as for neo4j-admin (see
// csvValue), so every row is one line and opens as-is in a spreadsheet.
//
// The writer keeps the names of the nodes written, to name each edge's
// ends; that is the only state it holds. Call WriteNode for every node,
// then WriteEdge for every edge, then Close, which flushes but does not
// close the underlying writer. The first error stops the writer, and every
// later call returns it.
type EdgeList struct {
	w     *csv.Writer
	buf   *bufio.Writer
	names map[int64]string
	phase int
	err   error
	rec   []string
}

// NewEdgeList returns an edges-csv writer that writes to w.
func NewEdgeList(w io.Writer) *EdgeList {
	buf := bufio.NewWriterSize(w, 64<<10)
	return &EdgeList{w: csv.NewWriter(buf), buf: buf, names: map[int64]string{}}
}

func (l *EdgeList) enter(p int) error {
	if l.err != nil {
		return l.err
	}
	if l.phase == phaseClosed {
		return ErrClosed
	}
	if p < l.phase {
		return ErrNodeAfterEdge
	}
	if l.phase < phaseNodes {
		l.write(edgeListHeader)
	}
	l.phase = p
	return l.err
}

func (l *EdgeList) write(rec []string) {
	if l.err == nil {
		if err := l.w.Write(rec); err != nil {
			l.err = fmt.Errorf("export edges-csv: %w", err)
		}
	}
}

// WriteNode records the node's name for the edges that follow.
func (l *EdgeList) WriteNode(n graph.Node) error {
	if err := l.enter(phaseNodes); err != nil {
		return err
	}
	l.names[n.ID] = n.Name
	return nil
}

// WriteEdge writes one row.
func (l *EdgeList) WriteEdge(e graph.Edge) error {
	if err := l.enter(phaseEdges); err != nil {
		return err
	}
	conf := ""
	if finite(e.Confidence) {
		conf = strconv.FormatFloat(e.Confidence, 'g', -1, 64)
	}
	l.rec = append(l.rec[:0],
		csvValue(l.names[e.Source], false), csvValue(e.Predicate, false), csvValue(l.names[e.Target], false),
		csvValue(e.Class, false), strconv.Itoa(e.Weight),
		strconv.FormatBool(e.Negated), strconv.FormatBool(e.Hedged), strconv.FormatBool(e.Former),
		csvValue(strings.Join(e.AttributedTo, "; "), false), conf,
		csvValue(e.FirstDate, false), csvValue(e.LastDate, false),
		csvValue(e.Sentence, false), csvValue(e.DocumentURI, false))
	l.write(l.rec)
	return l.err
}

// Close flushes the table.
func (l *EdgeList) Close() error {
	if l.phase == phaseClosed {
		return l.err
	}
	if l.err == nil {
		l.enter(phaseClosed)
	}
	l.phase = phaseClosed
	l.w.Flush()
	if err := l.w.Error(); err != nil && l.err == nil {
		l.err = fmt.Errorf("export edges-csv: %w", err)
	}
	if err := l.buf.Flush(); err != nil && l.err == nil {
		l.err = fmt.Errorf("export edges-csv: %w", err)
	}
	return l.err
}
