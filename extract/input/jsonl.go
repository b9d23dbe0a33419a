package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"kg/extract"
)

// record is one JSON Lines article: {"text": …, "id": …, "url": …,
// "title": …, "published": …}. Fields other than text are optional.
type record struct {
	Text      json.RawMessage `json:"text"`
	ID        json.RawMessage `json:"id"`
	URL       json.RawMessage `json:"url"`
	Title     json.RawMessage `json:"title"`
	Published json.RawMessage `json:"published"`
	Date      json.RawMessage `json:"date"` // used when published is absent
}

// scanLine reads the next non-blank line of a JSON Lines input as a
// document. A line longer than the limit is skipped to its end and
// rejected; a malformed one is rejected; either way the scan goes on.
func (s *Scanner) scanLine() bool {
	for {
		line, tooLong, err := s.readLine()
		if err != nil && err != io.EOF {
			s.fail(err)
			return false
		}
		if len(line) == 0 && !tooLong && err == io.EOF {
			s.done = true
			return false
		}
		s.line++
		if err == io.EOF {
			s.done = true
		}
		if tooLong {
			s.docErr = &Error{Name: s.name, Line: s.line, Err: fmt.Errorf("%w: line longer than %d bytes", ErrTooLarge, s.max)}
			return true
		}
		if s.line == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			if s.done {
				return false
			}
			continue
		}
		d, err := s.decode(line)
		if err != nil {
			s.docErr = &Error{Name: s.name, Line: s.line, Err: err}
			return true
		}
		s.finish(d, s.name+":"+strconv.Itoa(s.line))
		return true
	}
}

// readLine returns the next line without its line end. When the line is
// longer than the limit, it discards the rest of it and reports tooLong.
func (s *Scanner) readLine() (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := s.r.ReadSlice('\n')
		if !tooLong {
			if int64(len(buf)+len(chunk)) > s.max+1 { // +1: the newline
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch err {
		case nil:
			return bytes.TrimRight(buf, "\r\n"), tooLong, nil
		case bufio.ErrBufferFull:
			continue
		default:
			return bytes.TrimRight(buf, "\r\n"), tooLong, err
		}
	}
}

// decode makes a document of one JSON object.
func (s *Scanner) decode(line []byte) (extract.Document, error) {
	if err := checkText(line); err != nil {
		return extract.Document{}, err
	}
	var r record
	if err := json.Unmarshal(line, &r); err != nil {
		return extract.Document{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	var text string
	if len(r.Text) == 0 || json.Unmarshal(r.Text, &text) != nil || string(r.Text) == "null" {
		what := "missing"
		if len(r.Text) > 0 {
			what = "not a string: " + clip(string(r.Text), 20)
		}
		return extract.Document{}, fmt.Errorf("%w (%s)", ErrNoText, what)
	}
	if err := checkText([]byte(text)); err != nil {
		return extract.Document{}, fmt.Errorf("text: %w", err) // "\u0000" escapes
	}
	d := extract.Document{
		Text:      normalize(text),
		Title:     strings.TrimSpace(stringField(r.Title)),
		Published: NormalizeDate(firstNonEmpty(stringField(r.Published), stringField(r.Date))),
	}
	if u := stringField(r.URL); u != "" {
		d.URI, d.Key = u, u
	} else if id := stringField(r.ID); id != "" {
		d.URI, d.Key = s.name+"#"+id, id
	}
	return d, nil
}

// stringField returns a JSON string's value, a number's text, or "".
func stringField(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var v string
	if json.Unmarshal(raw, &v) == nil {
		return v
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

func clip(s string, n int) string {
	for i := range s {
		if i >= n {
			return s[:i] + "…"
		}
	}
	return s
}
