package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// The phases every writer goes through, in this order. A writer moves
// forward only; each step writes what the format needs between sections.
const (
	phaseStart = iota
	phaseNodes
	phaseEdges
	phaseClosed
)

var (
	// ErrNodeAfterEdge is returned by WriteNode once an edge was written:
	// every format here puts all nodes before all edges.
	ErrNodeAfterEdge = errors.New("export: node written after an edge")
	// ErrClosed is returned by writes after Close.
	ErrClosed = errors.New("export: write after Close")
)

// stream holds what all writers share: a buffered output, a scratch buffer
// reused for every unit (so writing allocates nothing per node or edge),
// the current phase and the first error, which sticks.
type stream struct {
	name  string // format name for error messages
	w     *bufio.Writer
	buf   []byte
	phase int
	err   error
	// step is called once for each phase entered after phaseStart, in order.
	step func(to int)
}

func newStream(name string, w io.Writer, step func(to int)) stream {
	return stream{name: name, w: bufio.NewWriterSize(w, 64<<10), buf: make([]byte, 0, 1024), step: step}
}

// enter moves the writer to phase p, running every step in between, and
// reports whether the caller may write.
func (s *stream) enter(p int) error {
	if s.err != nil {
		return s.err
	}
	if s.phase == phaseClosed {
		return ErrClosed
	}
	if p < s.phase {
		return ErrNodeAfterEdge
	}
	for s.phase < p {
		s.phase++
		s.step(s.phase)
	}
	return s.err
}

// flushBuf writes the scratch buffer and empties it.
func (s *stream) flushBuf() {
	if s.err == nil {
		if _, err := s.w.Write(s.buf); err != nil {
			s.err = fmt.Errorf("export %s: %w", s.name, err)
		}
	}
	s.buf = s.buf[:0]
}

// close enters the closed phase and flushes.
func (s *stream) close() error {
	if s.phase == phaseClosed {
		return s.err
	}
	if err := s.enter(phaseClosed); err != nil {
		return err
	}
	if err := s.w.Flush(); err != nil && s.err == nil {
		s.err = fmt.Errorf("export %s: %w", s.name, err)
	}
	return s.err
}
