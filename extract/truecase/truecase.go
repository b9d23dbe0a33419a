// Package truecase restores the usual casing of words written in capitals:
// news headlines ("KENYAN POLICE ARREST OPPOSITION LEADER"), datelines
// ("NAIROBI, Kenya —") and wire copy set wholly in capitals; and of
// headlines in title case ("Kenyan Police Arrest Opposition Leader"). The
// tagger, parser and entity recogniser learnt from mixed-case text, where
// capitals mark names; in such a line every word looks like one.
//
// Recase gives each word of such a line the casing the same document uses
// for it elsewhere, else the casing a Lexicon learnt from the training
// corpora (most frequent form, acronyms such as NATO and U.S. included).
// A word neither knows is lowered when it inflects a word the lexicon
// writes in lower case; otherwise an all-caps word takes the casing most
// words with its ending have, and a capitalised word in a title-case
// headline keeps its capital. The tokens' Form changes; their byte
// offsets, and the bytes of the document, do not.
package truecase

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"kg/extract/ud"
)

// Thresholds of the all-caps test: a sentence is recased when at least
// upperShare of its cased letters are upper case over at least minWords
// words, two of them all-caps words of two letters or more.
const (
	upperShare = 0.6
	minWords   = 3
	// minLongCaps is how many letters make an all-caps word too long for
	// an acronym, in a line of one or two words.
	minLongCaps = 4
	// maxPhrase is the longest run of tokens one phrase entry covers.
	maxPhrase = 5
	// maxDateline is how many all-caps words a dateline's place may have
	// ("RIO DE JANEIRO", "SALT LAKE CITY").
	maxDateline = 4
)

// Recase recases the all-caps sentences of text, the all-caps place of
// each dateline and each title-case headline, in place in sents (the
// tokens' Form and each sentence's Text), and returns the text with the same bytes recased. The returned
// text has the length of text and every byte offset keeps its meaning; a
// word whose recased form would change its length in bytes (rare letters
// such as "ẞ") keeps its casing. Other sentences are not changed.
// Recase with a nil Lexicon returns text unchanged.
func (l *Lexicon) Recase(text string, sents []*ud.Sentence) string {
	if l == nil {
		return text
	}
	var targets []target
	for i, s := range sents {
		if l.mostlyUpper(s.Tokens) {
			targets = append(targets, target{i, 0, len(s.Tokens), false})
		} else if n := datelinePlace(s.Tokens); n > 0 {
			targets = append(targets, target{i, 0, n, false})
		} else if l.titleHeadline(s.Tokens) {
			targets = append(targets, target{i, 0, len(s.Tokens), true})
		}
	}
	if len(targets) == 0 {
		return text
	}
	doc := l.documentCasing(sents, targets)
	buf := []byte(text)
	for _, tg := range targets {
		s := sents[tg.sent]
		forms := l.recaseRun(s.Tokens[tg.from:tg.to], doc, tg.title)
		if tg.from == 0 {
			// A sentence starts with a capital, as in the text the
			// models learnt from.
			for k, t := range s.Tokens {
				if hasLetter(t.Form) {
					if recasable(t.Form, tg.title) {
						forms[k] = capitalize(forms[k])
					}
					break
				}
			}
		}
		for k := range forms {
			t := &s.Tokens[tg.from+k]
			f := forms[k]
			if f == t.Form || len(f) != len(t.Form) {
				continue
			}
			if t.Start >= 0 && t.End <= len(buf) && t.Start <= t.End && string(buf[t.Start:t.End]) == t.Form {
				copy(buf[t.Start:t.End], f)
			}
			t.Form = f
		}
	}
	out := string(buf)
	for _, tg := range targets {
		s := sents[tg.sent]
		if s.Start >= 0 && s.End <= len(out) && s.Start <= s.End && s.Text == text[s.Start:s.End] {
			s.Text = out[s.Start:s.End]
		}
	}
	return out
}

// target is a run of tokens to recase: tokens [from, to) of sentence sent,
// a headline in title case when title is true, else text in capitals.
type target struct {
	sent     int
	from, to int
	title    bool
}

// recasable reports whether a word of a target is one to recase: a word
// in capitals, or in a title-case headline a capitalised one.
func recasable(w string, title bool) bool {
	if title {
		return isCapitalized(w)
	}
	return isAllCaps(w)
}

// titleHeadline reports whether a sentence is a headline in title case
// ("Kenyan Police Arrest Opposition Leader After Nairobi Protests"): it
// has no full stop at the end, three quarters of its words of four
// letters or more are capitalised, and two of its capitalised words after
// the first are words the lexicon writes in lower case. A sentence full
// of names ("Barack Obama met Angela Merkel in Berlin.") is none.
func (l *Lexicon) titleHeadline(toks []ud.Token) bool {
	if len(toks) == 0 || toks[len(toks)-1].Form == "." {
		return false
	}
	forms := make([]string, len(toks))
	for i, t := range toks {
		forms[i] = t.Form
	}
	if !titleForms(forms) {
		return false
	}
	start, n := firstWord(forms), 0
	for k, f := range forms {
		if k != start && isCapitalized(f) && l.isLowerWord(lower(f)) {
			n++
		}
	}
	return n >= 2
}

// mostlyUpper reports whether a sentence is written in capitals.
func (l *Lexicon) mostlyUpper(toks []ud.Token) bool {
	forms := make([]string, len(toks))
	for i, t := range toks {
		forms[i] = t.Form
	}
	return upperForms(forms)
}

// datelinePlace returns how many tokens a dateline's all-caps place takes
// at the start of a sentence ("NAIROBI" in "NAIROBI, Kenya —", "NEW YORK"
// in "NEW YORK (Reuters) -"), or 0 when the sentence starts otherwise.
// The segmenter makes a dateline a sentence of its own; what follows the
// place (a country, a date, "(AP)") is left as written, so an agency's
// name keeps its own spelling.
func datelinePlace(toks []ud.Token) int {
	n := 0
	for n < len(toks) && n < maxDateline && isAllCaps(toks[n].Form) && runeCount(toks[n].Form) >= 2 {
		n++
	}
	if n == 0 || n == len(toks) {
		return 0
	}
	switch toks[n].Form {
	case ",", "(", "-", "--", "—", "–", ":":
		return n
	}
	return 0
}

// casing is what one document says about how it writes words and names:
// the forms of its mixed-case sentences by lower-case key.
type casing struct {
	words   map[string]map[string]int // key → form → count, standalone words
	inRuns  map[string]string         // key → form, of words seen inside multi-word names
	phrases map[string]string         // key of a run of capitalised words → its form
}

// documentCasing reads the casing of the document's sentences other than
// the targets. A sentence's first word is not evidence, since a capital
// there is the sentence's, not the word's.
func (l *Lexicon) documentCasing(sents []*ud.Sentence, targets []target) casing {
	c := casing{words: map[string]map[string]int{}, inRuns: map[string]string{}, phrases: map[string]string{}}
	full := make(map[int]bool, len(targets))
	for _, tg := range targets {
		if tg.to == len(sents[tg.sent].Tokens) {
			full[tg.sent] = true
		}
	}
	for i, s := range sents {
		if full[i] || !hasLower(s.Tokens) {
			continue // a line in capitals says nothing of case
		}
		first := 0
		if n := datelinePlace(s.Tokens); n > 0 {
			first = n
		}
		forms := make([]string, 0, len(s.Tokens)-first)
		for _, t := range s.Tokens[first:] {
			forms = append(forms, t.Form)
		}
		start := firstWord(forms)
		runs := capitalRuns(forms, start, l.isLowerWord)
		inRun := make([]bool, len(forms))
		for _, r := range runs {
			if r[1]-r[0] >= 2 {
				c.phrases[key(forms[r[0]:r[1]])] = strings.Join(forms[r[0]:r[1]], " ")
				for k := r[0]; k < r[1]; k++ {
					inRun[k] = true
				}
			}
		}
		for k, f := range forms {
			if k == start && !isAllCaps(f) || !hasLetter(f) {
				continue
			}
			// An all-caps word in mixed text is taken for an acronym:
			// "The World Health Organization (WHO)" keeps the headline's
			// "WHO" from becoming "who".
			lk := lower(f)
			if inRun[k] {
				if _, ok := c.inRuns[lk]; !ok {
					c.inRuns[lk] = f
				}
				continue
			}
			m := c.words[lk]
			if m == nil {
				m = map[string]int{}
				c.words[lk] = m
			}
			m[f]++
		}
	}
	return c
}

// recaseRun returns the recased forms of toks, which are all-caps text.
// Runs of words the document or the lexicon knows as one name come first,
// longest first ("NEW YORK", "REAL MADRID"), then single words.
func (l *Lexicon) recaseRun(toks []ud.Token, doc casing, title bool) []string {
	forms := make([]string, len(toks))
	unknown := make([]bool, len(toks)) // neither the document nor the lexicon knows it
	for k := 0; k < len(toks); {
		if n, fs := l.phraseAt(toks[k:], doc, title); n > 0 {
			copy(forms[k:], fs)
			k += n
			continue
		}
		forms[k] = l.recaseWord(toks[k].Form, doc, title)
		lk := lower(toks[k].Form)
		_, known := l.words[lk]
		_, inDoc := doc.words[lk]
		_, inRun := doc.inRuns[lk]
		unknown[k] = !title && isAllCaps(toks[k].Form) && !known && !inDoc && !inRun
		k++
	}
	// Unknown words side by side are a foreign name's: "RECEP TAYYIP
	// ERDOGAN" is "Recep Tayyip Erdogan", though "-ip" words are mostly
	// common ones.
	for changed := true; changed; {
		changed = false
		for k, f := range forms {
			if !unknown[k] || f != lower(f) || l.inflected(f) {
				continue
			}
			if k > 0 && unknown[k-1] && isCapitalized(forms[k-1]) || k+1 < len(forms) && unknown[k+1] && isCapitalized(forms[k+1]) {
				forms[k] = capitalize(f)
				changed = true
			}
		}
	}
	// A common word the document capitalises inside its names is part of
	// a name next to one: "MANILA BAY" when the text names "Manila Bay
	// Authority", though "bay" alone is a common word.
	for changed := true; changed; {
		changed = false
		for k, f := range forms {
			rf, ok := doc.inRuns[lower(f)]
			if !ok || rf == f || !isCapitalized(rf) || f != lower(f) || !recasable(toks[k].Form, title) {
				continue
			}
			if k > 0 && isCapitalized(forms[k-1]) && recasable(toks[k-1].Form, title) ||
				k+1 < len(forms) && isCapitalized(forms[k+1]) && recasable(toks[k+1].Form, title) {
				forms[k] = rf
				changed = true
			}
		}
	}
	return forms
}

// phraseAt matches the longest known phrase at the start of toks.
func (l *Lexicon) phraseAt(toks []ud.Token, doc casing, title bool) (int, []string) {
	for n := min(maxPhrase, len(toks)); n >= 2; n-- {
		run := toks[:n]
		if !recasable(run[0].Form, title) || !recasable(run[n-1].Form, title) {
			continue
		}
		ws := make([]string, n)
		for i, t := range run {
			ws[i] = t.Form
		}
		k := key(ws)
		form, ok := doc.phrases[k]
		if !ok {
			form, ok = l.phrases[k]
		}
		if !ok {
			continue
		}
		fs := strings.Split(form, " ")
		if len(fs) != n {
			continue
		}
		// A word not in capitals keeps its form: only the capitals were
		// lost.
		for i, t := range run {
			if !recasable(t.Form, title) {
				fs[i] = t.Form
			}
		}
		return n, fs
	}
	return 0, nil
}

// recaseWord recases one word, in capitals or, in a title-case headline,
// capitalised.
func (l *Lexicon) recaseWord(w string, doc casing, title bool) string {
	if !recasable(w, title) {
		return w // lower case or mixed ("McDONALD'S" is beyond us)
	}
	lk := lower(w)
	lex, known := l.words[lk]
	if m := doc.words[lk]; len(m) > 0 {
		best, n := "", 0
		for f, c := range m {
			if c > n || c == n && f < best {
				best, n = f, c
			}
		}
		// The lexicon's form wins a tie: "police" written once as
		// "Police" and once as "police".
		if !known || m[lex] < n {
			return best
		}
		return lex
	}
	if known {
		return lex
	}
	if f, ok := doc.inRuns[lk]; ok {
		return f // "ODINGA" when the text writes "Raila Odinga"
	}
	if strings.ContainsAny(w, "-") {
		parts := strings.Split(w, "-")
		for i, p := range parts {
			if p != "" && (!title || recasable(p, title)) {
				parts[i] = l.recaseWord(p, doc, title)
			}
		}
		return strings.Join(parts, "-")
	}
	if title {
		// A capitalised word no one knows is most likely a name, as its
		// writer's capital says, unless it inflects a common word.
		if l.inflected(lk) {
			return lk
		}
		return w
	}
	switch {
	case runeCount(w) <= 3, strings.ContainsAny(w, ".&0123456789"):
		// An unknown short word or one with periods or digits is an
		// acronym or a code: "ODM", "G7", "F.B.I.".
		return w
	case w == "'S" || w == "’S":
		return lower(w)
	case l.inflected(lk), !l.capitalizedEnding(lk):
		return lk
	}
	return capitalize(lk)
}

// inflected reports whether w is an inflection or derivation of a word
// the lexicon knows in lower case, or another inflection of the same stem:
// "criticises" from "criticised", "slams" from "slammed".
func (l *Lexicon) inflected(w string) bool {
	for _, suf := range suffixes {
		stem, ok := strings.CutSuffix(w, suf)
		if !ok || len(stem) < 3 {
			continue
		}
		bases := []string{stem}
		n := len(stem)
		switch {
		case strings.HasSuffix(stem, "is"): // British -ise, American -ize
			bases = append(bases, stem[:n-2]+"iz")
		case strings.HasSuffix(stem, "ise"):
			bases = append(bases, stem[:n-3]+"ize")
		case stem[n-1] == stem[n-2]: // "stopped"
			bases = append(bases, stem[:n-1])
		case stem[n-1] == 'i': // "carried"
			bases = append(bases, stem[:n-1]+"y")
		}
		for _, b := range bases {
			last := b[len(b)-1:]
			for _, end := range [...]string{"", "e", "s", "es", "ed", "d", "ing", last + "ed", last + "ing"} {
				if c := b + end; c != w && l.isLowerWord(c) {
					return true
				}
			}
		}
	}
	return false
}

// suffixes are the endings inflected strips.
var suffixes = [...]string{"s", "es", "ed", "d", "ing", "ly", "er", "ers", "ment", "ments", "ness"}

// isLowerWord reports whether the lexicon writes the word k in lower case.
func (l *Lexicon) isLowerWord(k string) bool {
	f, ok := l.words[k]
	return ok && f == k
}

// capitalRuns returns the runs [a, b) of capitalised words in forms: a
// connector ("of", "de", "and") may join two capitalised words ("Bank of
// England"). A run starting at the sentence's first word start loses that
// word when isLower says it is a common word ("The Orange Democratic
// Movement" gives "Orange Democratic Movement").
func capitalRuns(forms []string, start int, isLower func(string) bool) [][2]int {
	var runs [][2]int
	for k := 0; k < len(forms); {
		if !isCapitalized(forms[k]) {
			k++
			continue
		}
		a, b := k, k+1
		for b < len(forms) {
			if isCapitalized(forms[b]) {
				b++
			} else if connectors[forms[b]] && b+1 < len(forms) && isCapitalized(forms[b+1]) {
				b += 2
			} else {
				break
			}
		}
		k = b
		if a == start && isLower(lower(forms[a])) {
			a++
			for a < b && !isCapitalized(forms[a]) {
				a++
			}
		}
		if a < b {
			runs = append(runs, [2]int{a, b})
		}
	}
	return runs
}

// connectors are the lower-case words that stand inside names.
var connectors = map[string]bool{
	"of": true, "de": true, "del": true, "der": true, "da": true, "do": true, "dos": true,
	"du": true, "la": true, "le": true, "van": true, "von": true, "and": true, "&": true,
	"for": true, "the": true, "on": true, "upon": true, "al": true, "bin": true,
}

// firstWord returns the index of the first form with a letter, or -1.
func firstWord(forms []string) int {
	for k, f := range forms {
		if hasLetter(f) {
			return k
		}
	}
	return -1
}

// key returns the lexicon key of a run of words: lower case, joined by
// spaces.
func key(words []string) string {
	return lower(strings.Join(words, " "))
}

func lower(s string) string { return strings.ToLower(s) }

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	u := unicode.ToUpper(r)
	if u == r || utf8.RuneLen(u) != n {
		return s
	}
	return string(u) + s[n:]
}

// isAllCaps reports whether s has a letter and no lower-case letter.
func isAllCaps(s string) bool {
	has := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			has = true
		}
	}
	return has
}

// isCapitalized reports whether s starts with an upper-case letter and has
// a lower-case letter: a word written as a name, not an acronym.
func isCapitalized(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// hasLower reports whether a token has a lower-case letter.
func hasLower(toks []ud.Token) bool {
	for _, t := range toks {
		if strings.IndexFunc(t.Form, unicode.IsLower) >= 0 {
			return true
		}
	}
	return false
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }
