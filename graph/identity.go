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

// Cross-document identity.
//
// The store keeps every document's own entities ("locals": the name, type
// and surface forms one document gives an entity) and derives the graph's
// nodes from the set of them, so that the same documents in any order give
// the same nodes, names, aliases, ids and edges. Locals fall into groups by
// a merge key (mergeClass and nameKey of their name); groups are joined
// into nodes by clusterGroups. Only the ids of nodes and edges, which are
// counters, depend on the order documents came in.

// mergeClass is the class of types that may share a node: the recogniser
// confuses countries and regions (GPE, LOC) freely; other types differ in
// kind (Washington the state, the Washington Wizards, George Washington).
func mergeClass(typ string) string {
	if typ == "GPE" || typ == "LOC" {
		return "GEO"
	}
	return typ
}

// longForms maps official long names (folded) to the short form the
// same place is usually called by.
var longForms = map[string]string{
	"people's republic of china":            "china",
	"prc":                                   "china",
	"united states of america":              "united states",
	"russian federation":                    "russia",
	"republic of korea":                     "south korea",
	"democratic people's republic of korea": "north korea",
	"united kingdom of great britain and northern ireland": "united kingdom",
	"kingdom of the netherlands":                           "netherlands",
	"federal republic of germany":                          "germany",
	"french republic":                                      "france",
	"islamic republic of iran":                             "iran",
	"republic of india":                                    "india",
	"commonwealth of australia":                            "australia",
	"republic of ireland":                                  "ireland",
	"kingdom of spain":                                     "spain",
	"italian republic":                                     "italy",
	"state of israel":                                      "israel",
	"republic of turkey":                                   "turkey",
	"republic of türkiye":                                  "turkey",
	"republic of south africa":                             "south africa",
	"united mexican states":                                "mexico",
	"federative republic of brazil":                        "brazil",
	"kingdom of saudi arabia":                              "saudi arabia",
	"syrian arab republic":                                 "syria",
	"arab republic of egypt":                               "egypt",
	"ukrainian ssr":                                        "ukraine",
	"washington, d.c.":                                     "washington d.c.",
	"washington dc":                                        "washington d.c.",
	"district of columbia":                                 "washington d.c.",
}

// acronymKeys are the short forms of longForms written in capitals, which
// nameKey keeps case-sensitive.
var acronymKeys = map[string]string{
	"US": "united states", "USA": "united states", "UK": "united kingdom",
	"PRC": "china", "UAE": "united arab emirates", "DC": "washington d.c.",
}

// statePrefixes begin the official names of states and provinces
// ("State of Texas", "Commonwealth of Massachusetts"), which are the place
// the rest names.
var statePrefixes = []string{"state of ", "commonwealth of ", "province of "}

// genericWords are words that name a kind of thing rather than one thing:
// a name made only of them ("Court", "Supreme Court", "Labour Party",
// "North") is a different entity in each document that uses it.
var genericWords = wordSet(`
academy administration agency airport army assembly association authority bank board bureau
cabinet capital cathedral center centre chamber church circuit city club coast college
commission committee company congress constitution corporation council county court
department district division embassy empire federation firm fleet force forces foundation
government group hall harbor harbour high highway hospital hotel house institute island
islands kingdom lake league legislature library ministry mosque mountain mountains museum
navy office palace park parliament party plaza police port presidency prison province
railway region republic river road school sea senate service square state states station
street team temple tribunal union university valley village ward
north south east west northeast northwest southeast southwest northern southern eastern
western central north-east north-west south-east south-west midwest
supreme federal national international regional local provincial municipal metropolitan
grand great royal imperial main old new upper lower inner outer general public private
labour labor democratic republican liberal conservative socialist communist green workers
people's peoples popular progressive city-state appeals appeal
high-court first second third
`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// isAcronym reports whether name is written as a short acronym: one word
// of two to four capital letters, perhaps with dots ("WHO", "U.S.").
// Acronyms are compared case-sensitively, since they collide with
// ordinary words ("WHO" is not "Who", "NICE" not "Nice").
func isAcronym(name string) (letters string, ok bool) {
	if strings.ContainsAny(name, " \t") {
		// Spaced initials ("U. S.") are the acronym of their letters.
		for _, w := range strings.Fields(name) {
			if len(w) != 2 || w[1] != '.' || w[0] < 'A' || w[0] > 'Z' {
				return "", false
			}
		}
		name = strings.ReplaceAll(name, " ", "")
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == '.':
		case unicode.IsUpper(r):
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	n := utf8.RuneCountInString(b.String())
	return b.String(), n >= 2 && n <= 4
}

// nameKey returns the key under which a name of merge class class is
// compared with other names, and whether the name is generic (made only
// of genericWords, so that it never links documents on its own).
//
// Keys ignore case and diacritics, except for acronyms; drop a leading
// "the" from names other than persons'; map official long forms to the
// short one ("State of Texas" → "texas"); and, for persons, ignore the
// order of the words ("Higuchi Ichiyō" = "Ichiyō Higuchi").
func nameKey(name, class string) (key string, generic bool) {
	name = strings.TrimSpace(name)
	if letters, ok := isAcronym(name); ok {
		if short, ok := acronymKeys[letters]; ok && class == "GEO" {
			return short, false
		}
		return "=" + letters, false
	}
	k := fold(name)
	if class != "PERSON" {
		k = strings.TrimPrefix(k, "the ")
	}
	if class == "GEO" {
		if short, ok := longForms[k]; ok {
			k = short
		}
		for _, p := range statePrefixes {
			if rest, ok := strings.CutPrefix(k, p); ok && rest != "" {
				k = rest
				break
			}
		}
	}
	words := strings.Fields(k)
	if class == "PERSON" && len(words) > 1 {
		sorted := append([]string(nil), words...)
		sort.Strings(sorted)
		k = strings.Join(sorted, " ")
	}
	if class != "PERSON" && len(words) > 0 {
		generic = true
		for _, w := range words {
			if !genericWords[w] {
				generic = false
				break
			}
		}
	}
	return k, generic
}

// nameSuffixes are words after a surname that are not the surname.
var nameSuffixes = map[string]bool{"jr": true, "jr.": true, "sr": true, "sr.": true, "ii": true, "iii": true, "iv": true}

// surname returns the folded last word of a person's full name, which a
// bare surname in another document may stand for; "" when the name has
// one word, an "of" phrase ("Theodorus of Tabennese"), or ends in an
// initial.
func surname(name string) string {
	words := strings.Fields(fold(name))
	for len(words) > 1 && nameSuffixes[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	if len(words) < 2 {
		return ""
	}
	for _, w := range words {
		if w == "of" {
			return ""
		}
	}
	last := words[len(words)-1]
	if utf8.RuneCountInString(strings.TrimSuffix(last, ".")) < 3 || strings.HasSuffix(last, ".") {
		return ""
	}
	return last
}

// genericInto returns, for each entity of one document, the entity its
// generic name is short for, or -1: "Church" is the Church of Scientology
// in a document that names no other church, as the resolver would have
// found had it read "the Church" as a name. A generic name that fits no
// entity, or several, stays its own.
func genericInto(ents []extract.Entity) []int {
	into := make([]int, len(ents))
	for i, e := range ents {
		into[i] = -1
		class := mergeClass(e.Type)
		k, generic := nameKey(e.Name, class)
		if !generic {
			continue
		}
		words := strings.Fields(k)
		for j, f := range ents {
			if j == i || mergeClass(f.Type) != class {
				continue
			}
			if _, fgeneric := nameKey(f.Name, class); fgeneric || !containsWords(strings.Fields(fold(f.Name)), words) {
				continue
			}
			if into[i] >= 0 {
				into[i] = -1 // several
				break
			}
			into[i] = j
		}
	}
	return into
}

// containsWords reports whether every word of want is in have.
func containsWords(have, want []string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if h == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// groupKey returns the merge group of a document's entity: its class and
// name key, and for a generic name also the document (its SHA-256), so
// that "Court" in two documents is two groups and two nodes.
func groupKey(name, typ, docSHA string) string {
	class := mergeClass(typ)
	k, generic := nameKey(name, class)
	if generic {
		return class + "|" + k + "|" + docSHA
	}
	return class + "|" + k
}

// formLink returns the link key of a form of a document's entity named
// name: linkKey, except that a person's given name alone ("Peter" for
// Peter Charles L'Enfant) links nothing, since a first name says too
// little to join another document's "Peter" (Peter the Great) to this
// person. The surname alone still links (see surname).
func formLink(form, name, typ string) string {
	if mergeClass(typ) == "PERSON" && !strings.ContainsAny(strings.TrimSpace(form), " \t") {
		if words := strings.Fields(fold(name)); len(words) > 1 && fold(form) != words[len(words)-1] {
			return ""
		}
	}
	return linkKey(form, typ)
}

// ownGroupKey returns the merge group of a document's entity that joins
// no other document's (extract.Entity.Unlinked): its class and name key
// and the document, as for a generic name.
func ownGroupKey(name, typ, docSHA string) string {
	class := mergeClass(typ)
	k, _ := nameKey(name, class)
	return class + "|" + k + "|" + docSHA
}

// linkKey returns the key by which a surface form links its entity to a
// group of the same class named by it, or "" for a generic form, which
// links nothing.
func linkKey(form, typ string) string {
	class := mergeClass(typ)
	k, generic := nameKey(form, class)
	if generic || k == "" {
		return ""
	}
	return class + "|" + k
}

// local is one document's entity as the store keeps it.
type local struct {
	id     int64
	name   string
	typ    string
	entity int64 // current node, 0 when not yet assigned
	forms  []localForm
}

type localForm struct {
	form, link string
	shown      bool // an alias of the node, not only a link (an implied surname)
}

// group is the locals sharing one group key.
type group struct {
	key    string
	locals []*local
	links  map[string]bool // link keys of the locals' forms
	full   string          // fullest name of its locals
}

// fuller reports whether name a is a fuller name than b: more words, then
// more characters, then (for a total order) lexically smaller.
func fuller(a, b string) bool {
	wa, wb := len(strings.Fields(a)), len(strings.Fields(b))
	if wa != wb {
		return wa > wb
	}
	ra, rb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if ra != rb {
		return ra > rb
	}
	// The better-written of two spellings: with diacritics ("Erdoğan", not
	// "Erdogan"), in mixed case ("Acme Corp", not "ACME CORP").
	da, db := spelling(a), spelling(b)
	if da != db {
		return da > db
	}
	return a < b
}

// spelling scores how carefully a name is written: its non-ASCII letters
// first, then its lower-case letters.
func spelling(s string) int {
	nonASCII, lower := 0, 0
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.IsLetter(r) {
			nonASCII++
		}
		if unicode.IsLower(r) {
			lower++
		}
	}
	return nonASCII*1000 + lower
}

// groupBefore orders groups from the fullest to the shortest name, by key
// on a tie.
func groupBefore(a, b *group) bool {
	if a.full != b.full {
		return fuller(a.full, b.full)
	}
	return a.key < b.key
}

// linked reports whether two groups of one class name each other: one's
// name is a form the other's documents use ("Obama" for Barack Obama), or
// they share a form of several words.
func linked(a, b *group) bool {
	if a.links[b.key] || b.links[a.key] {
		return true
	}
	for l := range a.links {
		if b.links[l] && strings.Contains(l, " ") {
			return true
		}
	}
	return false
}

// cluster is one node: its groups, fullest first.
type cluster struct {
	id     int64
	groups []*group
	name   string
	typ    string
}

// clusterGroups joins groups into nodes. It depends only on the set of
// groups, never on their order or on the order documents came in.
//
// Groups are visited from the fullest name to the shortest. A group joins
// the node of the fuller groups it is linked to when they all belong to
// one node; when they belong to several, the short name is ambiguous in
// the whole graph ("Smith" for Jordan Smith and John Smith) and the group
// stays its own node. Since a group only ever joins fuller ones, the nodes
// of the fuller groups are final when a group is visited.
func clusterGroups(groups []*group) []*cluster {
	sorted := append([]*group(nil), groups...)
	sort.Slice(sorted, func(i, j int) bool { return groupBefore(sorted[i], sorted[j]) })
	byClass := map[string][]int{} // class → indexes into sorted
	for i, g := range sorted {
		c := g.key[:strings.IndexByte(g.key, '|')]
		byClass[c] = append(byClass[c], i)
	}
	root := make([]int, len(sorted))
	for i := range root {
		root[i] = i
	}
	find := func(i int) int {
		for root[i] != i {
			root[i] = root[root[i]]
			i = root[i]
		}
		return i
	}
	for _, idx := range byClass {
		for n, i := range idx {
			target := -1
			for _, j := range idx[:n] { // the fuller groups of the class
				if !linked(sorted[i], sorted[j]) {
					continue
				}
				r := find(j)
				if target >= 0 && r != target {
					target = -2 // ambiguous
					break
				}
				target = r
			}
			if target >= 0 {
				root[i] = target
			}
		}
	}
	byRoot := map[int]*cluster{}
	var out []*cluster
	for i, g := range sorted {
		r := find(i)
		c := byRoot[r]
		if c == nil {
			c = &cluster{}
			byRoot[r] = c
			out = append(out, c)
		}
		c.groups = append(c.groups, g)
	}
	for _, c := range out {
		c.name, c.typ = c.canonical()
	}
	return out
}

// canonical returns the node's name, the fullest name of its locals, and
// its type, the most common of its locals' types (lexically first on a tie).
func (c *cluster) canonical() (name, typ string) {
	types := map[string]int{}
	for _, g := range c.groups {
		for _, l := range g.locals {
			types[l.typ]++
			if name == "" || fuller(l.name, name) {
				name = l.name
			}
		}
	}
	for t, n := range types {
		if typ == "" || n > types[typ] || n == types[typ] && t < typ {
			typ = t
		}
	}
	return name, typ
}

// newGroup builds a group from its locals.
func newGroup(key string, locals []*local) *group {
	g := &group{key: key, locals: locals, links: map[string]bool{}}
	for _, l := range locals {
		if g.full == "" || fuller(l.name, g.full) {
			g.full = l.name
		}
		for _, f := range l.forms {
			if f.link != "" {
				g.links[f.link] = true
			}
		}
	}
	return g
}

// Reconcile recomputes every node of the graph from the documents'
// entities, in one transaction: the nodes, their names, types and
// aliases, the mentions' and evidence's nodes, and the edges. Add keeps
// the graph reconciled by itself (it recomputes the nodes its document
// can affect); Reconcile is for a store whose documents were changed
// otherwise, or to check that the graph is what its documents make.
//
// Code that removes or replaces a document inside a transaction calls
// reconcileGroups instead, with the groups of the removed document's
// locals (documentGroups, read before deleting them).
func (s *Store) Reconcile(ctx context.Context) error {
	if s.w == nil {
		return errors.New("reconcile: store is read-only")
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("reconcile: begin: %w", err)
	}
	defer tx.Rollback()
	a := &adder{tx: tx, stmts: map[string]*sql.Stmt{}}
	defer a.close()
	keys, err := a.queryStrings(ctx, `SELECT DISTINCT grp FROM local_entities ORDER BY grp`)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	if _, err := reconcileGroups(ctx, a, keys); err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("reconcile: commit: %w", err)
	}
	return nil
}

// queryStrings runs a query of one text column.
func (a *adder) queryStrings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := a.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// documentGroups returns the merge groups of a document's locals.
func documentGroups(ctx context.Context, a *adder, docID int64) ([]string, error) {
	return a.queryStrings(ctx, `SELECT DISTINCT grp FROM local_entities WHERE document_id = ? ORDER BY grp`, docID)
}

// reconcileGroups recomputes the nodes of the groups seeds and of every
// group connected to them (by a link, or by sharing a node today), and
// rewrites what refers to nodes that changed: entities and aliases,
// mentions, evidence and edges. Groups outside that component cannot be
// affected, so the result is the same as recomputing the whole graph.
// It returns the node of every local in the component.
func reconcileGroups(ctx context.Context, a *adder, seeds []string) (map[int64]int64, error) {
	groups, err := component(ctx, a, seeds)
	if err != nil {
		return nil, err
	}
	clusters := clusterGroups(groups)
	if err := assignIDs(ctx, a, clusters); err != nil {
		return nil, err
	}

	node := map[int64]int64{}    // local → new node
	oldNodes := map[int64]bool{} // nodes before
	var changed []int64          // locals whose node changed
	for _, c := range clusters {
		for _, g := range c.groups {
			for _, l := range g.locals {
				node[l.id] = c.id
				if l.entity != 0 {
					oldNodes[l.entity] = true
				}
				if l.entity != c.id {
					changed = append(changed, l.id)
				}
			}
		}
	}
	sort.Slice(changed, func(i, j int) bool { return changed[i] < changed[j] })

	// A node whose locals are the ones it had is as it was: most nodes of
	// a component, which need no rewriting.
	had := map[int64]int{}
	for _, g := range groups {
		for _, l := range g.locals {
			had[l.entity]++
		}
	}
	// The nodes first, so that the rows moved to them refer to existing ones.
	for _, c := range clusters {
		same, n := true, 0
		for _, g := range c.groups {
			for _, l := range g.locals {
				n++
				same = same && l.entity == c.id
			}
		}
		if same && had[c.id] == n {
			continue
		}
		if _, err := a.exec(ctx, `UPDATE entities SET name = ?, type = ?, key = ? WHERE id = ?`,
			c.name, c.typ, fold(c.name), c.id); err != nil {
			return nil, fmt.Errorf("write node %q: %w", c.name, err)
		}
		if _, err := a.exec(ctx, `DELETE FROM aliases WHERE entity_id = ?`, c.id); err != nil {
			return nil, err
		}
		aliases := map[string]bool{}
		for _, g := range c.groups {
			for _, l := range g.locals {
				aliases[strings.TrimSpace(l.name)] = true
				for _, f := range l.forms {
					if f.shown {
						aliases[f.form] = true
					}
				}
			}
		}
		sorted := make([]string, 0, len(aliases))
		for al := range aliases {
			sorted = append(sorted, al)
		}
		sort.Strings(sorted)
		for _, al := range sorted {
			if _, err := a.exec(ctx, `INSERT OR IGNORE INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)`, c.id, al, fold(al)); err != nil {
				return nil, err
			}
		}
	}

	// Mentions and the evidence of relations whose ends moved.
	rels := map[int64]bool{}
	for _, l := range changed {
		if _, err := a.exec(ctx, `UPDATE local_entities SET entity_id = ? WHERE id = ?`, node[l], l); err != nil {
			return nil, err
		}
		if _, err := a.exec(ctx, `UPDATE mentions SET entity_id = ? WHERE local_id = ?`, node[l], l); err != nil {
			return nil, err
		}
		if _, err := a.exec(ctx, `UPDATE evidence SET attributed_to = ? WHERE relation_id IN
			(SELECT id FROM local_relations WHERE attributed_local = ?)`, node[l], l); err != nil {
			return nil, err
		}
		ids, err := a.queryStrings(ctx, `SELECT id FROM local_relations WHERE subject_local = ? OR object_local = ?`, l, l)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			var n int64
			fmt.Sscan(id, &n)
			rels[n] = true
		}
	}
	relIDs := make([]int64, 0, len(rels))
	for id := range rels {
		relIDs = append(relIDs, id)
	}
	sort.Slice(relIDs, func(i, j int) bool { return relIDs[i] < relIDs[j] })
	touched := map[int64]bool{}
	for _, id := range relIDs {
		if err := placeRelation(ctx, a, id, touched); err != nil {
			return nil, err
		}
	}

	// Nodes no local refers to any more, with their edges (whose evidence
	// has all moved) and aliases.
	for old := range oldNodes {
		var one int
		err := a.queryRow(ctx, `SELECT 1 FROM local_entities WHERE entity_id = ? LIMIT 1`, old).Scan(&one)
		if err == nil {
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		for _, q := range []string{
			`DELETE FROM edges WHERE (subject_id = ?1 OR object_id = ?1) AND NOT EXISTS (SELECT 1 FROM evidence v WHERE v.edge_id = edges.id)`,
			`DELETE FROM aliases WHERE entity_id = ?`,
			`DELETE FROM entities WHERE id = ?`,
		} {
			if _, err := a.exec(ctx, q, old); err != nil {
				return nil, fmt.Errorf("drop node %d: %w", old, err)
			}
		}
	}
	for e := range touched {
		if err := settleEdge(ctx, a, e); err != nil {
			return nil, err
		}
	}
	return node, nil
}

// component loads the groups connected to seeds.
func component(ctx context.Context, a *adder, seeds []string) ([]*group, error) {
	seen := map[string]bool{}
	queue := append([]string(nil), seeds...)
	var out []*group
	seenNode := map[int64]bool{}
	for len(queue) > 0 {
		key := queue[0]
		queue = queue[1:]
		if seen[key] {
			continue
		}
		seen[key] = true
		g, err := loadGroup(ctx, a, key)
		if err != nil {
			return nil, err
		}
		if len(g.locals) == 0 {
			continue // removed
		}
		out = append(out, g)
		var next []string
		// Groups using this group's name as a form.
		more, err := a.queryStrings(ctx, `SELECT DISTINCT grp FROM local_forms WHERE link = ?`, key)
		if err != nil {
			return nil, err
		}
		next = append(next, more...)
		for l := range g.links {
			next = append(next, l) // the group this form names, if there is one
			if strings.Contains(l, " ") {
				more, err := a.queryStrings(ctx, `SELECT DISTINCT grp FROM local_forms WHERE link = ?`, l)
				if err != nil {
					return nil, err
				}
				next = append(next, more...)
			}
		}
		// Groups sharing a node with this one today.
		for _, l := range g.locals {
			if l.entity == 0 || seenNode[l.entity] {
				continue
			}
			seenNode[l.entity] = true
			more, err := a.queryStrings(ctx, `SELECT DISTINCT grp FROM local_entities WHERE entity_id = ?`, l.entity)
			if err != nil {
				return nil, err
			}
			next = append(next, more...)
		}
		for _, k := range next {
			if !seen[k] {
				queue = append(queue, k)
			}
		}
	}
	return out, nil
}

// loadGroup reads the locals of one group with their forms.
func loadGroup(ctx context.Context, a *adder, key string) (*group, error) {
	rows, err := a.query(ctx, `SELECT l.id, l.name, l.type, COALESCE(l.entity_id, 0), f.form, f.link, f.shown
		FROM local_entities l LEFT JOIN local_forms f ON f.local_id = l.id WHERE l.grp = ? ORDER BY l.id`, key)
	if err != nil {
		return nil, fmt.Errorf("load group %q: %w", key, err)
	}
	defer rows.Close()
	var locals []*local
	for rows.Next() {
		var l local
		var form, link sql.NullString
		var shown sql.NullBool
		if err := rows.Scan(&l.id, &l.name, &l.typ, &l.entity, &form, &link, &shown); err != nil {
			return nil, err
		}
		if len(locals) == 0 || locals[len(locals)-1].id != l.id {
			locals = append(locals, &l)
		}
		if form.Valid {
			cur := locals[len(locals)-1]
			cur.forms = append(cur.forms, localForm{form: form.String, link: link.String, shown: shown.Bool})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return newGroup(key, locals), nil
}

// assignIDs gives each cluster a node id: the lowest id one of its locals
// had that no cluster before it took, so that a node keeps its id while
// others join it; or a new one. Ids are counters, so they depend on the
// order documents came in; nothing else about a node does.
func assignIDs(ctx context.Context, a *adder, clusters []*cluster) error {
	taken := map[int64]bool{}
	var fresh []*cluster
	for _, c := range clusters {
		var old []int64
		for _, g := range c.groups {
			for _, l := range g.locals {
				if l.entity != 0 {
					old = append(old, l.entity)
				}
			}
		}
		sort.Slice(old, func(i, j int) bool { return old[i] < old[j] })
		for _, id := range old {
			if !taken[id] {
				c.id = id
				break
			}
		}
		if c.id != 0 {
			taken[c.id] = true
		} else {
			fresh = append(fresh, c)
		}
	}
	// New nodes are numbered in the order of their first local, as the
	// document lists its entities.
	first := func(c *cluster) int64 {
		min := int64(-1)
		for _, g := range c.groups {
			for _, l := range g.locals {
				if min < 0 || l.id < min {
					min = l.id
				}
			}
		}
		return min
	}
	sort.Slice(fresh, func(i, j int) bool { return first(fresh[i]) < first(fresh[j]) })
	for _, c := range fresh {
		r, err := a.exec(ctx, `INSERT INTO entities (name, type, key) VALUES (?, ?, ?)`, c.name, c.typ, fold(c.name))
		if err != nil {
			return fmt.Errorf("insert node %q: %w", c.name, err)
		}
		if c.id, err = r.LastInsertId(); err != nil {
			return err
		}
	}
	return nil
}

// placeRelation puts the evidence of one document relation on the edge
// between its ends' current nodes, or removes it when both ends are one
// node (a relation of a node with itself is no edge). touched collects
// the edges gained or lost.
func placeRelation(ctx context.Context, a *adder, relID int64, touched map[int64]bool) error {
	var subj, obj, docID, sentStart, sentEnd, start, end int64
	var pred string
	var negated, hedged, possessed bool
	var attributed sql.NullInt64
	var confidence float64
	err := a.queryRow(ctx, `SELECT s.entity_id, o.entity_id, r.predicate, r.document_id, r.sentence_start, r.sentence_end,
		r.start, r."end", r.negated, r.hedged, r.possessed, t.entity_id, r.confidence
		FROM local_relations r JOIN local_entities s ON s.id = r.subject_local JOIN local_entities o ON o.id = r.object_local
		LEFT JOIN local_entities t ON t.id = r.attributed_local WHERE r.id = ?`, relID).Scan(
		&subj, &obj, &pred, &docID, &sentStart, &sentEnd, &start, &end, &negated, &hedged, &possessed, &attributed, &confidence)
	if err != nil {
		return fmt.Errorf("relation %d: %w", relID, err)
	}
	var old int64
	err = a.queryRow(ctx, `SELECT edge_id FROM evidence WHERE relation_id = ?`, relID).Scan(&old)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if old != 0 {
		touched[old] = true
	}
	if subj == obj {
		if old != 0 {
			_, err := a.exec(ctx, `DELETE FROM evidence WHERE relation_id = ?`, relID)
			return err
		}
		return nil
	}
	var id int64
	if err := a.queryRow(ctx, `INSERT INTO edges (subject_id, predicate, object_id) VALUES (?, ?, ?)
		ON CONFLICT (subject_id, predicate, object_id) DO UPDATE SET class = class RETURNING id`, subj, pred, obj).Scan(&id); err != nil {
		return fmt.Errorf("insert edge: %w", err)
	}
	touched[id] = true
	if old != 0 {
		_, err := a.exec(ctx, `UPDATE evidence SET edge_id = ? WHERE relation_id = ?`, id, relID)
		return err
	}
	// The sentence, cut from the text by bytes (substr on text counts
	// characters).
	var sentence string
	if err := a.queryRow(ctx, `SELECT CAST(substr(CAST(text AS BLOB), ?, ?) AS TEXT) FROM documents WHERE id = ?`,
		sentStart+1, sentEnd-sentStart, docID).Scan(&sentence); err != nil {
		return fmt.Errorf("relation %d: sentence: %w", relID, err)
	}
	var speaker any
	if attributed.Valid {
		speaker = attributed.Int64
	}
	if _, err := a.exec(ctx, `INSERT INTO evidence (edge_id, document_id, sentence, folded, start, "end", sentence_start,
		negated, hedged, possessed, attributed_to, confidence, relation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, docID, sentence, fold(sentence), start, end, sentStart, negated, hedged, possessed, speaker, confidence, relID); err != nil {
		return fmt.Errorf("insert evidence: %w", err)
	}
	return nil
}

// settleEdge deletes an edge left without evidence, or sets its class to
// the most common class of its evidence (lexically first on a tie), which
// does not depend on the order the evidence came in.
func settleEdge(ctx context.Context, a *adder, id int64) error {
	var class string
	err := a.queryRow(ctx, `SELECT r.class FROM evidence v JOIN local_relations r ON r.id = v.relation_id
		WHERE v.edge_id = ? GROUP BY r.class ORDER BY COUNT(*) DESC, r.class LIMIT 1`, id).Scan(&class)
	if errors.Is(err, sql.ErrNoRows) {
		_, err := a.exec(ctx, `DELETE FROM edges WHERE id = ? AND NOT EXISTS (SELECT 1 FROM evidence WHERE edge_id = ?)`, id, id)
		return err
	}
	if err != nil {
		return err
	}
	_, err = a.exec(ctx, `UPDATE edges SET class = ? WHERE id = ?`, class, id)
	return err
}

// migrateV4 keeps each document's own entities (locals), their forms and
// its relations, from which the nodes and edges are derived (see Add), and
// converts a database written before: one local per document and node it
// mentions, named by the fullest name the document uses for it.
func migrateV4(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `
CREATE TABLE local_entities (
	id          INTEGER PRIMARY KEY,
	document_id INTEGER NOT NULL REFERENCES documents(id),
	name        TEXT NOT NULL,
	type        TEXT NOT NULL,
	grp         TEXT NOT NULL,
	entity_id   INTEGER REFERENCES entities(id)
);
CREATE INDEX local_entities_grp ON local_entities(grp);
CREATE INDEX local_entities_document ON local_entities(document_id);
CREATE INDEX local_entities_entity ON local_entities(entity_id);
CREATE TABLE local_forms (
	local_id INTEGER NOT NULL REFERENCES local_entities(id),
	form     TEXT NOT NULL,
	shown    INTEGER NOT NULL,
	link     TEXT,
	grp      TEXT NOT NULL,
	PRIMARY KEY (local_id, form, shown)
) WITHOUT ROWID;
CREATE INDEX local_forms_link ON local_forms(link, grp) WHERE link IS NOT NULL;
CREATE TABLE local_relations (
	id               INTEGER PRIMARY KEY,
	document_id      INTEGER NOT NULL REFERENCES documents(id),
	subject_local    INTEGER NOT NULL REFERENCES local_entities(id),
	object_local     INTEGER NOT NULL REFERENCES local_entities(id),
	predicate        TEXT NOT NULL,
	class            TEXT NOT NULL,
	sentence_start   INTEGER NOT NULL,
	sentence_end     INTEGER NOT NULL,
	start            INTEGER NOT NULL,
	"end"            INTEGER NOT NULL,
	negated          INTEGER NOT NULL DEFAULT 0,
	hedged           INTEGER NOT NULL DEFAULT 0,
	possessed        INTEGER NOT NULL DEFAULT 0,
	attributed_local INTEGER REFERENCES local_entities(id),
	confidence       REAL NOT NULL DEFAULT 0
);
CREATE INDEX local_relations_subject ON local_relations(subject_local);
CREATE INDEX local_relations_object ON local_relations(object_local);
CREATE INDEX local_relations_attributed ON local_relations(attributed_local) WHERE attributed_local IS NOT NULL;
CREATE INDEX local_relations_document ON local_relations(document_id);
ALTER TABLE mentions ADD COLUMN local_id INTEGER REFERENCES local_entities(id);
CREATE INDEX mentions_local ON mentions(local_id);
ALTER TABLE evidence ADD COLUMN relation_id INTEGER REFERENCES local_relations(id);
CREATE INDEX evidence_relation ON evidence(relation_id);
`); err != nil {
		return err
	}
	return convertV3(ctx, tx)
}

// convertV3 makes the locals of a database whose nodes were merged as
// documents came, then derives the nodes from them.
func convertV3(ctx context.Context, tx *sql.Tx) error {
	a := &adder{tx: tx, stmts: map[string]*sql.Stmt{}}
	defer a.close()
	type pair struct{ doc, entity int64 }
	// Every (document, node) that a mention or a piece of evidence names.
	rows, err := tx.QueryContext(ctx, `
		SELECT document_id, entity_id FROM mentions
		UNION SELECT v.document_id, e.subject_id FROM evidence v JOIN edges e ON e.id = v.edge_id
		UNION SELECT v.document_id, e.object_id FROM evidence v JOIN edges e ON e.id = v.edge_id
		UNION SELECT document_id, attributed_to FROM evidence WHERE attributed_to IS NOT NULL
		ORDER BY 1, 2`)
	if err != nil {
		return err
	}
	var pairs []pair
	for rows.Next() {
		var p pair
		if err := rows.Scan(&p.doc, &p.entity); err != nil {
			rows.Close()
			return err
		}
		pairs = append(pairs, p)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if len(pairs) == 0 {
		return nil
	}
	localOf := map[pair]int64{}
	var seeds []string
	for _, p := range pairs {
		var name, typ, sha string
		if err := tx.QueryRowContext(ctx, `SELECT e.name, e.type, d.sha256 FROM entities e, documents d WHERE e.id = ? AND d.id = ?`,
			p.entity, p.doc).Scan(&name, &typ, &sha); err != nil {
			return fmt.Errorf("node %d of document %d: %w", p.entity, p.doc, err)
		}
		forms, err := a.queryStrings(ctx, `SELECT DISTINCT trim(text) FROM mentions WHERE document_id = ? AND entity_id = ? AND kind = 'name' ORDER BY 1`, p.doc, p.entity)
		if err != nil {
			return err
		}
		if len(forms) > 0 {
			name = forms[0]
			for _, f := range forms {
				if fuller(f, name) {
					name = f
				}
			}
		} else {
			forms = []string{name}
		}
		grp := groupKey(name, typ, sha)
		r, err := tx.ExecContext(ctx, `INSERT INTO local_entities (document_id, name, type, grp) VALUES (?, ?, ?, ?)`, p.doc, name, typ, grp)
		if err != nil {
			return err
		}
		id, err := r.LastInsertId()
		if err != nil {
			return err
		}
		localOf[p] = id
		seeds = append(seeds, grp)
		for _, f := range forms {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO local_forms (local_id, form, shown, link, grp) VALUES (?, ?, 1, ?, ?)`,
				id, f, nullable(formLink(f, name, typ)), grp); err != nil {
				return err
			}
		}
		if mergeClass(typ) == "PERSON" {
			if sn := surname(name); sn != "" {
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO local_forms (local_id, form, shown, link, grp) VALUES (?, ?, 0, ?, ?)`,
					id, sn, nullable(linkKey(sn, typ)), grp); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE local_entities SET entity_id = ? WHERE id = ?`, p.entity, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mentions SET local_id = ? WHERE document_id = ? AND entity_id = ?`, id, p.doc, p.entity); err != nil {
			return err
		}
	}
	// Each piece of evidence becomes the document relation it came from.
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO local_relations (id, document_id, subject_local, object_local, predicate, class, sentence_start, sentence_end,
			start, "end", negated, hedged, possessed, attributed_local, confidence)
		SELECT v.id, v.document_id, s.id, o.id, e.predicate, e.class, v.sentence_start, v.sentence_start + length(CAST(v.sentence AS BLOB)),
			v.start, v."end", v.negated, v.hedged, v.possessed, t.id, v.confidence
		FROM evidence v JOIN edges e ON e.id = v.edge_id
		JOIN local_entities s ON s.document_id = v.document_id AND s.entity_id = e.subject_id
		JOIN local_entities o ON o.document_id = v.document_id AND o.entity_id = e.object_id
		LEFT JOIN local_entities t ON t.document_id = v.document_id AND t.entity_id = v.attributed_to;
		UPDATE evidence SET relation_id = id;`); err != nil {
		return err
	}
	sort.Strings(seeds)
	if _, err := reconcileGroups(ctx, a, seeds); err != nil {
		return err
	}
	// The old edges, whose ids were counters, now that the evidence has
	// moved to the edges named by their ends.
	if _, err := tx.ExecContext(ctx, `DELETE FROM edges WHERE NOT EXISTS (SELECT 1 FROM evidence v WHERE v.edge_id = edges.id)`); err != nil {
		return err
	}
	return nil
}
