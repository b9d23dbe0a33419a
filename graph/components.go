package graph

import (
	"context"
	"fmt"
	"sort"
)

// Components calls fn with each weakly connected component of the part of
// the graph f selects, largest first, then by lowest node ID; nodes within
// a component are in ID order. It is View.Components in one streaming pass
// over the edges, joining their ends with union–find in the store's ID
// space, then a pass over the nodes: memory holds an ID array and the
// nodes of the components of two or more, never the edges. The components
// of one node (entities without a kept edge) come last, streamed in ID
// order.
func (s *Store) Components(ctx context.Context, f Filter, fn func([]Node) error) error {
	keep, err := s.selectNodes(ctx, f)
	if err != nil {
		return err
	}
	var maxID int64
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM entities`).Scan(&maxID); err != nil {
		return fmt.Errorf("components: %w", err)
	}
	// parent[id] is id's parent in the union–find forest, 0 for a node
	// outside the selection (IDs start at 1), id itself for a root.
	parent := make([]int64, maxID+1)
	in := func(id int64) bool { return id > 0 && id <= maxID && parent[id] != 0 }
	switch {
	case keep != nil:
		for id := range keep {
			if id > 0 && id <= maxID {
				parent[id] = id
			}
		}
	case !f.edgeFiltered():
		err := s.nodeIDs(ctx, f.Types, func(id int64) error {
			parent[id] = id
			return nil
		})
		if err != nil {
			return fmt.Errorf("components: %w", err)
		}
	}
	// With an edge filter, keep holds the ends of the kept edges, so no
	// case is missing: every node of the selection has parent[id] = id.
	var find func(int64) int64
	find = func(x int64) int64 {
		for parent[x] != x {
			parent[x] = parent[parent[x]] // path halving
			x = parent[x]
		}
		return x
	}
	err = s.arcs(ctx, f, nil, func(a arc) error {
		if !in(a.src) || !in(a.tgt) {
			return nil
		}
		ra, rb := find(a.src), find(a.tgt)
		if ra == rb {
			return nil
		}
		// The lower root wins, so a root is its component's lowest ID.
		if ra < rb {
			parent[rb] = ra
		} else {
			parent[ra] = rb
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("components: %w", err)
	}
	size := map[int64]int{} // by root, for components of two or more
	for id := int64(1); id <= maxID; id++ {
		if parent[id] != 0 && parent[id] != id {
			size[find(id)]++
		}
	}
	roots := make([]int64, 0, len(size))
	for r := range size {
		size[r]++ // the root itself
		roots = append(roots, r)
	}
	sort.Slice(roots, func(i, j int) bool {
		if size[roots[i]] != size[roots[j]] {
			return size[roots[i]] > size[roots[j]]
		}
		return roots[i] < roots[j]
	})
	members := make(map[int64][]Node, len(roots))
	var grouped []int64
	for id := int64(1); id <= maxID; id++ {
		if parent[id] != 0 && size[find(id)] > 0 {
			grouped = append(grouped, id)
		}
	}
	err = s.scanNodes(ctx, nil, grouped, func(n Node) error {
		r := find(n.ID)
		members[r] = append(members[r], n)
		return nil
	})
	if err != nil {
		return fmt.Errorf("components: %w", err)
	}
	grouped = nil
	for _, r := range roots {
		if err := fn(members[r]); err != nil {
			return err
		}
		delete(members, r)
	}
	// The rest are alone; their IDs are read in chunks so that memory
	// stays flat.
	const chunk = 4096
	var alone []int64
	flush := func() error {
		err := s.scanNodes(ctx, nil, alone, func(n Node) error { return fn([]Node{n}) })
		alone = alone[:0]
		return err
	}
	for id := int64(1); id <= maxID; id++ {
		if parent[id] == id && size[id] == 0 {
			alone = append(alone, id)
			if len(alone) == chunk {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if len(alone) > 0 {
		return flush()
	}
	return nil
}
