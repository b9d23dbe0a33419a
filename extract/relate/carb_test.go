package relate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kg/extract/parse"
	"kg/extract/tag"
	"kg/extract/ud"
)

// TestCaRBDev scores Triples on the CaRB dev set through the trained tagger
// and parser. OpenIE-4 reaches an optimal F1 of 0.488 on CaRB test, ClausIE
// 0.45.
func TestCaRBDev(t *testing.T) {
	if testing.Short() {
		t.Skip("tags and parses 641 sentences")
	}
	dir := filepath.Join(dataDir(t), "carb")
	if _, err := os.Stat(filepath.Join(dir, "data_dev.txt")); err != nil {
		t.Skipf("CaRB data not found at %s: %v", dir, err)
	}
	// A model that does not load is the tag or parse package's failure,
	// reported by their own tests.
	tm, err := tag.Load()
	if err != nil {
		t.Skipf("tagger unavailable: %v", err)
	}
	pm, err := parse.Load()
	if err != nil {
		t.Skipf("parser unavailable: %v", err)
	}
	res, err := EvalCaRB(dir, func(line string) *ud.Sentence {
		s := &ud.Sentence{Text: line, Start: -1, End: -1}
		for i, w := range strings.Fields(line) {
			s.Tokens = append(s.Tokens, ud.Token{ID: i + 1, Form: w, Head: -1, Start: -1, End: -1})
		}
		tm.Tag(s)
		pm.Parse(s)
		return s
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("CaRB dev: AUC %.3f, optimal P %.3f R %.3f F1 %.3f at confidence %.3f", res.AUC, res.Precision, res.Recall, res.F1, res.Threshold)
	if res.F1 < 0.47 {
		t.Errorf("CaRB dev optimal F1 = %.3f, want ≥ 0.47", res.F1)
	}
}
