package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// streamBlock is how many table lines are aligned together. A table of
// any length is written with flat memory: each block is padded to the
// widest cell seen so far, so columns only widen from block to block. A
// table of one block is the one text/tabwriter prints.
const streamBlock = 1024

// rowStream writes a command's rows as they come, in the output convention
// of output.print (a JSON array, CSV, or an aligned table), through a
// buffer: a command that lists a million entities holds one block of rows,
// not the list, and makes a system call per 64 KiB, not per cell.
type rowStream struct {
	o      output
	w      *bufio.Writer
	header []string
	empty  string
	n      int // rows written

	csv    *csv.Writer
	block  [][]string
	widths []int
}

// stream starts a rowStream under header (snake_case column names); empty,
// when not "", is printed instead of a table without rows.
func (o output) stream(header []string, empty string) *rowStream {
	s := &rowStream{o: o, w: bufio.NewWriterSize(o.w, 64<<10), header: header, empty: empty}
	switch {
	case o.json:
	case o.csv:
		s.csv = csv.NewWriter(s.w)
		s.csv.Write(header)
	default:
		s.widths = make([]int, len(header))
		s.block = append(s.block, upper(header))
	}
	return s
}

func upper(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToUpper(s)
	}
	return out
}

// add writes one result: v as an element of the JSON array, or row as a
// line of CSV or of the table.
func (s *rowStream) add(v any, row []string) error {
	s.n++
	switch {
	case s.o.json:
		data, err := json.MarshalIndent(v, "  ", "  ")
		if err != nil {
			return err
		}
		if s.n == 1 {
			s.w.WriteString("[\n  ")
		} else {
			s.w.WriteString(",\n  ")
		}
		_, err = s.w.Write(data)
		return err
	case s.csv != nil:
		return s.csv.Write(row)
	}
	cells := make([]string, len(row))
	for i := range row {
		cells[i] = cell(row[i], s.o.truncate)
	}
	s.block = append(s.block, cells)
	if len(s.block) >= streamBlock {
		return s.flushBlock()
	}
	return nil
}

// addArray is add for a result that is a JSON array of n items, each
// made and encoded in turn, so that a component of 200,000 entities is
// never one 40 MB string. The bytes are those add would write for the
// whole slice.
func (s *rowStream) addArray(n int, item func(i int) any, row []string) error {
	if !s.o.json {
		return s.add(nil, row)
	}
	s.n++
	if s.n == 1 {
		s.w.WriteString("[\n  ")
	} else {
		s.w.WriteString(",\n  ")
	}
	if n == 0 {
		_, err := s.w.WriteString("[]")
		return err
	}
	s.w.WriteString("[\n    ")
	for i := 0; i < n; i++ {
		if i > 0 {
			s.w.WriteString(",\n    ")
		}
		data, err := json.MarshalIndent(item(i), "    ", "  ")
		if err != nil {
			return err
		}
		if _, err := s.w.Write(data); err != nil {
			return err
		}
	}
	_, err := s.w.WriteString("\n  ]")
	return err
}

// flushBlock pads and writes the table lines held, as text/tabwriter does
// with a padding of 2: every cell but the last of a line is followed by
// spaces up to its column's width plus 2.
func (s *rowStream) flushBlock() error {
	for _, r := range s.block {
		for i := 0; i < len(r)-1; i++ {
			s.widths[i] = max(s.widths[i], utf8.RuneCountInString(r[i]))
		}
	}
	for _, r := range s.block {
		for i, c := range r {
			s.w.WriteString(c)
			if i < len(r)-1 {
				s.w.WriteString(strings.Repeat(" ", s.widths[i]-utf8.RuneCountInString(c)+2))
			}
		}
		if err := s.w.WriteByte('\n'); err != nil {
			return err
		}
	}
	s.block = s.block[:0]
	return nil
}

// close ends the output and flushes it.
func (s *rowStream) close() error {
	switch {
	case s.o.json:
		if s.n == 0 {
			s.w.WriteString("[]\n")
		} else {
			s.w.WriteString("\n]\n")
		}
	case s.csv != nil:
		s.csv.Flush()
		if err := s.csv.Error(); err != nil {
			return err
		}
	case s.n == 0 && s.empty != "":
		s.w.WriteString(s.empty + "\n")
	default:
		if err := s.flushBlock(); err != nil {
			return err
		}
	}
	return s.w.Flush()
}
