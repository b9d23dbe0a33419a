package relate

import (
	"slices"
	"sort"
	"strings"

	"kg/extract"
	"kg/extract/gazetteer"
	"kg/extract/ud"
)

// Extract returns the typed relations between entities for a whole
// document. tokens[i][j] is the entity index of token j of sentence i, or
// -1; a clause yields a relation only when both its subject and its object
// resolve to entities. Relations come sorted by sentence and position, one
// per (subject, predicate, object, modality) in a sentence.
func Extract(text string, sents []*ud.Sentence, tokens [][]int, entities []extract.Entity) []extract.Relation {
	var out []extract.Relation
	for i, s := range sents {
		if s == nil || len(s.Tokens) == 0 || i >= len(tokens) {
			continue
		}
		m := &mapper{x: newSentence(s), ents: tokens[i], n: len(entities), types: entities}
		out = append(out, m.relations(i, len(text))...)
	}
	return out
}

type mapper struct {
	x     *sentence
	ents  []int
	n     int
	types []extract.Entity // for their types
}

// entity returns the entity of the phrase headed by tok: the head itself,
// then its name parts (flat, PROPN compounds), the place of a place noun's
// of-phrase and appositions.
func (m *mapper) entity(tok int) int {
	if tok < 0 || tok >= len(m.ents) {
		return -1
	}
	if e := m.ents[tok]; e >= 0 && e < m.n {
		return e
	}
	x := m.x
	// "Ford, a company headquartered in …": the apposition names its head.
	if x.t[tok].Deprel == "appos" {
		if h := x.head(tok); h >= 0 && h < len(m.ents) && m.ents[h] >= 0 && m.ents[h] < m.n {
			return m.ents[h]
		}
	}
	for _, c := range x.ch[tok] {
		d := x.t[c].Deprel
		name := d == "flat" || d == "flat:name" || d == "compound" && x.t[tok].UPOS == "PROPN" && x.t[c].UPOS == "PROPN"
		// "the region of Kursk": a place noun names the place of its
		// of-phrase.
		of := d == "nmod" && x.t[tok].UPOS == "NOUN" && placeNouns[x.lemma(tok)] && x.t[c].UPOS == "PROPN" && x.prep(c) == "of"
		// "the Lombardy region": a place noun names the place before it.
		named := d == "compound" && x.t[tok].UPOS == "NOUN" && placeNouns[x.lemma(tok)] && x.t[c].UPOS == "PROPN" && c < tok
		// "beat Celtic 2-1": a parser trained on little sport makes the
		// score the object and the side its compound.
		score := d == "compound" && x.t[tok].UPOS == "NUM" && c == tok-1
		if name || of || named || score || d == "appos" {
			if c < len(m.ents) && m.ents[c] >= 0 && m.ents[c] < m.n {
				return m.ents[c]
			}
		}
	}
	if x.t[tok].UPOS == "NOUN" && gazetteer.IsTitle(x.t[tok].Form) {
		return m.titlePerson(tok)
	}
	// "defeated debutants Panama 3 – 0", "beat hosts Russia": a noun
	// right before a name it dominates describes that name, however the
	// parser hung the name below it.
	if n := tok + 1; x.t[tok].UPOS == "NOUN" && n < len(m.ents) && x.t[n].UPOS == "PROPN" && m.ents[n] >= 0 && m.ents[n] < m.n && x.dominates(tok, n) {
		return m.ents[n]
	}
	return -1
}

// titlePerson returns the person a title noun names where the parser lost
// the apposition, or -1: "met officials and Qatar's prime minister, Sheikh
// Mohammed …" made the name another conjunct, so a title followed by a
// comma and a person's name (past honorifics) is that person; "A spokesman
// for China's foreign ministry, Lin Jian," hung the name on the nearest
// noun, and only the title can be a person.
func (m *mapper) titlePerson(tok int) int {
	x := m.x
	person := func(k int) int {
		if e := m.ents[k]; e >= 0 && e < m.n && m.types[e].Type == "PERSON" {
			return e
		}
		return -1
	}
	if tok+2 < len(x.t) && x.t[tok+1].Form == "," {
		k := tok + 2
		for k+1 < len(x.t) && m.ents[k] < 0 && gazetteer.IsTitle(x.t[k].Form) {
			k++
		}
		if e := person(k); e >= 0 {
			return e
		}
	}
	for _, c := range x.childrenBy(tok, "nmod") {
		for _, a := range x.childrenBy(c, "appos") {
			if e := person(a); e >= 0 {
				return e
			}
		}
	}
	return -1
}

// possessor returns the entity owning a non-entity noun: "Ukraine's power
// grid", "the Ukrainian grid", "the Kyiv government".
func (m *mapper) possessor(tok int) int {
	x := m.x
	// "Panama's attempt, by Michael Murillo,": the doer a by-phrase names
	// owns the act before the side that possesses it.
	for _, c := range x.childrenBy(tok, "nmod") {
		if x.prep(c) == "by" {
			if e := m.entity(c); e >= 0 {
				return e
			}
		}
	}
	found := -1
	for _, c := range x.ch[tok] {
		d := x.t[c].Deprel
		if d == "nmod:poss" || d == "compound" && x.t[c].UPOS == "PROPN" || d == "amod" && x.t[c].UPOS == "ADJ" {
			if e := m.entity(c); e >= 0 {
				if d == "nmod:poss" {
					return e
				}
				if found >= 0 && found != e || m.entitiesUnder(c) > 1 {
					return -1 // "the Ukraine-Russia war" belongs to neither
				}
				found = e
			}
		}
	}
	return found
}

// relationSet gathers a sentence's relations, one per subject, object,
// predicate, negation and hedging: of two readings of the same relation the
// more confident stands. It refuses what no reading should give (see
// plausible).
type relationSet struct {
	ents []extract.Entity // for their types
	best map[relationKey]int
	out  []extract.Relation
}

type relationKey struct {
	s, o      int
	pred      string
	neg, hedg bool
}

// add adds r, or keeps it in place of the same relation read with less
// confidence.
func (rs *relationSet) add(r extract.Relation) {
	if !plausible(r, rs.ents) {
		return
	}
	k := relationKey{r.Subject, r.Object, r.Predicate, r.Negated, r.Hedged}
	if j, ok := rs.best[k]; ok {
		if r.Confidence > rs.out[j].Confidence {
			rs.out[j] = r
		}
		return
	}
	if rs.best == nil {
		rs.best = map[relationKey]int{}
	}
	rs.best[k] = len(rs.out)
	rs.out = append(rs.out, r)
}

func (m *mapper) relations(si, textLen int) []extract.Relation {
	x := m.x
	rs := relationSet{ents: m.types}
	for _, f := range x.frames() {
		subjs, objs := f.subjs, f.objs
		conf := f.conf
		pastPart := ""
		if f.passive && !f.nominal && len(f.agents) == 0 {
			// No agent: only "X (was) based in Y"-style obliques of the
			// patient, with the participle as predicate.
			pastPart = strings.ToLower(x.t[f.pred].Form)
			if x.t[f.pred].Deprel != "acl" {
				pastPart = "was " + pastPart
			}
			var o []argument
			for _, a := range objs {
				if a.kind == "obl" {
					o = append(o, a)
				}
			}
			objs = o
		} else if f.passive && !f.nominal {
			subjs = f.agents
			conf *= 0.9
			var o []argument
			for _, s := range f.subjs {
				o = append(o, argument{s.tok, "", "obj", -1, s.conf})
			}
			objs = append(o, objs...)
		}
		speaker := -1
		if f.speaker >= 0 {
			speaker = m.entity(f.speaker)
			if speaker < 0 && f.speaker < len(x.t) {
				// "according to X": the phrase head may be a title noun.
				speaker = m.possessor(f.speaker)
			}
		}
		// A reporting verb with reported content: its obliques place the
		// statement, they are not what it is about.
		reporting := reportingVerbs[f.verb] && !f.nominal && x.hasChild(f.pred, "ccomp", "parataxis")
		var firstObj int = -1
		for _, a := range objs {
			if a.kind == "obj" {
				firstObj = a.head
				break
			}
		}
		for _, s := range subjs {
			se := m.entity(s.tok)
			if se < 0 {
				continue
			}
			for _, a := range objs {
				var pred, noun string
				possessed := false
				oe := -1
				switch a.kind {
				case "obj", "iobj":
					if f.copula || contentVerbs[f.verb] && !f.nominal {
						continue
					}
					oe = m.entity(a.head)
					if oe < 0 && !f.nominal {
						if oe = m.possessor(a.head); oe >= 0 {
							possessed = true
						}
					}
					pred = m.verbPhrase(f)
				case "obl":
					if reporting || a.prep == "" || strings.HasPrefix(a.prep, "according") {
						continue
					}
					oe = m.entity(a.head)
					pred = m.verbPhrase(f)
					if pastPart != "" {
						pred = pastPart
					}
					if firstObj >= 0 && m.entity(firstObj) < 0 && x.t[firstObj].UPOS != "NUM" {
						// "sold its business to": the thing names the act;
						// a number ("lost 1 – 2 to", "opened 2012 with")
						// does not.
						noun = x.lemma(firstObj)
						pred += " " + strings.ToLower(x.t[firstObj].Form)
					}
					pred += " " + a.prep
				case "nmod":
					// "the conflict between X and Y" concerns X and Y, not
					// the subject.
					// A noun naming the subject itself (an apposition:
					// "Orban, an ally of Putin") still relates it.
					if e := m.entity(a.via); e >= 0 && e != se || a.prep == "between" || a.prep == "among" {
						continue
					}
					oe = m.entity(a.head)
					noun = x.lemma(a.via)
					form := strings.ToLower(x.t[a.via].Form)
					switch {
					case f.copula:
						pred = noun + " " + a.prep
					case a.prep == "of":
						// "struck the power grid of Ukraine" is
						// "struck Ukraine's power grid".
						pred = m.verbPhrase(f)
						possessed = true
					default:
						pred = m.verbPhrase(f) + " " + form + " " + a.prep
					}
				default:
					continue
				}
				if oe < 0 || oe == se {
					continue
				}
				negated := f.negated
				// "had no contact with", "was no fan of".
				for _, n := range []int{a.head, a.via, firstObj, f.pred} {
					if n >= 0 && (a.kind != "obl" || n != a.head) && x.hasDetNo(n) {
						negated = !f.negated
					}
				}
				c := conf * s.conf * a.conf
				if possessed {
					c *= 0.9
				}
				class := m.frameClass(f, noun)
				if f.copula || pastPart != "" {
					class = "OTHER" // the patient is the subject: the verb's class would mislead
				}
				r := extract.Relation{
					Subject: se, Object: oe, Predicate: pred, Class: class,
					Negated: negated, Hedged: f.hedged, Possessed: possessed,
					Attributed: speaker, Confidence: round(min(c, 1)), Sentence: si,
				}
				r.Span = m.span(f, s.tok, a.head, textLen)
				rs.add(r)
			}
		}
		// "Macron and Starmer met", "talks between Kyiv and Moscow": a
		// reciprocal predicate relates its coordinated participants.
		if prep, ok := reciprocal[f.verb]; ok && !f.passive && !m.hasEntityObject(objs) && !(objectless[f.verb] && x.hasChild(f.pred, "obj")) {
			parts := subjs
			if f.nominal {
				parts = nil
				for _, a := range f.objs {
					if a.kind == "between" {
						parts = append(parts, subject{a.head, a.conf, "nominal"})
					}
				}
			}
			var ents []int
			for _, p := range parts {
				if e := m.entity(p.tok); e >= 0 && !slices.Contains(ents, e) {
					ents = append(ents, e)
				}
			}
			for k := 1; k < len(ents); k++ {
				pred := strings.TrimSpace(pastTense(f.verb) + " " + prep)
				class := m.frameClass(f, "")
				if thing := x.childrenBy(f.pred, "obj"); takesThing[f.verb] && len(thing) > 0 {
					// "exchanged fire with", "traded blows with": the
					// thing, where it has a class, is the event.
					pred = pastTense(f.verb) + " " + strings.ToLower(x.t[thing[0]].Form) + " " + prep
					if c := classOf(x.lemma(thing[0]), ""); c != "OTHER" {
						class = c
					}
				}
				r := extract.Relation{Subject: ents[0], Object: ents[k], Predicate: pred, Class: class,
					Negated: f.negated, Hedged: f.hedged, Attributed: speaker, Confidence: round(f.conf * 0.8), Sentence: si}
				if len(parts) > 0 {
					r.Span = m.span(f, parts[0].tok, parts[len(parts)-1].tok, textLen)
				}
				rs.out = append(rs.out, r)
			}
		}
	}
	return rs.sorted()
}

// plausible reports whether a relation can be one: a family relation holds
// between people ("Paris, the daughter of X" is an apposition the parser
// hung on a place), and a predicate ending in "according to", "including",
// "such as" or "like" names a source or an example, not a relation.
func plausible(r extract.Relation, ents []extract.Entity) bool {
	if IsKinship(r.Predicate) {
		for _, e := range []int{r.Subject, r.Object} {
			if e < 0 || e >= len(ents) || ents[e].Type != "PERSON" {
				return false
			}
		}
	}
	for _, p := range []string{" according to", " including", " such as", " like"} {
		if strings.HasSuffix(r.Predicate, p) {
			return false
		}
	}
	return true
}

// sorted returns the relations in text order.
func (rs *relationSet) sorted() []extract.Relation {
	sort.SliceStable(rs.out, func(a, b int) bool { return rs.out[a].Start < rs.out[b].Start })
	return rs.out
}

// reciprocal verbs relate their coordinated subjects, with the preposition
// that joins them in the predicate: "X and Y met" → X met Y.
var reciprocal = map[string]string{
	"meet": "", "talk": "with", "speak": "with", "agree": "with", "clash": "with", "fight": "",
	"negotiate": "with", "cooperate": "with", "trade": "with", "ally": "with", "confer": "with",
	"hold talks with": "", "agree with": "", "negotiate with": "", "ally with": "", "partner with": "",
	"partner": "with", "collaborate": "with", "quarrel": "with", "argue": "with", "reconcile": "with",
	"face": "", "battle": "", "spar": "with", "feud": "with", "duel": "with", "exchange": "with", "merge": "with",
}

// objectless are the reciprocal verbs that relate their coordinated
// subjects only without an object: "X and Y faced off", not "X and Y
// faced charges".
var objectless = set("face battle fight")

// takesThing are the reciprocal verbs whose object is what passes between
// the subjects and belongs in the predicate: "X and Y exchanged fire".
var takesThing = set("exchange trade")

// settingPreps place an event without taking part in it: "X and Y met in
// Paris" still relates X and Y.
var settingPreps = set("in at on near during outside inside")

func (m *mapper) hasEntityObject(objs []argument) bool {
	for _, a := range objs {
		if a.kind == "obl" && settingPreps[a.prep] {
			continue
		}
		switch a.kind {
		case "obj", "iobj", "obl", "nmod":
			if m.entity(a.head) >= 0 {
				return true
			}
		}
	}
	return false
}

// frameClass is the PLOVER class of a frame, reading an event noun's own
// class when its verb is light ("talks" → hold talks → CONSULT).
func (m *mapper) frameClass(f frame, noun string) string {
	if f.nominal {
		return m.sportClass(strings.Fields(f.verb)[0], classOf(strings.Fields(f.verb)[0], m.x.lemma(f.pred)))
	}
	return m.sportClass(f.verb, classOf(f.verb, noun))
}

// contestVerbs are the verbs of a contest's result, which a sentence with
// a score ("beat Celtic 2-1", "lost 1 – 2 to England") uses of a match,
// not of force.
var contestVerbs = set("beat defeat lose thrash rout edge overcome eliminate draw win down hammer")

// sportClass returns class, or OTHER for a contest verb in a sentence
// that gives a score: a match is no assault.
func (m *mapper) sportClass(verb, class string) string {
	if !contestVerbs[verb] {
		return class
	}
	for i := range m.x.t {
		if m.x.s.IsScore(i) {
			return "OTHER"
		}
	}
	return class
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// verbPhrase is the readable past-tense predicate: "met", "set up".
func (m *mapper) verbPhrase(f frame) string {
	if f.nominal {
		return pastTense(f.verb)
	}
	var b strings.Builder
	b.WriteString(pastTense(f.verb))
	for _, c := range m.x.childrenBy(f.pred, "compound:prt") {
		b.WriteByte(' ')
		b.WriteString(strings.ToLower(m.x.t[c].Form))
	}
	return b.String()
}

// span is the evidence: the predicate's clause together with both argument
// heads (a relative clause's noun stands outside the clause).
func (m *mapper) span(f frame, subj, obj, textLen int) extract.Span {
	x := m.x
	lo, hi := -1, -1
	addTok := func(i int) {
		if i < 0 || i >= len(x.t) || x.t[i].Start < 0 {
			return
		}
		if lo < 0 || x.t[i].Start < lo {
			lo = x.t[i].Start
		}
		if x.t[i].End > hi {
			hi = x.t[i].End
		}
	}
	var walk func(i int)
	walk = func(i int) {
		addTok(i)
		for _, c := range x.ch[i] {
			if d := x.t[c].Deprel; d == "punct" || d == "parataxis" {
				continue
			}
			walk(c)
		}
	}
	walk(f.pred)
	addTok(subj)
	addTok(obj)
	if lo < 0 {
		if x.s.Start >= 0 && x.s.End >= x.s.Start {
			return extract.Span{Start: x.s.Start, End: x.s.End}
		}
		return extract.Span{}
	}
	if hi > textLen && textLen > 0 {
		hi = textLen
	}
	return extract.Span{Start: lo, End: hi}
}

// entitiesUnder counts the distinct entities in the subtree of tok.
func (m *mapper) entitiesUnder(tok int) int {
	seen := map[int]bool{}
	var walk func(i int)
	walk = func(i int) {
		if i < len(m.ents) && m.ents[i] >= 0 {
			seen[m.ents[i]] = true
		}
		for _, c := range m.x.ch[i] {
			walk(c)
		}
	}
	walk(tok)
	return len(seen)
}
