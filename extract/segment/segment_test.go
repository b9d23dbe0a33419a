package segment

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func forms(text string) []string {
	var out []string
	for _, s := range Split(text) {
		for _, t := range s.Tokens {
			out = append(out, t.Form)
		}
	}
	return out
}

func TestSplitTokens(t *testing.T) {
	tests := []struct {
		name, in, want string // want: tokens joined by "|"
	}{
		{"clitic n't", "I don't know.", "I|do|n't|know|."},
		{"clitic 'm", "I'm here", "I|'m|here"},
		{"possessive", "Rubio's plan", "Rubio|'s|plan"},
		{"can't", "We can't go", "We|ca|n't|go"},
		{"cannot", "We cannot go", "We|can|not|go"},
		{"gonna", "I'm gonna win", "I|'m|gon|na|win"},
		{"curly apostrophe", "They’re sure it isn’t", "They|’re|sure|it|is|n’t"},
		{"plural possessive", "the students' books", "the|students|'|books"},
		{"abbreviation U.S.", "the U.S. Secretary", "the|U.S.|Secretary"},
		{"title", "Dr. Smith and Mr. Jones", "Dr.|Smith|and|Mr.|Jones"},
		{"month", "on Feb. 28, 2022", "on|Feb.|28|,|2022"},
		{"initials", "J. R. R. Tolkien wrote", "J.|R.|R.|Tolkien|wrote"},
		{"corporate suffix", "Apple Inc. said", "Apple|Inc.|said"},
		{"money", "$700 million", "$|700|million"},
		{"thousands", "1,000 people and 2.5 percent", "1,000|people|and|2.5|percent"},
		{"score is split", "won 3-0", "won|3|-|0"},
		{"hyphen split", "a 15-year term", "a|15|-|year|term"},
		{"hyphen compound split", "a well-known man", "a|well|-|known|man"},
		{"hyphen prefix kept", "co-workers sent e-mail to non-members", "co-workers|sent|e-mail|to|non-members"},
		{"phone number", "call 713-853-3989 now", "call|713-853-3989|now"},
		{"time", "at 10:30 a.m. today", "at|10:30|a.m.|today"},
		{"url", "see https://example.com/a?b=1, then", "see|https://example.com/a?b=1|,|then"},
		{"email", "mail john.doe@example.org.", "mail|john.doe@example.org|."},
		{"domain", "bought on Amazon.com today", "bought|on|Amazon.com|today"},
		{"quotes", "\"Yes,\" he said.", "\"|Yes|,|\"|he|said|."},
		{"curly quotes", "“We will,” she said", "“|We|will|,|”|she|said"},
		{"brackets", "(see below)", "(|see|below|)"},
		{"ellipsis", "Well... maybe", "Well|...|maybe"},
		{"dashes", "it -- or not", "it|--|or|not"},
		{"percent", "rose 5% today", "rose|5|%|today"},
		{"unit suffix", "cost $170m", "cost|$|170|m"},
		{"ampersand acronym", "AT&T and S&P", "AT&T|and|S&P"},
		{"slash split", "and/or", "and|/|or"},
		{"date slash kept", "on 11/28/2000", "on|11/28/2000"},
		{"emoticon", "great :) thanks", "great|:)|thanks"},
		{"year apostrophe", "in ’72 or '73", "in|’72|or|'73"},
		{"final abbreviation gives period", "He works for Acme Inc.", "He|works|for|Acme|Inc|."},
		{"no before number", "No. 5 and no.", "No.|5|and|no|."},
		{"question exclamation", "What?! Really?", "What|?!|Really|?"},
		{"fused without apostrophe", "thats what Im saying", "that|s|what|I|m|saying"},
		{"title glued to name", "met Dr.Michael Cowpland", "met|Dr.|Michael|Cowpland"},
		{"O'Brien", "O'Brien left", "O'Brien|left"},
		{"non-breaking space", "New\u00a0York", "New|York"},
	}
	for _, tc := range tests {
		got := strings.Join(forms(tc.in), "|")
		if got != tc.want {
			t.Errorf("%s: Split(%q) tokens = %s, want %s", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name, in, want string // want: sentence texts joined by "|"
	}{
		{"simple", "He left. She stayed.", "He left.|She stayed."},
		{"abbreviation continues", "The U.S. Secretary of State met Dr. Smith on Feb. 28. Talks ended.",
			"The U.S. Secretary of State met Dr. Smith on Feb. 28.|Talks ended."},
		{"abbreviation ends", "He joined Acme Inc. The firm grew.", "He joined Acme Inc.|The firm grew."},
		{"initials", "J. R. R. Tolkien wrote it. It sold.", "J. R. R. Tolkien wrote it.|It sold."},
		{"closing quote", "\"We will win.\" He left.", "\"We will win.\"|He left."},
		{"curly closing quote", "“We will win.” He left.", "“We will win.”|He left."},
		{"question and exclamation", "Why? Because! Yes.", "Why?|Because!|Yes."},
		{"ellipsis before lower case", "Well... maybe not. Fine.", "Well... maybe not.|Fine."},
		{"newline ends sentence", "Headline here\nThe body starts", "Headline here|The body starts"},
		{"blank line", "one\n\ntwo", "one|two"},
		{"wrapped line continues", "The delegations said on Sunday that they would meet the\nfollowing week.", "The delegations said on Sunday that they would meet the\nfollowing week."},
		{"short line is a heading", "Rude service\neven though I never went.", "Rude service|even though I never went."},
		{"digit start", "He won. 2024 was good.", "He won.|2024 was good."},
		{"citation mark", "It rose.[3] Then fell.", "It rose.[3]|Then fell."},
		{"parenthesis", "(He left.) She stayed.", "(He left.)|She stayed."},
		{"number with period", "It cost 2.5 million. Done.", "It cost 2.5 million.|Done."},
		{"spaced ellipsis stays", "He left . . . Then.", "He left . . .|Then."},
		{"emoticon stays", "Great news. :) See you.", "Great news. :)|See you."},
		{"dateline", "KABUL: For the past years, it rained.", "KABUL:|For the past years, it rained."},
		{"dateline with agency", "KYIV, Ukraine (AP) — Russian forces struck.", "KYIV, Ukraine (AP) —|Russian forces struck."},
		{"caps word then dash in sentence", "He said NATO - and others - agreed.", "He said NATO - and others - agreed."},
		{"hyphen in an all-caps headline", "NEW TAX ON KENYA-BASED FIRMS\nThe tax rose.", "NEW TAX ON KENYA-BASED FIRMS|The tax rose."},
		{"hyphen glued to an abbreviation", "The U.S.-BASED GROUP AGREED. Then it left.", "The U.S.-BASED GROUP AGREED.|Then it left."},
		{"empty", "", ""},
		{"spaces only", " \n\t ", ""},
	}
	for _, tc := range tests {
		var got []string
		for _, s := range Split(tc.in) {
			got = append(got, s.Text)
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("%s: Split(%q) sentences = %q, want %q", tc.name, tc.in, g, tc.want)
		}
	}
}

func TestSplitOffsets(t *testing.T) {
	text := "Ukraine’s President Volodymyr Zelenskyy met U.S. envoys in Geneva on Sunday.\n" +
		"“We can’t accept that,” he said. Talks resume Feb. 3.\n\nPrices rose 2.5% to $1,000."
	checkInvariants(t, text)
}

// checkInvariants checks what every caller relies on: offsets in range,
// increasing, forms and texts equal to their slices of text, IDs 1-based,
// heads unset.
func checkInvariants(t *testing.T, text string) {
	t.Helper()
	prev := 0
	for si, s := range Split(text) {
		if s.Start < prev || s.End > len(text) || s.Start >= s.End {
			t.Fatalf("Split(%q): sentence %d has span [%d,%d), previous end %d", text, si, s.Start, s.End, prev)
		}
		if s.Text != text[s.Start:s.End] {
			t.Fatalf("Split(%q): sentence %d Text = %q, want %q", text, si, s.Text, text[s.Start:s.End])
		}
		if len(s.Tokens) == 0 {
			t.Fatalf("Split(%q): sentence %d has no tokens", text, si)
		}
		p := s.Start
		for i, tok := range s.Tokens {
			if tok.Start < p || tok.End <= tok.Start || tok.End > s.End {
				t.Fatalf("Split(%q): token %d %q has span [%d,%d), previous end %d, sentence end %d", text, i, tok.Form, tok.Start, tok.End, p, s.End)
			}
			if tok.Form != text[tok.Start:tok.End] {
				t.Fatalf("Split(%q): token %d Form = %q, want %q", text, i, tok.Form, text[tok.Start:tok.End])
			}
			if tok.ID != i+1 || tok.Head != -1 {
				t.Fatalf("Split(%q): token %d has ID %d Head %d, want ID %d Head -1", text, i, tok.ID, tok.Head, i+1)
			}
			if utf8.ValidString(text) && !utf8.ValidString(tok.Form) {
				t.Fatalf("Split(%q): token %d %q is not valid UTF-8", text, i, tok.Form)
			}
			if strings.TrimSpace(tok.Form) != tok.Form {
				t.Fatalf("Split(%q): token %d %q has surrounding space", text, i, tok.Form)
			}
			p = tok.End
		}
		if s.Tokens[0].Start != s.Start || s.Tokens[len(s.Tokens)-1].End != s.End {
			t.Fatalf("Split(%q): sentence %d span [%d,%d) is not its tokens' span", text, si, s.Start, s.End)
		}
		prev = s.End
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"I don't know. Dr. Smith went to the U.S. on Feb. 28.",
		"“We can’t,” he said… Then—nothing!?",
		"http://x.com/a?b=c. e-mail me: a@b.org",
		"$700 million; 3-0; 1,000; 2.5%; 713-853-3989",
		"'s n't ’ ‘’ ``''",
		"\xff\xfe invalid \x00 bytes",
		"A.\n\nB. C.[1] (D.)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkInvariants(t, text)
	})
}

func BenchmarkSplit(b *testing.B) {
	// The repository's sample news article, repeated to about 1 MB.
	one, err := os.ReadFile("../../seeds/ukraine-talks.txt")
	if err != nil {
		b.Skipf("sample article: %v", err)
	}
	text := strings.Repeat(string(one)+"\n", 1<<20/(len(one)+1)+1)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Split(text)
	}
}

func TestSplitBoundsSentenceLength(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{"no punctuation", strings.Repeat("word ", 2000)},
		{"commas only", strings.Repeat("one two three, ", 700)},
	}
	for _, tt := range tests {
		sents := Split(tt.text)
		total := 0
		for _, s := range sents {
			if len(s.Tokens) > MaxTokens {
				t.Errorf("%s: sentence of %d tokens, want at most %d", tt.name, len(s.Tokens), MaxTokens)
			}
			total += len(s.Tokens)
		}
		if want := len(strings.Fields(strings.ReplaceAll(tt.text, ",", " ,"))); total != want {
			t.Errorf("%s: %d tokens in all, want %d", tt.name, total, want)
		}
	}
}

func TestIsAddress(t *testing.T) {
	tests := []struct {
		w    string
		want bool
	}{
		{"lotte.wilms@kb.nl", true},
		{"https://example.org/a", true},
		{"www.example.org", true},
		{"Amazon.com", false}, // a bare domain can be a company's name
		{"@username", false},
		{"Wilms", false},
	}
	for _, tt := range tests {
		if got := IsAddress(tt.w); got != tt.want {
			t.Errorf("IsAddress(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}
