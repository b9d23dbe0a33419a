package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"kg/extract"
)

// Curation actions: the hand corrections a Rule makes.
const (
	ActMerge  = "merge"  // Name becomes Arg (of type ArgType): two nodes are one
	ActRename = "rename" // Name is called Arg
	ActRetype = "retype" // Name is of type Arg
	ActSplit  = "split"  // in the document Arg, Name is someone else
	ActIgnore = "ignore" // Name is no entity: it is left out of the graph
)

// Rule is one hand correction of the graph, kept in the curation table and
// applied to every document as it is added (see Curate), so that it holds
// in every rebuild from the same articles.
//
// A rule names an entity by the canonical name and type its node had when
// the rule was made; a document's entity matches when that name is its name
// or one of its aliases (ignoring case and diacritics) and its type is
// compatible (equal, or GPE with LOC; any type when Type is empty).
type Rule struct {
	ID      int64
	Action  string // ActMerge, ActRename, ActRetype, ActSplit or ActIgnore
	Name    string // the entity
	Type    string // its type; "" for any
	Arg     string // merge: the target's name; rename: the new name; retype: the new type; split: the document (URI, id or SHA-256)
	ArgType string // merge: the target's type
}

// String describes the rule as a person would say it.
func (r Rule) String() string {
	who := r.Name
	if r.Type != "" {
		who += " (" + r.Type + ")"
	}
	switch r.Action {
	case ActMerge:
		return fmt.Sprintf("merge %s into %s (%s)", who, r.Arg, r.ArgType)
	case ActRename:
		return fmt.Sprintf("rename %s to %q", who, r.Arg)
	case ActRetype:
		return fmt.Sprintf("retype %s as %s", who, r.Arg)
	case ActSplit:
		return fmt.Sprintf("split %s in document %s off the node", who, r.Arg)
	case ActIgnore:
		return fmt.Sprintf("ignore %s", who)
	}
	return fmt.Sprintf("%s %s %s", r.Action, who, r.Arg)
}

// Types are the entity types a retype may set.
var Types = []string{"PERSON", "ORG", "GPE", "LOC", "NORP"}

// check reports a rule that cannot be applied.
func (r Rule) check() error {
	if strings.TrimSpace(r.Name) == "" {
		return errors.New("curation rule: no entity name")
	}
	switch r.Action {
	case ActMerge:
		if strings.TrimSpace(r.Arg) == "" || r.ArgType == "" {
			return errors.New("merge: no target")
		}
		if fold(r.Arg) == fold(r.Name) && sameKind(r.Type, r.ArgType) {
			return fmt.Errorf("merge: %s into itself", r.Name)
		}
	case ActRename:
		if strings.TrimSpace(r.Arg) == "" {
			return errors.New("rename: empty new name")
		}
	case ActRetype:
		if !contains(Types, r.Arg) {
			return fmt.Errorf("retype: unknown type %q; use one of %s", r.Arg, strings.Join(Types, ", "))
		}
	case ActSplit:
		if r.Arg == "" {
			return errors.New("split: no document")
		}
	case ActIgnore:
	default:
		return fmt.Errorf("unknown curation action %q", r.Action)
	}
	return nil
}

// AddRule stores a curation rule and returns it with its ID. It applies to
// documents added from now on; CurationDocuments lists the stored documents
// it changes, which the caller extracts again and stores with Redo.
func (s *Store) AddRule(ctx context.Context, r Rule) (Rule, error) {
	if s.w == nil {
		return r, errors.New("add curation rule: store is read-only")
	}
	if err := r.check(); err != nil {
		return r, err
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO curation (action, name, type, arg, arg_type) VALUES (?, ?, ?, ?, ?)`,
		r.Action, strings.TrimSpace(r.Name), r.Type, strings.TrimSpace(r.Arg), r.ArgType)
	if err != nil {
		return r, fmt.Errorf("add curation rule: %w", err)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return r, fmt.Errorf("add curation rule: %w", err)
	}
	return r, nil
}

// DeleteRule removes the curation rule with the given ID and returns it.
// Like AddRule, it changes documents added from now on; CurationDocuments
// lists those to extract again.
func (s *Store) DeleteRule(ctx context.Context, id int64) (Rule, error) {
	if s.w == nil {
		return Rule{}, errors.New("delete curation rule: store is read-only")
	}
	rules, err := loadRules(ctx, s.w)
	if err != nil {
		return Rule{}, err
	}
	for _, r := range rules {
		if r.ID == id {
			if _, err := s.w.ExecContext(ctx, `DELETE FROM curation WHERE id = ?`, id); err != nil {
				return Rule{}, fmt.Errorf("delete curation rule %d: %w", id, err)
			}
			return r, nil
		}
	}
	return Rule{}, fmt.Errorf("curation rule %d: %w (list them with kg curation)", id, ErrNotFound)
}

// Rules returns the curation rules in the order they apply.
func (s *Store) Rules(ctx context.Context) ([]Rule, error) {
	return loadRules(ctx, s.r)
}

func loadRules(ctx context.Context, q queryer) ([]Rule, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, action, name, type, arg, arg_type FROM curation ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read curation rules: %w", err)
	}
	defer rows.Close()
	var out []Rule
	for rows.Next() {
		var r Rule
		if err := rows.Scan(&r.ID, &r.Action, &r.Name, &r.Type, &r.Arg, &r.ArgType); err != nil {
			return nil, fmt.Errorf("read curation rules: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CurationDocuments returns the stored documents that rule r changes, or
// changed before it was deleted: those with a mention of a node that has
// its name as an alias, or whose text contains its name, or for a split,
// its document. They are in ID order, with their text.
func (s *Store) CurationDocuments(ctx context.Context, r Rule) ([]extract.Document, error) {
	var where string
	var args []any
	if r.Action == ActSplit {
		d, err := s.FindDocument(ctx, r.Arg)
		if err != nil {
			return nil, err
		}
		where, args = `id = ?`, []any{d.ID}
	} else {
		// The text search finds what no mention shows any more: the
		// documents of a name an ignore rule dropped, when it is deleted.
		where = `id IN (SELECT m.document_id FROM mentions m JOIN aliases a ON a.entity_id = m.entity_id WHERE a.key = ?1)
			OR instr(lower(text), lower(?2)) > 0`
		args = []any{fold(r.Name), r.Name}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT uri, key, sha256, title, published, text FROM documents WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("documents for %s: %w", r, err)
	}
	defer rows.Close()
	var out []extract.Document
	for rows.Next() {
		var d extract.Document
		if err := rows.Scan(&d.URI, &d.Key, &d.ID, &d.Title, &d.Published, &d.Text); err != nil {
			return nil, fmt.Errorf("documents for %s: %w", r, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Curate returns res with the rules applied, in order, to the entities of
// doc. It never changes the text, mentions' spans or relations' evidence:
//
//   - merge renames the matching entity to the target's name and type, so
//     that it becomes one node with the target;
//   - rename and retype set its name or type (the old name stays an alias);
//   - split, in the rule's document only, renames it "Name (document)" and
//     drops its other names, so that it links to no other node;
//   - ignore drops it with its mentions and relations.
func Curate(rules []Rule, doc extract.Document, res extract.Result) extract.Result {
	if len(rules) == 0 {
		return res
	}
	ents := append([]extract.Entity(nil), res.Entities...)
	drop := make([]bool, len(ents))
	for _, r := range rules {
		if r.Action == ActSplit && r.Arg != doc.URI && r.Arg != doc.Key && r.Arg != doc.ID {
			continue
		}
		key := fold(r.Name)
		for i := range ents {
			e := &ents[i]
			if drop[i] || !matches(*e, key, r.Type) {
				continue
			}
			switch r.Action {
			case ActMerge:
				e.Aliases = withAlias(e.Aliases, r.Arg)
				e.Name, e.Type = r.Arg, r.ArgType
			case ActRename:
				e.Aliases = withAlias(e.Aliases, r.Arg)
				e.Name = r.Arg
			case ActRetype:
				e.Type = r.Arg
			case ActSplit:
				e.Name = fmt.Sprintf("%s (%s)", e.Name, r.Arg)
				e.Aliases = []string{e.Name}
			case ActIgnore:
				drop[i] = true
			}
		}
	}
	out := res
	out.Entities = ents
	dropped := false
	for _, d := range drop {
		dropped = dropped || d
	}
	if !dropped {
		return out
	}
	// Renumber the entities that stay; drop what refers to the others.
	index := make([]int, len(ents))
	out.Entities = nil
	for i, e := range ents {
		index[i] = -1
		if !drop[i] {
			index[i] = len(out.Entities)
			out.Entities = append(out.Entities, e)
		}
	}
	out.Mentions = nil
	for _, m := range res.Mentions {
		if index[m.Entity] >= 0 {
			m.Entity = index[m.Entity]
			out.Mentions = append(out.Mentions, m)
		}
	}
	out.Relations = nil
	for _, rel := range res.Relations {
		if index[rel.Subject] < 0 || index[rel.Object] < 0 {
			continue
		}
		rel.Subject, rel.Object = index[rel.Subject], index[rel.Object]
		if rel.Attributed >= 0 {
			rel.Attributed = index[rel.Attributed]
		}
		out.Relations = append(out.Relations, rel)
	}
	return out
}

// matches reports whether entity e is the one a rule names by key and typ.
func matches(e extract.Entity, key, typ string) bool {
	if typ != "" && !sameKind(e.Type, typ) {
		return false
	}
	if fold(e.Name) == key {
		return true
	}
	for _, al := range e.Aliases {
		if fold(al) == key {
			return true
		}
	}
	return false
}

// withAlias adds name to a sorted alias list.
func withAlias(aliases []string, name string) []string {
	for _, al := range aliases {
		if al == name {
			return aliases
		}
	}
	out := append(append([]string(nil), aliases...), name)
	sort.Strings(out)
	return out
}

// sameKind reports whether types a and b may be one node: the recogniser
// confuses countries and regions (GPE, LOC) freely.
func sameKind(a, b string) bool {
	geo := func(t string) bool { return t == "GPE" || t == "LOC" }
	return a == b || (geo(a) && geo(b))
}
