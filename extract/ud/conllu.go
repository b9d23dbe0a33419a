package ud

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Reader reads sentences from CoNLL-U input. Empty nodes (IDs such as "8.1")
// of the enhanced representation are skipped; multiword token lines are kept
// in Sentence.Multi.
type Reader struct {
	sc    *bufio.Scanner
	line  int
	docID string
	err   error
}

// NewReader returns a Reader reading CoNLL-U from r.
func NewReader(r io.Reader) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	return &Reader{sc: sc}
}

// Read returns the next sentence, or io.EOF after the last one.
func (r *Reader) Read() (*Sentence, error) {
	if r.err != nil {
		return nil, r.err
	}
	var s *Sentence
	for r.sc.Scan() {
		r.line++
		line := r.sc.Text()
		if strings.TrimSpace(line) == "" {
			if s != nil && len(s.Tokens) > 0 {
				return s, nil
			}
			continue
		}
		if s == nil {
			s = &Sentence{Start: -1, End: -1}
		}
		if strings.HasPrefix(line, "#") {
			c := strings.TrimSpace(strings.TrimPrefix(line, "#"))
			s.Comments = append(s.Comments, c)
			if k, v, ok := strings.Cut(c, "="); ok {
				switch strings.TrimSpace(k) {
				case "newdoc id":
					r.docID = strings.TrimSpace(v)
				case "sent_id":
					s.ID = strings.TrimSpace(v)
				case "text":
					s.Text = strings.TrimPrefix(v, " ")
				}
			}
			s.DocID = r.docID
			continue
		}
		if err := s.addLine(line); err != nil {
			r.err = fmt.Errorf("conllu line %d: %w", r.line, err)
			return nil, r.err
		}
		s.DocID = r.docID
	}
	if err := r.sc.Err(); err != nil {
		r.err = fmt.Errorf("conllu line %d: %w", r.line, err)
		return nil, r.err
	}
	r.err = io.EOF
	if s != nil && len(s.Tokens) > 0 {
		return s, nil
	}
	return nil, io.EOF
}

func (s *Sentence) addLine(line string) error {
	f := strings.Split(line, "\t")
	if len(f) != 10 {
		return fmt.Errorf("want 10 tab-separated fields, got %d", len(f))
	}
	id := f[0]
	if strings.Contains(id, ".") {
		return nil // empty node of the enhanced graph
	}
	if a, b, ok := strings.Cut(id, "-"); ok {
		first, err1 := strconv.Atoi(a)
		last, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || last < first {
			return fmt.Errorf("bad multiword id %q", id)
		}
		s.Multi = append(s.Multi, MultiWord{First: first, Last: last, Form: f[1], Misc: f[9]})
		return nil
	}
	n, err := strconv.Atoi(id)
	if err != nil || n != len(s.Tokens)+1 {
		return fmt.Errorf("bad token id %q", id)
	}
	head := -1
	if f[6] != "_" {
		head, err = strconv.Atoi(f[6])
		if err != nil {
			return fmt.Errorf("bad head %q", f[6])
		}
	}
	s.Tokens = append(s.Tokens, Token{
		ID: n, Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4], Feats: f[5],
		Head: head, Deprel: f[7], Misc: f[9], Start: -1, End: -1,
	})
	return nil
}

// ReadAll reads every sentence from r.
func ReadAll(r io.Reader) ([]*Sentence, error) {
	cr := NewReader(r)
	var out []*Sentence
	for {
		s, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
}

// ReadFile reads every sentence of the CoNLL-U file at path.
func ReadFile(path string) ([]*Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Write writes s to w in CoNLL-U, comments first, multiword lines before
// their first word.
func Write(w io.Writer, s *Sentence) error {
	bw := bufio.NewWriter(w)
	for _, c := range s.Comments {
		fmt.Fprintf(bw, "# %s\n", c)
	}
	if len(s.Comments) == 0 {
		if s.ID != "" {
			fmt.Fprintf(bw, "# sent_id = %s\n", s.ID)
		}
		if s.Text != "" {
			fmt.Fprintf(bw, "# text = %s\n", s.Text)
		}
	}
	mi := 0
	for _, t := range s.Tokens {
		for mi < len(s.Multi) && s.Multi[mi].First == t.ID {
			m := s.Multi[mi]
			fmt.Fprintf(bw, "%d-%d\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", m.First, m.Last, m.Form, orUnderscore(m.Misc))
			mi++
		}
		head := "_"
		if t.Head >= 0 {
			head = strconv.Itoa(t.Head)
		}
		fmt.Fprintf(bw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t_\t%s\n", t.ID, t.Form, orUnderscore(t.Lemma),
			orUnderscore(t.UPOS), orUnderscore(t.XPOS), orUnderscore(t.Feats), head, orUnderscore(t.Deprel), orUnderscore(t.Misc))
	}
	bw.WriteString("\n")
	return bw.Flush()
}

func orUnderscore(s string) string {
	if s == "" {
		return "_"
	}
	return s
}
