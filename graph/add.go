package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"kg/extract"
)

// Add stores one document with what was extracted from it, in one
// transaction. It returns added == false, and changes nothing, when a
// document with the same SHA-256 is already stored; the check runs inside
// the transaction, so two processes adding the same document never both
// insert it.
//
// Entities are merged with the nodes already stored by this rule, tried in
// order (type compatibility: equal types, or GPE with LOC):
//
//  1. A node of compatible type whose canonical name equals the entity's
//     name, ignoring case and diacritics. Among several, the same type wins,
//     then the oldest node.
//  2. Otherwise, the nodes of compatible type linked by a name: the entity's
//     name is one of the node's aliases, or one of the entity's aliases is
//     the node's canonical name, or the two share an alias of two or more
//     words. The entity merges only when exactly one node is so linked.
//     A bare surname shared by two people ("Smith" for both John and Jane
//     Smith) links to both, so it merges with neither and becomes its own
//     node; two people who merely share a one-word alias are never linked.
//  3. Otherwise the entity becomes a new node.
//
// A node's canonical name becomes the longest full name seen for it (most
// words, then most characters; the first seen on a tie), and every name it
// was called by becomes an alias (pronouns and descriptions do not; they
// stay in mentions with their kind).
//
// Each relation adds one evidence row to the edge (subject, predicate,
// object), creating the edge on first sight; the edge keeps the class it
// was created with. Relations whose two ends resolve to the same node are
// dropped.
func (s *Store) Add(ctx context.Context, doc extract.Document, res extract.Result) (added bool, err error) {
	if s.w == nil {
		return false, errors.New("add document: store is read-only")
	}
	if err := validate(doc, res); err != nil {
		return false, fmt.Errorf("add document %s: %w", doc.URI, err)
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("add document %s: %w", doc.URI, err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE: waits for other writers
	if err != nil {
		return false, fmt.Errorf("add document %s: begin: %w", doc.URI, err)
	}
	defer tx.Rollback()

	var one int
	err = tx.QueryRowContext(ctx, `SELECT 1 FROM documents WHERE sha256 = ?`, doc.ID).Scan(&one)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("add document %s: %w", doc.URI, err)
	}
	a := &adder{tx: tx, stmts: map[string]*sql.Stmt{}}
	defer a.close()
	if err := a.insertDocument(ctx, doc, res); err != nil {
		return false, fmt.Errorf("add document %s: %w", doc.URI, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("add document %s: commit: %w", doc.URI, err)
	}
	return true, nil
}

// validate checks the indexes and offsets of res against doc, so that a
// faulty stage yields an error rather than a panic or a wrong row.
func validate(doc extract.Document, res extract.Result) error {
	if doc.ID == "" {
		return errors.New("document has no ID (SHA-256)")
	}
	span := func(what string, i, start, end int) error {
		if start < 0 || end < start || end > len(doc.Text) {
			return fmt.Errorf("%s %d: span [%d,%d) outside the text (%d bytes)", what, i, start, end, len(doc.Text))
		}
		return nil
	}
	for i, sp := range res.Sentences {
		if err := span("sentence", i, sp.Start, sp.End); err != nil {
			return err
		}
	}
	for i, e := range res.Entities {
		if strings.TrimSpace(e.Name) == "" || e.Type == "" {
			return fmt.Errorf("entity %d has no name or type", i)
		}
	}
	for i, m := range res.Mentions {
		if m.Entity < 0 || m.Entity >= len(res.Entities) {
			return fmt.Errorf("mention %d: entity %d out of range", i, m.Entity)
		}
		if err := span("mention", i, m.Start, m.End); err != nil {
			return err
		}
	}
	for i, r := range res.Relations {
		if r.Subject < 0 || r.Subject >= len(res.Entities) || r.Object < 0 || r.Object >= len(res.Entities) {
			return fmt.Errorf("relation %d: entity out of range", i)
		}
		if r.Attributed >= len(res.Entities) {
			return fmt.Errorf("relation %d: speaker %d out of range", i, r.Attributed)
		}
		if r.Sentence < 0 || r.Sentence >= len(res.Sentences) {
			return fmt.Errorf("relation %d: sentence %d out of range", i, r.Sentence)
		}
		if err := span("relation", i, r.Start, r.End); err != nil {
			return err
		}
		if strings.TrimSpace(r.Predicate) == "" {
			return fmt.Errorf("relation %d has no predicate", i)
		}
	}
	return nil
}

// adder runs the statements of one Add, preparing each SQL text once per
// transaction: a document repeats the same few statements hundreds of times.
type adder struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (a *adder) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := a.stmts[q]; ok {
		return st, nil
	}
	st, err := a.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	a.stmts[q] = st
	return st, nil
}

func (a *adder) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := a.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (a *adder) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := a.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (a *adder) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := a.stmt(ctx, q)
	if err != nil {
		// A Row carrying the error: QueryRowContext on the closed-over
		// transaction reports it at Scan.
		return a.tx.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (a *adder) close() {
	for _, st := range a.stmts {
		st.Close()
	}
}

func (a *adder) insertDocument(ctx context.Context, doc extract.Document, res extract.Result) error {
	r, err := a.exec(ctx, `INSERT INTO documents (uri, sha256, title, published, text) VALUES (?, ?, ?, ?, ?)`,
		doc.URI, doc.ID, doc.Title, doc.Published, doc.Text)
	if err != nil {
		return fmt.Errorf("insert document: %w", err)
	}
	docID, err := r.LastInsertId()
	if err != nil {
		return err
	}

	// Surface forms by entity and whether some mention uses them as a name
	// (rather than a pronoun, description or demonym).
	forms := make([]map[string]bool, len(res.Entities))
	for _, m := range res.Mentions {
		if forms[m.Entity] == nil {
			forms[m.Entity] = map[string]bool{}
		}
		t := strings.TrimSpace(m.Text)
		forms[m.Entity][t] = forms[m.Entity][t] || m.Kind == "" || m.Kind == "name"
	}
	ids := make([]int64, len(res.Entities))
	for i, e := range res.Entities {
		id, err := a.mergeEntity(ctx, e, forms[i])
		if err != nil {
			return fmt.Errorf("entity %q: %w", e.Name, err)
		}
		ids[i] = id
	}

	ins, err := a.stmt(ctx, `INSERT INTO mentions (entity_id, document_id, start, "end", text, kind) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for _, m := range res.Mentions {
		kind := m.Kind
		if kind == "" {
			kind = "name"
		}
		if _, err := ins.ExecContext(ctx, ids[m.Entity], docID, m.Start, m.End, m.Text, kind); err != nil {
			return fmt.Errorf("insert mention: %w", err)
		}
	}

	edge, err := a.stmt(ctx, `INSERT INTO edges (subject_id, predicate, object_id, class) VALUES (?, ?, ?, ?)
		ON CONFLICT (subject_id, predicate, object_id) DO UPDATE SET class = class RETURNING id`)
	if err != nil {
		return err
	}
	ev, err := a.stmt(ctx, `INSERT INTO evidence (edge_id, document_id, sentence, folded, start, "end", sentence_start,
		negated, hedged, possessed, attributed_to, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for _, rel := range res.Relations {
		subj, obj := ids[rel.Subject], ids[rel.Object]
		if subj == obj {
			continue
		}
		class := rel.Class
		if class == "" {
			class = "OTHER"
		}
		var edgeID int64
		if err := edge.QueryRowContext(ctx, subj, strings.TrimSpace(rel.Predicate), obj, class).Scan(&edgeID); err != nil {
			return fmt.Errorf("insert edge: %w", err)
		}
		sp := res.Sentences[rel.Sentence]
		sentence := doc.Text[sp.Start:sp.End]
		var speaker any
		if rel.Attributed >= 0 {
			speaker = ids[rel.Attributed]
		}
		if _, err := ev.ExecContext(ctx, edgeID, docID, sentence, fold(sentence), rel.Start, rel.End, sp.Start,
			rel.Negated, rel.Hedged, rel.Possessed, speaker, rel.Confidence); err != nil {
			return fmt.Errorf("insert evidence: %w", err)
		}
	}
	return nil
}

// compatible reports whether entities of types a and b may be one node:
// the NER stage confuses countries and regions (GPE, LOC) freely.
func compatible(a, b string) bool {
	if a == b {
		return true
	}
	geo := func(t string) bool { return t == "GPE" || t == "LOC" }
	return geo(a) && geo(b)
}

// mergeEntity finds or creates the node for e (see Add for the rule), then
// records e's name and aliases on it.
//
// Only names become aliases: a form that the document's mentions use only
// as a pronoun, description or demonym ("he", "the president",
// "Ukrainian") is left out, since it would link different people across
// documents. A form no mention uses is kept when it is capitalised.
func (a *adder) mergeEntity(ctx context.Context, e extract.Entity, forms map[string]bool) (int64, error) {
	name := strings.TrimSpace(e.Name)
	key := fold(name)
	aliases := map[string]bool{name: true}
	for _, al := range e.Aliases {
		al = strings.TrimSpace(al)
		isName, used := forms[al]
		if al != "" && (isName || (!used && startsUpper(al))) {
			aliases[al] = true
		}
	}
	aliasKeys := map[string]bool{}
	for al := range aliases {
		aliasKeys[fold(al)] = true
	}

	id, err := a.matchEntity(ctx, e.Type, key, aliasKeys)
	if err != nil {
		return 0, err
	}
	if id == 0 {
		r, err := a.exec(ctx, `INSERT INTO entities (name, type, key) VALUES (?, ?, ?)`, name, e.Type, key)
		if err != nil {
			return 0, err
		}
		if id, err = r.LastInsertId(); err != nil {
			return 0, err
		}
	} else {
		var old string
		if err := a.queryRow(ctx, `SELECT name FROM entities WHERE id = ?`, id).Scan(&old); err != nil {
			return 0, err
		}
		if longerName(name, old) {
			if _, err := a.exec(ctx, `UPDATE entities SET name = ?, key = ? WHERE id = ?`, name, key, id); err != nil {
				return 0, err
			}
		}
	}
	sorted := make([]string, 0, len(aliases))
	for al := range aliases {
		sorted = append(sorted, al)
	}
	sort.Strings(sorted)
	for _, al := range sorted {
		if _, err := a.exec(ctx, `INSERT OR IGNORE INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)`, id, al, fold(al)); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// longerName reports whether a is a fuller name than b: more words, then
// more characters.
func longerName(a, b string) bool {
	wa, wb := len(strings.Fields(a)), len(strings.Fields(b))
	if wa != wb {
		return wa > wb
	}
	return utf8.RuneCountInString(a) > utf8.RuneCountInString(b)
}

// matchEntity returns the node an entity merges with, or 0 for a new node.
func (a *adder) matchEntity(ctx context.Context, typ, key string, aliasKeys map[string]bool) (int64, error) {
	// Rule 1: the canonical name.
	rows, err := a.query(ctx, `SELECT id, type FROM entities WHERE key = ? ORDER BY id`, key)
	if err != nil {
		return 0, err
	}
	var best int64
	bestSame := false
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			rows.Close()
			return 0, err
		}
		if !compatible(typ, t) {
			continue
		}
		if best == 0 || (t == typ && !bestSame) {
			best, bestSame = id, t == typ
		}
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	if best != 0 {
		return best, nil
	}

	// Rule 2: exactly one node linked by a name.
	linked := map[int64]bool{}
	add := func(q string, args ...any) error {
		rows, err := a.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var t string
			if err := rows.Scan(&id, &t); err != nil {
				return err
			}
			if compatible(typ, t) {
				linked[id] = true
			}
		}
		return rows.Err()
	}
	// The entity's name is an alias of the node.
	if err := add(`SELECT e.id, e.type FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.key = ?`, key); err != nil {
		return 0, err
	}
	keys := make([]string, 0, len(aliasKeys))
	for k := range aliasKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == key {
			continue
		}
		// One of the entity's aliases is the node's canonical name.
		if err := add(`SELECT id, type FROM entities WHERE key = ?`, k); err != nil {
			return 0, err
		}
		// A shared alias of several words.
		if strings.Contains(k, " ") {
			if err := add(`SELECT e.id, e.type FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.key = ?`, k); err != nil {
				return 0, err
			}
		}
	}
	if len(linked) == 1 {
		for id := range linked {
			return id, nil
		}
	}
	return 0, nil
}
