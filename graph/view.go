package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	dg "github.com/dominikbraun/graph"
)

// View is a filtered graph loaded in memory for graph algorithms. It is
// undirected for reachability: the typed edges joining two nodes, in either
// direction, are aggregated into one link that keeps them all (the library
// has no multigraphs), and each result reports the edges' real directions.
// All results are deterministic: ties are broken by node ID.
type View struct {
	g     dg.Graph[int64, Node]
	nodes map[int64]Node
	ids   []int64           // sorted
	adj   map[int64][]int64 // sorted neighbours
}

// link is the data of one undirected link: the typed edges it aggregates,
// in ID order.
type link struct {
	edges  []Edge
	weight int
}

// View loads the part of the graph that passes f. It holds the whole
// selection in memory: the questions about one neighbourhood (Store's
// Neighbors and Path) read only the part they need and build a View of
// that.
func (s *Store) View(ctx context.Context, f Filter) (*View, error) {
	b := newViewBuilder()
	if err := s.Nodes(ctx, f, b.addNode); err != nil {
		return nil, fmt.Errorf("load view: %w", err)
	}
	if err := s.Edges(ctx, f, b.addEdge); err != nil {
		return nil, fmt.Errorf("load view: %w", err)
	}
	return b.view()
}

// viewBuilder makes a View from nodes, then the edges among them in ID
// order.
type viewBuilder struct {
	v     *View
	links map[[2]int64]*link
	order [][2]int64
}

func newViewBuilder() *viewBuilder {
	return &viewBuilder{
		v: &View{
			g:     dg.New(func(n Node) int64 { return n.ID }),
			nodes: map[int64]Node{},
			adj:   map[int64][]int64{},
		},
		links: map[[2]int64]*link{},
	}
}

// addNode adds a node; nodes come in ID order.
func (b *viewBuilder) addNode(n Node) error {
	b.v.nodes[n.ID] = n
	b.v.ids = append(b.v.ids, n.ID)
	return b.v.g.AddVertex(n)
}

// addEdge adds a typed edge to the link between its ends.
func (b *viewBuilder) addEdge(e Edge) error {
	k := [2]int64{min(e.Source, e.Target), max(e.Source, e.Target)}
	l := b.links[k]
	if l == nil {
		l = &link{}
		b.links[k] = l
		b.order = append(b.order, k)
	}
	l.edges = append(l.edges, e)
	l.weight += e.Weight
	return nil
}

func (b *viewBuilder) view() (*View, error) {
	v := b.v
	for _, k := range b.order {
		l := b.links[k]
		if err := v.g.AddEdge(k[0], k[1], dg.EdgeWeight(l.weight), dg.EdgeData(l)); err != nil {
			return nil, fmt.Errorf("load view: edge %d-%d: %w", k[0], k[1], err)
		}
		v.adj[k[0]] = append(v.adj[k[0]], k[1])
		v.adj[k[1]] = append(v.adj[k[1]], k[0])
	}
	for id := range v.adj {
		sort.Slice(v.adj[id], func(i, j int) bool { return v.adj[id][i] < v.adj[id][j] })
	}
	return v, nil
}

// Graph returns the underlying dominikbraun/graph graph, for algorithms this
// type does not offer. Vertices are Nodes keyed by ID; each edge's
// Properties.Weight is the summed evidence count of the typed edges it
// aggregates.
func (v *View) Graph() dg.Graph[int64, Node] { return v.g }

// Len returns the number of nodes in the view.
func (v *View) Len() int { return len(v.ids) }

func (v *View) link(a, b int64) (*link, error) {
	e, err := v.g.Edge(a, b)
	if err != nil {
		return nil, err
	}
	l, ok := e.Properties.Data.(*link)
	if !ok {
		return nil, errors.New("edge without data")
	}
	return l, nil
}

func (v *View) node(id int64) (Node, error) {
	n, ok := v.nodes[id]
	if !ok {
		return Node{}, fmt.Errorf("node %d not in view: %w", id, ErrNotFound)
	}
	return n, nil
}

// bfs returns the distance of every node reachable from start within depth
// hops (depth < 0: no limit), and each one's predecessor on a shortest
// path; neighbours are visited in ID order, so the predecessors are
// deterministic.
func (v *View) bfs(start int64, depth int) (dist map[int64]int, prev map[int64]int64) {
	dist = map[int64]int{start: 0}
	prev = map[int64]int64{}
	queue := []int64{start}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if depth >= 0 && dist[id] >= depth {
			continue
		}
		for _, nb := range v.adj[id] {
			if _, seen := dist[nb]; !seen {
				dist[nb] = dist[id] + 1
				prev[nb] = id
				queue = append(queue, nb)
			}
		}
	}
	return dist, prev
}

// Neighbors returns the nodes within depth hops of id (at least 1),
// following edges either way, nearest first, then by ID. The node itself is
// not included.
func (v *View) Neighbors(id int64, depth int) ([]Node, error) {
	if _, err := v.node(id); err != nil {
		return nil, err
	}
	if depth < 1 {
		depth = 1
	}
	dist, _ := v.bfs(id, depth)
	var ids []int64
	for n := range dist {
		if n != id {
			ids = append(ids, n)
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		if dist[ids[i]] != dist[ids[j]] {
			return dist[ids[i]] < dist[ids[j]]
		}
		return ids[i] < ids[j]
	})
	out := make([]Node, len(ids))
	for i, n := range ids {
		out[i] = v.nodes[n]
	}
	return out, nil
}

// Hop is one step of a path: the link between two consecutive nodes.
type Hop struct {
	From, To Node
	// Edges are the typed edges joining From and To, in ID order, each
	// with its own direction (Source, Target) and first evidence sentence.
	Edges []Edge
	// Reverse is true when the first edge points from To to From, so the
	// hop reads "To predicate From".
	Reverse bool
	// Predicate lists the predicates of Edges, separated by "; ".
	Predicate string
	// Sentence is the first evidence sentence of the first edge.
	Sentence string
}

// ErrNoPath is returned (wrapped) by Path when the nodes are not connected.
var ErrNoPath = errors.New("no path")

// Path returns a shortest path from a to b, counting hops and ignoring edge
// directions; among equally short paths, the one through lower IDs is
// chosen (the search runs from b, visiting neighbours in ID order). A path
// from a node to itself has no hops.
func (v *View) Path(a, b int64) ([]Hop, error) {
	if _, err := v.node(a); err != nil {
		return nil, err
	}
	if _, err := v.node(b); err != nil {
		return nil, err
	}
	// Searching from b makes prev point towards b, so walking from a
	// yields the hops in order.
	dist, prev := v.bfs(b, -1)
	if _, ok := dist[a]; !ok {
		return nil, fmt.Errorf("%d to %d: %w", a, b, ErrNoPath)
	}
	var hops []Hop
	for cur := a; cur != b; cur = prev[cur] {
		next := prev[cur]
		l, err := v.link(cur, next)
		if err != nil {
			return nil, fmt.Errorf("path: %w", err)
		}
		h := Hop{From: v.nodes[cur], To: v.nodes[next], Edges: l.edges}
		preds := make([]string, len(l.edges))
		for i, e := range l.edges {
			preds[i] = e.Predicate
		}
		h.Predicate = strings.Join(preds, "; ")
		if len(l.edges) > 0 {
			h.Reverse = l.edges[0].Source != cur
			h.Sentence = l.edges[0].Sentence
		}
		hops = append(hops, h)
	}
	return hops, nil
}

// Components returns the weakly connected components, largest first, then
// by lowest node ID; nodes within a component are in ID order.
func (v *View) Components() ([][]Node, error) {
	seen := map[int64]bool{}
	var comps [][]Node
	for _, id := range v.ids {
		if seen[id] {
			continue
		}
		dist, _ := v.bfs(id, -1)
		ids := make([]int64, 0, len(dist))
		for n := range dist {
			seen[n] = true
			ids = append(ids, n)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		comp := make([]Node, len(ids))
		for i, n := range ids {
			comp[i] = v.nodes[n]
		}
		comps = append(comps, comp)
	}
	// Components were found in order of their lowest ID; a stable sort by
	// size keeps that order among equals.
	sort.SliceStable(comps, func(i, j int) bool { return len(comps[i]) > len(comps[j]) })
	return comps, nil
}

// Centrality is how central one node is.
type Centrality struct {
	Node
	Degree      int     // distinct neighbours
	Weight      int     // summed evidence count of its edges
	Betweenness float64 // share of shortest paths through it, normalised to 0..1
	PageRank    float64 // on the undirected links weighted by evidence; sums to 1
}

// Central returns the top most central nodes (all when top <= 0), by
// PageRank, then degree, then ID. Unlike Store.Central it ranks every node
// of the view, isolated ones included, and its betweenness is always
// exact: it is for small views.
func (v *View) Central(top int) ([]Centrality, error) {
	n := len(v.ids)
	index := make(map[int64]int, n)
	for i, id := range v.ids {
		index[id] = i
	}
	// Neighbour lists by index, with link weights, in ID order.
	nbr := make([][]int, n)
	wt := make([][]float64, n)
	out := make([]Centrality, n)
	for i, id := range v.ids {
		out[i].Node = v.nodes[id]
		for _, nb := range v.adj[id] {
			l, err := v.link(id, nb)
			if err != nil {
				return nil, fmt.Errorf("centrality: %w", err)
			}
			nbr[i] = append(nbr[i], index[nb])
			wt[i] = append(wt[i], float64(l.weight))
			out[i].Weight += l.weight
		}
		out[i].Degree = len(nbr[i])
	}
	pr := pageRank(nbr, wt, 0.85, 100, 1e-12)
	bc := betweenness(nbr)
	for i := range out {
		out[i].PageRank = pr[i]
		out[i].Betweenness = bc[i]
	}
	sortCentral(out)
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out, nil
}

// pageRank computes weighted PageRank by power iteration; a node without
// links spreads its rank over all nodes. The summation order is fixed, so
// the result is the same on every run.
func pageRank(nbr [][]int, wt [][]float64, damping float64, maxIter int, tol float64) []float64 {
	n := len(nbr)
	if n == 0 {
		return nil
	}
	out := make([]float64, n)
	wsum := make([]float64, n)
	for i := range nbr {
		for _, w := range wt[i] {
			wsum[i] += w
		}
	}
	rank := make([]float64, n)
	for i := range rank {
		rank[i] = 1 / float64(n)
	}
	next := make([]float64, n)
	for iter := 0; iter < maxIter; iter++ {
		dangling := 0.0
		for i := range rank {
			if wsum[i] == 0 {
				dangling += rank[i]
			}
		}
		base := (1-damping)/float64(n) + damping*dangling/float64(n)
		for i := range next {
			next[i] = base
		}
		for i := range nbr {
			if wsum[i] == 0 {
				continue
			}
			share := damping * rank[i] / wsum[i]
			for k, j := range nbr[i] {
				next[j] += share * wt[i][k]
			}
		}
		diff := 0.0
		for i := range rank {
			d := next[i] - rank[i]
			if d < 0 {
				d = -d
			}
			diff += d
		}
		rank, next = next, rank
		if diff < tol {
			break
		}
	}
	copy(out, rank)
	return out
}

// betweenness computes Brandes' betweenness centrality on the unweighted,
// undirected graph, normalised by (n-1)(n-2)/2 pairs.
func betweenness(nbr [][]int) []float64 {
	all := make([]int, len(nbr))
	for i := range all {
		all[i] = i
	}
	bc, _ := betweennessFrom(context.Background(), nbr, all)
	return bc
}

// betweennessFrom runs Brandes' accumulation from the given sources only
// and scales the sums by n/len(sources): with every node as a source it is
// exact, with a uniform sample it is an unbiased estimate (Brandes and
// Pich, 2007). The result is normalised by (n-1)(n-2), each pair having
// been counted from both ends.
//
// The sources are split in two halves searched at once, each summed in
// source order and the halves added in order: two goroutines whatever the
// machine, so that the floating-point sums, and the output, are the same
// everywhere.
func betweennessFrom(ctx context.Context, nbr [][]int, sources []int) ([]float64, error) {
	n := len(nbr)
	bc := make([]float64, n)
	if n <= 2 || len(sources) == 0 {
		return bc, nil
	}
	// Neighbours in one array (compressed rows) for locality.
	off := make([]int32, n+1)
	for i, nb := range nbr {
		off[i+1] = off[i] + int32(len(nb))
	}
	adj := make([]int32, off[n])
	for i, nb := range nbr {
		for k, j := range nb {
			adj[int(off[i])+k] = int32(j)
		}
	}
	half := len(sources) / 2
	parts := [2][]int{sources[:half], sources[half:]}
	sums := [2][]float64{}
	errs := [2]error{}
	done := make(chan struct{})
	go func() {
		sums[0], errs[0] = brandes(ctx, off, adj, parts[0])
		close(done)
	}()
	sums[1], errs[1] = brandes(ctx, off, adj, parts[1])
	<-done
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	scale := float64(n) / float64(len(sources)) / float64((n-1)*(n-2))
	for i := range bc {
		bc[i] = (sums[0][i] + sums[1][i]) * scale
	}
	return bc, nil
}

// brandes sums, for each node, its dependency on the searches from the
// given sources, on the unweighted graph in compressed rows (the
// neighbours of i are adj[off[i]:off[i+1]]). A node's predecessors are
// the neighbours one hop closer to the source, found again when the
// dependencies are accumulated instead of stored.
func brandes(ctx context.Context, off, adj []int32, sources []int) ([]float64, error) {
	n := len(off) - 1
	sum := make([]float64, n)
	sigma := make([]float64, n)
	delta := make([]float64, n)
	dist := make([]int32, n)
	for i := range dist {
		dist[i] = -1
	}
	order := make([]int32, 0, n) // the BFS queue, kept as the visit order
	for k, s := range sources {
		if k%16 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		// Only the nodes the last search reached need resetting.
		for _, i := range order {
			sigma[i], dist[i], delta[i] = 0, -1, 0
		}
		order = append(order[:0], int32(s))
		sigma[s], dist[s] = 1, 0
		for head := 0; head < len(order); head++ {
			u := order[head]
			du := dist[u] + 1
			for _, w := range adj[off[u]:off[u+1]] {
				if dist[w] < 0 {
					dist[w] = du
					order = append(order, w)
				}
				if dist[w] == du {
					sigma[w] += sigma[u]
				}
			}
		}
		for k := len(order) - 1; k > 0; k-- {
			w := order[k]
			dw := dist[w] - 1
			c := (1 + delta[w]) / sigma[w]
			for _, u := range adj[off[w]:off[w+1]] {
				if dist[u] == dw {
					delta[u] += sigma[u] * c
				}
			}
			sum[w] += delta[w]
		}
	}
	return sum, nil
}
