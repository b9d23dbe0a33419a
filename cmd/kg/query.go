package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"kg/graph"
)

// withStore opens the database read-only for a query command.
func withStore(c *cli.Context, fn func(*graph.Store) error) error {
	store, err := openRead(c.Context, dbPath(c))
	if err != nil {
		return err
	}
	defer store.Close()
	return fn(store)
}

// openRead opens a database that must exist, saying how to make one when it
// does not.
func openRead(ctx context.Context, path string) (*graph.Store, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, cli.Exit(fmt.Sprintf("%s does not exist: build it first with 'kg build --db %s [PATH...]'", path, path), 1)
	}
	return graph.OpenReadOnly(ctx, path)
}

// printQuery runs a read-only query and prints its rows as a table, CSV,
// or a JSON array of objects keyed by column name.
func printQuery(ctx context.Context, o output, store *graph.Store, query string, args ...any) error {
	rows, err := store.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var table [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		table = append(table, vals)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	objs := make([]map[string]any, len(table))
	cells := make([][]string, len(table))
	for i, row := range table {
		objs[i] = make(map[string]any, len(cols))
		cells[i] = make([]string, len(cols))
		for j, c := range cols {
			objs[i][c] = row[j]
			if row[j] != nil {
				cells[i][j] = fmt.Sprint(row[j])
			}
		}
	}
	return o.print(objs, cols, cells, "(no rows)")
}

func statsCommand() *cli.Command {
	return &cli.Command{
		Name:        "stats",
		Usage:       "count documents, entities, relations and evidence",
		Description: "Example:\n   kg stats --db news.db",
		Flags:       append([]cli.Flag{dbFlag()}, outputFlags()...),
		Action: func(c *cli.Context) error {
			o, err := outputOf(c)
			if err != nil {
				return err
			}
			return withStore(c, func(s *graph.Store) error {
				return printQuery(c.Context, o, s, statsSQL)
			})
		},
	}
}

const statsSQL = `
SELECT 'documents' AS what, count(*) AS count FROM documents
UNION ALL SELECT 'entities', count(*) FROM entities
UNION ALL SELECT 'entities ' || type, count(*) FROM (SELECT type FROM entities ORDER BY type) GROUP BY type
UNION ALL SELECT 'mentions', count(*) FROM mentions
UNION ALL SELECT 'relations', count(*) FROM relations
UNION ALL SELECT 'evidence', count(*) FROM evidence`

func entitiesCommand() *cli.Command {
	return &cli.Command{
		Name:  "entities",
		Usage: "list entities with their type, aliases and mention count",
		Description: `Most mentioned first; with --name, best match first.

Examples:
   kg entities
   kg entities --type person,gpe --limit 10 --json
   kg entities --name "vlad*"`,
		Flags: append(append([]cli.Flag{dbFlag()}, outputFlags()...),
			&cli.StringFlag{Name: "type", Usage: "only entities of these comma-separated `TYPES` (any case)"},
			&cli.StringFlag{Name: "name", Usage: "only entities whose name or an alias has these `WORDS` (any case or accents; word* for a prefix)"},
			&cli.IntFlag{Name: "limit", Value: 0, Usage: "at most `N` rows (0: all)"},
		),
		Action: func(c *cli.Context) error {
			o, err := outputOf(c)
			if err != nil {
				return err
			}
			return withStore(c, func(s *graph.Store) error {
				f, err := normalize(c.Context, s, graph.Filter{Types: splitList(c.String("type"))})
				if err != nil {
					return err
				}
				header := []string{"id", "name", "type", "aliases", "mentions"}
				row := func(n graph.Node) []string {
					return []string{fmt.Sprint(n.ID), n.Name, n.Type, strings.Join(n.Aliases, "; "), fmt.Sprint(n.Mentions)}
				}
				if pattern := c.String("name"); pattern != "" {
					// A name search returns few entities, best match first.
					var nodes []graph.Node
					if err := s.Nodes(c.Context, f, func(n graph.Node) error { nodes = append(nodes, n); return nil }); err != nil {
						return err
					}
					if nodes, err = matchNames(c.Context, s, pattern, nodes); err != nil {
						return err
					}
					if n := c.Int("limit"); n > 0 && len(nodes) > n {
						nodes = nodes[:n]
					}
					out := []entityJSON{}
					var rows [][]string
					for _, n := range nodes {
						out = append(out, entityOf(n))
						rows = append(rows, row(n))
					}
					return o.print(out, header, rows, "no entities")
				}
				// The whole table streams, sorted by SQLite, row by row
				// into a buffered writer.
				st := o.stream(header, "no entities")
				err = s.NodesByMentions(c.Context, f.Types, c.Int("limit"), func(n graph.Node) error {
					return st.add(entityOf(n), row(n))
				})
				if err != nil {
					return err
				}
				return st.close()
			})
		},
	}
}

func relationsCommand() *cli.Command {
	return &cli.Command{
		Name:  "relations",
		Usage: "list typed edges: subject, predicate, object, weight, evidence",
		Description: `Heaviest first. --entity matches the subject or the object by name or alias.
Edges whose every evidence is negated or hedged are left out unless asked for with
--include-negated or --include-hedged, and then marked; roles the text marks as
past ("former FTC chair") are marked former. --csv is the edge list for
spreadsheets: subject, predicate, object, class, weight, dates, first sentence
and document.

Examples:
   kg relations --entity Rubio
   kg relations --predicate met,accused --json
   kg relations --class role --include-hedged --csv`,
		Flags: append(append([]cli.Flag{dbFlag()}, outputFlags()...), append(filterFlags(),
			&cli.StringFlag{Name: "entity", Usage: "only edges touching the entity `NAME` (name or alias)"},
			&cli.IntFlag{Name: "limit", Usage: "at most `N` rows (0: all)"},
			&cli.BoolFlag{Name: "evidence", Usage: "with --json: every evidence sentence of each edge"},
		)...),
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
				f.WithEvidence = c.Bool("evidence")
				touch := map[int64]bool{}
				if name := c.String("entity"); name != "" {
					nodes, err := s.Resolve(c.Context, name)
					if err != nil {
						return err
					}
					if len(nodes) == 0 {
						return cli.Exit(fmt.Sprintf("no entity is called %q (see 'kg entities')", name), 1)
					}
					for _, n := range nodes {
						touch[n.ID] = true
					}
				}
				edges, name, err := edgeList(c.Context, s, f, touch)
				if err != nil {
					return err
				}
				if n := c.Int("limit"); n > 0 && len(edges) > n {
					edges = edges[:n]
				}
				out := []edgeJSON{}
				var rows [][]string
				for _, e := range edges {
					out = append(out, edgeOf(e, name))
					rows = append(rows, edgeRow(e, name))
				}
				return o.print(out, edgeHeader, rows, "no relations in the selected graph")
			})
		},
	}
}

// edgeHeader and edgeRow are the columns of the edge list: the relations
// table, its CSV and the edges-csv export.
var edgeHeader = []string{"subject", "predicate", "object", "class", "weight", "marks",
	"first_date", "last_date", "sentence", "document"}

func edgeRow(e graph.Edge, name names) []string {
	return []string{name(e.Source), e.Predicate, name(e.Target), e.Class, fmt.Sprint(e.Weight),
		marks(e.Negated, e.Hedged, e.Former, e.AttributedTo), e.FirstDate, e.LastDate, e.Sentence, e.DocumentURI}
}

// edgeList returns the edges that pass f (and touch one of the nodes in
// touch, when it is not empty), heaviest first, then by subject, predicate
// and object, with a function naming their ends.
func edgeList(ctx context.Context, s *graph.Store, f graph.Filter, touch map[int64]bool) ([]graph.Edge, names, error) {
	nodes := map[int64]string{}
	if err := s.Nodes(ctx, f, func(n graph.Node) error { nodes[n.ID] = n.Name; return nil }); err != nil {
		return nil, nil, err
	}
	var edges []graph.Edge
	err := s.Edges(ctx, f, func(e graph.Edge) error {
		if len(touch) == 0 || touch[e.Source] || touch[e.Target] {
			edges = append(edges, e)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	name := func(id int64) string { return nodes[id] }
	sort.SliceStable(edges, func(i, j int) bool {
		a, b := edges[i], edges[j]
		if a.Weight != b.Weight {
			return a.Weight > b.Weight
		}
		if x, y := name(a.Source), name(b.Source); x != y {
			return x < y
		}
		if a.Predicate != b.Predicate {
			return a.Predicate < b.Predicate
		}
		if x, y := name(a.Target), name(b.Target); x != y {
			return x < y
		}
		return a.ID < b.ID
	})
	return edges, name, nil
}

func queryCommand() *cli.Command {
	return &cli.Command{
		Name:      "query",
		Usage:     "run read-only SQL against the database",
		ArgsUsage: "SQL",
		Description: `The schema is documented in the README: documents, entities, aliases, mentions,
relations (a view), evidence. The database is opened read-only. One statement
per call.

Examples:
   kg query "SELECT subject, predicate, object, weight FROM relations ORDER BY weight DESC LIMIT 10"
   kg query "SELECT name, type FROM entities WHERE type = 'PERSON'" --json
   kg query --param entity="Marco Rubio" "SELECT predicate, object FROM relations WHERE subject = :entity"`,
		Flags: append(append([]cli.Flag{dbFlag()}, outputFlags()...),
			&cli.StringSliceFlag{Name: "param", Usage: "bind `NAME=VALUE` to :NAME in the SQL; repeatable"},
		),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cli.Exit(fmt.Sprintf("query takes one SQL statement, got %d arguments (quote it)", c.NArg()), 2)
			}
			q := c.Args().First()
			if n := statements(q); n > 1 {
				return cli.Exit(fmt.Sprintf("query runs one SQL statement, got %d: run them one at a time", n), 2)
			}
			o, err := outputOf(c)
			if err != nil {
				return err
			}
			var args []any
			for _, p := range c.StringSlice("param") {
				k, v, ok := strings.Cut(p, "=")
				if !ok || k == "" {
					return cli.Exit(fmt.Sprintf("--param %q: want NAME=VALUE", p), 2)
				}
				args = append(args, sql.Named(strings.TrimPrefix(k, ":"), v))
			}
			return withStore(c, func(s *graph.Store) error {
				return printQuery(c.Context, o, s, q, args...)
			})
		},
	}
}

// statements counts the SQL statements in q: the non-empty pieces between
// semicolons outside string literals, quoted identifiers and comments.
func statements(q string) int {
	n := 0
	content := false
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == '\'' || c == '"' || c == '`' || c == '[':
			end := c
			if c == '[' {
				end = ']'
			}
			j := strings.IndexByte(q[i+1:], end)
			if j < 0 {
				i = len(q)
			} else {
				i += j + 1
			}
			content = true
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				i = len(q)
			} else {
				i += j
			}
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := strings.Index(q[i+2:], "*/")
			if j < 0 {
				i = len(q)
			} else {
				i += j + 3
			}
		case c == ';':
			if content {
				n++
			}
			content = false
		case c != ' ' && c != '\t' && c != '\n' && c != '\r':
			content = true
		}
	}
	if content {
		n++
	}
	return n
}
