package parse

// Transitions of the arc-eager system (Nivre 2003). Labels are chosen by a
// separate classifier once LeftArc or RightArc is decided, which keeps the
// transition weight rows four floats wide.
const (
	shift = iota
	reduce
	leftArc
	rightArc
	nTrans
)

// state is a parser configuration over tokens 0..n, where 0 is the
// artificial root and n+1 a null slot used for absent positions, so feature
// extraction never branches on bounds.
type state struct {
	n      int
	stack  []int
	b      int // front of the buffer; the buffer is empty when b > n
	head   []int
	label  []int
	l1, l2 []int // leftmost and second leftmost child, null when none
	r1, r2 []int // rightmost and second rightmost child
	nl, nr []int // left and right valency
	ls, rs []uint64
}

func (st *state) null() int { return st.n + 1 }

// reset prepares st for a sentence of n words, reusing its slices.
func (st *state) reset(n int) {
	st.n = n
	m := n + 2
	grow := func(s []int) []int {
		if cap(s) < m {
			return make([]int, m)
		}
		return s[:m]
	}
	st.head, st.label = grow(st.head), grow(st.label)
	st.l1, st.l2, st.r1, st.r2 = grow(st.l1), grow(st.l2), grow(st.r1), grow(st.r2)
	st.nl, st.nr = grow(st.nl), grow(st.nr)
	if cap(st.ls) < m {
		st.ls, st.rs = make([]uint64, m), make([]uint64, m)
	}
	st.ls, st.rs = st.ls[:m], st.rs[:m]
	for i := 0; i < m; i++ {
		st.head[i], st.label[i] = -1, -1
		st.l1[i], st.l2[i], st.r1[i], st.r2[i] = m-1, m-1, m-1, m-1
		st.nl[i], st.nr[i] = 0, 0
		st.ls[i], st.rs[i] = 0, 0
	}
	st.stack = append(st.stack[:0], 0)
	st.b = 1
}

func (st *state) s0() int {
	if len(st.stack) == 0 {
		return st.null()
	}
	return st.stack[len(st.stack)-1]
}

func (st *state) s1() int {
	if len(st.stack) < 2 {
		return st.null()
	}
	return st.stack[len(st.stack)-2]
}

// buf returns the i-th buffer position, or null past the end.
func (st *state) buf(i int) int {
	if j := st.b + i; j <= st.n {
		return j
	}
	return st.null()
}

func (st *state) done() bool { return st.b > st.n }

// legal reports whether transition t may be applied. No arc leaves the
// artificial root during parsing: the sentence's root word is decided once
// the buffer is empty (see Model.finish), so the parser never commits to a
// root early, as arc-eager does with the root in front (Ballesteros and
// Nivre 2013). The root word is the one headless word left on the stack.
func (st *state) legal(t int) bool {
	s := st.s0()
	switch t {
	case shift:
		return st.b <= st.n
	case reduce:
		return s != 0 && s <= st.n && st.head[s] >= 0
	case leftArc:
		return st.b <= st.n && s != 0 && s <= st.n && st.head[s] < 0
	case rightArc:
		return st.b <= st.n && s != 0
	}
	return false
}

func (st *state) addArc(h, d, lab int) {
	st.head[d], st.label[d] = h, lab
	bit := uint64(1) << uint(lab&63)
	nul := st.null()
	if d < h {
		st.nl[h]++
		st.ls[h] |= bit
		if st.l1[h] == nul || d < st.l1[h] {
			st.l2[h], st.l1[h] = st.l1[h], d
		} else if st.l2[h] == nul || d < st.l2[h] {
			st.l2[h] = d
		}
	} else {
		st.nr[h]++
		st.rs[h] |= bit
		if st.r1[h] == nul || d > st.r1[h] {
			st.r2[h], st.r1[h] = st.r1[h], d
		} else if st.r2[h] == nul || d > st.r2[h] {
			st.r2[h] = d
		}
	}
}

// apply performs t; lab is the label of the arc LeftArc and RightArc add.
func (st *state) apply(t, lab int) {
	switch t {
	case shift:
		st.stack = append(st.stack, st.b)
		st.b++
	case reduce:
		st.stack = st.stack[:len(st.stack)-1]
	case leftArc:
		st.addArc(st.b, st.s0(), lab)
		st.stack = st.stack[:len(st.stack)-1]
	case rightArc:
		st.addArc(st.s0(), st.b, lab)
		st.stack = append(st.stack, st.b)
		st.b++
	}
}

// arc returns the head and dependent of the arc transition t would add.
func (st *state) arc(t int) (h, d int) {
	if t == leftArc {
		return st.b, st.s0()
	}
	return st.s0(), st.b
}

// cost is the number of gold arcs that applying t makes unreachable: the
// dynamic oracle of Goldberg and Nivre (2012) for arc-eager. gold holds the
// gold head of each word (index 1..n).
func (st *state) cost(t int, gold []int) int {
	s, b := st.s0(), st.b
	c := 0
	switch t {
	case shift:
		// b loses its head and its dependents on the stack; the root
		// word is meant to be shifted.
		if g := gold[b]; g != 0 && st.reachableInStack(g) {
			c++
		}
		c += st.stackDeps(b, gold)
	case reduce:
		for k := b; k <= st.n; k++ {
			if gold[k] == s {
				c++
			}
		}
	case leftArc:
		for k := b; k <= st.n; k++ {
			if gold[k] == s {
				c++
			}
		}
		if gold[s] > b || gold[s] == 0 {
			c++
		}
	case rightArc:
		if g := gold[b]; g != s && (g > b || st.reachableInStack(g)) {
			c++
		}
		c += st.stackDeps(b, gold)
	}
	return c
}

// reachableInStack reports whether g is on the stack and can still take a
// dependent; the root stays reachable for the root word, which gets it at
// the end.
func (st *state) reachableInStack(g int) bool {
	if g == 0 {
		return true
	}
	for _, k := range st.stack {
		if k == g {
			return true
		}
	}
	return false
}

// stackDeps counts headless stack words whose gold head is b.
func (st *state) stackDeps(b int, gold []int) int {
	c := 0
	for _, k := range st.stack {
		if k != 0 && gold[k] == b && st.head[k] < 0 {
			c++
		}
	}
	return c
}
