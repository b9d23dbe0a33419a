package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// The questions about one neighbourhood (Neighbors, Path, ego networks)
// walk the graph in the store: each step reads the edges of the nodes at
// the frontier through the indexes on edges(subject_id) and
// edges(object_id), so that time and memory follow the size of the answer,
// not of the graph. The part that was read is then loaded into a View,
// where dominikbraun/graph and View's algorithms answer the question as
// they would on the whole graph.

// arc is a kept edge reduced to what the walks and the whole-graph passes
// need.
type arc struct {
	id, src, tgt int64
	weight       int
}

// arcs streams the edges that pass f's evidence, edge and type filters,
// with the same weights as scanEdges gives them, in edge ID order. When
// touch is not nil, only the edges with an end among its IDs are read.
// Node selections (Around, Top) are the caller's.
func (s *Store) arcs(ctx context.Context, f Filter, touch []int64, fn func(arc) error) error {
	if touch != nil && len(touch) == 0 {
		return nil
	}
	q, args := arcsQuery(f, touch)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a arc
		if err := rows.Scan(&a.id, &a.src, &a.tgt, &a.weight); err != nil {
			return fmt.Errorf("read links: %w", err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read links: %w", err)
	}
	return nil
}

// arcsQuery is the query arcs runs.
func arcsQuery(f Filter, touch []int64) (string, []any) {
	fq := f.edgeSQL()
	q := `SELECT e.id, e.subject_id, e.object_id, COUNT(*)
	FROM edges e
	JOIN evidence v ON v.edge_id = e.id
	JOIN documents d ON d.id = v.document_id`
	if len(f.Types) > 0 {
		q += `
	JOIN entities sn ON sn.id = e.subject_id
	JOIN entities o ON o.id = e.object_id`
	}
	var conds []string
	var args []any
	if touch != nil {
		// Two IN terms joined by OR: SQLite answers each from its index
		// (the UNIQUE (subject_id, …) one and edges_object) and unites the
		// rows.
		list := idList(touch)
		conds = append(conds, `(e.subject_id IN (SELECT value FROM json_each(?)) OR e.object_id IN (SELECT value FROM json_each(?)))`)
		args = append(args, list, list)
	}
	conds = append(conds, fq.evidence...)
	args = append(args, fq.evidenceArgs...)
	conds = append(conds, fq.edge...)
	args = append(args, fq.edgeArgs...)
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, " AND ")
	}
	q += ` GROUP BY e.id`
	if f.MinWeight > 1 {
		q += ` HAVING COUNT(*) >= ?`
		args = append(args, f.MinWeight)
	}
	return q + ` ORDER BY e.id`, args
}

// walkStart checks that id is a node of the part of the graph f selects
// (ignoring Around and Top, which the callers handle): it exists, it is of
// f.Types and, when f filters edges, it has a kept edge.
func (s *Store) walkStart(ctx context.Context, f Filter, id int64) error {
	n, err := s.Node(ctx, id)
	if err != nil {
		return err
	}
	if len(f.Types) > 0 && !contains(f.Types, n.Type) {
		return fmt.Errorf("node %d is a %s, not of the selected types: %w", id, n.Type, ErrNotFound)
	}
	if !f.edgeFiltered() {
		return nil
	}
	some := false
	err = s.arcs(ctx, f, []int64{id}, func(arc) error { some = true; return nil })
	if err != nil {
		return err
	}
	if !some {
		return fmt.Errorf("node %d has no edge the filter keeps: %w", id, ErrNotFound)
	}
	return nil
}

// ball is the part of the graph within some hops of a node, as a walk
// read it.
type ball struct {
	dist map[int64]int // hops from the centre of every node reached
	arcs []arc         // every edge read, each once, in the order read
}

// walk reads the nodes within depth hops of centre (depth < 0: no limit),
// level by level, and the edges it followed. The edges among the nodes of
// the last level are not read: they change no distance.
func (s *Store) walk(ctx context.Context, f Filter, centre int64, depth int) (ball, error) {
	b := ball{dist: map[int64]int{centre: 0}}
	read := map[int64]bool{}
	frontier := []int64{centre}
	for d := 0; (depth < 0 || d < depth) && len(frontier) > 0; d++ {
		if err := ctx.Err(); err != nil {
			return b, err
		}
		var next []int64
		slices.Sort(frontier)
		err := s.arcs(ctx, f, frontier, func(a arc) error {
			if read[a.id] {
				return nil
			}
			read[a.id] = true
			b.arcs = append(b.arcs, a)
			for _, x := range [2]int64{a.src, a.tgt} {
				if _, ok := b.dist[x]; !ok {
					b.dist[x] = d + 1
					next = append(next, x)
				}
			}
			return nil
		})
		if err != nil {
			return b, err
		}
		frontier = next
	}
	return b, nil
}

// subView loads the nodes with the given IDs and the edges among them
// into a View. With full, the edges are read whole (predicate, evidence
// sentence, flags) for the given edge IDs; otherwise they are made from
// the arcs, with IDs, ends and weights only.
func (s *Store) subView(ctx context.Context, f Filter, ids []int64, arcs []arc, full bool) (*View, error) {
	slices.Sort(ids)
	b := newViewBuilder()
	if err := s.scanNodes(ctx, nil, ids, b.addNode); err != nil {
		return nil, err
	}
	keep := make(map[int64]bool, len(ids))
	for _, id := range ids {
		keep[id] = true
	}
	var edgeIDs []int64
	for _, a := range arcs {
		if keep[a.src] && keep[a.tgt] {
			edgeIDs = append(edgeIDs, a.id)
		}
	}
	slices.Sort(edgeIDs)
	if full {
		g := f
		g.WithEvidence = false
		if err := s.scanEdgesOf(ctx, g, edgeIDs, b.addEdge); err != nil {
			return nil, err
		}
		return b.view()
	}
	byID := make(map[int64]arc, len(edgeIDs))
	for _, a := range arcs {
		byID[a.id] = a
	}
	for _, id := range edgeIDs {
		a := byID[id]
		if err := b.addEdge(Edge{ID: a.id, Source: a.src, Target: a.tgt, Weight: a.weight}); err != nil {
			return nil, err
		}
	}
	return b.view()
}

// Neighbors returns the nodes within depth hops (at least 1) of the node
// id in the part of the graph f selects, following edges either way,
// nearest first, then by ID; the node itself is not included. It is
// View.Neighbors without loading the graph: it reads the edges of the
// nodes it reaches, level by level, so its cost follows the size of the
// answer. A Filter with Top ranks the whole graph, so it loads it. A node
// outside the selection is an error wrapping ErrNotFound.
func (s *Store) Neighbors(ctx context.Context, f Filter, id int64, depth int) ([]Node, error) {
	if depth < 1 {
		depth = 1
	}
	if f.Top > 0 || f.Around != "" {
		v, err := s.View(ctx, f)
		if err != nil {
			return nil, err
		}
		return v.Neighbors(id, depth)
	}
	if err := s.walkStart(ctx, f, id); err != nil {
		return nil, err
	}
	b, err := s.walk(ctx, f, id, depth)
	if err != nil {
		return nil, fmt.Errorf("neighbours of %d: %w", id, err)
	}
	ids := make([]int64, 0, len(b.dist))
	for n := range b.dist {
		ids = append(ids, n)
	}
	v, err := s.subView(ctx, f, ids, b.arcs, false)
	if err != nil {
		return nil, fmt.Errorf("neighbours of %d: %w", id, err)
	}
	return v.Neighbors(id, depth)
}

// side is one end of a bidirectional search.
type side struct {
	dist     map[int64]int
	frontier []int64
	level    int // distance of the frontier
}

// Path returns a shortest path from a to b in the part of the graph f
// selects, counting hops and ignoring edge directions; it is the path
// View.Path gives on the whole selection (among equally short paths, the
// one its search from b finds first). It searches from both ends at once,
// always widening the smaller frontier and reading only the frontier's
// edges, until the searches meet; then it loads the nodes on shortest paths
// and their edges, whole, and runs View.Path on them. A Filter with Top
// loads the whole graph. The errors are View.Path's: ErrNotFound for a node
// outside the selection, ErrNoPath when they are not connected.
func (s *Store) Path(ctx context.Context, f Filter, a, b int64) ([]Hop, error) {
	if f.Top > 0 || f.Around != "" {
		v, err := s.View(ctx, f)
		if err != nil {
			return nil, err
		}
		return v.Path(a, b)
	}
	for _, id := range []int64{a, b} {
		if err := s.walkStart(ctx, f, id); err != nil {
			return nil, err
		}
	}
	if a == b {
		return nil, nil
	}
	from := &side{dist: map[int64]int{a: 0}, frontier: []int64{a}}
	to := &side{dist: map[int64]int{b: 0}, frontier: []int64{b}}
	adj := map[int64][]int64{} // both ways, for the edges read
	var read []arc
	seen := map[int64]bool{}
	var meet []int64
	for len(meet) == 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		this, other := from, to
		if len(to.frontier) < len(from.frontier) {
			this, other = to, from
		}
		if len(this.frontier) == 0 {
			return nil, fmt.Errorf("%d to %d: %w", a, b, ErrNoPath)
		}
		var next []int64
		slices.Sort(this.frontier)
		err := s.arcs(ctx, f, this.frontier, func(x arc) error {
			if seen[x.id] {
				return nil
			}
			seen[x.id] = true
			read = append(read, x)
			adj[x.src] = append(adj[x.src], x.tgt)
			adj[x.tgt] = append(adj[x.tgt], x.src)
			for _, n := range [2]int64{x.src, x.tgt} {
				if _, ok := this.dist[n]; !ok {
					this.dist[n] = this.level + 1
					next = append(next, n)
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("path from %d to %d: %w", a, b, err)
		}
		this.level++
		this.frontier = next
		// The searches had not met, so a new node the other side has
		// seen is on its frontier: had the other side reached it
		// earlier, it would have widened it and seen the node of this
		// frontier that led here. So the path through it has
		// this.level + other.level hops, the least there is, and every
		// shortest path crosses the new level at such a node.
		for _, n := range next {
			if _, ok := other.dist[n]; ok {
				meet = append(meet, n)
			}
		}
	}
	// The nodes on shortest paths: back from the meeting nodes to each
	// end, through neighbours one hop closer to it. Each such step
	// follows an edge read when the closer node was widened.
	on := map[int64]bool{}
	for _, sd := range []*side{from, to} {
		level := slices.Clone(meet)
		for _, n := range level {
			on[n] = true
		}
		for len(level) > 0 {
			var prev []int64
			for _, n := range level {
				dn := sd.dist[n]
				for _, m := range adj[n] {
					if dm, ok := sd.dist[m]; ok && dm == dn-1 && !on[m] {
						on[m] = true
						prev = append(prev, m)
					}
				}
			}
			level = prev
		}
	}
	ids := make([]int64, 0, len(on))
	for n := range on {
		ids = append(ids, n)
	}
	v, err := s.subView(ctx, f, ids, read, true)
	if err != nil {
		return nil, fmt.Errorf("path from %d to %d: %w", a, b, err)
	}
	return v.Path(a, b)
}
