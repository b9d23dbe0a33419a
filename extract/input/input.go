// Package input turns files, folders and standard input into documents for
// extraction: plain text, Markdown, HTML and JSON Lines, each read into an
// extract.Document with valid UTF-8 text.
//
// A Scanner reads one input, in the manner of bufio.Scanner:
//
//	sc := input.NewScanner(r, "news.jsonl", input.JSONL)
//	// or, for each src of input.Expand(paths): rc, err := src.Open(os.Stdin);
//	// sc := input.NewScanner(rc, src.Name, src.Format)
//	for sc.Scan() {
//		if err := sc.DocErr(); err != nil {
//			log.Print(err) // "news.jsonl:3: malformed JSON: ..."; the next lines still come
//			continue
//		}
//		use(sc.Document())
//	}
//	if err := sc.Err(); err != nil {
//		log.Fatal(err) // reading the input failed
//	}
//
// Plain text, Markdown and HTML inputs hold one document each; a JSON Lines
// input holds one per line: an object with a "text" string (else "body",
// else "content") and optional "id", "url", "title" and "published" (or
// "date"); SetFields names other members. A JSON input whose first line
// opens an array is read as an array of such objects. Every document's ID is
// the hex SHA-256 of its Text, and its URI is the input's name, or for a
// JSON Lines record its "url", else name#id, else name:line. Dates are
// normalised to YYYY-MM-DD (NormalizeDate), or left empty.
//
// Per format:
//   - Text is kept as it is (CRLF made LF, byte order mark dropped); the
//     title is the first line when it reads as a headline.
//   - Markdown loses its markup (headings' #, emphasis, link targets,
//     images, code blocks, HTML tags); one block per line, blocks apart by
//     a blank line; the title is the front matter's or the first heading.
//   - HTML keeps the page's main content as Mozilla's Readability finds it,
//     without navigation, cookie banners, share bars, related links and
//     footers (for a page readability cannot read, the text of <article>,
//     else <main>, else <body>, without scripts, navigation, headers,
//     footers, asides and forms), one paragraph per line; the title is
//     og:title, <title> or the first <h1>;
//     the date comes from article:published_time and similar <meta> tags,
//     JSON-LD or <time datetime>. A page in a declared non-UTF-8 charset is
//     decoded.
//
// A bad document (binary, a PDF, invalid UTF-8, empty, too large,
// malformed JSON, no text) is reported by DocErr as an *Error naming the
// input and, for JSON Lines, the line, and saying how to fix it; it does
// not stop the scan.
package input

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"kg/extract"
)

// Format is the format of an input.
type Format int

const (
	// Auto detects the format from the first bytes of the input (for
	// standard input, which has no file name).
	Auto     Format = iota
	Text            // plain text, one document
	Markdown        // Markdown, one document
	HTML            // an HTML page, one document
	JSONL           // JSON Lines, one document per line
)

var formatNames = [...]string{Auto: "auto", Text: "text", Markdown: "markdown", HTML: "html", JSONL: "jsonl"}

// String returns the lower-case name of the format, such as "markdown".
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// FormatOf returns the format of a file by its extension: .txt and .text
// are Text, .md and .markdown Markdown, .html and .htm HTML, .jsonl and
// .ndjson and .json JSONL (case does not matter; a .json file may hold an
// array of articles). For "-" (standard input) it returns
// Auto and true; for any other name, Text and false.
func FormatOf(name string) (Format, bool) {
	if name == "-" {
		return Auto, true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text":
		return Text, true
	case ".md", ".markdown":
		return Markdown, true
	case ".html", ".htm":
		return HTML, true
	case ".jsonl", ".ndjson", ".json":
		return JSONL, true
	}
	return Text, false
}

// Sniff guesses the format of an input from its first bytes: a JSON object
// or array is JSONL, markup that opens an HTML document or common HTML elements is
// HTML, Markdown headings, fences, links or front matter make Markdown, and
// anything else is Text.
func Sniff(prefix []byte) Format {
	p := bytes.TrimLeft(bytes.TrimPrefix(prefix, bom), " \t\r\n")
	if len(p) == 0 {
		return Text
	}
	if p[0] == '{' {
		return JSONL
	}
	if p[0] == '[' {
		// An array of objects; "[1] Reuters" in a footnote is prose.
		if q := bytes.TrimLeft(p[1:], " \t\r\n"); len(q) > 0 && q[0] == '{' {
			return JSONL
		}
	}
	lower := bytes.ToLower(p)
	if p[0] == '<' {
		for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<article", "<div", "<p>", "<p ", "<!--"} {
			if bytes.Contains(lower, []byte(tag)) {
				return HTML
			}
		}
	}
	if bytes.HasPrefix(p, []byte("---\n")) || bytes.HasPrefix(p, []byte("# ")) || bytes.HasPrefix(p, []byte("## ")) ||
		bytes.Contains(p, []byte("\n# ")) || bytes.Contains(p, []byte("\n## ")) || bytes.Contains(p, []byte("```")) ||
		bytes.Contains(p, []byte("](http")) {
		return Markdown
	}
	return Text
}

// DefaultMaxBytes is the default limit on the size of one document: the
// whole input for Text, Markdown and HTML, one line for JSONL. A news article
// is tens of kilobytes; extraction needs a few hundred bytes of memory per
// byte of text, so the limit is what keeps a run's memory bounded.
const DefaultMaxBytes = 4 << 20

// Errors a document can have, wrapped in an *Error.
var (
	ErrBinary      = errors.New("binary data, not text")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrEmpty       = errors.New("empty document")
	ErrTooLarge    = errors.New("document too large")
	ErrMalformed   = errors.New("malformed JSON")
	ErrNoText      = errors.New("no text")
	ErrPDF         = errors.New("a PDF, not text")
	ErrNotArticles = errors.New("not an array of articles")
)

// Fields names the members of a JSON object that hold a document's text,
// ID and date. An empty name means the default: "text" (else "body", else
// "content"), "id", and "published" (else "date").
type Fields struct {
	Text, ID, Date string
}

// Error is a problem with one document of an input. Its message names the
// input and, for JSON Lines, the line, and says how to fix the input:
// "report.pdf: a PDF, not text; convert it: pdftotext report.pdf - | kg build -".
type Error struct {
	Name string // the input's name
	Line int    // 1-based line of a JSON Lines record; 0 for the whole input
	Item int    // 1-based element of a JSON array; 0 otherwise
	Err  error
}

// Error returns "name: message; fix", "name:line: message; fix" for JSON
// Lines, or "name: item N: message; fix" for a JSON array.
func (e *Error) Error() string {
	var msg string
	switch {
	case e.Line > 0:
		msg = fmt.Sprintf("%s:%d: %v", e.Name, e.Line, e.Err)
	case e.Item > 0:
		msg = fmt.Sprintf("%s: item %d: %v", e.Name, e.Item, e.Err)
	default:
		msg = fmt.Sprintf("%s: %v", e.Name, e.Err)
	}
	if fix := e.fix(); fix != "" {
		msg += "; " + fix
	}
	return msg
}

// fix says how to make the input readable, in a command the user can run.
func (e *Error) fix() string {
	file := shellQuote(e.Name)
	pipe := file + " | "
	if e.Name == "stdin" {
		file, pipe = "-", "… | "
	}
	switch {
	case errors.Is(e.Err, ErrPDF):
		return "convert it: pdftotext " + file + " - | kg build -"
	case errors.Is(e.Err, ErrInvalidUTF8):
		if e.Name == "stdin" {
			return "convert it from its encoding, here Latin-1: … | iconv -f latin1 -t utf-8 | kg build -"
		}
		return "convert it from its encoding, here Latin-1: iconv -f latin1 -t utf-8 " + pipe + "kg build -"
	case errors.Is(e.Err, ErrTooLarge):
		return "raise the limit with --max-doc-bytes"
	case errors.Is(e.Err, ErrNoText):
		return "name the member that holds it with --text-field"
	}
	return ""
}

// shellQuote quotes s for a POSIX shell when it holds anything but plain
// file name characters.
func shellQuote(s string) string {
	plain := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./:+@%,=", r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Unwrap returns the underlying error, one of the Err values above,
// possibly wrapped with detail.
func (e *Error) Unwrap() error { return e.Err }

// Scanner reads the documents of one input. Successive calls to Scan step
// through them; after each, either DocErr reports why that document was
// rejected or Document returns it. Scan stops at the end of the input or at
// a read error, which Err then returns.
//
// The size of a document is limited (SetMaxBytes); larger documents are
// rejected with ErrTooLarge and, in JSON Lines, skipped to the next line.
type Scanner struct {
	r      *bufio.Reader
	name   string
	format Format
	max    int64
	fields Fields
	date   string // YYYY-MM-DD for documents without one

	line  int           // JSONL: lines read
	array *json.Decoder // JSON array: reads the elements after the '['
	item  int           // JSON array: elements read
	seen  bool          // JSONL: a non-blank line was read

	consumed int64 // bytes of the input scanned
	streamAt int64 // bytes before a JSON stream's first line
	done     bool  // the input is exhausted or failed
	doc      extract.Document
	docErr   error
	err      error
}

// NewScanner returns a Scanner reading the input r in format f. The name
// identifies the input in errors and becomes the documents' URI; "-" and ""
// are shown as "stdin". With Auto, the format is sniffed from the input's
// first bytes.
func NewScanner(r io.Reader, name string, f Format) *Scanner {
	if name == "-" || name == "" {
		name = "stdin"
	}
	return &Scanner{r: bufio.NewReaderSize(r, 64<<10), name: name, format: f, max: DefaultMaxBytes}
}

// Offset returns how many bytes of the input the documents scanned so far
// took, to show progress through a large JSON Lines file; a text,
// Markdown or HTML input counts all its bytes once scanned.
func (s *Scanner) Offset() int64 {
	if s.array != nil {
		return s.streamAt + s.array.InputOffset()
	}
	return s.consumed
}

// SetFields names the members of JSON objects that hold the text, ID and
// date. It must be called before the first Scan.
func (s *Scanner) SetFields(f Fields) { s.fields = f }

// SetDate sets the date, YYYY-MM-DD, of documents that carry none of their
// own: plain text, standard input, and pages or records without a date.
// It must be called before the first Scan.
func (s *Scanner) SetDate(date string) { s.date = date }

// SetMaxBytes sets the largest document accepted, in bytes; n <= 0 restores
// DefaultMaxBytes. It must be called before the first Scan.
func (s *Scanner) SetMaxBytes(n int64) {
	if n <= 0 {
		n = DefaultMaxBytes
	}
	s.max = n
}

// Format returns the input's format, known after the first Scan when it
// was created with Auto.
func (s *Scanner) Format() Format { return s.format }

// Scan advances to the next document, reporting whether there is one (or
// one rejected, see DocErr). It returns false at the end of the input or on
// a read error.
func (s *Scanner) Scan() bool {
	s.doc, s.docErr = extract.Document{}, nil
	if s.done {
		return false
	}
	if s.format == Auto {
		p, err := s.r.Peek(512)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			s.fail(err)
			return false
		}
		s.format = Sniff(p)
	}
	if s.array != nil {
		return s.scanItem()
	}
	if s.format == JSONL {
		return s.scanLine()
	}
	s.done = true
	data, err := io.ReadAll(io.LimitReader(s.r, s.max+1))
	s.consumed += int64(len(data))
	if err != nil {
		s.fail(err)
		return false
	}
	if int64(len(data)) > s.max {
		s.docErr = &Error{Name: s.name, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, s.max)}
		return true
	}
	if s.format == HTML && !utf8.Valid(data) {
		data = decodeCharset(data)
	}
	if err := checkText(data); err != nil {
		s.docErr = &Error{Name: s.name, Err: err}
		return true
	}
	var d extract.Document
	switch s.format {
	case Markdown:
		d = fromMarkdown(normalize(string(data)))
	case HTML:
		d = fromHTML(data)
	default:
		d = fromText(normalize(string(data)))
	}
	s.finish(d, s.name)
	return true
}

// finish sets the scanned document, or ErrEmpty when it has no text.
func (s *Scanner) finish(d extract.Document, uri string) {
	if strings.TrimSpace(d.Text) == "" {
		s.docErr = &Error{Name: s.name, Line: s.lineOf(), Item: s.item, Err: ErrEmpty}
		return
	}
	if d.Published == "" {
		d.Published = s.date
	}
	if d.URI == "" {
		d.URI = uri
		if s.format != JSONL && s.name != "stdin" {
			d.Key = uri // a file's path; a JSON line's number is no identity
		}
	}
	sum := sha256.Sum256([]byte(d.Text))
	d.ID = hex.EncodeToString(sum[:])
	s.doc = d
}

func (s *Scanner) lineOf() int {
	if s.format == JSONL && s.array == nil {
		return s.line
	}
	return 0
}

func (s *Scanner) fail(err error) {
	s.done = true
	s.err = fmt.Errorf("reading %s: %w", s.name, err)
}

// Document returns the document read by the last Scan; it is the zero
// Document when DocErr is not nil.
func (s *Scanner) Document() extract.Document { return s.doc }

// DocErr returns the *Error that rejected the document of the last Scan,
// or nil.
func (s *Scanner) DocErr() error { return s.docErr }

// Err returns the error that stopped reading the input, or nil at a clean
// end of input.
func (s *Scanner) Err() error { return s.err }

var bom = []byte("\ufeff")

var pdfMagic = []byte("%PDF-")

// checkText rejects PDFs, binary data and invalid UTF-8. Input with NUL bytes, or
// where more than one byte in twenty of the first 8 KiB is a control
// character other than tab, newline, carriage return and form feed, is
// binary.
func checkText(b []byte) error {
	if bytes.HasPrefix(b, pdfMagic) {
		return ErrPDF
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return fmt.Errorf("%w (NUL byte at offset %d)", ErrBinary, i)
	}
	head := b[:min(len(b), 8<<10)]
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			ctl++
		}
	}
	if ctl*20 > len(head) {
		return fmt.Errorf("%w (%d control bytes in the first %d)", ErrBinary, ctl, len(head))
	}
	if !utf8.Valid(b) {
		return fmt.Errorf("%w at byte offset %d", ErrInvalidUTF8, invalidAt(b))
	}
	return nil
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// normalize strips a byte order mark and turns CRLF and lone CR line ends
// into LF.
func normalize(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
