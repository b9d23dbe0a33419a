package segment

import (
	"kg/internal/shared"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kg/extract/ud"
)

// dataDir returns ../shared/data, or skips when it is absent.
func dataDir(t testing.TB) string {
	t.Helper()
	return shared.Path(t, "data")
}

// gumDev reads the GUM documents listed under "## dev" in splits.md.
func gumDev(t testing.TB, data string) []*ud.Sentence {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, "gum", "splits.md"))
	if err != nil {
		t.Skipf("GUM splits: %v", err)
	}
	var out []*ud.Sentence
	inDev := false
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "## ") {
			inDev = strings.TrimSpace(line) == "## dev"
			continue
		}
		name, ok := strings.CutPrefix(strings.TrimSpace(line), "* ")
		if !inDev || !ok {
			continue
		}
		path := filepath.Join(data, "gum", "conllu", name+".conllu")
		if _, err := os.Stat(path); err != nil {
			continue // only some genres are in the shared data
		}
		s, err := ud.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s...)
	}
	return out
}

func TestEvaluateTreebanks(t *testing.T) {
	data := dataDir(t)
	ewt, err := ud.ReadFile(filepath.Join(data, "ud-ewt", "en_ewt-ud-dev.conllu"))
	if err != nil {
		t.Skipf("EWT dev: %v", err)
	}
	tests := []struct {
		name            string
		gold            []*ud.Sentence
		words, sentence float64 // floors for F1
	}{
		{"EWT dev", ewt, 0.97, 0.80},
		{"GUM dev", gumDev(t, data), 0.97, 0.85},
	}
	for _, tc := range tests {
		ev := Evaluate(tc.gold)
		t.Logf("%s: %d documents; words P %.4f R %.4f F1 %.4f; sentences P %.4f R %.4f F1 %.4f", tc.name, ev.Documents,
			ev.Words.Precision(), ev.Words.Recall(), ev.Words.F1(),
			ev.Sentences.Precision(), ev.Sentences.Recall(), ev.Sentences.F1())
		if f := ev.Words.F1(); f < tc.words {
			t.Errorf("%s: word F1 = %.4f, want >= %.2f", tc.name, f, tc.words)
		}
		if f := ev.Sentences.F1(); f < tc.sentence {
			t.Errorf("%s: sentence F1 = %.4f, want >= %.2f", tc.name, f, tc.sentence)
		}
	}
}
