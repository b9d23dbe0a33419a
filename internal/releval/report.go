package releval

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Outlier is the text whose role rows the README asks to leave out of a
// second role recall: it holds 43 of the 159, nearly all one pattern
// ("Michael Tien of NPP").
const Outlier = "GUM_news_election"

// Sum adds up the counts of results.
func Sum(results []*Result) Totals {
	var t Totals
	for _, r := range results {
		t.Add(r)
	}
	return t
}

// Write prints the report: with verbose, first per text the entities and
// required rows missed and the edges that match no row; then one line per
// text, recall per tier, and last the micro-averaged summary line
//
//	relations-dev: entity P=0.xxx R=0.xxx F1=0.xxx | relation P=0.xxx R=0.xxx F1=0.xxx
func Write(w io.Writer, results []*Result, verbose bool) error {
	bw := bufio.NewWriter(w)
	if verbose {
		for _, r := range results {
			writeDetail(bw, r)
		}
	}

	// Numbers align right; the first column is padded by hand so that the
	// names still read left-aligned.
	t := Sum(results)
	allLabel := fmt.Sprintf("all %d texts", t.Texts)
	width := len(allLabel)
	for _, r := range results {
		width = max(width, len(r.Name))
	}
	tw := tabwriter.NewWriter(bw, 0, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\trequired\tmatched\trecall\tedges\tcorrect\tprecision\tentity P\tentity R\t\n", width, "text")
	row := func(name string, required, matched, edges, correct, mapped, predicted, found, gold int) {
		fmt.Fprintf(tw, "%-*s\t%d\t%d\t%s\t%d\t%d\t%s\t%s\t%s\t\n", width, name,
			required, matched, ratioString(matched, required),
			edges, correct, ratioString(correct, edges),
			ratioString(mapped, predicted), ratioString(found, gold))
	}
	for _, r := range results {
		row(r.Name, r.Required, r.Matched, len(r.Edges), r.Correct, r.Mapped, r.Predicted, r.Found, r.GoldEntities)
	}
	row(allLabel, t.Required, t.Matched, t.Edges, t.Correct, t.Mapped, t.Predicted, t.Found, t.GoldEntities)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(bw)

	withoutOutlier := "role without " + Outlier
	width = len(withoutOutlier)
	tier := func(name string, required, matched int) {
		fmt.Fprintf(tw, "%-*s\t%d\t%d\t%s\t\n", width, name, required, matched, ratioString(matched, required))
	}
	fmt.Fprintf(tw, "%-*s\trequired\tmatched\trecall\t\n", width, "tier")
	for _, tc := range t.Tiers {
		tier(tc.Tier, tc.Required, tc.Matched)
		if tc.Tier != "role" {
			continue
		}
		req, mat := tc.Required, tc.Matched
		for _, r := range results {
			if r.Name != Outlier {
				continue
			}
			for _, rt := range r.Tiers {
				if rt.Tier == "role" {
					req -= rt.Required
					mat -= rt.Matched
				}
			}
		}
		tier(withoutOutlier, req, mat)
	}
	tier("all", t.Required, t.Matched)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, SummaryLine(t))
	return bw.Flush()
}

// SummaryLine is the report's last line, micro-averaged over the texts.
func SummaryLine(t Totals) string {
	ep, er := t.EntityPrecision(), t.EntityRecall()
	rp, rr := t.RelationPrecision(), t.RelationRecall()
	return fmt.Sprintf("relations-dev: entity P=%.3f R=%.3f F1=%.3f | relation P=%.3f R=%.3f F1=%.3f",
		ep, er, F1(ep, er), rp, rr, F1(rp, rr))
}

// writeDetail prints what an engineer needs to see of one text: what was
// missed and what was asserted without support.
func writeDetail(w io.Writer, r *Result) {
	fmt.Fprintf(w, "== %s: required rows %d/%d matched, edges %d/%d correct, entities P=%s R=%s\n",
		r.Name, r.Matched, r.Required, r.Correct, len(r.Edges),
		ratioString(r.Mapped, r.Predicted), ratioString(r.Found, r.GoldEntities))
	if len(r.MissedNames) > 0 {
		fmt.Fprintf(w, "  entities missed:   %s\n", strings.Join(r.MissedNames, "; "))
	}
	if len(r.Spurious) > 0 {
		fmt.Fprintf(w, "  entities spurious: %s\n", strings.Join(r.Spurious, "; "))
	}
	for _, row := range r.Missed {
		fmt.Fprintf(w, "  missed  %s\n", row)
	}
	for _, e := range r.Edges {
		if e.Matches {
			continue
		}
		fmt.Fprintf(w, "  wrong   %s -%s-> %s%s\n", e.Subject, e.Predicate, e.Object, goldNote(e))
	}
	fmt.Fprintln(w)
}

// goldNote says how the ends of an unmatched edge map to the gold, where
// that is not plain from their names: an end that maps to no gold entity
// makes the edge wrong whatever its predicate.
func goldNote(e ScoredEdge) string {
	describe := func(name, gold string) string {
		switch {
		case gold == "":
			return "not in gold"
		case Normalize(gold) != Normalize(name):
			return "= " + gold
		}
		return ""
	}
	s, o := describe(e.Subject, e.SubjectGold), describe(e.Object, e.ObjectGold)
	switch {
	case s == "" && o == "":
		return ""
	case o == "":
		return "   (subject " + s + ")"
	case s == "":
		return "   (object " + o + ")"
	}
	return "   (subject " + s + ", object " + o + ")"
}

func ratioString(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", float64(n)/float64(d))
}
