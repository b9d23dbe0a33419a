package parse

import (
	"math"
	"math/rand/v2"
	"testing"
)

// bruteForce returns the best score of a tree over T nodes (root 0 with
// exactly one dependent) by enumerating every head assignment.
func bruteForce(s []float32, T int) float64 {
	heads := make([]int, T)
	best := math.Inf(-1)
	var rec func(d int)
	rec = func(d int) {
		if d == T {
			roots := 0
			for i := 1; i < T; i++ {
				if heads[i] == 0 {
					roots++
				}
			}
			if roots != 1 || !acyclic(heads) {
				return
			}
			best = math.Max(best, treeScore(s, T, heads))
			return
		}
		for h := 0; h < T; h++ {
			if h != d {
				heads[d] = h
				rec(d + 1)
			}
		}
	}
	heads[0] = -1
	rec(1)
	return best
}

func treeScore(s []float32, T int, heads []int) float64 {
	total := 0.0
	for d := 1; d < T; d++ {
		total += float64(s[d*T+heads[d]])
	}
	return total
}

func TestDecodeFindsBestTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var cw cleWork
	for trial := 0; trial < 300; trial++ {
		T := 2 + rng.IntN(6) // up to 6 words: 6^6 assignments
		s := make([]float32, T*T)
		for i := range s {
			s[i] = float32(rng.NormFloat64() * 3)
		}
		if trial%3 == 0 { // make the root attractive to every word: the one-root rule must bite
			for d := 1; d < T; d++ {
				s[d*T] += 5
			}
		}
		heads := decode(&cw, s, T, nil)
		if T > 1 && !acyclic(heads) {
			t.Fatalf("trial %d: decode returned a cyclic structure %v", trial, heads)
		}
		roots := 0
		for d := 1; d < T; d++ {
			if heads[d] == 0 {
				roots++
			}
			if heads[d] == d || heads[d] < 0 || heads[d] >= T {
				t.Fatalf("trial %d: bad head %d for word %d", trial, heads[d], d)
			}
		}
		if T > 1 && roots != 1 {
			t.Fatalf("trial %d: %d dependents of the root in %v", trial, roots, heads)
		}
		if got, want := treeScore(s, T, heads), bruteForce(s, T); math.Abs(got-want) > 1e-4 {
			t.Errorf("trial %d (T=%d): tree score %.4f, best %.4f; heads %v", trial, T, got, want, heads)
		}
	}
}
