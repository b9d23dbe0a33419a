package xdoc

import (
	"context"
	"strings"
	"testing"

	"kg/extract/pipeline"
	"kg/extract/ud"
	"kg/internal/shared"
)

const sample = "# newdoc id = GUM_test\n" +
	"# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity\n" +
	"# sent_id = t-1\n" +
	"1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(1-organization-new-nnnnn-cf1-2-sgl-Durham_University\n" +
	"2\tUniversity\tuniversity\tNOUN\tNN\t_\t5\tnsubj\t_\t_\n" +
	"3\tof\tof\tADP\tIN\t_\t4\tcase\t_\t_\n" +
	"4\tDurham\tDurham\tPROPN\tNNP\t_\t2\tnmod\t_\tEntity=(2-place-new-nnnnn-cf2-1-coref-Durham%2C_England)1)\n" +
	"5\tgrew\tgrow\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n" +
	"6\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_\n\n"

func TestGumDoc(t *testing.T) {
	sents, err := ud.ReadAll(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	d, err := gumDoc(sents)
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != "The University of Durham grew." {
		t.Errorf("text = %q", d.Text)
	}
	var got []string
	for _, m := range d.Mentions {
		got = append(got, d.Text[m.Start:m.End]+"|"+d.Text[m.HeadStart:m.HeadEnd]+"|"+m.Identity)
	}
	want := []string{"Durham|Durham|Durham%2C_England", "The University of Durham|University|Durham_University"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("mentions = %q; want %q", got, want)
	}
}

func TestCount(t *testing.T) {
	// Two identities over three nodes: a, a on node 1 (one right pair),
	// a on node 2 (two missed pairs), b on node 1 (two wrong pairs).
	ps := []pair{{"a", 1}, {"a", 1}, {"a", 2}, {"b", 1}}
	got := count(ps)
	want := Pairs{Gold: 3, Predicted: 3, Correct: 1}
	if got != want {
		t.Errorf("count(%v) = %+v; want %+v", ps, got, want)
	}
}

// TestEvaluateShort builds the first 20 GUM documents through the
// pipeline and the store, and checks that the scores are sane.
func TestEvaluateShort(t *testing.T) {
	data := shared.Path(t, "data", "gum", "conllu")
	docs, err := ReadDocs(strings.TrimSuffix(data, "/gum/conllu"), 20)
	if err != nil {
		t.Fatal(err)
	}
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Evaluate(context.Background(), p, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Docs != 20 || s.Matched == 0 || s.Matched > s.Gold || s.Within.Correct == 0 || s.Cross.Gold == 0 {
		t.Errorf("scores on 20 documents = %+v; want mapped mentions and cross-document pairs", s)
	}
	if f := s.Within.F1(); f < 0.8 {
		t.Errorf("within-document F1 = %.3f; want at least 0.8", f)
	}
}

func TestErrorsOf(t *testing.T) {
	names := map[int64]string{1: "United States", 2: "England", 3: "England national team"}
	tests := []struct {
		name           string
		perDoc         [][]pair
		merges, splits []string
	}{
		{
			name: "within one document only: not listed",
			perDoc: [][]pair{
				{{"England", 2}, {"England_team", 2}},
			},
		},
		{
			name: "a team merged into its country across documents",
			perDoc: [][]pair{
				{{"England", 2}, {"England", 2}},
				{{"England_team", 2}, {"England_team", 2}, {"England_team", 2}},
			},
			merges: []string{"England #2 (6 pairs): England_team ×3, England ×2"},
		},
		{
			name: "an identity split across documents",
			perDoc: [][]pair{
				{{"United_States", 1}, {"United_States", 1}},
				{{"United_States", 3}},
			},
			splits: []string{"United_States (2 pairs): United States #1 ×2, England national team #3 ×1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			merges, splits := errorsOf(tt.perDoc, names, false)
			for _, c := range []struct {
				what string
				got  []Error
				want []string
			}{{"merges", merges, tt.merges}, {"splits", splits, tt.splits}} {
				var got []string
				for _, e := range c.got {
					got = append(got, e.String())
				}
				if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
					t.Errorf("%s = %q, want %q", c.what, got, c.want)
				}
			}
		})
	}
}
