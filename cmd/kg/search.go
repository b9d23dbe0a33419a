package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"kg/graph"
)

// searchJSON is what kg search --json prints: the entities whose name or
// an alias matches, and the sentences, best first.
type searchJSON struct {
	Entities  []entityHitJSON   `json:"entities"`
	Sentences []sentenceHitJSON `json:"sentences"`
}

// entityHitJSON is an entity with its search score.
type entityHitJSON struct {
	entityJSON
	Score float64 `json:"score"`
}

// sentenceHitJSON is a matching sentence with the evidence it gives: one
// object per edge it supports, empty when it supports none.
type sentenceHitJSON struct {
	Document   string         `json:"document"`
	DocumentID int64          `json:"document_id"`
	Title      string         `json:"title"`
	Published  string         `json:"published"`
	Sentence   string         `json:"sentence"`
	Start      int            `json:"start"`
	End        int            `json:"end"`
	Score      float64        `json:"score"`
	Evidence   []evidenceJSON `json:"evidence"`
}

// runSearch prints the entities and sentences matching query, at most
// limit of each (0: all); f decides which evidence is shown (negated and
// hedged only when asked for).
func runSearch(ctx context.Context, s *graph.Store, o output, query string, limit int, f graph.Filter) error {
	ents, err := s.SearchEntities(ctx, query, limit)
	if err != nil {
		return searchError(err)
	}
	sents, err := s.SearchSentences(ctx, query, limit)
	if err != nil {
		return searchError(err)
	}
	out := searchJSON{Entities: []entityHitJSON{}, Sentences: []sentenceHitJSON{}}
	var entRows, sentRows [][]string
	for _, h := range ents {
		out.Entities = append(out.Entities, entityHitJSON{entityOf(h.Node), h.Score})
		entRows = append(entRows, []string{fmt.Sprint(h.Node.ID), h.Node.Name, h.Node.Type, strings.Join(h.Node.Aliases, "; "), fmt.Sprint(h.Node.Mentions)})
	}
	for _, h := range sents {
		j := sentenceHitJSON{Document: h.DocumentURI, DocumentID: h.DocumentID, Title: h.Title, Published: h.Published,
			Sentence: h.Sentence, Start: h.Start, End: h.End, Score: h.Score, Evidence: []evidenceJSON{}}
		var edges []string
		for _, e := range h.Evidence {
			if !f.Keeps(e) {
				continue
			}
			j.Evidence = append(j.Evidence, evidenceOf(e))
			var at []string
			if e.AttributedTo != "" {
				at = []string{e.AttributedTo}
			}
			edge := e.Subject + " -" + e.Predicate + "-> " + e.Object
			if m := marks(e.Negated, e.Hedged, e.Former, at); m != "" {
				edge += " (" + m + ")"
			}
			edges = append(edges, edge)
		}
		out.Sentences = append(out.Sentences, j)
		sentRows = append(sentRows, []string{fmt.Sprintf("%.2f", h.Score), h.DocumentURI, h.Sentence, strings.Join(edges, "; ")})
	}
	if o.json {
		return writeJSON(o.w, out)
	}
	sentHeader := []string{"score", "document", "sentence", "edges"}
	if o.csv {
		// One table per CSV: the sentences. kg entities --name lists the
		// entities.
		return o.print(nil, sentHeader, sentRows, "")
	}
	if len(entRows) == 0 && len(sentRows) == 0 {
		_, err := fmt.Fprintf(o.w, "nothing matches %q\n", query)
		return err
	}
	if len(entRows) > 0 {
		if err := o.print(nil, []string{"id", "name", "type", "aliases", "mentions"}, entRows, ""); err != nil {
			return err
		}
		if len(sentRows) > 0 {
			fmt.Fprintln(o.w)
		}
	}
	return o.print(nil, sentHeader, sentRows, "")
}

// searchError turns an empty query into a usage error.
func searchError(err error) error {
	if errors.Is(err, graph.ErrEmptyQuery) {
		return cli.Exit(`search: `+err.Error()+` (kg search "peace talks")`, 2)
	}
	return err
}

// matchNames keeps the nodes whose name or an alias matches pattern (the
// words of kg search; word* for a prefix), best match first.
func matchNames(ctx context.Context, s *graph.Store, pattern string, nodes []graph.Node) ([]graph.Node, error) {
	hits, err := s.SearchEntities(ctx, pattern, 0)
	if err != nil {
		if errors.Is(err, graph.ErrEmptyQuery) {
			return nil, cli.Exit(fmt.Sprintf("--name %q has no word to match (kg entities --name walsh)", pattern), 2)
		}
		return nil, err
	}
	keep := make(map[int64]bool, len(nodes))
	for _, n := range nodes {
		keep[n.ID] = true
	}
	var out []graph.Node
	for _, h := range hits {
		if keep[h.Node.ID] {
			out = append(out, h.Node)
		}
	}
	return out, nil
}
