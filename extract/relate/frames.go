package relate

import (
	"strings"

	"kg/extract"
	"kg/extract/srl"
	"kg/extract/ud"
)

// FromFrames returns the relations that semantic role frames state between
// entities: a frame whose doer (ARG0) and another numbered argument resolve
// to entities gives an edge from the doer, named by the predicate in the
// past tense with its particle and the argument's preposition ("took over
// from", "sold shares to"). Event nouns give edges as their verbs do
// ("Russia's invasion of Ukraine" → Russia invaded Ukraine). A frame with no
// doer relates its subject-like ARG1 to its other arguments ("arrived in").
// ARGM-NEG negates, ARGM-MOD and the tree's hedges hedge, and reported
// speech keeps its speaker, read from the tree as the rules do.
//
// frames[i] are the frames of sentence i, tokens[i][j] the entity of token
// j of sentence i or -1. Relations come sorted by sentence and position,
// one per (subject, predicate, object, modality) in a sentence.
func FromFrames(text string, sents []*ud.Sentence, frames [][]srl.Frame, tokens [][]int, entities []extract.Entity) []extract.Relation {
	var out []extract.Relation
	for i, s := range sents {
		if s == nil || len(s.Tokens) == 0 || i >= len(tokens) || i >= len(frames) || len(frames[i]) == 0 {
			continue
		}
		m := &mapper{x: newSentence(s), ents: tokens[i], n: len(entities), types: entities}
		out = append(out, m.frameRelations(i, len(text), frames[i])...)
	}
	return out
}

// skipFrames are rolesets whose arguments are no relation between them:
// copulas, possession and light verbs take their meaning elsewhere.
var skipFrames = set("be have do get make take give go come become seem let")

// particles are the adverbs that make phrasal verbs: "take over", "set up".
var particles = set("over up out off down back away in on")

// part is a participant of a frame: its head, preposition and role.
type part struct {
	tok  int
	prep string
	role string
}

// eventPreps introduce an event noun that is the subject's own act: "in
// remarks to X", "during his visit to X", "at a meeting with X"; not a
// topic ("over housing for X").
var eventPreps = set("in during at after")

// participantRoles are the roles whose entities a frame relates to its
// doer: the numbered ones, and the modifiers that name a participant with a
// preposition ("worked with X", "starred opposite X", "spoke at X", "moved
// to X").
var participantRoles = []string{"ARG1", "ARG2", "ARG3", "ARG4", "ARGM-COM", "ARGM-LOC", "ARGM-DIR", "ARGM-GOL"}

// argEntity is the entity of an argument head: its own, or for a role noun
// the person who holds it ("the co-founder of Google, Sergey Brin, met …").
func (m *mapper) argEntity(tok int) int {
	if e := m.entity(tok); e >= 0 {
		return e
	}
	if r, kin := m.isRoleNoun(tok, nil); r && !kin {
		return m.holder(tok, nil)
	}
	return -1
}

// converse rolesets name the loser as doer: "X lost to Y" is Y beat X.
var converse = map[string]string{"lose": "defeat"}

func (m *mapper) frameRelations(si, textLen int, frames []srl.Frame) []extract.Relation {
	x := m.x
	rs := relationSet{ents: m.types}
	for _, f := range frames {
		p := f.Pred
		if p < 0 || p >= len(x.t) {
			continue
		}
		lemma := f.Lemma()
		if skipFrames[lemma] && !x.hasChild(p, "compound:prt", "obl:agent") {
			continue // a light verb, unless phrasal ("took over") or passive with its agent
		}
		nominal := x.t[p].UPOS == "NOUN" || len(f.Role("ARGM-LVB")) > 0
		// A light verb's clause keeps the tree's modality: "may hold talks".
		negated, hedged, speaker := m.frameFlags(f, x.t[p].UPOS == "NOUN")
		doers, parts, thing := m.participants(f, nominal)
		past := m.pastPhrase(p, lemma, nominal)
		if len(doers) == 0 {
			// No doer: the ARG1 standing as subject relates to what the
			// prepositions add ("X arrived in Y", "X was born to Y").
			var rest []part
			for _, pt := range parts {
				if pt.role == "ARG1" && pt.prep == "" && !nominal && (strings.HasPrefix(x.t[pt.tok].Deprel, "nsubj") || x.head(p) == pt.tok) {
					doers = append(doers, pt.tok)
				} else if pt.role != "ARG1" && pt.prep != "" {
					rest = append(rest, pt)
				}
			}
			if len(doers) == 0 {
				continue
			}
			parts = rest
			if x.isPassive(p) {
				// The patient is the subject: "was born to", not "bore to".
				past = "was " + strings.ToLower(x.t[p].Form)
				if x.t[p].Deprel == "acl" {
					past = strings.ToLower(x.t[p].Form)
				}
			}
		}
		class := m.sportClass(strings.Fields(lemma)[0], classOf(strings.Fields(lemma)[0], ""))
		relation := func(subj, obj int, pred, cl string, possessed bool, conf float64, from, to int) {
			r := extract.Relation{
				Subject: subj, Object: obj, Predicate: pred, Class: cl,
				Negated: negated, Hedged: hedged, Possessed: possessed,
				Attributed: speaker, Confidence: round(conf), Sentence: si,
			}
			r.Span = m.span(frame{pred: p}, from, to, textLen)
			rs.add(r)
		}
		asRoles := m.asRoles(f, nominal, past)
		for _, d := range doers {
			se := m.argEntity(d)
			if se < 0 {
				continue
			}
			for _, ar := range asRoles {
				if oe := m.entity(ar.obj); oe >= 0 && oe != se {
					relation(se, oe, ar.pred, class, false, 0.8, d, ar.obj)
				}
			}
			for _, pt := range parts {
				oe, possessed := m.argEntity(pt.tok), false
				if oe < 0 && pt.prep == "" && !nominal {
					if oe = m.possessor(pt.tok); oe >= 0 {
						possessed = true // "struck Ukraine's grid"
					}
				}
				if oe < 0 || oe == se {
					continue
				}
				pred := past
				switch {
				case pt.prep == "" || pt.prep == "by" || nominal && pt.role == "ARG1":
					// "his visit to Google" is "visited Google".
				case thing >= 0 && pt.role != "ARG1" && x.t[thing].UPOS != "NUM":
					pred += " " + strings.ToLower(x.t[thing].Form) + " " + pt.prep
				default:
					pred += " " + pt.prep
				}
				subj, obj, cl := se, oe, class
				if w, ok := converse[lemma]; ok && pt.prep == "to" && m.typeOf(se) == m.typeOf(oe) {
					subj, obj, pred, cl = oe, se, pastTense(w), m.sportClass(w, classOf(w, ""))
				}
				conf := 0.8
				if possessed {
					conf *= 0.9
				}
				relation(subj, obj, pred, cl, possessed, conf, d, pt.tok)
			}
		}
	}
	return rs.sorted()
}

// frameFlags reads a frame's negation, hedging and reported speaker: the
// tree's, as the rules read them, and the frame's own ARGM-NEG and modal
// ARGM-MOD.
func (m *mapper) frameFlags(f srl.Frame, nominal bool) (negated, hedged bool, speaker int) {
	x := m.x
	fr := frame{pred: f.Pred, verb: f.Lemma(), nominal: nominal, speaker: -1}
	x.modality(&fr)
	negated, hedged = fr.negated, fr.hedged
	for _, a := range f.Args {
		switch {
		case a.Role == "ARGM-NEG":
			negated = true
		case a.Role == "ARGM-MOD" && modalHedges[x.lemma(a.Head)]:
			hedged = true
		}
	}
	if x.hasDetNo(f.Pred) {
		negated = true // "no contact with"
	}
	speaker = -1
	if fr.speaker >= 0 {
		if speaker = m.entity(fr.speaker); speaker < 0 {
			speaker = m.possessor(fr.speaker)
		}
	}
	return negated, hedged, speaker
}

// participants returns a frame's doers (ARG0 heads with their
// coordinated heads), its other participants, and the head of a
// non-entity direct object that names the thing acted on ("sold shares
// to X"), or -1.
func (m *mapper) participants(f srl.Frame, nominal bool) (doers []int, parts []part, thing int) {
	x, p := m.x, f.Pred
	for _, hh := range m.roleHeads(f, p, "ARG0") {
		// A doer the sentence puts in an oblique is no subject: "Holt
		// graduated from Stephenville High School" has graduate.01's
		// ARG0 (the school) after "from", and reads as the sentence says.
		if prep := x.prep(hh[1]); prep != "" && prep != "by" && !strings.HasSuffix(prep, " by") && !nominal {
			parts = append(parts, part{hh[0], prep, "ARG0"})
			continue
		}
		if nominal && x.t[hh[0]].Deprel == "compound" && x.head(hh[0]) == p {
			if t := m.typeOf(m.entity(hh[0])); t == "LOC" || t == "GPE" {
				continue // "the Oval Office encounter", "a Moscow summit": where, not who
			}
		}
		doers = append(doers, hh[0])
	}
	thing = -1
	for _, role := range participantRoles {
		for _, hh := range m.roleHeads(f, p, role) {
			// A conjunct takes the preposition of the first: "opposite X,
			// Y and Z".
			h, prep := hh[0], x.prep(hh[1])
			if x.dominates(hh[1], p) {
				// The noun a relative clause modifies: its preposition
				// belongs to the outer clause ("adjacent to the region …,
				// which was invaded").
				prep = ""
			}
			if strings.HasPrefix(role, "ARGM") && prep == "" {
				continue // "met Tuesday", "went home": no participant
			}
			if role == "ARG1" && prep == "" && m.entity(h) < 0 && x.t[h].UPOS == "NOUN" && thing < 0 {
				thing = h
			}
			parts = append(parts, part{h, prep, role})
		}
	}
	if len(doers) == 0 && nominal && strings.HasPrefix(x.t[p].Deprel, "obl") && eventPreps[x.prep(p)] {
		// "In remarks to X, Y said", "In an interview with X, Y
		// compared": an event noun modifying a clause has the clause's
		// subject as its doer.
		if h := x.head(p); h >= 0 {
			for _, s := range x.childrenBy(h, "nsubj") {
				doers = append(doers, x.conjuncts(s)...)
			}
		}
	}
	return doers, parts, thing
}

// pastPhrase names a frame's event in the past tense with its particle:
// "met", "took over", "set up".
func (m *mapper) pastPhrase(p int, lemma string, nominal bool) string {
	x := m.x
	words := strings.Fields(lemma)
	past := pastTense(words[0])
	if len(words) > 1 {
		return past + " " + strings.Join(words[1:], " ")
	}
	if nominal {
		return past
	}
	for _, c := range x.childrenBy(p, "compound:prt") {
		past += " " + strings.ToLower(x.t[c].Form)
	}
	// "was taken over by X": a parser may make the particle a second case
	// marker of the agent.
	for _, a := range x.childrenBy(p, "obl:agent") {
		for _, c := range x.childrenBy(a, "case") {
			if w := strings.ToLower(x.t[c].Form); particles[w] && c+1 < len(x.t) && strings.EqualFold(x.t[c+1].Form, "by") {
				past += " " + w
			}
		}
	}
	return past
}

// asRole is a role a clause names with "as" and the designator it has:
// "resigned as leader of the Liberal Party".
type asRole struct {
	obj  int    // the designator's head token
	pred string // "resigned as leader of"
}

// asRoles returns the roles a frame without a direct object names with
// "as": the verb relates its subject to each role's designator ("served
// as adviser to X").
func (m *mapper) asRoles(f srl.Frame, nominal bool, past string) []asRole {
	x := m.x
	if nominal || x.hasChild(f.Pred, "obj") {
		return nil
	}
	var out []asRole
	for _, a := range f.Args {
		n := a.Head
		if a.Role == "ARG0" || a.Role == "ARG1" && strings.HasPrefix(x.t[n].Deprel, "nsubj") || x.prep(n) != "as" || m.entity(n) >= 0 {
			continue
		}
		if r, kin := m.isRoleNoun(n, nil); !r || kin {
			continue
		}
		for _, c := range x.ch[n] {
			dp := "of"
			switch x.t[c].Deprel {
			case "nmod":
				dp = x.prep(c)
			case "nmod:poss":
			default:
				continue
			}
			if dp != "of" && dp != "to" && dp != "at" && dp != "for" {
				continue
			}
			if m.entity(c) >= 0 {
				out = append(out, asRole{c, past + " as " + m.roleName(n) + " " + dp})
			}
		}
	}
	return out
}

// roleHeads returns the heads filling role in f with their coordinated
// heads, each with the labelled head it came from; a relative pronoun
// (R-ARG0 "who") stands for the noun its clause modifies.
func (m *mapper) roleHeads(f srl.Frame, p int, role string) [][2]int {
	x := m.x
	var heads [][2]int
	for _, a := range f.Args {
		h := a.Head
		switch a.Role {
		case role:
		case "R-" + role:
			if len(f.Role(role)) > 0 {
				continue
			}
			r := x.relHead(p)
			if r < 0 {
				continue
			}
			h = r
		default:
			continue
		}
		if h < 0 || h >= len(x.t) {
			continue
		}
		// "X and co-stars Y and Z": coordinated heads, and the
		// coordinated names an apposition adds; "directors such as X and
		// Y": the named examples of a common noun.
		for _, c := range append(x.conjuncts(h), m.examples(h)...) {
			for _, k := range append([]int{c}, x.childrenBy(c, "appos")...) {
				if k != c && m.entity(k) < 0 {
					continue
				}
				for _, kc := range x.conjuncts(k) {
					if !containsHead(heads, kc) {
						// The preposition is the labelled head's: a
						// relative pronoun's, not its antecedent's.
						heads = append(heads, [2]int{kc, a.Head})
					}
				}
			}
		}
	}
	return heads
}

// examples returns the named examples of a common noun that names no
// entity itself: "directors such as X", "guests like X", "a number of
// leaders, including X".
func (m *mapper) examples(h int) []int {
	x := m.x
	if m.entity(h) >= 0 || x.t[h].UPOS != "NOUN" && x.t[h].UPOS != "PRON" {
		return nil
	}
	var out []int
	var walk func(n, depth int)
	walk = func(n, depth int) {
		for _, c := range x.ch[n] {
			d := x.t[c].Deprel
			if d != "nmod" && d != "appos" && d != "acl" {
				continue
			}
			switch p := x.prep(c); {
			case p == "such as" || p == "like" || p == "including" || d == "acl" && x.lemma(c) == "include":
				if d == "acl" {
					for _, o := range x.childrenBy(c, "obj") {
						out = append(out, o)
					}
				} else {
					out = append(out, c)
				}
			case p == "of" && depth < 2 && m.entity(c) < 0:
				walk(c, depth+1) // "a number of directors such as X"
			}
		}
	}
	walk(h, 0)
	// "members of X, including Y": the parser may hang the examples on
	// the clause; they still follow the noun right after its comma.
	if hd := x.head(h); hd >= 0 && len(out) == 0 {
		_, last := x.extent(h)
		for _, c := range x.ch[hd] {
			if p := x.prep(c); c > h && (p == "such as" || p == "like" || p == "including") {
				first, _ := x.extent(c)
				if first == last+2 && x.t[last+1].Form == "," || first == last+1 {
					out = append(out, c)
				}
			}
		}
	}
	// "attacked defectors from the organization including X and Y": the
	// parser hung the examples of a plural noun on the singular noun of
	// the phrase right after it, which stands for one thing.
	if hd := x.head(h); hd >= 0 && len(out) == 0 && x.t[h].XPOS == "NNS" {
		_, last := x.extent(h)
		for _, c := range x.ch[hd] {
			if first, _ := x.extent(c); first != last+1 || (x.t[c].XPOS != "NN" && x.t[c].XPOS != "NNP") || x.prep(c) == "" {
				continue
			}
			for _, e := range x.childrenBy(c, "nmod") {
				if p := x.prep(e); p == "such as" || p == "like" || p == "including" {
					out = append(out, e)
				}
			}
		}
	}
	return out
}

// extent returns the first and last token of the subtree of h.
func (x *sentence) extent(h int) (first, last int) {
	first, last = h, h
	var walk func(i, depth int)
	walk = func(i, depth int) {
		if depth > len(x.t) {
			return
		}
		first, last = min(first, i), max(last, i)
		for _, c := range x.ch[i] {
			walk(c, depth+1)
		}
	}
	walk(h, 0)
	return first, last
}

// dominates reports whether a is an ancestor of b.
func (x *sentence) dominates(a, b int) bool {
	for i, n := x.head(b), 0; i >= 0 && n <= len(x.t); i, n = x.head(i), n+1 {
		if i == a {
			return true
		}
	}
	return false
}

func containsHead(s [][2]int, v int) bool {
	for _, x := range s {
		if x[0] == v {
			return true
		}
	}
	return false
}
