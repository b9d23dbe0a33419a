package input

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"testing/iotest"
	"unicode/utf8"

	"kg/extract"
)

// scanAll reads every document of an input; rejected ones appear as their
// error text.
func scanAll(t *testing.T, in string, name string, f Format, max int64) (docs []extract.Document, errs []error, err error) {
	t.Helper()
	sc := NewScanner(strings.NewReader(in), name, f)
	if max > 0 {
		sc.SetMaxBytes(max)
	}
	for sc.Scan() {
		if e := sc.DocErr(); e != nil {
			errs = append(errs, e)
			continue
		}
		docs = append(docs, sc.Document())
	}
	return docs, errs, sc.Err()
}

func scanOne(t *testing.T, in string, f Format) extract.Document {
	t.Helper()
	docs, errs, err := scanAll(t, in, "in", f, 0)
	if err != nil || len(errs) > 0 || len(docs) != 1 {
		t.Fatalf("scanning %q as %v: %d docs, doc errors %v, error %v; want one document", in, f, len(docs), errs, err)
	}
	return docs[0]
}

func TestText(t *testing.T) {
	tests := []struct {
		name, in            string
		wantText, wantTitle string
	}{
		{"kept as is", "Talks resumed.\nBoth sides met.", "Talks resumed.\nBoth sides met.", ""},
		{"CRLF to LF", "Line one.\r\nLine two.\r\n", "Line one.\nLine two.\n", ""},
		{"lone CR to LF", "a b.\rc d.", "a b.\nc d.", ""},
		{"BOM stripped", "\ufeffHello there.", "Hello there.", ""},
		{"headline title", "Peace talks resume in Geneva\n\nDelegations met on Sunday.", "Peace talks resume in Geneva\n\nDelegations met on Sunday.", "Peace talks resume in Geneva"},
		{"question headline", "Will the talks succeed?\nMaybe.", "Will the talks succeed?\nMaybe.", "Will the talks succeed?"},
		{"sentence is no title", "Delegations met on Sunday.\nMore.", "Delegations met on Sunday.\nMore.", ""},
		{"one word is no title", "Hello\nworld", "Hello\nworld", ""},
	}
	for _, tc := range tests {
		d := scanOne(t, tc.in, Text)
		if d.Text != tc.wantText || d.Title != tc.wantTitle {
			t.Errorf("%s: Text(%q) = text %q title %q, want %q %q", tc.name, tc.in, d.Text, d.Title, tc.wantText, tc.wantTitle)
		}
		sum := sha256.Sum256([]byte(d.Text))
		if d.ID != hex.EncodeToString(sum[:]) || d.URI != "in" {
			t.Errorf("%s: ID %q URI %q, want sha256 of text and \"in\"", tc.name, d.ID, d.URI)
		}
	}
}

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, in                      string
		wantText, wantTitle, wantDate string
	}{
		{"heading is title", "# Talks resume\n\nDelegations *met* on **Sunday**.", "Talks resume\n\nDelegations met on Sunday.", "Talks resume", ""},
		{"setext heading", "Talks resume\n============\n\nThey met.", "Talks resume\n\nThey met.", "Talks resume", ""},
		{"links keep text", "See [the report](http://x.org/a_(b)) and [this][1].\n\n[1]: http://y.org", "See the report and this.", "", ""},
		{"images dropped", "Before ![a photo](p.jpg) after.", "Before  after.", "", ""},
		{"code fences dropped", "Text.\n\n```go\nfunc f() {}\n```\n\nMore text.", "Text.\n\nMore text.", "", ""},
		{"inline code unquoted", "Run `kg extract` now.", "Run kg extract now.", "", ""},
		{"paragraph lines joined", "One line\nwrapped here.\n\nNext.", "One line wrapped here.\n\nNext.", "", ""},
		{"lists", "- first item\n- second item\n1. third", "first item\n\nsecond item\n\nthird", "", ""},
		{"quote marks removed", "> quoted text", "quoted text", "", ""},
		{"html tags stripped", "A <b>bold</b> <span class=\"x\">claim</span>.", "A bold claim.", "", ""},
		{"entities decoded", "AT&amp;T &mdash; yes", "AT&T — yes", "", ""},
		{"snake_case kept", "the file_name and _emphasis_", "the file_name and emphasis", "", ""},
		{"escapes", `1\*2 \[not a link\]`, "1*2 [not a link]", "", ""},
		{"front matter", "---\ntitle: \"Front title\"\ndate: 2024-03-05T10:00:00Z\n---\n# Heading\nBody.", "Heading\n\nBody.", "Front title", "2024-03-05"},
		{"rule dropped", "a b\n\n---\n\nc d", "a b\n\nc d", "", ""},
		{"table rows", "| Name | Role |\n|---|---|\n| Ann | chair |", "Name Role\n\nAnn chair", "", ""},
		{"autolink", "Mail <a@b.org> or <https://x.org>.", "Mail a@b.org or https://x.org.", "", ""},
	}
	for _, tc := range tests {
		d := scanOne(t, tc.in, Markdown)
		if d.Text != tc.wantText || d.Title != tc.wantTitle || d.Published != tc.wantDate {
			t.Errorf("%s: Markdown(%q)\n got text %q title %q date %q\nwant text %q title %q date %q",
				tc.name, tc.in, d.Text, d.Title, d.Published, tc.wantText, tc.wantTitle, tc.wantDate)
		}
	}
}

func TestHTML(t *testing.T) {
	tests := []struct {
		name, in                      string
		wantText, wantTitle, wantDate string
	}{
		{"paragraphs and title", "<html><head><title>Talks</title></head><body><p>First  para.</p><p>Second\n para.</p></body></html>",
			"First para.\nSecond para.", "Talks", ""},
		{"dropped elements", "<body><nav>Home | News</nav><header>Site</header><script>var x = '<p>';</script><style>p{}</style>" +
			"<p>Text.</p><aside>Ad</aside><footer>(c)</footer><noscript>JS</noscript><template>T</template></body>",
			"Text.", "", ""},
		{"entities decoded", "<p>AT&amp;T &ldquo;said&rdquo; &#8212; ok&nbsp;now</p>", "AT&T “said” — ok now", "", ""},
		{"inline elements join", "<p>The <b>big</b> <a href=x>deal</a>.</p>", "The big deal.", "", ""},
		{"br and headings break", "<h1>Head</h1>line one<br>line two", "Head\nline one\nline two", "Head", ""},
		{"article preferred", "<body><div>Menu stuff</div><article><h1>Story</h1><p>Body text.</p></article><div>Related</div></body>",
			"Story\nBody text.", "Story", ""},
		{"og title and meta date", `<head><title>Story - Site</title><meta property="og:title" content="Story"><meta property="article:published_time" content="2024-02-28T09:00:00+01:00"></head><p>x y</p>`,
			"x y", "Story", "2024-02-28"},
		{"time element date", `<p>Posted <time datetime="2023-11-05">Nov 5</time>.</p>`, "Posted Nov 5.", "", "2023-11-05"},
		{"json-ld date", `<script type="application/ld+json">{"datePublished": "2022-01-09T10:00:00Z"}</script><p>a b</p>`, "a b", "", "2022-01-09"},
		{"unclosed head", "<head><title>T</title><body><p>Text here.</p>", "Text here.", "T", ""},
		{"pre keeps lines", "<pre>a\nb</pre>", "a\nb", "", ""},
		{"declared charset decoded", "<meta charset=\"windows-1252\"><p>caf\xe9 \x93quoted\x94</p>", "café “quoted”", "", ""},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc", "", ""},
	}
	for _, tc := range tests {
		d := scanOne(t, tc.in, HTML)
		if d.Text != tc.wantText || d.Title != tc.wantTitle || d.Published != tc.wantDate {
			t.Errorf("%s: HTML(%q)\n got text %q title %q date %q\nwant text %q title %q date %q",
				tc.name, tc.in, d.Text, d.Title, d.Published, tc.wantText, tc.wantTitle, tc.wantDate)
		}
	}
}

func TestHTMLDeepNesting(t *testing.T) {
	in := strings.Repeat("<div><span>", 150000) + "deep text" + strings.Repeat("</span></div>", 150000)
	d := scanOne(t, in, HTML)
	if d.Text != "deep text" {
		t.Errorf("deeply nested HTML: text %q, want %q", clip(d.Text, 50), "deep text")
	}
}

func TestJSONL(t *testing.T) {
	in := `{"text": "First article.", "id": "a1", "title": " T1 ", "published": "March 3, 2024"}
{"text": "Second.", "url": "https://x.org/2", "published": "someday"}

{"text": "Third.", "id": 17, "date": "2020-01-02"}
`
	docs, errs, err := scanAll(t, in, "feed.jsonl", JSONL, 0)
	if err != nil || len(errs) != 0 {
		t.Fatalf("JSONL: errors %v %v", errs, err)
	}
	want := []extract.Document{
		{Text: "First article.", Title: "T1", Published: "2024-03-03", URI: "feed.jsonl#a1", Key: "a1"},
		{Text: "Second.", URI: "https://x.org/2", Key: "https://x.org/2"},
		{Text: "Third.", URI: "feed.jsonl#17", Key: "17", Published: "2020-01-02"},
	}
	for i := range docs {
		docs[i].ID = ""
	}
	if !reflect.DeepEqual(docs, want) {
		t.Errorf("JSONL(%q)\n got %+v\nwant %+v", in, docs, want)
	}
}

func TestJSONLHugeLine(t *testing.T) {
	text := strings.Repeat("word ", 100000) // 500 kB: over bufio.Scanner's 64 kB default
	in := `{"text": "` + text + `"}` + "\n"
	docs, errs, err := scanAll(t, in, "big.jsonl", JSONL, 0)
	if err != nil || len(errs) != 0 || len(docs) != 1 || docs[0].Text != text {
		t.Fatalf("500 kB JSONL line: %d docs, errors %v %v", len(docs), errs, err)
	}
}

// TestBadInput checks that each bad input gives one clear error naming the
// input (and the line, for JSONL), and that the scan goes on after it.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		format  Format
		max     int64
		wantErr error
		wantMsg string // prefix of the error message
		docs    int    // good documents still read
	}{
		{"binary NUL", "abc\x00def", Text, 0, ErrBinary, "in: binary", 0},
		{"binary control bytes", strings.Repeat("\x01\x02\x03a", 100), Text, 0, ErrBinary, "in: binary", 0},
		{"invalid UTF-8", "caf\xe9 au lait", Text, 0, ErrInvalidUTF8, "in: invalid UTF-8 at byte offset 3", 0},
		{"empty", "", Text, 0, ErrEmpty, "in: empty document", 0},
		{"whitespace only", " \n\t\r\n", Text, 0, ErrEmpty, "in: empty", 0},
		{"markdown with no text", "```\ncode\n```\n![x](y.png)", Markdown, 0, ErrEmpty, "in: empty", 0},
		{"html with no text", "<html><script>x()</script></html>", HTML, 0, ErrEmpty, "in: empty", 0},
		{"html invalid UTF-8 without charset", "<p>caf\xe9</p>", HTML, 0, ErrInvalidUTF8, "in: invalid UTF-8", 0},
		{"oversized", strings.Repeat("a", 101), Text, 100, ErrTooLarge, "in: document too large", 0},
		{"jsonl malformed", "{\"text\": \"ok one\"}\n{\"text\": \n{\"text\": \"ok two\"}\n", JSONL, 0, ErrMalformed, "in:2: malformed JSON", 2},
		{"jsonl missing text", "{\"title\": \"t\"}\n{\"text\": \"ok\"}", JSONL, 0, ErrNoText, `in:1: no text: none of "text", "body", "content" (it has "title"); name the member that holds it with --text-field`, 1},
		{"jsonl text not a string", "{\"text\": 42}", JSONL, 0, ErrNoText, `in:1: no text: "text" is 42, not a string`, 0},
		{"jsonl null text", "{\"text\": null}", JSONL, 0, ErrNoText, `in:1: no text: "text" is null`, 0},
		{"jsonl empty file", "", JSONL, 0, ErrEmpty, "in: empty document", 0},
		{"jsonl blank lines only", "\n  \n\n", JSONL, 0, ErrEmpty, "in: empty document", 0},
		{"jsonl empty text", "{\"text\": \"  \"}\n{\"text\": \"ok\"}", JSONL, 0, ErrEmpty, "in:1: empty document", 1},
		{"jsonl invalid UTF-8", "{\"text\": \"caf\xe9\"}\n{\"text\": \"ok\"}", JSONL, 0, ErrInvalidUTF8, "in:1: invalid UTF-8", 1},
		{"jsonl NUL escape", "{\"text\": \"a\\u0000b\"}", JSONL, 0, ErrBinary, "in:1: text: binary", 0},
		{"jsonl oversized line skipped", "{\"text\": \"" + strings.Repeat("x", 200) + "\"}\n{\"text\": \"ok\"}\n", JSONL, 100, ErrTooLarge, "in:1: document too large", 1},
		{"json array of numbers", "[1, 2]", JSONL, 0, ErrNotArticles, "in: not an array of articles: its first element is 1", 0},
		{"json array item without text", `[{"text": "ok"}, {"title": "t"}]`, JSONL, 0, ErrNoText, `in: item 2: no text`, 1},
		{"json array cut short", `[{"text": "ok"}, {"text": `, JSONL, 0, ErrMalformed, `in: item 2: malformed JSON`, 1},
		{"pretty-printed objects", "{\n  \"text\": \"x\"\n}\n{\"text\": 1}\n", JSONL, 0, ErrNoText, `in: item 2: no text: "text" is 1`, 1},
		{"malformed first line", "{\"text\": \"x\"\n", JSONL, 0, ErrMalformed, "in: item 1: malformed JSON", 0},
		{"pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", Text, 0, ErrPDF, "in: a PDF, not text; convert it: pdftotext in - | kg build -", 0},
		{"latin-1 fix", "caf\xe9", Text, 0, ErrInvalidUTF8, "in: invalid UTF-8 at byte offset 3; convert it from its encoding, here Latin-1: iconv -f latin1 -t utf-8 in | kg build -", 0},
		{"too large fix", strings.Repeat("a", 101), Text, 100, ErrTooLarge, "in: document too large: more than 100 bytes; raise the limit with --max-doc-bytes", 0},
	}
	for _, tc := range tests {
		docs, errs, err := scanAll(t, tc.in, "in", tc.format, tc.max)
		if err != nil {
			t.Errorf("%s: Err() = %v, want nil", tc.name, err)
		}
		if len(errs) != 1 {
			t.Errorf("%s: %q gave document errors %v, want one", tc.name, clip(tc.in, 40), errs)
			continue
		}
		var e *Error
		if !errors.Is(errs[0], tc.wantErr) || !errors.As(errs[0], &e) || !strings.HasPrefix(e.Error(), tc.wantMsg) {
			t.Errorf("%s: %q gave error %q, want %v starting %q", tc.name, clip(tc.in, 40), errs[0], tc.wantErr, tc.wantMsg)
		}
		if strings.Contains(errs[0].Error(), "\n") {
			t.Errorf("%s: error %q spans lines", tc.name, errs[0])
		}
		if len(docs) != tc.docs {
			t.Errorf("%s: %d good documents, want %d", tc.name, len(docs), tc.docs)
		}
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("disk gone")
	for _, f := range []Format{Text, JSONL} {
		sc := NewScanner(iotest.ErrReader(boom), "x", f)
		if sc.Scan() {
			t.Errorf("%v: Scan() = true on a failing reader", f)
		}
		if err := sc.Err(); !errors.Is(err, boom) || !strings.Contains(err.Error(), "x") {
			t.Errorf("%v: Err() = %v, want it to wrap %v and name the input", f, err, boom)
		}
	}
}

func TestFormatOf(t *testing.T) {
	tests := []struct {
		name string
		want Format
		ok   bool
	}{
		{"a.txt", Text, true}, {"a.TEXT", Text, true}, {"b.md", Markdown, true}, {"b.markdown", Markdown, true},
		{"c.html", HTML, true}, {"c.HTM", HTML, true}, {"d.jsonl", JSONL, true}, {"d.ndjson", JSONL, true},
		{"-", Auto, true}, {"e.pdf", Text, false}, {"noext", Text, false},
	}
	for _, tc := range tests {
		if got, ok := FormatOf(tc.name); got != tc.want || ok != tc.ok {
			t.Errorf("FormatOf(%q) = %v, %v, want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		in   string
		want Format
	}{
		{`{"text": "x"}`, JSONL},
		{"<!DOCTYPE html><html>", HTML},
		{"  <p>Hello</p>", HTML},
		{"# Title\n\ntext", Markdown},
		{"---\ntitle: x\n---\n", Markdown},
		{"Plain words here.", Text},
		{"\ufeff{\"text\":\"x\"}", JSONL},
		{"[\n  {\"text\": \"x\"}]", JSONL},
		{"[1] Reuters reported it.", Text},
	}
	for _, tc := range tests {
		if got := Sniff([]byte(tc.in)); got != tc.want {
			t.Errorf("Sniff(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	// Auto sniffs, then scans as the sniffed format.
	docs, _, _ := scanAll(t, "{\"text\": \"a b\"}\n{\"text\": \"c d\"}\n", "-", Auto, 0)
	if len(docs) != 2 || docs[0].URI != "stdin:1" {
		t.Errorf("Auto on JSONL: %+v, want two documents, the first from stdin:1", docs)
	}
}

func TestNormalizeDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-03-05", "2024-03-05"},
		{"2024-03-05T23:30:00-05:00", "2024-03-05"},
		{"2024-03-05T10:00:00.123Z", "2024-03-05"},
		{"2024-03-05 10:00", "2024-03-05"},
		{"Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05"},
		{"March 5, 2024", "2024-03-05"},
		{"5 March 2024", "2024-03-05"},
		{"Mar. 5, 2024", "2024-03-05"},
		{"20240305", "2024-03-05"},
		{"yesterday", ""},
		{"2024-13-45", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := NormalizeDate(tc.in); got != tc.want {
			t.Errorf("NormalizeDate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.txt", "a.md", "sub/c.html", "sub/d.jsonl", "sub/skip.pdf", ".hidden/e.txt", "sub/.f.txt", "x.NDJSON"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	explicit := filepath.Join(dir, "sub", "skip.pdf")
	got, err := Expand([]string{dir, "-", explicit, filepath.Join(dir, "b.txt")})
	if err != nil {
		t.Fatal(err)
	}
	want := []Source{
		{Name: filepath.Join(dir, "a.md"), Format: Markdown, Size: 1},
		{Name: filepath.Join(dir, "b.txt"), Format: Text, Size: 1},
		{Name: filepath.Join(dir, "sub", "c.html"), Format: HTML, Size: 1},
		{Name: filepath.Join(dir, "sub", "d.jsonl"), Format: JSONL, Size: 1},
		{Name: filepath.Join(dir, "x.NDJSON"), Format: JSONL, Size: 1},
		{Name: "-", Format: Auto},
		{Name: explicit, Format: Text, Size: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Expand:\n got %v\nwant %v", got, want)
	}
	if _, err := Expand([]string{filepath.Join(dir, "missing.txt")}); err == nil || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("Expand(missing file) error = %v, want one naming the file", err)
	}
	for _, tc := range []struct {
		src  Source
		want string
	}{
		{Source{Name: filepath.Join(dir, "b.txt")}, "x"},
		{Source{Name: "-"}, "from stdin"},
	} {
		rc, err := tc.src.Open(strings.NewReader("from stdin"))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if string(b) != tc.want {
			t.Errorf("Source{%q}.Open read %q, want %q", tc.src.Name, b, tc.want)
		}
	}
}

func TestFromFS(t *testing.T) {
	fsys := fstest.MapFS{
		"b.txt":       {Data: []byte("Bee text.")},
		"a/c.md":      {Data: []byte("# C")},
		"notes.pdf":   {Data: []byte("%PDF")},
		".hidden.txt": {Data: []byte("h")},
		".git/x.txt":  {Data: []byte("g")},
	}
	srcs, err := FromFS(fsys, "seed:")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range srcs {
		names = append(names, s.Name+"/"+s.Format.String())
	}
	if want := []string{"seed:a/c.md/markdown", "seed:b.txt/text"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("FromFS names = %v, want %v", names, want)
	}
	rc, err := srcs[1].Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	sc := NewScanner(rc, srcs[1].Name, srcs[1].Format)
	if !sc.Scan() || sc.DocErr() != nil || sc.Document().Text != "Bee text." || sc.Document().URI != "seed:b.txt" || srcs[1].Size != 9 {
		t.Errorf("scanning %v: doc %+v, error %v", srcs[1], sc.Document(), sc.DocErr())
	}
}

// checkDocs is what every fuzz target checks: no document is rejected
// silently, and every document has valid UTF-8 text and title and its ID.
func checkDocs(t *testing.T, in string, f Format) {
	sc := NewScanner(strings.NewReader(in), "fuzz", f)
	sc.SetMaxBytes(1 << 20)
	for n := 0; sc.Scan(); n++ {
		if n > len(in)+1 {
			t.Fatalf("%v: more documents than input bytes for %q", f, in)
		}
		if err := sc.DocErr(); err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz") {
				t.Fatalf("%v: error %q does not name the input", f, err)
			}
			continue
		}
		d := sc.Document()
		if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) || strings.TrimSpace(d.Text) == "" {
			t.Fatalf("%v: bad document %+v from %q", f, d, in)
		}
		sum := sha256.Sum256([]byte(d.Text))
		if d.ID != hex.EncodeToString(sum[:]) {
			t.Fatalf("%v: ID is not the text's SHA-256", f)
		}
		if d.Published != "" && len(d.Published) != 10 {
			t.Fatalf("%v: Published = %q, want YYYY-MM-DD", f, d.Published)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%v: Err() = %v reading a string", f, err)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"Hello world.\r\nSecond line.", "\ufeff# Title\n\n*a* [b](c) ![d](e) `f`", "caf\xe9", "a\x00b", "---\ntitle: x\n---\n", "[[[[](((((", "<a <b <c"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, in string, markdown bool) {
		if markdown {
			checkDocs(t, in, Markdown)
		} else {
			checkDocs(t, in, Text)
		}
	})
}

func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"<html><head><title>T</title><meta property=\"og:title\" content=\"O\"></head><body><article><p>A &amp; B</p></article></body></html>",
		"<nav><nav></nav>x</nav><p>y<pre>a\nb</pre>",
		"<script type=\"application/ld+json\">{\"datePublished\":\"2020-01-01\"}</script><time datetime=2020-02-02>t</time>",
		"<div><div><div>deep</div>",
		"<p>\xff\xfe</p>",
		"<title>unclosed",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) { checkDocs(t, in, HTML) })
}

func FuzzJSONL(f *testing.F) {
	for _, s := range []string{
		"{\"text\": \"a\", \"id\": 1, \"url\": \"u\", \"title\": \"t\", \"published\": \"2020-01-01\"}\n{\"text\": 3}\n",
		"{\"text\": \"\\u0000\"}\n\n\n{bad\n",
		"\ufeff{\"text\":\"x\"}\r\n{\"text\":\"y\"}",
		"[]\nnull\n\"s\"\n{}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) { checkDocs(t, in, JSONL) })
}

// benchInput builds an input of about 1 MB from repeated paragraphs.
func benchInput(f Format) string {
	para := "Officials met in Geneva on Sunday &amp; agreed to talk again, the ministry said in a statement. "
	var b strings.Builder
	for b.Len() < 1<<20 {
		switch f {
		case HTML:
			b.WriteString("<div class=\"c\"><p>" + para + "<a href=\"/x\">more</a></p></div>\n")
		case JSONL:
			b.WriteString(`{"id": "x", "published": "2024-03-05", "text": "` + strings.Repeat(para, 10) + "\"}\n")
		case Markdown:
			b.WriteString("## Heading\n\n" + para + "*emphasis* and [a link](http://x.org).\n\n")
		}
	}
	return b.String()
}

func BenchmarkScan(b *testing.B) {
	for _, f := range []Format{HTML, JSONL, Markdown} {
		in := benchInput(f)
		b.Run(f.String(), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				sc := NewScanner(strings.NewReader(in), "bench", f)
				for sc.Scan() {
					if err := sc.DocErr(); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// TestDocumentKey checks which inputs give a document an identity across
// versions (Key): a file's path and a JSON line's url or id do; standard
// input and a JSON line's number do not, since they name no article.
func TestDocumentKey(t *testing.T) {
	tests := []struct {
		name, in, input string
		f               Format
		want            string
	}{
		{"file", "Some text.", "news/a.txt", Text, "news/a.txt"},
		{"stdin text", "Some text.", "-", Text, ""},
		{"jsonl url", `{"text": "x", "url": "https://x.org/1", "id": "7"}`, "feed.jsonl", JSONL, "https://x.org/1"},
		{"jsonl id", `{"text": "x", "id": "7"}`, "feed.jsonl", JSONL, "7"},
		{"jsonl id on stdin", `{"text": "x", "id": 7}`, "-", JSONL, "7"},
		{"jsonl neither", `{"text": "x"}`, "feed.jsonl", JSONL, ""},
	}
	for _, tc := range tests {
		docs, errs, err := scanAll(t, tc.in, tc.input, tc.f, 0)
		if err != nil || len(errs) != 0 || len(docs) != 1 {
			t.Fatalf("%s: %d documents, errors %v %v", tc.name, len(docs), errs, err)
		}
		if docs[0].Key != tc.want {
			t.Errorf("%s: %q from %q: Key = %q, want %q", tc.name, tc.in, tc.input, docs[0].Key, tc.want)
		}
	}
}

// TestHTMLBoilerplate checks that a news page's cookie banner, navigation,
// share bar, related links, sidebar and footer are left out of the text,
// while the article's paragraphs, title and date are kept.
func TestHTMLBoilerplate(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "boilerplate.html"))
	if err != nil {
		t.Fatal(err)
	}
	d := scanOne(t, string(page), HTML)
	if d.Title != "Ministers agree on grain corridor" || d.Published != "2024-05-14" {
		t.Errorf("boilerplate.html: title %q date %q, want %q %q", d.Title, d.Published, "Ministers agree on grain corridor", "2024-05-14")
	}
	for _, want := range []string{"Hakan Fidan met his Ukrainian counterpart", "International Grains Council"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("boilerplate.html: text lacks the article's %q:\n%s", want, d.Text)
		}
	}
	for _, junk := range []string{"Google", "Facebook Pixel", "Criteo", "Accept all", "Politics", "Subscribe", "Home",
		"Twitter", "Related stories", "Cobblepot", "Lex Luthor", "Lois Lane", "Perry White", "Instagram", "Privacy"} {
		if strings.Contains(d.Text, junk) {
			t.Errorf("boilerplate.html: text holds boilerplate %q:\n%s", junk, d.Text)
		}
	}
}

func TestJSONLFields(t *testing.T) {
	tests := []struct {
		name   string
		fields Fields
		in     string
		want   extract.Document
	}{
		{"body when no text", Fields{}, `{"body": "B.", "id": "x"}`, extract.Document{Text: "B.", URI: "in#x", Key: "x"}},
		{"content when no text or body", Fields{}, `{"content": "C."}`, extract.Document{Text: "C.", URI: "in:1"}},
		{"text before body", Fields{}, `{"body": "B.", "text": "T."}`, extract.Document{Text: "T.", URI: "in:1"}},
		{"named fields", Fields{Text: "story", ID: "guid", Date: "when"},
			`{"story": "S.", "text": "not this", "guid": 7, "when": "2021-03-04T10:00:00Z", "date": "1999-01-01"}`,
			extract.Document{Text: "S.", URI: "in#7", Key: "7", Published: "2021-03-04"}},
		{"named date field only", Fields{Date: "when"}, `{"text": "T.", "date": "1999-01-01"}`, extract.Document{Text: "T.", URI: "in:1"}},
	}
	for _, tc := range tests {
		sc := NewScanner(strings.NewReader(tc.in), "in", JSONL)
		sc.SetFields(tc.fields)
		if !sc.Scan() || sc.DocErr() != nil {
			t.Errorf("%s: fields %+v, %s: error %v, want a document", tc.name, tc.fields, tc.in, sc.DocErr())
			continue
		}
		got := sc.Document()
		got.ID = ""
		if got != tc.want {
			t.Errorf("%s: fields %+v, %s\n got %+v\nwant %+v", tc.name, tc.fields, tc.in, got, tc.want)
		}
	}
}

func TestJSONArray(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		format Format
		want   []string // texts
	}{
		{"array on one line", `[{"text": "A."}, {"text": "B."}]`, JSONL, []string{"A.", "B."}},
		{"pretty-printed array", "[\n  {\n    \"text\": \"A.\",\n    \"id\": 1\n  },\n  {\"body\": \"B.\"}\n]\n", JSONL, []string{"A.", "B."}},
		{"sniffed from stdin", "\n  [ {\"text\": \"A.\"} ]", Auto, []string{"A."}},
		{"empty array", "[]", JSONL, nil},
		{"pretty-printed objects", "{\n \"text\": \"A.\"\n}\n{\n \"text\": \"B.\"\n}\n", JSONL, []string{"A.", "B."}},
	}
	for _, tc := range tests {
		docs, errs, err := scanAll(t, tc.in, "in", tc.format, 0)
		if err != nil || len(errs) > 0 {
			t.Errorf("%s: %q: errors %v %v", tc.name, tc.in, errs, err)
			continue
		}
		var got []string
		for _, d := range docs {
			got = append(got, d.Text)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %q\n got %q\nwant %q", tc.name, tc.in, got, tc.want)
		}
	}
	docs, _, _ := scanAll(t, "[{\"text\": \"A.\", \"id\": \"a\"}, {\"text\": \"B.\"}]", "feed.json", JSONL, 0)
	if len(docs) != 2 || docs[0].URI != "feed.json#a" || docs[1].URI != "feed.json#2" {
		t.Errorf("array URIs: got %+v, want feed.json#a and feed.json#2", docs)
	}
}

func TestSetDate(t *testing.T) {
	tests := []struct {
		name, in string
		format   Format
		want     string
	}{
		{"plain text", "Talks resumed.", Text, "2024-01-02"},
		{"stdin sniffed", "Talks resumed.", Auto, "2024-01-02"},
		{"jsonl without a date", `{"text": "T."}`, JSONL, "2024-01-02"},
		{"jsonl's own date wins", `{"text": "T.", "date": "2020-05-06"}`, JSONL, "2020-05-06"},
		{"page's own date wins", `<meta name="date" content="2019-09-09"><p>T.</p>`, HTML, "2019-09-09"},
	}
	for _, tc := range tests {
		sc := NewScanner(strings.NewReader(tc.in), "-", tc.format)
		sc.SetDate("2024-01-02")
		if !sc.Scan() || sc.DocErr() != nil {
			t.Fatalf("%s: %q: no document (%v)", tc.name, tc.in, sc.DocErr())
		}
		if got := sc.Document().Published; got != tc.want {
			t.Errorf("%s: SetDate(2024-01-02) on %q: date %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestOffset(t *testing.T) {
	in := strings.Repeat(`{"text": "Some words here."}`+"\n", 10000)
	sc := NewScanner(strings.NewReader(in), "in", JSONL)
	var last int64
	for sc.Scan() {
		if off := sc.Offset(); off < last {
			t.Fatalf("Offset went back from %d to %d", last, off)
		} else {
			last = off
		}
	}
	if last != int64(len(in)) {
		t.Errorf("Offset at the end = %d, want %d", last, len(in))
	}
	// A JSON array: the decoder's offset, after the first line's.
	in = "\n[\n" + strings.Repeat(`{"text": "Some words here."},`+"\n", 999) + `{"text": "Last."}` + "\n]\n"
	sc = NewScanner(strings.NewReader(in), "in", JSONL)
	last = 0
	for sc.Scan() {
		off := sc.Offset()
		if off < last || off > int64(len(in)) {
			t.Fatalf("JSON array: Offset %d after %d, input of %d bytes", off, last, len(in))
		}
		last = off
	}
	if last < int64(len(in))-4 {
		t.Errorf("JSON array: Offset at the end = %d, want about %d", last, len(in))
	}
}

func TestExpandRefusals(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	pdfs := filepath.Join(dir, "pdfs")
	for _, d := range []string{empty, pdfs} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"a.pdf", "b.PDF", "notes.docx"} {
		if err := os.WriteFile(filepath.Join(pdfs, f), []byte("%PDF-1.4"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, path string
		wantErr    error
		wantMsg    string
	}{
		{"empty folder", empty, ErrNoInput, "input: " + empty + ": no .txt, .md, .html, .json or .jsonl files (the folder is empty)"},
		{"only PDFs", pdfs, ErrNoInput, "(it has 1 .docx file, 2 .pdf files); convert PDFs to text first: pdftotext FILE.pdf - | kg build -"},
		{"URL", "https://example.org/news?id=1", nil, "input: https://example.org/news?id=1 is a URL, and kg reads files; fetch it: curl -sL 'https://example.org/news?id=1' | kg build -"},
	}
	for _, tc := range tests {
		srcs, err := Expand([]string{tc.path})
		if err == nil {
			t.Errorf("%s: Expand(%q) = %v, want an error", tc.name, tc.path, srcs)
			continue
		}
		if tc.wantErr != nil && !errors.Is(err, tc.wantErr) || !strings.Contains(err.Error(), tc.wantMsg) {
			t.Errorf("%s: Expand(%q) error\n got %q\nwant %v containing %q", tc.name, tc.path, err, tc.wantErr, tc.wantMsg)
		}
	}
}

// BenchmarkHTMLPage compares the main-content extraction of a news page
// with the streaming scan it falls back to.
func BenchmarkHTMLPage(b *testing.B) {
	page, err := os.ReadFile(filepath.Join("testdata", "boilerplate.html"))
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		fn   func([]byte) extract.Document
	}{{"readability", fromHTML}, {"scan", scanHTML}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				if d := bc.fn(page); d.Text == "" {
					b.Fatal("no text")
				}
			}
		})
	}
}
