package resolve

import "strings"

// possessiveOwner decides a possessive ("his", "her", "its", "their") by
// its sentence before salience does: it prefers the subject of its own
// clause ("Johann banned Daniel from his house"), the subject of a
// relative clause is the noun the clause modifies ("Jack Merson, who went
// 4-for-5 in his second game"), and a non-finite clause takes its subject
// from the clause it hangs on ("The Tsar employed him in organizing his
// army"); in "Sam and his brother" the possessive is the first conjunct.
// decided reports whether the sentence settles it; then ei is the owner,
// or -1 when the owner is a person nobody named ("his father carried the
// grudge until his death": the father's death, not the son's).
func (d *doc) possessiveOwner(i, j int, info pronounInfo) (ei int, decided bool) {
	if !info.possessive || d.tok(i, j).Deprel != "nmod:poss" {
		return -1, false
	}
	n := d.tok(i, j).Head - 1 // the possessed noun
	if n < 0 {
		return -1, false
	}
	if d.tok(i, n).Deprel == "conj" {
		// "Sam and his brother": the first conjunct, when it is a
		// name that agrees.
		if h := d.tok(i, n).Head - 1; h >= 0 && h < n {
			if e := d.entAt(i, h); e >= 0 && d.compatible(evoke{ent: e}, info.gender) {
				return e, true
			}
		}
		return -1, false
	}
	// Climb the noun phrase to the argument it belongs to: "the command
	// of his capital" is the object of "confided".
	a := n
climb:
	for steps := 0; steps < 6; steps++ {
		switch d.tok(i, a).Deprel {
		case "nmod", "nmod:poss", "compound", "flat", "appos":
			if h := d.tok(i, a).Head - 1; h >= 0 {
				a = h
				continue
			}
		}
		break climb
	}
	rel := d.tok(i, a).Deprel
	if k := strings.IndexByte(rel, ':'); k > 0 && rel != "nsubj:pass" {
		rel = rel[:k]
	}
	var p int // the predicate whose subject owns the possessive
	switch {
	case rel == "nsubj" || rel == "nsubj:pass" || rel == "csubj":
		// Inside the subject itself: "his father carried …" says
		// nothing about whose father.
		return -1, false
	case rel == "root" || d.hasChild(i, a, "cop"):
		p = a // a nominal predicate: "he was … for the remainder of his life"
	case rel == "obj" || rel == "iobj" || rel == "obl":
		p = d.tok(i, a).Head - 1
	default:
		return -1, false
	}
	controlled := false // climbed out of a clause without a subject
	for steps := 0; p >= 0 && steps < 4; steps++ {
		if s := d.subjectOf(i, p); s >= 0 {
			if s >= j && !controlled || d.dominates(i, s, j) {
				// A subject after the possessive does not bind it
				// ("Despite his potential, Pachomius refused …"),
				// unless it controls the participle the possessive
				// is in ("Discussing his concern, Najib Razak said").
				return -1, false
			}
			if isRelativeWord(lower(d.tok(i, s).Form)) && strings.HasPrefix(d.tok(i, p).Deprel, "acl:relcl") {
				s = d.tok(i, p).Head - 1 // "the Tsar, who confided …"
				if s < 0 {
					return -1, false
				}
			}
			return d.ownerAt(i, s, info.gender)
		}
		// No subject of its own: a non-finite or coordinated clause
		// takes its head clause's, unless a person in the clause
		// itself stands closer ("to help Montalvo with his defense").
		if d.personArgument(i, p, info.gender) {
			return -1, false
		}
		rel := d.tok(i, p).Deprel
		if rel == "advcl" && d.infinitive(i, p) {
			// "called on him to preach … despite his youth": a
			// to-clause is controlled like a complement.
			rel = "xcomp"
		}
		switch rel {
		case "advcl", "conj", "advmod":
			controlled = controlled || rel == "advcl"
			p = d.tok(i, p).Head - 1
		case "acl":
			// "the only other player to have a four-hit game so
			// early in his career": the noun the clause modifies.
			if h := d.tok(i, p).Head - 1; h >= 0 && h < j {
				return d.ownerAt(i, h, info.gender)
			}
			return -1, false
		case "xcomp":
			// Object control: "asked him to study his notes".
			h := d.tok(i, p).Head - 1
			if h < 0 {
				return -1, false
			}
			for _, c := range d.children[i][h] {
				switch r := d.tok(i, c).Deprel; {
				case r == "obj" || r == "iobj":
					return d.ownerAt(i, c, info.gender)
				case strings.HasPrefix(r, "obl"):
					// "called on him to preach": the controller
					// may be an oblique person.
					if e, ok := d.ownerAt(i, c, info.gender); ok && e >= 0 {
						return e, true
					}
					return -1, false
				}
			}
			p = h
		default:
			return -1, false
		}
	}
	return -1, false
}

// personArgument reports whether predicate p has an object or oblique
// that is a person the pronoun's gender fits: a named or resolved one.
func (d *doc) personArgument(i, p int, g byte) bool {
	for _, c := range d.children[i][p] {
		r := d.tok(i, c).Deprel
		if r != "obj" && r != "iobj" && !strings.HasPrefix(r, "obl") {
			continue
		}
		e := d.entAt(i, c)
		if e < 0 {
			if r, ok := d.refHead[[2]int{i, c}]; ok {
				e = r
			}
		}
		if e >= 0 && d.compatible(evoke{ent: e}, g) {
			return true
		}
	}
	return false
}

// infinitive reports whether clause p is a to-infinitive.
func (d *doc) infinitive(i, p int) bool {
	for _, c := range d.children[i][p] {
		if t := d.tok(i, c); t.Deprel == "mark" && lower(t.Form) == "to" {
			return true
		}
	}
	return false
}

// subjectOf returns the nominal subject of predicate p, or -1.
func (d *doc) subjectOf(i, p int) int {
	for _, c := range d.children[i][p] {
		if isSubject(d.tok(i, c).Deprel) {
			return c
		}
	}
	return -1
}

// ownerAt decides the possessive by the subject (or controller) at token
// s: a named or resolved entity that agrees owns it; a person noun or role
// nobody named owns it as nobody (-1). Anything else leaves it to salience.
func (d *doc) ownerAt(i, s int, g byte) (int, bool) {
	e := d.entAt(i, s)
	if e < 0 {
		if r, ok := d.refHead[[2]int{i, s}]; ok {
			e = r
		}
	}
	if e >= 0 {
		if d.compatible(evoke{ent: e}, g) {
			return e, true
		}
		return -1, false
	}
	t := d.tok(i, s)
	if t.UPOS != "NOUN" && t.UPOS != "PROPN" {
		return -1, false
	}
	lw := lower(t.Form)
	if pg, ok := personNouns[lw]; ok && (pg == g || pg == 'u') {
		return -1, true
	}
	if _, role := roleNounRoles(lw); role {
		return -1, true
	}
	return -1, false
}

// isRelativeWord reports whether w introduces a relative clause as its
// subject.
func isRelativeWord(w string) bool { return w == "who" || w == "that" || w == "which" }

// subjectOwner decides a subject "he" or "she" of a clause that hangs on
// an earlier clause of the same sentence whose subject is a named person
// who agrees: "Dumas is alone in this assertion, and if he were correct
// …", "Smith said that he would resign". The sentence's own subject
// outweighs a topic named often before it.
func (d *doc) subjectOwner(i, j int, info pronounInfo) (int, bool) {
	if info.possessive || info.reflexive || info.gender != 'm' && info.gender != 'f' || !isSubject(d.tok(i, j).Deprel) {
		return -1, false
	}
	p := d.tok(i, j).Head - 1
	for steps := 0; p >= 0 && steps < 3; steps++ {
		switch d.tok(i, p).Deprel {
		case "advcl", "conj", "ccomp":
		default:
			return -1, false
		}
		p = d.tok(i, p).Head - 1
		if p < 0 {
			return -1, false
		}
		if s := d.subjectOf(i, p); s >= 0 {
			if s >= j {
				return -1, false
			}
			e := d.entAt(i, s)
			if e >= 0 && d.compatible(evoke{ent: e}, info.gender) {
				return e, true
			}
			return -1, false
		}
	}
	return -1, false
}
