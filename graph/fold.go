package graph

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// fold returns s lower-cased, with diacritics removed and typographic
// apostrophes and dashes made plain, so that "Zelenskyy’s" matches
// "zelenskyy's" and "Erdoğan" matches "erdogan". Names and sentences are
// compared and searched in this form.
func fold(s string) string {
	out := s
	if !isASCII(s) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		var err error
		if out, _, err = transform.String(t, s); err != nil {
			out = s // invalid input: compare it as it is
		}
	}
	out = strings.Map(func(r rune) rune {
		switch r {
		case '\u2018', '\u2019', '\u02BC':
			return '\''
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014':
			return '-'
		case 'ł', 'Ł':
			return 'l'
		case 'ø', 'Ø':
			return 'o'
		case 'đ', 'Đ':
			return 'd'
		case 'ı':
			return 'i'
		}
		return unicode.ToLower(r)
	}, out)
	return strings.Join(strings.Fields(out), " ")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
