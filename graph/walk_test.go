package graph

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// randomStore stores docs documents, each of a few sentences in which two
// of 40 invented entities of mixed types meet, accuse or visit one
// another, some negated or hedged, in dated and undated documents: a
// graph with several components, parallel edges, ties and isolated nodes.
func randomStore(t testing.TB, docs int, seed uint64) *Store {
	t.Helper()
	s := openTemp(t)
	r := rand.New(rand.NewPCG(seed, 7))
	types := []string{"PERSON", "PERSON", "ORG", "GPE"}
	preds := [][2]string{{"met", "CONSULT"}, {"accused", "ACCUSE"}, {"visited", "CONSULT"}, {"praised", "SUPPORT"}}
	dates := []string{"", "2024-01-10", "2024-03-05", "2024-06-20"}
	name := func(i int) string { return fmt.Sprintf("Zorblat%c%c Quux", 'A'+i/26, 'a'+i%26) }
	var bs []*docBuilder
	for d := 0; d < docs; d++ {
		var sents []string
		type rel struct{ a, b, p int }
		var rels []rel
		for k := 0; k < 3; k++ {
			a := r.IntN(40)
			b := r.IntN(40)
			if a == b {
				sents = append(sents, name(a)+" spoke.")
				rels = append(rels, rel{a, a, -1})
				continue
			}
			p := r.IntN(len(preds))
			sents = append(sents, name(a)+" "+preds[p][0]+" "+name(b)+" in report "+fmt.Sprint(d, k)+".")
			rels = append(rels, rel{a, b, p})
		}
		db := newDoc(fmt.Sprintf("r%d.txt", d), dates[r.IntN(len(dates))], sents...)
		local := map[int]int{}
		ent := func(i int) int {
			if l, ok := local[i]; ok {
				return l
			}
			local[i] = db.entity(name(i), types[i%len(types)])
			return local[i]
		}
		for k, x := range rels {
			ea := ent(x.a)
			if x.p < 0 {
				continue
			}
			eb := ent(x.b)
			var opts []string
			switch r.IntN(10) {
			case 0:
				opts = []string{"negated"}
			case 1:
				opts = []string{"hedged"}
			}
			db.relation(ea, preds[x.p][0], preds[x.p][1], eb, k, opts...)
		}
		bs = append(bs, db)
	}
	mustAdd(t, s, bs...)
	return s
}

// walkFilters are the selections the walks must answer as View does.
func walkFilters(centre string) []Filter {
	return []Filter{
		{},
		{IncludeNegated: true, IncludeHedged: true},
		{Types: []string{"PERSON", "GPE"}},
		{Predicates: []string{"met", "visited"}},
		{Classes: []string{"ACCUSE"}, IncludeNegated: true},
		{MinWeight: 2},
		{Since: "2024-02-01"},
		{Top: 12},
		{Around: centre, Depth: 2},
		{Around: centre, Depth: 1, Top: 4, IncludeHedged: true},
	}
}

func nodeIDList(t *testing.T, s *Store) []int64 {
	t.Helper()
	var ids []int64
	if err := s.nodeIDs(context.Background(), nil, func(id int64) error { ids = append(ids, id); return nil }); err != nil {
		t.Fatal(err)
	}
	return append(ids, ids[len(ids)-1]+1) // and one that does not exist
}

// errKind names the error classes callers tell apart.
func errKind(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, ErrNotFound):
		return "ErrNotFound"
	case errors.Is(err, ErrNoPath):
		return "ErrNoPath"
	}
	return err.Error()
}

func TestStoreWalksAgreeWithView(t *testing.T) {
	ctx := context.Background()
	s := randomStore(t, 40, 1)
	ids := nodeIDList(t, s)
	centre, err := s.Node(ctx, ids[3])
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range walkFilters(centre.Name) {
		f, err := s.Normalize(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		v, err := s.View(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range ids {
			if (f.Top > 0 || f.Around != "") && i%5 != 0 {
				continue // these load the whole view anyway
			}
			for depth := 1; depth <= 3; depth++ {
				want, werr := v.Neighbors(a, depth)
				got, gerr := s.Neighbors(ctx, f, a, depth)
				if errKind(gerr) != errKind(werr) || !reflect.DeepEqual(got, want) {
					t.Errorf("filter %+v: Neighbors(%d, %d)\n got %q, %v\nwant %q, %v", f, a, depth, names(got), gerr, names(want), werr)
				}
			}
			for j, b := range ids {
				// A sample of the pairs, to keep the test short: every
				// node is a start and an end of some.
				if (i+j)%7 != 0 {
					continue
				}
				want, werr := v.Path(a, b)
				got, gerr := s.Path(ctx, f, a, b)
				if errKind(gerr) != errKind(werr) || !reflect.DeepEqual(got, want) {
					t.Errorf("filter %+v: Path(%d, %d)\n got %s, %v\nwant %s, %v", f, a, b, hopNames(got), gerr, hopNames(want), werr)
				}
			}
		}
	}
}

func hopNames(hops []Hop) string {
	var parts []string
	for _, h := range hops {
		parts = append(parts, fmt.Sprintf("%s -%s-> %s", h.From.Name, h.Predicate, h.To.Name))
	}
	return strings.Join(parts, ", ")
}

func TestStoreComponentsAgreeWithView(t *testing.T) {
	ctx := context.Background()
	s := randomStore(t, 40, 2)
	centre, err := s.Node(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range walkFilters(centre.Name) {
		v, err := s.View(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := v.Components()
		if err != nil {
			t.Fatal(err)
		}
		var got [][]Node
		if err := s.Components(ctx, f, func(c []Node) error { got = append(got, c); return nil }); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("filter %+v: Components\n got %v\nwant %v", f, compNames(got), compNames(want))
		}
	}
}

func compNames(cs [][]Node) [][]string {
	var out [][]string
	for _, c := range cs {
		out = append(out, names(c))
	}
	return out
}

// TestStoreCentral checks Store.Central against View.Central, which ranks
// isolated nodes too: the same order once they are left out, the same
// degrees and weights, and betweenness sums that differ only by the
// normalisation over the nodes counted.
func TestStoreCentral(t *testing.T) {
	ctx := context.Background()
	s := randomStore(t, 60, 3)
	for _, f := range []Filter{{}, {IncludeNegated: true, IncludeHedged: true}, {Types: []string{"PERSON"}}, {Top: 10}} {
		v, err := s.View(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		all, err := v.Central(0)
		if err != nil {
			t.Fatal(err)
		}
		var want []Centrality
		for _, c := range all {
			if c.Degree > 0 {
				want = append(want, c)
			}
		}
		r, err := s.Central(ctx, f, CentralOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Method != "exact" || r.Ranked != len(want) || len(r.Nodes) != len(want) {
			t.Fatalf("filter %+v: method %q, %d ranked, %d returned; want exact, %d", f, r.Method, r.Ranked, len(r.Nodes), len(want))
		}
		nv, nr := float64(v.Len()), float64(r.Ranked)
		sum := 0.0
		for i, c := range r.Nodes {
			w := want[i]
			sum += c.PageRank
			if c.ID != w.ID || c.Name != w.Name || c.Degree != w.Degree || c.Weight != w.Weight {
				t.Errorf("filter %+v: rank %d = %d %s deg %d w %d; want %d %s deg %d w %d",
					f, i, c.ID, c.Name, c.Degree, c.Weight, w.ID, w.Name, w.Degree, w.Weight)
			}
			gotSum := c.Betweenness * (nr - 1) * (nr - 2)
			wantSum := w.Betweenness * (nv - 1) * (nv - 2)
			if math.Abs(gotSum-wantSum) > 1e-6 {
				t.Errorf("filter %+v: %s betweenness sum %g; want %g", f, c.Name, gotSum, wantSum)
			}
		}
		if len(r.Nodes) > 0 && math.Abs(sum-1) > 1e-9 {
			t.Errorf("filter %+v: PageRank sums to %g; want 1", f, sum)
		}
		top, err := s.Central(ctx, f, CentralOptions{Top: 3})
		if err != nil || len(r.Nodes) >= 3 && !reflect.DeepEqual(top.Nodes, r.Nodes[:3]) {
			t.Errorf("filter %+v: Central top 3 = %v, %v; want the first 3 of all", f, top.Nodes, err)
		}
	}
}

// TestSampledBetweenness checks the estimate from pivots against the exact
// values: the same with every node a pivot, on average within the
// documented error with a few, and the same on every run.
func TestSampledBetweenness(t *testing.T) {
	ctx := context.Background()
	s := randomStore(t, 120, 4)
	exact, err := s.Central(ctx, Filter{}, CentralOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := exact.Ranked
	byID := map[int64]float64{}
	for _, c := range exact.Nodes {
		byID[c.ID] = c.Betweenness
	}
	for _, pivots := range []int{n - 1, n / 2, 8} {
		r, err := s.Central(ctx, Filter{}, CentralOptions{ExactNodes: 1, Pivots: pivots})
		if err != nil {
			t.Fatal(err)
		}
		if r.Method != "sampled" || r.Pivots != pivots || r.Error <= 0 {
			t.Fatalf("pivots %d: method %q, pivots %d, error %g; want sampled, %d, > 0", pivots, r.Method, r.Pivots, r.Error, pivots)
		}
		mean := 0.0
		for _, c := range r.Nodes {
			mean += math.Abs(c.Betweenness - byID[c.ID])
		}
		mean /= float64(len(r.Nodes))
		if mean > r.Error {
			t.Errorf("pivots %d of %d: mean absolute error %g; documented bound %g", pivots, n, mean, r.Error)
		}
		again, _ := s.Central(ctx, Filter{}, CentralOptions{ExactNodes: 1, Pivots: pivots})
		if !reflect.DeepEqual(again, r) {
			t.Errorf("pivots %d: two runs differ", pivots)
		}
	}
}

// TestWalksUseIndexes checks that the query a walk runs for its frontier
// reads edges through the indexes on their ends, not by scanning the
// table.
func TestWalksUseIndexes(t *testing.T) {
	s := fixture(t)
	for _, f := range []Filter{{}, {Types: []string{"PERSON"}, Since: "2024-01-01", MinWeight: 2}} {
		q, args := arcsQuery(f, []int64{1, 2})
		rows, err := s.r.Query(`EXPLAIN QUERY PLAN `+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		text := strings.Join(plan, "\n")
		// The subject side uses the UNIQUE (subject_id, predicate,
		// object_id) index, the object side edges_object.
		if strings.Contains(text, "SCAN e") || !strings.Contains(text, "sqlite_autoindex_edges_1 (subject_id=?)") ||
			!strings.Contains(text, "edges_object (object_id=?)") {
			t.Errorf("filter %+v: the walk's query scans edges:\n%s", f, text)
		}
	}
}
