package resolve

import (
	"maps"
	"math"
	"slices"
	"strings"

	"kg/extract/gazetteer"
)

// pronoun features: person gender, number, reflexive and possessive forms.
type pronounInfo struct {
	gender     byte // 'm', 'f', 'n' (it) or 'p' (they)
	reflexive  bool
	possessive bool
}

var pronouns = map[string]pronounInfo{
	"he": {gender: 'm'}, "him": {gender: 'm'}, "his": {gender: 'm', possessive: true}, "himself": {gender: 'm', reflexive: true},
	"she": {gender: 'f'}, "her": {gender: 'f', possessive: true}, "hers": {gender: 'f'}, "herself": {gender: 'f', reflexive: true},
	"it": {gender: 'n'}, "its": {gender: 'n', possessive: true}, "itself": {gender: 'n', reflexive: true},
	"they": {gender: 'p'}, "them": {gender: 'p'}, "their": {gender: 'p', possessive: true}, "theirs": {gender: 'p'}, "themselves": {gender: 'p', reflexive: true},
}

// personNouns are common nouns for people; as competitors they keep a
// pronoun from jumping past "the man" to a named person further back.
var personNouns = map[string]byte{
	"man": 'm', "men": 'p', "woman": 'f', "women": 'p', "boy": 'm', "girl": 'f', "father": 'm', "mother": 'f',
	"son": 'm', "daughter": 'f', "husband": 'm', "wife": 'f', "brother": 'm', "sister": 'f', "king": 'm',
	"queen": 'f', "uncle": 'm', "aunt": 'f', "grandfather": 'm', "grandmother": 'f', "gentleman": 'm', "lady": 'f',
	"child": 'u', "friend": 'u', "person": 'u', "doctor": 'u', "teacher": 'u', "student": 'u', "officer": 'u',
	"soldier": 'u', "official": 'u', "lawyer": 'u', "judge": 'u', "worker": 'u', "player": 'u', "author": 'u',
	"writer": 'u', "poet": 'u', "patient": 'u', "victim": 'u', "driver": 'u', "spokesman": 'm', "spokeswoman": 'f',
	"people": 'p', "children": 'p', "officials": 'p', "students": 'p', "soldiers": 'p', "workers": 'p',
}

// evoke is one mention in the salience history: an entity, or a common
// noun phrase ("thing") that competes with entities for a pronoun.
type evoke struct {
	ent    int // entity, or -1 for a thing
	sent   int
	tok    int // head token
	weight float64
	plural bool
	gender byte // of a person noun thing: 'm', 'f', 'u' (person, unknown); 0 not a person
}

// weightOf is the Lappin–Leass salience of a mention headed by token j:
// recency, grammatical role, head-noun and non-adverbial emphasis.
func (d *doc) weightOf(i, j int) float64 {
	w := 100.0
	rel := d.tok(i, j).Deprel
	// An apposition stands where its head stands: "His father, Mohamed
	// El-Hassan, said".
	for k := 0; k < 3 && rel == "appos"; k++ {
		h := d.tok(i, j).Head - 1
		if h < 0 {
			break
		}
		j, rel = h, d.tok(i, h).Deprel
	}
	if k := strings.IndexByte(rel, ':'); k > 0 && rel != "nsubj:pass" && rel != "nmod:poss" {
		rel = rel[:k]
	}
	switch rel {
	case "nsubj", "nsubj:pass":
		w += 80
	case "expl":
		w += 70
	case "obj":
		w += 50
	case "iobj", "obl":
		w += 40
	}
	switch rel {
	case "nmod", "nmod:poss", "compound", "amod", "flat":
	default:
		w += 80
	}
	if rel != "obl" && rel != "advmod" {
		w += 50
	}
	return w
}

// clauseHead returns the head of token j's clause argument position.
func (d *doc) clauseHead(i, j int) int { return d.tok(i, j).Head - 1 }

func isSubject(rel string) bool { return rel == "nsubj" || rel == "nsubj:pass" }

// isCoreArg reports whether a dependency relation is a core argument.
func isCoreArg(rel string) bool {
	switch rel {
	case "nsubj", "nsubj:pass", "obj", "iobj", "expl":
		return true
	}
	return false
}

// descWindow is how many sentences back "the company" or "the city" looks
// for its entity; a role ("the president") is matched in the whole document.
const descWindow = 5

// personWindow is how many sentences back he/she look for a referent.
const personWindow = 8

// topicWeight scales the salience an entity gets from its mention count.
const topicWeight = 40

// resolveReferring walks the document in order, keeping a salience
// history, and links pronouns and definite descriptions to entities.
func (d *doc) resolveReferring() {
	var hist []evoke
	inQuote := false
	var pending []tokPos // first-person pronouns of a quotation still open
	speaker := -1        // the speaker of that quotation, once named
	qStart := -1         // the sentence where that quotation starts
	// The speaker of the last quotation, and the sentence it ends in.
	prevSpeaker, prevEnd := -1, -2
	d.learnKinds()
	for i, s := range d.sents {
		var quotes []bool
		quotes, inQuote = quotedTokens(d.words[i], inQuote)
		var firsts []int // first-person pronouns inside quotes
		sentStart := len(d.ments)
		for j := range s.Tokens {
			if m := d.mentAt(i, j); m != nil {
				if j == m.start && m.ent >= 0 {
					hist = append(hist, evoke{ent: m.ent, sent: i, tok: m.head, weight: d.weightOf(i, m.head)})
				}
				continue
			}
			if ei, done := d.refHead[[2]int{i, j}]; done {
				// Linked already, as the organisation of a role
				// description: "the owner of the bank".
				if ej, ok := d.refHead[[2]int{i, j + 1}]; !ok || ej != ei {
					hist = append(hist, evoke{ent: ei, sent: i, tok: j, weight: d.weightOf(i, j)})
				}
				continue
			}
			t := d.tok(i, j)
			lw := lower(t.Form)
			if lw == "whose" {
				// A relative "whose" is the noun its clause modifies:
				// "Boeing, whose chief executive …".
				if ei := d.relativeAntecedent(i, j); ei >= 0 {
					d.addReferring(i, j, j+1, j, ei, kindPronoun)
				}
				continue
			}
			if info, ok := pronouns[lw]; ok && (t.UPOS == "PRON" || t.UPOS == "DET" || t.UPOS == "") {
				if info.gender == 'n' && !info.possessive && quotes[j] {
					// In quotations "it" is mostly the matter talked about.
					continue
				}
				cands := hist
				if quotes[j] {
					// Inside a quotation its speaker is "I": "he" or
					// "she" there is someone else.
					sp := speaker
					if sp < 0 {
						sp = d.quoteSpeaker(i, quotes, d.ments[sentStart:])
					}
					if sp >= 0 {
						cands = withoutEntity(hist, sp)
					}
				}
				if ei := d.resolvePronoun(i, j, info, cands); ei >= 0 {
					d.addReferring(i, j, j+1, j, ei, kindPronoun)
					hist = append(hist, evoke{ent: ei, sent: i, tok: j, weight: d.weightOf(i, j)})
					e := d.ents[ei]
					if e.typ == "PERSON" && e.gender == 0 && (info.gender == 'm' || info.gender == 'f') {
						e.gender = info.gender
					}
				}
				continue
			}
			if quotes[j] && firstPerson[lw] && t.UPOS == "PRON" {
				firsts = append(firsts, j)
				continue
			}
			if t.UPOS == "NOUN" || t.UPOS == "PROPN" || d.nominalRoleWord(i, j) {
				if from, ei, ok := d.description(i, j, hist); ok {
					if ei >= 0 {
						d.linkDescription(i, from, j, ei)
						hist = append(hist, evoke{ent: ei, sent: i, tok: j, weight: d.weightOf(i, j)})
					} else if _, role := roleNounRoles(lower(t.Form)); role {
						// "the Tsar" nobody named: still a person that
						// "he" may mean.
						hist = append(hist, evoke{ent: -1, sent: i, tok: j, weight: d.weightOf(i, j), gender: 'u'})
					}
					continue
				}
				if t.UPOS == "NOUN" {
					rel := t.Deprel
					if isCoreArg(rel) || rel == "obl" || rel == "root" || rel == "conj" || rel == "appos" {
						plural := t.XPOS == "NNS" || strings.Contains(t.Feats, "Number=Plur")
						g := personNouns[lw]
						if g == 'p' {
							plural = true
						}
						hist = append(hist, evoke{ent: -1, sent: i, tok: j, weight: d.weightOf(i, j), plural: plural, gender: g})
					}
				}
			}
		}
		d.findRolesIn(i)
		if qStart < 0 && slices.Contains(quotes, true) {
			qStart = i
		}
		if speaker < 0 && slices.Contains(quotes, true) {
			// A quotation of several sentences names its speaker in
			// any of them: "“We are proud,” Noori said, “…” / “We
			// came…”".
			speaker = d.quoteSpeaker(i, quotes, d.ments[sentStart:])
		}
		for _, j := range firsts {
			pending = append(pending, tokPos{i, j})
		}
		if inQuote && len(pending) < 50 {
			// The quotation goes on into the next sentence, where its
			// speaker may be named.
			continue
		}
		if speaker < 0 && qStart >= 0 && qStart == prevEnd+1 && d.para[qStart] == d.para[prevEnd] {
			// A quotation nobody is said to speak, right after one
			// somebody is: the same speaker goes on.
			speaker = prevSpeaker
		}
		if len(pending) > 0 && speaker >= 0 {
			d.resolveFirstPerson(speaker, pending)
		}
		if qStart >= 0 {
			prevSpeaker, prevEnd = speaker, i
		}
		pending, speaker, qStart = pending[:0], -1, -1
	}
}

// tokPos is a token of a sentence.
type tokPos struct{ sent, tok int }

// resolveFirstPerson links "I" in a quotation to its speaker and "we" to
// the one organisation or country the speaker holds a role in.
func (d *doc) resolveFirstPerson(speaker int, firsts []tokPos) {
	group := -1
	for _, r := range d.ents[speaker].roles {
		if r.object < 0 || r.object == group {
			continue
		}
		if group >= 0 {
			group = -2 // several: leave "we" alone
			break
		}
		group = r.object
	}
	for _, p := range firsts {
		switch lower(d.words[p.sent][p.tok]) {
		case "i", "me", "my", "myself", "mine":
			d.addReferring(p.sent, p.tok, p.tok+1, p.tok, speaker, kindPronoun)
		case "we", "us", "our", "ours", "ourselves":
			if group >= 0 {
				d.addReferring(p.sent, p.tok, p.tok+1, p.tok, group, kindPronoun)
			}
		}
	}
}

var firstPerson = map[string]bool{"i": true, "me": true, "my": true, "myself": true, "mine": true,
	"we": true, "us": true, "our": true, "ours": true, "ourselves": true}

// quotedTokens marks the tokens inside quotation marks, given whether a
// quotation is open at the start, and reports whether one is open at the end.
func quotedTokens(w []string, in bool) ([]bool, bool) {
	q := make([]bool, len(w))
	for j, f := range w {
		switch f {
		case "“", "‘‘", "``":
			in = true
			continue
		case "”", "''":
			in = false
			continue
		case `"`:
			in = !in
			continue
		}
		q[j] = in
	}
	return q, in
}

// speechVerbs are attribution verbs ("…,” Rubio said).
var speechVerbs = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`say says said tell tells told add adds added write writes wrote ask asks
		asked insist insists insisted warn warns warned declare declares declared note notes noted explain
		explains explained reply replies replied state states stated comment comments commented remark
		remarks remarked observe observes observed admit admits admitted assert asserts asserted exclaim
		exclaims exclaimed recall recalls recalled announce announces announced claim claims claimed argue
		argues argued acknowledge acknowledges acknowledged concede concedes conceded stress stresses
		stressed respond responds responded continue continues continued conclude concludes concluded`) {
		m[w] = true
	}
	return m
}()

// quoteSpeaker returns the entity that speaks the quotation of sentence i:
// the named or resolved subject of an attribution verb outside the quotes.
func (d *doc) quoteSpeaker(i int, quotes []bool, referring []*mention) int {
	s := d.sents[i]
	entOf := func(j int) int {
		if ei := d.entAt(i, j); ei >= 0 {
			return ei
		}
		for _, m := range referring {
			if m.sent == i && m.head == j {
				return m.ent
			}
		}
		return -1
	}
	for j, t := range s.Tokens {
		if quotes[j] || !speechVerbs[lower(t.Lemma)] && !speechVerbs[lower(t.Form)] {
			continue
		}
		for _, c := range d.children[i][j] {
			if s.Tokens[c].Deprel != "nsubj" || quotes[c] {
				continue
			}
			if ei := entOf(c); ei >= 0 && d.ents[ei].typ == "PERSON" {
				return ei
			}
		}
		if !d.hasChild(i, j, "nsubj") && s.Tokens[j].Head >= 0 {
			// A parse without the subject: the nearest person to the
			// left, past an apposition ("…,” the chairman of Volta
			// Motors, Henrik Dahl, told reporters").
			for c := j - 1; c >= 0 && c > j-12 && !quotes[c] && !isQuoteMark(s.Tokens[c].Form); c-- {
				if ei := entOf(c); ei >= 0 && d.ents[ei].typ == "PERSON" {
					return ei
				}
			}
		}
		// Without a tree: "…,” Bruch said" and "…,” said Bruch".
		for _, c := range []int{j - 1, j + 1} {
			if c >= 0 && c < len(s.Tokens) && !quotes[c] && s.Tokens[j].Head < 0 {
				if ei := entOf(c); ei >= 0 && d.ents[ei].typ == "PERSON" {
					return ei
				}
			}
		}
	}
	return -1
}

// relativeAntecedent returns the named entity that the relative clause
// holding token j of sentence i modifies, or -1: the head of the clause in
// the tree, or else the name right before the pronoun ("Boeing, whose"),
// since parsers often miss the clause.
func (d *doc) relativeAntecedent(i, j int) int {
	for k, steps := j, 0; k >= 0 && steps < len(d.sents[i].Tokens); steps++ {
		t := d.tok(i, k)
		if strings.HasPrefix(t.Deprel, "acl:relcl") {
			if ei := d.entAt(i, t.Head-1); ei >= 0 {
				return ei
			}
			break
		}
		k = t.Head - 1
	}
	k := j - 1
	if k >= 0 && d.words[i][k] == "," {
		k--
	}
	if m := d.mentAt(i, k); m != nil && m.end == k+1 {
		return m.ent
	}
	return -1
}

// addReferring records a pronoun or description mention.
func (d *doc) addReferring(i, start, end, head, ei int, kind string) {
	s := d.sents[i]
	m := &mention{sent: i, start: start, end: end, head: head, kind: kind, ent: ei, typ: d.ents[ei].typ}
	m.bs, m.be = s.Tokens[start].Start, s.Tokens[end-1].End
	m.surface = strings.Join(d.words[i][start:end], " ")
	d.ments = append(d.ments, m)
	if d.refHead == nil {
		d.refHead = map[[2]int]int{}
	}
	for j := start; j < end; j++ {
		// An inner pronoun or description keeps its own entity: "its"
		// in "its chief executive" is the company, for the role.
		if _, inner := d.refHead[[2]int{i, j}]; !inner || j == head {
			d.refHead[[2]int{i, j}] = ei
		}
	}
}

// compatible reports whether an evoke can be the antecedent of a pronoun.
func (d *doc) compatible(e evoke, g byte) bool {
	if e.ent < 0 {
		switch g {
		case 'm', 'f':
			return e.gender == g || e.gender == 'u'
		case 'n':
			return !e.plural && e.gender == 0
		case 'p':
			return e.plural
		}
		return false
	}
	ent := d.ents[e.ent]
	switch g {
	case 'm', 'f':
		return ent.typ == "PERSON" && (ent.gender == 0 || ent.gender == g)
	case 'n':
		return ent.typ == "ORG" || ent.typ == "GPE" || ent.typ == "LOC"
	case 'p':
		return ent.typ == "ORG" || ent.typ == "NORP"
	}
	return false
}

// pleonastic reports whether "it" at token j is an expletive ("it is
// likely that", "it rained").
func (d *doc) pleonastic(i, j int) bool {
	t := d.tok(i, j)
	if t.Deprel == "expl" {
		return true
	}
	h := t.Head - 1
	if h < 0 {
		return false
	}
	// "it is likely that", "it was reported that", "it seems that" — but
	// not "it said that".
	ht := d.tok(i, h)
	if raisingVerbs[lower(ht.Lemma)] || raisingVerbs[lower(ht.Form)] {
		return true
	}
	// "it is not our war", "it is possible": a predicate says what it is,
	// and mostly of a situation.
	if d.hasChild(i, h, "cop") && (ht.UPOS == "NOUN" || ht.UPOS == "ADJ") {
		return true
	}
	raising := ht.UPOS == "ADJ" || t.Deprel == "nsubj:pass" || raisingVerbs[lower(ht.Lemma)] || raisingVerbs[lower(ht.Form)]
	for _, c := range d.children[i][h] {
		if d.tok(i, c).Deprel == "cop" {
			raising = true
		}
	}
	if !raising {
		return false
	}
	for _, c := range d.children[i][h] {
		switch d.tok(i, c).Deprel {
		case "ccomp", "csubj", "xcomp", "advcl":
			if c > j && (d.tok(i, c).Deprel != "xcomp" || ht.UPOS == "ADJ") {
				return true
			}
		}
	}
	return false
}

var raisingVerbs = map[string]bool{"seem": true, "seems": true, "seemed": true, "appear": true, "appears": true,
	"appeared": true, "happen": true, "happened": true, "matter": true, "matters": true, "take": true, "took": true}

// dominates reports whether token a is an ancestor of token b within one
// noun phrase: the path from b up to a crosses no clause.
func (d *doc) dominates(i, a, b int) bool {
	for k, n := b, 0; n < 20; n++ {
		h := d.tok(i, k).Head - 1
		if h < 0 {
			return false
		}
		switch rel := d.tok(i, k).Deprel; rel {
		case "nmod", "nmod:poss", "appos", "compound", "amod", "flat", "det", "case":
			if rel == "appos" && k == b {
				return false // "Josh Kindig, he…": the pronoun is the apposition
			}
		default:
			return false // a clause boundary, a coordination or an argument of a verb
		}
		if h == a {
			return true
		}
		k = h
	}
	return false
}

// hasChild reports whether token h of sentence i has a dependent with rel.
func (d *doc) hasChild(i, h int, rel string) bool {
	for _, c := range d.children[i][h] {
		if d.tok(i, c).Deprel == rel {
			return true
		}
	}
	return false
}

// pluralBetween reports whether a plural noun stands between token (si,
// sj) and token (i, j): a closer candidate for "they" than the entity.
func (d *doc) pluralBetween(si, sj, i, j int) bool {
	for s := si; s <= i; s++ {
		from, to := 0, len(d.sents[s].Tokens)
		if s == si {
			from = sj + 1
		}
		if s == i {
			to = j
		}
		for k := from; k < to; k++ {
			t := d.tok(s, k)
			if (t.UPOS == "NOUN" || t.UPOS == "PROPN") && (t.XPOS == "NNS" || t.XPOS == "NNPS" || strings.Contains(t.Feats, "Number=Plur")) {
				return true
			}
		}
	}
	return false
}

// coordinated reports whether token j of sentence i is in a coordination.
func (d *doc) coordinated(i, j int) bool {
	if d.tok(i, j).Deprel == "conj" {
		return true
	}
	for _, c := range d.children[i][j] {
		if d.tok(i, c).Deprel == "conj" {
			return true
		}
	}
	return false
}

// resolvePronoun picks the most salient compatible antecedent of the
// pronoun at token j, or -1 when a common noun phrase is more salient,
// the pronoun is expletive, or nothing fits.
func (d *doc) resolvePronoun(i, j int, info pronounInfo, hist []evoke) int {
	if info.gender == 'n' && !info.possessive && d.pleonastic(i, j) {
		return -1
	}
	if info.reflexive {
		// A reflexive takes its clause's subject; when that subject is out of
		// reach (control, relative clauses), the most salient candidate.
		if ei := d.salient(i, j, info, hist); ei >= 0 {
			return ei
		}
		info.reflexive = false
	}
	if ei, ok := d.possessiveOwner(i, j, info); ok {
		return ei
	}
	if ei, ok := d.subjectOwner(i, j, info); ok {
		return ei
	}
	return d.salient(i, j, info, hist)
}

// salient returns the most salient compatible entity for the pronoun at
// token j under the binding constraints, or -1.
func (d *doc) salient(i, j int, info pronounInfo, hist []evoke) int {
	p := d.tok(i, j)
	pHead := d.clauseHead(i, j)
	type cand struct {
		score  float64
		latest int
	}
	ents := map[int]*cand{}
	bestThing := 0.0
	// A person stays in view longer than a thing: interviews and
	// testimony talk about one "he" for many sentences.
	window := 3
	if info.gender == 'm' || info.gender == 'f' {
		window = personWindow
	}
	closerOther, closerK := -1, -1 // a closer named non-subject for "it"
	possClause := -1
	if info.possessive && p.Deprel == "nmod:poss" && pHead >= 0 {
		possClause = d.clauseHead(i, pHead)
	}
	// Binding: "Baker praised him" — him is not Baker, under any name.
	banned := map[int]bool{}
	if !info.reflexive && !info.possessive && isCoreArg(p.Deprel) && pHead >= 0 {
		for _, c := range d.children[i][pHead] {
			if c != j && isCoreArg(d.tok(i, c).Deprel) {
				if ei := d.entAt(i, c); ei >= 0 {
					banned[ei] = true
				}
				// "His father, Johann, encouraged him": nor is him
				// the subject's apposition.
				for _, a := range d.children[i][c] {
					if d.tok(i, a).Deprel == "appos" {
						if ei := d.entAt(i, a); ei >= 0 {
							banned[ei] = true
						}
					}
				}
			}
		}
	}
	if info.possessive && p.Deprel == "nmod:poss" && pHead >= 0 {
		// "his father, Johann, …": his is not the father, named later,
		// whether the parser made the name an apposition or not (but
		// "to speak with his mother, Montalvo was …" is Montalvo's).
		for _, a := range d.children[i][pHead] {
			if d.tok(i, a).Deprel == "appos" {
				if ei := d.entAt(i, a); ei >= 0 {
					banned[ei] = true
				}
			}
		}
		if _, person := personNouns[lower(d.words[i][pHead])]; person && pHead+2 < len(d.words[i]) && d.words[i][pHead+1] == "," {
			if m := d.mentAt(i, pHead+2); m != nil && m.start == pHead+2 && m.end < len(d.words[i]) && d.words[i][m.end] == "," {
				banned[m.ent] = true
			}
		}
	}
	for k := len(hist) - 1; k >= 0; k-- {
		e := hist[k]
		if e.sent < i-window {
			break
		}
		if !d.compatible(e, info.gender) || e.ent >= 0 && banned[e.ent] {
			continue
		}
		if e.sent == i && d.dominates(i, e.tok, j) {
			// i-within-i: "Boeing, its American rival" — its is not Boeing.
			continue
		}
		if et := d.tok(e.sent, e.tok); e.sent == i && et.Deprel == "appos" && et.Head > 0 && d.dominates(i, et.Head-1, j) {
			// "his father, Johann": the apposition names the
			// father, whom his cannot be.
			continue
		}
		if info.gender == 'n' && !info.possessive && e.ent >= 0 && (e.sent < i-1 || !isSubject(d.tok(e.sent, e.tok).Deprel)) {
			// "it" mostly refers to things and situations; only a named
			// subject of this or the previous sentence is safe, and only
			// when no other named candidate stands closer.
			if e.sent >= i-1 && closerOther < 0 {
				closerOther, closerK = e.ent, k
			}
			continue
		}
		if info.gender == 'p' && e.ent >= 0 {
			// They/them for an organisation is common but so is they for
			// people just mentioned; only a recent organisation subject counts.
			rel := d.tok(e.sent, e.tok).Deprel
			if d.ents[e.ent].typ == "ORG" && (e.sent < i-1 || rel != "nsubj" && rel != "nsubj:pass") {
				continue
			}
			if d.pluralBetween(e.sent, e.tok, i, j) || d.coordinated(e.sent, e.tok) {
				// "many people … they", "Ubisoft, Microsoft and Sony … their".
				continue
			}
		}
		if e.sent == i {
			et := d.tok(i, e.tok)
			sameClause := d.clauseHead(i, e.tok) == pHead && pHead >= 0
			if info.reflexive {
				if !sameClause || (et.Deprel != "nsubj" && et.Deprel != "nsubj:pass") {
					continue
				}
			} else if !info.possessive && sameClause && isCoreArg(et.Deprel) && isCoreArg(p.Deprel) {
				// Binding: "Smith praised him" — him is not Smith.
				continue
			}
		} else if info.reflexive {
			continue
		}
		w := e.weight * math.Pow(0.5, float64(i-e.sent))
		if e.ent < 0 {
			bestThing = max(bestThing, w)
			continue
		}
		c := ents[e.ent]
		if c == nil {
			c = &cand{latest: k}
			ents[e.ent] = c
		}
		c.score += w
		if e.sent == i && possClause >= 0 && d.clauseHead(i, e.tok) == possClause && isSubject(d.tok(i, e.tok).Deprel) {
			// "Moscow has intensified its bombing": a possessive prefers
			// the subject of its own clause.
			c.score += 150
		}
	}
	if len(ents) > 1 && (info.gender == 'm' || info.gender == 'f') {
		// The document's topic: an entity mentioned often so far keeps
		// some salience beyond the window (a biography's subject).
		count := map[int]int{}
		for _, e := range hist {
			if e.ent >= 0 && ents[e.ent] != nil {
				count[e.ent]++
			}
		}
		for ei, c := range ents {
			c.score += topicWeight * math.Log2(1+float64(count[ei]))
		}
	}
	for ei, c := range ents {
		// An entity whose gender is known to agree beats an unknown one.
		if g := d.ents[ei].gender; g != 0 && g == info.gender {
			c.score *= 1.25
		}
	}
	best, bestScore, bestLatest := -1, 0.0, -1
	for ei, c := range ents {
		if closerOther >= 0 && closerOther != ei && c.latest < closerK {
			continue
		}
		if c.score > bestScore || c.score == bestScore && c.latest > bestLatest {
			best, bestScore, bestLatest = ei, c.score, c.latest
		}
	}
	if best >= 0 && bestThing > bestScore {
		return -1
	}
	return best
}

// description recognises a definite description headed by token j ("the
// company", "the Ukrainian leader", "Russia's president", "the president
// of France") and links it to the entity it refers back to. ok reports
// whether j heads a description at all; ei is -1 when nothing fits.
func (d *doc) description(i, j int, hist []evoke) (from, ei int, ok bool) {
	w := d.words[i]
	lw := lower(w[j])
	if lw == "minister" && j > 0 && lower(w[j-1]) == "prime" {
		lw = "prime minister"
	}
	want, isRole := roleNounRoles(lw)
	if !isRole && !orgKindNouns[lw] && !countryNouns[lw] && !cityNouns[lw] {
		return d.kindDescription(i, j, hist)
	}
	if d.tok(i, j).UPOS == "PROPN" && !isRole || d.tok(i, j).Deprel == "compound" {
		return 0, -1, false
	}
	// Walk left over modifiers to "the" or a possessive designator.
	var desig []int
	k := j - 1
	if lw == "prime minister" {
		k--
	}
	possessed := false
	var modifiers []string // contrastive modifiers: "larger", "old", "central"
	for ; k >= 0; k-- {
		t := d.tok(i, k)
		if m := d.mentAt(i, k); m != nil {
			if m.ent >= 0 && d.ents[m.ent].typ != "PERSON" {
				desig = append(desig, m.ent)
			}
			k = m.start
			continue
		}
		if isPossessive(t.Form) && k > 0 && d.mentAt(i, k-1) != nil {
			possessed = true
			continue
		}
		if _, ok := d.refHead[[2]int{i, k - 1}]; ok && isRole && isPossessive(t.Form) {
			continue
		}
		if ei, ok := d.refHead[[2]int{i, k}]; ok && isRole {
			// A linked description or possessive pronoun as the
			// organisation: "the bank's chief executive", "its owner".
			if d.ents[ei].typ == "PERSON" {
				break
			}
			desig = append(desig, ei)
			possessed = true
			for k > 0 {
				if e, ok := d.refHead[[2]int{i, k - 1}]; !ok || e != ei {
					break
				}
				k--
			}
			continue
		}
		if titleModifiers[lower(t.Form)] {
			continue
		}
		if t.UPOS == "ADJ" || t.UPOS == "NOUN" && t.Deprel == "compound" {
			// "the larger organization", "the old town", "the rope
			// maker": a modifier that contrasts rather than refers back,
			// unless the name has it ("the central bank" for the
			// European Central Bank).
			modifiers = append(modifiers, lower(t.Form))
			continue
		}
		break
	}
	if len(modifiers) > 0 && !isRole && !orgKindNouns[lw] {
		return 0, -1, false
	}
	if k < 0 || lower(w[k]) != "the" {
		if !possessed || len(desig) == 0 {
			return 0, -1, false
		}
		k++
	}
	from = k
	end := j + 1
	if dz, ok := d.postDesignator(i, j+1); ok {
		if lw == "capital" {
			// "the capital of Greece" relates, it does not name.
			return from, -1, true
		}
		if !isRole {
			// "the city of Mérida": a naming apposition, the named
			// entity itself.
			return from, dz.ent, true
		}
		desig = append(desig, dz.ent)
		end = dz.to
	} else if ei, to, ok := d.ofDescription(i, j+1, hist); ok && isRole {
		// "the majority owner of the bank": the bank is linked first.
		desig = append(desig, ei)
		end = to
	} else if j+1 < len(w) && !isRole {
		switch lower(w[j+1]) {
		case "of", "that", "which", "who", "called", "named", "known":
			// "the group of chemicals", "the city that…": not a reference
			// back, the phrase says which one it means.
			return 0, -1, false
		}
	}
	if m := d.mentAt(i, j+1); !isRole && m != nil && m.start == j+1 && m.ent >= 0 && d.ents[m.ent].typ != "PERSON" {
		return from, m.ent, true // "the company Airbus"
	}
	// A title in front of a name is no description: "the President Joe Biden".
	if m := d.mentAt(i, end); m != nil && m.start == end && m.ent >= 0 && d.ents[m.ent].typ == "PERSON" {
		return 0, -1, false
	}
	// "the governor of Texas, Greg Abbott": the apposed name.
	if end+1 < len(w) && w[end] == "," {
		if m := d.mentAt(i, end+1); m != nil && m.start == end+1 && m.ent >= 0 && d.ents[m.ent].typ == "PERSON" && isRole {
			return from, m.ent, true
		}
	}
	// A role is matched in the whole document, most recent holder first;
	// "the company" or "the city" takes the most salient fitting entity
	// of the last few sentences.
	latest := func(ok func(ent int) bool) int {
		if isRole {
			found, foundSent := -1, 0
			for h := len(hist) - 1; h >= 0; h-- {
				e := hist[h].ent
				if e < 0 || e == found || !ok(e) {
					continue
				}
				if found < 0 {
					found, foundSent = e, hist[h].sent
					continue
				}
				// Another holder of the role in the same sentence or
				// the one before: "Prime Minister Keir Starmer met
				// Prime Minister Benjamin Netanyahu. The prime
				// minister said" is either.
				if hist[h].sent >= foundSent-1 {
					return -1
				}
				break
			}
			return found
		}
		score := map[int]float64{}
		last := map[int]tokPos{} // each candidate's latest mention
		var order []int
		for h := len(hist) - 1; h >= 0 && hist[h].sent >= i-descWindow; h-- {
			e := hist[h]
			if e.ent < 0 || !ok(e.ent) {
				continue
			}
			if _, seen := score[e.ent]; !seen {
				order = append(order, e.ent)
				last[e.ent] = tokPos{e.sent, e.tok}
			}
			score[e.ent] += e.weight * math.Pow(0.5, float64(i-e.sent))
		}
		if len(order) > 1 {
			// A candidate named in the description's own paragraph
			// wins over those named only before it: a new paragraph
			// turns to what it names.
			var here []int
			for _, ei := range order {
				for h := len(hist) - 1; h >= 0 && d.para[hist[h].sent] == d.para[i]; h-- {
					if hist[h].ent == ei {
						here = append(here, ei)
						break
					}
				}
			}
			if len(here) > 0 {
				order = here
			}
		}
		sal := maps.Clone(score) // recency and prominence alone
		if len(order) > 1 {
			// The place or company the text is about wins over one
			// mentioned in passing.
			count := map[int]int{}
			for _, e := range hist {
				if _, ok := score[e.ent]; ok && e.ent >= 0 {
					count[e.ent]++
				}
			}
			for ei := range score {
				score[ei] += topicWeight * math.Log2(1+float64(count[ei]))
			}
		}
		best, bestScore := -1, 0.0
		for _, ei := range order { // most recent first wins ties
			if score[ei] > bestScore {
				best, bestScore = ei, score[ei]
			}
		}
		for _, ei := range order {
			if ei == best || best < 0 {
				continue
			}
			if d.conjoined(last[ei], last[best]) || sal[ei] >= 0.8*sal[best] {
				// "Deutsche Bank and Commerzbank held talks", or two
				// banks as recent and prominent as each other: "the
				// bank" is either, and a wrong link costs more than
				// none. Being the text's topic does not count here:
				// "Xinhua praised the lender" after "The World Bank
				// lent" is the World Bank, however often the text
				// named another.
				return -1
			}
		}
		return best
	}
	switch {
	case isRole:
		return from, latest(func(ei int) bool {
			for _, r := range d.ents[ei].roles {
				if !containsStr(want, r.role) {
					continue
				}
				if len(desig) == 0 || containsInt(desig, r.object) {
					return true
				}
			}
			return false
		}), true
	case countryNouns[lw]:
		return from, latest(func(ei int) bool {
			p, ok := gazetteer.LookupPlace(d.ents[ei].name)
			return ok && p.Kind == gazetteer.Country
		}), true
	case cityNouns[lw]:
		// A city the gazetteer knows, or a place it does not know whose
		// name does not say it is a larger unit ("Ottoman Empire").
		return from, latest(func(ei int) bool {
			e := d.ents[ei]
			if e.typ != "GPE" {
				return false
			}
			if p, ok := gazetteer.LookupPlace(e.name); ok {
				return p.Kind == gazetteer.City
			}
			ws := strings.Fields(e.name)
			return !largerUnits[lower(ws[len(ws)-1])]
		}), true
	default:
		return from, latest(func(ei int) bool {
			e := d.ents[ei]
			if e.typ != "ORG" {
				return false
			}
			words := strings.Fields(lower(e.name))
			for _, m := range modifiers {
				if !containsStr(words, m) {
					return false
				}
			}
			// "The Taiwanese firm" is a firm the text ties to Taiwan: one
			// named after it. Nothing else the text says ties a company
			// to a country, so any other is left unresolved rather than
			// guessed.
			for _, g := range desig {
				if g != ei && !strings.Contains(" "+lower(e.name)+" ", " "+lower(d.ents[g].name)+" ") {
					return false
				}
			}

			// What the name says it is, what descriptions called it, and
			// what the gazetteer knows it as ("the group" for Hamas, an
			// armed group; "the agency" for NASA, a government body), but
			// "the government" names a country's government more often
			// than one of its bodies.
			kinds := append(words, e.kinds...)
			listed, isListed := gazetteer.LookupOrg(e.name)
			if isListed && lw != "government" {
				kinds = append(kinds, strings.Fields(listed.Kind)...)
			}
			if containsStr(kinds, lw) || closedCompound(words, lw) || slices.ContainsFunc(orgKindAlso[lw], func(k string) bool { return containsStr(kinds, k) }) {
				return true
			}
			if !genericOrgNouns[lw] {
				return false
			}
			// "the company" is no government or alliance the gazetteer
			// knows ("the European Commission").
			if isListed && !commercialKinds[listed.Kind] {
				return false
			}
			for _, x := range kinds {
				if orgKindNouns[x] && !genericOrgNouns[x] {
					return false
				}
			}
			return true
		}), true
	}
}

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
