package input

import (
	"strings"

	"kg/extract"
)

// fromText makes a document of plain text. The text is kept as it is; the
// title is its first non-blank line when that reads as a headline.
func fromText(text string) extract.Document {
	return extract.Document{Text: text, Title: headline(text)}
}

// headline returns the first non-blank line of text when it looks like a
// headline: two to 25 words, at most 200 bytes, and not ending in a period,
// comma, colon or semicolon, since news headlines carry no final period.
// Otherwise it returns "".
func headline(text string) string {
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if len(line) > 200 || len(strings.Fields(line)) > 25 || len(strings.Fields(line)) < 2 {
			return ""
		}
		switch line[len(line)-1] {
		case '.', ',', ':', ';':
			return ""
		}
		return line
	}
	return ""
}
