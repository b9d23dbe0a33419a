// Package wordform holds the spellings of a word that the tagger and the
// parser look up: its normal form and its shape. They are part of both
// models' formats: changing them means retraining both.
package wordform

import (
	"unicode"
	"unicode/utf8"
)

// AppendNormal appends to buf the lowercase form of s with every ASCII
// digit replaced by '0', so that numbers generalise by shape.
func AppendNormal(buf []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case '0' <= c && c <= '9':
				c = '0'
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
		i += n
	}
	return buf
}

// AppendShape appends the collapsed shape of s to buf: X for an upper-case
// letter, x for a lower-case one, d for a digit, other ASCII characters as
// they are and ~ for the rest, each run collapsed to one ("McCain" → XxXx,
// "U.S." → X.X., "3-0" → d-d).
func AppendShape(buf []byte, s string) []byte { return AppendShapeAs(buf, s, '~', '~') }

// AppendShapeAs is AppendShape with the classes of the characters it does
// not name chosen by the caller: caseless for letters without case (Arabic,
// Chinese), other for the remaining non-ASCII characters. The recogniser's
// model was trained with ('x', '*').
func AppendShapeAs(buf []byte, s string, caseless, other byte) []byte {
	var last byte
	for _, r := range s {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsLetter(r):
			c = caseless
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = other
		}
		if c != last {
			buf = append(buf, c)
			last = c
		}
	}
	return buf
}
