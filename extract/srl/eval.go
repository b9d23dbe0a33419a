package srl

import (
	"fmt"
	"io"
	"text/tabwriter"

	"kg/extract/ud"
	"kg/internal/score"
)

// Count is the true positives, false positives and false negatives of one
// thing scored.
type Count = score.Counts

// Scores are the results of Evaluate.
type Scores struct {
	Pred          Count // predicate tokens identified
	Sense, Senses int   // rolesets right, of the predicates identified
	Args          Count // labelled argument heads: predicate, head and role all right
	Roles         map[string]*Count
	Sentences     int
}

// Evaluate labels sys, the gold sentences as the pipeline tagged and parsed
// them, and scores the result against gold. With goldPreds the gold
// predicates are given and only rolesets and arguments are predicted. An
// argument of a predicate that is not a gold predicate counts as a false
// positive; one of a missed predicate as a false negative.
func Evaluate(m *Model, gold []Gold, sys []*ud.Sentence, goldPreds bool) Scores {
	s := Scores{Roles: map[string]*Count{}, Sentences: len(gold)}
	role := func(r string) *Count {
		c := s.Roles[r]
		if c == nil {
			c = &Count{}
			s.Roles[r] = c
		}
		return c
	}
	type arg struct {
		pred, head int
		role       string
	}
	for i, g := range gold {
		var frames []Frame
		if goldPreds {
			preds := make([]int, len(g.Frames))
			for k, f := range g.Frames {
				preds[k] = f.Pred
			}
			frames = m.LabelPredicates(sys[i], preds)
		} else {
			frames = m.Label(sys[i])
		}
		goldRS := map[int]string{}
		want := map[arg]bool{}
		for _, f := range g.Frames {
			goldRS[f.Pred] = f.Roleset
			for _, a := range f.Args {
				want[arg{f.Pred, a.Head, a.Role}] = true
			}
		}
		sysPred := map[int]bool{}
		for _, f := range frames {
			sysPred[f.Pred] = true
			if rs, ok := goldRS[f.Pred]; ok {
				s.Pred.TP++
				s.Senses++
				if rs == f.Roleset {
					s.Sense++
				}
			} else {
				s.Pred.FP++
			}
			for _, a := range f.Args {
				k := arg{f.Pred, a.Head, a.Role}
				if want[k] {
					s.Args.TP++
					role(a.Role).TP++
					delete(want, k)
				} else {
					s.Args.FP++
					role(a.Role).FP++
				}
			}
		}
		for p := range goldRS {
			if !sysPred[p] {
				s.Pred.FN++
			}
		}
		for k := range want {
			s.Args.FN++
			role(k.role).FN++
		}
	}
	return s
}

// Write prints per-role precision, recall and F1, the sense accuracy, and
// as its last line PRED-F1=… ARG-P=… ARG-R=… ARG-F1=… in percent.
func (s Scores) Write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "role\tgold\tP\tR\tF1\t")
	for _, r := range sortedKeys(s.Roles) {
		c := s.Roles[r]
		if c.TP+c.FN < 10 && c.TP+c.FP < 10 {
			continue // too rare to read anything into
		}
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t\n", r, c.TP+c.FN, 100*c.Precision(), 100*c.Recall(), 100*c.F1())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d sentences; predicates P=%.2f R=%.2f; roleset accuracy on found predicates %.2f%% (%d/%d)\n",
		s.Sentences, 100*s.Pred.Precision(), 100*s.Pred.Recall(), 100*score.Ratio(s.Sense, s.Senses), s.Sense, s.Senses)
	_, err := fmt.Fprintf(w, "PRED-F1=%.2f ARG-P=%.2f ARG-R=%.2f ARG-F1=%.2f\n",
		100*s.Pred.F1(), 100*s.Args.Precision(), 100*s.Args.Recall(), 100*s.Args.F1())
	return err
}
