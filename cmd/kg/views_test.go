package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// viewsText yields one edge of each kind a view must treat alike: plain,
// negated, hedged, a former role and one attributed to a speaker.
const viewsText = `Former FTC chair Lina Khan criticized Google on Monday. Germany did not accuse Poland of delays. ` +
	`Brazil may sanction Chile next year. Marco Rubio said Russia attacked Ukraine. ` +
	`Kenya praised Japan after talks in Tokyo. Emmanuel Macron met Olaf Scholz in Paris.`

// edgeKey names an edge by its ends' names and predicate.
func edgeKey(s, p, o string) string { return s + " -" + p + "-> " + o }

// TestViewsAgree runs every listing command and export on one database and
// checks that they agree on which edges exist: negated and hedged ones
// left out by default and shown, marked, when asked for; past roles and
// speakers marked in every JSON.
func TestViewsAgree(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "views.txt")
	if err := os.WriteFile(in, []byte(viewsText), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "kg.db")
	if code, _, stderr := kg(t, "", "build", "--db", db, in); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	mustRun := func(args ...string) string {
		t.Helper()
		code, out, stderr := kg(t, "", append(args, "--db", db)...)
		if code != 0 {
			t.Fatalf("kg %v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	for _, tc := range []struct {
		name                  string
		flags                 []string
		wantNegated, wantHedg bool
	}{
		{"default", nil, false, false},
		{"include-negated", []string{"--include-negated"}, true, false},
		{"include-both", []string{"--include-negated", "--include-hedged"}, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// relations --json is the reference.
			var rel []map[string]any
			if err := json.Unmarshal([]byte(mustRun(append([]string{"relations", "--json"}, tc.flags...)...)), &rel); err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			var negated, hedged, former, attributed bool
			adj := map[string]map[string]bool{}
			for _, e := range rel {
				for _, k := range []string{"negated", "hedged", "former", "attributed_to", "confidence"} {
					if _, ok := e[k]; !ok {
						t.Errorf("relations --json edge %v has no %q", e, k)
					}
				}
				s, p, o := e["subject"].(string), e["predicate"].(string), e["object"].(string)
				want[edgeKey(s, p, o)] = true
				negated = negated || e["negated"] == true
				hedged = hedged || e["hedged"] == true
				if e["class"] == "ROLE" && s == "Lina Khan" {
					former = e["former"] == true // "Former FTC chair"
				}
				if e["former"] == true && s != "Lina Khan" {
					t.Errorf("relations: %s is marked former", edgeKey(s, p, o))
				}
				if at, _ := e["attributed_to"].([]any); len(at) == 1 && at[0] == "Marco Rubio" && s == "Russia" {
					attributed = true
				}
				for _, x := range [][2]string{{s, o}, {o, s}} {
					if adj[x[0]] == nil {
						adj[x[0]] = map[string]bool{}
					}
					adj[x[0]][x[1]] = true
				}
			}
			if negated != tc.wantNegated || hedged != tc.wantHedg {
				t.Errorf("relations shows negated=%v hedged=%v, want %v %v", negated, hedged, tc.wantNegated, tc.wantHedg)
			}
			if !former || !attributed {
				t.Errorf("relations: former chair found %v, Rubio's attribution found %v; want both", former, attributed)
			}

			// The JSON export holds the same edges.
			var g struct {
				Nodes []struct {
					ID    string
					Label string
				}
				Links []struct {
					Source, Target, Label string
					Evidence              []any
				}
			}
			if err := json.Unmarshal([]byte(mustRun(append([]string{"export", "--format", "json"}, tc.flags...)...)), &g); err != nil {
				t.Fatal(err)
			}
			names := map[string]string{}
			for _, n := range g.Nodes {
				names[n.ID] = n.Label
			}
			got := map[string]bool{}
			for _, l := range g.Links {
				got[edgeKey(names[l.Source], l.Label, names[l.Target])] = true
				if len(l.Evidence) == 0 {
					t.Errorf("export json: edge %s has no evidence", l.Label)
				}
			}
			same(t, "export --format json", got, want)

			// So do the edges-csv export and relations --csv.
			for _, args := range [][]string{{"export", "--format", "edges-csv"}, {"relations", "--csv"}} {
				recs, err := csv.NewReader(strings.NewReader(mustRun(append(args, tc.flags...)...))).ReadAll()
				if err != nil || len(recs) == 0 {
					t.Fatalf("%v: %v", args, err)
				}
				got := map[string]bool{}
				for _, r := range recs[1:] {
					got[edgeKey(r[0], r[1], r[2])] = true
				}
				same(t, strings.Join(args, " "), got, want)
			}

			// search shows the sentences of the same edges.
			got = map[string]bool{}
			for _, word := range []string{"Germany", "Brazil", "Rubio", "Kenya", "Macron", "Khan"} {
				for _, e := range searchEvidence(t, mustRun(append([]string{"search", word, "--json"}, tc.flags...)...)) {
					got[edgeKey(e.Subject, e.Predicate, e.Object)] = true
				}
			}
			same(t, "search", got, want)

			// neighbors and central see the same links.
			var cent []struct {
				Name   string
				Degree int
			}
			if err := json.Unmarshal([]byte(mustRun(append([]string{"central", "--top", "100", "--json"}, tc.flags...)...)), &cent); err != nil {
				t.Fatal(err)
			}
			for _, c := range cent {
				if c.Degree != len(adj[c.Name]) {
					t.Errorf("central: %s has degree %d, relations give %d", c.Name, c.Degree, len(adj[c.Name]))
				}
			}
			for _, name := range []string{"Germany", "Brazil"} {
				var nb []struct{ Name string }
				if err := json.Unmarshal([]byte(mustRun(append([]string{"neighbors", name, "--json"}, tc.flags...)...)), &nb); err != nil {
					t.Fatal(err)
				}
				gotN := map[string]bool{}
				for _, n := range nb {
					gotN[n.Name] = true
				}
				same(t, "neighbors "+name, gotN, adj[name])
			}

			// components put an edge's ends together; path finds it only
			// when it is shown.
			var comps [][]struct{ Name string }
			if err := json.Unmarshal([]byte(mustRun(append([]string{"components", "--json"}, tc.flags...)...)), &comps); err != nil {
				t.Fatal(err)
			}
			compOf := map[string]int{}
			for i, c := range comps {
				for _, n := range c {
					compOf[n.Name] = i
				}
			}
			together := compOf["Germany"] == compOf["Poland"]
			if together != tc.wantNegated {
				t.Errorf("components: Germany with Poland = %v, want %v", together, tc.wantNegated)
			}
			code, _, _ := kg(t, "", append([]string{"path", "Germany", "Poland", "--db", db}, tc.flags...)...)
			if (code == 0) != tc.wantNegated {
				t.Errorf("path Germany Poland: exit %d, want a path only when negated edges are shown", code)
			}
		})
	}
}

// same reports the difference between two sets of edges or names.
func same(t *testing.T, what string, got, want map[string]bool) {
	t.Helper()
	var missing, extra []string
	for k := range want {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	for k := range got {
		if !want[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing)+len(extra) > 0 {
		t.Errorf("%s disagrees with relations: missing %s, extra %s", what, fmt.Sprint(missing), fmt.Sprint(extra))
	}
}

type searchEdge struct{ Subject, Predicate, Object string }

// searchEvidence reads the evidence in search --json: the evidence of each
// sentence hit, or (before full-text search) an array of evidence.
func searchEvidence(t *testing.T, out string) []searchEdge {
	t.Helper()
	var hits struct {
		Sentences []struct{ Evidence []searchEdge }
	}
	if err := json.Unmarshal([]byte(out), &hits); err == nil {
		var ev []searchEdge
		for _, s := range hits.Sentences {
			ev = append(ev, s.Evidence...)
		}
		return ev
	}
	var ev []searchEdge
	if err := json.Unmarshal([]byte(out), &ev); err != nil {
		t.Fatalf("search --json: %v in %.200q", err, out)
	}
	return ev
}
