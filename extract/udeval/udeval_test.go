package udeval

import (
	"bytes"
	"math"
	"regexp"
	"strings"
	"testing"

	"kg/extract/ud"
)

// sent builds a sentence from "form/UPOS/head/deprel" items.
func sent(items ...string) *ud.Sentence {
	s := &ud.Sentence{}
	for i, it := range items {
		f := strings.Split(it, "/")
		var head int
		for _, c := range f[2] {
			head = head*10 + int(c-'0')
		}
		s.Tokens = append(s.Tokens, ud.Token{ID: i + 1, Form: f[0], Lemma: strings.ToLower(f[0]), UPOS: f[1], XPOS: f[1], Feats: "_", Head: head, Deprel: f[3]})
	}
	return s
}

func gold() []*ud.Sentence {
	return []*ud.Sentence{
		sent("Vance/PROPN/2/nsubj", "met/VERB/0/root", "Meloni/PROPN/2/obj", "./PUNCT/2/punct"),
		sent("Meloni/PROPN/3/nsubj:pass", "was/AUX/3/aux:pass", "met/VERB/0/root", "by/ADP/5/case", "Trump/PROPN/3/obl:agent", "./PUNCT/3/punct"),
	}
}

func TestEvaluate(t *testing.T) {
	wrongHead := gold()
	wrongHead[0].Tokens[2].Head = 1 // Meloni attached to Vance
	wrongLabel := gold()
	wrongLabel[1].Tokens[0].Deprel = "nsubj" // subtype only: LAS keeps it
	wrongUniversal := gold()
	wrongUniversal[0].Tokens[2].Deprel = "iobj"
	// "Vance met" as one token, and the two sentences merged.
	merged := &ud.Sentence{}
	merged.Tokens = append(merged.Tokens,
		ud.Token{ID: 1, Form: "Vancemet", UPOS: "VERB", XPOS: "VERB", Head: 0, Deprel: "root"},
		ud.Token{ID: 2, Form: "Meloni", UPOS: "PROPN", XPOS: "PROPN", Head: 1, Deprel: "obj"},
		ud.Token{ID: 3, Form: ".", UPOS: "PUNCT", XPOS: "PUNCT", Head: 1, Deprel: "punct"},
	)
	g2 := gold()
	for i := range g2[1].Tokens {
		tk := g2[1].Tokens[i]
		tk.ID += 3
		if tk.Head > 0 {
			tk.Head += 3
		}
		merged.Tokens = append(merged.Tokens, tk)
	}
	for i := range merged.Tokens {
		merged.Tokens[i].Lemma = strings.ToLower(merged.Tokens[i].Form)
		merged.Tokens[i].Feats = "_"
	}
	tests := []struct {
		name                     string
		system                   []*ud.Sentence
		words, uas, las, lasFull float64
		sentences, tokens        float64
	}{
		{"identical scores 100", gold(), 100, 100, 100, 100, 100, 100},
		{"wrong head lowers UAS and LAS", wrongHead, 100, 90, 90, 90, 100, 100},
		{"wrong subtype lowers only full LAS", wrongLabel, 100, 100, 100, 90, 100, 100},
		{"wrong relation lowers LAS", wrongUniversal, 100, 100, 90, 90, 100, 100},
		// Gold has 10 words; the system 9 with 8 aligned (Vancemet
		// aligns with neither Vance nor met). Words F1 = 2·8/19.
		// Meloni's and the period's heads are the unaligned token, so
		// only the second sentence's 6 attachments are right.
		{"misaligned tokenization aligns the rest", []*ud.Sentence{merged},
			200 * 8.0 / 19, 200 * 6.0 / 19, 200 * 6.0 / 19, 200 * 6.0 / 19, 0, 200 * 8.0 / 19},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Evaluate(gold(), tc.system)
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			for _, c := range []struct {
				what      string
				got, want float64
			}{
				{"Words", sc.Words.F1(), tc.words},
				{"UAS", sc.UAS.F1(), tc.uas},
				{"LAS", sc.LAS.F1(), tc.las},
				{"LASFull", sc.LASFull.F1(), tc.lasFull},
				{"Sentences", sc.Sentences.F1(), tc.sentences},
				{"Tokens", sc.Tokens.F1(), tc.tokens},
			} {
				if math.Abs(c.got-c.want) > 1e-9 {
					t.Errorf("%s = %.4f, want %.4f", c.what, c.got, c.want)
				}
			}
		})
	}
}

func TestEvaluateMultiwordAlignsByForm(t *testing.T) {
	// Gold splits "don't" as a multiword token do + n't; the system
	// tokenizes "do" "n't" as plain tokens: the words still align.
	g := sent("I/PRON/3/nsubj", "do/AUX/3/aux", "n't/PART/3/advmod", "know/VERB/0/root")
	g.Multi = []ud.MultiWord{{First: 2, Last: 3, Form: "don't"}}
	s := sent("I/PRON/3/nsubj", "do/AUX/3/aux", "n't/PART/3/advmod", "know/VERB/0/root")
	sc, err := Evaluate([]*ud.Sentence{g}, []*ud.Sentence{s})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Words.F1() != 100 || sc.LAS.F1() != 100 {
		t.Errorf("Words=%.2f LAS=%.2f, want 100 and 100", sc.Words.F1(), sc.LAS.F1())
	}
	if sc.Tokens.F1() == 100 {
		t.Errorf("Tokens=%.2f, want < 100 (don't is one gold token)", sc.Tokens.F1())
	}
}

func TestEvaluateTextMismatch(t *testing.T) {
	s := gold()
	s[0].Tokens[0].Form = "Vence"
	if _, err := Evaluate(gold(), s); err == nil {
		t.Errorf("Evaluate with different text: got nil error, want one")
	}
}

func TestWriteLastLine(t *testing.T) {
	sc, err := Evaluate(gold(), gold())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := sc.Write(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	last := lines[len(lines)-1]
	if want := "UPOS=100.00 XPOS=100.00 UAS=100.00 LAS=100.00"; last != want {
		t.Errorf("last line = %q, want %q", last, want)
	}
	if !regexp.MustCompile(`(?m)^\s*obl:agent\s+1\s+1\s+1\s`).MatchString(buf.String()) {
		t.Errorf("table lacks an obl:agent row with counts 1 1 1:\n%s", buf.String())
	}
}
