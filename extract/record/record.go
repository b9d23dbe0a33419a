// Package record reads and writes extraction results as JSON Lines: one
// line per document holding the document and everything extracted from it
// (sentences, entities, mentions, relations with their evidence).
//
// A line is a pure function of the document, so any engine can make it:
// `kg extract`, a shell pipe, Spark's pipe() or the Beam pipeline. `kg load`
// folds lines into a database exactly as `kg build` would have stored the
// same documents in the same order.
//
// A line looks like this (wrapped here; one line in the file):
//
//	{"format":"kg-extract/1",
//	 "document":{"id":"<sha256 of text>","uri":"a.txt","key":"a.txt","title":"…","published":"2025-03-01","text":"…"},
//	 "sentences":[[0,57],[58,120]],
//	 "entities":[{"name":"Marco Rubio","type":"PERSON","aliases":["Marco Rubio","Rubio"]}],
//	 "mentions":[{"entity":0,"sentence":0,"start":0,"end":11,"text":"Marco Rubio","kind":"name"}],
//	 "relations":[{"subject":0,"object":1,"predicate":"warned","class":"THREATEN","attributed":-1,
//	               "confidence":0.9,"sentence":0,"start":0,"end":40}]}
//
// Indexes (entity, sentence, subject, object, attributed) count from 0 in
// the line's own lists; offsets are bytes into the document's text.
// "negated", "hedged" and "possessed" appear only when true. The format
// member names the version: a reader refuses versions it does not know.
package record

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"kg/extract"
)

// Version is the format member of every line this package writes.
const Version = "kg-extract/1"

// MaxLine is the longest line a Reader accepts: a document's text, limited
// by kg's inputs to 16 MiB by default, with its extraction.
const MaxLine = 256 << 20

// line is the JSON form of one document's result. It is spelled out here,
// rather than marshalled from the extract types, so that renaming a Go
// field never changes the format.
type line struct {
	Format    string     `json:"format"`
	Document  document   `json:"document"`
	Sentences [][2]int   `json:"sentences"`
	Entities  []entity   `json:"entities"`
	Mentions  []mention  `json:"mentions"`
	Relations []relation `json:"relations"`
}

type document struct {
	ID        string `json:"id"`
	URI       string `json:"uri"`
	Key       string `json:"key,omitempty"`
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
	Text      string `json:"text"`
}

type entity struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Aliases []string `json:"aliases"`
	// Unlinked is extract.Entity.Unlinked; absent when false, so that
	// records of most entities read as before it existed.
	Unlinked bool `json:"unlinked,omitempty"`
}

type mention struct {
	Entity   int    `json:"entity"`
	Sentence int    `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Text     string `json:"text"`
	Kind     string `json:"kind"`
}

type relation struct {
	Subject    int     `json:"subject"`
	Object     int     `json:"object"`
	Predicate  string  `json:"predicate"`
	Class      string  `json:"class"`
	Negated    bool    `json:"negated,omitempty"`
	Hedged     bool    `json:"hedged,omitempty"`
	Possessed  bool    `json:"possessed,omitempty"`
	Attributed int     `json:"attributed"`
	Confidence float64 `json:"confidence"`
	Sentence   int     `json:"sentence"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
}

// Marshal returns the line (without its newline) for one document and its
// result. The same document and result give the same bytes.
func Marshal(doc extract.Document, res extract.Result) ([]byte, error) {
	l := line{
		Format:    Version,
		Document:  document(doc),
		Sentences: make([][2]int, len(res.Sentences)),
		Entities:  make([]entity, len(res.Entities)),
		Mentions:  make([]mention, len(res.Mentions)),
		Relations: make([]relation, len(res.Relations)),
	}
	for i, s := range res.Sentences {
		l.Sentences[i] = [2]int{s.Start, s.End}
	}
	for i, e := range res.Entities {
		l.Entities[i] = entity{Name: e.Name, Type: e.Type, Aliases: e.Aliases, Unlinked: e.Unlinked}
		if l.Entities[i].Aliases == nil {
			l.Entities[i].Aliases = []string{}
		}
	}
	for i, m := range res.Mentions {
		l.Mentions[i] = mention(m)
	}
	for i, r := range res.Relations {
		l.Relations[i] = relation{Subject: r.Subject, Object: r.Object, Predicate: r.Predicate, Class: r.Class,
			Negated: r.Negated, Hedged: r.Hedged, Possessed: r.Possessed, Attributed: r.Attributed,
			Confidence: r.Confidence, Sentence: r.Sentence, Start: r.Start, End: r.End}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // evidence is read by people and jq, not pasted into HTML
	if err := enc.Encode(l); err != nil {
		return nil, fmt.Errorf("record %s: %w", doc.URI, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Unmarshal parses one line. It checks the version and that the document's
// id is the SHA-256 of its text, so that an edited text is not stored
// under the id of another; indexes and offsets are checked by the store.
func Unmarshal(data []byte) (extract.Document, extract.Result, error) {
	var l line
	if err := json.Unmarshal(data, &l); err != nil { // refuses trailing data: two lines run together
		return extract.Document{}, extract.Result{}, fmt.Errorf("not a kg extract line: %w", err)
	}
	if l.Format != Version {
		if l.Format == "" {
			return extract.Document{}, extract.Result{}, errors.New(`not a kg extract line: no "format" member (make it with kg extract)`)
		}
		return extract.Document{}, extract.Result{}, fmt.Errorf("format %q is not %q: extract the documents again with this kg", l.Format, Version)
	}
	doc := extract.Document(l.Document)
	sum := sha256.Sum256([]byte(doc.Text))
	if id := hex.EncodeToString(sum[:]); doc.ID != id {
		return extract.Document{}, extract.Result{}, fmt.Errorf("document %s: id %q is not the SHA-256 of its text (%s): was the text edited? extract it again", doc.URI, doc.ID, id)
	}
	var res extract.Result
	if len(l.Sentences) > 0 {
		res.Sentences = make([]extract.Span, len(l.Sentences))
		for i, s := range l.Sentences {
			res.Sentences[i] = extract.Span{Start: s[0], End: s[1]}
		}
	}
	if len(l.Entities) > 0 {
		res.Entities = make([]extract.Entity, len(l.Entities))
		for i, e := range l.Entities {
			res.Entities[i] = extract.Entity{Name: e.Name, Type: e.Type, Aliases: e.Aliases, Unlinked: e.Unlinked}
		}
	}
	if len(l.Mentions) > 0 {
		res.Mentions = make([]extract.Mention, len(l.Mentions))
		for i, m := range l.Mentions {
			res.Mentions[i] = extract.Mention(m)
		}
	}
	if len(l.Relations) > 0 {
		res.Relations = make([]extract.Relation, len(l.Relations))
		for i, r := range l.Relations {
			res.Relations[i] = extract.Relation{Subject: r.Subject, Object: r.Object, Predicate: r.Predicate, Class: r.Class,
				Negated: r.Negated, Hedged: r.Hedged, Possessed: r.Possessed, Attributed: r.Attributed,
				Confidence: r.Confidence, Sentence: r.Sentence, Span: extract.Span{Start: r.Start, End: r.End}}
		}
	}
	return doc, res, nil
}

// Writer writes lines to an underlying writer, buffered: call Flush at the
// end and check Error, as with encoding/csv.
type Writer struct {
	w   *bufio.Writer
	err error
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: bufio.NewWriterSize(w, 256<<10)} }

// Write writes the line of one document and its result.
func (w *Writer) Write(doc extract.Document, res extract.Result) error {
	if w.err != nil {
		return w.err
	}
	b, err := Marshal(doc, res)
	if err != nil {
		return err // this line only: the next may be written
	}
	if _, err := w.w.Write(b); err != nil {
		w.err = err
		return err
	}
	if err := w.w.WriteByte('\n'); err != nil {
		w.err = err
	}
	return w.err
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() {
	if w.err == nil {
		w.err = w.w.Flush()
	}
}

// Error reports any error of a previous Write or Flush.
func (w *Writer) Error() error { return w.err }

// Reader reads lines from an input, one document at a time.
type Reader struct {
	r    *bufio.Reader
	name string
	line int
}

// NewReader returns a Reader of r; name identifies the input in errors.
func NewReader(r io.Reader, name string) *Reader {
	return &Reader{r: bufio.NewReaderSize(r, 256<<10), name: name}
}

// Name returns the name of the input, as given to NewReader.
func (r *Reader) Name() string { return r.name }

// Line returns the number of the line read last, counting from 1.
func (r *Reader) Line() int { return r.line }

// Read returns the next document and its result. Blank lines are skipped.
// At the end of the input it returns io.EOF. A line that does not parse
// gives a *LineError, after which Read may be called again for the next
// line; a read error of the input ends it.
func (r *Reader) Read() (extract.Document, extract.Result, error) {
	for {
		data, err := r.readLine()
		if err != nil {
			return extract.Document{}, extract.Result{}, err
		}
		r.line++
		if len(bytes.TrimSpace(data)) == 0 {
			continue
		}
		doc, res, err := Unmarshal(data)
		if err != nil {
			return doc, res, &LineError{Name: r.name, Line: r.line, Err: err}
		}
		return doc, res, nil
	}
}

// readLine returns the next line without its end, refusing one longer than
// MaxLine; io.EOF at the end of the input.
func (r *Reader) readLine() ([]byte, error) {
	var buf []byte
	for {
		chunk, err := r.r.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > MaxLine {
			return nil, fmt.Errorf("reading %s: line %d is longer than %d bytes", r.name, r.line+1, MaxLine)
		}
		switch {
		case err == nil:
			return bytes.TrimRight(buf, "\r\n"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(buf) > 0:
			return buf, nil
		case errors.Is(err, io.EOF):
			return nil, io.EOF
		default:
			return nil, fmt.Errorf("reading %s: %w", r.name, err)
		}
	}
}

// LineError is a line of a results file that could not be read.
type LineError struct {
	Name string // the input
	Line int    // counting from 1
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.Name, e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }
