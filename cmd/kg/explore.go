package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"kg/graph"
)

// resolveOne turns a name into exactly one node, listing the candidates
// when the name is ambiguous.
func resolveOne(ctx context.Context, s *graph.Store, name string) (graph.Node, error) {
	nodes, err := s.Resolve(ctx, name)
	if err != nil {
		return graph.Node{}, err
	}
	switch len(nodes) {
	case 0:
		return graph.Node{}, cli.Exit(fmt.Sprintf("no entity is called %q (see 'kg entities')", name), 1)
	case 1:
		return nodes[0], nil
	}
	var c []string
	for _, n := range nodes {
		c = append(c, fmt.Sprintf("%q (%s, id %d)", n.Name, n.Type, n.ID))
	}
	return graph.Node{}, cli.Exit(fmt.Sprintf("%q is ambiguous: %s; give the full name", name, strings.Join(c, ", ")), 1)
}

func neighborsCommand() *cli.Command {
	return &cli.Command{
		Name:      "neighbors",
		Usage:     "list the entities within N hops of one entity",
		ArgsUsage: "NAME",
		Description: `NAME is a canonical name or an alias; an ambiguous name lists the candidates.
Negated and hedged edges count only with the --include flags.

Examples:
   kg neighbors Rubio
   kg neighbors "European Union" --depth 2 --json`,
		Flags: append(append([]cli.Flag{dbFlag()}, outputFlags()...), filterFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cli.Exit(fmt.Sprintf("neighbors takes one NAME, got %d arguments (quote a name of several words)", c.NArg()), 2)
			}
			o, err := outputOf(c)
			if err != nil {
				return err
			}
			return withStore(c, func(s *graph.Store) error {
				f, err := storeFilter(c, s)
				if err != nil {
					return err
				}
				depth := f.Depth
				f.Around, f.Depth = "", 0
				n, err := resolveOne(c.Context, s, c.Args().First())
				if err != nil {
					return err
				}
				// Walks from n through the store: reads only what depth reaches.
				nodes, err := s.Neighbors(c.Context, f, n.ID, depth)
				if errors.Is(err, graph.ErrNotFound) {
					nodes, err = nil, nil
				}
				if err != nil {
					return err
				}
				out := []entityJSON{}
				var rows [][]string
				for _, m := range nodes {
					out = append(out, entityOf(m))
					rows = append(rows, []string{fmt.Sprint(m.ID), m.Name, m.Type, fmt.Sprint(m.Mentions)})
				}
				return o.print(out, []string{"id", "name", "type", "mentions"}, rows,
					n.Name+" has no neighbours in the selected graph")
			})
		},
	}
}

func pathCommand() *cli.Command {
	return &cli.Command{
		Name:      "path",
		Usage:     "show the shortest path between two entities, with evidence",
		ArgsUsage: "A B",
		Description: `Follows edges in either direction and prints each hop with its predicates and
one evidence sentence.

Examples:
   kg path Rubio Zelenskyy
   kg path "Marco Rubio" Kremlin --json`,
		Flags: append(append([]cli.Flag{dbFlag()}, outputFlags()...), filterFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return cli.Exit("path takes two names: kg path A B", 2)
			}
			o, err := outputOf(c)
			if err != nil {
				return err
			}
			return withStore(c, func(s *graph.Store) error {
				f, err := storeFilter(c, s)
				if err != nil {
					return err
				}
				a, err := resolveOne(c.Context, s, c.Args().Get(0))
				if err != nil {
					return err
				}
				b, err := resolveOne(c.Context, s, c.Args().Get(1))
				if err != nil {
					return err
				}
				// Searches from both ends through the store.
				hops, err := s.Path(c.Context, f, a.ID, b.ID)
				if errors.Is(err, graph.ErrNoPath) || errors.Is(err, graph.ErrNotFound) {
					return cli.Exit(fmt.Sprintf("no path between %s and %s in the selected graph", a.Name, b.Name), 1)
				}
				if err != nil {
					return err
				}
				type hop struct {
					From  entityJSON `json:"from"`
					To    entityJSON `json:"to"`
					Edges []edgeJSON `json:"edges"`
				}
				out := []hop{}
				var rows [][]string
				for i, h := range hops {
					name := func(id int64) string {
						if id == h.From.ID {
							return h.From.Name
						}
						return h.To.Name
					}
					hj := hop{From: entityOf(h.From), To: entityOf(h.To), Edges: []edgeJSON{}}
					for _, e := range h.Edges {
						hj.Edges = append(hj.Edges, edgeOf(e, name))
						rows = append(rows, []string{fmt.Sprint(i + 1), name(e.Source), e.Predicate, name(e.Target),
							marks(e.Negated, e.Hedged, e.Former, e.AttributedTo), e.Sentence})
					}
					out = append(out, hj)
				}
				return o.print(out, []string{"hop", "subject", "predicate", "object", "marks", "sentence"}, rows, "")
			})
		},
	}
}

func componentsCommand() *cli.Command {
	return &cli.Command{
		Name:  "components",
		Usage: "list the connected groups of entities, largest first",
		Description: `Examples:
   kg components
   kg components --type PERSON,GPE --json`,
		Flags: append(append([]cli.Flag{dbFlag()}, outputFlags()...), filterFlags()...),
		Action: func(c *cli.Context) error {
			o, err := outputOf(c)
			if err != nil {
				return err
			}
			return withStore(c, func(s *graph.Store) error {
				f, err := storeFilter(c, s)
				if err != nil {
					return err
				}
				// Streamed: a component is written as soon as it is known,
				// the million entities alone last.
				st := o.stream([]string{"component", "size", "entities"}, "no entities in the selected graph")
				i := 0
				err = s.Components(c.Context, f, func(comp []graph.Node) error {
					i++
					var row []string
					if !o.json {
						names := make([]string, len(comp))
						for k, n := range comp {
							names[k] = n.Name
						}
						row = []string{fmt.Sprint(i), fmt.Sprint(len(comp)), strings.Join(names, "; ")}
					}
					return st.addArray(len(comp), func(k int) any { return entityOf(comp[k]) }, row)
				})
				if err != nil {
					return err
				}
				return st.close()
			})
		},
	}
}

func centralCommand() *cli.Command {
	return &cli.Command{
		Name:  "central",
		Usage: "rank entities by PageRank, with degree and betweenness",
		Description: `Ranks the entities with at least one edge the filters keep. Betweenness is
exact up to 5000 such entities; above, it is estimated from 128 sources drawn with a
fixed seed (the same every run), and --json says so in betweenness_method,
betweenness_pivots and betweenness_error (the 95% bound on its absolute error).

Examples:
   kg central --top 10
   kg central --type PERSON --json`,
		Flags: append(append([]cli.Flag{dbFlag()}, outputFlags()...), filterFlags()...),
		Action: func(c *cli.Context) error {
			o, err := outputOf(c)
			if err != nil {
				return err
			}
			return withStore(c, func(s *graph.Store) error {
				f, err := storeFilter(c, s)
				if err != nil {
					return err
				}
				top := f.Top
				if top == 0 {
					top = 20
				}
				f.Top = 0
				r, err := s.Central(c.Context, f, graph.CentralOptions{Top: top})
				if err != nil {
					return err
				}
				type cj struct {
					entityJSON
					Degree      int     `json:"degree"`
					Weight      int     `json:"weight"`
					Betweenness float64 `json:"betweenness"`
					PageRank    float64 `json:"pagerank"`
					// How betweenness was computed: "exact", or "sampled"
					// from betweenness_pivots sources, within
					// betweenness_error (95% confidence).
					Method string  `json:"betweenness_method"`
					Pivots int     `json:"betweenness_pivots"`
					Error  float64 `json:"betweenness_error"`
				}
				out := []cj{}
				var rows [][]string
				for _, x := range r.Nodes {
					out = append(out, cj{entityOf(x.Node), x.Degree, x.Weight, x.Betweenness, x.PageRank, r.Method, r.Pivots, r.Error})
					rows = append(rows, []string{fmt.Sprint(x.ID), x.Name, x.Type, fmt.Sprint(x.Degree), fmt.Sprint(x.Weight),
						fmt.Sprintf("%.3f", x.Betweenness), fmt.Sprintf("%.4f", x.PageRank)})
				}
				if r.Method == "sampled" && !o.json && !o.csv {
					fmt.Fprintf(c.App.ErrWriter, "kg central: betweenness sampled from %d of %d entities (within %.3f, 95%% confidence)\n",
						r.Pivots, r.Ranked, r.Error)
				}
				return o.print(out, []string{"id", "name", "type", "degree", "weight", "betweenness", "pagerank"}, rows,
					"no entities in the selected graph")
			})
		},
	}
}

func searchCommand() *cli.Command {
	return &cli.Command{
		Name:      "search",
		Usage:     "full-text search of every sentence and every entity name",
		ArgsUsage: "TEXT",
		Description: `Finds the entities whose name or an alias has every word of TEXT, and the
sentences of every stored document that have them all, best first (BM25), each with
the edges it supports. Case and accents are ignored ("erdogan" finds "Erdoğan");
"quoted words" must follow each other; word* matches the words it begins. Negated and
hedged evidence is shown only with the --include flags, marked. --json prints
{"entities": [...], "sentences": [...]}; --csv the sentences.

Examples:
   kg search ceasefire
   kg search "peace talks" --limit 5 --json`,
		Flags: append(append([]cli.Flag{dbFlag()}, outputFlags()...),
			&cli.IntFlag{Name: "limit", Value: 50, Usage: "at most `N` results (0: all)"},
			&cli.BoolFlag{Name: "include-negated", Usage: "show negated evidence too, marked"},
			&cli.BoolFlag{Name: "include-hedged", Usage: "show hedged evidence too, marked"},
		),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cli.Exit(fmt.Sprintf(`search takes one TEXT, got %d arguments (quote several words: kg search "peace talks")`, c.NArg()), 2)
			}
			o, err := outputOf(c)
			if err != nil {
				return err
			}
			f := graph.Filter{IncludeNegated: c.Bool("include-negated"), IncludeHedged: c.Bool("include-hedged")}
			limit := c.Int("limit")
			return withStore(c, func(s *graph.Store) error {
				return runSearch(c.Context, s, o, c.Args().First(), limit, f)
			})
		},
	}
}
