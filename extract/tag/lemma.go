package tag

import (
	"sort"
	"strings"
	"unicode/utf8"

	"kg/extract/ud"
)

// maxRuleSuffix is the longest word ending (in bytes) a lemma rule is keyed on.
const maxRuleSuffix = 6

// maxRules is how many rewrites, most frequent first, an ending keeps;
// more than one let rare rewrites invent "known" lemmas ("piano" → "pian").
const maxRules = 1

type formTag struct{ form, xpos string }

type ruleKey struct{ xpos, suffix string }

// rule rewrites a word into its lemma: strip bytes from the end of the base
// (the form itself, or its lowercase when lower is set) and append add.
type rule struct {
	lower bool
	strip int
	add   string
}

type featKey struct{ form, xpos, upos string }

type tagPair struct{ xpos, upos string }

// lemmatizer maps a tagged word to its lemma and features. Everything in it
// is learned from treebanks: seen words are looked up, unseen words get the
// rewrite rule of the longest known ending for their tag.
type lemmatizer struct {
	exact    map[formTag]string // exact form, where it differs from the lowercase entry
	lower    map[formTag]string // lowercase form
	rules    map[ruleKey][]rule // best first
	known    map[string]bool    // lemmas seen in training, to choose among rules
	featWord map[featKey]string // lowercase form, where it differs from the tag default
	featTag  map[tagPair]string
}

// annotate returns the lemma and features of a tagged word.
func (l *lemmatizer) annotate(form, xpos, upos string) (lemma, feats string) {
	lf := strings.ToLower(form)
	return l.lemmaLower(form, lf, xpos, upos), l.featsLower(lf, xpos, upos)
}

func (l *lemmatizer) lemma(form, xpos, upos string) string {
	return l.lemmaLower(form, strings.ToLower(form), xpos, upos)
}

// lemmaLower returns the lemma of form, whose lowercase is lf.
func (l *lemmatizer) lemmaLower(form, lf, xpos, upos string) string {
	if v, ok := l.exact[formTag{form, xpos}]; ok {
		return v
	}
	if v, ok := l.lower[formTag{lf, xpos}]; ok {
		// A proper noun seen only in lowercase keeps its own spelling.
		if xpos != "NNP" || v != strings.ToLower(v) || form == lf {
			return v
		}
	}
	if xpos == "NNP" || upos == "PROPN" && xpos != "NNPS" {
		return form
	}
	if xpos == "VBD" || xpos == "VBN" {
		if base, ok := irregularPast[lf]; ok {
			return base
		}
	}
	// The longest known ending decides, unless a rule of it or of a shorter
	// ending yields a lemma seen in training: "smelled" has the ending
	// "lled" of "controlled", but "smell" is a known lemma and "smel" not.
	fallback, found := "", false
	for k := min(maxRuleSuffix, len(lf)); k >= 0; k-- {
		for _, r := range l.rules[ruleKey{xpos, lf[len(lf)-k:]}] {
			base := form
			if r.lower {
				base = lf
			}
			cut := len(base) - r.strip
			if cut < 1 || cut < len(base) && !utf8.RuneStart(base[cut]) {
				continue
			}
			cand := base[:cut] + r.add
			if l.known[strings.ToLower(cand)] {
				return cand
			}
			if !found {
				fallback, found = cand, true
			}
		}
	}
	if found {
		return fallback
	}
	return lf
}

// featsLower returns the features of a word whose lowercase form is lf.
func (l *lemmatizer) featsLower(lf, xpos, upos string) string {
	if v, ok := l.featWord[featKey{lf, xpos, upos}]; ok {
		return v
	}
	if v, ok := l.featTag[tagPair{xpos, upos}]; ok {
		return v
	}
	return "_"
}

// best returns the most frequent key of counts, ties broken by the smaller
// key so that training is deterministic.
func best[K comparable](counts map[K]int, less func(a, b K) bool) (K, int) {
	var bk K
	bn, first := 0, true
	for k, n := range counts {
		if first || n > bn || n == bn && less(k, bk) {
			bk, bn, first = k, n, false
		}
	}
	return bk, bn
}

func strLess(a, b string) bool { return a < b }

func ruleLess(a, b rule) bool {
	if a.lower != b.lower {
		return a.lower
	}
	if a.strip != b.strip {
		return a.strip < b.strip
	}
	return a.add < b.add
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	for n > 0 && n < len(a) && !utf8.RuneStart(a[n]) {
		n--
	}
	return n
}

// ruleFor returns the rewrite that turns form into lemma.
func ruleFor(form, lemma string) rule {
	lf := strings.ToLower(form)
	cf, cl := commonPrefix(form, lemma), commonPrefix(lf, lemma)
	if cf > cl {
		return rule{lower: false, strip: len(form) - cf, add: lemma[cf:]}
	}
	return rule{lower: true, strip: len(lf) - cl, add: lemma[cl:]}
}

// trainLemmatizer learns the lemma and feature tables from gold sentences.
func trainLemmatizer(sents []*ud.Sentence) lemmatizer {
	exactC := map[formTag]map[string]int{}
	lowerC := map[formTag]map[string]int{}
	featW := map[featKey]map[string]int{}
	featT := map[tagPair]map[string]int{}
	types := map[[3]string]bool{}
	inc := func(m map[string]int, k string) { m[k]++ }
	for _, s := range sents {
		for _, t := range s.Tokens {
			if t.Lemma == "" || t.XPOS == "" || t.XPOS == "_" {
				continue
			}
			lf := strings.ToLower(t.Form)
			for _, e := range []struct {
				m map[formTag]map[string]int
				k formTag
			}{{exactC, formTag{t.Form, t.XPOS}}, {lowerC, formTag{lf, t.XPOS}}} {
				if e.m[e.k] == nil {
					e.m[e.k] = map[string]int{}
				}
				inc(e.m[e.k], t.Lemma)
			}
			fk := featKey{lf, t.XPOS, t.UPOS}
			if featW[fk] == nil {
				featW[fk] = map[string]int{}
			}
			inc(featW[fk], t.Feats)
			tp := tagPair{t.XPOS, t.UPOS}
			if featT[tp] == nil {
				featT[tp] = map[string]int{}
			}
			inc(featT[tp], t.Feats)
			types[[3]string{t.Form, t.XPOS, t.Lemma}] = true
		}
	}
	l := lemmatizer{
		exact: map[formTag]string{}, lower: map[formTag]string{}, rules: map[ruleKey][]rule{},
		featWord: map[featKey]string{}, featTag: map[tagPair]string{},
	}
	for k, c := range lowerC {
		l.lower[k], _ = best(c, strLess)
	}
	for k, c := range exactC {
		v, _ := best(c, strLess)
		if v != l.lower[formTag{strings.ToLower(k.form), k.xpos}] {
			l.exact[k] = v
		}
	}
	for k, c := range featT {
		l.featTag[k], _ = best(c, strLess)
	}
	for k, c := range featW {
		v, _ := best(c, strLess)
		if v != l.featTag[tagPair{k.xpos, k.upos}] {
			l.featWord[k] = v
		}
	}

	// Suffix rules are counted over word types: unseen words resemble the
	// vocabulary, not the frequent function words.
	ruleC := map[ruleKey]map[rule]int{}
	for ty := range types {
		form, xpos, lemma := ty[0], ty[1], ty[2]
		r := ruleFor(form, lemma)
		lf := strings.ToLower(form)
		for k := 0; k <= min(maxRuleSuffix, len(lf)); k++ {
			if k < len(lf) && k > 0 && !utf8.RuneStart(lf[len(lf)-k]) {
				continue
			}
			rk := ruleKey{xpos, lf[len(lf)-k:]}
			if ruleC[rk] == nil {
				ruleC[rk] = map[rule]int{}
			}
			ruleC[rk][r]++
		}
	}
	for k, c := range ruleC {
		rs := make([]rule, 0, len(c))
		total := 0
		for r, n := range c {
			rs = append(rs, r)
			total += n
		}
		if k.suffix != "" && total < 2 {
			continue
		}
		sort.Slice(rs, func(i, j int) bool {
			if c[rs[i]] != c[rs[j]] {
				return c[rs[i]] > c[rs[j]]
			}
			return ruleLess(rs[i], rs[j])
		})
		if len(rs) > maxRules {
			rs = rs[:maxRules]
		}
		l.rules[k] = rs
	}
	l.known = map[string]bool{}
	for ty := range types {
		l.known[strings.ToLower(ty[2])] = true
	}
	return l
}
