package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"kg/extract"
)

// scanLine reads the next non-blank line of a JSON Lines input as a
// document. A line longer than the limit is skipped to its end and
// rejected; a malformed one is rejected; either way the scan goes on.
func (s *Scanner) scanLine() bool {
	for {
		before := s.consumed
		line, tooLong, err := s.readLine()
		if err != nil && err != io.EOF {
			s.fail(err)
			return false
		}
		if len(line) == 0 && !tooLong && err == io.EOF {
			s.done = true
			return s.emptyInput()
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
				return s.emptyInput()
			}
			continue
		}
		if !s.seen {
			s.seen = true
			// A JSON array, or one object written over several lines
			// (pretty-printed), is not JSON Lines: decode it as a stream.
			trimmed := bytes.TrimSpace(line)
			if trimmed[0] == '[' || trimmed[0] == '{' && !json.Valid(trimmed) {
				s.streamAt = before
				return s.startStream(line, trimmed[0] == '[')
			}
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

// emptyInput reports, once, an input that ended before any non-blank line:
// an empty JSON Lines file is an input with nothing to read, as an empty
// text file is.
func (s *Scanner) emptyInput() bool {
	if s.seen {
		return false
	}
	s.seen = true
	s.docErr = &Error{Name: s.name, Err: ErrEmpty}
	return true
}

// readLine returns the next line without its line end. When the line is
// longer than the limit, it discards the rest of it and reports tooLong.
func (s *Scanner) readLine() (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := s.r.ReadSlice('\n')
		s.consumed += int64(len(chunk))
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

// startStream begins reading the input from line, its first non-blank
// line, as a JSON array of articles (when array is set) or a sequence of
// objects each over several lines. The elements are decoded one at a time,
// so the input need not fit in memory, only each article.
func (s *Scanner) startStream(line []byte, array bool) bool {
	rest := io.MultiReader(bytes.NewReader(line), strings.NewReader("\n"), s.r)
	s.array = json.NewDecoder(rest)
	s.done = false
	if array {
		if _, err := s.array.Token(); err != nil { // the '['
			s.done = true
			s.docErr = &Error{Name: s.name, Err: fmt.Errorf("%w: %v", ErrMalformed, err)}
			return true
		}
	}
	return s.scanItem()
}

// scanItem reads the next element of a JSON array as a document. An array
// whose first element is not an object is refused as a whole; a later
// element that is not an article is rejected alone. JSON that is not well
// formed ends the scan, since an array cannot be resynchronised.
func (s *Scanner) scanItem() bool {
	if s.done || !s.array.More() {
		s.done = true
		return false
	}
	var raw json.RawMessage
	err := s.array.Decode(&raw)
	s.item++
	if err != nil {
		s.done = true
		s.docErr = &Error{Name: s.name, Item: s.item, Err: fmt.Errorf("%w: %v", ErrMalformed, err)}
		return true
	}
	if int64(len(raw)) > s.max {
		s.docErr = &Error{Name: s.name, Item: s.item, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, s.max)}
		return true
	}
	if raw[0] != '{' && s.item == 1 {
		s.done = true
		s.docErr = &Error{Name: s.name, Err: fmt.Errorf("%w: its first element is %s, not an object with a text string", ErrNotArticles, clip(string(raw), 20))}
		return true
	}
	d, err := s.decode(raw)
	if err != nil {
		s.docErr = &Error{Name: s.name, Item: s.item, Err: err}
		return true
	}
	s.finish(d, s.name+"#"+strconv.Itoa(s.item))
	return true
}

// defaultText are the members tried, in order, for the text when
// Fields.Text is not set.
var defaultText = []string{"text", "body", "content"}

// decode makes a document of one JSON object.
func (s *Scanner) decode(data []byte) (extract.Document, error) {
	if err := checkText(data); err != nil {
		return extract.Document{}, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return extract.Document{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	textNames := defaultText
	if s.fields.Text != "" {
		textNames = []string{s.fields.Text}
	}
	var (
		raw  json.RawMessage
		name string
	)
	for _, n := range textNames {
		if r, ok := obj[n]; ok {
			raw, name = r, n
			break
		}
	}
	var text string
	if len(raw) == 0 || json.Unmarshal(raw, &text) != nil || string(raw) == "null" {
		if len(raw) > 0 {
			return extract.Document{}, fmt.Errorf("%w: %q is %s, not a string", ErrNoText, name, clip(string(raw), 20))
		}
		return extract.Document{}, fmt.Errorf("%w: none of %s (it has %s)", ErrNoText, quoteAll(textNames, ", "), quoteAll(sortedKeys(obj), ", "))
	}
	if err := checkText([]byte(text)); err != nil {
		return extract.Document{}, fmt.Errorf("%s: %w", name, err) // "\u0000" escapes
	}
	idName := firstNonEmpty(s.fields.ID, "id")
	published := stringField(obj[s.fields.Date])
	if s.fields.Date == "" {
		published = firstNonEmpty(stringField(obj["published"]), stringField(obj["date"]))
	}
	d := extract.Document{
		Text:      normalize(text),
		Title:     strings.TrimSpace(stringField(obj["title"])),
		Published: NormalizeDate(published),
	}
	if u := stringField(obj["url"]); u != "" {
		d.URI, d.Key = u, u
	} else if id := stringField(obj[idName]); id != "" {
		d.URI, d.Key = s.name+"#"+id, id
	}
	return d, nil
}

// quoteAll returns the names quoted and joined by sep, or "no members".
func quoteAll(names []string, sep string) string {
	if len(names) == 0 {
		return "no members"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, sep)
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
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
