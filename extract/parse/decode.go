package parse

import "math"

// Tree decoding: the highest-scoring dependency tree over the arc scores,
// with the root taking exactly one dependent, by the Chu-Liu-Edmonds
// algorithm (Chu and Liu 1965, Edmonds 1967). Trees may be non-projective,
// as UD trees sometimes are.

// forbidden scores an arc that may not be chosen; finite, so that
// differences of scores never become NaN.
const forbidden = -1e30

// cleWork is decoding scratch space.
type cleWork struct {
	score []float64
}

// decode returns the head of each word 1..T-1 (index 0 unused) for the T×T
// score matrix s (s[d*T+h]: word d headed by h; row 0 is the root's).
func decode(cw *cleWork, s []float32, T int, heads []int) []int {
	heads = append(heads[:0], make([]int, T)...)
	heads[0] = -1
	if T == 1 {
		return heads
	}
	// Most trees come out of the greedy choice already well formed.
	roots := 0
	for d := 1; d < T; d++ {
		best := -1
		for h := 0; h < T; h++ {
			if h != d && (best < 0 || s[d*T+h] > s[d*T+best]) {
				best = h
			}
		}
		heads[d] = best
		if best == 0 {
			roots++
		}
	}
	if roots == 1 && acyclic(heads) {
		return heads
	}
	if cap(cw.score) < T*T {
		cw.score = make([]float64, T*T)
	}
	sc := cw.score[:T*T]
	for i, v := range s[:T*T] {
		sc[i] = max(float64(v), forbidden)
	}
	for d := 0; d < T; d++ {
		sc[d*T+d] = forbidden
	}
	for h := 0; h < T; h++ {
		sc[h] = forbidden // the root has no head
	}
	tree := cle(sc, T)
	var rootKids []int
	for d := 1; d < T; d++ {
		if tree[d] == 0 {
			rootKids = append(rootKids, d)
		}
	}
	if len(rootKids) == 1 {
		copy(heads, tree)
		return heads
	}
	// Several dependents of the root: try each as the only one and keep
	// the best tree.
	bestScore := 0.0
	var best []int
	for _, r := range rootKids {
		c := make([]float64, len(sc))
		copy(c, sc)
		for d := 1; d < T; d++ {
			if d != r {
				c[d*T] = forbidden
			}
		}
		t := cle(c, T)
		total := 0.0
		for d := 1; d < T; d++ {
			total += sc[d*T+t[d]]
		}
		if best == nil || total > bestScore {
			best, bestScore = t, total
		}
	}
	copy(heads, best)
	return heads
}

func acyclic(heads []int) bool {
	n := len(heads)
	for i := 1; i < n; i++ {
		k, steps := i, 0
		for k != 0 {
			k = heads[k]
			if steps++; steps > n || k < 0 {
				return false
			}
		}
	}
	return true
}

// cle returns the maximum spanning arborescence rooted at node 0 of the
// n-node graph with arc scores sc[d*n+h], as a head per node.
func cle(sc []float64, n int) []int {
	heads := make([]int, n)
	heads[0] = -1
	for d := 1; d < n; d++ {
		best := -1
		for h := 0; h < n; h++ {
			if h != d && (best < 0 || sc[d*n+h] > sc[d*n+best]) {
				best = h
			}
		}
		heads[d] = best
	}
	cycle := findCycle(heads)
	if cycle == nil {
		return heads
	}
	inCycle := make([]bool, n)
	for _, c := range cycle {
		inCycle[c] = true
	}
	// Contract the cycle into one node, the last of the smaller graph.
	old := make([]int, 0, n) // new index → old node
	for v := 0; v < n; v++ {
		if !inCycle[v] {
			old = append(old, v)
		}
	}
	m := len(old) + 1
	c := m - 1
	nsc := make([]float64, m*m)
	for i := range nsc {
		nsc[i] = forbidden
	}
	enter := make([]int, m) // for a word outside: its best head inside the cycle
	leave := make([]int, m) // for a head outside: the cycle word it best heads
	for di, d := range old {
		for hi, h := range old {
			nsc[di*m+hi] = sc[d*n+h]
		}
		best := math.Inf(-1)
		for _, h := range cycle {
			if v := sc[d*n+h]; v > best {
				best, enter[di] = v, h
			}
		}
		nsc[di*m+c] = best
	}
	for hi, h := range old {
		best := math.Inf(-1)
		for _, d := range cycle {
			if v := sc[d*n+h] - sc[d*n+heads[d]]; v > best {
				best, leave[hi] = v, d
			}
		}
		nsc[c*m+hi] = best
	}
	sub := cle(nsc, m)
	out := make([]int, n)
	out[0] = -1
	for _, d := range cycle {
		out[d] = heads[d]
	}
	for di, d := range old {
		if d == 0 {
			continue
		}
		if h := sub[di]; h == c {
			out[d] = enter[di]
		} else {
			out[d] = old[h]
		}
	}
	h := sub[c]
	out[leave[h]] = old[h]
	return out
}

// findCycle returns the nodes of a cycle of heads, or nil.
func findCycle(heads []int) []int {
	n := len(heads)
	state := make([]int8, n) // 0 unvisited, 1 on the current path, 2 done
	state[0] = 2
	for start := 1; start < n; start++ {
		v := start
		for state[v] == 0 {
			state[v] = 1
			v = heads[v]
		}
		if state[v] == 1 {
			cycle := []int{v}
			for u := heads[v]; u != v; u = heads[u] {
				cycle = append(cycle, u)
			}
			return cycle
		}
		for v = start; state[v] == 1; v = heads[v] {
			state[v] = 2
		}
	}
	return nil
}
