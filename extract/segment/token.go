package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenize returns the token spans of text in order. It cuts the text into
// whitespace-separated chunks and each chunk into tokens.
func tokenize(text string) []span {
	out := make([]span, 0, len(text)/5+1)
	for i := 0; i < len(text); {
		r, n := decode(text, i)
		if isSpace(r) {
			i += n
			continue
		}
		j := i + n
		for j < len(text) {
			r, n = decode(text, j)
			if isSpace(r) {
				break
			}
			j += n
		}
		out = chunk(text, i, j, nextDigit(text, j), out)
		i = j
	}
	return out
}

// nextDigit reports whether the first non-space character at or after i is
// a digit, which makes "No." an abbreviation.
func nextDigit(text string, i int) bool {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i < len(text) && text[i] >= '0' && text[i] <= '9'
}

// chunk appends the tokens of the whitespace-free text[a:b].
func chunk(text string, a, b int, digitNext bool, out []span) []span {
	if isURL(text[a:b]) || isEmail(text[a:b]) || isDomain(text[a:b]) {
		return wholeWord(text, a, b, out)
	}
	i, j := a, b
	if e := emoticonEnd(text, a, b); e > 0 {
		out = append(out, span{a, e})
		i = e
	}
	// Leading punctuation, one token each (runs such as "..." or "--" as one).
	for i < j {
		r, n := decode(text, i)
		if isAlnum(r) || r == '.' && i+1 < j && isDigit(text[i+1]) {
			break
		}
		if (r == '@' || r == '#') && i+n < j && isAlnum(runeAt(text, i+n)) {
			break // @handle, #hashtag
		}
		if isApos(r) {
			if k := cliticEnd(text, i, j); k > 0 {
				out = append(out, span{i, k}) // "Rubio 's" written apart
				i = k
				continue
			}
			if i+n+2 <= j && isDigit(text[i+n]) && isDigit(text[i+n+1]) && (i+n+2 == j || !isDigit(text[i+n+2])) {
				break // a year: "’72", "'90s"
			}
		}
		k := runEnd(text, i, j, r, n)
		out = append(out, span{i, k})
		i = k
	}
	// Trailing punctuation, collected backwards.
	var tailBuf [8]span
	tail := tailBuf[:0]
	for j > i {
		r, n := utf8.DecodeLastRuneInString(text[i:j])
		if isAlnum(r) {
			break
		}
		if r == '.' && j-1 > i && (isAbbrev(text, i, j, digitNext) || j < b && (text[j] == ',' || text[j] == ';') && shortWord(text[i:j-1])) {
			break // "U.S.", and "lb." or "oz." before a comma
		}
		k := runStart(text, i, j, r, n)
		tail = append(tail, span{k, j})
		j = k
	}
	if i < j {
		out = inner(text, i, j, out)
	}
	for k := len(tail) - 1; k >= 0; k-- {
		out = append(out, tail[k])
	}
	return out
}

// wholeWord appends a URL or e-mail address as one token, with brackets,
// quotes and sentence punctuation around it split off.
func wholeWord(text string, a, b int, out []span) []span {
	for a < b && strings.IndexByte("([{<\"'", text[a]) >= 0 {
		out = append(out, span{a, a + 1})
		a++
	}
	var tail []span
	for b > a && strings.IndexByte(".,;:!?)]}>\"'", text[b-1]) >= 0 {
		tail = append(tail, span{b - 1, b})
		b--
	}
	if a < b {
		out = append(out, span{a, b})
	}
	for k := len(tail) - 1; k >= 0; k-- {
		out = append(out, tail[k])
	}
	return out
}

// isAbbrev reports whether the final period of text[i:j] belongs to the
// word: an abbreviation, an initial or a dotted acronym.
func isAbbrev(text string, i, j int, digitNext bool) bool {
	w := text[i : j-1]
	prev, _ := utf8.DecodeLastRuneInString(w)
	if !unicode.IsLetter(prev) {
		return false
	}
	return classify(w, digitNext) != notAbbrev
}

// inner appends the tokens of text[i:j], which starts and ends with a word
// character: it splits at punctuation inside the word except where the
// punctuation belongs to it ("U.S", "1,000", "10:30", "co-worker", "AT&T",
// "O'Brien").
func inner(text string, i, j int, out []span) []span {
	p := i
	for k := i; k < j; {
		r, n := decode(text, k)
		if r == '.' && k > p && k+1 < j && unicode.IsUpper(runeAt(text, k+1)) && abbrevs[text[p:k]] == continues {
			out = append(out, span{p, k + 1}) // "Dr.Michael": the title keeps its period
			p, k = k+1, k+1
			continue
		}
		if isAlnum(r) || keepInside(text, p, k, j, r, n) {
			k += n
			continue
		}
		if k > p {
			out = word(text, p, k, out)
		}
		e := runEnd(text, k, j, r, n)
		out = append(out, span{k, e})
		p, k = e, e
	}
	if p < j {
		out = word(text, p, j, out)
	}
	return out
}

// keepInside reports whether the punctuation r at text[k:k+n] inside a
// word that began at p and ends by j stays part of the word.
func keepInside(text string, p, k, j int, r rune, n int) bool {
	if k+n >= j {
		// A final period left in the word by chunk belongs to an abbreviation.
		return r == '.' && k > p
	}
	if k == p {
		// ".5", "’72", "@handle", "#hashtag"
		return (r == '.' || isApos(r)) && isDigit(text[k+n]) || (r == '@' || r == '#') && isAlnum(runeAt(text, k+n))
	}
	prev, _ := utf8.DecodeLastRuneInString(text[p:k])
	next, _ := decode(text, k+n)
	switch r {
	case '.':
		return isAlnum(prev) && isAlnum(next)
	case ',':
		return isDigit1(prev) && k+4 <= j && isDigit(text[k+1]) && isDigit(text[k+2]) && isDigit(text[k+3]) &&
			(k+4 == j || !isDigit(text[k+4]))
	case ':':
		return isDigit1(prev) && isDigit1(next)
	case '/':
		if isDigit1(prev) && isDigit1(next) {
			return true
		}
		return leftRun(text, p, k) == 1 && rightRun(text, k+n, j) == 1
	case '-', '‐', '‑':
		l := text[k-leftRun(text, p, k) : k]
		rn := rightRun(text, k+n, j)
		if rn == 0 {
			return false
		}
		if hyphenPrefixes[strings.ToLower(l)] {
			return true
		}
		// Phone numbers and ZIP codes: "713-853-3989", "853-3989",
		// "94720-5180"; year ranges ("1969-1970") are split.
		if !allDigits(l) || !allDigits(text[k+n:k+n+rn]) {
			return false
		}
		e := k + n + rn
		return len(l) == 3 && (rn == 4 || rn == 3 && e+5 <= j && text[e] == '-' && allDigits(text[e+1:e+5])) ||
			len(l) == 4 && rn == 4 && k-5 >= p && text[k-5] == '-' ||
			len(l) == 5 && rn == 4
	case '&':
		l, rn := leftRun(text, p, k), rightRun(text, k+n, j)
		return l >= 1 && l <= 3 && rn >= 1 && rn <= 3 && unicode.IsLetter(prev) && unicode.IsLetter(next)
	case '\'', '’', '_', '@':
		return isAlnum(prev) && isAlnum(next)
	}
	return false
}

// hyphenPrefixes are the prefixes after which EWT keeps a hyphenated word
// whole ("non-human", "e-mail", "mid-July"); other hyphens are tokens.
var hyphenPrefixes = map[string]bool{
	"non": true, "e": true, "mid": true, "re": true, "anti": true, "pre": true, "pro": true,
	"co": true, "cross": true, "post": true, "over": true, "sub": true, "semi": true,
	"multi": true, "ex": true, "counter": true, "mini": true, "neo": true, "inter": true,
	"intra": true, "psycho": true, "ultra": true, "micro": true, "macro": true, "hyper": true,
	"bi": true, "tri": true, "un": true, "de": true, "trans": true, "extra": true, "quasi": true,
	"pseudo": true, "infra": true, "supra": true, "mega": true, "meta": true, "socio": true,
	"arch": true,
}

// leftRun returns the byte length of the run of word characters ending at k.
func leftRun(text string, p, k int) int {
	e := k
	for k > p {
		r, n := utf8.DecodeLastRuneInString(text[p:k])
		if !isAlnum(r) {
			break
		}
		k -= n
	}
	return e - k
}

// rightRun returns the byte length of the run of word characters from k.
func rightRun(text string, k, j int) int {
	s := k
	for k < j {
		r, n := decode(text, k)
		if !isAlnum(r) {
			break
		}
		k += n
	}
	return k - s
}

// units are the unit suffixes that EWT splits from a number: "$170m",
// "65k", "7:30PM".
var units = map[string]bool{
	"m": true, "mn": true, "bn": true, "b": true, "k": true, "am": true, "pm": true, "mm": true,
	"cm": true, "km": true, "kg": true, "g": true, "lb": true, "lbs": true, "mg": true, "ml": true,
	"mph": true, "kph": true, "hr": true, "hrs": true, "min": true, "mins": true, "yr": true,
	"yrs": true, "gb": true, "mb": true, "kb": true, "tb": true, "ghz": true, "mhz": true,
	"kw": true, "mw": true, "gw": true, "kwh": true, "ft": true, "sec": true, "secs": true,
}

// word appends text[p:k], a word without inner punctuation except
// apostrophes and the like, split into its clitics.
func word(text string, p, k int, out []span) []span {
	w := text[p:k]
	if isDigit(w[0]) {
		d := 0
		for d < len(w) && (isDigit(w[d]) || w[d] == '.' || w[d] == ',' || w[d] == ':') {
			d++
		}
		if d < len(w) && units[strings.ToLower(w[d:])] && isDigit(w[d-1]) {
			return append(out, span{p, p + d}, span{p + d, k})
		}
	}
	if len(w) >= 2 && len(w) <= 8 {
		if c, ok := fusedWords[strings.ToLower(w)]; ok && (w != "im" && w != "IM") {
			return append(out, span{p, p + c}, span{p + c, k})
		}
	}
	// n't and n’t
	for _, suf := range [...]string{"n't", "n’t"} {
		if len(w) > len(suf) && hasSuffixFold(w, suf) {
			c := k - len(suf)
			return append(out, span{p, c}, span{c, k})
		}
	}
	// 's 'm 'd 'll 're 've, straight or curly.
	if a := lastApos(w); a > 0 {
		rest := strings.ToLower(w[a:])
		if rest[0] == '\'' {
			rest = rest[1:]
		} else {
			rest = rest[len("’"):]
		}
		switch rest {
		case "s", "m", "d", "ll", "re", "ve":
			return append(out, span{p, p + a}, span{p + a, k})
		}
	}
	return append(out, span{p, k})
}

// lastApos returns the index of the last straight or curly apostrophe in
// w, or -1.
func lastApos(w string) int {
	for i := len(w) - 1; i >= 0; i-- {
		if w[i] == '\'' {
			return i
		}
		if w[i] == 0x99 && i >= 2 && w[i-2:i+1] == "’" {
			return i - 2
		}
	}
	return -1
}

// fusedWords maps words written without a space or apostrophe to the length
// of their first part, as EWT splits them: "cannot" → "can" "not",
// "gonna" → "gon" "na", "dont" → "do" "nt".
var fusedWords = map[string]int{
	"cannot": 3, "gonna": 3, "wanna": 3, "gotta": 3,
	"dont": 2, "didnt": 3, "doesnt": 4, "isnt": 2, "wasnt": 3, "arent": 3, "werent": 4,
	"cant": 2, "wont": 2, "couldnt": 5, "wouldnt": 5, "shouldnt": 6, "havent": 4,
	"hasnt": 3, "hadnt": 3, "aint": 2, "thats": 4, "whats": 4, "im": 1, "youre": 3, "theyre": 4,
}

// cliticEnd returns the end of a clitic ('s 'm 'd 'll 're 've) that starts
// at text[i] and stands alone before j or punctuation, or 0.
func cliticEnd(text string, i, j int) int {
	_, n := decode(text, i)
	k := i + n
	e := k
	for e < j && e-k < 2 && isASCIILetter(text[e]) {
		e++
	}
	if e < j && isAlnum(runeAt(text, e)) {
		return 0
	}
	switch strings.ToLower(text[k:e]) {
	case "s", "m", "d", "ll", "re", "ve":
		return e
	}
	return 0
}

// runEnd returns the end of the punctuation token starting with r at
// text[i:i+n]: repeated marks (". . ." written "...", "--", "!!", "?!") make
// one token.
func runEnd(text string, i, j int, r rune, n int) int {
	k := i + n
	if !isRunMark(r) {
		return k
	}
	for k < j {
		r2, n2 := decode(text, k)
		if r2 != r && !(isStop(r) && isStop(r2)) && !(isQuote(r) && isQuote(r2)) {
			break
		}
		k += n2
	}
	return k
}

// runStart is runEnd backwards: the start of the punctuation run ending at
// j whose last rune r has n bytes.
func runStart(text string, i, j int, r rune, n int) int {
	k := j - n
	if !isRunMark(r) {
		return k
	}
	for k > i {
		r2, n2 := utf8.DecodeLastRuneInString(text[i:k])
		if r2 != r && !(isStop(r) && isStop(r2)) && !(isQuote(r) && isQuote(r2)) {
			break
		}
		k -= n2
	}
	return k
}

func isRunMark(r rune) bool {
	switch r {
	case '.', '!', '?', '-', '*', '=', '_', '~', '+', '#', '/', '<', '>', '`', '\'', '^', ':', '’', '‘':
		return true
	}
	return false
}

// isStop reports whether r is sentence-final punctuation; mixed runs such
// as "?!" or ".?" are one token.
func isStop(r rune) bool { return r == '!' || r == '?' || r == '.' }

// isQuote reports whether r is a single quote mark; runs such as "‘’" or
// "”" are one token.
func isQuote(r rune) bool { return r == '\'' || r == '’' || r == '‘' || r == '`' }

// shortWord reports whether w is a short word that can be abbreviated:
// one to four letters.
func shortWord(w string) bool {
	if len(w) == 0 || len(w) > 4 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if !isASCIILetter(w[i]) {
			return false
		}
	}
	return true
}

// emoticons are kept whole when a chunk starts with one.
var emoticons = [...]string{":-)", ":-(", ":-D", ":-P", ":-/", ":'(", ";-)", ":))", ":((", ":)", ":(", ";)", ":D", ":P", ":p", ":/", "=)", "<3", "^_^", "^^"}

// emoticonEnd returns the end of an emoticon at text[a:b] that is not
// followed by a word character, or 0.
func emoticonEnd(text string, a, b int) int {
	if c := text[a]; c != ':' && c != ';' && c != '=' && c != '<' && c != '^' {
		return 0
	}
	for _, e := range emoticons {
		if strings.HasPrefix(text[a:b], e) && (a+len(e) == b || !isAlnum(runeAt(text, a+len(e)))) {
			return a + len(e)
		}
	}
	return 0
}

// isDomain reports whether w is a host name such as "Amazon.com" or
// "Get-A-Free-House.com", which stays one token.
func isDomain(w string) bool {
	w = strings.TrimRight(w, ".,;:!?)]}>\"'")
	dot := strings.LastIndexByte(w, '.')
	if dot <= 0 {
		return false
	}
	switch strings.ToLower(w[dot+1:]) {
	case "com", "org", "net", "edu", "gov", "io", "info", "biz", "uk", "de", "fr", "ca", "au":
	default:
		return false
	}
	for i := 0; i < dot; i++ {
		c := w[i]
		if !(isASCIILetter(c) || isDigit(c) || c == '-' || c == '.') {
			return false
		}
	}
	return isASCIILetter(w[0])
}

// IsAddress reports whether a token is a web link or an e-mail address, as
// the tokenizer keeps them whole.
func IsAddress(w string) bool { return isURL(w) || isEmail(w) }

// isURL reports whether w looks like a web address.
func isURL(w string) bool {
	w = strings.TrimLeft(w, "([{<\"'")
	if len(w) < 8 {
		return false
	}
	lw := w
	if len(lw) > 12 {
		lw = lw[:12]
	}
	lw = strings.ToLower(lw)
	return strings.HasPrefix(lw, "http://") || strings.HasPrefix(lw, "https://") ||
		strings.HasPrefix(lw, "www.") || strings.HasPrefix(lw, "ftp://")
}

// isEmail reports whether w looks like an e-mail address: one @ with a
// dotted domain after it.
func isEmail(w string) bool {
	at := strings.IndexByte(w, '@')
	if at <= 0 || at == len(w)-1 {
		return false
	}
	d := strings.TrimRight(w[at+1:], ".,;:!?)]}>\"'")
	dot := strings.IndexByte(d, '.')
	return dot > 0 && dot < len(d)-1 && strings.IndexByte(d, '@') < 0 && isAlnum(runeAt(w, at-1))
}

func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func runeAt(s string, i int) rune {
	r, _ := decode(s, i)
	return r
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r <= ' ' || r == 0x7f
	}
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == 0x200b || r == 0xfeff || r == 0x2060
}

func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApos(r rune) bool { return r == '\'' || r == '’' }

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isDigit1(r rune) bool { return '0' <= r && r <= '9' }

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func hasSuffixFold(s, suf string) bool {
	return len(s) >= len(suf) && strings.EqualFold(s[len(s)-len(suf):], suf)
}
