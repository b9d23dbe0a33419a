package truecase

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kg/extract/internal/gum"
	"kg/extract/truecase/internal/corpus"
	"kg/extract/ud"
	"kg/internal/shared"
)

// TestLexiconReproducible checks that go generate would write the
// committed lexicon byte for byte.
func TestLexiconReproducible(t *testing.T) {
	data := shared.Path(t, "data")
	sents, err := corpus.Sentences(data)
	if err != nil {
		t.Fatal(err)
	}
	names, err := corpus.Names(filepath.Join("..", "gazetteer", "data"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Train(sents, names).Write(&buf, corpus.Comment); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), embedded) {
		t.Errorf("the lexicon trained now (%d bytes) differs from data/lexicon.txt.gz (%d bytes): run go generate in extract/truecase", buf.Len(), len(embedded))
	}
}

// caseScore counts recased words against their gold form.
type caseScore struct {
	words, wordsRight int // every word but a sentence's first
	names, namesRight int // of them, those written with a capital
}

func (s *caseScore) add(gold, got []string) {
	first := firstWord(gold)
	for k, g := range gold {
		if k == first || !hasLetter(g) {
			continue
		}
		s.words++
		ok := got[k] == g
		if ok {
			s.wordsRight++
		}
		if g != lower(g) {
			s.names++
			if ok {
				s.namesRight++
			}
		}
	}
}

func (s caseScore) String() string {
	return fmt.Sprintf("words %.3f (%d/%d), capitalised words %.3f (%d/%d)",
		float64(s.wordsRight)/float64(max(s.words, 1)), s.wordsRight, s.words,
		float64(s.namesRight)/float64(max(s.names, 1)), s.namesRight, s.names)
}

// TestRecaseGUMDev upper-cases GUM dev documents, which the lexicon did
// not learn from, and scores how many words Recase restores: one sentence
// at a time in its document (a headline, with the rest of the document to
// learn from), and whole documents (the lexicon alone).
func TestRecaseGUMDev(t *testing.T) {
	data := shared.Path(t, "data")
	files, err := gum.Files(data, true)
	if err != nil {
		t.Fatal(err)
	}
	l := lexicon(t)
	var inDoc, alone caseScore
	for _, f := range files {
		gold, err := ud.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		forms := make([][]string, len(gold))
		for i, s := range gold {
			forms[i] = s.Words()
		}
		for i := range forms {
			if !upperForms(upperAll(forms[i])) {
				continue // too short to be taken for a headline
			}
			got := recaseForms(l, forms, func(j int) bool { return j == i })
			inDoc.add(forms[i], got[i])
		}
		got := recaseForms(l, forms, func(int) bool { return true })
		for i := range forms {
			if upperForms(upperAll(forms[i])) {
				alone.add(forms[i], got[i])
			}
		}
	}
	// Headlines in title case, one a document, and the documents as
	// written, which Recase should leave nearly alone.
	var title, titleAsIs caseScore
	flagged, headlines, changed, words := 0, 0, 0, 0
	for _, f := range files {
		gold, err := ud.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		forms := make([][]string, len(gold))
		for i, s := range gold {
			forms[i] = s.Words()
		}
		for i := range forms {
			// A headline has no full stop.
			g := forms[i]
			if n := len(g); n > 1 && g[n-1] == "." {
				g = g[:n-1]
			}
			tf := titleCase(g)
			if !titleForms(tf) {
				continue // too short to be taken for a headline
			}
			doc := make([][]string, len(forms))
			copy(doc, forms)
			doc[i] = tf
			got := recaseForms(l, doc, func(int) bool { return false })
			headlines++
			if !slices.Equal(got[i], tf) {
				flagged++
			}
			title.add(g, got[i])
			titleAsIs.add(g, tf)
		}
		got := recaseForms(l, forms, func(int) bool { return false })
		for i := range forms {
			for k, w := range forms[i] {
				if hasLetter(w) {
					words++
					if got[i][k] != w {
						changed++
					}
				}
			}
		}
	}
	t.Logf("GUM dev, one sentence in title case in its document, as written: %v", titleAsIs)
	t.Logf("GUM dev, one sentence in title case in its document (%d of %d recased): %v", flagged, headlines, title)
	t.Logf("GUM dev as written: %d of %d words recased", changed, words)
	if changed*200 > words {
		t.Errorf("GUM dev as written: %d of %d words recased, want under 0.5%%", changed, words)
	}
	t.Logf("GUM dev, one sentence in capitals in its document: %v", inDoc)
	t.Logf("GUM dev, whole documents in capitals:             %v", alone)
	if r := float64(inDoc.wordsRight) / float64(inDoc.words); r < 0.95 {
		t.Errorf("one sentence in capitals: words %.3f right, want ≥ 0.95", r)
	}
	if r := float64(alone.wordsRight) / float64(alone.words); r < 0.9 {
		t.Errorf("whole documents in capitals: words %.3f right, want ≥ 0.9", r)
	}
}

// titleCase writes a sentence as a title-case headline: every word
// capitalised but the short function words after the first.
func titleCase(forms []string) []string {
	small := map[string]bool{"a": true, "an": true, "the": true, "and": true, "but": true, "or": true,
		"nor": true, "for": true, "so": true, "at": true, "by": true, "in": true, "of": true,
		"on": true, "to": true, "up": true, "as": true}
	out := make([]string, len(forms))
	first := firstWord(forms)
	for i, f := range forms {
		out[i] = f
		if i == first || !small[f] {
			out[i] = capitalize(f)
		}
	}
	return out
}

// upperAll returns forms in capitals, each keeping its length in bytes.
func upperAll(forms []string) []string {
	out := make([]string, len(forms))
	for i, f := range forms {
		out[i] = f
		if u := strings.ToUpper(f); len(u) == len(f) {
			out[i] = u
		}
	}
	return out
}

// recaseForms writes a document of sentences, those for which upper is
// true in capitals, one sentence a line, recases it and returns its forms.
func recaseForms(l *Lexicon, forms [][]string, upper func(int) bool) [][]string {
	var b strings.Builder
	sents := make([]*ud.Sentence, len(forms))
	for i, fs := range forms {
		if upper(i) {
			fs = upperAll(fs)
		}
		s := &ud.Sentence{Start: b.Len()}
		for k, f := range fs {
			if k > 0 {
				b.WriteByte(' ')
			}
			s.Tokens = append(s.Tokens, ud.Token{ID: k + 1, Form: f, Start: b.Len(), End: b.Len() + len(f)})
			b.WriteString(f)
		}
		s.End = b.Len()
		b.WriteByte('\n')
		sents[i] = s
	}
	text := b.String()
	for _, s := range sents {
		s.Text = text[s.Start:s.End]
	}
	l.Recase(text, sents)
	out := make([][]string, len(sents))
	for i, s := range sents {
		out[i] = s.Words()
	}
	return out
}
