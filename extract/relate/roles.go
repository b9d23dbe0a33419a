package relate

import (
	"slices"
	"strings"

	"kg/extract"
	"kg/extract/gazetteer"
	"kg/extract/ud"
)

// roleNouns name a standing relation of a person to an organisation, a
// place or another person: offices, occupations, membership, ownership.
// With the title lexicon (gazetteer.IsTitle) and the frame lexicon's
// agentive nouns they make role edges ("X, curator of Y" → X curator of Y).
var roleNouns = set(`president vice-president chairman chairwoman chair chairperson ceo cfo coo cto
	founder co-founder cofounder owner co-owner proprietor publisher editor editor-in-chief reporter
	journalist writer columnist correspondent critic blogger commentator spokesman spokeswoman
	spokesperson professor lecturer researcher scientist fellow student graduate alumnus alumna
	curator director head chief leader member captain coach player striker goalkeeper keeper defender
	midfielder forward manager secretary minister ambassador envoy mayor governor senator
	lawmaker legislator councillor councilor representative delegate diplomat lawyer attorney
	counsel prosecutor judge justice analyst economist official adviser advisor aide employee
	executive commander general officer soldier musician singer guitarist drummer bassist
	vocalist frontman actor actress producer author candidate premier chancellor king queen
	prince princess emperor pope bishop archbishop priest imam rabbi pastor teacher instructor
	dean provost rector principal trustee treasurer chaplain investor shareholder partner
	organizer organiser activist campaigner negotiator commissioner administrator superintendent
	inspector detective agent deputy undersecretary secretary-general president-elect
	chairman-elect sheriff marshal pilot engineer architect designer photographer artist
	painter composer conductor dancer tsar czar sultan emir monarch ruler regent`)

// officeNouns are role nouns held in a country, city or state as well as
// in an organisation ("the mayor of Taipei", "Russia's ambassador"); the
// others ("American political activist") do not make a place their
// designator.
var officeNouns = set(`president vice-president premier chancellor prime minister secretary
	ambassador envoy mayor governor senator king queen prince princess emperor tsar czar
	sultan emir monarch ruler regent president-elect diplomat consul representative delegate
	lawmaker legislator councillor councilor sheriff commissioner general commander chief
	head leader official spokesman spokeswoman spokesperson secretary-general undersecretary
	deputy minister`)

// sportsRoles are the places on a team; with a country's name or demonym
// they name its national team ("English captain", "Tunisia's goalkeeper").
var sportsRoles = set(`captain striker defender goalkeeper keeper midfielder forward winger
	fullback full-back centre-back center-back playmaker coach manager player substitute`)

// leavingVerbs end the role they take with "as": "resigned as chairman".
var leavingVerbs = set("resign quit retire leave step depart exit stand")

// personalRoles are role nouns held toward a person as well as an
// organisation: "his lawyer", "her deputy", "an adviser to the president".
var personalRoles = set(`lawyer attorney counsel adviser advisor aide deputy assistant spokesman
	spokeswoman spokesperson agent manager secretary bodyguard biographer physician doctor
	teammate colleague successor predecessor friend partner`)

// kinNouns name family relations; their designator is a person.
var kinNouns = set(`father mother son daughter wife husband brother sister parent child
	spouse partner fiancé fiancee fiancée grandfather grandmother grandson granddaughter uncle aunt
	nephew niece cousin stepfather stepmother stepson stepdaughter father-in-law mother-in-law
	son-in-law daughter-in-law brother-in-law sister-in-law widow widower twin`)

// IsKinship reports whether a predicate names a family relation ("daughter
// of", "wife of"), which holds between people only.
func IsKinship(pred string) bool {
	w, _, _ := strings.Cut(pred, " ")
	return kinNouns[w]
}

// RoleEdges returns the role edges that nouns of office, occupation,
// membership and kinship state in the trees: "X, director of Y", "Y's
// founder, X", "musician X of Y", "her father, X", "X is the mayor of Y",
// "X served as adviser to Y", and a person's organisation with no title at
// all ("Y's X", "X of Y": member of). agent reports whether the frame
// lexicon knows a noun as a participant of an event ("buyer", "owner"); it
// may be nil. Arguments are as for Extract.
func RoleEdges(text string, sents []*ud.Sentence, tokens [][]int, entities []extract.Entity, agent func(noun string) bool) []extract.Relation {
	var out []extract.Relation
	for i, s := range sents {
		if s == nil || len(s.Tokens) == 0 || i >= len(tokens) {
			continue
		}
		m := &mapper{x: newSentence(s), ents: tokens[i], n: len(entities), types: entities}
		out = append(out, m.roleEdges(i, len(text), agent)...)
	}
	return out
}

func (m *mapper) typeOf(e int) string {
	if e < 0 || e >= len(m.types) {
		return ""
	}
	return m.types[e].Type
}

// person returns the person entity of token t, or -1.
func (m *mapper) person(t int) int {
	if t < 0 || t >= len(m.ents) {
		return -1
	}
	e := m.ents[t]
	if e < 0 || e >= m.n || m.typeOf(e) != "PERSON" {
		return -1
	}
	return e
}

// isRoleNoun reports whether token t is a role noun, and whether a kin one.
func (m *mapper) isRoleNoun(t int, agent func(string) bool) (role, kin bool) {
	tk := m.x.t[t]
	if tk.UPOS != "NOUN" && tk.UPOS != "PROPN" || m.ents[t] >= 0 && m.person(t) < 0 && tk.UPOS == "PROPN" {
		return false, false
	}
	l := m.x.lemma(t)
	if kinNouns[l] {
		return true, true
	}
	if roleNouns[l] || gazetteer.IsTitle(tk.Form) && tk.UPOS == "NOUN" || agent != nil && tk.UPOS == "NOUN" && agent(l) {
		return true, false
	}
	return false, false
}

// holder returns the person who holds role noun n, or -1.
func (m *mapper) holder(n int, agent func(string) bool) int {
	x := m.x
	for steps := 0; n >= 0 && steps < 4; steps++ {
		h := x.head(n)
		d := x.t[n].Deprel
		// "X, director of Y": the role is an apposition of the person.
		if d == "appos" && h >= 0 {
			if e := m.person(h); e >= 0 {
				return e
			}
			// "X was born in Paris, the daughter of Y": a kin noun is no
			// apposition of a place; the parser hung it on the nearest
			// noun, and the person is the clause's subject.
			if _, kin := m.isRoleNoun(n, agent); kin && m.typeOf(m.entity(h)) != "PERSON" {
				if v := x.head(h); v >= 0 && x.t[v].UPOS == "VERB" {
					for _, s := range x.childrenBy(v, "nsubj", "nsubj:pass") {
						return m.person(s)
					}
				}
			}
		}
		// "director of Y, X" / "her father, X" / "Director X".
		for _, c := range x.ch[n] {
			if cd := x.t[c].Deprel; cd == "appos" || cd == "flat" || cd == "compound" && c > n {
				if e := m.person(c); e >= 0 {
					return e
				}
			}
		}
		// "Co-founder of Google, Sergey Brin": the parser may hang the
		// name on the organisation the role belongs to.
		for _, c := range x.childrenBy(n, "nmod") {
			oe := m.entity(c)
			for _, a := range x.ch[c] {
				if ad := x.t[a].Deprel; ad == "appos" || ad == "flat" {
					if e := m.person(a); e >= 0 && e != oe {
						return e
					}
				}
			}
		}
		// "her ex-husband and Paris's father, Albert Jaquier, died": the
		// parser made the name another conjunct, but a possessed role
		// noun, a comma and a name closed by a comma is an apposition.
		if steps == 0 && (x.hasChild(n, "nmod:poss") || m.lostPossessor(n) >= 0) && n+2 < len(x.t) && x.t[n+1].Form == "," {
			if e := m.person(n + 2); e >= 0 && x.t[n+2].Deprel == "conj" {
				k := n + 2
				for k < len(x.t) && m.ents[k] == e {
					k++
				}
				if k < len(x.t) && x.t[k].Form == "," {
					return e
				}
			}
		}
		// "France's interior minister Gérald Darmanin": a title right
		// before a name is the name's, wherever the parser hung the name.
		if steps == 0 && n+1 < len(x.t) && x.t[n+1].UPOS == "PROPN" {
			if e := m.person(n + 1); e >= 0 && m.ents[n] != e {
				return e
			}
		}
		// "musician X": the role noun modifies the name.
		if (d == "compound" || d == "nmod:desc" || d == "amod" || d == "flat") && h > n {
			if e := m.person(h); e >= 0 {
				return e
			}
		}
		// "X is the mayor of Y", "X served as adviser to Y", "X became
		// chairman".
		if s := x.childrenBy(n, "nsubj"); len(s) > 0 && x.hasChild(n, "cop") {
			return m.person(s[0])
		}
		if h >= 0 && (d == "xcomp" || (d == "obl" || d == "advcl") && x.prep(n) == "as") {
			// "appointed X as its director": the object holds the role;
			// "X served as director", "X was named director": the subject.
			for _, o := range x.childrenBy(h, "obj") {
				return m.person(o)
			}
			for _, s := range x.childrenBy(h, "nsubj", "nsubj:pass") {
				return m.person(s)
			}
			return -1
		}
		// "Director of A, and Chairman of B": a coordinated role has its
		// first conjunct's holder.
		if d == "conj" && h >= 0 {
			if r, _ := m.isRoleNoun(h, agent); r {
				n = h
				continue
			}
			// "X, Director of A, and Chairman of B": the parser may
			// coordinate the second role with the person the first is
			// an apposition of.
			if e := m.person(h); e >= 0 {
				for _, a := range x.childrenBy(h, "appos", "conj") {
					if r, kin := m.isRoleNoun(a, agent); r && !kin && h < a && a < n {
						return e
					}
				}
			}
		}
		return -1
	}
	return -1
}

func (m *mapper) roleEdges(si, textLen int, agent func(string) bool) []extract.Relation {
	x := m.x
	var out []extract.Relation
	seen := map[[3]any]bool{}
	emit := func(subj, obj int, pred string, n, objTok int) {
		if subj < 0 || obj < 0 || subj == obj {
			return
		}
		k := [3]any{subj, obj, pred}
		if seen[k] {
			return
		}
		seen[k] = true
		r := extract.Relation{Subject: subj, Object: obj, Predicate: pred, Class: "ROLE",
			Attributed: -1, Confidence: 0.7, Sentence: si}
		r.Span = m.span(frame{pred: n}, n, objTok, textLen)
		out = append(out, r)
	}
	for n := range x.t {
		role, kin := m.isRoleNoun(n, agent)
		if !role {
			continue
		}
		holders := []int{m.holder(n, agent)}
		if holders[0] < 0 {
			// "former members of Scientology, including musician X and
			// actor Y": the named examples hold the role.
			holders = holders[:0]
			for _, e := range m.examples(n) {
				for _, c := range x.conjuncts(e) {
					if p := m.argEntity(c); p >= 0 && m.typeOf(p) == "PERSON" {
						holders = append(holders, p)
					}
				}
			}
		}
		name := m.roleName(n)
		if h := x.head(n); h >= 0 && x.prep(n) == "as" && leavingVerbs[x.lemma(h)] && !strings.HasPrefix(name, "former ") {
			name = "former " + name // "resigned as leader of X": no longer
		}
		deps := x.ch[n]
		for _, a := range x.ch[n] {
			// "professor emeritus at X", "editor at large at X": the
			// parser hangs the designator on the adjective after the
			// role noun, but it is the role's.
			if a > n && x.t[a].UPOS == "ADJ" && (x.t[a].Deprel == "amod" || x.t[a].Deprel == "nmod") {
				for _, c := range x.ch[a] {
					if (x.t[c].Deprel == "nmod" || x.t[c].Deprel == "obl") && x.t[c].UPOS == "PROPN" {
						deps = append(deps[:len(deps):len(deps)], c)
					}
				}
			}
			// "director of exhibits at X", "professor of history at X":
			// the role's field hangs the place of work on itself.
			if a > n && x.t[a].UPOS == "NOUN" && x.t[a].Deprel == "nmod" && x.prep(a) == "of" && m.entity(a) < 0 {
				for _, c := range x.childrenBy(a, "nmod") {
					if x.t[c].UPOS == "PROPN" && x.prep(c) == "at" {
						deps = append(deps[:len(deps):len(deps)], c)
					}
				}
			}
		}
		lost := m.lostPossessor(n)
		if lost >= 0 {
			deps = append(deps[:len(deps):len(deps)], lost)
		}
		for _, hold := range holders {
			for _, c := range deps {
				d := x.t[c].Deprel
				if c == lost {
					d = "nmod:poss"
				}
				var prep string
				switch {
				case d == "nmod:poss":
					prep = "of"
				case d == "nmod" || d == "obl":
					prep = x.prep(c)
					switch prep {
					case "of", "at", "for", "to", "with", "in":
					default:
						continue
					}
					if prep == "in" && kin {
						continue
					}
				case d == "compound" && c < n && x.t[c].UPOS == "PROPN":
					prep = "of" // "Taipei mayor"
				case d == "amod" && c < n && sportsRoles[x.lemma(n)]:
					prep = "of" // "English captain Harry Kane": the national team
				default:
					continue
				}
				for _, obj := range m.designatedBy(n, c, kin) {
					if obj < 0 || obj == hold {
						continue
					}
					if kin && m.typeOf(obj) != "PERSON" || !kin && m.typeOf(obj) == "PERSON" && !personalRoles[x.lemma(n)] {
						continue // a kin noun relates people; an office, organisations and places
					}
					if t := m.typeOf(obj); (t == "GPE" || t == "LOC") && !officeNouns[x.lemma(n)] && !sportsRoles[x.lemma(n)] && !gazetteer.IsTitle(x.t[n].Form) {
						continue
					}
					if prep == "in" && m.typeOf(obj) == "PERSON" {
						continue
					}
					emit(hold, obj, name+" "+prep, n, c)
				}
			}
		}
	}
	// "New People Party's Michael Tien", "Nick Rhodes of Duran Duran": a
	// person's organisation, with the person's title when one stands
	// before the name.
	for t := range x.t {
		p := m.person(t)
		if p < 0 || t > 0 && m.ents[t-1] == p && x.head(t) == t-1 {
			continue
		}
		if x.head(t) >= 0 && m.ents[x.head(t)] == p {
			continue // not the name's head token
		}
		for _, c := range x.ch[t] {
			d := x.t[c].Deprel
			if d != "nmod:poss" && !(d == "nmod" && (x.prep(c) == "of" || x.prep(c) == "for")) {
				continue
			}
			obj := m.entity(c)
			if obj < 0 || obj == p || m.typeOf(obj) != "ORG" {
				continue
			}
			name := "member"
			titles := x.ch[t]
			if h := x.head(t); h >= 0 && h < t {
				// "musician Nick Rhodes": the parser may make the
				// title the head and the name its flat dependent.
				titles = append([]int{h}, titles...)
			}
			for _, k := range titles {
				if k < t && x.t[k].UPOS == "NOUN" {
					if r, kin := m.isRoleNoun(k, agent); r && !kin {
						name = m.roleName(k)
						break
					}
				}
			}
			emit(p, obj, name+" of", t, c)
		}
	}
	out = append(out, m.seatEdges(si, textLen)...)
	// "the Weatherspoon Art Museum at the University of North Carolina":
	// an organisation at or of another is part of it.
	for t := range x.t {
		o := m.ents[t]
		if o < 0 || o >= m.n || m.typeOf(o) != "ORG" && m.typeOf(o) != "LOC" || x.head(t) >= 0 && m.ents[x.head(t)] == o {
			continue
		}
		for _, c := range x.childrenBy(t, "nmod") {
			if p := x.prep(c); p != "at" && p != "of" {
				continue
			}
			if whole := m.entity(c); whole >= 0 && whole != o && m.typeOf(whole) == "ORG" {
				emit(o, whole, "part of", t, c)
			}
		}
	}
	return out
}

// lostPossessor returns the name before role noun n whose "'s" the
// parser did not hang on n ("her ex-husband and Paris's father" made Paris
// a conjunct), or -1 when n has its possessor or none stands before it.
func (m *mapper) lostPossessor(n int) int {
	x := m.x
	if n < 2 || x.hasChild(n, "nmod:poss") || x.t[n-1].Deprel != "case" || x.t[n-1].UPOS != "PART" {
		return -1
	}
	if f := x.t[n-1].Form; f != "'s" && f != "'" && f != "’s" {
		return -1
	}
	h := x.head(n - 1)
	if h < 0 || h >= n-1 || x.t[h].UPOS != "PROPN" || x.dominates(h, n) {
		return -1
	}
	return h
}

// designatedBy returns the entities dependent c of role noun n names. A
// kin noun's "their" names no entity of its own, but within one clause it
// is the people the clause is about: "Ann Lee and her husband Tom Lee
// mourned their son" makes both parents.
func (m *mapper) designatedBy(n, c int, kin bool) []int {
	x := m.x
	e := m.entity(c)
	if e >= 0 || !kin || x.t[c].Deprel != "nmod:poss" || x.lemma(c) != "their" {
		return []int{e}
	}
	// The clause is the nearest head with a subject: "were charged over
	// the death of their son", "are on trial for the death of their son".
	v := x.head(n)
	for steps := 0; v >= 0 && !x.hasChild(v, "nsubj", "nsubj:pass") && steps < 4; steps++ {
		v = x.head(v)
	}
	if v < 0 {
		return nil
	}
	var out []int
	for _, s := range x.childrenBy(v, "nsubj", "nsubj:pass") {
		for _, k := range x.conjuncts(s) {
			if p := m.entity(k); p >= 0 && m.typeOf(p) == "PERSON" && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	if len(out) < 2 {
		return nil // one named subject does not make "their"
	}
	return out
}

// seatNouns name where an organisation is run from.
var seatNouns = set("headquarters headquarter hq seat base")

// seatEdges finds where an organisation is based: "Google's headquarters
// (located) in Mountain View", "the headquarters of Acme in Dallas",
// "Acme's base is in Dallas", and "the Dallas-based group Acme Relief".
// The edge is "based in", in the class the tree rules give it.
func (m *mapper) seatEdges(si, textLen int) []extract.Relation {
	x := m.x
	var out []extract.Relation
	emit := func(org, place, n, placeTok int) {
		if org < 0 || place < 0 || org == place || m.typeOf(org) != "ORG" {
			return
		}
		if t := m.typeOf(place); t != "GPE" && t != "LOC" {
			return
		}
		r := extract.Relation{Subject: org, Object: place, Predicate: "based in", Class: classOf("base", ""),
			Attributed: -1, Confidence: 0.7, Sentence: si}
		r.Span = m.span(frame{pred: n}, n, placeTok, textLen)
		out = append(out, r)
	}
	// placeOf returns the place a seat noun n is in, and its token.
	placeOf := func(n int) (int, int) {
		var cands []int
		for _, c := range x.ch[n] {
			switch x.t[c].Deprel {
			case "nmod", "obl":
				cands = append(cands, c)
			case "acl":
				// "headquarters located in", "based in", "situated in".
				cands = append(cands, x.childrenBy(c, "obl")...)
			}
		}
		// "Acme's headquarters are in Dallas": the place is the head.
		if h := x.head(n); h >= 0 && x.t[n].Deprel == "nsubj" && x.hasChild(h, "cop") {
			cands = append(cands, h)
		}
		for _, c := range cands {
			if p := x.prep(c); p != "in" && p != "at" {
				continue
			}
			if e := m.entity(c); e >= 0 {
				return e, c
			}
		}
		// "outside Google's headquarters in Mountain View": the parser
		// may hang the place on the verb; right after the noun, it is
		// the headquarters' place all the same.
		if n+2 < len(x.t) {
			if f := strings.ToLower(x.t[n+1].Form); (f == "in" || f == "at") && m.ents[n+2] >= 0 && m.ents[n+2] < m.n {
				return m.ents[n+2], n + 2
			}
		}
		return -1, -1
	}
	for n := range x.t {
		if x.t[n].UPOS != "NOUN" || !seatNouns[strings.ToLower(x.lemma(n))] {
			continue
		}
		org := -1
		for _, c := range x.ch[n] {
			if d := x.t[c].Deprel; d == "nmod:poss" || d == "nmod" && x.prep(c) == "of" || d == "compound" && c < n {
				if e := m.entity(c); e >= 0 && m.typeOf(e) == "ORG" {
					org = e
					break
				}
			}
		}
		if org < 0 {
			continue
		}
		if place, tok := placeOf(n); place >= 0 {
			emit(org, place, n, tok)
		}
	}
	// "the Dallas-based group Acme Relief", "Paris-based Acme": a place
	// glued by a hyphen to "based", which modifies the organisation.
	for b := 2; b < len(x.t); b++ {
		if strings.ToLower(x.t[b].Form) != "based" || x.t[b-1].Form != "-" {
			continue
		}
		place := m.ents[b-2]
		if place < 0 || place >= m.n {
			continue
		}
		h := x.head(b)
		if h < 0 {
			continue
		}
		org := m.entity(h)
		if org < 0 || m.typeOf(org) != "ORG" {
			// "the Dallas-based group Acme Relief": the name is in
			// apposition to, or compounded with, the noun.
			for _, c := range x.ch[h] {
				if d := x.t[c].Deprel; d == "appos" || d == "flat" || d == "compound" {
					if e := m.entity(c); e >= 0 && m.typeOf(e) == "ORG" {
						org = e
						break
					}
				}
			}
		}
		emit(org, place, b, b-2)
	}
	return out
}

// roleName is the role noun in lower case with the lower-case modifiers
// that make up the title: "executive director", "assistant professor",
// "former member".
func (m *mapper) roleName(n int) string {
	x := m.x
	var mods []string
	for _, c := range x.ch[n] {
		if c >= n || n-c > 3 {
			continue
		}
		d := x.t[c].Deprel
		f := x.t[c].Form
		if c > 0 && x.t[c-1].Form == "-" {
			continue // the tail of "nine-month-old" describes, it is no title
		}
		if (d == "amod" || d == "compound") && f == strings.ToLower(f) && m.ents[c] < 0 && x.t[c].UPOS != "PROPN" {
			mods = append(mods, f)
		}
	}
	// The form where the lexicon knows it: a lemmatiser may make a
	// chairwoman a chairman.
	name := strings.ToLower(x.t[n].Form)
	if !roleNouns[name] && !kinNouns[name] {
		name = strings.ToLower(x.lemma(n))
	}
	return strings.Join(append(mods, name), " ")
}
