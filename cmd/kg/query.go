package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"kg/graph"
)

func jsonFlag() cli.Flag {
	return &cli.BoolFlag{Name: "json", Usage: "print JSON instead of a table"}
}

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

// printQuery runs a read-only query and prints its rows as an aligned table
// or as a JSON array of objects.
func printQuery(ctx context.Context, w io.Writer, store *graph.Store, asJSON bool, query string, args ...any) error {
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
	if asJSON {
		objs := make([]map[string]any, len(table))
		for i, row := range table {
			objs[i] = make(map[string]any, len(cols))
			for j, c := range cols {
				objs[i][c] = row[j]
			}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(objs)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(cols, "\t")))
	for _, row := range table {
		cells := make([]string, len(row))
		for i, v := range row {
			cells[i] = cell(v)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(table) == 0 {
		fmt.Fprintln(w, "(no rows)")
	}
	return nil
}

// cell renders a value on one table line: newlines and tabs would break the
// alignment, and very long sentences the readability.
func cell(v any) string {
	if v == nil {
		return ""
	}
	s := strings.Join(strings.Fields(fmt.Sprint(v)), " ")
	const max = 100
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	return s
}

func statsCommand() *cli.Command {
	return &cli.Command{
		Name:        "stats",
		Usage:       "count documents, entities, relations and evidence",
		Description: "Example:\n   kg stats --db news.db",
		Flags:       []cli.Flag{dbFlag(), jsonFlag()},
		Action: func(c *cli.Context) error {
			return withStore(c, func(s *graph.Store) error {
				return printQuery(c.Context, c.App.Writer, s, c.Bool("json"), statsSQL)
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
		Description: `Most mentioned first.

Examples:
   kg entities
   kg entities --type PERSON --json`,
		Flags: []cli.Flag{dbFlag(), jsonFlag(),
			&cli.StringFlag{Name: "type", Usage: "only entities of these comma-separated `TYPES`"},
			&cli.IntFlag{Name: "limit", Value: 0, Usage: "at most `N` rows (0: all)"},
		},
		Action: func(c *cli.Context) error {
			q, args := entitiesSQL(splitList(strings.ToUpper(c.String("type"))), c.Int("limit"))
			return withStore(c, func(s *graph.Store) error {
				return printQuery(c.Context, c.App.Writer, s, c.Bool("json"), q, args...)
			})
		},
	}
}

func entitiesSQL(types []string, limit int) (string, []any) {
	var where string
	var args []any
	if len(types) > 0 {
		where = "WHERE e.type IN (" + placeholders(len(types)) + ")"
		for _, t := range types {
			args = append(args, t)
		}
	}
	q := `SELECT e.id, e.name, e.type,
	(SELECT group_concat(alias, '; ') FROM (SELECT alias FROM aliases a WHERE a.entity_id = e.id AND a.alias <> e.name ORDER BY alias)) AS aliases,
	(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions
FROM entities e ` + where + `
ORDER BY mentions DESC, e.name, e.id`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	return q, args
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func relationsCommand() *cli.Command {
	return &cli.Command{
		Name:  "relations",
		Usage: "list typed edges: subject, predicate, object, weight",
		Description: `Heaviest first. --entity matches the subject or the object by name or alias.

Examples:
   kg relations --entity Rubio
   kg relations --predicate accused --json`,
		Flags: []cli.Flag{dbFlag(), jsonFlag(),
			&cli.StringFlag{Name: "entity", Usage: "only edges touching the entity `NAME` (name or alias)"},
			&cli.StringFlag{Name: "predicate", Usage: "only edges with this `PREDICATE`"},
			&cli.StringFlag{Name: "class", Usage: "only edges of this `CLASS`"},
			&cli.IntFlag{Name: "limit", Usage: "at most `N` rows (0: all)"},
		},
		Action: func(c *cli.Context) error {
			return withStore(c, func(s *graph.Store) error {
				var ids []int64
				if name := c.String("entity"); name != "" {
					nodes, err := s.Resolve(c.Context, name)
					if err != nil {
						return err
					}
					if len(nodes) == 0 {
						return cli.Exit(fmt.Sprintf("no entity is called %q", name), 1)
					}
					for _, n := range nodes {
						ids = append(ids, n.ID)
					}
				}
				q, args := relationsSQL(ids, c.String("predicate"), strings.ToUpper(c.String("class")), c.Int("limit"))
				return printQuery(c.Context, c.App.Writer, s, c.Bool("json"), q, args...)
			})
		},
	}
}

func relationsSQL(ids []int64, predicate, class string, limit int) (string, []any) {
	var conds []string
	var args []any
	if len(ids) > 0 {
		ph := placeholders(len(ids))
		conds = append(conds, "(subject_id IN ("+ph+") OR object_id IN ("+ph+"))")
		for range 2 {
			for _, id := range ids {
				args = append(args, id)
			}
		}
	}
	if predicate != "" {
		conds = append(conds, "predicate = ?")
		args = append(args, predicate)
	}
	if class != "" {
		conds = append(conds, "class = ?")
		args = append(args, class)
	}
	q := "SELECT subject, predicate, object, class, weight FROM relations"
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	q += " ORDER BY weight DESC, subject, predicate, object"
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	return q, args
}

func queryCommand() *cli.Command {
	return &cli.Command{
		Name:      "query",
		Usage:     "run read-only SQL against the database",
		ArgsUsage: "SQL",
		Description: `The schema is documented in the README: documents, entities, aliases, mentions,
relations (a view), evidence. The database is opened read-only.

Examples:
   kg query "SELECT subject, predicate, object, weight FROM relations ORDER BY weight DESC LIMIT 10"
   kg query --json "SELECT name, type FROM entities WHERE type = 'PERSON'"
   kg query --param entity="Marco Rubio" "SELECT predicate, object FROM relations WHERE subject = :entity"`,
		Flags: []cli.Flag{dbFlag(), jsonFlag(),
			&cli.StringSliceFlag{Name: "param", Usage: "bind `NAME=VALUE` to :NAME in the SQL; repeatable"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cli.Exit("query takes one SQL statement (quote it)", 2)
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
				return printQuery(c.Context, c.App.Writer, s, c.Bool("json"), c.Args().First(), args...)
			})
		},
	}
}
