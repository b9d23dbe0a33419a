package tag

import (
	"kg/extract/internal/featurehash"
	"kg/extract/internal/wordform"
	"unicode"
	"unicode/utf8"
)

// Features are 64-bit hashes: a template id mixed with the hashes of the
// strings or tags it looks at. Nothing is concatenated or allocated per
// feature, which keeps tagging fast; at 64 bits collisions are negligible.

// Feature templates. The numbers are part of the model file format: changing
// them invalidates trained models.
const (
	fBias uint64 = iota + 1
	fWord
	fForm
	fSuf1
	fSuf2
	fSuf3
	fSuf4
	fPre1
	fPre2
	fPre3
	fShape
	fFlags
	fWordM1
	fWordM2
	fWordP1
	fWordP2
	fSuf3M1
	fSuf3P1
	fBigramM1
	fBigramP1
	fAmbig
	fAmbigP1
	fAmbigP2
	fAmbigM1
	fShapeP1
	fAmbig01
	fTagM1
	fTagM2M1
	fTagM1Word
	fTagM1AmbigP1
	fTagM2
	fTagM1Suf3
	fShapeM1
	fWordM1P1
	fLenBucket
	fFlags3
	fCapsRatioFlags
	fCapsRatioWord
	fRTag0
	fRTagP1
	fRTagP2
	fRTagP1P2
	fRTagP1Word
	fRTagM1P1
	fRTag0Word
	fRTag0P1
	fMFT
	fMFTP1
	fMFTM1
	fMFTP1P2
)

// ctx holds the tag-independent hashes of one token.
type ctx struct {
	word   uint64 // normalized lowercase form
	form   uint64 // exact form
	suf    [4]uint64
	pre    [3]uint64
	shape  uint64
	flags  uint64
	ambig  uint64  // hash of the token's ambiguity class, 0 when unseen
	mft    uint64  // 1 + the word's most frequent class, 0 when unseen
	caps   uint64  // sentence capitalization bucket (same for every token)
	cands  []uint8 // the only classes to consider, nil for all
	length uint64
}

// Boundary pseudo-tokens beyond the sentence ends.
var (
	startCtx = ctx{word: featurehash.String("-START-"), form: featurehash.String("-START-"), suf: [4]uint64{featurehash.String("-START-")}, shape: featurehash.String("-START-"), ambig: featurehash.String("-START-")}
	endCtx   = ctx{word: featurehash.String("-END-"), form: featurehash.String("-END-"), suf: [4]uint64{featurehash.String("-END-")}, shape: featurehash.String("-END-"), ambig: featurehash.String("-END-")}
	start2   = ctx{word: featurehash.String("-START2-"), form: featurehash.String("-START2-"), suf: [4]uint64{featurehash.String("-START2-")}, shape: featurehash.String("-START2-"), ambig: featurehash.String("-START2-")}
	end2     = ctx{word: featurehash.String("-END2-"), form: featurehash.String("-END2-"), suf: [4]uint64{featurehash.String("-END2-")}, shape: featurehash.String("-END2-"), ambig: featurehash.String("-END2-")}
)

// Tag-history values for positions before the sentence start.
const (
	noTag1 = 1<<16 + 1
	noTag2 = 1<<16 + 2
	noEnd1 = 1<<16 + 3
	noEnd2 = 1<<16 + 4
)

// setAmbig sets the ambiguity class and most frequent class from v, which
// packs the class's hash in the high 56 bits and 1 + the class in the low 8.
func (c *ctx) setAmbig(v uint64) {
	c.ambig, c.mft = v&^0xff, v&0xff
}

// flagsOf returns a small bitset of orthographic properties.
func flagsOf(s string, first bool) uint64 {
	var hasUpper, hasLower, hasDigit, hasHyphen, initUpper, hasPeriod bool
	for i, r := range s {
		switch {
		case unicode.IsUpper(r):
			hasUpper = true
			if i == 0 {
				initUpper = true
			}
		case unicode.IsLower(r):
			hasLower = true
		case unicode.IsDigit(r):
			hasDigit = true
		case r == '-':
			hasHyphen = true
		case r == '.':
			hasPeriod = true
		}
	}
	var f uint64
	set := func(b bool, bit uint64) {
		if b {
			f |= 1 << bit
		}
	}
	set(hasUpper, 0)
	set(hasLower, 1)
	set(hasDigit, 2)
	set(hasHyphen, 3)
	set(initUpper, 4)
	set(hasUpper && !hasLower, 5)
	set(first, 6)
	set(hasPeriod, 7)
	return f
}

// suffixStart returns the byte offset where the last k runes of b start, or
// -1 when b has fewer than k+1 runes (a suffix as long as the word tells
// nothing the word feature does not).
func suffixStart(b []byte, k int) int {
	i := len(b)
	for n := 0; n < k; n++ {
		if i == 0 {
			return -1
		}
		_, sz := utf8.DecodeLastRune(b[:i])
		i -= sz
	}
	if i == 0 {
		return -1
	}
	return i
}

// prefixEnd returns the byte offset after the first k runes of b, or -1 when
// b has fewer than k+1 runes.
func prefixEnd(b []byte, k int) int {
	i := 0
	for n := 0; n < k; n++ {
		if i >= len(b) {
			return -1
		}
		_, sz := utf8.DecodeRune(b[i:])
		i += sz
	}
	if i >= len(b) {
		return -1
	}
	return i
}

// scratch is per-call working memory for tagging one sentence.
type scratch struct {
	buf   []byte
	ctxs  []ctx // with two boundary tokens on each side
	feats []uint64
	score []float32
	tags  []int
	tags2 []int
	forms []string
}

// contexts fills sc.ctxs for forms; ctxs[i+2] is token i.
func (m *Model) contexts(sc *scratch, forms []string) {
	n := len(forms)
	if cap(sc.ctxs) < n+4 {
		sc.ctxs = make([]ctx, n+4)
	}
	sc.ctxs = sc.ctxs[:n+4]
	sc.ctxs[0], sc.ctxs[1] = start2, startCtx
	sc.ctxs[n+2], sc.ctxs[n+3] = endCtx, end2
	for i, f := range forms {
		c := &sc.ctxs[i+2]
		b := wordform.AppendNormal(sc.buf[:0], f)
		c.word = featurehash.Bytes(b)
		c.form = featurehash.String(f)
		for k := 1; k <= 4; k++ {
			if j := suffixStart(b, k); j >= 0 {
				c.suf[k-1] = featurehash.Bytes(b[j:])
			} else {
				c.suf[k-1] = 0
			}
		}
		for k := 1; k <= 3; k++ {
			if j := prefixEnd(b, k); j >= 0 {
				c.pre[k-1] = featurehash.Bytes(b[:j])
			} else {
				c.pre[k-1] = 0
			}
		}
		c.setAmbig(m.ambig[c.word])
		c.cands = m.cands[c.word]
		l := uint64(utf8.RuneCount(b))
		if l > 8 {
			l = 8
		}
		c.length = l
		b = wordform.AppendShape(b[:0], f)
		c.shape = featurehash.Bytes(b)
		c.flags = flagsOf(f, i == 0)
		sc.buf = b
	}
	// Headlines and titles capitalize most words, which changes what a
	// capital letter says about PROPN.
	caps, words := 0, 0
	for i := range forms {
		fl := sc.ctxs[i+2].flags
		if fl&(1<<1|1<<0) != 0 { // has letters
			words++
			if fl&(1<<4) != 0 {
				caps++
			}
		}
	}
	bucket := uint64(0)
	if words > 0 {
		bucket = uint64(4*caps/words) + 1
	}
	for i := range forms {
		sc.ctxs[i+2].caps = bucket
	}
}

// features appends the feature hashes for token i (0-based) given the tags
// of the two previous tokens (class indices, or noTag1/noTag2). In the
// second pass, right holds the first pass's tags of the whole sentence, so
// the decision can look at the tags of the words to the right.
func features(out []uint64, cs []ctx, i int, t1, t2 int, right []int) []uint64 {
	c := &cs[i+2]
	m1, m2 := &cs[i+1], &cs[i]
	p1, p2 := &cs[i+3], &cs[i+4]
	add := func(tmpl uint64, v uint64) {
		out = append(out, featurehash.Mix(tmpl, v))
	}
	add2 := func(tmpl uint64, v, w uint64) {
		out = append(out, featurehash.Mix(featurehash.Mix(tmpl, v), w))
	}
	out = append(out, featurehash.Mix(fBias, 0))
	add(fWord, c.word)
	add(fForm, c.form)
	for k := 0; k < 4; k++ {
		if c.suf[k] != 0 {
			add(fSuf1+uint64(k), c.suf[k])
		}
	}
	for k := 0; k < 3; k++ {
		if c.pre[k] != 0 {
			add(fPre1+uint64(k), c.pre[k])
		}
	}
	add(fShape, c.shape)
	add(fFlags, c.flags)
	add(fLenBucket, c.length)
	add(fWordM1, m1.word)
	add(fWordM2, m2.word)
	add(fWordP1, p1.word)
	add(fWordP2, p2.word)
	add(fSuf3M1, m1.suf[2]^m1.suf[0])
	add(fSuf3P1, p1.suf[2]^p1.suf[0])
	add2(fBigramM1, m1.word, c.word)
	add2(fBigramP1, c.word, p1.word)
	add2(fWordM1P1, m1.word, p1.word)
	add(fAmbig, c.ambig)
	add(fAmbigP1, p1.ambig)
	add(fAmbigP2, p2.ambig)
	add(fAmbigM1, m1.ambig)
	add2(fAmbig01, c.ambig, p1.ambig)
	add(fMFT, c.mft)
	add(fMFTP1, p1.mft)
	add(fMFTM1, m1.mft)
	add2(fMFTP1P2, p1.mft, p2.mft)
	add(fShapeP1, p1.shape)
	add(fShapeM1, m1.shape)
	add2(fFlags3, featurehash.Mix(m1.flags, c.flags), p1.flags)
	add2(fCapsRatioFlags, c.caps, c.flags)
	if c.flags&(1<<4) != 0 {
		add2(fCapsRatioWord, c.caps, c.word)
	}
	tt1, tt2 := uint64(t1), uint64(t2)
	add(fTagM1, tt1)
	add(fTagM2, tt2)
	add2(fTagM2M1, tt2, tt1)
	add2(fTagM1Word, tt1, c.word)
	add2(fTagM1AmbigP1, tt1, p1.ambig)
	add2(fTagM1Suf3, tt1, c.suf[2]^c.suf[0])
	if right != nil {
		r0, r1, r2 := uint64(right[i]), uint64(noEnd1), uint64(noEnd2)
		if i+1 < len(right) {
			r1 = uint64(right[i+1])
		}
		if i+2 < len(right) {
			r2 = uint64(right[i+2])
		}
		add(fRTag0, r0)
		add(fRTagP1, r1)
		add(fRTagP2, r2)
		add2(fRTagP1P2, r1, r2)
		add2(fRTagP1Word, r1, c.word)
		add2(fRTagM1P1, tt1, r1)
		add2(fRTag0Word, r0, c.word)
		add2(fRTag0P1, r0, r1)
	}
	return out
}
