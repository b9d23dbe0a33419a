package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"kg/extract"
)

// capsGold is one name of a snippet of extract/truecase/testdata written
// in capitals or, in a title-*.txt snippet, in its first line, a headline
// in title case: every occurrence of its bytes as a word there is a name
// mention of one of types, whose entity displays as one of display.
type capsGold struct {
	surface string
	types   []string
	display []string
}

// inScope reports whether the bytes [a, b) of text are scored: a word in
// capitals anywhere, or anything in the first line when it is a title-case
// headline.
func inScope(text string, titled bool, a, b int) bool {
	head := strings.IndexByte(text, '\n')
	if head < 0 {
		head = len(text)
	}
	return titled && a < head || allCaps(text[a:b])
}

// readCapsSnippets reads the snippets (NAME.txt) and their gold (NAME.tsv).
func readCapsSnippets(t *testing.T) (names []string, texts map[string]string, golds map[string][]capsGold) {
	t.Helper()
	dir := filepath.Join("..", "truecase", "testdata")
	files, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no gold under %s: %v", dir, err)
	}
	texts, golds = map[string]string{}, map[string][]capsGold{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".tsv")
		txt, err := os.ReadFile(filepath.Join(dir, name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		tsv, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(tsv), "\n") {
			if line == "" || line[0] == '#' {
				continue
			}
			c := strings.Split(line, "\t")
			if len(c) != 3 {
				t.Fatalf("%s: %q: want surface, types, display", f, line)
			}
			golds[name] = append(golds[name], capsGold{c[0], strings.Split(c[1], "|"), strings.Split(c[2], "|")})
		}
		names = append(names, name)
		texts[name] = string(txt)
	}
	sort.Strings(names)
	return names, texts, golds
}

// occurrences returns the byte offsets of s in text as a whole word.
func occurrences(text, s string) []int {
	var out []int
	for i := 0; ; {
		k := strings.Index(text[i:], s)
		if k < 0 {
			return out
		}
		a, b := i+k, i+k+len(s)
		if (a == 0 || !isWordByte(text[a-1])) && (b == len(text) || !isWordByte(text[b])) {
			out = append(out, a)
		}
		i = a + 1
	}
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// allCaps reports whether s has upper-case letters and no lower-case one.
func allCaps(s string) bool {
	return strings.IndexFunc(s, unicode.IsUpper) >= 0 && strings.IndexFunc(s, unicode.IsLower) < 0
}

// capsScore counts name mentions in capitals or in the headline against
// the gold: found is the gold mentions found with their span and a gold
// type; predicted is every name mention in scope.
type capsScore struct{ gold, predicted, found int }

func (s capsScore) p() float64 { return float64(s.found) / float64(max(s.predicted, 1)) }
func (s capsScore) r() float64 { return float64(s.found) / float64(max(s.gold, 1)) }

// scoreCaps scores one result and reports the gold mentions found with a
// gold type but another display name, and every miss, through logf.
func scoreCaps(text string, titled bool, gold []capsGold, res extract.Result, logf func(string, ...any)) (capsScore, []string) {
	type span struct{ a, b int }
	// Longer names first: "MADRID" in "REAL MADRID" is not a mention of
	// its own.
	gold = append([]capsGold(nil), gold...)
	sort.SliceStable(gold, func(i, j int) bool { return len(gold[i].surface) > len(gold[j].surface) })
	want := map[span]capsGold{}
	covered := make([]bool, len(text))
	for _, g := range gold {
	next:
		for _, a := range occurrences(text, g.surface) {
			if !inScope(text, titled, a, a+len(g.surface)) {
				continue
			}
			for k := a; k < a+len(g.surface); k++ {
				if covered[k] {
					continue next
				}
			}
			for k := a; k < a+len(g.surface); k++ {
				covered[k] = true
			}
			want[span{a, a + len(g.surface)}] = g
		}
	}
	var sc capsScore
	var wrongDisplay []string
	sc.gold = len(want)
	matched := map[span]bool{}
	for _, m := range res.Mentions {
		if m.Kind != "name" || !inScope(text, titled, m.Start, m.End) {
			continue
		}
		sc.predicted++
		e := res.Entities[m.Entity]
		g, ok := want[span{m.Start, m.End}]
		switch {
		case !ok:
			logf("  not a gold name: %q as %s %q", m.Text, e.Type, e.Name)
		case !contains(g.types, e.Type):
			logf("  %q typed %s, want %s", m.Text, e.Type, strings.Join(g.types, "|"))
		default:
			sc.found++
			matched[span{m.Start, m.End}] = true
			if !contains(g.display, e.Name) {
				wrongDisplay = append(wrongDisplay, m.Text+" → "+e.Name+", want "+strings.Join(g.display, " or "))
			}
		}
	}
	for sp, g := range want {
		if !matched[sp] {
			logf("  missed %q (%s) at %d", g.surface, strings.Join(g.types, "|"), sp.a)
		}
	}
	return sc, wrongDisplay
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestAllCapsNews runs the pipeline over all-caps and title-case
// headlines and datelines and scores the names written in capitals or in
// the headline, with the recaser and without it (the models alone, as
// before it existed). With it, nearly every name must be found and typed,
// display in mixed case, and keep its offsets into the original bytes.
func TestAllCapsNews(t *testing.T) {
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	plain := *p
	plain.casing = nil
	names, texts, golds := readCapsSnippets(t)
	var before, after capsScore
	ctx := context.Background()
	for _, name := range names {
		text := texts[name]
		doc := extract.Document{ID: name, Text: text}
		res0, err := plain.Extract(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		titled := strings.HasPrefix(name, "title-")
		s0, _ := scoreCaps(text, titled, golds[name], res0, func(string, ...any) {})
		res, err := p.Extract(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s:", name)
		s, wrong := scoreCaps(text, titled, golds[name], res, t.Logf)
		for _, w := range wrong {
			t.Errorf("%s: display name %s", name, w)
		}
		before.gold, before.predicted, before.found = before.gold+s0.gold, before.predicted+s0.predicted, before.found+s0.found
		after.gold, after.predicted, after.found = after.gold+s.gold, after.predicted+s.predicted, after.found+s.found

		for _, m := range res.Mentions {
			if m.Start < 0 || m.End > len(text) || m.Start > m.End || text[m.Start:m.End] != m.Text {
				t.Errorf("%s: mention %q at %d:%d does not hold the document's bytes", name, m.Text, m.Start, m.End)
			}
		}
		for _, e := range res.Entities {
			if allCaps(e.Name) && len(e.Name) > 4 {
				t.Errorf("%s: entity %q (%s) displays in capitals", name, e.Name, e.Type)
			}
		}
	}
	t.Logf("names in capitals and headlines, models alone: P %.3f R %.3f (%d gold, %d predicted, %d right)", before.p(), before.r(), before.gold, before.predicted, before.found)
	t.Logf("names in capitals and headlines, recased:      P %.3f R %.3f (%d gold, %d predicted, %d right)", after.p(), after.r(), after.gold, after.predicted, after.found)
	if after.p() < 0.9 || after.r() < 0.9 {
		t.Errorf("recased: P %.3f R %.3f, want both ≥ 0.9", after.p(), after.r())
	}
}
