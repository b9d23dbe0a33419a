package releval

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// Querier runs a read-only SQL query; *graph.Store is one.
type Querier interface {
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// ReadGraph reads what score.py reads of a kg database: entities(id, name,
// type), aliases(entity_id, alias) when that table exists, and the
// relations view's subject_id, predicate and object_id, less the rows its
// negated or hedged column marks (the graph a user sees: exports leave
// them out too).
func ReadGraph(ctx context.Context, db Querier) (*Graph, error) {
	g := &Graph{}
	byID := map[int64]int{}
	err := each(ctx, db, "SELECT id, name, type FROM entities", func(rows *sql.Rows) error {
		var n Node
		var typ sql.NullString
		if err := rows.Scan(&n.ID, &n.Name, &typ); err != nil {
			return err
		}
		n.Type = typ.String
		byID[n.ID] = len(g.Nodes)
		g.Nodes = append(g.Nodes, n)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read entities: %w", err)
	}

	// score.py reads aliases only when the database has them; a kg
	// database always does.
	if ok, err := hasTable(ctx, db, "aliases"); err != nil {
		return nil, fmt.Errorf("read aliases: %w", err)
	} else if ok {
		err := each(ctx, db, "SELECT entity_id, alias FROM aliases", func(rows *sql.Rows) error {
			var id int64
			var alias string
			if err := rows.Scan(&id, &alias); err != nil {
				return err
			}
			if i, ok := byID[id]; ok {
				g.Nodes[i].Aliases = append(g.Nodes[i].Aliases, alias)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read aliases: %w", err)
		}
	}

	var cols []string
	err = each(ctx, db, "SELECT name FROM pragma_table_info('relations')", func(rows *sql.Rows) error {
		var c string
		if err := rows.Scan(&c); err != nil {
			return err
		}
		cols = append(cols, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read relations: %w", err)
	}
	if !slices.Contains(cols, "subject_id") || !slices.Contains(cols, "object_id") {
		return nil, fmt.Errorf("read relations: the database has no relations view with subject_id and object_id columns; is it a kg database?")
	}
	q := "SELECT subject_id, predicate, object_id FROM relations"
	var flags []string
	for _, c := range []string{"negated", "hedged"} {
		if slices.Contains(cols, c) {
			flags = append(flags, "NOT COALESCE("+c+", 0)")
		}
	}
	if len(flags) > 0 {
		q += " WHERE " + strings.Join(flags, " AND ")
	}
	err = each(ctx, db, q, func(rows *sql.Rows) error {
		var e Edge
		var pred sql.NullString
		if err := rows.Scan(&e.Subject, &pred, &e.Object); err != nil {
			return err
		}
		e.Predicate = pred.String
		g.Edges = append(g.Edges, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read relations: %w", err)
	}
	return g, nil
}

func hasTable(ctx context.Context, db Querier, name string) (bool, error) {
	n := 0
	err := each(ctx, db, "SELECT 1 FROM sqlite_schema WHERE name = ? AND type IN ('table', 'view')", func(*sql.Rows) error {
		n++
		return nil
	}, name)
	return n > 0, err
}

// each runs query and calls fn on each row.
func each(ctx context.Context, db Querier, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := db.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
