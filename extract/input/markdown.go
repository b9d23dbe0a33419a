package input

import (
	"html"
	"strings"

	"kg/extract"
)

// fromMarkdown makes a document of Markdown source: the text with markup
// removed, one block (paragraph, heading, list item, table row) per line
// and a blank line between blocks, the lines of a paragraph joined by
// spaces. Code blocks, images, link targets, reference definitions, rules
// and HTML tags are dropped; link texts stay. The title is the front
// matter's "title:" or else the first heading; the date is the front
// matter's "date:" or "published:".
func fromMarkdown(src string) extract.Document {
	var d extract.Document
	lines := strings.Split(src, "\n")
	i := frontMatter(lines, &d)
	var out strings.Builder
	var para []string
	block := func(s string) {
		if strings.TrimSpace(s) == "" {
			return
		}
		if out.Len() > 0 {
			out.WriteString("\n\n")
		}
		out.WriteString(s)
	}
	flush := func() {
		if len(para) > 0 {
			block(strings.Join(para, " "))
			para = para[:0]
		}
	}
	heading := func(h string) {
		flush()
		h = inline(h)
		if d.Title == "" {
			d.Title = strings.TrimSpace(h)
		}
		block(h)
	}
	fence := ""
	for ; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		switch {
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			flush()
			fence = t[:3]
			continue
		case t == "":
			flush()
			continue
		case len(para) == 0 && i+1 < len(lines) && isSetextLine(lines[i+1]) && !isRule(t):
			heading(t)
			i++
			continue
		case isRule(t):
			flush()
			continue
		}
		if h, ok := atxHeading(t); ok {
			heading(h)
			continue
		}
		if isRefDefinition(t) {
			continue
		}
		for strings.HasPrefix(t, ">") {
			t = strings.TrimSpace(t[1:])
		}
		if strings.HasPrefix(t, "|") {
			flush()
			if !isTableSeparator(t) {
				block(inline(strings.Join(strings.Fields(strings.ReplaceAll(strings.Trim(t, "|"), "|", " ")), " ")))
			}
			continue
		}
		if item, ok := listItem(t); ok {
			flush()
			t = item
		}
		if s := strings.TrimSpace(inline(t)); s != "" {
			para = append(para, s)
		}
	}
	flush()
	d.Text = out.String()
	return d
}

// frontMatter reads a YAML front matter block ("---" … "---") at the start
// of lines for the title and date, and returns the index of the first line
// after it (0 when there is none).
func frontMatter(lines []string, d *extract.Document) int {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return 0
	}
	for k := 1; k < len(lines) && k < 500; k++ {
		t := strings.TrimSpace(lines[k])
		if t != "---" && t != "..." {
			continue
		}
		for _, l := range lines[1:k] {
			key, v, ok := strings.Cut(l, ":")
			if !ok {
				continue
			}
			v = strings.Trim(strings.TrimSpace(v), `"'`)
			switch strings.ToLower(strings.TrimSpace(key)) {
			case "title":
				d.Title = v
			case "date", "published", "pubdate", "published_at":
				if p := NormalizeDate(v); p != "" {
					d.Published = p
				}
			}
		}
		return k + 1
	}
	return 0
}

// atxHeading returns the text of a "# Heading #" line.
func atxHeading(t string) (string, bool) {
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n < len(t) && t[n] != ' ' && t[n] != '\t' {
		return "", false
	}
	h := strings.TrimSpace(t[n:])
	h = strings.TrimSpace(strings.TrimRight(h, "#"))
	return h, true
}

// isSetextLine reports whether l underlines a heading ("===" or "---").
func isSetextLine(l string) bool {
	t := strings.TrimSpace(l)
	return t != "" && (strings.Trim(t, "=") == "" || strings.Trim(t, "-") == "")
}

// isRule reports whether t is a thematic break such as "---" or "* * *".
func isRule(t string) bool {
	c, n := byte(0), 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case ' ', '\t':
		case '-', '*', '_':
			if c != 0 && t[i] != c {
				return false
			}
			c = t[i]
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// isRefDefinition reports whether t is a link reference definition
// ("[id]: http://…").
func isRefDefinition(t string) bool {
	if !strings.HasPrefix(t, "[") {
		return false
	}
	e := strings.Index(t, "]:")
	return e > 1 && !strings.Contains(t[:e], "](")
}

func isTableSeparator(t string) bool {
	return strings.Trim(t, "|-: \t") == "" && strings.Contains(t, "-")
}

// listItem returns the text of a list item line ("- x", "* x", "+ x",
// "1. x", "1) x").
func listItem(t string) (string, bool) {
	if len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t') {
		item := strings.TrimSpace(t[2:])
		// Task lists: "- [ ] x", "- [x] x".
		if len(item) >= 3 && item[0] == '[' && item[2] == ']' && (item[1] == ' ' || item[1] == 'x' || item[1] == 'X') {
			item = strings.TrimSpace(item[3:])
		}
		return item, true
	}
	n := 0
	for n < len(t) && n < 9 && t[n] >= '0' && t[n] <= '9' {
		n++
	}
	if n > 0 && n+1 < len(t) && (t[n] == '.' || t[n] == ')') && (t[n+1] == ' ' || t[n+1] == '\t') {
		return strings.TrimSpace(t[n+2:]), true
	}
	return "", false
}

// inline removes inline markup from one line: images, link targets,
// autolink brackets, code spans' backticks, emphasis marks, HTML tags and
// backslash escapes; it decodes HTML entities.
func inline(s string) string { return inlineDepth(s, 0) }

// maxSpan bounds how far an inline construct (link, code span, tag) may
// reach, so that unclosed brackets cannot make the scan quadratic.
const maxSpan = 2048

func window(s string, i int) string { return s[i:min(len(s), i+maxSpan)] }

func inlineDepth(s string, depth int) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!|<>~\"'", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i += 2
			continue
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			if _, end, ok := link(s, i+1); ok {
				i = end // images are dropped
				continue
			}
		case c == '[':
			if text, end, ok := link(s, i); ok {
				if depth < 4 {
					text = inlineDepth(text, depth+1)
				}
				b.WriteString(text)
				i = end
				continue
			}
		case c == '<':
			if end := strings.IndexByte(window(s, i), '>'); end > 1 {
				inner := s[i+1 : i+end]
				if strings.Contains(inner, "://") || strings.Contains(inner, "@") && !strings.ContainsAny(inner, " \t") {
					b.WriteString(strings.TrimPrefix(inner, "mailto:")) // autolink
					i += end + 1
					continue
				}
				if isTag(inner) {
					i += end + 1
					continue
				}
			}
		case c == '`':
			n := 0
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			if end := strings.Index(window(s, i+n), s[i:i+n]); end >= 0 {
				b.WriteString(strings.TrimSpace(s[i+n : i+n+end]))
				i += n + end + n
				continue
			}
		case c == '*' || c == '~':
			for i < len(s) && s[i] == c {
				i++
			}
			continue
		case c == '_':
			n := 0
			for i+n < len(s) && s[i+n] == '_' {
				n++
			}
			// Underscores inside words (snake_case) are text.
			if !(i > 0 && isWordByte(s[i-1]) && i+n < len(s) && isWordByte(s[i+n])) {
				i += n
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	out := b.String()
	if strings.IndexByte(out, '&') >= 0 {
		out = html.UnescapeString(out)
	}
	return out
}

// link parses "[text](target)" or "[text][ref]" at s[i] and returns the
// text and the end of the link.
func link(s string, i int) (text string, end int, ok bool) {
	depth := 0
	close := -1
	lim := min(len(s), i+maxSpan)
	for k := i; k < lim; k++ {
		if s[k] == '\\' {
			k++
			continue
		}
		if s[k] == '[' {
			depth++
		} else if s[k] == ']' {
			depth--
			if depth == 0 {
				close = k
				break
			}
		}
	}
	if close < 0 || close+1 >= len(s) {
		return "", 0, false
	}
	text = s[i+1 : close]
	switch s[close+1] {
	case '(':
		depth = 0
		for k := close + 1; k < min(len(s), close+maxSpan); k++ {
			if s[k] == '(' {
				depth++
			} else if s[k] == ')' {
				depth--
				if depth == 0 {
					return text, k + 1, true
				}
			}
		}
	case '[':
		if e := strings.IndexByte(window(s, close+1), ']'); e > 0 {
			return text, close + 1 + e + 1, true
		}
	}
	return "", 0, false
}

// isTag reports whether inner (between < and >) looks like an HTML tag or
// comment.
func isTag(inner string) bool {
	if inner == "" {
		return false
	}
	c := inner[0]
	if c == '/' || c == '!' || c == '?' {
		return len(inner) > 1
	}
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}
