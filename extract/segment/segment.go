// Package segment splits English text into sentences and tokens, each with
// its byte offsets into the text, the first stage of the extraction pipeline.
//
// Tokens follow the conventions of the Universal Dependencies English Web
// Treebank (EWT), on which the later stages are trained: clitics are split
// ("don't" → "do" "n't", "cannot" → "can" "not", "Rubio's" → "Rubio" "'s"),
// punctuation is split off, hyphens between words are tokens of their own
// ("15-year" → "15" "-" "year") except after prefixes ("co-worker",
// "e-mail"), and abbreviations, initials, numbers, URLs and e-mail
// addresses stay whole. Every token's Form is the text between its offsets,
// so a curly apostrophe stays curly ("n’t").
//
// Sentences end at ". ! ?" (with closing quotes and brackets) before a
// likely sentence start, at an abbreviation only before an obvious sentence
// opener ("... Inc. The company"), and at line breaks: news text has one
// paragraph per line, so a newline ends a sentence unless the next line
// plainly continues it (starts in lower case after a non-final word).
package segment

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"kg/extract/ud"
)

type span struct{ start, end int }

// Split splits text into sentences of UD-style tokens. Every token and
// sentence carries byte offsets into text (Token.Start/End,
// Sentence.Start/End), Token.ID is 1-based, Head is -1, Sentence.Text is
// text[Start:End]. Token.Misc is "SpaceAfter=No" when the next token of the
// sentence follows without a gap, as in CoNLL-U, else "".
//
// Split never fails: any byte string is tokenized, and invalid UTF-8 bytes
// are treated as punctuation.
func Split(text string) []*ud.Sentence {
	toks := tokenize(text)
	var out []*ud.Sentence
	for first := 0; first < len(toks); {
		last := sentenceEnd(text, toks, first)
		if last-first >= MaxTokens {
			last = cutLong(text, toks, first)
		}
		if t := toks[last]; t.end-t.start > 1 && text[t.end-1] == '.' && !isTerminal(text[t.start:t.end]) {
			// An abbreviation that ends a sentence gives its period to the
			// sentence, as in EWT ("... Acquisition, Inc" ".").
			toks[last].end--
			toks = slices.Insert(toks, last+1, span{t.end - 1, t.end})
			last++
		}
		out = append(out, makeSentence(text, toks[first:last+1]))
		first = last + 1
	}
	return out
}

// MaxTokens bounds the length of a sentence. Text without sentence
// punctuation (a table, a list, a hostile input) would otherwise become one
// sentence of any length, and the later stages' memory grows with it. No
// sentence of the English treebanks comes near it.
const MaxTokens = 250

// cutLong returns the last token of a sentence starting at toks[first] that
// runs past MaxTokens: after the last comma, semicolon or colon in the second
// half of the allowed length, else at the limit.
func cutLong(text string, toks []span, first int) int {
	last := first + MaxTokens - 1
	for k := last; k > first+MaxTokens/2; k-- {
		switch text[toks[k].start:toks[k].end] {
		case ",", ";", ":":
			return k
		}
	}
	return last
}

func makeSentence(text string, toks []span) *ud.Sentence {
	s := &ud.Sentence{
		Start:  toks[0].start,
		End:    toks[len(toks)-1].end,
		Tokens: make([]ud.Token, len(toks)),
	}
	s.Text = text[s.Start:s.End]
	for i, t := range toks {
		misc := ""
		if i+1 < len(toks) && toks[i+1].start == t.end {
			misc = "SpaceAfter=No"
		}
		s.Tokens[i] = ud.Token{ID: i + 1, Form: text[t.start:t.end], Head: -1, Misc: misc, Start: t.start, End: t.end}
	}
	return s
}

// sentenceEnd returns the index of the last token of the sentence that
// starts at toks[first].
func sentenceEnd(text string, toks []span, first int) int {
	if d := datelineEnd(text, toks, first); d >= 0 {
		return d
	}
	for i := first; i < len(toks)-1; i++ {
		next := toks[i+1]
		if lineBreak(text, toks, i) {
			return i
		}
		form := text[toks[i].start:toks[i].end]
		switch {
		case isTerminal(form) && next.start == toks[i].end && text[next.start:next.end] == "-":
			// "U.S.-BASED", "Inc.-owned": a hyphen glued to the full stop
			// goes on with the word.
		case isTerminal(form):
			// Take closing quotes and brackets along: those glued to the
			// terminal ("."”) or closing by their shape (” ) ]).
			j := i
			for j+1 < len(toks) && !lineBreak(text, toks, j) {
				if isCloser(text, toks, j+1) || isTerminal(text[toks[j+1].start:toks[j+1].end]) || isEmoticon(text[toks[j+1].start:toks[j+1].end]) {
					j++ // ”  )  ". . ."  ":)"
				} else if k := citationEnd(text, toks, j+1); k > 0 {
					j = k
				} else {
					break
				}
			}
			if j == len(toks)-1 || lineBreak(text, toks, j) {
				return j
			}
			if startsSentence(text[toks[j+1].start:toks[j+1].end], form) {
				return j
			}
			i = j
		case len(form) > 1 && form[len(form)-1] == '.':
			if next.start == toks[i].end {
				continue // "U.S.-BASED": glued on, the word goes on
			}
			nextForm := text[next.start:next.end]
			switch classify(form[:len(form)-1], startsWithDigit(nextForm)) {
			case mayEnd:
				if openers[nextForm] || nextForm == "\"" || nextForm == "“" {
					return i
				}
			case beforeNumber:
				if openers[nextForm] {
					return i
				}
			case initial:
				if openers[nextForm] && nextForm != "A" && nextForm != "I" {
					return i
				}
			}
		}
	}
	return len(toks) - 1
}

// datelineEnd returns the index of the dash or colon that ends a news
// dateline ("KABUL: …", "PONCHATOULA, La. -- …", "KYIV, Ukraine (AP) — …")
// at the start of a paragraph beginning at toks[first], or -1. EWT makes
// the dateline a sentence of its own.
func datelineEnd(text string, toks []span, first int) int {
	if first > 0 && !strings.Contains(text[toks[first-1].end:toks[first].start], "\n") {
		return -1
	}
	if !isCapsWord(text[toks[first].start:toks[first].end]) {
		return -1
	}
	for k := first + 1; k < len(toks)-1 && k < first+10; k++ {
		f := text[toks[k].start:toks[k].end]
		switch f {
		case "-", "--", "—", "–", ":":
			if strings.Contains(text[toks[k].end:toks[k+1].start], "\n") {
				return -1
			}
			if toks[k].end == toks[k+1].start {
				continue // a hyphen inside a word ("KENYA-BASED"), not the dateline's dash
			}
			r, _ := utf8.DecodeRuneInString(text[toks[k+1].start:])
			if unicode.IsUpper(r) || r == '"' || r == '“' {
				return k
			}
			return -1
		case ",", "(", ")":
			continue
		}
		r, _ := utf8.DecodeRuneInString(f)
		if !unicode.IsUpper(r) || strings.Contains(text[toks[k-1].end:toks[k].start], "\n") {
			return -1
		}
	}
	return -1
}

// isCapsWord reports whether w is a word of two or more letters, all upper
// case.
func isCapsWord(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

func isEmoticon(f string) bool {
	for _, e := range emoticons {
		if f == e {
			return true
		}
	}
	return false
}

// lineBreak reports whether a line break between toks[i] and toks[i+1] ends
// the sentence: always at a blank line, and at a single newline unless the
// text looks hard-wrapped there: a long line (50 bytes or more) ending in a
// word or comma, and the next line starting in lower case. Short lines are
// headings, titles or captions, which end a sentence.
func lineBreak(text string, toks []span, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	gap := text[toks[i].end:toks[i+1].start]
	nl := strings.Count(gap, "\n")
	if nl == 0 {
		return false
	}
	if nl >= 2 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[toks[i+1].start:])
	if !unicode.IsLower(r) {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(text[toks[i].start:toks[i].end])
	if !(isAlnum(prev) || prev == ',') {
		return true
	}
	lineStart := strings.LastIndexByte(text[:toks[i].end], '\n') + 1
	return toks[i].end-lineStart < 50
}

// isTerminal reports whether a token ends a sentence by its form: runs of
// . ! ? and the ellipsis character.
func isTerminal(form string) bool {
	if form == "" {
		return false
	}
	for _, r := range form {
		if r != '.' && r != '!' && r != '?' && r != '…' && r != '‽' {
			return false
		}
	}
	return true
}

// isCloser reports whether toks[k] closes the sentence before it: a closing
// quote or bracket, or a straight quote glued to the previous token.
func isCloser(text string, toks []span, k int) bool {
	form := text[toks[k].start:toks[k].end]
	switch form {
	case "”", "’", ")", "]", "}", "»", "''":
		return true
	case "\"", "'":
		return toks[k].start == toks[k-1].end
	}
	return false
}

// startsSentence reports whether a token after the terminal punctuation term
// starts a new sentence. After "..." a lower-case word continues the same
// sentence; after . ! ? most tokens start a new one, since web text often
// begins sentences in lower case.
func startsSentence(next, term string) bool {
	r, _ := utf8.DecodeRuneInString(next)
	if unicode.IsLower(r) {
		return term == "." || term == "!" || term == "?" || term == "!!" || term == "??" || term == "?!"
	}
	switch r {
	case ',', ';', ':', ')', ']', '}', '%':
		return false
	}
	return true
}

// citationEnd returns the index of the "]" of a citation mark such as
// "[23]" that starts at toks[k], or 0.
func citationEnd(text string, toks []span, k int) int {
	if k+2 >= len(toks) || text[toks[k].start:toks[k].end] != "[" || text[toks[k+2].start:toks[k+2].end] != "]" {
		return 0
	}
	if !allDigits(text[toks[k+1].start:toks[k+1].end]) {
		return 0
	}
	return k + 2
}

func startsWithDigit(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// classify returns the abbreviation class of a word w that was followed by
// a period; nextDigit tells whether the next token starts with a digit.
func classify(w string, nextDigit bool) abbrevClass {
	if w == "" {
		return notAbbrev
	}
	r, n := utf8.DecodeRuneInString(w)
	if n == len(w) {
		if unicode.IsLetter(r) {
			return initial
		}
		return notAbbrev
	}
	c, ok := abbrevs[w]
	if !ok && isUpperWord(w) {
		c, ok = abbrevs[w[:1]+strings.ToLower(w[1:])] // "GEN." in a heading
	}
	if ok {
		if c == beforeNumber && !nextDigit {
			return notAbbrev
		}
		return c
	}
	// Dotted abbreviations: "U.S", "e.g", "a.m", "Ph.D", "U.S.A": segments of
	// one to three letters between periods.
	dots, seg := 0, 0
	for _, r := range w {
		switch {
		case r == '.':
			if seg == 0 {
				return notAbbrev
			}
			dots++
			seg = 0
		case unicode.IsLetter(r):
			seg++
			if seg > 3 {
				return notAbbrev
			}
		default:
			return notAbbrev
		}
	}
	if dots == 0 || seg == 0 {
		return notAbbrev
	}
	return mayEnd
}

func isUpperWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}
