package ud

import (
	"slices"
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
