package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

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

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func table(w io.Writer, header string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		for i := range r {
			r[i] = cell(r[i])
		}
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

type nodeJSON struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Aliases  []string `json:"aliases"`
	Mentions int      `json:"mentions"`
}

func toJSON(n graph.Node) nodeJSON {
	a := n.Aliases
	if a == nil {
		a = []string{}
	}
	return nodeJSON{n.ID, n.Name, n.Type, a, n.Mentions}
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
		Flags: append([]cli.Flag{dbFlag(), jsonFlag()}, filterFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cli.Exit("neighbors takes one NAME", 2)
			}
			f, err := filterOf(c)
			if err != nil {
				return err
			}
			depth := f.Depth
			f.Around, f.Depth = "", 0
			return withStore(c, func(s *graph.Store) error {
				n, err := resolveOne(c.Context, s, c.Args().First())
				if err != nil {
					return err
				}
				v, err := s.View(c.Context, f)
				if err != nil {
					return err
				}
				nodes, err := v.Neighbors(n.ID, depth)
				if errors.Is(err, graph.ErrNotFound) {
					nodes, err = nil, nil
				}
				if err != nil {
					return err
				}
				if c.Bool("json") {
					out := []nodeJSON{}
					for _, m := range nodes {
						out = append(out, toJSON(m))
					}
					return writeJSON(c.App.Writer, out)
				}
				if len(nodes) == 0 {
					fmt.Fprintf(c.App.Writer, "%s has no neighbours in the selected graph\n", n.Name)
					return nil
				}
				var rows [][]string
				for _, m := range nodes {
					rows = append(rows, []string{m.Name, m.Type, fmt.Sprint(m.Mentions)})
				}
				return table(c.App.Writer, "NAME\tTYPE\tMENTIONS", rows)
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
		Flags: append([]cli.Flag{dbFlag(), jsonFlag()}, filterFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return cli.Exit("path takes two names: kg path A B", 2)
			}
			f, err := filterOf(c)
			if err != nil {
				return err
			}
			return withStore(c, func(s *graph.Store) error {
				a, err := resolveOne(c.Context, s, c.Args().Get(0))
				if err != nil {
					return err
				}
				b, err := resolveOne(c.Context, s, c.Args().Get(1))
				if err != nil {
					return err
				}
				v, err := s.View(c.Context, f)
				if err != nil {
					return err
				}
				hops, err := v.Path(a.ID, b.ID)
				if errors.Is(err, graph.ErrNoPath) || errors.Is(err, graph.ErrNotFound) {
					return cli.Exit(fmt.Sprintf("no path between %s and %s", a.Name, b.Name), 1)
				}
				if err != nil {
					return err
				}
				if c.Bool("json") {
					type hop struct {
						From      nodeJSON `json:"from"`
						To        nodeJSON `json:"to"`
						Predicate string   `json:"predicate"`
						Reverse   bool     `json:"reverse"`
						Sentence  string   `json:"sentence"`
					}
					out := []hop{}
					for _, h := range hops {
						out = append(out, hop{toJSON(h.From), toJSON(h.To), h.Predicate, h.Reverse, h.Sentence})
					}
					return writeJSON(c.App.Writer, out)
				}
				w := c.App.Writer
				for i, h := range hops {
					arrow := fmt.Sprintf("%s -[%s]-> %s", h.From.Name, h.Predicate, h.To.Name)
					if h.Reverse {
						arrow = fmt.Sprintf("%s <-[%s]- %s", h.From.Name, h.Predicate, h.To.Name)
					}
					fmt.Fprintf(w, "%d. %s\n   %s\n", i+1, arrow, cell(h.Sentence))
				}
				return nil
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
		Flags: append([]cli.Flag{dbFlag(), jsonFlag()}, filterFlags()...),
		Action: func(c *cli.Context) error {
			f, err := filterOf(c)
			if err != nil {
				return err
			}
			return withStore(c, func(s *graph.Store) error {
				v, err := s.View(c.Context, f)
				if err != nil {
					return err
				}
				comps, err := v.Components()
				if err != nil {
					return err
				}
				if c.Bool("json") {
					out := [][]nodeJSON{}
					for _, comp := range comps {
						var cj []nodeJSON
						for _, n := range comp {
							cj = append(cj, toJSON(n))
						}
						out = append(out, cj)
					}
					return writeJSON(c.App.Writer, out)
				}
				var rows [][]string
				for i, comp := range comps {
					var names []string
					for _, n := range comp {
						names = append(names, n.Name)
					}
					rows = append(rows, []string{fmt.Sprint(i + 1), fmt.Sprint(len(comp)), strings.Join(names, ", ")})
				}
				return table(c.App.Writer, "#\tSIZE\tENTITIES", rows)
			})
		},
	}
}

func centralCommand() *cli.Command {
	return &cli.Command{
		Name:  "central",
		Usage: "rank entities by PageRank, with degree and betweenness",
		Description: `Examples:
   kg central --top 10
   kg central --type PERSON --json`,
		Flags: append([]cli.Flag{dbFlag(), jsonFlag()}, filterFlags()...),
		Action: func(c *cli.Context) error {
			f, err := filterOf(c)
			if err != nil {
				return err
			}
			top := f.Top
			if top == 0 {
				top = 20
			}
			f.Top = 0
			return withStore(c, func(s *graph.Store) error {
				v, err := s.View(c.Context, f)
				if err != nil {
					return err
				}
				cs, err := v.Central(top)
				if err != nil {
					return err
				}
				if c.Bool("json") {
					type cj struct {
						nodeJSON
						Degree      int     `json:"degree"`
						Weight      int     `json:"weight"`
						Betweenness float64 `json:"betweenness"`
						PageRank    float64 `json:"pagerank"`
					}
					out := []cj{}
					for _, x := range cs {
						out = append(out, cj{toJSON(x.Node), x.Degree, x.Weight, x.Betweenness, x.PageRank})
					}
					return writeJSON(c.App.Writer, out)
				}
				var rows [][]string
				for _, x := range cs {
					rows = append(rows, []string{x.Name, x.Type, fmt.Sprint(x.Degree), fmt.Sprint(x.Weight),
						fmt.Sprintf("%.3f", x.Betweenness), fmt.Sprintf("%.4f", x.PageRank)})
				}
				return table(c.App.Writer, "NAME\tTYPE\tDEGREE\tWEIGHT\tBETWEENNESS\tPAGERANK", rows)
			})
		},
	}
}

func searchCommand() *cli.Command {
	return &cli.Command{
		Name:      "search",
		Usage:     "find evidence sentences and the edges they support",
		ArgsUsage: "TEXT",
		Description: `Matches TEXT inside evidence sentences, ignoring case and accents
("erdogan" finds "Erdoğan").

Examples:
   kg search ceasefire
   kg search "peace talks" --limit 5 --json`,
		Flags: []cli.Flag{dbFlag(), jsonFlag(), &cli.IntFlag{Name: "limit", Value: 50, Usage: "at most `N` results"}},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cli.Exit(`search takes one TEXT (quote several words: kg search "peace talks")`, 2)
			}
			return withStore(c, func(s *graph.Store) error {
				ev, err := s.SearchEvidence(c.Context, c.Args().First(), c.Int("limit"))
				if err != nil {
					return err
				}
				if c.Bool("json") {
					if ev == nil {
						ev = []graph.Evidence{}
					}
					return writeJSON(c.App.Writer, ev)
				}
				if len(ev) == 0 {
					fmt.Fprintln(c.App.Writer, "no evidence sentence matches")
					return nil
				}
				var rows [][]string
				for _, e := range ev {
					rows = append(rows, []string{e.Subject, e.Predicate, e.Object, e.DocumentURI, e.Sentence})
				}
				return table(c.App.Writer, "SUBJECT\tPREDICATE\tOBJECT\tDOCUMENT\tSENTENCE", rows)
			})
		},
	}
}
