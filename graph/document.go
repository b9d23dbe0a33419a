package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"kg/extract"
)

// Outcome says what Put did with a document.
type Outcome int

const (
	// Skipped: a document with the same text (SHA-256) is already stored.
	Skipped Outcome = iota
	// Added: the document is new.
	Added
	// Replaced: a stored document with the same Key (URL, JSON Lines id or
	// file path) but another text was replaced by this one.
	Replaced
)

func (o Outcome) String() string {
	switch o {
	case Added:
		return "added"
	case Replaced:
		return "replaced"
	}
	return "skipped"
}

// Put stores one document with what was extracted from it, in one
// transaction, and says what it did:
//
//   - Skipped, changing nothing, when a document with the same text is
//     already stored;
//   - Replaced when a stored document has the same Key: the old version's
//     mentions, evidence and entities go, edges left with no evidence and
//     nodes left with no entity go with them, and the nodes it touched are
//     recomputed, so every edge's weight counts the article once;
//   - Added otherwise.
//
// The curation rules (see Rule) are applied to res first, so that a
// document reads as the rules say whenever it is added. The checks run
// inside the transaction, so two processes putting the same document never
// both insert it. Entities are merged into nodes as Add describes.
func (s *Store) Put(ctx context.Context, doc extract.Document, res extract.Result) (Outcome, error) {
	return s.put(ctx, doc, res, false)
}

// Redo replaces the stored document with doc's text by a new extraction of
// it, as a new curation rule needs; it adds the document when none is
// stored.
func (s *Store) Redo(ctx context.Context, doc extract.Document, res extract.Result) error {
	_, err := s.put(ctx, doc, res, true)
	return err
}

func (s *Store) put(ctx context.Context, doc extract.Document, res extract.Result, again bool) (Outcome, error) {
	if s.w == nil {
		return Skipped, errors.New("add document: store is read-only")
	}
	if err := validate(doc, res); err != nil {
		return Skipped, fmt.Errorf("add document %s: %w", doc.URI, err)
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return Skipped, fmt.Errorf("add document %s: %w", doc.URI, err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE: waits for other writers
	if err != nil {
		return Skipped, fmt.Errorf("add document %s: begin: %w", doc.URI, err)
	}
	defer tx.Rollback()
	a := &adder{tx: tx, stmts: map[string]*sql.Stmt{}}
	defer a.close()

	outcome := Added
	var old int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE sha256 = ?`, doc.ID).Scan(&old)
	switch {
	case err == nil && !again:
		return Skipped, nil
	case err == nil:
		outcome = Replaced
	case !errors.Is(err, sql.ErrNoRows):
		return Skipped, fmt.Errorf("add document %s: %w", doc.URI, err)
	case doc.Key != "":
		err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE key = ?`, doc.Key).Scan(&old)
		if err == nil {
			outcome = Replaced
		} else if !errors.Is(err, sql.ErrNoRows) {
			return Skipped, fmt.Errorf("add document %s: %w", doc.URI, err)
		}
	}
	if outcome == Replaced {
		if err := a.removeDocument(ctx, old); err != nil {
			return Skipped, fmt.Errorf("replace document %s: %w", doc.URI, err)
		}
	}
	rules, err := loadRules(ctx, tx)
	if err != nil {
		return Skipped, fmt.Errorf("add document %s: %w", doc.URI, err)
	}
	res = Curate(rules, doc, res)
	if err := a.insertDocument(ctx, doc, res); err != nil {
		return Skipped, fmt.Errorf("add document %s: %w", doc.URI, err)
	}
	if doc.Key != "" {
		if _, err := a.exec(ctx, `UPDATE documents SET key = ? WHERE sha256 = ?`, doc.Key, doc.ID); err != nil {
			return Skipped, fmt.Errorf("add document %s: set key: %w", doc.URI, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return Skipped, fmt.Errorf("add document %s: commit: %w", doc.URI, err)
	}
	return outcome, nil
}

// StoredDocument is a document as the store keeps it.
type StoredDocument struct {
	ID        int64
	URI, Key  string
	SHA256    string
	Title     string
	Published string
}

// Remove deletes one document, named by its Key (a JSON Lines id or URL, a
// file path), its URI or the hex SHA-256 of its text, with what only it
// supported: its mentions, evidence and entities, the edges left with no
// evidence and the nodes left with no entity; the nodes it shared with
// other documents are recomputed from those. It returns the removed
// document, or an error wrapping ErrNotFound, or one listing the
// candidates when the name fits several documents.
func (s *Store) Remove(ctx context.Context, ref string) (StoredDocument, error) {
	if s.w == nil {
		return StoredDocument{}, errors.New("remove document: store is read-only")
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return StoredDocument{}, fmt.Errorf("remove document %s: %w", ref, err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return StoredDocument{}, fmt.Errorf("remove document %s: begin: %w", ref, err)
	}
	defer tx.Rollback()
	doc, err := findDocument(ctx, tx, ref)
	if err != nil {
		return StoredDocument{}, err
	}
	a := &adder{tx: tx, stmts: map[string]*sql.Stmt{}}
	defer a.close()
	if err := a.removeDocument(ctx, doc.ID); err != nil {
		return StoredDocument{}, fmt.Errorf("remove document %s: %w", ref, err)
	}
	if err := tx.Commit(); err != nil {
		return StoredDocument{}, fmt.Errorf("remove document %s: commit: %w", ref, err)
	}
	return doc, nil
}

// FindDocument returns the stored document a user's reference names (see
// Remove).
func (s *Store) FindDocument(ctx context.Context, ref string) (StoredDocument, error) {
	return findDocument(ctx, s.r, ref)
}

// queryer is what findDocument needs of a *sql.Tx or *sql.DB.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// findDocument resolves a reference to one stored document: the documents
// whose key, URI or SHA-256 equals ref, tried in that order.
func findDocument(ctx context.Context, q queryer, ref string) (StoredDocument, error) {
	for _, col := range []string{"key", "uri", "sha256"} {
		found, err := scanDocuments(ctx, q, `SELECT id, uri, key, sha256, title, published FROM documents WHERE `+col+` = ? ORDER BY id`, ref)
		if err != nil {
			return StoredDocument{}, fmt.Errorf("find document %s: %w", ref, err)
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		}
		msg := fmt.Sprintf("document %q is ambiguous; name one by its SHA-256:", ref)
		for _, d := range found {
			msg += fmt.Sprintf("\n  %s  %s", d.SHA256, d.URI)
		}
		return StoredDocument{}, errors.New(msg)
	}
	return StoredDocument{}, fmt.Errorf("document %q: no document has this URI, id or SHA-256 (list them with: kg query \"SELECT uri, key FROM documents\"): %w", ref, ErrNotFound)
}

func scanDocuments(ctx context.Context, q queryer, query string, args ...any) ([]StoredDocument, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoredDocument
	for rows.Next() {
		var d StoredDocument
		if err := rows.Scan(&d.ID, &d.URI, &d.Key, &d.SHA256, &d.Title, &d.Published); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// removeDocument deletes document docID and everything that refers to it,
// inside the adder's transaction, then recomputes the nodes its entities
// belonged to from the entities of the documents that remain.
func (a *adder) removeDocument(ctx context.Context, docID int64) error {
	groups, err := documentGroups(ctx, a, docID)
	if err != nil {
		return fmt.Errorf("document %d: groups: %w", docID, err)
	}
	nodes, err := a.ids(ctx, `SELECT DISTINCT entity_id FROM local_entities WHERE document_id = ? AND entity_id IS NOT NULL`, docID)
	if err != nil {
		return fmt.Errorf("document %d: nodes: %w", docID, err)
	}
	edges, err := a.ids(ctx, `SELECT DISTINCT edge_id FROM evidence WHERE document_id = ?`, docID)
	if err != nil {
		return fmt.Errorf("document %d: edges: %w", docID, err)
	}
	for _, q := range []string{
		`DELETE FROM evidence WHERE document_id = ?`,
		`DELETE FROM mentions WHERE document_id = ?`,
		`DELETE FROM local_relations WHERE document_id = ?`,
		`DELETE FROM local_forms WHERE local_id IN (SELECT id FROM local_entities WHERE document_id = ?)`,
		`DELETE FROM local_entities WHERE document_id = ?`,
		`DELETE FROM documents WHERE id = ?`,
	} {
		if _, err := a.exec(ctx, q, docID); err != nil {
			return fmt.Errorf("delete document %d: %w", docID, err)
		}
	}
	for _, e := range edges {
		if err := settleEdge(ctx, a, e); err != nil {
			return fmt.Errorf("document %d: edge %d: %w", docID, e, err)
		}
	}
	if _, err := reconcileGroups(ctx, a, groups); err != nil {
		return fmt.Errorf("document %d: %w", docID, err)
	}
	// Nodes that were only this document's: reconcileGroups recomputes the
	// groups that still have entities, so these are dropped here.
	for _, n := range nodes {
		var one int
		err := a.queryRow(ctx, `SELECT 1 FROM local_entities WHERE entity_id = ? LIMIT 1`, n).Scan(&one)
		if err == nil {
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		for _, q := range []string{
			`DELETE FROM edges WHERE (subject_id = ?1 OR object_id = ?1) AND NOT EXISTS (SELECT 1 FROM evidence v WHERE v.edge_id = edges.id)`,
			`DELETE FROM aliases WHERE entity_id = ?1`,
			`DELETE FROM entities WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM edges WHERE subject_id = ?1 OR object_id = ?1)`,
		} {
			if _, err := a.exec(ctx, q, n); err != nil {
				return fmt.Errorf("drop node %d: %w", n, err)
			}
		}
	}
	return nil
}

// ids runs a query of one integer column, and returns its values sorted.
func (a *adder) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := a.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, rows.Err()
}
