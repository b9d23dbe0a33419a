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
// insert it. A document with the Key of a stored one replaces it, and the
// curation rules apply; see Put, which says which of these happened.
//
// The document's entities are kept as it gives them (its "locals": name,
// type, the names it calls each by), and the graph's nodes are derived
// from all documents' locals, so that the same documents in any order give
// the same graph, ids included (see identity.go and reconcileGroups):
//
//  1. Locals of one merge class (types equal, or GPE with LOC) whose names
//     have the same key are one group: case and diacritics ignored except
//     in acronyms ("WHO" is not "Who"), official long forms taken as the
//     short one ("State of Texas" is Texas), a person's words in any order
//     ("Higuchi Ichiyō" is "Ichiyō Higuchi"). A generic name, made only of
//     words such as "Court", "Supreme", "State", "North", is a group per
//     document: it never joins documents on its own.
//  2. A group joins the fuller-named groups it is linked to (one is a name
//     the other's documents use, a person's surname, or they share a name
//     of several words) when these are all one node. When they are several
//     nodes the short name is ambiguous in the graph ("Smith" with both
//     Jordan and John Smith) and stays its own node.
//
// A node's name is the fullest name of its locals (most words, then most
// characters, then lexically first), its type their most common type, and
// every name any of them was called by is an alias (pronouns and
// descriptions are not; they stay in mentions with their kind). A node
// keeps its id while others join it.
//
// Each relation adds one evidence row to the edge (subject, predicate,
// object) between its ends' nodes; the edge's class is its evidence's most
// common class. Relations whose two ends are one node give no edge.
func (s *Store) Add(ctx context.Context, doc extract.Document, res extract.Result) (added bool, err error) {
	o, err := s.Put(ctx, doc, res)
	return o != Skipped, err
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

	ids, locals, err := a.insertLocals(ctx, docID, doc.ID, res)
	if err != nil {
		return err
	}

	ins, err := a.stmt(ctx, `INSERT INTO mentions (entity_id, document_id, start, "end", text, kind, local_id) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for _, m := range res.Mentions {
		kind := m.Kind
		if kind == "" {
			kind = "name"
		}
		if _, err := ins.ExecContext(ctx, ids[m.Entity], docID, m.Start, m.End, m.Text, kind, locals[m.Entity]); err != nil {
			return fmt.Errorf("insert mention: %w", err)
		}
	}

	rel, err := a.stmt(ctx, `INSERT INTO local_relations (document_id, subject_local, object_local, predicate, class,
		sentence_start, sentence_end, start, "end", negated, hedged, possessed, attributed_local, confidence)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	touched := map[int64]bool{}
	for _, r := range res.Relations {
		class := r.Class
		if class == "" {
			class = "OTHER"
		}
		sp := res.Sentences[r.Sentence]
		var speaker any
		if r.Attributed >= 0 {
			speaker = locals[r.Attributed]
		}
		row, err := rel.ExecContext(ctx, docID, locals[r.Subject], locals[r.Object], strings.TrimSpace(r.Predicate), class,
			sp.Start, sp.End, r.Start, r.End, r.Negated, r.Hedged, r.Possessed, speaker, r.Confidence)
		if err != nil {
			return fmt.Errorf("insert relation: %w", err)
		}
		id, err := row.LastInsertId()
		if err != nil {
			return err
		}
		if err := placeRelation(ctx, a, id, touched); err != nil {
			return err
		}
	}
	edges := make([]int64, 0, len(touched))
	for e := range touched {
		edges = append(edges, e)
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i] < edges[j] })
	for _, e := range edges {
		if err := settleEdge(ctx, a, e); err != nil {
			return err
		}
	}
	return nil
}

// insertLocals stores the document's entities as locals with their forms,
// then reconciles the groups they fall in. It returns, by entity index,
// the node and the local of each.
//
// Only names become forms shown as aliases: a form that the document's
// mentions use only as a pronoun, description or demonym ("he", "the
// president", "Ukrainian") is left out, since it would link different
// people across documents. A form no mention uses is kept when it is
// capitalised. A person's surname is a form that links but is not shown.
func (a *adder) insertLocals(ctx context.Context, docID int64, docSHA string, res extract.Result) (nodes, locals []int64, err error) {
	// Surface forms by entity and whether some mention uses them as a name
	// (rather than a pronoun, description or demonym).
	used := make([]map[string]bool, len(res.Entities))
	for _, m := range res.Mentions {
		if used[m.Entity] == nil {
			used[m.Entity] = map[string]bool{}
		}
		t := strings.TrimSpace(m.Text)
		used[m.Entity][t] = used[m.Entity][t] || m.Kind == "" || m.Kind == "name"
	}
	insLocal, err := a.stmt(ctx, `INSERT INTO local_entities (document_id, name, type, grp) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return nil, nil, err
	}
	insForm, err := a.stmt(ctx, `INSERT OR IGNORE INTO local_forms (local_id, form, shown, link, grp) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, nil, err
	}
	locals = make([]int64, len(res.Entities))
	into := genericInto(res.Entities)
	var seeds []string
	for i, e := range res.Entities {
		if into[i] >= 0 {
			continue
		}
		name := strings.TrimSpace(e.Name)
		grp := groupKey(name, e.Type, docSHA)
		if e.Unlinked {
			grp = ownGroupKey(name, e.Type, docSHA)
		}
		r, err := insLocal.ExecContext(ctx, docID, name, e.Type, grp)
		if err != nil {
			return nil, nil, fmt.Errorf("entity %q: %w", e.Name, err)
		}
		if locals[i], err = r.LastInsertId(); err != nil {
			return nil, nil, err
		}
		seeds = append(seeds, grp)
		forms := map[string]bool{name: true}
		for k, e := range res.Entities {
			if k != i && into[k] != i {
				continue
			}
			forms[strings.TrimSpace(e.Name)] = true
			for _, al := range e.Aliases {
				al = strings.TrimSpace(al)
				isName, seen := used[k][al]
				if al != "" && (isName || (!seen && startsUpper(al))) {
					forms[al] = true
				}
			}
		}
		sorted := make([]string, 0, len(forms))
		for f := range forms {
			sorted = append(sorted, f)
		}
		sort.Strings(sorted)
		for _, f := range sorted {
			link := formLink(f, name, e.Type)
			if e.Unlinked {
				link = "" // it names no other document's entity
			}
			if _, err := insForm.ExecContext(ctx, locals[i], f, true, nullable(link), grp); err != nil {
				return nil, nil, fmt.Errorf("entity %q: %w", e.Name, err)
			}
		}
		if mergeClass(e.Type) == "PERSON" {
			if sn := surname(name); sn != "" && !forms[sn] {
				if _, err := insForm.ExecContext(ctx, locals[i], sn, false, nullable(linkKey(sn, e.Type)), grp); err != nil {
					return nil, nil, fmt.Errorf("entity %q: %w", e.Name, err)
				}
			}
		}
	}
	for i, j := range into {
		if j >= 0 {
			locals[i] = locals[j]
		}
	}
	node, err := reconcileGroups(ctx, a, seeds)
	if err != nil {
		return nil, nil, err
	}
	nodes = make([]int64, len(locals))
	for i, l := range locals {
		nodes[i] = node[l]
	}
	return nodes, locals, nil
}

// nullable makes "" a SQL NULL, so that forms that link nothing stay out
// of the link index.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
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
