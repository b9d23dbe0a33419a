package releval

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"kg/internal/score"
)

// Node is an entity of the graph under test.
type Node struct {
	ID      int64
	Name    string
	Type    string // as stored; Score maps it to a coarse type
	Aliases []string
}

// Edge is a relation of the graph under test, one that is neither negated
// nor hedged.
type Edge struct {
	Subject, Object int64 // node IDs
	Predicate       string
}

// Graph is what Score reads of a knowledge graph.
type Graph struct {
	Nodes []Node
	Edges []Edge
}

// coarseTypes maps entity types to the three of the gold: PERSON, ORG and
// PLACE. Types not listed are kept as they are (upper-cased).
var coarseTypes = map[string]string{
	"PERSON": "PERSON", "PER": "PERSON",
	"ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG",
	"GPE": "PLACE", "LOC": "PLACE", "LOCATION": "PLACE", "PLACE": "PLACE", "FAC": "PLACE",
}

// CoarseType returns the gold's type for a graph entity type.
func CoarseType(t string) string {
	t = strings.ToUpper(t)
	if c, ok := coarseTypes[t]; ok {
		return c
	}
	return t
}

// ScoredEdge is a distinct predicted edge with the gold entities its ends
// map to ("" when none).
type ScoredEdge struct {
	Subject, Predicate, Object string // node names
	SubjectGold, ObjectGold    string // canonical gold names, "" when the node maps to none
	Matches                    bool   // the edge matches a row of any tier
}

// Result is the score of one text.
type Result struct {
	Name string

	// Entities.
	GoldEntities int      // E rows
	Found        int      // E rows found by a node of the same coarse type
	Predicted    int      // PERSON, ORG and PLACE nodes
	Mapped       int      // of those, nodes that map to an E or O row
	MissedNames  []string // E rows not found, sorted
	Spurious     []string // names of predicted nodes that map to no row, sorted

	// Relations.
	Required int          // core, hard and role rows
	Matched  int          // of those, rows some edge matches
	Tiers    []TierCount  // required and matched per tier, in the order core, hard, role
	Edges    []ScoredEdge // distinct predicted edges, sorted
	Correct  int          // edges matching a row of any tier
	Missed   []Row        // required rows no edge matches, in file order
}

// TierCount is recall over one tier of rows.
type TierCount struct {
	Tier              string
	Required, Matched int
}

// RequiredTiers are the tiers recall counts, in report order.
var RequiredTiers = []string{"core", "hard", "role"}

// Score scores a graph against the gold file of its text as score.py does.
func Score(g *Gold, gr *Graph) *Result {
	res := &Result{Name: g.Name, GoldEntities: len(g.Required)}

	type node struct {
		name, typ string
		gold      int // index into g.Entities, or -1
	}
	nodes := make(map[int64]node, len(gr.Nodes))
	for _, n := range gr.Nodes {
		forms := []string{Normalize(n.Name)}
		for _, a := range n.Aliases {
			forms = append(forms, Normalize(a))
		}
		typ := CoarseType(n.Type)
		nodes[n.ID] = node{name: n.Name, typ: typ, gold: toGold(g, n.Name, typ, forms)}
	}

	// Entities. Nodes are visited in the order given; only sets and counts
	// come out of the loop, so the order does not matter.
	found := map[string]bool{}
	for _, n := range gr.Nodes {
		nd := nodes[n.ID]
		if nd.gold >= 0 {
			name := g.Entities[nd.gold].Name
			if i := slices.IndexFunc(g.Required, func(e Entity) bool { return e.Name == name }); i >= 0 && g.Required[i].Type == nd.typ {
				found[name] = true
			}
		}
		switch nd.typ {
		case "PERSON", "ORG", "PLACE":
			res.Predicted++
			if nd.gold >= 0 {
				res.Mapped++
			} else {
				res.Spurious = append(res.Spurious, nd.name)
			}
		}
	}
	res.Found = len(found)
	for _, e := range g.Required {
		if !found[e.Name] {
			res.MissedNames = append(res.MissedNames, e.Name)
		}
	}
	slices.Sort(res.MissedNames)
	res.MissedNames = slices.Compact(res.MissedNames)
	slices.Sort(res.Spurious)

	// Relations: distinct (subject, predicate, object) by node name and
	// gold entity, as score.py's set of tuples has them.
	type key struct {
		sname, pred, oname string
		sgold, ogold       int // index into g.Entities, or -1
	}
	end := func(id int64) (name string, gold int) {
		nd, ok := nodes[id]
		if !ok {
			// score.py names a dangling end by its ID.
			return strconv.FormatInt(id, 10), -1
		}
		return nd.name, nd.gold
	}
	goldName := func(i int) string {
		if i < 0 {
			return ""
		}
		return g.Entities[i].Name
	}
	matchedRow := make([]bool, len(g.Relations))
	seen := map[key]bool{}
	for _, e := range gr.Edges {
		var k key
		k.sname, k.sgold = end(e.Subject)
		k.oname, k.ogold = end(e.Object)
		k.pred = e.Predicate
		if seen[k] {
			continue
		}
		seen[k] = true
		se := ScoredEdge{Subject: k.sname, Predicate: k.pred, Object: k.oname, SubjectGold: goldName(k.sgold), ObjectGold: goldName(k.ogold)}
		if k.sgold >= 0 && k.ogold >= 0 {
			for i, r := range g.Relations {
				if hit(r, se.SubjectGold, k.pred, se.ObjectGold) {
					se.Matches = true
					matchedRow[i] = true
				}
			}
		}
		if se.Matches {
			res.Correct++
		}
		res.Edges = append(res.Edges, se)
	}
	slices.SortFunc(res.Edges, func(a, b ScoredEdge) int {
		return cmp.Or(cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Predicate, b.Predicate), cmp.Compare(a.Object, b.Object),
			cmp.Compare(a.SubjectGold, b.SubjectGold), cmp.Compare(a.ObjectGold, b.ObjectGold))
	})

	for _, t := range RequiredTiers {
		res.Tiers = append(res.Tiers, TierCount{Tier: t})
	}
	for i, r := range g.Relations {
		if !r.Required() {
			continue
		}
		ti := slices.Index(RequiredTiers, r.Tier)
		res.Required++
		res.Tiers[ti].Required++
		if matchedRow[i] {
			res.Matched++
			res.Tiers[ti].Matched++
		} else {
			res.Missed = append(res.Missed, r)
		}
	}
	return res
}

// toGold returns the index of the gold entity a node maps to, or -1: the
// first entity sharing a form with the node, preferring one whose
// normalised canonical name is the node's, then one of the node's type.
func toGold(g *Gold, name, typ string, forms []string) int {
	var cands []int
	for i, e := range g.Entities {
		if sharesForm(forms, e.Forms) {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return -1
	}
	norm := Normalize(name)
	for _, i := range cands {
		if Normalize(g.Entities[i].Name) == norm {
			return i
		}
	}
	for _, i := range cands {
		if g.Entities[i].Type == typ {
			return i
		}
	}
	return cands[0]
}

func sharesForm(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// hit reports whether an edge from gold entity sgold to gold entity ogold
// with predicate pred matches row r.
func hit(r Row, sgold, pred, ogold string) bool {
	if !StemMatches(pred, r.Stems) {
		return false
	}
	if slices.Contains(r.Subjects, sgold) && slices.Contains(r.Objects, ogold) {
		return true
	}
	return r.Sym && slices.Contains(r.Objects, sgold) && slices.Contains(r.Subjects, ogold)
}

// Add adds the counts of r to t.
func (t *Totals) Add(r *Result) {
	t.Texts++
	t.GoldEntities += r.GoldEntities
	t.Found += r.Found
	t.Predicted += r.Predicted
	t.Mapped += r.Mapped
	t.Required += r.Required
	t.Matched += r.Matched
	t.Edges += len(r.Edges)
	t.Correct += r.Correct
	if len(t.Tiers) == 0 {
		for _, tc := range r.Tiers {
			t.Tiers = append(t.Tiers, TierCount{Tier: tc.Tier})
		}
	}
	for i, tc := range r.Tiers {
		t.Tiers[i].Required += tc.Required
		t.Tiers[i].Matched += tc.Matched
	}
}

// Totals are counts summed over texts: their ratios are micro-averages.
type Totals struct {
	Texts                                  int
	GoldEntities, Found, Predicted, Mapped int
	Required, Matched, Edges, Correct      int
	Tiers                                  []TierCount
}

// EntityPrecision is the share of predicted nodes that map to a gold row.
func (t Totals) EntityPrecision() float64 { return ratio(t.Mapped, t.Predicted) }

// EntityRecall is the share of E rows found.
func (t Totals) EntityRecall() float64 { return ratio(t.Found, t.GoldEntities) }

// RelationPrecision is the share of distinct edges that match a row.
func (t Totals) RelationPrecision() float64 { return ratio(t.Correct, t.Edges) }

// RelationRecall is the share of required rows matched.
func (t Totals) RelationRecall() float64 { return ratio(t.Matched, t.Required) }

// F1 is the harmonic mean of p and r, 0 when both are 0.
func F1(p, r float64) float64 { return score.F1(p, r) }

func ratio(n, d int) float64 { return score.Ratio(n, d) }
