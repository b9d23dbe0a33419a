package input

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding/htmlindex"

	"kg/extract"
)

// dropped are elements whose content is not article text.
var dropped = map[string]bool{
	"script": true, "style": true, "nav": true, "header": true, "footer": true, "aside": true,
	"noscript": true, "template": true, "svg": true, "math": true, "iframe": true, "object": true,
	"select": true, "button": true, "form": true, "canvas": true, "head": true,
}

// blocks are elements that begin and end a paragraph.
var blocks = map[string]bool{
	"address": true, "article": true, "blockquote": true, "br": true, "dd": true, "div": true,
	"dl": true, "dt": true, "fieldset": true, "figcaption": true, "figure": true, "h1": true,
	"h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true, "li": true,
	"main": true, "ol": true, "p": true, "pre": true, "section": true, "table": true,
	"tbody": true, "thead": true, "tfoot": true, "tr": true, "ul": true, "caption": true,
	"details": true, "summary": true, "body": true, "html": true, "title": true,
}

// publishedMeta are the <meta> names and properties that carry the
// publication date, in order of preference.
var publishedMeta = []string{
	"article:published_time", "og:article:published_time", "datepublished", "article.published",
	"pubdate", "publishdate", "publish-date", "published_time", "parsely-pub-date", "sailthru.date",
	"dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "date",
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)`)

// decodeCharset converts a page that is not UTF-8 from the character set
// its <meta> declares (such as windows-1252 or Shift_JIS) to UTF-8. It
// returns data unchanged when no known character set is declared, so that
// the page is then rejected as invalid UTF-8.
func decodeCharset(data []byte) []byte {
	m := metaCharset.FindSubmatch(data[:min(len(data), 4096)])
	if m == nil {
		return data
	}
	enc, err := htmlindex.Get(string(m[1]))
	if err != nil {
		return data
	}
	if name, _ := htmlindex.Name(enc); name == "utf-8" {
		return data
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

var ldDate = regexp.MustCompile(`"datePublished"\s*:\s*"([^"]{4,64})"`)

// paragraphs collects text into lines, one per paragraph, with runs of
// white space inside a paragraph collapsed to one space.
type paragraphs struct {
	b     strings.Builder
	open  bool // the current paragraph has text
	space bool // white space is pending before the next text
}

func (p *paragraphs) text(s string) {
	for _, r := range s {
		if unicode.IsSpace(r) {
			p.space = true
			continue
		}
		if p.space && p.open {
			p.b.WriteByte(' ')
		}
		p.space = false
		p.open = true
		p.b.WriteRune(r)
	}
}

// end ends the current paragraph.
func (p *paragraphs) end() {
	if p.open {
		p.b.WriteByte('\n')
	}
	p.open, p.space = false, false
}

func (p *paragraphs) String() string {
	return strings.TrimRight(p.b.String(), "\n")
}

// maxReadabilityElements bounds the pages given to readability, which
// builds a tree and scores it several times over; a larger page (or a
// hostile one, nested a hundred thousand deep) is read by scanHTML alone.
const maxReadabilityElements = 20000

// fromHTML makes a document of an HTML page. Its text is the page's main
// content as Mozilla's Readability finds it (through
// codeberg.org/readeck/go-readability): navigation, cookie banners, share
// bars, related links and footers go, while the article's paragraphs stay.
// The title and date come from the whole page (scanHTML). When readability
// finds no content, or the page is too large for it, the text is scanHTML's.
func fromHTML(data []byte) extract.Document {
	d := scanHTML(data)
	if text := mainContent(data); text != "" {
		d.Text = text
	}
	return d
}

// mainContent returns the text of the page's main content, one paragraph
// per line, or "" when readability finds none.
func mainContent(data []byte) string {
	p := readability.NewParser()
	p.MaxElemsToParse = maxReadabilityElements
	article, err := p.Parse(bytes.NewReader(data), nil)
	if err != nil || article.Node == nil {
		return ""
	}
	var buf bytes.Buffer
	if err := article.RenderHTML(&buf); err != nil {
		return ""
	}
	// The cleaned article is HTML again; scanHTML turns it into
	// paragraphs exactly as it would the page.
	return strings.TrimSpace(scanHTML(buf.Bytes()).Text)
}

// scanHTML makes a document of an HTML page. It streams the page through
// the tokenizer without building a tree, so deeply nested markup costs no
// stack. The text is that of the <article> elements when they hold the
// bulk of the page, else of <main>, else of the whole body, without
// scripts, styles, navigation, headers, footers, asides and forms; block
// elements end paragraphs (one per line), and white space within a
// paragraph is collapsed. The title is og:title, else <title>, else the
// first <h1>; the date comes from article:published_time and similar
// <meta> tags, JSON-LD datePublished, or the first <time datetime>.
func scanHTML(data []byte) extract.Document {
	z := html.NewTokenizer(bytes.NewReader(data))
	var (
		body, main, article, title, h1 paragraphs
		skipTag                        string
		skip, mainDepth, articleDepth  int
		inTitle, inH1, inPre, inLD     bool
		ogTitle, published, timeDate   string
		metaRank                       = len(publishedMeta)
	)
	brk := func() {
		body.end()
		if mainDepth > 0 {
			main.end()
		}
		if articleDepth > 0 {
			article.end()
		}
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.TextToken:
			raw := z.Text()
			if inTitle {
				title.text(string(raw))
				continue
			}
			if inLD && published == "" {
				if m := ldDate.FindSubmatch(raw); m != nil {
					if d := NormalizeDate(string(m[1])); d != "" {
						published, metaRank = d, -1
					}
				}
			}
			if skip > 0 {
				continue
			}
			t := string(raw)
			if inPre {
				// Keep the lines of preformatted text apart.
				lines := strings.Split(t, "\n")
				for i, l := range lines {
					if i > 0 {
						brk()
					}
					addText(&body, &main, &article, l, mainDepth, articleDepth)
				}
			} else {
				addText(&body, &main, &article, t, mainDepth, articleDepth)
			}
			if inH1 {
				h1.text(t)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			nameB, hasAttr := z.TagName()
			name := string(nameB)
			var attrs map[string]string
			if hasAttr && (tt != html.EndTagToken) && (name == "meta" || name == "time" || name == "script" || hasItemprop(name)) {
				attrs = readAttrs(z)
			}
			if tt == html.EndTagToken {
				switch {
				case skip > 0:
					if name == skipTag {
						skip--
					} else if name == "body" || name == "html" {
						skip = 0
					}
					if name == "script" {
						inLD = false
					}
					if name == "title" {
						inTitle = false
					}
					continue
				case name == "title":
					inTitle = false
				case name == "h1":
					inH1 = false
				case name == "pre":
					inPre = false
				}
				if blocks[name] {
					brk()
				}
				switch name {
				case "article":
					articleDepth = max(0, articleDepth-1)
				case "main":
					mainDepth = max(0, mainDepth-1)
				}
				continue
			}
			// Start or self-closing tag.
			switch name {
			case "meta":
				key := strings.ToLower(firstNonEmpty(attrs["property"], attrs["name"], attrs["itemprop"]))
				content := attrs["content"]
				if key == "og:title" && ogTitle == "" {
					ogTitle = strings.TrimSpace(content)
				}
				for rank, k := range publishedMeta {
					if k == key && rank < metaRank {
						if d := NormalizeDate(content); d != "" {
							published, metaRank = d, rank
						}
					}
				}
				continue
			case "time":
				if timeDate == "" || articleDepth > 0 && attrs["itemprop"] == "datePublished" {
					if d := NormalizeDate(attrs["datetime"]); d != "" {
						timeDate = d
					}
				}
			case "title":
				if tt == html.StartTagToken {
					inTitle = true
				}
				continue
			case "script":
				inLD = tt == html.StartTagToken && strings.Contains(strings.ToLower(attrs["type"]), "ld+json")
			}
			if attrs != nil && strings.EqualFold(attrs["itemprop"], "datePublished") && metaRank > 0 {
				if d := NormalizeDate(firstNonEmpty(attrs["datetime"], attrs["content"])); d != "" {
					published, metaRank = d, 0
				}
			}
			if name == "body" {
				skip = 0 // an unclosed <head> or stray <nav> ends here
			}
			if skip > 0 {
				if name == skipTag && tt == html.StartTagToken {
					skip++
				}
				continue
			}
			if dropped[name] && tt == html.StartTagToken {
				skipTag, skip = name, 1
				brk()
				continue
			}
			if blocks[name] {
				brk()
			} else if name == "td" || name == "th" {
				body.space, main.space, article.space = true, true, true
			}
			if tt == html.SelfClosingTagToken {
				continue
			}
			switch name {
			case "article":
				articleDepth++
			case "main":
				mainDepth++
			case "h1":
				inH1 = h1.b.Len() == 0
			case "pre":
				inPre = true
			}
		}
	}
	d := extract.Document{}
	bodyText := body.String()
	d.Text = bodyText
	for _, part := range []string{article.String(), main.String()} {
		if part != "" && (len(part) >= 500 || 4*len(part) >= len(bodyText)) {
			d.Text = part
			break
		}
	}
	d.Title = firstNonEmpty(ogTitle, strings.TrimSpace(title.String()), strings.TrimSpace(h1.String()))
	d.Title = strings.Join(strings.Fields(d.Title), " ")
	d.Published = firstNonEmpty(published, timeDate)
	if !utf8.ValidString(d.Text) {
		d.Text = strings.ToValidUTF8(d.Text, "\uFFFD")
	}
	if !utf8.ValidString(d.Title) {
		d.Title = strings.ToValidUTF8(d.Title, "\uFFFD")
	}
	return d
}

func addText(body, main, article *paragraphs, t string, mainDepth, articleDepth int) {
	body.text(t)
	if mainDepth > 0 {
		main.text(t)
	}
	if articleDepth > 0 {
		article.text(t)
	}
}

// hasItemprop reports whether a tag may carry itemprop="datePublished".
func hasItemprop(name string) bool {
	return name == "span" || name == "div" || name == "p" || name == "abbr" || name == "data"
}

func readAttrs(z *html.Tokenizer) map[string]string {
	m := make(map[string]string, 4)
	for {
		k, v, more := z.TagAttr()
		if _, ok := m[string(k)]; !ok {
			m[string(k)] = string(v)
		}
		if !more {
			return m
		}
	}
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
