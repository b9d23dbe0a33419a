package srl

import (
	"slices"
	"strings"

	"kg/extract/internal/featurehash"
	"kg/extract/ud"
)

// tree is a sentence prepared for feature extraction: heads, children and
// the hashed strings every template looks at, computed once.
type tree struct {
	n                              int
	head                           []int // 0-based, -1 for the root; cycles cut
	kids                           [][]int
	lemma, form, upos, xpos, label []uint64
	rawLemma, rawUPOS              []string
	caseOf                         []uint64 // lemma hash of a case or mark child, 0 for none
	passive                        []bool
}

func hs(s string) uint64 { return featurehash.String(s) }

// coarse reduces a dependency relation to its universal part, except for
// the subtypes that matter to roles.
func coarse(rel string) string {
	switch rel {
	case "nsubj:pass", "csubj:pass", "aux:pass", "obl:agent", "nmod:poss", "acl:relcl", "obl:tmod", "nmod:tmod", "compound:prt":
		return rel
	}
	if i := strings.IndexByte(rel, ':'); i >= 0 {
		return rel[:i]
	}
	return rel
}

func newTree(s *ud.Sentence) *tree {
	n := len(s.Tokens)
	t := &tree{n: n, head: s.Heads(), kids: make([][]int, n),
		lemma: make([]uint64, n), form: make([]uint64, n), upos: make([]uint64, n), xpos: make([]uint64, n), label: make([]uint64, n),
		rawLemma: make([]string, n), rawUPOS: make([]string, n), caseOf: make([]uint64, n), passive: make([]bool, n)}
	for i, tk := range s.Tokens {
		l := strings.ToLower(tk.Lemma)
		if l == "" || l == "_" {
			l = strings.ToLower(tk.Form)
		}
		t.rawLemma[i], t.rawUPOS[i] = l, tk.UPOS
		t.lemma[i], t.form[i] = hs(l), hs(strings.ToLower(tk.Form))
		t.upos[i], t.xpos[i], t.label[i] = hs(tk.UPOS), hs(tk.XPOS), hs(coarse(tk.Deprel))
	}
	for i, h := range t.head {
		if h < 0 {
			continue
		}
		t.kids[h] = append(t.kids[h], i)
		switch s.Tokens[i].Deprel {
		case "case", "mark":
			if t.caseOf[h] == 0 {
				t.caseOf[h] = t.lemma[i]
			}
		case "aux:pass", "nsubj:pass", "csubj:pass":
			t.passive[h] = true
		}
	}
	for i, tk := range s.Tokens {
		// "the man arrested by police": a participle modifying a noun is passive.
		if tk.XPOS == "VBN" && strings.HasPrefix(tk.Deprel, "acl") && !strings.HasPrefix(tk.Deprel, "acl:relcl") {
			t.passive[i] = true
		}
	}
	return t
}

// candidates returns the tokens that may be arguments of predicate p: its
// children, and each ancestor with its children (Zhao et al. 2009), which
// reaches controllers, shared subjects and the nouns relative clauses
// modify.
func (t *tree) candidates(p int, out []int) []int {
	out = out[:0]
	add := func(i int) {
		// A sentence's candidates are few: a scan is cheaper than a set.
		if i != p && !slices.Contains(out, i) {
			out = append(out, i)
		}
	}
	for _, k := range t.kids[p] {
		for _, g := range t.kids[k] {
			add(g)
		}
	}
	for x, steps := p, 0; x >= 0 && steps <= t.n; x, steps = t.head[x], steps+1 {
		if x != p {
			add(x)
		}
		for _, k := range t.kids[x] {
			add(k)
		}
	}
	return out
}

// path returns the hashed dependency path from a up to the lowest common
// ancestor and down to p, and its length.
func (t *tree) path(a, p int) (uint64, int) {
	depth := func(i int) int {
		d := 0
		for x := t.head[i]; x >= 0 && d <= t.n; x = t.head[x] {
			d++
		}
		return d
	}
	da, dp := depth(a), depth(p)
	up, down := uint64(1), uint64(2)
	steps := 0
	x, y := a, p
	for da > dp {
		up = featurehash.Mix(up, t.label[x])
		x, da, steps = t.head[x], da-1, steps+1
	}
	var downs []uint64
	for dp > da {
		downs = append(downs, t.label[y])
		y, dp, steps = t.head[y], dp-1, steps+1
	}
	for x != y && x >= 0 && y >= 0 {
		up = featurehash.Mix(up, t.label[x])
		downs = append(downs, t.label[y])
		x, y, steps = t.head[x], t.head[y], steps+2
	}
	for i := len(downs) - 1; i >= 0; i-- {
		down = featurehash.Mix(down, downs[i])
	}
	if steps > 5 {
		return hs("path:long"), steps
	}
	return featurehash.Mix(up, down), steps
}

// Feature templates. Their numbers are part of the model format.
const (
	pBias = iota + 1
	pLemma
	pLemmaUPOS
	pForm
	pUPOS
	pXPOS
	pLabel
	pUPOSLabel
	pLex
	pHeadLabel
	pKid
	pLemmaLabel
	pSuffix
	pLemmaKids

	aPath = iota + 100
	aLemmaPath
	aRolesetPath
	aVoicePath
	aVoiceLabelDir
	aLabelDirPOS
	aArgLemmaPOS
	aArgLemmaPath
	aArgUPOSPath
	aCaseVoicePOS
	aCaseLemma
	aArgFormLabel
	aDist
	aPredLabelPath
	aLemmaLabelCase
	aArgXPOSLabel
	aBilexical
	aRolesetLabelCaseVoice
	aArgLabelCaseDir
	aPathLen

	sPrior = iota + 200
	sKid
	sKidLemma
	sPrep
	sVoice
	sHead
	sForm
)

func f1(tmpl int, a uint64) uint64       { return featurehash.Mix(uint64(tmpl), a) }
func f2(tmpl int, a, b uint64) uint64    { return featurehash.Mix(featurehash.Mix(uint64(tmpl), a), b) }
func f3(tmpl int, a, b, c uint64) uint64 { return featurehash.Mix(f2(tmpl, a, b), c) }
func f4(tmpl int, a, b, c, d uint64) uint64 {
	return featurehash.Mix(f3(tmpl, a, b, c), d)
}

// predFeatures appends the features that decide whether token i is a
// predicate. lex tells whether the frame lexicon knows its lemma for its
// part of speech.
func (t *tree) predFeatures(out []uint64, i int, lex bool) []uint64 {
	hl := uint64(0)
	if h := t.head[i]; h >= 0 {
		hl = t.upos[h]
	}
	var lx uint64 = 7
	if lex {
		lx = 8
	}
	kids := uint64(3)
	for _, k := range t.kids[i] {
		kids = featurehash.Mix(kids, t.label[k])
	}
	suffix := t.rawLemma[i]
	if len(suffix) > 4 {
		suffix = suffix[len(suffix)-4:]
	}
	out = append(out,
		f1(pBias, 0),
		f1(pLemma, t.lemma[i]),
		f2(pLemmaUPOS, t.lemma[i], t.upos[i]),
		f1(pForm, t.form[i]),
		f1(pUPOS, t.upos[i]),
		f1(pXPOS, t.xpos[i]),
		f1(pLabel, t.label[i]),
		f2(pUPOSLabel, t.upos[i], t.label[i]),
		f2(pLex, lx, t.upos[i]),
		f3(pHeadLabel, hl, t.label[i], t.upos[i]),
		f2(pLemmaLabel, t.lemma[i], t.label[i]),
		f2(pSuffix, hs(suffix), t.upos[i]),
		f2(pLemmaKids, t.lemma[i], kids),
	)
	for _, k := range t.kids[i] {
		out = append(out, f2(pKid, t.label[k], t.upos[i]))
	}
	return out
}

// argFeatures appends the features of token a as an argument of
// predicate p, whose roleset hash is rs.
func (t *tree) argFeatures(out []uint64, p, a int, rs uint64) []uint64 {
	path, steps := t.path(a, p)
	voice := uint64(11)
	if t.passive[p] {
		voice = 12
	}
	dir := uint64(21)
	if a > p {
		dir = 22
	}
	dist := a - p
	if dist < 0 {
		dist = -dist
	}
	db := uint64(min(dist, 6))
	if dist > 10 {
		db = 10
	}
	cs := t.caseOf[a]
	out = append(out,
		f1(aPath, path),
		f2(aLemmaPath, t.lemma[p], path),
		f2(aRolesetPath, rs, path),
		f2(aVoicePath, voice, path),
		f4(aVoiceLabelDir, voice, t.label[a], dir, t.upos[p]),
		f3(aLabelDirPOS, t.label[a], dir, t.upos[p]),
		f2(aArgLemmaPOS, t.lemma[a], t.upos[p]),
		f2(aArgLemmaPath, t.lemma[a], path),
		f2(aArgUPOSPath, t.upos[a], path),
		f3(aCaseVoicePOS, cs, voice, t.upos[p]),
		f2(aCaseLemma, cs, t.lemma[p]),
		f2(aArgFormLabel, t.form[a], t.label[a]),
		f2(aDist, db, dir),
		f2(aPredLabelPath, t.label[p], path),
		f4(aLemmaLabelCase, t.lemma[p], t.label[a], cs, voice),
		f2(aArgXPOSLabel, t.xpos[a], t.label[a]),
		f2(aBilexical, t.lemma[p], t.lemma[a]),
		f4(aRolesetLabelCaseVoice, rs, t.label[a], cs, voice),
		f4(aArgLabelCaseDir, t.label[a], cs, dir, t.upos[p]),
		f2(aPathLen, uint64(min(steps, 6)), t.upos[p]),
	)
	return out
}

// senseFeatures appends the features that choose among the rolesets of
// predicate p, each joined with the candidate roleset rs: what depends on
// it (an object, a particle, a clause) tells "run a company" from "run
// for office".
func (t *tree) senseFeatures(out []uint64, p int, rs uint64) []uint64 {
	voice := uint64(11)
	if t.passive[p] {
		voice = 12
	}
	hl := uint64(0)
	if h := t.head[p]; h >= 0 {
		hl = t.label[p]
	}
	out = append(out, f1(sPrior, rs), f2(sVoice, rs, voice), f2(sHead, rs, hl), f2(sForm, rs, t.form[p]))
	for _, k := range t.kids[p] {
		out = append(out, f2(sKid, rs, t.label[k]))
		switch t.rawUPOS[k] {
		case "NOUN", "PROPN", "PRON", "ADP", "ADV", "VERB", "ADJ":
			out = append(out, f3(sKidLemma, rs, t.label[k], t.lemma[k]))
		}
		if c := t.caseOf[k]; c != 0 {
			out = append(out, f3(sPrep, rs, t.label[k], c))
		}
	}
	return out
}
