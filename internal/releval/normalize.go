package releval

import (
	"strings"
	"unicode"
)

// Normalize returns the form under which score.py compares names: lower
// case, surrounding space trimmed, a leading "the" and a trailing "'s"
// removed, dots dropped, every other character that is neither a word
// character, a space nor a hyphen dropped, and runs of space collapsed.
//
// It follows Python's re semantics for str patterns, where \w is any letter,
// number or underscore and \s any character str.isspace accepts. The one
// known difference: Python lower-cases a word-final capital sigma to ς, Go
// to σ.
func Normalize(s string) string {
	s = strings.TrimFunc(strings.ToLower(s), isPySpace)
	// ^the\s+
	if rest, ok := strings.CutPrefix(s, "the"); ok {
		if trimmed := strings.TrimLeftFunc(rest, isPySpace); len(trimmed) < len(rest) {
			s = trimmed
		}
	}
	// [’']s$
	for _, suffix := range []string{"'s", "’s"} {
		if strings.HasSuffix(s, suffix) {
			s = s[:len(s)-len(suffix)]
			break
		}
	}
	var b strings.Builder
	space := false // a run of space is pending
	for _, r := range s {
		switch {
		case isPySpace(r):
			space = true
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
		// Anything else (dots included) is dropped, and does not end a run
		// of space: "a . b" is "a b", as in Python, where the dot goes
		// before the spaces are collapsed.
	}
	return b.String()
}

// isPySpace reports whether Python's str.isspace accepts r: Go's Unicode
// white space plus the four information separators U+001C–U+001F, which
// Python counts as space and Go does not.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// predicateWords returns the runs of ASCII letters of the lower-cased
// predicate, the words score.py matches stems against.
func predicateWords(pred string) []string {
	var words []string
	lower := strings.ToLower(pred)
	start := -1
	for i := 0; i <= len(lower); i++ {
		if i < len(lower) && lower[i] >= 'a' && lower[i] <= 'z' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			words = append(words, lower[start:i])
			start = -1
		}
	}
	return words
}

// StemMatches reports whether one of stems matches a word of the predicate:
// a stem of one or two letters must equal a whole word ("in", "of"), a
// longer one must start a word ("defeat" matches "defeated").
func StemMatches(pred string, stems []string) bool {
	words := predicateWords(pred)
	for _, st := range stems {
		for _, w := range words {
			if (len(st) <= 2 && w == st) || (len(st) > 2 && strings.HasPrefix(w, st)) {
				return true
			}
		}
	}
	return false
}
