package resolve

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"kg/extract/internal/gum"
	"kg/extract/ner"
	"kg/extract/ud"
)

// Scores are coreference scores of Document on GUM documents, run on gold
// trees and on named spans derived from the gold entity annotation.
//
// The evaluated mentions are the gold mentions of chains that contain at
// least one proper name: the named mentions themselves and the
// third-person pronouns (he, she, it, they and their forms) in them. A
// system entity stands for the gold chain that most of its name mentions
// belong to.
type Scores struct {
	Docs int

	// Pronouns: every third-person pronoun in the documents. Correct ones
	// were linked to an entity standing for their gold chain.
	PronounGold     int // pronouns whose gold chain has a name
	PronounResolved int // pronouns the system linked to an entity
	PronounCorrect  int

	// Quoted first person: "I", "me", "we", "our" … inside quotation
	// marks, which mean the quote's speaker or the speaker's group.
	QuotedFirstGold, QuotedFirstResolved, QuotedFirstCorrect int

	// Short names: one-word person names whose gold chain also has a
	// longer name ("Byron" for "Lord Byron" / "George Gordon Byron").
	ShortNames       int
	ShortNameCorrect int

	// Descriptions the system linked, and how many of them were right.
	DescResolved, DescCorrect int
	// DescGold counts the gold definite descriptions ("the" and a common
	// noun head, as in "the company" or "the president of France") in a
	// chain whose name comes before the description ends; DescFound counts
	// those the system linked to an entity standing for their chain.
	DescGold, DescFound int

	// B³ and MUC over the evaluated mentions; a mention the system left
	// unresolved is a singleton.
	B3P, B3R, B3F    float64
	MUCP, MUCR, MUCF float64
}

// String formats the scores as a short report.
func (s Scores) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "docs %d\n", s.Docs)
	fmt.Fprintf(&b, "pronouns: gold-with-named-chain %d, resolved %d, correct %d: P %.3f R %.3f\n",
		s.PronounGold, s.PronounResolved, s.PronounCorrect, ratio(s.PronounCorrect, s.PronounResolved), ratio(s.PronounCorrect, s.PronounGold))
	fmt.Fprintf(&b, "quoted first person: gold-with-named-chain %d, resolved %d, correct %d: P %.3f R %.3f\n",
		s.QuotedFirstGold, s.QuotedFirstResolved, s.QuotedFirstCorrect, ratio(s.QuotedFirstCorrect, s.QuotedFirstResolved), ratio(s.QuotedFirstCorrect, s.QuotedFirstGold))
	fmt.Fprintf(&b, "short person names: %d, correct %d: acc %.3f\n", s.ShortNames, s.ShortNameCorrect, ratio(s.ShortNameCorrect, s.ShortNames))
	fmt.Fprintf(&b, "descriptions: gold-with-named-chain %d, resolved %d, correct %d: P %.3f R %.3f\n",
		s.DescGold, s.DescResolved, s.DescCorrect, ratio(s.DescCorrect, s.DescResolved), ratio(s.DescFound, s.DescGold))
	fmt.Fprintf(&b, "B3  P %.3f R %.3f F1 %.3f\n", s.B3P, s.B3R, s.B3F)
	fmt.Fprintf(&b, "MUC P %.3f R %.3f F1 %.3f\n", s.MUCP, s.MUCR, s.MUCF)
	return b.String()
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// EvalGUM runs Document on the GUM dev documents present under
// dataDir/gum/conllu, with gold trees and named spans from the gold
// entities, and scores its coreference against the gold chains.
func EvalGUM(dataDir string) (Scores, error) {
	return EvalGUMWith(dataDir, nil)
}

// EvalGUMWith is EvalGUM with the named spans from recognize instead of the
// gold ones, to measure resolution under real recognition errors. recognize
// gets a copy of each gold sentence; it may also re-tag and re-parse it,
// and Document then sees those predicted tags and trees. A nil recognize
// uses the gold spans and trees.
func EvalGUMWith(dataDir string, recognize func(*ud.Sentence) []ner.Span) (Scores, error) {
	return EvalGUMSplit(dataDir, "dev", recognize)
}

// EvalGUMSplit is EvalGUMWith on the GUM documents of split: "dev", or
// "train" for the training documents (those gum/splits.md lists under no
// held-out section), a check that rules written from dev errors hold on
// documents they were not written from.
func EvalGUMSplit(dataDir, split string, recognize func(*ud.Sentence) []ner.Span) (Scores, error) {
	return evalSplit(dataDir, split, evalAcc{recognize: recognize})
}

// EvalGUMTrace is EvalGUMSplit with gold trees and names that also writes
// to w, for error analysis, one tab-separated line per scored pronoun and
// description: the document, what was scored ("pronoun" with whether it
// is right, wrong, missed or spurious, inside a quotation or not, and
// whether its chain was last mentioned in an earlier paragraph;
// "description" for a gold description, "wrong-description" for a linked
// one of another chain), the mention and the entity it got, and the
// sentence.
func EvalGUMTrace(dataDir, split string, w io.Writer) (Scores, error) {
	bw := bufio.NewWriter(w)
	s, err := evalSplit(dataDir, split, evalAcc{trace: func(line string) { bw.WriteString(line + "\n") }})
	if err != nil {
		return s, err
	}
	if err := bw.Flush(); err != nil {
		return s, fmt.Errorf("resolve: writing the trace: %w", err)
	}
	return s, nil
}

func evalSplit(dataDir, split string, acc evalAcc) (Scores, error) {
	if split != "dev" && split != "train" {
		return Scores{}, fmt.Errorf("resolve: unknown GUM split %q: use dev or train", split)
	}
	files, err := gum.Files(dataDir, split == "dev")
	if err != nil {
		return Scores{}, fmt.Errorf("resolve: %w", err)
	}
	for _, path := range files {
		sents, err := ud.ReadFile(path)
		if err != nil {
			return Scores{}, fmt.Errorf("resolve: %w", err)
		}
		acc.name = strings.TrimSuffix(filepath.Base(path), ".conllu")
		acc.doc(sents)
	}
	return acc.scores(), nil
}

// goldMention is one gold entity span of a GUM document.
type goldMention struct {
	sent, start, end int
	id               string
	typ              string // GUM entity type
	head             int
}

// GoldDoc lays the sentences out as a document text (tokens joined by
// spaces unless SpaceAfter=No, sentences by newlines, paragraphs by blank
// lines where a sentence has a "# newpar" comment), setting the byte
// offsets, and returns the text.
func GoldDoc(sents []*ud.Sentence) string {
	var b strings.Builder
	for i, s := range sents {
		if i > 0 {
			b.WriteByte('\n')
			if slices.ContainsFunc(s.Comments, func(c string) bool { return c == "newpar" || strings.HasPrefix(c, "newpar ") }) {
				b.WriteByte('\n') // a blank line between paragraphs, as in running text
			}
		}
		s.Start = b.Len()
		for j := range s.Tokens {
			t := &s.Tokens[j]
			t.Start = b.Len()
			b.WriteString(t.Form)
			t.End = b.Len()
			if v, _ := ud.MiscValue(t.Misc, "SpaceAfter"); v != "No" && j+1 < len(s.Tokens) {
				b.WriteByte(' ')
			}
		}
		s.End = b.Len()
	}
	return b.String()
}

// goldMentions parses the GUM Entity= annotation of a document.
func goldMentions(sents []*ud.Sentence) []goldMention {
	var out []goldMention
	for i, s := range sents {
		type open struct {
			id, typ string
			start   int
		}
		var stack []open
		for j, t := range s.Tokens {
			v, ok := ud.MiscValue(t.Misc, "Entity")
			if !ok {
				continue
			}
			for k := 0; k < len(v); {
				switch {
				case v[k] == '(':
					e := k + 1
					for e < len(v) && v[e] != '(' && v[e] != ')' {
						e++
					}
					parts := strings.Split(v[k+1:e], "-")
					o := open{id: parts[0], start: j}
					if len(parts) > 1 {
						o.typ = parts[1]
					}
					if e < len(v) && v[e] == ')' {
						out = append(out, goldMention{sent: i, start: j, end: j + 1, id: o.id, typ: o.typ})
						e++
					} else {
						stack = append(stack, o)
					}
					k = e
				default:
					e := k
					for e < len(v) && v[e] != ')' && v[e] != '(' {
						e++
					}
					id := v[k:e]
					for x := len(stack) - 1; x >= 0; x-- {
						if stack[x].id == id {
							out = append(out, goldMention{sent: i, start: stack[x].start, end: j + 1, id: id, typ: stack[x].typ})
							stack = append(stack[:x], stack[x+1:]...)
							break
						}
					}
					if e < len(v) && v[e] == ')' {
						e++
					}
					k = e
				}
			}
		}
	}
	for n := range out {
		g := &out[n]
		s := sents[g.sent]
		g.head = g.end - 1
		for j := g.start; j < g.end; j++ {
			if h := s.Tokens[j].Head - 1; h < g.start || h >= g.end {
				g.head = j
				break
			}
		}
	}
	return out
}

var gumTypes = map[string]string{"person": "PERSON", "organization": "ORG", "place": "GPE"}

// GoldSpans derives NER-like spans from the GUM gold entities: for each
// person, organisation or place mention headed by a proper noun, the run of
// proper nouns around its head, as a name tagger would mark it.
func GoldSpans(sents []*ud.Sentence) [][]ner.Span {
	spans := make([][]ner.Span, len(sents))
	used := make([][]bool, len(sents))
	for i, s := range sents {
		used[i] = make([]bool, len(s.Tokens))
	}
	gm := goldMentions(sents)
	// Longer spans first, so that a name wins over names nested in it.
	slices.SortStableFunc(gm, func(a, b goldMention) int { return (b.end - b.start) - (a.end - a.start) })
	for _, g := range gm {
		typ, ok := gumTypes[g.typ]
		s := sents[g.sent]
		if !ok || s.Tokens[g.head].UPOS != "PROPN" {
			continue
		}
		a, b := g.head, g.head+1
		for a > g.start && s.Tokens[a-1].UPOS == "PROPN" {
			a--
		}
		for b < g.end && (s.Tokens[b].UPOS == "PROPN" || s.Tokens[b].Deprel == "flat") {
			b++
		}
		clash := false
		for j := a; j < b; j++ {
			clash = clash || used[g.sent][j]
		}
		if clash {
			continue
		}
		for j := a; j < b; j++ {
			used[g.sent][j] = true
		}
		spans[g.sent] = append(spans[g.sent], ner.Span{Start: a, End: b, Type: typ})
	}
	for i := range spans {
		slices.SortFunc(spans[i], func(x, y ner.Span) int { return x.Start - y.Start })
	}
	return spans
}

// evalAcc accumulates scores over documents.
type evalAcc struct {
	recognize func(*ud.Sentence) []ner.Span
	// trace, when set, gets a line for each scored pronoun and
	// description, for error analysis; name is the document's.
	trace        func(string)
	name         string
	s            Scores
	b3p, b3r     float64
	b3n          int
	mucPN, mucPD int
	mucRN, mucRD int
}

// thirdPerson are the pronouns scored.
func thirdPerson(w string) bool {
	_, ok := pronouns[lower(w)]
	return ok
}

func (a *evalAcc) doc(sents []*ud.Sentence) {
	text := GoldDoc(sents)
	spans := GoldSpans(sents)
	sys := sents
	if a.recognize != nil {
		// The recogniser gets copies, so that it may re-tag and re-parse
		// them while the gold annotation stays for scoring.
		sys = make([]*ud.Sentence, len(sents))
		for i, s := range sents {
			c := *s
			c.Tokens = slices.Clone(s.Tokens)
			sys[i] = &c
			spans[i] = a.recognize(&c)
		}
	}
	r := Document(text, sys, spans)
	gm := goldMentions(sents)
	a.s.Docs++

	// goldAt[i][j]: the gold chain of the smallest gold mention headed at token j.
	goldAt := make([][]string, len(sents))
	size := make([][]int, len(sents))
	for i, s := range sents {
		goldAt[i] = make([]string, len(s.Tokens))
		size[i] = make([]int, len(s.Tokens))
	}
	named := map[string]bool{}
	longName := map[string]int{}
	for _, g := range gm {
		n := g.end - g.start
		if goldAt[g.sent][g.head] == "" || n < size[g.sent][g.head] {
			goldAt[g.sent][g.head] = g.id
			size[g.sent][g.head] = n
		}
		if _, ok := gumTypes[g.typ]; ok && sents[g.sent].Tokens[g.head].UPOS == "PROPN" {
			named[g.id] = true
			if g.typ == "person" {
				longName[g.id] = max(longName[g.id], g.end-g.start)
			}
		}
	}
	// A system entity stands for the gold chain most of its name tokens are in.
	votes := map[int]map[string]int{}
	for _, m := range r.Mentions {
		if m.Kind != kindName {
			continue
		}
		for j, t := range sents[m.Sentence].Tokens {
			if t.Start >= m.Start && t.End <= m.End && goldAt[m.Sentence][j] != "" {
				if votes[m.Entity] == nil {
					votes[m.Entity] = map[string]int{}
				}
				votes[m.Entity][goldAt[m.Sentence][j]]++
			}
		}
	}
	chainOf := make([]string, len(r.Entities))
	for ei := range chainOf {
		best, n := "", 0
		keys := make([]string, 0, len(votes[ei]))
		for k := range votes[ei] {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if votes[ei][k] > n {
				best, n = k, votes[ei][k]
			}
		}
		chainOf[ei] = best
	}
	// Pronouns.
	inQuote := false
	para := 0
	lastSeen := map[string]int{} // chain → paragraph of its latest gold mention so far
	mentionsAt := make([][]goldMention, len(sents))
	for _, g := range gm {
		mentionsAt[g.sent] = append(mentionsAt[g.sent], g)
	}
	for i, s := range sents {
		if i > 0 && slices.ContainsFunc(s.Comments, func(c string) bool { return c == "newpar" || strings.HasPrefix(c, "newpar ") }) {
			para++
		}
		var quoted []bool
		quoted, inQuote = quotedTokens(s.Words(), inQuote)
		for j, t := range s.Tokens {
			first := quoted[j] && firstPerson[lower(t.Form)] && t.UPOS == "PRON"
			if !first && (t.UPOS != "PRON" && t.UPOS != "DET" || !thirdPerson(t.Form)) {
				continue
			}
			gold := goldAt[i][j]
			ei := r.Tokens[i][j]
			right := ei >= 0 && gold != "" && chainOf[ei] == gold
			if first {
				if named[gold] {
					a.s.QuotedFirstGold++
				}
				if ei >= 0 {
					a.s.QuotedFirstResolved++
					if right {
						a.s.QuotedFirstCorrect++
					}
				}
			} else {
				if named[gold] {
					a.s.PronounGold++
				}
				if ei >= 0 {
					a.s.PronounResolved++
					if right {
						a.s.PronounCorrect++
					}
				}
			}
			if a.trace != nil && (named[gold] || ei >= 0) {
				status := "right"
				switch {
				case ei < 0:
					status = "missed"
				case !right && named[gold]:
					status = "wrong"
				case !right:
					status = "spurious"
				}
				where := "text"
				if quoted[j] {
					where = "quote"
				}
				p, seen := lastSeen[gold]
				back := "same-par"
				if !seen {
					back = "no-antecedent"
				} else if p < para {
					back = "earlier-par"
				}
				got := "-"
				if ei >= 0 {
					got = r.Entities[ei].Name
				}
				a.trace(fmt.Sprintf("%s\tpronoun %s %s %s\t%s -> %s\t%s", a.name, status, where, back, t.Form, got, sentText(s)))
			}
		}
		for _, g := range mentionsAt[i] {
			lastSeen[g.id] = para
		}
	}
	// Descriptions the system linked: right when the gold chain of their
	// head (their last token) is the one their entity stands for.
	for _, m := range r.Mentions {
		if m.Kind != kindDescription {
			continue
		}
		a.s.DescResolved++
		right := false
		for j, t := range sents[m.Sentence].Tokens {
			if t.End == m.End && goldAt[m.Sentence][j] != "" && goldAt[m.Sentence][j] == chainOf[m.Entity] {
				right = true
			}
		}
		if right {
			a.s.DescCorrect++
		} else if a.trace != nil {
			a.trace(fmt.Sprintf("%s\twrong-description\t%q -> %s\t%s", a.name, m.Text, r.Entities[m.Entity].Name, sentText(sents[m.Sentence])))
		}
	}
	// Gold definite descriptions of named chains, for recall: "the" and
	// a common noun head, after (or around) the chain's first name, since
	// a description refers back to what the text has named. Predicate
	// nouns and appositions ("Athens is the capital of Greece") say what
	// the entity is rather than refer to it, and are left out.
	firstName := map[string][2]int{}
	for _, g := range gm {
		if _, ok := gumTypes[g.typ]; !ok || sents[g.sent].Tokens[g.head].UPOS != "PROPN" {
			continue
		}
		if p, ok := firstName[g.id]; !ok || g.sent < p[0] || g.sent == p[0] && g.start < p[1] {
			firstName[g.id] = [2]int{g.sent, g.start}
		}
	}
	for _, g := range gm {
		s := sents[g.sent]
		p, ok := firstName[g.id]
		if !ok || s.Tokens[g.head].UPOS != "NOUN" || lower(s.Tokens[g.start].Form) != "the" ||
			p[0] > g.sent || p[0] == g.sent && p[1] >= g.end || goldAt[g.sent][g.head] != g.id || predicative(s, g.head) {
			continue
		}
		a.s.DescGold++
		ei := r.Tokens[g.sent][g.head]
		status := "missed"
		if ei >= 0 && chainOf[ei] == g.id {
			a.s.DescFound++
			status = "right"
		} else if ei >= 0 {
			status = "wrong"
		}
		if a.trace != nil {
			got := "-"
			if ei >= 0 {
				got = r.Entities[ei].Name
			}
			words := make([]string, 0, g.end-g.start)
			for _, t := range s.Tokens[g.start:g.end] {
				words = append(words, t.Form)
			}
			a.trace(fmt.Sprintf("%s\tdescription %s\t%q -> %s\t%s", a.name, status, strings.Join(words, " "), got, sentText(s)))
		}
	}
	for _, g := range gm {
		if g.typ != "person" || !named[g.id] || sents[g.sent].Tokens[g.head].UPOS != "PROPN" {
			continue
		}
		// The name proper: the proper nouns around the head.
		s := sents[g.sent]
		a0, b0 := g.head, g.head+1
		for a0 > g.start && s.Tokens[a0-1].UPOS == "PROPN" {
			a0--
		}
		for b0 < g.end && s.Tokens[b0].UPOS == "PROPN" {
			b0++
		}
		if b0-a0 != 1 || longName[g.id] < 2 || isTitleWord(s.Tokens[a0].Form) {
			continue
		}
		a.s.ShortNames++
		if ei := r.Tokens[g.sent][g.head]; ei >= 0 && chainOf[ei] == g.id {
			a.s.ShortNameCorrect++
		}
	}
	// B³ and MUC over gold mentions of named chains: names and pronouns.
	type item struct{ gold, sys string }
	var items []item
	for n, g := range gm {
		if !named[g.id] {
			continue
		}
		t := sents[g.sent].Tokens[g.head]
		isName := t.UPOS == "PROPN"
		isPron := g.end-g.start == 1 && thirdPerson(t.Form)
		if !isName && !isPron {
			continue
		}
		sys := fmt.Sprintf("single%d", n)
		if ei := r.Tokens[g.sent][g.head]; ei >= 0 {
			sys = fmt.Sprintf("e%d", ei)
		}
		items = append(items, item{g.id, sys})
	}
	goldSets := map[string][]int{}
	sysSets := map[string][]int{}
	for n, it := range items {
		goldSets[it.gold] = append(goldSets[it.gold], n)
		sysSets[it.sys] = append(sysSets[it.sys], n)
	}
	for _, it := range items {
		g, s := goldSets[it.gold], sysSets[it.sys]
		both := 0
		for _, x := range g {
			if items[x].sys == it.sys {
				both++
			}
		}
		a.b3p += float64(both) / float64(len(s))
		a.b3r += float64(both) / float64(len(g))
		a.b3n++
	}
	// MUC: recall = Σ(|K| - |partitions of K by response|) / Σ(|K| - 1).
	muc := func(key, resp map[string][]int, respOf func(int) string) (int, int) {
		num, den := 0, 0
		for _, k := range key {
			parts := map[string]bool{}
			for _, x := range k {
				parts[respOf(x)] = true
			}
			num += len(k) - len(parts)
			den += len(k) - 1
		}
		return num, den
	}
	rn, rd := muc(goldSets, sysSets, func(x int) string { return items[x].sys })
	pn, pd := muc(sysSets, goldSets, func(x int) string { return items[x].gold })
	a.mucRN += rn
	a.mucRD += rd
	a.mucPN += pn
	a.mucPD += pd
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (a *evalAcc) scores() Scores {
	s := a.s
	if a.b3n > 0 {
		s.B3P, s.B3R = a.b3p/float64(a.b3n), a.b3r/float64(a.b3n)
		s.B3F = f1(s.B3P, s.B3R)
	}
	s.MUCP, s.MUCR = ratio(a.mucPN, a.mucPD), ratio(a.mucRN, a.mucRD)
	s.MUCF = f1(s.MUCP, s.MUCR)
	return s
}

// sentText is the words of s joined by spaces.
func sentText(s *ud.Sentence) string { return strings.Join(s.Words(), " ") }

// predicative reports whether token h of s heads a predicate noun (it has
// a copula) or an apposition.
func predicative(s *ud.Sentence, h int) bool {
	t := s.Tokens[h]
	if t.Deprel == "appos" {
		return true
	}
	for _, u := range s.Tokens {
		if u.Head-1 == h && u.Deprel == "cop" {
			return true
		}
	}
	return false
}
