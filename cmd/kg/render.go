package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"kg/graph"
)

// Graphviz's dot lays out a news graph of about a hundred labelled entities
// in seconds, and takes minutes from a few hundred (a random graph of 200
// entities with two edges each: 29 s; 100: 1.5 s); sfdp draws thousands in
// a second but reads less well.
const (
	// renderMaxNodes is the most entities kg render draws unless --top
	// asks for another number.
	renderMaxNodes = 150
	// renderDotMax is the most entities drawn with dot; above, sfdp.
	renderDotMax = 60
)

// planRender fits opts to what Graphviz draws in seconds: only entities
// with an edge under the filter (unless keepIsolated), at most
// renderMaxNodes of them (the most connected) unless --top (topSet) asked
// for a number, and sfdp above renderDotMax unless a layout was named. It
// says on stderr when it leaves entities out, and how to get them.
func planRender(ctx context.Context, db string, opts *exportOptions, keepIsolated, topSet bool, stderr io.Writer) error {
	store, err := openRead(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	f, err := normalize(ctx, store, opts.filter)
	if err != nil {
		return err
	}
	connected := map[int64]bool{}
	if err := store.Edges(ctx, f, func(e graph.Edge) error {
		connected[e.Source], connected[e.Target] = true, true
		return nil
	}); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	n := len(connected)
	if keepIsolated {
		n = 0
		if err := store.Nodes(ctx, f, func(graph.Node) error { n++; return nil }); err != nil {
			return fmt.Errorf("render: %w", err)
		}
	}
	limit := n
	switch {
	case topSet:
		limit = min(n, f.Top)
	case n > renderMaxNodes:
		limit = renderMaxNodes
		fmt.Fprintf(stderr, "kg: drawing the %d most connected of %d entities, since Graphviz takes minutes on more; "+
			"--top N draws another number, --around NAME one entity's neighbourhood, --type or --min-weight fewer, "+
			"and kg export --format dot writes them all\n", limit, n)
	}
	if !keepIsolated && limit > 0 {
		// Isolated entities have degree 0, so the most connected ones
		// are exactly those with an edge.
		opts.filter.Top = limit
	}
	if opts.layout == "" && limit > renderDotMax {
		opts.layout = "sfdp"
	}
	return nil
}

// captionWriter passes a DOT graph through and, before its closing brace,
// adds a caption saying what the lines mean, which the legend (one swatch
// per type and class) does not.
type captionWriter struct {
	w       io.Writer
	tail    []byte // the last bytes seen, held back until Close
	caption string
}

// captionOf says what line width and style mean in a render with filter f.
func captionOf(f graph.Filter) string {
	s := "Lines: colour = class (legend); thicker = more sentences of evidence; hover for the first sentence"
	if f.IncludeNegated {
		s += "; dashed = negated"
	}
	if f.IncludeHedged {
		s += "; dotted = hedged"
	}
	return "\tlabel=" + dotQuote(s) + " labelloc=\"b\" fontsize=\"10\";\n"
}

func dotQuote(s string) string {
	var b bytes.Buffer
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

const captionHold = 16 // bytes held back: more than "}\n"

func (c *captionWriter) Write(p []byte) (int, error) {
	c.tail = append(c.tail, p...)
	if len(c.tail) > captionHold {
		n := len(c.tail) - captionHold
		if _, err := c.w.Write(c.tail[:n]); err != nil {
			return 0, err
		}
		c.tail = append(c.tail[:0], c.tail[n:]...)
	}
	return len(p), nil
}

// Close writes the caption before the last '}' and what follows it.
func (c *captionWriter) Close() error {
	i := bytes.LastIndexByte(c.tail, '}')
	if i < 0 {
		_, err := c.w.Write(c.tail)
		return err
	}
	out := append(append(append([]byte{}, c.tail[:i]...), c.caption...), c.tail[i:]...)
	_, err := c.w.Write(out)
	return err
}
