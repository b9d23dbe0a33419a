package releval

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ReadText rebuilds the plain text of a GUM document from its CoNLL-U file,
// exactly as relations-dev's texts.py does: every word followed by one
// space unless its MISC column has SpaceAfter=No, multi-word token lines
// ("1-2") and empty nodes ("1.1") skipped, and a "# newpar" comment turning
// the space after the word before it into a blank line. Tokenisation spaces
// stay ("Trump 's"): the gold's aliases carry them.
func ReadText(conlluPath string) (string, error) {
	data, err := os.ReadFile(conlluPath)
	if err != nil {
		return "", fmt.Errorf("read text: %w", err)
	}
	text, err := TextOf(string(data))
	if err != nil {
		return "", fmt.Errorf("%s: %w", conlluPath, err)
	}
	return text, nil
}

// ConlluPath returns where the CoNLL-U file of the relations-dev text name
// is under the data folder.
func ConlluPath(dataDir, name string) string {
	return filepath.Join(dataDir, "gum", "conllu", name+".conllu")
}

// TextOf is ReadText on the contents of a CoNLL-U file.
func TextOf(conllu string) (string, error) {
	type token struct{ form, after string }
	var toks []token
	paraBreakNext := false
	for i, line := range splitLines(conllu) {
		if strings.HasPrefix(line, "# newpar") {
			paraBreakNext = true
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if strings.ContainsAny(cols[0], "-.") {
			continue
		}
		if len(cols) < 10 {
			return "", fmt.Errorf("line %d: a word line needs 10 tab-separated columns, got %d", i+1, len(cols))
		}
		// The break waits for the next word, past any multi-word token line.
		if paraBreakNext && len(toks) > 0 {
			toks[len(toks)-1].after = "\n\n"
		}
		paraBreakNext = false
		after := " "
		if strings.Contains(cols[9], "SpaceAfter=No") {
			after = ""
		}
		toks = append(toks, token{cols[1], after})
	}
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.form)
		b.WriteString(t.after)
	}
	return b.String(), nil
}

// splitLines splits s as Python's open() in text mode followed by
// str.splitlines() does: at "\r\n", "\r", "\n" and the other line
// boundaries Python knows (\v, \f, \x1c–\x1e, U+0085, U+2028, U+2029).
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var lines []string
	start := 0
	for i, r := range s {
		switch r {
		case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			lines = append(lines, s[start:i])
			start = i + len(string(r))
		}
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}
