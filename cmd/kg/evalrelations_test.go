package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kg/internal/shared"
)

// TestEvalRelations runs kg eval relations on three texts (all 28 would
// slow CI down) and checks the report's shape and that its figures are
// plausible for today's extractor.
func TestEvalRelations(t *testing.T) {
	data := shared.Path(t, "data")
	code, out, stderr := kg(t, "", "eval", "relations", "--data", data, "-v",
		"--text", "GUM_news_korea", "--text", "GUM_news_clock", "--text", "GUM_bio_holt")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	last := lines[len(lines)-1]
	m := regexp.MustCompile(`^relations-dev: entity P=(0\.\d{3}|1\.000) R=(0\.\d{3}|1\.000) F1=(0\.\d{3}|1\.000) \| relation P=(0\.\d{3}|1\.000) R=(0\.\d{3}|1\.000) F1=(0\.\d{3}|1\.000)$`).FindStringSubmatch(last)
	if m == nil {
		t.Fatalf("last line %q is not the summary line; output:\n%s", last, out)
	}
	v := make([]float64, 6)
	for i := range v {
		v[i], _ = strconv.ParseFloat(m[i+1], 64)
	}
	// Today: entities about 0.8 each, relations P 0.7 and R 0.3 over all
	// 28; a collapse of any stage shows here.
	if v[0] < 0.5 || v[1] < 0.5 || v[3] < 0.3 || v[4] < 0.1 {
		t.Errorf("implausible scores in %q", last)
	}
	for _, want := range []string{
		"== GUM_news_korea:", // -v detail
		"  missed  ",         // a required row missed (no text here is perfect)
		"GUM_bio_holt ",      // a table line per text
		"role without GUM_news_election",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "3 texts built and scored") {
		t.Errorf("stderr %q lacks the timing line", stderr)
	}

	// Bad input: one line naming the input and the fix.
	code, _, stderr = kg(t, "", "eval", "relations", "--data", data, "--text", "GUM_news_nosuch")
	if code != 2 || !strings.Contains(stderr, "GUM_news_nosuch") || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
		t.Errorf("unknown text: exit %d, stderr %q; want 2 and one line naming it", code, stderr)
	}
	code, _, stderr = kg(t, "", "eval", "relations", "--data", t.TempDir())
	if code != 2 || !strings.Contains(stderr, "--data") {
		t.Errorf("empty data folder: exit %d, stderr %q; want 2 and a hint at --data", code, stderr)
	}
}
