package truecase

import (
	"strings"
	"testing"
	"unicode/utf8"

	"kg/extract/segment"
)

func lexicon(t testing.TB) *Lexicon {
	t.Helper()
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestRecase(t *testing.T) {
	l := lexicon(t)
	tests := []struct {
		name, in, want string
	}{
		{"headline common words lower, places and demonyms capitalised",
			"KENYAN POLICE ARREST OPPOSITION LEADER AFTER NAIROBI PROTESTS",
			"Kenyan police arrest opposition leader after Nairobi protests"},
		{"dateline place recased, country and agency kept",
			"NAIROBI, Kenya — Police arrested him on Tuesday.",
			"Nairobi, Kenya — Police arrested him on Tuesday."},
		{"dateline with agency tag in parentheses",
			"WASHINGTON (Reuters) - The talks ended.",
			"Washington (Reuters) - The talks ended."},
		{"dateline agency tag in capitals stays as written",
			"LONDON, March 3 (AP) — Talks ended.",
			"London, March 3 (AP) — Talks ended."},
		{"two-word dateline place",
			"NEW YORK (AP) — Stocks fell.",
			"New York (AP) — Stocks fell."},
		{"acronyms stay upper case",
			"NATO AND U.S. OFFICIALS MEET FBI CHIEF",
			"NATO and U.S. officials meet FBI chief"},
		{"multi-word name from the lexicon",
			"REAL MADRID BEAT BARCELONA IN NEW YORK",
			"Real Madrid beat Barcelona in New York"},
		{"unknown name title-cased, unknown inflection of a known word lower",
			"ERDOGAN CRITICISES AND SLAMS RIVALS",
			"Erdogan criticises and slams rivals"},
		{"unknown short word kept as an acronym",
			"ODM LEADERS REJECT TALKS",
			"ODM leaders reject talks"},
		{"document's own casing wins over the lexicon",
			"POLICE HOLD ODINGA AFTER PROTESTS\n\nOpposition leader Raila Odinga was held by police.",
			"Police hold Odinga after protests\n\nOpposition leader Raila Odinga was held by police."},
		{"document's multi-word name",
			"TECK RESOURCES SELLS COAL UNIT\n\nThe miner Teck Resources sold it.",
			"Teck Resources sells coal unit\n\nThe miner Teck Resources sold it."},
		{"mixed-case sentence unchanged",
			"The FBI, CIA and NSA said nothing.",
			"The FBI, CIA and NSA said nothing."},
		{"sentence-initial name in mixed case unchanged",
			"Police said Odinga was held.",
			"Police said Odinga was held."},
		{"a short line in capitals is recased",
			"BREAKING NEWS",
			"Breaking news"},
		{"title-case headline: common words lowered, names and acronyms kept",
			"Kenyan Police Arrest NATO Critic After Nairobi Protests\n\nPolice said so.",
			"Kenyan police arrest NATO critic after Nairobi protests\n\nPolice said so."},
		{"title-case headline: a multi-word name from the lexicon",
			"Bank Of England Holds Rates As Inflation Slows",
			"Bank of England holds rates as inflation slows"},
		{"title-case headline: an unknown word keeps its capital",
			"Glencore To Buy Teck Coal Unit",
			"Glencore to buy Teck coal unit"},
		{"a sentence of names is not a title-case headline",
			"Barack Obama met Angela Merkel in Berlin",
			"Barack Obama met Angela Merkel in Berlin"},
		{"a title-case line ending in a full stop is a sentence",
			"The Senate Passed The Budget Bill On Monday.",
			"The Senate Passed The Budget Bill On Monday."},
		{"a dateline's common first word keeps its capital",
			"WHEREAS, the Congress is in session.",
			"Whereas, the Congress is in session."},
		{"a line of acronyms keeps them",
			"EU AND UN",
			"EU and UN"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sents := segment.Split(tc.in)
			got := l.Recase(tc.in, sents)
			if got != tc.want {
				t.Errorf("Recase(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			if len(got) != len(tc.in) {
				t.Errorf("Recase(%q) changed the length: %d, want %d", tc.in, len(got), len(tc.in))
			}
			for _, s := range sents {
				if s.Text != got[s.Start:s.End] {
					t.Errorf("Recase(%q): sentence text %q, want %q", tc.in, s.Text, got[s.Start:s.End])
				}
				for _, tok := range s.Tokens {
					if tok.Form != got[tok.Start:tok.End] {
						t.Errorf("Recase(%q): token %q at %d:%d, text there %q", tc.in, tok.Form, tok.Start, tok.End, got[tok.Start:tok.End])
					}
					if !strings.EqualFold(tok.Form, tc.in[tok.Start:tok.End]) {
						t.Errorf("Recase(%q): token %q is not a recasing of %q", tc.in, tok.Form, tc.in[tok.Start:tok.End])
					}
				}
			}
		})
	}
}

// TestRecaseKeepsLength checks that a letter whose other case has another
// length in UTF-8 keeps its form, so that offsets stay true.
func TestRecaseKeepsLength(t *testing.T) {
	l := lexicon(t)
	for _, in := range []string{
		"STRASSE UND GROẞE STÄDTE IM SÜDEN",
		"İSTANBUL MAYOR İMAMOĞLU DETAINED",
		"ΑΘΗΝΑ ΚΑΙ ΒΕΡΟΛΙΝΟ ΣΥΜΦΩΝΟΥΝ",
	} {
		sents := segment.Split(in)
		got := l.Recase(in, sents)
		if len(got) != len(in) {
			t.Errorf("Recase(%q) = %q: length %d, want %d", in, got, len(got), len(in))
		}
		for _, s := range sents {
			for _, tok := range s.Tokens {
				if tok.Form != got[tok.Start:tok.End] {
					t.Errorf("Recase(%q): token %q at %d:%d, text there %q", in, tok.Form, tok.Start, tok.End, got[tok.Start:tok.End])
				}
			}
		}
	}
}

func TestRecaseNilLexicon(t *testing.T) {
	var l *Lexicon
	in := "KENYAN POLICE ARREST OPPOSITION LEADER"
	if got := l.Recase(in, segment.Split(in)); got != in {
		t.Errorf("nil Lexicon: Recase(%q) = %q, want it unchanged", in, got)
	}
}

func TestTrain(t *testing.T) {
	sents := [][]string{
		{"He", "flew", "to", "New", "York", "and", "met", "police", "."},
		{"The", "new", "police", "chief", "went", "to", "New", "York", "."},
		{"NATO", "said", "the", "police", "met", "in", "new", "offices", "."},
		{"However", ",", "he", "left", "."},
		{"Officials", "of", "NATO", "met", "Kenyan", "police", "."},
		{"THIS", "IS", "A", "HEADLINE", "ABOUT", "POLICE"},
		{"Senate", "Passes", "Budget", "Bill", "Quickly"},
	}
	names := [][]string{{"Nairobi"}, {"Police"}, {"Bank", "of", "England"}}
	l := Train(sents, names)
	words := []struct{ key, want string }{
		{"new", "new"},         // lower twice, "New" only in the name
		{"police", "police"},   // the headline's POLICE and the gazetteer's Police do not count
		{"nato", "NATO"},       // first word in capitals counts
		{"however", "however"}, // seen only first
		{"kenyan", "Kenyan"},   //
		{"nairobi", "Nairobi"}, // gazetteer, unseen in the sentences
		{"headline", ""},       // the all-caps sentence is skipped
		{"passes", ""},         // and the title-case heading
	}
	for _, w := range words {
		if got := l.words[w.key]; got != w.want {
			t.Errorf("Train: word %q = %q, want %q", w.key, got, w.want)
		}
	}
	phrases := []struct{ key, want string }{
		{"new york", "New York"},
		{"bank of england", "Bank of England"},
		{"kenyan police", ""}, // its words alone give it
	}
	for _, p := range phrases {
		if got := l.phrases[p.key]; got != p.want {
			t.Errorf("Train: phrase %q = %q, want %q", p.key, got, p.want)
		}
	}
}

// FuzzRecase checks Recase's invariants on any text: the length and the
// letters' identity up to case are kept, and every token's form is the
// recased text at its offsets.
func FuzzRecase(f *testing.F) {
	for _, s := range []string{
		"KENYAN POLICE ARREST OPPOSITION LEADER AFTER NAIROBI PROTESTS\n\nNAIROBI, Kenya — Police said.",
		"WASHINGTON (Reuters) - U.S. AND NATO",
		"ΑΘΗΝΑ ΚΑΙ ΒΕΡΟΛΙΝΟ İSTANBUL GROẞE",
		"", "A", "—", "RIO DE JANEIRO, Brazil —",
	} {
		f.Add(s)
	}
	l := lexicon(f)
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			return
		}
		sents := segment.Split(in)
		got := l.Recase(in, sents)
		if len(got) != len(in) || !strings.EqualFold(got, in) {
			t.Fatalf("Recase(%q) = %q: not the same text up to case", in, got)
		}
		for _, s := range sents {
			for _, tok := range s.Tokens {
				if tok.Start >= 0 && tok.Form != got[tok.Start:tok.End] {
					t.Fatalf("Recase(%q): token %q at %d:%d, text there %q", in, tok.Form, tok.Start, tok.End, got[tok.Start:tok.End])
				}
			}
		}
	})
}

// BenchmarkRecase times recasing an article with a headline and a
// dateline, segmenting included.
func BenchmarkRecase(b *testing.B) {
	l := lexicon(b)
	text := "KENYAN POLICE ARREST OPPOSITION LEADER AFTER NAIROBI PROTESTS\n\n" +
		"NAIROBI, Kenya — Kenyan police on Tuesday arrested opposition leader Raila Odinga after two days of protests in Nairobi over rising food prices, his party said.\n\n" +
		strings.Repeat("The Orange Democratic Movement said officers took Odinga from his home before dawn. ", 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		l.Recase(text, segment.Split(text))
	}
}
