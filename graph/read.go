package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Filter selects part of the graph. Every export format and query uses the
// same Filter, and its fields compose: a node or edge is kept when it passes
// all of them. The zero Filter keeps every node and every edge that has
// affirmed, unhedged evidence.
//
// Evidence is filtered first (dates, negation, hedging); an edge is kept when
// some of its evidence is, and its Weight, dates and flags count only the
// evidence kept. Then edges are filtered (predicate, class, weight) and nodes
// (type, ego network, top degree); an edge is kept only when both its ends
// are.
type Filter struct {
	Types      []string // entity types to keep (PERSON, ORG, …); empty keeps all
	Predicates []string // edge predicates to keep ("met", "president of"); empty keeps all
	Classes    []string // edge classes to keep (ACCUSE, ROLE, …); empty keeps all
	MinWeight  int      // drop edges with fewer pieces of evidence

	// Since and Until (YYYY-MM-DD, inclusive) keep evidence from documents
	// published in that range; when either is set, undated documents are
	// left out.
	Since, Until string

	IncludeNegated bool // keep negated evidence ("did not meet")
	IncludeHedged  bool // keep hedged evidence ("may meet", "ready to meet")

	// Around names the centre of an ego network (an entity name or alias,
	// or a numeric node ID); only nodes within Depth hops (default 1) of it,
	// following edges either way, are kept. An unknown name is an error
	// wrapping ErrNotFound, an ambiguous one an *AmbiguousError.
	Around string
	Depth  int

	// Top keeps the Top nodes of highest degree (distinct neighbours, then
	// total weight, then lowest ID) and the edges among them.
	Top int

	// WithEvidence loads every kept piece of evidence into Edge.Evidence;
	// it selects nothing.
	WithEvidence bool
}

// KnownTypes are the entity types kg extracts.
var KnownTypes = []string{"GPE", "LOC", "NORP", "ORG", "PERSON"}

// KnownClasses are the edge classes kg extracts: PLOVER event classes, ROLE
// for titles, STATEMENT for speech, OTHER for the rest.
var KnownClasses = []string{"ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT",
	"COOPERATE", "MOBILIZE", "OTHER", "PROTEST", "REJECT", "REQUEST", "RETREAT", "ROLE",
	"SANCTION", "STATEMENT", "SUPPORT", "THREATEN"}

// UnknownValueError reports a filter value that names no entity type or
// edge class; Valid lists the ones there are.
type UnknownValueError struct {
	Field string // "type" or "class"
	Value string
	Valid []string
}

func (e *UnknownValueError) Error() string {
	return fmt.Sprintf("unknown %s %q: valid %ss are %s", e.Field, e.Value, e.Field, strings.Join(e.Valid, ", "))
}

// Normalize returns f with types and classes in upper case and predicates
// in lower case, as the store keeps them, so that filters ignore case. A
// type or class outside KnownTypes or KnownClasses, or the extra ones the
// store holds (a database written by another version), is an
// *UnknownValueError.
func (s *Store) Normalize(ctx context.Context, f Filter) (Filter, error) {
	upper := func(ss []string) []string {
		out := make([]string, len(ss))
		for i, x := range ss {
			out[i] = strings.ToUpper(strings.TrimSpace(x))
		}
		return out
	}
	f.Types, f.Classes = upper(f.Types), upper(f.Classes)
	preds := make([]string, len(f.Predicates))
	for i, p := range f.Predicates {
		preds[i] = strings.ToLower(strings.TrimSpace(p))
	}
	f.Predicates = preds
	for _, c := range []struct {
		field, query string
		known, vals  []string
	}{
		{"type", `SELECT DISTINCT type FROM entities`, KnownTypes, f.Types},
		{"class", `SELECT DISTINCT class FROM edges`, KnownClasses, f.Classes},
	} {
		if len(c.vals) == 0 {
			continue
		}
		valid := map[string]bool{}
		for _, k := range c.known {
			valid[k] = true
		}
		rows, err := s.r.QueryContext(ctx, c.query)
		if err != nil {
			return f, fmt.Errorf("check %s filter: %w", c.field, err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return f, fmt.Errorf("check %s filter: %w", c.field, err)
			}
			valid[v] = true
		}
		if err := rows.Close(); err != nil {
			return f, err
		}
		for _, v := range c.vals {
			if !valid[v] {
				var list []string
				for k := range valid {
					list = append(list, k)
				}
				sort.Strings(list)
				return f, &UnknownValueError{Field: c.field, Value: v, Valid: list}
			}
		}
	}
	return f, nil
}

// Keeps reports whether f's evidence filter keeps a piece of evidence on
// negation and hedging (dates are checked by the store's queries).
func (f Filter) Keeps(e Evidence) bool {
	return (f.IncludeNegated || !e.Negated) && (f.IncludeHedged || !e.Hedged)
}

// pastWords mark a title as no longer held: "former FTC chair",
// "ex-president", "then-Secretary of State", "the late Queen".
var pastWords = map[string]bool{"former": true, "ex": true, "then": true, "late": true, "erstwhile": true}

// pastRole reports whether a role's evidence clause marks it as past. The
// extractor keeps title modifiers inside the clause it records ("former
// FTC chair Lina Khan") but not as a flag, so the store reads them there.
func pastRole(sentence string, start, end, sentenceStart int) bool {
	a, b := start-sentenceStart, end-sentenceStart
	if a < 0 || b > len(sentence) || a >= b {
		return false
	}
	for _, w := range strings.FieldsFunc(sentence[a:b], func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		if pastWords[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// pastPredicate reports whether a role's predicate says it is past: the
// extractor names "resigned as leader of X" a "former leader of" role, the
// clause itself holding no past word.
func pastPredicate(pred string) bool {
	w, _, _ := strings.Cut(pred, " ")
	return pastWords[w]
}

// edgeFiltered reports whether the filter restricts edges, in which case
// only nodes at the end of a kept edge are kept.
func (f Filter) edgeFiltered() bool {
	return len(f.Predicates) > 0 || len(f.Classes) > 0 || f.MinWeight > 1 || f.Since != "" || f.Until != ""
}

// ErrNotFound is returned (wrapped) when a name matches no entity.
var ErrNotFound = errors.New("no such entity")

// AmbiguousError is returned when a name given to select one entity
// matches several; Candidates lists them for the user to choose by ID.
type AmbiguousError struct {
	Name       string
	Candidates []Node
}

func (e *AmbiguousError) Error() string {
	parts := make([]string, len(e.Candidates))
	for i, n := range e.Candidates {
		parts[i] = fmt.Sprintf("%d %s (%s)", n.ID, n.Name, n.Type)
	}
	return fmt.Sprintf("%q is ambiguous: %s", e.Name, strings.Join(parts, "; "))
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Nodes calls fn for every node that passes f, in ID order.
func (s *Store) Nodes(ctx context.Context, f Filter, fn func(Node) error) error {
	keep, err := s.selectNodes(ctx, f)
	if err != nil {
		return err
	}
	var ids []int64
	if f.Around != "" {
		// An ego network is small: read its nodes, not the table.
		ids = sortedIDs(keep)
	}
	return s.scanNodes(ctx, f.Types, ids, func(n Node) error {
		if keep != nil && !keep[n.ID] {
			return nil
		}
		return fn(n)
	})
}

// NodesByMentions calls fn for the nodes of the given types (all when
// empty), most mentioned first, then by name and ID, at most limit of
// them (all when limit <= 0). SQLite sorts the entities alone (its sorter
// spills to disk, so memory stays flat however many there are); the
// aliases are then read for a batch of sorted rows at a time, not carried
// through the sort.
func (s *Store) NodesByMentions(ctx context.Context, types []string, limit int, fn func(Node) error) error {
	q := `SELECT e.id, e.name, e.type, (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS n
		FROM entities e`
	var args []any
	if len(types) > 0 {
		q += ` WHERE e.type IN (` + placeholders(len(types)) + `)`
		args = append(args, anys(types)...)
	}
	if limit <= 0 {
		limit = -1
	}
	q += ` ORDER BY n DESC, e.name, e.id LIMIT ?`
	args = append(args, limit)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read nodes: %w", err)
	}
	defer rows.Close()
	const batch = 1024
	nodes := make([]Node, 0, batch)
	flush := func() error {
		if err := s.addAliases(ctx, nodes); err != nil {
			return err
		}
		for _, n := range nodes {
			if err := fn(n); err != nil {
				return err
			}
		}
		nodes = nodes[:0]
		return nil
	}
	for rows.Next() {
		var n Node
		if err := rows.Scan(&n.ID, &n.Name, &n.Type, &n.Mentions); err != nil {
			return fmt.Errorf("read nodes: %w", err)
		}
		nodes = append(nodes, n)
		if len(nodes) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read nodes: %w", err)
	}
	return flush()
}

// addAliases fills in the aliases of the nodes, in alias order, as
// scanNodes gives them.
func (s *Store) addAliases(ctx context.Context, nodes []Node) error {
	if len(nodes) == 0 {
		return nil
	}
	at := make(map[int64]int, len(nodes))
	ids := make([]int64, len(nodes))
	for i, n := range nodes {
		at[n.ID] = i
		ids[i] = n.ID
	}
	rows, err := s.r.QueryContext(ctx, `SELECT entity_id, alias FROM aliases
		WHERE entity_id IN (SELECT value FROM json_each(?)) ORDER BY entity_id, alias`, idList(ids))
	if err != nil {
		return fmt.Errorf("read aliases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var alias string
		if err := rows.Scan(&id, &alias); err != nil {
			return fmt.Errorf("read aliases: %w", err)
		}
		n := &nodes[at[id]]
		n.Aliases = append(n.Aliases, alias)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read aliases: %w", err)
	}
	return nil
}

// scanNodes streams nodes of the given types (all when empty), or only
// those with the given IDs when ids is not nil, in ID order.
func (s *Store) scanNodes(ctx context.Context, types []string, ids []int64, fn func(Node) error) error {
	// Mentions are counted by a correlated subquery on mentions_entity: a
	// join with a GROUP BY over all mentions was materialised and scanned
	// once per entity by SQLite (quadratic: minutes at 100,000 entities).
	q := `SELECT e.id, e.name, e.type,
			(SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id),
			COALESCE(a.alias, '')
		FROM entities e
		LEFT JOIN aliases a ON a.entity_id = e.id
		WHERE 1`
	var args []any
	if len(types) > 0 {
		q += ` AND e.type IN (` + placeholders(len(types)) + `)`
		args = append(args, anys(types)...)
	}
	if ids != nil {
		if len(ids) == 0 {
			return nil
		}
		q += ` AND e.id IN (SELECT value FROM json_each(?))`
		args = append(args, idList(ids))
	}
	q += ` ORDER BY e.id, a.alias`
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read nodes: %w", err)
	}
	defer rows.Close()
	var cur Node
	have := false
	for rows.Next() {
		var n Node
		var alias string
		if err := rows.Scan(&n.ID, &n.Name, &n.Type, &n.Mentions, &alias); err != nil {
			return fmt.Errorf("read nodes: %w", err)
		}
		if have && n.ID != cur.ID {
			if err := fn(cur); err != nil {
				return err
			}
			have = false
		}
		if !have {
			cur, have = n, true
		}
		if alias != "" {
			cur.Aliases = append(cur.Aliases, alias)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read nodes: %w", err)
	}
	if have {
		return fn(cur)
	}
	return nil
}

// Edges calls fn for every edge that passes f and joins two nodes that
// pass it, in ID order.
func (s *Store) Edges(ctx context.Context, f Filter, fn func(Edge) error) error {
	keep, err := s.selectNodes(ctx, f)
	if err != nil {
		return err
	}
	var ids []int64
	if f.Around != "" {
		// An ego network is small: read the edges of its nodes through
		// the indexes, not all the evidence.
		ids = []int64{}
		err := s.arcs(ctx, f, sortedIDs(keep), func(a arc) error {
			if keep[a.src] && keep[a.tgt] {
				ids = append(ids, a.id)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return s.scanEdgesOf(ctx, f, ids, func(e Edge) error {
		if keep != nil && (!keep[e.Source] || !keep[e.Target]) {
			return nil
		}
		return fn(e)
	})
}

// scanEdges streams the edges that pass f's evidence and edge filters and
// whose ends are of f.Types, in ID order.
//
// The query returns one row per kept piece of evidence, edges in ID order
// and each edge's evidence in document then offset order; consecutive rows
// of one edge make one Edge. Weight, negation, hedging, confidence and the
// dates are aggregated in SQL; the speakers and the past mark of roles in
// Go, which reads each role's clause.
func (s *Store) scanEdges(ctx context.Context, f Filter, fn func(Edge) error) error {
	return s.scanEdgesOf(ctx, f, nil, fn)
}

// edgeSQL is the part of a Filter that selects evidence and edges, as SQL
// conditions over evidence v, documents d, edges e and the subject sn and
// object o entities. scanEdges and arcs both build their queries from it,
// so that every reader keeps the same edges with the same weights.
type edgeSQL struct {
	evidence     []string // on v and d
	evidenceArgs []any
	edge         []string // on e, sn and o
	edgeArgs     []any
}

func (f Filter) edgeSQL() edgeSQL {
	var q edgeSQL
	if !f.IncludeNegated {
		q.evidence = append(q.evidence, `v.negated = 0`)
	}
	if !f.IncludeHedged {
		q.evidence = append(q.evidence, `v.hedged = 0`)
	}
	if f.Since != "" {
		q.evidence = append(q.evidence, `d.published != '' AND d.published >= ?`)
		q.evidenceArgs = append(q.evidenceArgs, f.Since)
	}
	if f.Until != "" {
		q.evidence = append(q.evidence, `d.published != '' AND d.published <= ?`)
		q.evidenceArgs = append(q.evidenceArgs, f.Until)
	}
	if len(f.Types) > 0 {
		q.edge = append(q.edge, `sn.type IN (`+placeholders(len(f.Types))+`) AND o.type IN (`+placeholders(len(f.Types))+`)`)
		q.edgeArgs = append(q.edgeArgs, anys(f.Types)...)
		q.edgeArgs = append(q.edgeArgs, anys(f.Types)...)
	}
	if len(f.Predicates) > 0 {
		// Predicates are stored in lower case; the filter ignores case.
		q.edge = append(q.edge, `lower(e.predicate) IN (`+placeholders(len(f.Predicates))+`)`)
		for _, p := range f.Predicates {
			q.edgeArgs = append(q.edgeArgs, strings.ToLower(p))
		}
	}
	if len(f.Classes) > 0 {
		q.edge = append(q.edge, `e.class IN (`+placeholders(len(f.Classes))+`)`)
		q.edgeArgs = append(q.edgeArgs, anys(f.Classes)...)
	}
	return q
}

// idList encodes IDs as a JSON array, bound as one parameter and read with
// json_each: an IN list of placeholders would hit SQLite's limit on
// parameters for a large neighbourhood.
func idList(ids []int64) string {
	var b strings.Builder
	b.Grow(len(ids) * 8)
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte(']')
	return b.String()
}

// scanEdgesOf is scanEdges restricted to the edges with the given IDs when
// ids is not nil. The restriction is applied inside the evidence window
// too, so that a few edges cost a few index lookups, not a pass over all
// the evidence.
func (s *Store) scanEdgesOf(ctx context.Context, f Filter, ids []int64, fn func(Edge) error) error {
	if ids != nil && len(ids) == 0 {
		return nil
	}
	fq := f.edgeSQL()
	evWhere, args := fq.evidence, fq.evidenceArgs
	var list string
	if ids != nil {
		list = idList(ids)
		evWhere = append([]string{`v.edge_id IN (SELECT value FROM json_each(?))`}, evWhere...)
		args = append([]any{list}, args...)
	}
	where := ""
	if len(evWhere) > 0 {
		where = "WHERE " + strings.Join(evWhere, " AND ")
	}
	q := `WITH ev AS (
		SELECT v.id, v.edge_id, v.sentence, v.document_id, d.uri, d.published,
			v.start, v."end", v.sentence_start, v.negated AS v_negated, v.hedged AS v_hedged,
			v.possessed, v.attributed_to, v.confidence AS v_confidence,
			COUNT(*) OVER p AS weight,
			MIN(v.negated) OVER p AS negated,
			MIN(v.hedged) OVER p AS hedged,
			MAX(v.confidence) OVER p AS confidence,
			COALESCE(MIN(NULLIF(d.published, '')) OVER p, '') AS first_date,
			COALESCE(MAX(NULLIF(d.published, '')) OVER p, '') AS last_date
		FROM evidence v JOIN documents d ON d.id = v.document_id
		` + where + `
		WINDOW p AS (PARTITION BY v.edge_id)
	)
	SELECT e.id, e.subject_id, e.object_id, e.predicate, e.class,
		ev.weight, ev.negated, ev.hedged, ev.confidence, ev.first_date, ev.last_date,
		ev.id, ev.sentence, ev.document_id, ev.uri, ev.published, ev.start, ev."end", ev.sentence_start,
		ev.v_negated, ev.v_hedged, ev.possessed, COALESCE(a.name, ''), ev.v_confidence,
		sn.name, o.name
	FROM edges e
	JOIN ev ON ev.edge_id = e.id
	JOIN entities sn ON sn.id = e.subject_id
	JOIN entities o ON o.id = e.object_id
	LEFT JOIN entities a ON a.id = ev.attributed_to`
	conds := fq.edge
	if ids != nil {
		conds = append([]string{`e.id IN (SELECT value FROM json_each(?))`}, conds...)
		args = append(args, list)
	}
	args = append(args, fq.edgeArgs...)
	if f.MinWeight > 1 {
		conds = append(conds, `ev.weight >= ?`)
		args = append(args, f.MinWeight)
	}
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, " AND ")
	}
	q += ` ORDER BY e.id, ev.document_id, ev.start, ev.id`
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read edges: %w", err)
	}
	defer rows.Close()
	var cur Edge
	have, allPast := false, true
	speakers := map[string]bool{}
	emit := func() error {
		cur.Former = cur.Class == "ROLE" && allPast
		for sp := range speakers {
			cur.AttributedTo = append(cur.AttributedTo, sp)
		}
		sort.Strings(cur.AttributedTo)
		return fn(cur)
	}
	for rows.Next() {
		var e Edge
		var v Evidence
		var sentStart int
		if err := rows.Scan(&e.ID, &e.Source, &e.Target, &e.Predicate, &e.Class,
			&e.Weight, &e.Negated, &e.Hedged, &e.Confidence, &e.FirstDate, &e.LastDate,
			&v.ID, &v.Sentence, &v.DocumentID, &v.DocumentURI, &v.Published, &v.Start, &v.End, &sentStart,
			&v.Negated, &v.Hedged, &v.Possessed, &v.AttributedTo, &v.Confidence,
			&v.Subject, &v.Object); err != nil {
			return fmt.Errorf("read edges: %w", err)
		}
		if !have || e.ID != cur.ID {
			if have {
				if err := emit(); err != nil {
					return err
				}
			}
			// The first piece of evidence stands for the edge.
			e.Sentence, e.DocumentID, e.DocumentURI = v.Sentence, v.DocumentID, v.DocumentURI
			cur, have, allPast = e, true, true
			clear(speakers)
		}
		v.EdgeID, v.Predicate, v.Class = e.ID, e.Predicate, e.Class
		v.Former = v.Class == "ROLE" && (pastRole(v.Sentence, v.Start, v.End, sentStart) || pastPredicate(v.Predicate))
		allPast = allPast && v.Former
		if v.AttributedTo != "" {
			speakers[v.AttributedTo] = true
		}
		if f.WithEvidence {
			cur.Evidence = append(cur.Evidence, v)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read edges: %w", err)
	}
	if have {
		return emit()
	}
	return nil
}

// selectNodes returns the IDs of the nodes that pass f, or nil when every
// node of f.Types passes (so that no set is built for a plain export).
func (s *Store) selectNodes(ctx context.Context, f Filter) (map[int64]bool, error) {
	if !f.edgeFiltered() && f.Around == "" && f.Top <= 0 {
		return nil, nil
	}
	if f.Around != "" {
		return s.egoNodes(ctx, f)
	}
	var pairs []arc
	err := s.arcs(ctx, f, nil, func(a arc) error {
		pairs = append(pairs, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var keep map[int64]bool
	if f.edgeFiltered() {
		keep = map[int64]bool{}
		for _, p := range pairs {
			keep[p.src], keep[p.tgt] = true, true
		}
	}
	if f.Top > 0 {
		return s.topNodes(ctx, f, keep, pairs)
	}
	return keep, nil
}

// egoNodes returns the nodes within f.Depth hops (default 1) of f.Around,
// following kept edges either way, then the f.Top of them of highest
// degree among themselves. It walks from the centre through the store
// (see walk.go), reading only the edges of the nodes it reaches; so an
// ego network costs its own size. The centre is kept, even without an
// edge, when it is of f.Types.
func (s *Store) egoNodes(ctx context.Context, f Filter) (map[int64]bool, error) {
	centre, err := s.resolveOne(ctx, f.Around)
	if err != nil {
		return nil, err
	}
	ego := map[int64]bool{}
	if len(f.Types) > 0 && !contains(f.Types, centre.Type) {
		return ego, nil
	}
	depth := f.Depth
	if depth <= 0 {
		depth = 1
	}
	b, err := s.walk(ctx, f, centre.ID, depth)
	if err != nil {
		return nil, fmt.Errorf("ego network of %s: %w", centre.Name, err)
	}
	for id := range b.dist {
		ego[id] = true
	}
	if f.Top <= 0 {
		return ego, nil
	}
	// Degrees within the ego network count the edges among the nodes of
	// the last level too, which the walk did not read.
	var pairs []arc
	err = s.arcs(ctx, f, sortedIDs(ego), func(a arc) error {
		if ego[a.src] && ego[a.tgt] {
			pairs = append(pairs, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.topNodes(ctx, f, ego, pairs)
}

// sortedIDs returns the IDs of a set in increasing order.
func sortedIDs(set map[int64]bool) []int64 {
	ids := make([]int64, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// topNodes keeps the f.Top nodes of keep (all nodes of f.Types when keep
// is nil) of highest degree (distinct neighbours, then total weight, then
// lowest ID) over the pairs among them.
func (s *Store) topNodes(ctx context.Context, f Filter, keep map[int64]bool, pairs []arc) (map[int64]bool, error) {
	within := func(p arc) bool { return keep == nil || (keep[p.src] && keep[p.tgt]) }
	type score struct {
		id        int64
		deg, wsum int
	}
	nbrs := map[int64]map[int64]bool{}
	wsum := map[int64]int{}
	for _, p := range pairs {
		if !within(p) {
			continue
		}
		for _, x := range [2][2]int64{{p.src, p.tgt}, {p.tgt, p.src}} {
			if nbrs[x[0]] == nil {
				nbrs[x[0]] = map[int64]bool{}
			}
			nbrs[x[0]][x[1]] = true
			wsum[x[0]] += p.weight
		}
	}
	var cands []int64
	if keep != nil {
		for id := range keep {
			cands = append(cands, id)
		}
	} else {
		err := s.nodeIDs(ctx, f.Types, func(id int64) error {
			cands = append(cands, id)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	scores := make([]score, len(cands))
	for i, id := range cands {
		scores[i] = score{id, len(nbrs[id]), wsum[id]}
	}
	sort.Slice(scores, func(i, j int) bool {
		a, b := scores[i], scores[j]
		if a.deg != b.deg {
			return a.deg > b.deg
		}
		if a.wsum != b.wsum {
			return a.wsum > b.wsum
		}
		return a.id < b.id
	})
	if len(scores) > f.Top {
		scores = scores[:f.Top]
	}
	top := map[int64]bool{}
	for _, sc := range scores {
		top[sc.id] = true
	}
	return top, nil
}

// nodeIDs streams the IDs of the nodes of the given types (all when
// empty), in increasing order, without reading their names.
func (s *Store) nodeIDs(ctx context.Context, types []string, fn func(int64) error) error {
	q := `SELECT id FROM entities`
	var args []any
	if len(types) > 0 {
		q += ` WHERE type IN (` + placeholders(len(types)) + `)`
		args = anys(types)
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return fmt.Errorf("read node IDs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("read node IDs: %w", err)
		}
		if err := fn(id); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read node IDs: %w", err)
	}
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Resolve returns the nodes a name may refer to, comparing without case and
// diacritics: the nodes whose canonical name it is or, when there are none,
// the nodes that have it as an alias. Several nodes mean the name is
// ambiguous; none is not an error.
func (s *Store) Resolve(ctx context.Context, name string) ([]Node, error) {
	key := fold(name)
	var ids []int64
	for _, q := range []string{
		`SELECT id FROM entities WHERE key = ? ORDER BY id`,
		`SELECT DISTINCT entity_id FROM aliases WHERE key = ? ORDER BY entity_id`,
	} {
		rows, err := s.r.QueryContext(ctx, q, key)
		if err != nil {
			return nil, fmt.Errorf("resolve %q: %w", name, err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("resolve %q: %w", name, err)
			}
			ids = append(ids, id)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			break
		}
	}
	var nodes []Node
	if len(ids) == 0 {
		return nil, nil
	}
	err := s.scanNodes(ctx, nil, ids, func(n Node) error {
		nodes = append(nodes, n)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("resolve %q: %w", name, err)
	}
	return nodes, nil
}

// Node returns the node with the given ID, or an error wrapping ErrNotFound.
func (s *Store) Node(ctx context.Context, id int64) (Node, error) {
	var out Node
	found := false
	err := s.scanNodes(ctx, nil, []int64{id}, func(n Node) error {
		out, found = n, true
		return nil
	})
	if err != nil {
		return Node{}, err
	}
	if !found {
		return Node{}, fmt.Errorf("node %d: %w", id, ErrNotFound)
	}
	return out, nil
}

// resolveOne turns a user's reference to one entity (a name, an alias or a
// numeric ID) into its node.
func (s *Store) resolveOne(ctx context.Context, ref string) (Node, error) {
	nodes, err := s.Resolve(ctx, ref)
	if err != nil {
		return Node{}, err
	}
	switch len(nodes) {
	case 1:
		return nodes[0], nil
	case 0:
		if id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(ref), "#"), 10, 64); err == nil {
			return s.Node(ctx, id)
		}
		return Node{}, fmt.Errorf("%q: %w", ref, ErrNotFound)
	}
	return Node{}, &AmbiguousError{Name: ref, Candidates: nodes}
}

// Evidence is one sentence supporting an edge.
type Evidence struct {
	ID     int64
	EdgeID int64

	Subject, Predicate, Object string // the edge, by canonical names
	Class                      string // the edge's class

	DocumentID  int64
	DocumentURI string
	Published   string // the document's date, YYYY-MM-DD or ""
	Sentence    string // the whole sentence
	Start, End  int    // the clause's byte offsets in the document text

	Negated, Hedged bool
	Former          bool   // a ROLE the sentence marks as past ("former FTC chair")
	Possessed       bool   // the object is the possessor of the real object
	AttributedTo    string // canonical name of the speaker for reported speech, or ""
	Confidence      float64
}

const evidenceSelect = `SELECT v.id, v.edge_id, s.name, e.predicate, o.name, e.class,
		v.document_id, d.uri, d.published, v.sentence, v.start, v."end", v.sentence_start,
		v.negated, v.hedged, v.possessed, COALESCE(a.name, ''), v.confidence
	FROM evidence v
	JOIN edges e ON e.id = v.edge_id
	JOIN entities s ON s.id = e.subject_id
	JOIN entities o ON o.id = e.object_id
	JOIN documents d ON d.id = v.document_id
	LEFT JOIN entities a ON a.id = v.attributed_to`

func (s *Store) scanEvidence(ctx context.Context, q string, args ...any) ([]Evidence, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Evidence
	for rows.Next() {
		var e Evidence
		var sentStart int
		if err := rows.Scan(&e.ID, &e.EdgeID, &e.Subject, &e.Predicate, &e.Object, &e.Class,
			&e.DocumentID, &e.DocumentURI, &e.Published, &e.Sentence, &e.Start, &e.End, &sentStart,
			&e.Negated, &e.Hedged, &e.Possessed, &e.AttributedTo, &e.Confidence); err != nil {
			return nil, err
		}
		e.Former = e.Class == "ROLE" && (pastRole(e.Sentence, e.Start, e.End, sentStart) || pastPredicate(e.Predicate))
		out = append(out, e)
	}
	return out, rows.Err()
}

// Evidence returns every piece of evidence for an edge, in document then
// offset order, negated and hedged ones included.
func (s *Store) Evidence(ctx context.Context, edgeID int64) ([]Evidence, error) {
	ev, err := s.scanEvidence(ctx, evidenceSelect+` WHERE v.edge_id = ? ORDER BY v.document_id, v.start, v.id`, edgeID)
	if err != nil {
		return nil, fmt.Errorf("evidence of edge %d: %w", edgeID, err)
	}
	return ev, nil
}

// SearchEvidence returns up to limit pieces of evidence whose sentence
// contains query, ignoring case and diacritics ("erdogan" finds "Erdoğan"),
// in document then offset order. A limit of 0 or less means no limit.
func (s *Store) SearchEvidence(ctx context.Context, query string, limit int) ([]Evidence, error) {
	q := fold(query)
	if q == "" {
		return nil, nil
	}
	pat := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q) + "%"
	if limit <= 0 {
		limit = -1
	}
	ev, err := s.scanEvidence(ctx, evidenceSelect+` WHERE v.folded LIKE ? ESCAPE '\' ORDER BY v.document_id, v.start, v.id LIMIT ?`, pat, limit)
	if err != nil {
		return nil, fmt.Errorf("search evidence %q: %w", query, err)
	}
	return ev, nil
}

// Count is a number of things of one kind.
type Count struct {
	Key string
	N   int
}

// Stats summarises a store.
type Stats struct {
	Documents, Entities, Aliases, Mentions, Edges, Evidence int

	EntitiesByType []Count // most frequent first, then by name
	EdgesByClass   []Count // most frequent first, then by name
}

// Stats counts what the store holds.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM entities),
		(SELECT COUNT(*) FROM aliases), (SELECT COUNT(*) FROM mentions),
		(SELECT COUNT(*) FROM edges), (SELECT COUNT(*) FROM evidence)`).Scan(
		&st.Documents, &st.Entities, &st.Aliases, &st.Mentions, &st.Edges, &st.Evidence)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	counts := func(q string) ([]Count, error) {
		rows, err := s.r.QueryContext(ctx, q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []Count
		for rows.Next() {
			var c Count
			if err := rows.Scan(&c.Key, &c.N); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, rows.Err()
	}
	if st.EntitiesByType, err = counts(`SELECT type, COUNT(*) AS n FROM entities GROUP BY type ORDER BY n DESC, type`); err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	if st.EdgesByClass, err = counts(`SELECT class, COUNT(*) AS n FROM edges GROUP BY class ORDER BY n DESC, class`); err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}
