package graph

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"
)

func fixtureView(t *testing.T) *View {
	t.Helper()
	s := fixture(t)
	v, err := s.View(context.Background(), Filter{IncludeNegated: true, IncludeHedged: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func names(nodes []Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.Name)
	}
	return out
}

func TestViewLoadsFilteredGraph(t *testing.T) {
	v := fixtureView(t)
	order, _ := v.Graph().Order()
	size, _ := v.Graph().Size()
	if order != 7 || size != 5 || v.Len() != 7 {
		t.Errorf("view has %d vertices, %d links; want 7, 5", order, size)
	}
	s := fixture(t)
	small, err := s.View(context.Background(), Filter{Predicates: []string{"met"}})
	if err != nil {
		t.Fatal(err)
	}
	if order, _ := small.Graph().Order(); order != 4 {
		t.Errorf("view of met edges has %d vertices; want 4", order)
	}
}

func TestViewNeighbors(t *testing.T) {
	v := fixtureView(t)
	tests := []struct {
		id    int64
		depth int
		want  []string
	}{
		{1, 1, []string{"Bob Brown", "Acme Corp"}},
		{1, 0, []string{"Bob Brown", "Acme Corp"}},
		{1, 2, []string{"Bob Brown", "Acme Corp", "Freedonia"}},
		{4, 1, []string{"Bob Brown", "Acme Corp"}},
		{5, 3, nil},
		{6, 1, []string{"Gina Gray"}},
	}
	for _, tt := range tests {
		got, err := v.Neighbors(tt.id, tt.depth)
		if err != nil {
			t.Fatal(err)
		}
		if !equal(names(got), tt.want) {
			t.Errorf("Neighbors(%d, %d) = %q; want %q", tt.id, tt.depth, names(got), tt.want)
		}
	}
	if _, err := v.Neighbors(99, 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("Neighbors(99) error = %v; want ErrNotFound", err)
	}
}

func TestViewPath(t *testing.T) {
	v := fixtureView(t)
	type hop struct {
		from, to, pred string
		reverse        bool
		sentence       string
	}
	tests := []struct {
		name string
		a, b int64
		want []hop
	}{
		{"along edge directions", 1, 4, []hop{
			{"Alice Adams", "Bob Brown", "met", false, "Alice Adams met Bob Brown in Paris."},
			{"Bob Brown", "Freedonia", "visited", false, "Bob Brown may visit Freedonia."},
		}},
		{"against edge directions", 4, 1, []hop{
			{"Freedonia", "Bob Brown", "visited", true, "Bob Brown may visit Freedonia."},
			{"Bob Brown", "Alice Adams", "met", true, "Alice Adams met Bob Brown in Paris."},
		}},
		{"one hop", 3, 1, []hop{
			{"Acme Corp", "Alice Adams", "accused", true, "Alice Adams did not accuse Acme Corp."},
		}},
		{"to itself", 2, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hops, err := v.Path(tt.a, tt.b)
			if err != nil {
				t.Fatal(err)
			}
			var got []hop
			for _, h := range hops {
				got = append(got, hop{h.From.Name, h.To.Name, h.Predicate, h.Reverse, h.Sentence})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Path(%d, %d)\n got %+v\nwant %+v", tt.a, tt.b, got, tt.want)
			}
		})
	}
	if _, err := v.Path(1, 6); !errors.Is(err, ErrNoPath) {
		t.Errorf("Path between components error = %v; want ErrNoPath", err)
	}
}

func TestViewPathListsParallelEdges(t *testing.T) {
	s := openTemp(t)
	d := newDoc("d", "", "Alice Adams met Bob Brown.", "Bob Brown thanked Alice Adams.")
	a, b := d.entity("Alice Adams", "PERSON"), d.entity("Bob Brown", "PERSON")
	d.relation(a, "met", "CONSULT", b, 0)
	d.relation(b, "thanked", "SUPPORT", a, 1)
	mustAdd(t, s, d)
	v, err := s.View(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	hops, err := v.Path(2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(hops) != 1 || hops[0].Predicate != "met; thanked" || !hops[0].Reverse || len(hops[0].Edges) != 2 ||
		hops[0].Edges[1].Source != 2 {
		t.Errorf("Path(2, 1) = %+v; want one hop with met (1->2) and thanked (2->1)", hops)
	}
}

func TestViewComponents(t *testing.T) {
	v := fixtureView(t)
	comps, err := v.Components()
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, c := range comps {
		got = append(got, names(c))
	}
	want := [][]string{{"Alice Adams", "Bob Brown", "Acme Corp", "Freedonia"}, {"Frank Fox", "Gina Gray"}, {"Eve Evans"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Components = %q; want %q", got, want)
	}
}

func TestViewCentral(t *testing.T) {
	v := fixtureView(t)
	got, err := v.Central(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 7 {
		t.Fatalf("Central(0) returned %d nodes; want 7", len(got))
	}
	// Alice and Bob are symmetric (strength 3 each), ahead of Acme and
	// Freedonia (strength 2), which share their component's rank with
	// them, so the pair Frank and Gina comes between; ties go to the lower
	// ID and the isolated Eve comes last.
	want := []string{"Alice Adams", "Bob Brown", "Frank Fox", "Gina Gray", "Acme Corp", "Freedonia", "Eve Evans"}
	if !equal(names(nodesOf(got)), want) {
		t.Errorf("Central order = %q; want %q", names(nodesOf(got)), want)
	}
	sum := 0.0
	for _, c := range got {
		sum += c.PageRank
		wantB := 0.0
		if c.ID <= 4 {
			wantB = 0.5 / 15 // half of one pair's shortest paths, of 15 pairs
		}
		if math.Abs(c.Betweenness-wantB) > 1e-9 {
			t.Errorf("%s betweenness = %g; want %g", c.Name, c.Betweenness, wantB)
		}
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("PageRank sums to %g; want 1", sum)
	}
	if got[0].Degree != 2 || got[0].Weight != 3 {
		t.Errorf("Alice degree, weight = %d, %d; want 2, 3", got[0].Degree, got[0].Weight)
	}
	top, _ := v.Central(2)
	again, _ := fixtureView(t).Central(2)
	if len(top) != 2 || !reflect.DeepEqual(top, again) {
		t.Errorf("Central(2) = %+v, then %+v; want the same 2 nodes", top, again)
	}
}

func nodesOf(cs []Centrality) []Node {
	out := make([]Node, len(cs))
	for i, c := range cs {
		out[i] = c.Node
	}
	return out
}
