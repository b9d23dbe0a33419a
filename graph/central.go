package graph

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// Defaults of CentralOptions.
const (
	// DefaultExactNodes is the largest graph, in nodes with an edge, whose
	// betweenness Central computes exactly: Brandes' algorithm costs a
	// breadth-first search per node, about a second at this size.
	DefaultExactNodes = 5000
	// DefaultPivots is how many sources sampled betweenness starts from.
	DefaultPivots = 128
	// DefaultSeed seeds the choice of pivots, so that a ranking is the
	// same on every run.
	DefaultSeed = 20261207
)

// CentralOptions tune Store.Central; the zero value takes the defaults.
type CentralOptions struct {
	Top        int    // nodes to return, most central first; 0 returns all
	ExactNodes int    // exact betweenness up to this many nodes; 0: DefaultExactNodes
	Pivots     int    // sources of sampled betweenness; 0: DefaultPivots
	Seed       uint64 // of the pivot sample; 0: DefaultSeed
}

// Ranking is the result of Store.Central: the nodes, and how their
// betweenness was computed.
type Ranking struct {
	Nodes []Centrality
	// Ranked is the number of nodes with an edge, those ranked; entities
	// without a kept edge are left out.
	Ranked int
	// Method is "exact" (Brandes from every node) or "sampled" (Brandes
	// from Pivots sources chosen at random with a fixed seed, scaled by
	// Ranked/Pivots: an unbiased estimate).
	Method string
	Pivots int
	// Error bounds, with 95% confidence, the absolute error of each
	// sampled Betweenness (0 when exact): by Hoeffding's inequality a
	// source's share of a node's betweenness lies in [0, 1], so the mean
	// over k sources is within sqrt(ln(2/0.05)/2k) of its expectation.
	// It is loose: the nodes near the top are estimated much better.
	Error float64
}

// Central ranks the nodes of the part of the graph f selects that have at
// least one kept edge, by PageRank on the undirected links weighted by
// evidence, then degree, then ID, and gives each its degree, weight and
// betweenness. It reads the edges once into compact arrays indexed by
// node; PageRank takes linear passes over them. Betweenness is exact up to
// opt.ExactNodes nodes and sampled above (see Ranking), so that a ranking
// of a million entities takes seconds, not hours.
func (s *Store) Central(ctx context.Context, f Filter, opt CentralOptions) (Ranking, error) {
	if opt.ExactNodes <= 0 {
		opt.ExactNodes = DefaultExactNodes
	}
	if opt.Pivots <= 0 {
		opt.Pivots = DefaultPivots
	}
	if opt.Seed == 0 {
		opt.Seed = DefaultSeed
	}
	keep, err := s.selectNodes(ctx, f)
	if err != nil {
		return Ranking{}, err
	}
	// Links: one per pair of nodes, weights summed over parallel edges.
	type pair struct {
		a, b int64
		w    int
	}
	var pairs []pair
	err = s.arcs(ctx, f, nil, func(x arc) error {
		if keep != nil && (!keep[x.src] || !keep[x.tgt]) || x.src == x.tgt {
			return nil
		}
		pairs = append(pairs, pair{min(x.src, x.tgt), max(x.src, x.tgt), x.weight})
		return nil
	})
	if err != nil {
		return Ranking{}, fmt.Errorf("centrality: %w", err)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].a != pairs[j].a {
			return pairs[i].a < pairs[j].a
		}
		return pairs[i].b < pairs[j].b
	})
	links := pairs[:0]
	for _, p := range pairs {
		if n := len(links); n > 0 && links[n-1].a == p.a && links[n-1].b == p.b {
			links[n-1].w += p.w
			continue
		}
		links = append(links, p)
	}
	// Nodes with a link, by ID, and their neighbours by index in ID order:
	// links sorted by (a, b) give each node its lower neighbours first,
	// in order, then its higher ones.
	idx := map[int64]int{}
	var ids []int64
	for _, l := range links {
		for _, id := range [2]int64{l.a, l.b} {
			if _, ok := idx[id]; !ok {
				idx[id] = 0
				ids = append(ids, id)
			}
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for i, id := range ids {
		idx[id] = i
	}
	n := len(ids)
	nbr := make([][]int, n)
	wt := make([][]float64, n)
	for _, l := range links {
		i, j := idx[l.a], idx[l.b]
		nbr[i] = append(nbr[i], j)
		wt[i] = append(wt[i], float64(l.w))
		nbr[j] = append(nbr[j], i)
		wt[j] = append(wt[j], float64(l.w))
	}
	for i := range nbr {
		// Lower neighbours were appended first as the b side, higher
		// ones as the a side; sort to be sure of ID order.
		sortByIndex(nbr[i], wt[i])
	}
	r := Ranking{Ranked: n, Method: "exact"}
	sources := make([]int, n)
	for i := range sources {
		sources[i] = i
	}
	if n > opt.ExactNodes && opt.Pivots < n {
		rng := rand.New(rand.NewPCG(opt.Seed, uint64(n)))
		rng.Shuffle(n, func(i, j int) { sources[i], sources[j] = sources[j], sources[i] })
		sources = sources[:opt.Pivots]
		sort.Ints(sources) // a fixed summation order
		r.Method, r.Pivots = "sampled", opt.Pivots
		r.Error = float64(n) / float64(n-1) * math.Sqrt(math.Log(2/0.05)/(2*float64(opt.Pivots)))
	}
	if err := ctx.Err(); err != nil {
		return Ranking{}, err
	}
	pr := pageRank(nbr, wt, 0.85, 100, 1e-12)
	bc, err := betweennessFrom(ctx, nbr, sources)
	if err != nil {
		return Ranking{}, err
	}
	out := make([]Centrality, n)
	for i := range out {
		out[i].Node.ID = ids[i]
		out[i].Degree = len(nbr[i])
		for _, w := range wt[i] {
			out[i].Weight += int(w)
		}
		out[i].PageRank = pr[i]
		out[i].Betweenness = bc[i]
	}
	sortCentral(out)
	if opt.Top > 0 && len(out) > opt.Top {
		out = out[:opt.Top]
	}
	// Names for the nodes returned only.
	want := make([]int64, len(out))
	pos := make(map[int64]int, len(out))
	for i, c := range out {
		want[i] = c.ID
		pos[c.ID] = i
	}
	sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
	err = s.scanNodes(ctx, nil, want, func(nd Node) error {
		out[pos[nd.ID]].Node = nd
		return nil
	})
	if err != nil {
		return Ranking{}, fmt.Errorf("centrality: %w", err)
	}
	r.Nodes = out
	return r, nil
}

// sortByIndex sorts neighbour indexes and their weights together.
func sortByIndex(nb []int, w []float64) {
	sort.Sort(byIndex{nb, w})
}

type byIndex struct {
	nb []int
	w  []float64
}

func (b byIndex) Len() int           { return len(b.nb) }
func (b byIndex) Less(i, j int) bool { return b.nb[i] < b.nb[j] }
func (b byIndex) Swap(i, j int) {
	b.nb[i], b.nb[j] = b.nb[j], b.nb[i]
	b.w[i], b.w[j] = b.w[j], b.w[i]
}

// sortCentral orders by PageRank, then degree, then ID.
func sortCentral(out []Centrality) {
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		// Nodes in symmetric positions get ranks that differ only by
		// rounding; treat them as tied so that degree and ID decide.
		if math.Abs(a.PageRank-b.PageRank) > 1e-12 {
			return a.PageRank > b.PageRank
		}
		if a.Degree != b.Degree {
			return a.Degree > b.Degree
		}
		return a.ID < b.ID
	})
}
