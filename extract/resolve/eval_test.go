package resolve

import (
	"path/filepath"
	"strings"
	"testing"

	"kg/internal/shared"

	"kg/extract/ner"
	"kg/extract/parse"
	"kg/extract/tag"
	"kg/extract/ud"
)

// dataDir returns ../shared/data, or skips when it is absent.
func dataDir(t testing.TB) string {
	t.Helper()
	return filepath.Dir(shared.Path(t, "data", "gum"))
}

func TestEvalGUM(t *testing.T) {
	s, err := EvalGUM(dataDir(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("GUM dev:\n%s", s)
	if s.Docs == 0 {
		t.Fatal("no GUM dev documents evaluated")
	}
	// Floors well under the measured numbers, so that a regression that
	// breaks linking shows up.
	if s.B3F < 0.5 {
		t.Errorf("B3 F1 = %.3f, want >= 0.5", s.B3F)
	}
	if r := ratio(s.ShortNameCorrect, s.ShortNames); r < 0.5 {
		t.Errorf("short-name accuracy = %.3f, want >= 0.5", r)
	}
	if s.DescGold == 0 {
		t.Error("no gold descriptions found: the Entity= parsing or the description filter is broken")
	}
	if p := ratio(s.DescCorrect, s.DescResolved); p < 0.8 {
		t.Errorf("description precision = %.3f, want >= 0.8", p)
	}
	if r := ratio(s.QuotedFirstCorrect, s.QuotedFirstGold); r < 0.5 {
		t.Errorf("quoted first-person recall = %.3f, want >= 0.5", r)
	}
}

// TestEvalGUMTrain scores the GUM training documents, where no rule of
// the resolver was written from errors: the floors are those of dev.
func TestEvalGUMTrain(t *testing.T) {
	s, err := EvalGUMSplit(dataDir(t), "train", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("GUM train:\n%s", s)
	if s.Docs == 0 {
		t.Fatal("no GUM training documents evaluated")
	}
	if s.B3F < 0.5 {
		t.Errorf("B3 F1 = %.3f, want >= 0.5", s.B3F)
	}
	if p := ratio(s.DescCorrect, s.DescResolved); p < 0.6 {
		t.Errorf("description precision = %.3f, want >= 0.6", p)
	}
}

func TestEvalGUMSplitBad(t *testing.T) {
	if _, err := EvalGUMSplit(dataDir(t), "test", nil); err == nil || !strings.Contains(err.Error(), "use dev or train") {
		t.Errorf("EvalGUMSplit(split %q) error = %v, want one naming the splits", "test", err)
	}
}

func BenchmarkDocument(b *testing.B) {
	dd := dataDir(b)
	sents, err := ud.ReadFile(filepath.Join(dd, "gum", "conllu", "GUM_bio_byron.conllu"))
	if err != nil {
		b.Skipf("GUM document not readable: %v", err)
	}
	text := GoldDoc(sents)
	spans := GoldSpans(sents)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		Document(text, sents, spans)
	}
}

func TestEvalGUMPredictedSpans(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the trained recogniser")
	}
	dd := dataDir(t)
	nm, err := ner.Load()
	if err != nil {
		t.Fatalf("ner.Load: %v", err)
	}
	s, err := EvalGUMWith(dd, nm.Recognize)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("GUM dev, gold trees, predicted named spans:\n%s", s)
	if s.B3F < 0.4 {
		t.Errorf("B3 F1 = %.3f with predicted spans, want >= 0.4", s.B3F)
	}
	tm, err := tag.Load()
	if err != nil {
		t.Fatalf("tag.Load: %v", err)
	}
	pm, err := parse.Load()
	if err != nil {
		t.Fatalf("parse.Load: %v", err)
	}
	s, err = EvalGUMWith(dd, func(sent *ud.Sentence) []ner.Span {
		tm.Tag(sent)
		pm.Parse(sent)
		return nm.Recognize(sent)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("GUM dev, predicted tags, trees and named spans:\n%s", s)
	if s.B3F < 0.4 {
		t.Errorf("B3 F1 = %.3f with the whole predicted pipeline, want >= 0.4", s.B3F)
	}
}

// TestEvalGUMTrace checks that the trace lists every gold description and
// gives the same scores as the run without it.
func TestEvalGUMTrace(t *testing.T) {
	dd := dataDir(t)
	var b strings.Builder
	traced, err := EvalGUMTrace(dd, "dev", &b)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := EvalGUMSplit(dd, "dev", nil)
	if err != nil {
		t.Fatal(err)
	}
	if traced != plain {
		t.Errorf("scores with the trace = %+v, without = %+v", traced, plain)
	}
	gold, found := 0, 0
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("trace line %q has %d fields, want 4", line, len(f))
		}
		if strings.HasPrefix(f[1], "description ") {
			gold++
			if f[1] == "description right" {
				found++
			}
		}
	}
	if gold != plain.DescGold || found != plain.DescFound {
		t.Errorf("trace lists %d gold descriptions, %d right; scores say %d, %d", gold, found, plain.DescGold, plain.DescFound)
	}
}
