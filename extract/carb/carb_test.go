package carb

import (
	"kg/internal/shared"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMatch(t *testing.T) {
	tests := []struct {
		name         string
		ref, ex      Extraction
		wantP, wantR float64
	}{
		{"identical",
			Extraction{Rel: "met", Args: []string{"the president", "the king"}},
			Extraction{Rel: "met", Args: []string{"the president", "the king"}}, 1, 1},
		{"no shared relation word is no match",
			Extraction{Rel: "met", Args: []string{"A", "B"}},
			Extraction{Rel: "saw", Args: []string{"A", "B"}}, 0, 0},
		{"partial overlap counts words",
			// rel 1/1, arg1 1/1 of gold, pred arg1 has 2 words; arg2 1 of gold 2, pred 1.
			// precision (1+1+1)/(1+2+1)=3/4, recall (1+1+1)/(1+1+2)=3/4
			Extraction{Rel: "met", Args: []string{"Smith", "the king"}},
			Extraction{Rel: "met", Args: []string{"Mr Smith", "king"}}, 0.75, 0.75},
		{"missing second argument is no match",
			Extraction{Rel: "met", Args: []string{"A", "B"}},
			Extraction{Rel: "met", Args: []string{"A"}}, 0, 0},
		{"further arguments are joined to the second",
			Extraction{Rel: "went", Args: []string{"he", "to Paris", "in May"}},
			Extraction{Rel: "went", Args: []string{"he", "to Paris in May"}}, 1, 1},
		{"be matches a form of be in gold",
			// gold rel "is" (1 word), pred rel "be" → 1 match; args 1/1 each.
			Extraction{Rel: "is", Args: []string{"Bush", "President"}},
			Extraction{Rel: "be", Args: []string{"Bush", "President"}}, 1, 1},
		{"matching is case-sensitive",
			Extraction{Rel: "met", Args: []string{"Smith", "King"}},
			Extraction{Rel: "met", Args: []string{"smith", "King"}}, 2.0 / 3, 2.0 / 3},
		{"said tuples may match with swapped arguments",
			Extraction{Rel: "said", Args: []string{"the minister", "talks failed"}},
			Extraction{Rel: "said", Args: []string{"talks failed", "the minister"}}, 1, 1},
		{"gold with one argument ignores the system's second",
			// precision counts only rel + arg1 words of the system tuple.
			Extraction{Rel: "resigned", Args: []string{"the minister"}},
			Extraction{Rel: "resigned", Args: []string{"the minister", "on Friday"}}, 1, 1},
	}
	for _, tt := range tests {
		p, r := Match(tt.ref, tt.ex)
		if !near(p, tt.wantP) || !near(r, tt.wantR) {
			t.Errorf("%s: Match(%v, %v) = (%v, %v), want (%v, %v)", tt.name, tt.ref, tt.ex, p, r, tt.wantP, tt.wantR)
		}
	}
}

func TestNormalizeSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"He said , `` yes . ''", "Hesaidyes"},
		{"a -LRB- b -RRB- c", "abc"},
		{"Café , ok", "Caféok"},
	}
	for _, tt := range tests {
		if got := NormalizeSentence(tt.in); got != tt.want {
			t.Errorf("NormalizeSentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScoreSmall(t *testing.T) {
	gold := []Extraction{
		{Sentence: "A met B .", Rel: "met", Args: []string{"A", "B"}},
		{Sentence: "A met B .", Rel: "is", Args: []string{"A", "person"}},
		{Sentence: "C left .", Rel: "left", Args: []string{"C"}},
	}
	sys := []Extraction{
		{Sentence: "A met B .", Confidence: 0.9, Rel: "met", Args: []string{"A", "B"}},
		{Sentence: "A met B .", Confidence: 0.5, Rel: "saw", Args: []string{"A", "B"}},
		{Sentence: "C left .", Confidence: 0.5, Rel: "left", Args: []string{"C"}},
	}
	// Threshold 0.5: 3 tuples kept; precision (1 + 0 + 1)/3, recall (1+0+1)/3.
	// Threshold 0.9: 1 tuple kept; precision 1/1, recall 1/3.
	res := Score(gold, sys)
	if len(res.Curve) != 2 {
		t.Fatalf("curve has %d points, want 2: %+v", len(res.Curve), res.Curve)
	}
	want := []Point{{2.0 / 3, 2.0 / 3, 0.5}, {1, 1.0 / 3, 0.9}}
	for i, w := range want {
		g := res.Curve[i]
		if !near(g.Precision, w.Precision) || !near(g.Recall, w.Recall) || g.Confidence != w.Confidence {
			t.Errorf("curve[%d] = %+v, want %+v", i, g, w)
		}
	}
	// F1 at 0.5 is 2/3; at 0.9 it is 0.5.
	if !near(res.F1, 2.0/3) || res.Threshold != 0.5 {
		t.Errorf("best F1 = %v at %v, want 2/3 at 0.5", res.F1, res.Threshold)
	}
	// Points by recall: (2/3, 2/3), (1/3, 1), (0, 1).
	wantAUC := (2.0/3-1.0/3)*(2.0/3+1)/2 + (1.0/3)*(1+1)/2
	if !near(res.AUC, wantAUC) {
		t.Errorf("AUC = %v, want %v", res.AUC, wantAUC)
	}
}

func TestScorePrecisionIsOneToOne(t *testing.T) {
	gold := []Extraction{{Sentence: "s", Rel: "met", Args: []string{"A", "B"}}}
	sys := []Extraction{
		{Sentence: "s", Confidence: 1, Rel: "met", Args: []string{"A", "B"}},
		{Sentence: "s", Confidence: 1, Rel: "met", Args: []string{"A", "B"}},
	}
	res := Score(gold, sys)
	if !near(res.Precision, 0.5) || !near(res.Recall, 1) {
		t.Errorf("duplicate tuple: P=%v R=%v, want P=0.5 R=1", res.Precision, res.Recall)
	}
}

func TestScoreEmptySystem(t *testing.T) {
	gold := []Extraction{{Sentence: "s", Rel: "met", Args: []string{"A", "B"}}}
	res := Score(gold, nil)
	if res.F1 != 0 || res.AUC != 0 || res.Precision != 0 || res.Recall != 0 {
		t.Errorf("empty system scored %+v, want zeros", res)
	}
}

func TestReadSystemWriteRoundTrip(t *testing.T) {
	var b strings.Builder
	e := Extraction{Sentence: "A met\tB .", Confidence: 0.25, Rel: "met", Args: []string{"A", "B", "in  Paris"}}
	if err := Write(&b, e); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSystem(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Sentence != "A met B ." || got[0].Confidence != 0.25 || got[0].Rel != "met" ||
		strings.Join(got[0].Args, "|") != "A|B|in Paris" {
		t.Errorf("round trip of %+v: got %+v from %q", e, got, b.String())
	}
}

// dataDir returns the CaRB folder of ../shared/data, or skips when it is absent.
func dataDir(t testing.TB) string {
	t.Helper()
	return shared.Path(t, "data", "carb")
}

func TestGoldAgainstItself(t *testing.T) {
	d := dataDir(t)
	f, err := os.Open(filepath.Join(d, "data_gold_dev.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := ReadGold(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(gold) < 2000 {
		t.Fatalf("read %d gold tuples, want the whole dev set", len(gold))
	}
	res := Score(gold, gold)
	t.Logf("gold vs itself: P=%.3f R=%.3f F1=%.3f AUC=%.3f", res.Precision, res.Recall, res.F1, res.AUC)
	if res.F1 < 0.95 || res.Recall < 0.99 {
		t.Errorf("gold vs itself: P=%.3f R=%.3f F1=%.3f, want ≈ 1", res.Precision, res.Recall, res.F1)
	}
}

func TestScoreSentencesNormalisingAlikeKeepTheLater(t *testing.T) {
	// "A met B ." and "A met B" normalise alike; CaRB's dict keeps the
	// later sentence's gold tuples only.
	gold := []Extraction{
		{Sentence: "A met B .", Rel: "met", Args: []string{"A", "B"}},
		{Sentence: "A met B", Rel: "saw", Args: []string{"A", "B"}},
	}
	sys := []Extraction{{Sentence: "A met B", Confidence: 1, Rel: "met", Args: []string{"A", "B"}}}
	res := Score(gold, sys)
	if res.Recall != 0 || res.Precision != 0 {
		t.Errorf("Score = P %v R %v, want 0, 0: only the later gold tuple (saw) counts", res.Precision, res.Recall)
	}
}
