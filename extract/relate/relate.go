// Package relate reads clauses off Universal Dependencies trees: open
// information extraction triples for any sentence, and typed relations
// between the entities of a resolved document.
//
// A clause is a predicate (a verb, a copular nominal or a deverbal event
// noun such as "invasion") with its arguments. Subjects come from nsubj, from
// the agent of a passive ("met by X"), from the noun a relative or
// participial clause modifies, from the controller of an xcomp, or from the
// first conjunct of coordinated verbs; objects from obj, iobj, prepositional
// obl (the preposition joins the predicate) and prepositional modifiers of a
// non-entity object ("renewed ties with X"). Conjoined subjects and objects
// yield one clause each. Negation, hedging (modals, "ready to", "promised
// to", conditionals) and reported speech attribution are read from the
// tree.
package relate

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"kg/extract/ud"
)

// Triple is one open-IE tuple read off a clause, in surface order (a
// passive keeps its grammatical subject as Arg1).
type Triple struct {
	Arg1 string
	Rel  string
	Args []string // Args[0] is arg2, further arguments after

	Arg1Head, Arg2Head int // 0-based token indices of the argument heads, -1 for none
	Negated, Hedged    bool
	Confidence         float64

	Pred    int    // 0-based token index of the predicate head
	Speaker int    // 0-based token index of the reporting subject when reported speech, else -1
	Path    string // how the clause was found: "active", "passive", "relcl", "xcomp", "conj", …
	Passive bool
}

// argument is one object-side argument of a frame.
type argument struct {
	head int    // token index
	prep string // preposition for obl/nmod ("to", "according to"), "" for core arguments
	kind string // obj, iobj, obl, nmod (modifier of a non-entity object), xcomp, ccomp, attr
	via  int    // for nmod: the object noun it hangs from; else -1
	conf float64
}

// subject is a grammatical subject with the path that found it.
type subject struct {
	tok  int
	conf float64
	path string
}

// frame is a predicate with its arguments.
type frame struct {
	pred    int
	verb    string // verb lemma (mapped from the noun for nominal events)
	subjs   []subject
	agents  []subject // passive agents: the logical subjects
	objs    []argument
	passive bool
	nominal bool
	copula  bool
	negated bool
	hedged  bool
	speaker int // token of the reporting subject, -1
	relToks []int
	conf    float64
	path    string
}

type sentence struct {
	s    *ud.Sentence
	t    []ud.Token
	hd   []int // 0-based heads, -1 for the root; cycles broken
	ch   [][]int
	memo map[int][]subject
	busy map[int]bool
}

func newSentence(s *ud.Sentence) *sentence {
	n := len(s.Tokens)
	x := &sentence{s: s, t: s.Tokens, hd: s.Heads(), ch: make([][]int, n), memo: map[int][]subject{}, busy: map[int]bool{}}
	for i, h := range x.hd {
		if h >= 0 {
			x.ch[h] = append(x.ch[h], i)
		}
	}
	return x
}

func (x *sentence) head(i int) int { return x.hd[i] }

func (x *sentence) lemma(i int) string {
	l := x.t[i].Lemma
	if l == "" || l == "_" {
		l = x.t[i].Form
	}
	l = strings.ToLower(l)
	if x.t[i].UPOS == "VERB" {
		return verbLemma(l, strings.ToLower(x.t[i].Form))
	}
	return l
}

// verbLemma second-guesses a tagger's verb lemma the lexicons do not know
// ("invad" for "invaded") by undoing regular inflection of the form.
func verbLemma(lemma, form string) string {
	known := func(w string) bool {
		_, c := classOfVerb[w]
		_, p := irregularPast[w]
		return c || p || reportingVerbs[w]
	}
	if known(lemma) {
		return lemma
	}
	var cands []string
	for _, suf := range []string{"ed", "es", "s", "ing"} {
		if stem, ok := strings.CutSuffix(form, suf); ok && len(stem) > 1 {
			cands = append(cands, stem+"e", stem)
			if n := len(stem); n > 2 && stem[n-1] == stem[n-2] {
				cands = append(cands, stem[:n-1])
			}
			if y, ok := strings.CutSuffix(stem, "i"); ok {
				cands = append(cands, y+"y")
			}
		}
	}
	for _, c := range cands {
		if known(c) {
			return c
		}
	}
	return lemma
}

// markedBy tells whether clause p is introduced by one of the words.
func (x *sentence) markedBy(p int, words ...string) bool {
	for _, c := range x.ch[p] {
		if d := x.t[c].Deprel; (d == "mark" || d == "case") && slices.Contains(words, x.lemma(c)) {
			return true
		}
	}
	return false
}

// hasDetNo tells whether nominal n is quantified by "no".
func (x *sentence) hasDetNo(n int) bool {
	for _, c := range x.childrenBy(n, "det") {
		if x.lemma(c) == "no" {
			return true
		}
	}
	return false
}

// base strips the subtype of a deprel: "nsubj:pass" → "nsubj".
func base(rel string) string {
	b, _, _ := strings.Cut(rel, ":")
	return b
}

func (x *sentence) childrenBy(i int, rels ...string) []int {
	var out []int
	for _, c := range x.ch[i] {
		if slices.Contains(rels, x.t[c].Deprel) {
			out = append(out, c)
		}
	}
	return out
}

func (x *sentence) hasChild(i int, rels ...string) bool { return len(x.childrenBy(i, rels...)) > 0 }

// hasChildLemma reports whether i has a dependent of relation rel with the
// given lemma.
func (x *sentence) hasChildLemma(i int, rel, lemma string) bool {
	for _, c := range x.childrenBy(i, rel) {
		if x.lemma(c) == lemma {
			return true
		}
	}
	return false
}

// conjuncts returns i and the conjuncts coordinated with it.
func (x *sentence) conjuncts(i int) []int {
	out := []int{i}
	for k := 0; k < len(out); k++ {
		out = append(out, x.childrenBy(out[k], "conj")...)
	}
	return out
}

// prep returns the preposition marking nominal i ("to", "according to"),
// or "".
func (x *sentence) prep(i int) string {
	var parts []string
	for _, c := range x.ch[i] {
		if x.t[c].Deprel == "case" && x.t[c].UPOS != "PART" {
			parts = append(parts, strings.ToLower(x.t[c].Form))
			for _, f := range x.childrenBy(c, "fixed") {
				parts = append(parts, strings.ToLower(x.t[f].Form))
			}
		}
	}
	return strings.Join(parts, " ")
}

// bareNameObject reports whether c, a dependent of verb v without a
// preposition, is a proper noun that is not a date word and v has no
// object of its own.
func (x *sentence) bareNameObject(v, c int) bool {
	if x.t[c].UPOS != "PROPN" || x.hasChild(v, "obj", "iobj") || x.hasChild(c, "nummod") {
		return false
	}
	switch strings.ToLower(x.t[c].Form) {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "christmas", "easter":
		return false
	}
	return true
}

func (x *sentence) isRelativizer(i int) bool {
	t := x.t[i]
	return strings.Contains(t.Feats, "PronType=Rel") || t.XPOS == "WDT" || t.XPOS == "WP" || t.XPOS == "WP$"
}

// isPassive tells whether verb v is passive: an aux:pass or nsubj:pass
// child, or a past participle modifying a noun.
func (x *sentence) isPassive(v int) bool {
	if x.hasChild(v, "aux:pass", "nsubj:pass", "csubj:pass") {
		return true
	}
	if x.t[v].XPOS == "VBN" && x.t[v].Deprel == "acl" {
		return true
	}
	if x.t[v].XPOS == "VBN" && x.t[v].Deprel == "conj" && !x.hasChild(v, "aux", "nsubj") {
		if h := x.head(v); h >= 0 {
			return x.isPassive(h)
		}
	}
	return false
}

// subjects finds the grammatical subjects of predicate p, looking through
// relative pronouns, control, coordination and participial modifiers.
func (x *sentence) subjects(p int) []subject {
	if s, ok := x.memo[p]; ok {
		return s
	}
	if x.busy[p] {
		return nil
	}
	x.busy[p] = true
	defer delete(x.busy, p)
	var out []subject
	add := func(tok int, conf float64, path string) {
		for _, c := range x.conjuncts(tok) {
			f := conf
			if c != tok {
				f *= 0.9
			}
			out = append(out, subject{c, f, path})
		}
	}
	for _, c := range x.childrenBy(p, "nsubj", "nsubj:pass", "nsubj:outer") {
		if x.isRelativizer(c) || (x.lemma(c) == "that" && strings.HasPrefix(x.t[p].Deprel, "acl")) {
			if n := x.relHead(p); n >= 0 {
				add(n, 0.75, "relcl")
			}
			continue
		}
		add(c, 1, "")
	}
	if len(out) == 0 {
		for _, c := range x.childrenBy(p, "csubj", "csubj:pass") {
			out = append(out, subject{c, 0.8, "csubj"})
		}
	}
	if len(out) == 0 && !x.hasChild(p, "expl") {
		// An expletive ("it appears …", "there were …") fills the
		// subject slot: the clause borrows no subject from elsewhere.
		h := x.head(p)
		switch rel := x.t[p].Deprel; {
		case h < 0:
		case rel == "conj" && x.bareInfinitiveOf(p, h):
			// "The final saw Cloud9 and Immortals face off" parsed with
			// the infinitive as a conjunct: it is the complement of the
			// perception verb, and the verb's object does it.
			objs := x.childrenBy(h, "obj")
			add(objs[len(objs)-1], 0.9, "xcomp")
		case rel == "conj":
			for _, s := range x.subjects(h) {
				out = append(out, subject{s.tok, s.conf * 0.9, join(s.path, "conj")})
			}
		case rel == "xcomp":
			if objs := x.childrenBy(h, "obj", "iobj"); len(objs) > 0 && !x.isPassive(h) {
				add(objs[len(objs)-1], 0.95, "xcomp")
			} else {
				for _, s := range x.subjects(h) {
					out = append(out, subject{s.tok, s.conf, join(s.path, "xcomp")})
				}
			}
		case rel == "acl:relcl":
			// No subject at all: the modified noun is it.
			add(h, 0.7, "relcl")
		case rel == "parataxis":
			// "Wang Yi, China's foreign minister, met Lavrov" parsed with
			// the name as the root and the verb hung beside it: a finite
			// verb after a nominal root, with no subject of its own, has
			// that nominal for its subject.
			if x.head(h) < 0 && h < p && (x.t[h].UPOS == "PROPN" || x.t[h].UPOS == "NOUN") && isFinite(x.t[p].XPOS) {
				add(h, 0.6, "parataxis")
			}
		case rel == "acl":
			if t := x.t[p].XPOS; (t == "VBN" || t == "VBG") && !x.hasChild(p, "mark") {
				add(h, 0.7, "acl")
			} else if x.head(h) < 0 && h < p && isFinite(t) && !x.hasChild(p, "mark") {
				// "A spokesman for the ministry, Lin Jian, accused
				// Washington" parsed with the noun as the root and the
				// verb as its modifier: a finite verb has a subject, and
				// the root noun is the only one there is.
				add(h, 0.6, "acl")
			}
		case rel == "advcl":
			// "blamed X for denying …": the object of the head acts.
			if objs := x.childrenBy(h, "obj"); len(objs) > 0 && x.t[p].XPOS == "VBG" && x.markedBy(p, "for", "of", "against") {
				add(objs[len(objs)-1], 0.6, "advcl")
				break
			}
			if x.t[p].XPOS == "VBG" || x.t[p].XPOS == "VBN" || x.hasChild(p, "mark") && x.t[p].XPOS == "VB" {
				for _, s := range x.subjects(h) {
					out = append(out, subject{s.tok, s.conf * 0.55, join(s.path, "advcl")})
				}
			}
		}
	}
	x.memo[p] = out
	return out
}

// isFinite reports whether a Penn Treebank verb tag is a finite form.
func isFinite(xpos string) bool { return xpos == "VBD" || xpos == "VBZ" || xpos == "VBP" }

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "+" + b
}

// relHead returns the noun a relative clause containing p modifies.
func (x *sentence) relHead(p int) int {
	for i, n := p, 0; i >= 0 && n <= len(x.t); i, n = x.head(i), n+1 {
		if x.t[i].Deprel == "acl:relcl" || x.t[i].Deprel == "acl" {
			return x.head(i)
		}
		if d := x.t[i].Deprel; d != "conj" && d != "xcomp" {
			break
		}
	}
	return -1
}

func (x *sentence) hasRelativizerObject(p int) bool {
	for _, c := range x.childrenBy(p, "obj", "iobj") {
		if x.isRelativizer(c) || x.lemma(c) == "that" {
			return true
		}
	}
	return false
}

// frames returns the predicates of the sentence with their arguments.
func (x *sentence) frames() []frame {
	var out []frame
	for i, t := range x.t {
		switch {
		case t.UPOS == "VERB" && t.Deprel != "amod" && t.Deprel != "compound" && !strings.HasPrefix(t.Deprel, "aux") && t.Deprel != "cop" && !x.inTitleCase(i):
			out = append(out, x.verbFrame(i))
		case x.hasChild(i, "cop") && (t.UPOS == "NOUN" || t.UPOS == "PROPN" || t.UPOS == "ADJ" || t.UPOS == "PRON" || t.UPOS == "NUM"):
			out = append(out, x.copulaFrame(i))
		case t.UPOS == "NOUN":
			if f, ok := x.nominalFrame(i); ok {
				out = append(out, f)
			} else if f, ok := x.apposFrame(i); ok {
				out = append(out, f)
			}
		}
	}
	for k := range out {
		x.modality(&out[k])
	}
	return out
}

func (x *sentence) verbFrame(v int) frame {
	f := frame{pred: v, verb: x.lemma(v), speaker: -1, conf: 0.9, passive: x.isPassive(v)}
	f.subjs = x.subjects(v)
	for _, c := range x.ch[v] {
		switch d := x.t[c].Deprel; {
		case (d == "obj" || d == "iobj") && x.hoistedObject(c):
			continue // the reporting verb's, read there
		case d == "obj" || d == "iobj":
			if x.isRelativizer(c) || (x.lemma(c) == "that" && strings.HasPrefix(x.t[v].Deprel, "acl")) {
				if n := x.relHead(v); n >= 0 {
					f.objs = append(f.objs, argument{n, "", "obj", -1, 0.75})
				}
				continue
			}
			for _, o := range x.conjuncts(c) {
				f.objs = append(f.objs, argument{o, "", d, -1, confConj(o != c)})
				// Prepositional modifiers of a non-entity object are
				// candidate objects of "verb + noun + prep".
				for _, n := range x.childrenBy(o, "nmod") {
					if p := x.prep(n); p != "" {
						for _, m := range x.conjuncts(n) {
							f.objs = append(f.objs, argument{m, p, "nmod", o, 0.8 * confConj(m != n)})
						}
					}
				}
			}
		case d == "obl:agent" || (d == "obl" && f.passive && x.prep(c) == "by"):
			for _, a := range x.conjuncts(c) {
				f.agents = append(f.agents, subject{a, confConj(a != c), "passive"})
			}
		case base(d) == "obl":
			// Bare obliques ("last week", "a year") are extra tuple
			// arguments only; relations need a preposition.
			p := x.prep(c)
			if x.isRelativizer(c) {
				if n := x.relHead(v); n >= 0 {
					f.objs = append(f.objs, argument{n, p, "obl", -1, 0.7})
				}
				continue
			}
			kind := "obl"
			if p == "" && d == "obl" && x.bareNameObject(v, c) {
				// A plain oblique without a preposition that is a name,
				// on a verb without an object, is a mislabelled object:
				// "met [obl Giorgia Meloni]". True bare obliques are
				// times and measures ("last week"), labelled with a
				// subtype or not names.
				kind = "obj"
			}
			for _, o := range x.conjuncts(c) {
				f.objs = append(f.objs, argument{o, p, kind, -1, 0.9 * confConj(o != c)})
			}
			// "decided events in favour of X, and against Y": a
			// preposition made with a noun takes its party through "of".
			if sidingNouns[x.lemma(c)] && p != "" {
				for _, n := range x.childrenBy(c, "nmod") {
					if x.prep(n) != "of" {
						continue
					}
					for _, o := range x.conjuncts(n) {
						pr := p + " " + strings.ToLower(x.t[c].Form) + " of"
						if q := x.prep(o); o != n && q != "" {
							pr = q // "and against Y" names its own side
						}
						f.objs = append(f.objs, argument{o, pr, "obl", -1, 0.8 * confConj(o != n)})
					}
				}
			}
		case d == "advcl" && x.hasChild(c, "mark"):
			f.objs = append(f.objs, argument{c, "", "advcl", -1, 1})
		case d == "xcomp":
			// Under subject control the complement's own tuple carries
			// the joined relation ("were able to reinforce"); only an
			// object-less complement stays an argument here.
			if x.t[c].UPOS == "VERB" && x.hasChild(c, "obj", "obl", "ccomp", "xcomp") && !x.hasChild(v, "obj", "iobj") {
				continue
			}
			f.objs = append(f.objs, argument{c, "", "xcomp", -1, 0.6})
		case d == "ccomp" || d == "csubj":
			for _, o := range x.childrenBy(c, "obj", "iobj") {
				if x.hoistedObject(o) {
					f.objs = append(f.objs, argument{o, "", "obj", -1, 0.8})
				}
			}
			if d == "ccomp" {
				f.objs = append(f.objs, argument{c, "", "ccomp", -1, 0.6})
			}
		}
	}
	// "…, the minister said": the host clause is what was said.
	if h := x.head(v); h >= 0 && x.t[v].Deprel == "parataxis" && reportingVerbs[x.lemma(v)] && !x.hasChild(v, "ccomp") {
		f.objs = append(f.objs, argument{h, "", "host", -1, 0.7})
	}
	// A relative clause whose noun is its object: "the deal Russia signed".
	// A clause with a subordinator on a proper noun ("told reporters in
	// Taipei that the company would comply") is a complement the parser
	// hung on the name, with no gap for it to fill: names take no
	// restrictive relative clauses.
	if x.t[v].Deprel == "acl:relcl" && !x.hasChild(v, "obj") && x.hasChild(v, "nsubj") && !x.hasRelativizerObject(v) {
		if n := x.head(v); n >= 0 && !x.anyRelativizer(v) && !(x.hasChild(v, "mark") && x.isPropn(n)) {
			f.objs = append(f.objs, argument{n, "", "obj", -1, 0.6})
		}
	}
	// Passive without a grammatical subject but from a participle: the
	// modified noun is the patient ("troops sent by Russia").
	f.relToks = x.relTokens(v)
	if h := x.head(v); h >= 0 && !x.hasChild(v, "nsubj", "nsubj:pass", "aux", "aux:pass") {
		switch x.t[v].Deprel {
		case "conj":
			// "was sold to X and renamed Y": the auxiliaries of the first
			// conjunct serve both.
			for _, c := range x.ch[h] {
				if d := x.t[c].Deprel; (d == "aux" || d == "aux:pass") && c < v {
					f.relToks = append(f.relToks, c)
				}
			}
			sort.Ints(f.relToks)
		case "xcomp":
			// Subject control: "were able to reinforce", "is expected to
			// spend" read as one relation.
			if !(len(x.childrenBy(h, "obj", "iobj")) > 0 && !x.isPassive(h)) {
				f.relToks = append(f.relToks, x.relTokens(h)...)
				f.relToks = append(f.relToks, x.childrenBy(v, "mark")...)
				slices.Sort(f.relToks)
				f.relToks = slices.Compact(f.relToks)
			}
		}
	}
	f.path = "active"
	if f.passive {
		f.path = "passive"
		f.conf = 0.95 // an explicit passive is rarely misread
	}
	return f
}

// hoistedObject reports whether o, an object the parser gave a reported
// clause, is rather the addressee of the reporting verb above it: "told
// Montalvo he would help" has the name before the clause's own subject,
// where no object of that clause can stand.
func (x *sentence) hoistedObject(o int) bool {
	c := x.head(o)
	if c < 0 || x.t[c].Deprel != "ccomp" || o > c {
		return false
	}
	v := x.head(c)
	if v < 0 || v > o || !reportingVerbs[x.lemma(v)] || x.hasChild(v, "obj", "iobj") {
		return false
	}
	for _, s := range x.childrenBy(c, "nsubj", "nsubj:pass") {
		if o < s {
			return true
		}
	}
	return false
}

// sidingNouns make prepositions that name the party an act is for:
// "in favour of", "on behalf of", "in support of", "in defence of".
var sidingNouns = set("favour favor behalf support defence defense honour honor")

// complementVerbs take an object and a bare infinitive: "saw X face",
// "let X go", "made X pay".
var complementVerbs = set("see watch hear notice let make help")

// bareInfinitiveOf reports whether the conjunct p of h is rather h's bare
// infinitive complement: h is a past-tense verb of perception or causing
// with an object, and p is present-tense in form, joined without a
// conjunction and before any comma of its own (conjoined verbs share their
// tense and are joined by "and").
func (x *sentence) bareInfinitiveOf(p, h int) bool {
	if !complementVerbs[x.lemma(h)] || x.t[h].XPOS != "VBD" || len(x.childrenBy(h, "obj")) == 0 {
		return false
	}
	if t := x.t[p].XPOS; t != "VB" && t != "VBP" {
		return false
	}
	return !x.hasChild(p, "cc", "mark", "aux")
}

func (x *sentence) anyRelativizer(v int) bool {
	for _, c := range x.ch[v] {
		if x.isRelativizer(c) {
			return true
		}
	}
	return false
}

func confConj(split bool) float64 {
	if split {
		return 0.85
	}
	return 1
}

// relTokens are the words of the surface relation: auxiliaries, negation,
// the predicate and its particles.
func (x *sentence) relTokens(v int) []int {
	toks := []int{v}
	for _, c := range x.ch[v] {
		d := x.t[c].Deprel
		if d == "aux" || d == "aux:pass" || d == "cop" || d == "compound:prt" ||
			(d == "advmod" && negationWords[x.lemma(c)]) {
			toks = append(toks, c)
		}
	}
	sort.Ints(toks)
	// Adverbs inside the verb group belong to the relation: "is also known".
	for _, c := range x.ch[v] {
		if x.t[c].Deprel == "advmod" && x.t[c].UPOS == "ADV" && c > toks[0] && c < v && !slices.Contains(toks, c) {
			toks = append(toks, c)
		}
	}
	sort.Ints(toks)
	return toks
}

func (x *sentence) copulaFrame(p int) frame {
	f := frame{pred: p, verb: "be", speaker: -1, conf: 0.7, copula: true, path: "copula"}
	f.subjs = x.subjects(p)
	f.objs = append([]argument{{p, "", "attr", -1, 1}}, x.complements(p, "nmod", "obl")...)
	var rel []int
	for _, c := range x.ch[p] {
		d := x.t[c].Deprel
		if d == "aux" || d == "cop" || (d == "advmod" && negationWords[x.lemma(c)]) {
			rel = append(rel, c)
		}
	}
	sort.Ints(rel)
	f.relToks = rel
	return f
}

// apposFrame reads a relational noun in apposition as the copula it
// stands for: "Viktor Orban, an ally of Vladimir Putin," says what "Orban
// is an ally of Putin" says. Only nouns with a prepositional complement
// make a frame, so "Stanley Canter, 66," and "Rubio, the top diplomat,"
// do not.
func (x *sentence) apposFrame(n int) (frame, bool) {
	h := x.head(n)
	if x.t[n].Deprel != "appos" || h < 0 || x.hyphenated(h, n) {
		return frame{}, false
	}
	comps := x.complements(n, "nmod")
	if len(comps) == 0 {
		return frame{}, false
	}
	f := frame{pred: n, verb: "be", speaker: -1, conf: 0.6, copula: true, path: "appos"}
	f.subjs = []subject{{h, 1, "appos"}}
	f.objs = append([]argument{{n, "", "attr", -1, 1}}, comps...)
	return f, true
}

// branchToward returns the child of a whose subtree holds b, or b when b
// is not below a: a subject's phrase leaves out the whole clause of its
// predicate ("A spokesman …, Lin Jian, accused X and warned Y" for
// "warned"), not just the predicate word.
func (x *sentence) branchToward(a, b int) int {
	for n, steps := b, 0; n >= 0 && steps < len(x.t); n, steps = x.head(n), steps+1 {
		if x.head(n) == a {
			return n
		}
	}
	return b
}

// inTitleCase reports whether token i is a capitalised participle inside
// a name or title written in title case, between a proper noun and another
// capitalised word ("IMF Managing Director Kristalina Georgieva"), where
// the tagger saw a verb: it heads no clause. The treebanks tag such words
// NNP (8 of 11 in EWT train and GUM), but retagging them there cost the
// recogniser, which learnt from the tagger as it is.
func (x *sentence) inTitleCase(i int) bool {
	t := x.t
	if i == 0 || i+1 >= len(t) || (t[i].XPOS != "VBG" && t[i].XPOS != "VBN") {
		return false
	}
	return isUpperInitial(t[i].Form) && isUpperInitial(t[i+1].Form) && isUpperInitial(t[i-1].Form) && t[i-1].UPOS == "PROPN"
}

// isUpperInitial reports whether s starts with an upper-case letter.
func isUpperInitial(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// hyphenated reports whether tokens a and b are the parts of one
// hyphenated word ("director-general"): only a hyphen between them, and no
// space on either side of it. The parser sometimes links such parts as an
// apposition, which would read "the director is general of the WTO".
func (x *sentence) hyphenated(a, b int) bool {
	a, b = min(a, b), max(a, b)
	if b != a+2 || (x.t[a+1].XPOS != "HYPH" && x.t[a+1].Form != "-") {
		return false
	}
	joined := func(l, r ud.Token) bool { return l.End >= 0 && l.End == r.Start }
	return joined(x.t[a], x.t[a+1]) && joined(x.t[a+1], x.t[b])
}

// complements returns the prepositional dependents of noun p under rels,
// each conjunct apart, as nmod arguments via p: "an ally of Putin".
func (x *sentence) complements(p int, rels ...string) []argument {
	var out []argument
	for _, n := range x.childrenBy(p, rels...) {
		if pr := x.prep(n); pr != "" {
			for _, m := range x.conjuncts(n) {
				out = append(out, argument{m, pr, "nmod", p, 0.8 * confConj(m != n)})
			}
		}
	}
	return out
}

// nominalFrame reads an event noun with its arguments: "Russia's invasion
// of Ukraine", "the attack on Kyiv by militants".
func (x *sentence) nominalFrame(n int) (frame, bool) {
	d, ok := deverbal[x.lemma(n)]
	if !ok {
		return frame{}, false
	}
	f := frame{pred: n, verb: d.verb, speaker: -1, conf: 0.5, nominal: true, path: "nominal"}
	for _, c := range x.ch[n] {
		switch rel := x.t[c].Deprel; {
		case rel == "nmod:poss" || rel == "amod" && x.t[c].UPOS == "ADJ" || rel == "compound" && x.t[c].UPOS == "PROPN":
			if x.isRelativizer(c) {
				continue
			}
			for _, s := range x.conjuncts(c) {
				f.subjs = append(f.subjs, subject{s, confConj(s != c), "nominal"})
			}
		case rel == "nmod":
			p := x.prep(c)
			if p == "between" {
				for _, o := range x.conjuncts(c) {
					f.objs = append(f.objs, argument{o, "", "between", -1, confConj(o != c)})
				}
				continue
			}
			if p == "by" {
				for _, s := range x.conjuncts(c) {
					f.subjs = append(f.subjs, subject{s, confConj(s != c), "nominal"})
				}
			} else if slices.Contains(d.preps, p) {
				for _, o := range x.conjuncts(c) {
					f.objs = append(f.objs, argument{o, "", "obj", -1, confConj(o != c)})
				}
			}
		}
	}
	if len(f.subjs) == 0 && len(f.objs) == 0 {
		return f, false
	}
	f.relToks = []int{n}
	return f, true
}

// modality sets negation, hedging and reported-speech attribution of f.
func (x *sentence) modality(f *frame) {
	p := f.pred
	if f.nominal {
		return
	}
	f.negated = x.negatedAt(p)
	f.hedged = x.hedgedAt(p)
	// Walk up through complements and coordination: "refused to meet",
	// "ready to abandon", "may meet and sign".
	for i, n := p, 0; n <= len(x.t); n++ {
		h := x.head(i)
		if h < 0 {
			break
		}
		d := x.t[i].Deprel
		if d == "xcomp" || d == "ccomp" && !reportingVerbs[x.lemma(h)] {
			if hedgingHeads[x.lemma(h)] {
				f.hedged = true
			}
			if negatingHeads[x.lemma(h)] {
				f.negated = !f.negated
			}
			if x.negatedAt(h) && d == "xcomp" {
				f.negated = true
			}
			if x.hedgedAt(h) {
				f.hedged = true
			}
		} else if d == "conj" && !x.hasChild(i, "nsubj", "nsubj:pass") {
			// Auxiliaries attach to the first conjunct only.
			for _, a := range x.childrenBy(h, "aux") {
				if modalHedges[x.lemma(a)] {
					f.hedged = true
				}
			}
		} else if d == "advcl" {
			mk := ""
			if m := x.childrenBy(i, "mark"); len(m) > 0 {
				mk = x.lemma(m[0])
			}
			switch {
			case mk == "if" || mk == "unless":
				f.hedged = true
			case mk == "without":
				f.negated = true // "left without meeting X"
			case mk == "about":
				// "talked about doing deals with X": a topic, not an act.
				f.hedged = true
			case mk == "to" || mk == "in order":
				// "flew to Rome to meet X": a purpose, not a done act.
				f.hedged = true
			case (mk == "of" || mk == "for") && allegingHeads[x.lemma(h)]:
				// "accused Merz of dragging Germany into a war": an
				// allegation, not a done act.
				f.hedged = true
			case mk == "against":
				// "warned Western countries against supplying missiles":
				// what was warned against.
				f.hedged = true
			case mk == "from" && (preventingHeads[x.lemma(h)] || x.hasChildLemma(h, "advmod", "away")):
				// "refrained from striking X", "steered away from
				// supporting X": the act did not happen.
				f.negated = true
			}
			break
		} else {
			break
		}
		i = h
	}
	// The main clause of a conditional is hedged too.
	for _, c := range x.childrenBy(p, "advcl") {
		for _, m := range x.childrenBy(c, "mark") {
			if l := x.lemma(m); l == "if" || l == "unless" {
				f.hedged = true
			}
		}
	}
	f.speaker = x.speaker(p)
}

func (x *sentence) negatedAt(p int) bool {
	for _, c := range x.ch[p] {
		if d := x.t[c].Deprel; (d == "advmod" || d == "neg") && negationWords[x.lemma(c)] ||
			d == "advmod" && strings.ToLower(x.t[c].Form) == "n't" ||
			d == "advmod" && strings.EqualFold(x.t[c].Form, "longer") && x.hasChildLemma(c, "advmod", "no") { // "could no longer rely"
			return true
		}
	}
	return false
}

func (x *sentence) hedgedAt(p int) bool {
	for _, c := range x.ch[p] {
		switch d := x.t[c].Deprel; {
		case d == "aux" && modalHedges[x.lemma(c)]:
			return true
		case d == "advmod" && hedgeAdverbs[x.lemma(c)]:
			return true
		case d == "mark" && (x.lemma(c) == "if" || x.lemma(c) == "unless") && x.t[p].Deprel == "advcl":
			return true
		}
	}
	return false
}

// speaker finds who reports the clause at p: the subject of a reporting verb
// it is the ccomp or parataxis of, of a reporting verb in parataxis under it
// ("…, the minister said"), or an "according to" phrase.
func (x *sentence) speaker(p int) int {
	// n bounds the walk: a malformed tree may have a cycle.
	for i, n := p, 0; i >= 0 && n <= len(x.t); i, n = x.head(i), n+1 {
		for _, c := range x.ch[i] {
			d := x.t[c].Deprel
			// "…, Maria Gomez said": a parser may make the reporting
			// clause after a comma a ccomp of what it reports.
			if (d == "parataxis" || d == "ccomp" && c > i && c > 0 && x.t[c-1].Deprel != "mark" && x.hasCommaBefore(c)) && reportingVerbs[x.lemma(c)] && c != p {
				if s := x.childrenBy(c, "nsubj"); len(s) > 0 {
					return s[0]
				}
			}
			if d == "obl" && strings.HasPrefix(x.prep(c), "according") {
				return c
			}
		}
		h := x.head(i)
		if h < 0 {
			break
		}
		if d := x.t[i].Deprel; (d == "ccomp" || d == "parataxis") && reportingVerbs[x.lemma(h)] {
			if s := x.subjects(h); len(s) > 0 {
				return s[0].tok
			}
			return -1
		}
	}
	return -1
}

// hasCommaBefore reports whether the subtree of c starts right after a
// comma: "bought Selca, Maria Gomez said".
func (x *sentence) hasCommaBefore(c int) bool {
	first := c
	var walk func(i int)
	walk = func(i int) {
		if i < first && x.t[i].UPOS != "PUNCT" {
			first = i
		}
		for _, k := range x.ch[i] {
			walk(k)
		}
	}
	walk(c)
	for k := first - 1; k >= 0; k-- {
		if x.t[k].UPOS != "PUNCT" {
			return false
		}
		if x.t[k].Form == "," {
			return true
		}
	}
	return false
}

// excluded deprels are cut from argument phrases: they are clauses or
// material of their own.
var cut = set("acl:relcl punct parataxis conj cc")

// phrase returns the words of the subtree of h, without relative clauses,
// coordination and the tokens in skip, as a string and its token range.
func (x *sentence) phrase(h int, skip ...int) string {
	var toks []int
	var walk func(i int, top bool)
	walk = func(i int, top bool) {
		if slices.Contains(skip, i) {
			return
		}
		toks = append(toks, i)
		for _, c := range x.ch[i] {
			d := x.t[c].Deprel
			if cut[d] && !(d == "punct" && !top) {
				continue
			}
			walk(c, false)
		}
	}
	walk(h, true)
	sort.Ints(toks)
	return x.words(x.trim(toks))
}

// trim drops punctuation at the edges of a phrase, but keeps quotes and
// brackets whose partner is inside it.
func (x *sentence) trim(toks []int) []int {
	pair := map[string]string{"''": "``", "\"": "\"", ")": "(", "-RRB-": "-LRB-", "'": "`", "]": "["}
	for len(toks) > 0 && x.t[toks[0]].UPOS == "PUNCT" {
		f := x.t[toks[0]].Form
		if f == "``" || f == "(" || f == "-LRB-" || f == "\"" {
			closed := false
			for _, i := range toks[1:] {
				if pair[x.t[i].Form] == f {
					closed = true
				}
			}
			if closed {
				break
			}
		}
		toks = toks[1:]
	}
	for len(toks) > 0 && x.t[toks[len(toks)-1]].UPOS == "PUNCT" {
		if open, ok := pair[x.t[toks[len(toks)-1]].Form]; ok {
			opened := false
			for _, i := range toks[:len(toks)-1] {
				if x.t[i].Form == open {
					opened = true
				}
			}
			if opened {
				break
			}
		}
		toks = toks[:len(toks)-1]
	}
	return toks
}

// clausePhrase returns the whole subtree of h: the content of a
// complement clause.
func (x *sentence) clausePhrase(h int, skip ...int) string {
	var toks []int
	var walk func(i int)
	walk = func(i int) {
		if slices.Contains(skip, i) {
			return
		}
		toks = append(toks, i)
		for _, c := range x.ch[i] {
			walk(c)
		}
	}
	walk(h)
	sort.Ints(toks)
	for len(toks) > 0 && x.t[toks[0]].Deprel == "mark" && x.lemma(toks[0]) == "that" {
		toks = toks[1:]
	}
	return x.words(x.trim(toks))
}

func (x *sentence) words(toks []int) string {
	var b strings.Builder
	for k, i := range toks {
		if k > 0 {
			prev := toks[k-1]
			if v, ok := ud.MiscValue(x.t[prev].Misc, "SpaceAfter"); !(ok && v == "No" && prev+1 == i) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(x.t[i].Form)
	}
	return b.String()
}

// Triples returns the open-IE triples of s, in predicate order.
func Triples(s *ud.Sentence) []Triple {
	if s == nil || len(s.Tokens) == 0 {
		return nil
	}
	x := newSentence(s)
	var out []Triple
	for _, f := range x.frames() {
		out = append(out, x.triples(f)...)
	}
	return append(out, x.implicit()...)
}

// implicit returns the tuples a sentence states without a verb:
// appositions ("Stanley Canter, 66," → Stanley Canter is 66), possessives
// ("WPP Group's unit" → WPP Group has unit) and nominal predicates with a
// prepositional complement ("were the fathers of X" → were the fathers of;
// X).
func (x *sentence) implicit() []Triple {
	var out []Triple
	mk := func(a1 int, arg1, rel string, a2 int, arg2 string, conf float64, path string) {
		if arg1 == "" || arg2 == "" || rel == "" {
			return
		}
		n := len(strings.Fields(arg1)) + len(strings.Fields(arg2))
		out = append(out, Triple{Arg1: arg1, Rel: rel, Args: []string{arg2}, Arg1Head: a1, Arg2Head: a2,
			Pred: a2, Speaker: -1, Path: path, Confidence: conf / (1 + 0.02*float64(n))})
	}
	for i, t := range x.t {
		h := x.head(i)
		switch t.Deprel {
		case "appos":
			if h < 0 || x.hyphenated(h, i) {
				continue
			}
			skip := append(x.childrenBy(h, "appos", "acl", "acl:relcl"), x.childrenBy(h, "punct")...)
			mk(h, x.phraseNoCase(h, skip...), "is", i, x.phrase(i), 0.4, "appos")
		case "nmod:poss":
			if h < 0 || t.UPOS == "PRON" && !strings.EqualFold(t.Form, "its") && !x.isPropn(i) {
				continue
			}
			if t.UPOS == "PRON" {
				continue
			}
			skip := append([]int{i}, x.childrenBy(h, "acl", "acl:relcl", "appos", "det")...)
			mk(i, x.phraseNoCase(i), "has", h, x.phraseNoCase(h, skip...), 0.2, "poss")
		}
		// "Davidson Township in Sullivan County" → is in.
		if t.Deprel == "nmod" && h >= 0 && (x.t[h].UPOS == "NOUN" || x.t[h].UPOS == "PROPN") {
			if p := x.prep(i); p != "" && p != "of" {
				skip := append([]int{i}, x.childrenBy(h, "acl", "acl:relcl", "appos", "nmod:poss")...)
				mk(h, x.phraseNoCase(h, skip...), "is "+p, i, x.phraseNoCase(i), 0.15, "nmod")
			}
		}
		if x.hasChild(i, "cop") && (t.UPOS == "NOUN" || t.UPOS == "PROPN") {
			subs := x.subjects(i)
			for _, n := range x.childrenBy(i, "nmod") {
				p := x.prep(n)
				if p == "" || len(subs) == 0 {
					continue
				}
				skip := append([]int{n}, x.childrenBy(i, "nsubj", "nsubj:pass", "punct", "acl", "acl:relcl", "advcl", "ccomp", "parataxis", "conj", "cc", "obl", "mark")...)
				for _, st := range subs {
					skip = append(skip, st.tok)
				}
				core := x.phrase(i, skip...)
				rel := x.words(x.relTokensCop(i)) + " " + core + " " + p
				for _, st := range subs {
					mk(st.tok, x.phraseNoCase(st.tok, i), strings.TrimSpace(rel), n, x.phraseNoCase(n), 0.6*st.conf, "copula-nmod")
				}
			}
		}
	}
	return out
}

func (x *sentence) isPropn(i int) bool { return x.t[i].UPOS == "PROPN" }

// relTokensCop is the copula and its auxiliaries and negation, without the
// nominal predicate itself.
func (x *sentence) relTokensCop(p int) []int {
	var rel []int
	for _, c := range x.ch[p] {
		d := x.t[c].Deprel
		if d == "aux" || d == "cop" || (d == "advmod" && negationWords[x.lemma(c)]) {
			rel = append(rel, c)
		}
	}
	sort.Ints(rel)
	return rel
}

func (x *sentence) triples(f frame) []Triple {
	rel := x.words(f.relToks)
	// Core object-side arguments for arg2, obliques after.
	var core, obl, adv []argument
	for _, a := range f.objs {
		switch a.kind {
		case "obj", "iobj", "xcomp", "ccomp", "attr", "host":
			core = append(core, a)
		case "obl":
			obl = append(obl, a)
		case "advcl":
			adv = append(adv, a)
		}
	}
	if f.passive {
		for _, a := range f.agents {
			obl = append(obl, argument{a.tok, "by", "obl", -1, a.conf})
		}
	}
	if f.nominal {
		return nil // nominal events are relations between entities, not surface tuples
	}
	// Obliques after the predicate first: a fronted "In 1990," is
	// background, not the second argument.
	rank := func(a argument) int {
		r := 0
		if a.head < f.pred {
			r += 2
		}
		if a.prep == "" {
			r++
		}
		return r
	}
	sort.SliceStable(obl, func(i, j int) bool { return rank(obl[i]) < rank(obl[j]) })
	obl = append(obl, adv...)
	subjs := f.subjs
	if len(subjs) == 0 {
		subjs = []subject{{-1, 0.5, "none"}}
	}
	// Pick the object-side arguments: every core conjunct gets its own tuple,
	// obliques ride along after it.
	var arg2s [][]argument
	if len(core) > 0 {
		// Group iobj before obj in one tuple: "gave Ukraine weapons".
		var iobj []argument
		for _, a := range core {
			if a.kind == "iobj" {
				iobj = append(iobj, a)
			}
		}
		for _, a := range core {
			if a.kind == "iobj" {
				continue
			}
			arg2s = append(arg2s, append(append([]argument{}, iobj...), append([]argument{a}, obl...)...))
		}
		if len(arg2s) == 0 {
			arg2s = append(arg2s, append(iobj, obl...))
		}
	} else if len(obl) > 0 {
		arg2s = append(arg2s, obl)
	} else {
		arg2s = [][]argument{nil}
	}
	var out []Triple
	for _, s := range subjs {
		for _, args := range arg2s {
			t := Triple{Rel: rel, Arg1Head: s.tok, Arg2Head: -1, Negated: f.negated, Hedged: f.hedged,
				Pred: f.pred, Speaker: f.speaker, Path: join(f.path, s.path), Passive: f.passive}
			switch {
			case s.path == "csubj":
				t.Arg1 = x.clausePhrase(s.tok)
			case s.tok >= 0:
				// A relative clause's noun may sit in a prepositional
				// phrase ("many of the Iraqis, who …"): drop its case.
				t.Arg1 = x.phraseNoCase(s.tok, x.branchToward(s.tok, f.pred))
			}
			conf := f.conf * s.conf
			for k, a := range args {
				var text string
				switch a.kind {
				case "ccomp":
					text = x.clausePhrase(a.head)
				case "xcomp":
					text = x.clausePhrase(a.head)
				case "host":
					text = x.clausePhrase(a.head, f.pred)
				case "advcl":
					text = x.clausePhrase(a.head)
				case "attr":
					skip := append([]int{}, f.relToks...)
					skip = append(skip, x.childrenBy(a.head, "nsubj", "nsubj:pass", "punct", "mark", "advcl", "ccomp", "parataxis", "csubj", "nmod", "obl", "acl")...)
					if len(args) == 1 {
						// Nothing else to carry the modifiers: keep them.
						skip = slices.DeleteFunc(skip, func(i int) bool { return x.t[i].Deprel == "nmod" || x.t[i].Deprel == "obl" })
					}
					for _, st := range subjs {
						skip = append(skip, st.tok)
					}
					text = x.phrase(a.head, skip...)
				default:
					text = x.phrase(a.head, f.pred)
				}
				if k == 0 {
					t.Arg2Head = a.head
					if a.prep != "" {
						t.Rel += " " + a.prep
						text = x.phraseNoCase(a.head, f.pred)
					}
				} else if a.prep == "by" && f.passive && !strings.HasPrefix(text, "by ") {
					text = "by " + text
				}
				if text != "" {
					t.Args = append(t.Args, text)
				}
				conf *= a.conf
			}
			if t.Rel == "" {
				continue
			}
			n := len(strings.Fields(t.Arg1))
			for _, a := range t.Args {
				n += len(strings.Fields(a))
			}
			// Long tuples are less often right; so are intransitive ones,
			// which often lack an argument the parser missed.
			t.Confidence = conf / (1 + 0.02*float64(n))
			if len(t.Args) == 0 {
				t.Confidence *= 0.2
			}
			out = append(out, t)
		}
	}
	return out
}

// phraseNoCase is phrase without the argument's own preposition, which went
// into the relation.
func (x *sentence) phraseNoCase(h int, skip ...int) string {
	return x.phrase(h, append(skip, x.childrenBy(h, "case")...)...)
}
