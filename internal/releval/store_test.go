package releval

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// sqlDB adapts *sql.DB to Querier.
type sqlDB struct{ *sql.DB }

func (d sqlDB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return d.QueryContext(ctx, q, args...)
}

// TestReadGraph reads hand-made databases with the columns score.py looks
// for: negated and hedged rows are left out when those columns exist, and
// aliases are read when their table does.
func TestReadGraph(t *testing.T) {
	const entities = `CREATE TABLE entities (id INTEGER PRIMARY KEY, name TEXT, type TEXT);
		INSERT INTO entities VALUES (1, 'Anna Reyes', 'PERSON'), (2, 'Acme', NULL);`
	tests := []struct {
		name    string
		schema  string
		aliases []string // of node 1
		preds   []string // predicates read
	}{
		{"flags and aliases", entities + `
			CREATE TABLE aliases (entity_id INTEGER, alias TEXT);
			INSERT INTO aliases VALUES (1, 'Reyes'), (1, 'Ms Reyes'), (9, 'orphan');
			CREATE TABLE relations (subject_id, predicate, object_id, negated, hedged);
			INSERT INTO relations VALUES (1, 'founded', 2, 0, 0), (1, 'sold', 2, 1, 0), (1, 'may buy', 2, 0, 1), (2, 'hired', 1, NULL, NULL);`,
			[]string{"Reyes", "Ms Reyes"}, []string{"founded", "hired"}},
		{"no flag columns, no aliases", entities + `
			CREATE TABLE relations (subject_id, predicate, object_id);
			INSERT INTO relations VALUES (1, 'founded', 2), (1, NULL, 2);`,
			nil, []string{"founded", ""}},
		{"only negated", entities + `
			CREATE TABLE relations (subject_id, predicate, object_id, negated);
			INSERT INTO relations VALUES (1, 'founded', 2, 0), (1, 'sold', 2, 1);`,
			nil, []string{"founded"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "t.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(tt.schema); err != nil {
				t.Fatal(err)
			}
			g, err := ReadGraph(context.Background(), sqlDB{db})
			if err != nil {
				t.Fatal(err)
			}
			var preds []string
			for _, e := range g.Edges {
				preds = append(preds, e.Predicate)
			}
			if len(g.Nodes) != 2 || g.Nodes[1].Type != "" || !slices.Equal(g.Nodes[0].Aliases, tt.aliases) || !slices.Equal(preds, tt.preds) {
				t.Errorf("nodes %+v, predicates %q; want 2 nodes, aliases %q, predicates %q", g.Nodes, preds, tt.aliases, tt.preds)
			}
		})
	}

	// A database without the relations view's ID columns is refused.
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "names.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(entities + `CREATE TABLE relations (subject, predicate, object);`); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadGraph(context.Background(), sqlDB{db}); err == nil {
		t.Error("ReadGraph of a relations table without subject_id and object_id: no error")
	}
}
