package parse

import (
	"kg/extract/internal/featurehash"
	"strings"
	"unicode/utf8"

	"kg/extract/ud"
)

// words holds per-token hashed attributes of a sentence, index 0 being the
// root and n+1 the null slot, computed once so that feature extraction is
// integer arithmetic only.
type words struct {
	w, p, u, sfx, shape, amb []uint64
}

const (
	rootVal = 0x5bd1e9955bd1e995
	nullVal = 0x27d4eb2f165667c5
)

func (ws *words) reset(s *ud.Sentence, amb map[uint64]uint64) {
	n := len(s.Tokens)
	m := n + 2
	grow := func(a []uint64) []uint64 {
		if cap(a) < m {
			return make([]uint64, m)
		}
		return a[:m]
	}
	ws.w, ws.p, ws.u, ws.sfx, ws.shape, ws.amb = grow(ws.w), grow(ws.p), grow(ws.u), grow(ws.sfx), grow(ws.shape), grow(ws.amb)
	for _, a := range [][]uint64{ws.w, ws.p, ws.u, ws.sfx, ws.shape, ws.amb} {
		a[0], a[n+1] = rootVal, nullVal
	}
	for i := range s.Tokens {
		t := &s.Tokens[i]
		f := lowerForm(t.Form)
		ws.w[i+1] = featurehash.String(f)
		ws.p[i+1] = featurehash.String(t.XPOS)
		ws.u[i+1] = featurehash.String(t.UPOS)
		ws.sfx[i+1] = featurehash.String(suffix(f, 3))
		ws.shape[i+1] = shapeOf(t.Form)
		if a, ok := amb[ws.w[i+1]]; ok {
			ws.amb[i+1] = a
		} else {
			ws.amb[i+1] = ws.shape[i+1] // unknown word: its shape
		}
	}
}

// lowerForm lowercases ASCII quickly and falls back to strings.ToLower.
func lowerForm(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
		if 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

func suffix(s string, k int) string {
	n := 0
	for i := len(s); i > 0; {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n++
		if n == k {
			return s[i:]
		}
	}
	return s
}

// shapeOf summarises capitalisation and digits, useful for names and
// numbers the word features have not seen.
func shapeOf(s string) uint64 {
	var v uint64
	for i, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			if i == 0 {
				v |= 1
			} else {
				v |= 2
			}
		case r >= '0' && r <= '9':
			v |= 4
		case r == '-':
			v |= 8
		case r >= 'a' && r <= 'z':
			v |= 16
		}
	}
	return v + 0x100
}

func mix(h, v uint64) uint64 {
	h ^= v
	h *= 0xbf58476d1ce4e5b9
	return h ^ (h >> 31)
}

func f1(t int, a uint64) uint64    { return mix(mix(uint64(t)*0x9e3779b97f4a7c15, a), 1) }
func f2(t int, a, b uint64) uint64 { return mix(mix(mix(uint64(t)*0x9e3779b97f4a7c15, a), b), 2) }
func f3(t int, a, b, c uint64) uint64 {
	return mix(mix(mix(mix(uint64(t)*0x9e3779b97f4a7c15, a), b), c), 3)
}
func f4(t int, a, b, c, d uint64) uint64 {
	return mix(mix(mix(mix(mix(uint64(t)*0x9e3779b97f4a7c15, a), b), c), d), 4)
}

// nTransFeats is the number of transition features; features writes
// exactly this many hashes.
const nTransFeats = 104

func dist(a, b int) uint64 {
	d := b - a
	if d < 0 {
		d = -d
	}
	switch {
	case d > 10:
		d = 11 + min(d/10, 3)
	}
	return uint64(d)
}

func lab(st *state, i int) uint64 { return uint64(st.label[i] + 2) }

// features fills f with the transition features of configuration st: the
// templates of Zhang and Nivre (2011) — words, tags, distance, valency,
// second- and third-order children and label sets — plus s1, UPOS and
// suffix/shape templates.
func features(st *state, ws *words, f []uint64) {
	s0, s1 := st.s0(), st.s1()
	n0, n1, n2 := st.buf(0), st.buf(1), st.buf(2)
	nul := st.null()
	s0h, s0h2 := nul, nul
	if s0 <= st.n && st.head[s0] >= 0 {
		s0h = st.head[s0]
		if st.head[s0h] >= 0 {
			s0h2 = st.head[s0h]
		}
	}
	s0l, s0l2, s0r, s0r2 := st.l1[s0], st.l2[s0], st.r1[s0], st.r2[s0]
	n0l, n0l2 := st.l1[n0], st.l2[n0]
	w, p, u := ws.w, ws.p, ws.u

	s0w, s0p, n0w, n0p := w[s0], p[s0], w[n0], p[n0]
	n1w, n1p, n2w, n2p := w[n1], p[n1], w[n2], p[n2]
	var d uint64 = 99
	if s0 != 0 && n0 != nul {
		d = dist(s0, n0)
	}
	k := 0
	add := func(h uint64) { f[k] = h; k++ }
	// Single words.
	add(f2(1, s0w, s0p))
	add(f1(2, s0w))
	add(f1(3, s0p))
	add(f2(4, n0w, n0p))
	add(f1(5, n0w))
	add(f1(6, n0p))
	add(f2(7, n1w, n1p))
	add(f1(8, n1w))
	add(f1(9, n1p))
	add(f2(10, n2w, n2p))
	add(f1(11, n2w))
	add(f1(12, n2p))
	// Word pairs.
	add(f4(13, s0w, s0p, n0w, n0p))
	add(f3(14, s0w, s0p, n0w))
	add(f3(15, s0w, n0w, n0p))
	add(f3(16, s0w, s0p, n0p))
	add(f3(17, s0p, n0w, n0p))
	add(f2(18, s0w, n0w))
	add(f2(19, s0p, n0p))
	add(f2(20, n0p, n1p))
	// Tag trigrams.
	add(f3(21, n0p, n1p, n2p))
	add(f3(22, s0p, n0p, n1p))
	add(f3(23, p[s0h], s0p, n0p))
	add(f3(24, s0p, p[s0l], n0p))
	add(f3(25, s0p, p[s0r], n0p))
	add(f3(26, s0p, n0p, p[n0l]))
	// Distance.
	add(f2(27, s0w, d))
	add(f2(28, s0p, d))
	add(f2(29, n0w, d))
	add(f2(30, n0p, d))
	add(f3(31, s0w, n0w, d))
	add(f3(32, s0p, n0p, d))
	// Valency.
	vr, vl, nvl := uint64(st.nr[s0]), uint64(st.nl[s0]), uint64(st.nl[n0])
	add(f2(33, s0w, vr))
	add(f2(34, s0p, vr))
	add(f2(35, s0w, vl))
	add(f2(36, s0p, vl))
	add(f2(37, n0w, nvl))
	add(f2(38, n0p, nvl))
	// Unigrams of heads and children.
	add(f1(39, w[s0h]))
	add(f1(40, p[s0h]))
	add(f1(41, lab(st, s0)))
	add(f1(42, w[s0l]))
	add(f1(43, p[s0l]))
	add(f1(44, lab(st, s0l)))
	add(f1(45, w[s0r]))
	add(f1(46, p[s0r]))
	add(f1(47, lab(st, s0r)))
	add(f1(48, w[n0l]))
	add(f1(49, p[n0l]))
	add(f1(50, lab(st, n0l)))
	// Third order.
	add(f1(51, w[s0h2]))
	add(f1(52, p[s0h2]))
	add(f1(53, lab(st, s0h)))
	add(f1(54, w[s0l2]))
	add(f1(55, p[s0l2]))
	add(f1(56, lab(st, s0l2)))
	add(f1(57, w[s0r2]))
	add(f1(58, p[s0r2]))
	add(f1(59, lab(st, s0r2)))
	add(f1(60, w[n0l2]))
	add(f1(61, p[n0l2]))
	add(f1(62, lab(st, n0l2)))
	add(f3(63, s0p, p[s0l], p[s0l2]))
	add(f3(64, s0p, p[s0r], p[s0r2]))
	add(f3(65, s0p, p[s0h], p[s0h2]))
	add(f3(66, n0p, p[n0l], p[n0l2]))
	// Label sets.
	add(f2(67, s0w, st.rs[s0]))
	add(f2(68, s0p, st.rs[s0]))
	add(f2(69, s0w, st.ls[s0]))
	add(f2(70, s0p, st.ls[s0]))
	add(f2(71, n0w, st.ls[n0]))
	add(f2(72, n0p, st.ls[n0]))
	// Beyond Zhang and Nivre: s1, universal tags, suffixes, shapes and
	// whether s0 is attached (decides Reduce against LeftArc).
	add(f2(73, w[s1], p[s1]))
	add(f3(74, p[s1], s0p, n0p))
	add(f2(75, u[s0], u[n0]))
	add(f3(76, u[s0], u[n0], u[n1]))
	add(f3(77, ws.sfx[s0], s0p, n0p))
	add(f3(78, s0p, ws.sfx[n0], n0p))
	add(f3(79, ws.shape[s0], ws.shape[n0], n0p))
	add(f3(80, lab(st, s0), s0p, n0p))
	add(f4(81, lab(st, s0), s0p, n0p, d))
	add(f3(82, p[s1], lab(st, s1), n0p))
	add(f3(83, s0p, n0p, uint64(min(len(st.stack), 6))))
	add(f3(84, s0w, n0p, n1p))
	add(f3(85, s0p, n0w, n1p))
	add(f4(86, s0p, n0p, p[n0-1], p[min(n0+1, nul)]))
	// Lexical back-off for tagging errors: suffixes and shapes stand in
	// for tags, the run-time tags being predicted.
	sfx, shp := ws.sfx, ws.shape
	add(f2(87, sfx[s0], sfx[n0]))
	add(f2(88, s0w, sfx[n0]))
	add(f2(89, sfx[s0], n0w))
	add(f3(90, sfx[n0], sfx[n1], d))
	add(f3(91, sfx[s0], sfx[n0], d))
	add(f3(92, sfx[n0], shp[n0], u[n0]))
	add(f3(93, sfx[s0], shp[s0], u[s0]))
	add(f3(94, w[n0], w[n1], u[s0]))
	add(f3(95, s0w, w[s0l], n0w))
	add(f3(96, s0w, w[s0r], n0w))
	add(f3(97, s0w, n0w, w[n0l]))
	add(f3(98, u[s0h], u[s0], u[n0]))
	// Ambiguity classes (the tags a word takes in training) do not depend
	// on the tagger's choice.
	amb := ws.amb
	add(f2(99, amb[s0], amb[n0]))
	add(f2(100, amb[n0], n0p))
	add(f2(101, amb[s0], s0p))
	add(f3(102, amb[s0], amb[n0], amb[n1]))
	add(f3(103, amb[n0], amb[n1], n0w))
	add(f3(104, s0w, amb[n0], d))
	if k != nTransFeats {
		panic("parse: transition feature count mismatch")
	}
}

// nLabelFeats is the number of features of the label classifier.
const nLabelFeats = 39

// labelFeatures fills f with the features for labelling the arc h → d.
func labelFeatures(st *state, ws *words, h, d int, f []uint64) {
	w, p, u := ws.w, ws.p, ws.u
	nul := st.null()
	var dir uint64 = 1
	if d < h {
		dir = 2
	}
	var dd uint64 = 99
	if h != 0 {
		dd = dist(h, d)
	}
	dw, dp, hw, hp := w[d], p[d], w[h], p[h]
	dl1, dr1 := st.l1[d], st.r1[d]
	hh := nul
	if st.head[h] >= 0 {
		hh = st.head[h]
	}
	k := 0
	add := func(x uint64) { f[k] = x; k++ }
	add(f2(101, dw, dir))
	add(f2(102, dp, dir))
	add(f2(103, hw, dir))
	add(f2(104, hp, dir))
	add(f3(105, dw, hp, dir))
	add(f3(106, dp, hw, dir))
	add(f3(107, dp, hp, dir))
	add(f3(108, dw, hw, dir))
	add(f4(109, dp, hp, dir, dd))
	add(f4(110, w[dl1], dp, hp, dir))
	add(f2(111, w[dl1], dp))
	add(f3(112, st.ls[d], dp, dir))
	add(f3(113, st.rs[d], dp, dir))
	add(f4(114, st.ls[h], hp, dp, dir))
	add(f4(115, st.rs[h], hp, dp, dir))
	add(f4(116, lab(st, h), hp, dp, dir))
	add(f4(117, dp, hp, p[d-1], p[min(d+1, nul)]))
	add(f3(118, ws.sfx[d], dp, dir))
	add(f3(119, u[d], u[h], dir))
	add(f4(120, u[d], u[h], dir, dd))
	add(f3(121, lab(st, dr1), dp, hp))
	add(f4(122, p[dl1], lab(st, dl1), dp, hp))
	add(f3(123, hw, dp, dir))
	add(f3(124, ws.shape[d], dp, hp))
	add(f3(125, w[hh], hp, dp))
	add(f4(126, p[hh], hp, dp, dir))
	add(f3(127, w[st.l2[d]], w[dl1], dp))
	add(f3(128, uint64(st.nl[d]), uint64(st.nr[d]), dp))
	add(f4(129, w[dr1], dp, hp, dir))
	add(f3(130, ws.sfx[h], hp, dp))
	add(f3(131, ws.sfx[d], ws.sfx[h], dir))
	add(f3(132, dw, ws.sfx[h], dir))
	add(f4(133, ws.sfx[d], ws.shape[d], u[d], dir))
	add(f4(134, w[dl1], ws.sfx[d], hw, dir))
	add(f4(135, u[d], u[h], st.ls[h], dir))
	add(f3(136, w[d-1], dw, dir))
	add(f3(137, ws.amb[d], ws.amb[h], dir))
	add(f3(138, ws.amb[d], dp, dir))
	add(f4(139, ws.amb[d], hp, dir, dd))
	if k != nLabelFeats {
		panic("parse: label feature count mismatch")
	}
}
