package resolve

import (
	"strings"
)

// moreRoleNouns extends roleNouns with heads of role descriptions that
// name a person through a role toward an organisation, club or country:
// "the majority owner of the bank", "the CEO", "the coach".
var moreRoleNouns = map[string][]string{
	"owner":        {"owner"},
	"ceo":          {"chief executive"},
	"coach":        {"coach", "manager"},
	"manager":      {"manager", "coach"},
	"commissioner": {"commissioner"},
	"chairperson":  {"chairman"},
	"adviser":      {"adviser", "national security adviser"},
	"advisor":      {"adviser", "national security adviser"},
}

// roleNounRoles returns the roles an entity must hold to be the referent
// of a description headed by the lower-case noun lw, and whether lw heads
// role descriptions at all.
func roleNounRoles(lw string) ([]string, bool) {
	if r, ok := roleNouns[lw]; ok {
		return r, true
	}
	r, ok := moreRoleNouns[lw]
	return r, ok
}

// kindNouns are common nouns for kinds of places and buildings. "The
// island" or "the mosque" refers back to an entity the text has shown to be
// one: its name ends in the noun ("Hudson River", "Imam Mosque", "Church of
// Scientology"), or the text called it one ("the island of Busuanga",
// "Socotra is an island", "Coron, a town in Palawan"). The list is closed
// because the same constructions with other nouns ("X is a problem", "the
// people of X") do not name a kind.
var kindNouns = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`island islands archipelago peninsula mainland state province region
		county municipality district borough parish prefecture township commune canton town city village
		republic kingdom emirate port river lake mountain mountains bay sea valley desert
		bridge mosque church cathedral chapel temple shrine monastery abbey square plaza palace castle
		fortress fort tower museum gallery park zoo airport station stadium arena hospital hotel
		college school academy university library theatre theater memorial monument cemetery
		building market bazaar mall street avenue road canal lodge campus restaurant`) {
		m[w] = true
	}
	return m
}()

// namingKindNouns are the kind nouns of places whose "the NOUN of NAME"
// and "NAME NOUN" name the place itself ("the island of Busuanga",
// "Socotra island") rather than something of or in it ("the bridge of
// Mostar", "Cancun airport").
var namingKindNouns = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`island islands archipelago peninsula river lake state province
		region county municipality district borough parish prefecture township commune canton town city
		village republic kingdom emirate`) {
		m[w] = true
	}
	return m
}()

// learnKinds records, for each named place or organisation, the kind
// nouns the text gives it: the last word of its name ("Hudson River"), or
// the word before "of" in it ("Church of Scientology"); a noun it is
// compounded with ("Socotra island"); a naming "of" ("the island of
// Busuanga"); an indefinite or definite predicate noun ("Socotra is an
// island"); and an apposition ("Coron, a town in Palawan").
func (d *doc) learnKinds() {
	addKind := func(ei int, noun string) {
		noun = lower(noun)
		if ei < 0 || !kindNouns[noun] || orgKindNouns[noun] {
			return // org kinds are the organisation rules' business
		}
		if e := d.ents[ei]; e.typ != "PERSON" && e.typ != "NORP" && !containsStr(e.kinds, noun) {
			e.kinds = append(e.kinds, noun)
		}
	}
	for _, m := range d.ments {
		if m.kind != kindName || m.ent < 0 {
			continue
		}
		words := strings.Fields(m.surface)
		for k, w := range words {
			if k == len(words)-1 || lower(words[k+1]) == "of" {
				if k > 0 || len(words) > 1 {
					addKind(m.ent, w)
				}
				break
			}
		}
		i, h := m.sent, m.head
		t := d.tok(i, h)
		p := t.Head - 1
		if p < 0 {
			continue
		}
		pt := d.tok(i, p)
		if pt.UPOS != "NOUN" || d.mentAt(i, p) != nil {
			continue
		}
		switch {
		case t.Deprel == "compound" && p == m.end && namingKindNouns[lower(pt.Form)]:
			// "Socotra island", "the Hudson river"; but "Cancun airport"
			// is an airport, not Cancun.
			addKind(m.ent, pt.Form)
		case isSubject(t.Deprel) && d.hasChild(i, p, "cop") && d.hasDet(i, p):
			addKind(m.ent, pt.Form)
		case t.Deprel == "nmod" && p < m.start && namingKindNouns[lower(pt.Form)] && d.hasDet(i, p) &&
			m.start >= 1 && lower(d.words[i][m.start-1]) == "of" && p+1 == m.start-1:
			addKind(m.ent, pt.Form)
		}
		for _, c := range d.children[i][h] {
			if ct := d.tok(i, c); ct.Deprel == "appos" && ct.UPOS == "NOUN" && c > h && d.hasDet(i, c) {
				addKind(m.ent, ct.Form)
			}
		}
	}
}

// hasDet reports whether noun h of sentence i has the article "a", "an" or
// "the": a predicate or apposition that classifies, not "one of the
// islands" or "home to rare plants".
func (d *doc) hasDet(i, h int) bool {
	for _, c := range d.children[i][h] {
		if t := d.tok(i, c); t.Deprel == "det" {
			switch lower(t.Form) {
			case "a", "an", "the":
				return true
			}
		}
	}
	return false
}

// kindDescription links "the NOUN" headed by token j of sentence i, NOUN
// a kind noun, to the one entity of that kind the text names: the one
// named in the last few sentences, or else the one in the whole document
// so far. Two candidates leave it unresolved. ok reports whether it was
// linked.
func (d *doc) kindDescription(i, j int, hist []evoke) (from, ei int, ok bool) {
	w := d.words[i]
	t := d.tok(i, j)
	lw := lower(t.Form)
	if t.UPOS != "NOUN" || !kindNouns[lw] || t.Form != lw && j > 1 || t.Deprel == "compound" {
		return 0, -1, false
	}
	if j == 0 || lower(w[j-1]) != "the" {
		return 0, -1, false
	}
	from = j - 1
	if j+1 < len(w) {
		switch lower(w[j+1]) {
		case "of":
			// "the island of Busuanga" names the island itself.
			if dz, ok := d.postDesignator(i, j+1); ok && namingKindNouns[lw] && dz.from == j+1 {
				return from, dz.ent, true
			}
			return 0, -1, false
		case "that", "which", "who", "where", "called", "named", "known":
			return 0, -1, false
		}
	}
	if m := d.mentAt(i, j+1); m != nil && m.start == j+1 {
		return 0, -1, false // "the river Thames": the name itself
	}
	fits := func(ei int) bool { return containsStr(d.ents[ei].kinds, lw) }
	pick := func(recent bool) (int, bool) {
		found := -1
		for h := len(hist) - 1; h >= 0; h-- {
			e := hist[h]
			if recent && e.sent < i-descWindow {
				break
			}
			if e.ent < 0 || e.ent == found || !fits(e.ent) {
				continue
			}
			if found >= 0 {
				return -1, true // two candidates: ambiguous
			}
			found = e.ent
		}
		return found, found >= 0
	}
	ei, decided := pick(true)
	if !decided {
		ei, _ = pick(false)
	}
	// Unresolved, it is a common noun phrase like any other, one that
	// "it" may mean.
	return from, ei, ei >= 0
}

// linkDescription records the description [from, j] of sentence i, headed
// by token j, as a mention of entity ei, and the kind noun it calls the
// entity by, so that "the news agency Xinhua" is no company later.
func (d *doc) linkDescription(i, from, j, ei int) {
	if lw := lower(d.words[i][j]); orgKindNouns[lw] && !containsStr(d.ents[ei].kinds, lw) {
		d.ents[ei].kinds = append(d.ents[ei].kinds, lw)
	}
	d.addReferring(i, from, j+1, j, ei, kindDescription)
}

// ofDescription links the description of an organisation or place after
// the preposition at token te of sentence i ("of the bank", "at the
// ministry"), so that a role description before it ("the majority owner of
// the bank") can take it as its organisation. It returns the entity and one
// past the description's last token.
func (d *doc) ofDescription(i, te int, hist []evoke) (ei, to int, ok bool) {
	w := d.words[i]
	if te+2 >= len(w) || lower(w[te+1]) != "the" {
		return -1, 0, false
	}
	switch lower(w[te]) {
	case "of", "at", "for":
	default:
		return -1, 0, false
	}
	for k := te + 2; k < len(w) && k <= te+4; k++ {
		t := d.tok(i, k)
		if t.UPOS != "NOUN" || k+1 < len(w) && d.tok(i, k+1).UPOS == "NOUN" {
			if t.UPOS == "ADJ" || t.UPOS == "NOUN" {
				continue
			}
			return -1, 0, false
		}
		if _, role := roleNounRoles(lower(t.Form)); role {
			return -1, 0, false // "the wife of the president": a person
		}
		from, ei, ok := d.description(i, k, hist)
		if !ok || ei < 0 || d.ents[ei].typ == "PERSON" {
			return -1, 0, false
		}
		d.linkDescription(i, from, k, ei)
		return ei, k + 1, true
	}
	return -1, 0, false
}

// nominalRoleWord reports whether token j of sentence i is a role noun the
// tagger took for an adjective though it stands as a noun phrase's head:
// "the chief executive said", where "executive" comes out ADJ.
func (d *doc) nominalRoleWord(i, j int) bool {
	t := d.tok(i, j)
	if t.UPOS != "ADJ" {
		return false
	}
	if _, ok := roleNounRoles(lower(t.Form)); !ok {
		return false
	}
	switch t.Deprel {
	case "nsubj", "nsubj:pass", "obj", "iobj", "obl", "nmod", "appos", "conj":
		return true
	case "amod":
		// "The chief executive met Chinese officials", parsed with
		// "executive" modifying "officials": a verb right after it
		// says it is the subject.
		if j+1 < len(d.words[i]) {
			u := d.tok(i, j+1).UPOS
			return u == "VERB" || u == "AUX"
		}
	}
	return false
}

// conjoined reports whether two mentions are conjuncts of one
// coordination: "Deutsche Bank and Commerzbank".
func (d *doc) conjoined(a, b tokPos) bool {
	if a.sent != b.sent {
		return false
	}
	i := a.sent
	up := func(j int) int { // the first conjunct of j's coordination
		for n := 0; n < 10 && d.tok(i, j).Deprel == "conj" && d.tok(i, j).Head > 0; n++ {
			j = d.tok(i, j).Head - 1
		}
		return j
	}
	x, y := up(a.tok), up(b.tok)
	return x == y && (d.coordinated(i, a.tok) || d.coordinated(i, b.tok))
}

// closedCompound reports whether a name's last word is a closed compound
// ending in the kind noun: "Commerzbank" and "Sberbank" are banks.
func closedCompound(words []string, kind string) bool {
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	return len(last) >= len(kind)+3 && strings.HasSuffix(last, kind)
}

// withoutEntity returns a copy of hist without the mentions of entity ei.
func withoutEntity(hist []evoke, ei int) []evoke {
	out := make([]evoke, 0, len(hist))
	for _, e := range hist {
		if e.ent != ei {
			out = append(out, e)
		}
	}
	return out
}

// isQuoteMark reports whether a token is a quotation mark.
func isQuoteMark(f string) bool {
	switch f {
	case `"`, "“", "”", "‘‘", "''", "``":
		return true
	}
	return false
}
