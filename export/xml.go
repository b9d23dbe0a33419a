package export

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// xmlChar reports whether r may appear in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// appendXML appends s escaped for XML character data, or for a
// double-quoted attribute value when attr is true. It is the only place
// where GraphML and GEXF escaping happens:
//   - `&`, `<` and `>` become entities, and `"` too in attributes;
//   - in text, line breaks are written literally (as "\n": a reader would
//     turn "\r\n" into "\n" anyway), because Gephi drops text that is only
//     an escaped whitespace character;
//   - in attributes, tabs and line breaks become character references,
//     since a parser turns literal ones into spaces;
//   - U+0085 and U+2028 become character references, so that no reader
//     takes them for line ends;
//   - invalid UTF-8 becomes U+FFFD and characters XML forbids (most C0
//     controls, U+FFFE, U+FFFF) are dropped.
func appendXML(dst []byte, s string, attr bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '&':
				dst = append(dst, "&amp;"...)
			case c == '<':
				dst = append(dst, "&lt;"...)
			case c == '>':
				dst = append(dst, "&gt;"...)
			case c == '"' && attr:
				dst = append(dst, "&quot;"...)
			case c == '\r':
				if i < len(s) && s[i] == '\n' {
					i++
				}
				if attr {
					dst = append(dst, "&#10;"...)
				} else {
					dst = append(dst, '\n')
				}
			case c == '\n' && attr:
				dst = append(dst, "&#10;"...)
			case c == '\t' && attr:
				dst = append(dst, "&#9;"...)
			case c < 0x20 && c != '\n' && c != '\t':
				// Not an XML character: dropped.
			default:
				dst = append(dst, c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\u0085' || r == '\u2028':
			// Line ends in XML 1.1, which some XML 1.0 parsers (xmldom,
			// under graphology) also turn into "\n"; a reference keeps them.
			dst = append(dst, "&#x"...)
			dst = strconv.AppendInt(dst, int64(r), 16)
			dst = append(dst, ';')
		case xmlChar(r):
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// collapseSpace returns s with runs of white space (and of characters XML
// forbids) turned into one space and the ends trimmed: the form of an XML
// Schema token, which GEXF requires for labels and edge kinds.
func collapseSpace(s string) string {
	if isToken(s) {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || !xmlChar(r) }), " ")
}

// joinAliases joins aliases the way every format shows them in one string.
func joinAliases(a []string) string { return strings.Join(a, "; ") }

// isToken reports whether s is printable ASCII with single inner spaces and
// none at the ends, which collapseSpace would leave as it is.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}
