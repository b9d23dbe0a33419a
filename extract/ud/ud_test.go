package ud

import (
	"slices"
	"strings"
	"testing"
)

func TestSentenceVector(t *testing.T) {
	two := []Token{{Form: "a"}, {Form: "b"}}
	tests := []struct {
		name string
		s    Sentence
		i    int
		want []float32
	}{
		{"none", Sentence{Tokens: two}, 1, nil},
		{"no tokens", Sentence{Vectors: []float32{1}}, 0, nil},
		{"first", Sentence{Tokens: two, Vectors: []float32{1, 2, 3, 4, 5, 6}}, 0, []float32{1, 2, 3}},
		{"second", Sentence{Tokens: two, Vectors: []float32{1, 2, 3, 4, 5, 6}}, 1, []float32{4, 5, 6}},
	}
	for _, tt := range tests {
		if got := tt.s.Vector(tt.i); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Vector(%d) = %v, want %v", tt.name, tt.i, got, tt.want)
		}
	}
}

func TestHeads(t *testing.T) {
	tests := []struct {
		name  string
		heads []int // 1-based CoNLL-U heads
		want  []int
	}{
		{"a tree", []int{2, 0, 2}, []int{1, -1, 1}},
		{"out of range and self", []int{9, 2, 0}, []int{-1, -1, -1}},
		{"a cycle is cut at its first token", []int{2, 1, 0}, []int{-1, 0, -1}},
		{"a tail into a cycle", []int{2, 3, 2}, []int{-1, -1, 1}},
	}
	for _, tt := range tests {
		s := &Sentence{}
		for i, h := range tt.heads {
			s.Tokens = append(s.Tokens, Token{ID: i + 1, Head: h})
		}
		if got := s.Heads(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Heads of %v = %v, want %v", tt.name, tt.heads, got, tt.want)
		}
	}
}

func TestIsScore(t *testing.T) {
	tests := []struct {
		forms string
		j     int
		want  bool
	}{
		{"beat Celtic 2 - 1 on", 2, true},
		{"lost 1 – 2 to", 1, true},
		{"drew 3 — 3", 1, true},
		{"beat Celtic 2 - 1 on", 1, false}, // not at a number
		{"in 2018 - 2019", 1, false},       // years
		{"pages 1 to 3", 1, false},         // no dash
		{"won 2 - 1", 2, false},            // runs off the end
		{"a 10 - x b", 1, false},           // not a number after the dash
		{"", 0, false},
	}
	for _, tt := range tests {
		s := &Sentence{}
		for _, f := range strings.Fields(tt.forms) {
			s.Tokens = append(s.Tokens, Token{Form: f})
		}
		if got := s.IsScore(tt.j); got != tt.want {
			t.Errorf("IsScore(%q, %d) = %v, want %v", tt.forms, tt.j, got, tt.want)
		}
	}
}
