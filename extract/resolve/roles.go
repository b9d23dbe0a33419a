package resolve

import (
	"strings"

	"kg/extract"
	"kg/extract/gazetteer"
)

// entAt returns the entity of the name or demonym mention covering token j
// of sentence i, or -1.
func (d *doc) entAt(i, j int) int {
	if j < 0 || j >= len(d.tokMent[i]) {
		return -1
	}
	if mi := d.tokMent[i][j]; mi >= 0 {
		return d.ments[mi].ent
	}
	return -1
}

// mentAt returns the mention covering token j of sentence i, or nil.
func (d *doc) mentAt(i, j int) *mention {
	if j < 0 || j >= len(d.tokMent[i]) {
		return nil
	}
	if mi := d.tokMent[i][j]; mi >= 0 {
		return d.ments[mi]
	}
	return nil
}

// designator is an organisation or country that a title belongs to, with
// the preposition that links them.
type designator struct {
	ent  int
	prep string // "of", "to"
	from int    // first token
	to   int    // one past the last token
}

// preDesignator finds the organisation or country in front of a title that
// starts at token ts: "Airbus chief executive", "Russia's ambassador",
// "Ukrainian President". It returns ok false when there is none.
func (d *doc) preDesignator(i, ts int) (designator, bool) {
	w := d.words[i]
	k := ts
	for k > 0 && (titleModifiers[lower(w[k-1])] || d.titleAdjective(i, k-1, ts)) {
		k--
	}
	if k > 0 && isPossessive(w[k-1]) {
		k--
	}
	m := d.mentAt(i, k-1)
	if m == nil {
		// A resolved description or possessive pronoun: "the agency's
		// executive director", "its chief executive".
		if ei, ok := d.refHead[[2]int{i, k - 1}]; ok && d.ents[ei].typ != "PERSON" {
			from := k - 1
			for from > 0 {
				// A missing key reads as entity 0: check that it is there.
				if e, ok := d.refHead[[2]int{i, from - 1}]; !ok || e != ei {
					break
				}
				from--
			}
			return designator{ent: ei, prep: "of", from: from, to: ts}, true
		}
		return designator{}, false
	}
	if m.ent < 0 || d.ents[m.ent].typ == "PERSON" || m.end != k {
		return designator{}, false
	}
	if d.ents[m.ent].typ == "NORP" {
		// A people as a designator stands for its country.
		country, ok := demonym(m.surface)
		if !ok {
			return designator{}, false
		}
		m.ent = d.entityFor("G:"+gazetteer.Normalize(country), "GPE", country)
		d.ents[m.ent].votes["GPE"]++
		m.kind, m.typ = kindDemonym, "GPE"
	}
	from := m.start
	for from > 0 && titleModifiers[lower(w[from-1])] {
		from--
	}
	if from > 0 && lower(w[from-1]) == "the" {
		from--
	}
	return designator{ent: m.ent, prep: "of", from: from, to: ts}, true
}

// titleAdjective reports whether token k of sentence i is a lower-case
// adjective of the title starting at ts, as in "Canada's embattled envoy",
// which stands between a title and its designator without changing either.
func (d *doc) titleAdjective(i, k, ts int) bool {
	t := d.tok(i, k)
	h := t.Head - 1
	return t.UPOS == "ADJ" && t.Deprel == "amod" && h >= ts && h < ts+4 && t.Form == lower(t.Form) && d.mentAt(i, k) == nil
}

// postDesignator finds "of Texas", "to the United Nations" after a title
// that ends before token te.
func (d *doc) postDesignator(i, te int) (designator, bool) {
	w := d.words[i]
	if te >= len(w) {
		return designator{}, false
	}
	prep := lower(w[te])
	if prep != "of" && prep != "to" && prep != "at" && prep != "for" && prep != "from" {
		return designator{}, false
	}
	k := te + 1
	if k < len(w) && lower(w[k]) == "the" {
		k++
	}
	m := d.mentAt(i, k)
	if m == nil || m.ent < 0 || m.start != k || d.ents[m.ent].typ == "PERSON" {
		return designator{}, false
	}
	if prep != "to" {
		prep = "of"
	}
	return designator{ent: m.ent, prep: prep, from: te, to: m.end}, true
}

// findRoles finds role edges from titles in front of names ("Ukrainian
// President Volodymyr Zelenskyy", "President of Russia Vladimir Putin") and
// from titles in apposition or predication ("the governor of Texas, Greg
// Abbott", "Greg Abbott, the governor of Texas", "Abbott is governor of
// Texas").
func (d *doc) findRoles() {
	for i := range d.sents {
		d.findRolesIn(i)
	}
}

// findRolesIn is findRoles on sentence i. Resolving runs it on each
// sentence as soon as the sentence's pronouns and descriptions are linked,
// so that "its chief executive, Anna Berg" is a role the next sentence's
// "the chief executive" can refer back to.
func (d *doc) findRolesIn(i int) {
	if d.seenRole == nil {
		d.seenRole = map[roleKey]bool{}
	}
	add := func(i, person, object int, pred string, from, to int, tt *title) {
		if person < 0 || object < 0 || person == object {
			return
		}
		k := roleKey{i, person, object, pred}
		if d.seenRole[k] {
			return
		}
		d.seenRole[k] = true
		s := d.sents[i]
		sp := extract.Span{Start: s.Tokens[from].Start, End: s.Tokens[to-1].End}
		d.roles = append(d.roles, extract.Relation{Subject: person, Object: object, Predicate: pred,
			Class: "ROLE", Attributed: -1, Confidence: 0.8, Sentence: i, Span: sp})
		d.ents[person].roles = append(d.ents[person].roles, role{role: tt.role, object: object})
		switch tt.role {
		case "king", "crown prince", "emir", "sultan":
			if d.ents[person].gender == 0 {
				d.ents[person].gender = 'm'
			}
		case "queen":
			if d.ents[person].gender == 0 {
				d.ents[person].gender = 'f'
			}
		}
	}
	w := d.words[i]
	for ts := 0; ts < len(w); ts++ {
		t, n := matchTitle(w, ts)
		if t == nil || t.role == "" || d.isVerb(i, ts, n) {
			continue
		}
		// Prefer the longest title starting here; skip its inner words.
		te := ts + n
		fs := d.titleField(i, ts, te)
		pred := t.role
		if fs < ts {
			pred = strings.ToLower(strings.Join(w[fs:ts], " ")) + " " + t.role
		}
		pre, hasPre := d.preDesignator(i, fs)
		post, hasPost := d.postDesignator(i, te)
		if !hasPre && !hasPost {
			// "Secretary Cardona": a role without its organisation,
			// enough for "the Secretary" to refer back to him.
			if m := d.mentAt(i, te); m != nil && m.start == te && m.ent >= 0 && d.ents[m.ent].typ == "PERSON" {
				d.ents[m.ent].roles = append(d.ents[m.ent].roles, role{role: t.role, object: -1})
			}
			continue
		}
		right := te
		if hasPost {
			right = post.to
		}
		left := ts
		if hasPre {
			left = pre.from
		}
		if left > 0 && (lower(w[left-1]) == "the" || lower(w[left-1]) == "a") {
			left--
		}
		person, pfrom, pto := d.roleHolder(i, left, ts, te, right)
		if person < 0 {
			continue
		}
		from, to := min(left, pfrom), max(right, pto)
		if hasPre {
			add(i, person, pre.ent, pred+" of", from, to, t)
		}
		if hasPost {
			add(i, person, post.ent, pred+" "+post.prep, from, to, t)
		}
		ts = te - 1
	}
}

// isVerb reports whether the title of n words at token ts of sentence i is
// a verb ("he will head the team"). A capitalised participle opening a
// title of several words inside a sentence is no verb, whatever the tagger
// said ("IMF Managing Director Kristalina Georgieva").
func (d *doc) isVerb(i, ts, n int) bool {
	t := d.tok(i, ts)
	if t.UPOS != "VERB" && t.UPOS != "AUX" {
		return false
	}
	return !(n > 1 && ts > 0 && isCapitalized(t.Form) && (t.XPOS == "VBG" || t.XPOS == "VBN"))
}

// titleField returns where the lower-case words that narrow a title
// [ts,te) to a field start: the nouns compounded with it in the tree and
// the adjectives before them, as in "trade envoy" or "foreign policy
// chief" (whichever word the parser hangs "foreign" on). It returns ts
// when there are none. An adjective right before the title is left out,
// since it is as often a judgement ("embattled envoy") as a field, and so
// is a word of a name ("Airbus chief executive").
func (d *doc) titleField(i, ts, te int) int {
	s := d.sents[i]
	fs := ts
	for k := ts - 1; k >= 0; k-- {
		t := s.Tokens[k]
		h := t.Head - 1
		field := (t.UPOS == "NOUN" && t.Deprel == "compound" && h > k && h < te) ||
			(t.UPOS == "ADJ" && t.Deprel == "amod" && h > k && (h < ts || (fs < ts && h < te)))
		if !field || t.Form != lower(t.Form) || titleModifiers[t.Form] || d.mentAt(i, k) != nil {
			break
		}
		fs = k
	}
	return fs
}

// roleHolder finds the person a title phrase [left,right) (title words
// [ts,te)) describes: the name right after it, a name in apposition on
// either side, or the subject of the title as a predicate noun. It returns
// the entity and the name's token range.
func (d *doc) roleHolder(i, left, ts, te, right int) (int, int, int) {
	w := d.words[i]
	isPerson := func(j int) *mention {
		m := d.mentAt(i, j)
		if m != nil && m.ent >= 0 && d.ents[m.ent].typ == "PERSON" && m.kind == kindName {
			return m
		}
		return nil
	}
	// Title right before the name: "President Putin", "President of
	// Russia Vladimir Putin".
	if m := isPerson(right); m != nil && m.start == right {
		return m.ent, m.start, m.end
	}
	// "TITLE-NP, NAME", also past an honorific: "Qatar's prime minister,
	// Sheikh Mohammed bin Abdulrahman Al Thani".
	if right+1 < len(w) && w[right] == "," {
		k := right + 1
		for k < len(w) && d.mentAt(i, k) == nil {
			if t, n := matchTitle(w, k); t != nil && t.role == "" && isCapitalized(w[k]) {
				k += n
				continue
			}
			break
		}
		if m := isPerson(k); m != nil && m.start == k {
			return m.ent, m.start, m.end
		}
	}
	// "NAME, TITLE-NP"
	if left >= 2 && w[left-1] == "," {
		if m := isPerson(left - 2); m != nil && m.end == left-1 {
			return m.ent, m.start, m.end
		}
	}
	// The tree: the title in apposition to a name, or a predicate noun
	// whose subject is a name ("Abbott is the governor of Texas").
	s := d.sents[i]
	for k := ts; k < te; k++ {
		t := s.Tokens[k]
		h := t.Head - 1
		if t.Deprel == "appos" && h >= 0 {
			if m := isPerson(h); m != nil {
				return m.ent, m.start, m.end
			}
		}
		hasCop := false
		for _, c := range d.children[i][k] {
			if s.Tokens[c].Deprel == "cop" {
				hasCop = true
			}
		}
		for _, c := range d.children[i][k] {
			rel := s.Tokens[c].Deprel
			if rel == "appos" || (hasCop && (rel == "nsubj" || rel == "nsubj:pass")) {
				if m := isPerson(c); m != nil {
					return m.ent, m.start, m.end
				}
			}
		}
		// "served as governor of Texas", "named Abbott governor": the
		// title as xcomp/obl of a verb whose subject or object is a name.
		if (t.Deprel == "xcomp" || t.Deprel == "obl") && h >= 0 {
			for _, c := range d.children[i][h] {
				rel := s.Tokens[c].Deprel
				if rel == "nsubj" || (t.Deprel == "xcomp" && rel == "obj") {
					if m := isPerson(c); m != nil {
						return m.ent, m.start, m.end
					}
				}
			}
		}
	}
	return -1, 0, 0
}

// roleKey identifies a role edge within a sentence.
type roleKey struct {
	sent, person, object int
	pred                 string
}

// metonymRoles adds "seat of government of" edges from seats of
// government ("the Kremlin", "Downing Street") to their countries.
func (d *doc) metonymRoles() {
	n := len(d.ents)
	for ei := 0; ei < n; ei++ {
		e := d.ents[ei]
		if e.typ == "PERSON" || e.typ == "NORP" {
			continue
		}
		country, ok := gazetteer.Metonym(e.name)
		if !ok {
			continue
		}
		if p, ok := gazetteer.LookupPlace(e.name); ok && (p.Kind == gazetteer.City || p.Kind == gazetteer.Country) {
			// A capital stands for its government, but is a city, not a seat.
			continue
		}
		var first *mention
		for _, m := range d.ments {
			if m.ent == ei && m.kind == kindName {
				first = m
				break
			}
		}
		if first == nil {
			continue
		}
		key := "G:" + gazetteer.Normalize(country)
		oi, ok := d.byKey[key]
		if !ok {
			oi = d.entityFor(key, "GPE", country)
			d.ents[oi].votes["GPE"]++
		}
		if strings.EqualFold(d.ents[oi].name, e.name) {
			continue
		}
		d.roles = append(d.roles, extract.Relation{Subject: ei, Object: oi, Predicate: "seat of government of",
			Class: "ROLE", Attributed: -1, Confidence: 0.9, Sentence: first.sent,
			Span: extract.Span{Start: first.bs, End: first.be}})
	}
}
