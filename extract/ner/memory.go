package ner

import (
	"kg/extract/gazetteer"
	"kg/extract/internal/featurehash"
	"maps"
	"slices"
	"sort"
	"strings"

	"kg/extract/ud"
)

// Document memory (Ratinov and Roth 2009): a name keeps its type through a
// document, so the second pass sees how the first pass labelled the other
// occurrences of each capitalised word and of each span text in the same
// document ("Coron" labelled a place in most sentences tips the one where
// it reads like a person).

// Memory classes of a first-pass occurrence.
const (
	memPerson = iota
	memOrg
	memPlace
	memNORP
	memOut // capitalised but outside every span
	memClasses
)

func memClass(typ string) int {
	switch typ {
	case "PERSON":
		return memPerson
	case "ORG":
		return memOrg
	case typePlace, "GPE", "LOC":
		return memPlace
	case "NORP":
		return memNORP
	}
	return memOut
}

// docMemory sets the memory fields of cs (cs[k] are the contexts of
// sents[k]) from first-pass spans (first[k] belongs to sents[k]): for every
// capitalised token, the classes the first pass gave the other capitalised
// occurrences of the same word in the document, and for every token inside a
// first-pass span, the class most often given to the same span text
// elsewhere.
func docMemory(cs [][]tokCtx, sents []*ud.Sentence, first [][]Span) {
	words := map[string]*[memClasses]int{}
	phrases := map[string]*[memClasses]int{}
	// Syntactic contexts of each capitalised word's occurrences, counted.
	ctxs := map[string]map[uint64]int{}
	for k, s := range sents {
		for i, t := range s.Tokens {
			if !startsUpper(t.Form) || cs[k][i].dep == 0 {
				continue
			}
			w := strings.ToLower(t.Form)
			if ctxs[w] == nil {
				ctxs[w] = map[uint64]int{}
			}
			for _, h := range syntacticContexts(&cs[k][i]) {
				ctxs[w][h]++
			}
		}
	}
	tokClass := make([][]int, len(sents))
	docCaps := capCounts(sents)
	for k, s := range sents {
		cl := make([]int, len(s.Tokens))
		for i := range cl {
			cl[i] = memOut
		}
		for i := range s.Tokens {
			cs[k][i].memSelf = 1
		}
		for _, sp := range first[k] {
			c := memClass(sp.Type)
			for i := sp.Start; i < sp.End; i++ {
				cl[i] = c
				cs[k][i].memSelf = uint64(2 + 2*c)
			}
			cs[k][sp.Start].memSelf++
			text := spanText(s.Tokens, sp.Start, sp.End)
			if phrases[text] == nil {
				phrases[text] = new([memClasses]int)
			}
			phrases[text][c]++
		}
		tokClass[k] = cl
		for i, t := range s.Tokens {
			if !startsUpper(t.Form) {
				continue
			}
			w := strings.ToLower(t.Form)
			if words[w] == nil {
				words[w] = new([memClasses]int)
			}
			words[w][cl[i]]++
		}
	}
	for k, s := range sents {
		for i, t := range s.Tokens {
			c := &cs[k][i]
			c.memOn = true
			c.memMaj = 0
			c.memHas = [memClasses]uint8{}
			c.memSpan = 0
			c.memLower = 1
			if lc := docCaps[featurehash.String(strings.ToLower(t.Form))]; lc.all > 0 {
				own := 0
				if unforced(s.Tokens, i) {
					own = 1
				}
				upper, lower := lc.cap, lc.all-lc.cap
				if startsUpper(t.Form) {
					upper -= own
				} else {
					lower -= own
				}
				switch {
				case upper > 0 && lower > 0:
					c.memLower = 3
				case lower > 0:
					c.memLower = 2
				case upper > 0:
					c.memLower = 4
				}
			}
			c.memCtx = c.memCtx[:0]
			if !startsUpper(t.Form) {
				continue
			}
			if all := ctxs[strings.ToLower(t.Form)]; all != nil {
				own := map[uint64]bool{}
				if c.dep != 0 {
					for _, h := range syntacticContexts(c) {
						own[h] = true
					}
				}
				for h, n := range all {
					if own[h] {
						n--
					}
					if n > 0 {
						c.memCtx = append(c.memCtx, h)
					}
				}
				// Map order is random; features must come in a fixed order
				// only for reproducible float sums.
				sort.Slice(c.memCtx, func(a, b int) bool { return c.memCtx[a] < c.memCtx[b] })
			}
			counts := *words[strings.ToLower(t.Form)]
			counts[tokClass[k][i]]-- // other occurrences only
			total, best := 0, -1
			for cl, n := range counts {
				total += n
				if n > 0 && (best < 0 || n > counts[best]) {
					best = cl
				}
			}
			if total == 0 {
				continue
			}
			c.memMaj = uint64(best + 1)
			for cl, n := range counts {
				if n == 0 {
					continue
				}
				switch r := float64(n) / float64(total); {
				case r < 0.34:
					c.memHas[cl] = 1
				case r < 0.67:
					c.memHas[cl] = 2
				default:
					c.memHas[cl] = 3
				}
			}
		}
		for _, sp := range first[k] {
			counts := *phrases[spanText(s.Tokens, sp.Start, sp.End)]
			counts[memClass(sp.Type)]--
			best := -1
			for cl, n := range counts {
				if n > 0 && (best < 0 || n > counts[best]) {
					best = cl
				}
			}
			if best < 0 {
				continue
			}
			for i := sp.Start; i < sp.End; i++ {
				cs[k][i].memSpan = uint64(best + 1)
			}
		}
	}
}

// syntacticContexts returns the hashes of a token's syntactic contexts that
// document memory aggregates: its preposition, and its relation with its
// governing word.
func syntacticContexts(c *tokCtx) [2]uint64 {
	return [2]uint64{featurehash.Mix(1, c.caseW), featurehash.Mix(featurehash.Mix(2, c.anchorDep), c.anchorGov)}
}

// memFeatures appends the document-memory features of token c with
// neighbours m1 and n1.
func memFeatures(out []uint64, c, m1, n1 *tokCtx) []uint64 {
	if c.memMaj == 0 {
		out = append(out, featurehash.Mix(fMemNone, c.flags&flCap))
	} else {
		out = append(out,
			featurehash.Mix(fMemMaj, c.memMaj),
			featurehash.Mix(featurehash.Mix(fMemMajCap, c.memMaj), c.upos),
		)
		for cl, b := range c.memHas {
			if b != 0 {
				out = append(out, featurehash.Mix(fMemHas, uint64(cl*4)+uint64(b)))
			}
		}
	}
	for _, h := range c.memCtx {
		out = append(out, featurehash.Mix(fMemCtx, h))
	}
	out = append(out, featurehash.Mix(fMemSelf, c.memSelf), featurehash.Mix(featurehash.Mix(fMemSelf, c.memSelf), m1.memSelf))
	return append(out,
		featurehash.Mix(featurehash.Mix(fMemLower, c.memLower), c.flags&(flCap|flFirst)),
		featurehash.Mix(fMemMajM1, m1.memMaj),
		featurehash.Mix(fMemMajP1, n1.memMaj),
		featurehash.Mix(fMemSpan, c.memSpan),
	)
}

// firstPass labels each sentence of a document (cs[k] are the contexts of
// sents[k]) with m's first-pass weights and applies the span conventions.
func (m *Model) firstPass(cs [][]tokCtx, sents []*ud.Sentence) [][]Span {
	return labelDocument(sents, capTable{global: m.caps, doc: capBuckets(sents)}, func(k int) []int { return m.decodeContexts(cs[k]) })
}

// labelDocument turns the labels of each sentence of a document (labels(k)
// for sents[k]) into spans with the span conventions applied with caps.
func labelDocument(sents []*ud.Sentence, caps capTable, labels func(k int) []int) [][]Span {
	out := make([][]Span, len(sents))
	for k, s := range sents {
		if len(s.Tokens) > 0 {
			out[k] = finish(s.Tokens, spansOf(labels(k)), caps)
		}
	}
	return out
}

// RecognizeDocument returns the named-entity spans of each sentence of a
// document (out[k] belongs to sents[k]). Unlike Recognize on each sentence
// alone, it types a name consistently with its other occurrences in the
// document: a first pass labels every sentence, a second pass sees the
// first pass's labels of the same words and names elsewhere, and the
// document's evidence settles the rest (see settle).
func (m *Model) RecognizeDocument(sents []*ud.Sentence) [][]Span {
	ss := make([]*ud.Sentence, len(sents))
	cs := make([][]tokCtx, len(sents))
	buf := make([]byte, 0, 32)
	for k, s := range sents {
		if s == nil {
			s = &ud.Sentence{}
		}
		ss[k] = s
		cs[k] = make([]tokCtx, len(s.Tokens))
		contexts(cs[k], s, buf, m.caps, m.clus)
	}
	caps := capTable{global: m.caps, doc: capBuckets(ss)}
	first := labelDocument(ss, caps, func(k int) []int { return m.decodeContexts(cs[k]) })
	// A lone sentence goes through the second pass too: its memory holds
	// only the sentence's own first-pass labels, but the network, trained
	// on CrossNER's lone sentences among the documents, still names and
	// types better than the first pass alone (CrossNER politics dev 0.797
	// -> 0.826, test 0.796 -> 0.843; 5-fold cross-validation on CrossNER
	// train 0.821 -> 0.832, the other corpora unchanged).
	if len(m.nets) == 0 {
		return settle(ss, first, caps)
	}
	docMemory(cs, ss, first)
	var w ensembleWork
	labels := m.nets.decodeAll(&w, cs)
	out := labelDocument(ss, caps, func(k int) []int { return labels[k] })
	return settle(ss, out, caps)
}

// settle applies the document's evidence to the finished spans of its
// sentences, in order: possessors split off, repairs of extent and type,
// organisations by their names' conventions (see organisations), an
// organisation told apart from the person beside it (possessedPersons,
// orgRunOns, personsOfAcronyms), names the model missed, one type per name, repeats, and the drops of
// events, times and words that are no names.
func settle(sents []*ud.Sentence, spans [][]Span, caps capTable) [][]Span {
	spans = splitPersonPossessors(sents, spans)
	spans = repairSpans(sents, spans)
	spans = organisations(sents, spans)
	spans = possessedPersons(sents, spans)
	spans = orgRunOns(sents, spans, caps)
	for k, s := range sents {
		spans[k] = personsOfAcronyms(s.Tokens, spans[k])
	}
	spans = addMissedNames(sents, spans, caps)
	spans = oneSense(sents, spans)
	spans = repeatedNames(sents, spans)
	spans = dropEvents(sents, spans)
	spans = dropTimes(sents, spans)
	return dropNonNames(sents, spans, caps)
}

// dropEvents removes the names of events from spans (spans[k] belongs to
// sents[k]): a capitalised name after an event word ("Cyclone Phailin",
// "Operation Overlord") is no person, organisation or place, and neither is
// the same name alone elsewhere in the document ("Phailin's winds").
func dropEvents(sents []*ud.Sentence, spans [][]Span) [][]Span {
	names := map[string]bool{}
	after := make([]map[int]bool, len(sents)) // token indices an event word governs
	for k, s := range sents {
		toks := s.Tokens
		for i := 0; i+1 < len(toks); i++ {
			if !gazetteer.IsEventWord(toks[i].Form) || !startsUpper(toks[i].Form) || !startsUpper(toks[i+1].Form) {
				continue
			}
			j := i + 1
			for j < len(toks) && startsUpper(toks[j].Form) && toks[j].UPOS == "PROPN" {
				j++
			}
			if j == i+1 {
				continue
			}
			names[spanText(toks, i+1, j)] = true
			if after[k] == nil {
				after[k] = map[int]bool{}
			}
			after[k][i], after[k][i+1] = true, true
		}
	}
	if len(names) == 0 {
		return spans
	}
	return dropSpans(spans, func(k int, sp Span) bool {
		return sp.Type != "NORP" && (after[k][sp.Start] || names[spanText(sents[k].Tokens, sp.Start, sp.End)])
	})
}

// dropSpans removes the spans for which drop (given the sentence index)
// reports true, keeping the rest in order.
func dropSpans(spans [][]Span, drop func(k int, sp Span) bool) [][]Span {
	for k, sps := range spans {
		kept := sps[:0:0]
		for _, sp := range sps {
			if !drop(k, sp) {
				kept = append(kept, sp)
			}
		}
		spans[k] = kept
	}
	return spans
}

// dropTimes removes the spans that WordNet knows only as times ("Easter",
// "Ramadan", "January"): holidays and months are dates, not entities. A word
// that is also part of a longer name in the document is left alone ("May"
// after "Theresa May").
func dropTimes(sents []*ud.Sentence, spans [][]Span) [][]Span {
	inName := map[string]bool{}
	for k, sps := range spans {
		for _, sp := range sps {
			if sp.End-sp.Start > 1 {
				for _, t := range sents[k].Tokens[sp.Start:sp.End] {
					inName[t.Form] = true
				}
			}
		}
	}
	return dropSpans(spans, func(k int, sp Span) bool {
		txt := spanText(sents[k].Tokens, sp.Start, sp.End)
		kinds, _ := gazetteer.WordNetKinds(txt)
		return kinds == "time" && !inName[txt]
	})
}

// splitPersonPossessors splits a name that starts with a person's name in
// the possessive into the person and the rest ("Scholz's Social Democrats"
// after "Olaf Scholz"): the person must be named as a person elsewhere in
// the document, since names such as "People's Liberation Army" hold a
// possessive of their own.
func splitPersonPossessors(sents []*ud.Sentence, spans [][]Span) [][]Span {
	persons := map[string]bool{}
	for k, sps := range spans {
		for _, sp := range sps {
			if sp.Type == "PERSON" {
				toks := sents[k].Tokens
				persons[spanText(toks, sp.Start, sp.End)] = true
				persons[toks[sp.End-1].Form] = true
			}
		}
	}
	for k, sps := range spans {
		toks := sents[k].Tokens
		var out []Span
		for _, sp := range sps {
			cut := -1
			for i := sp.Start + 1; sp.Type != "PERSON" && i < sp.End-1; i++ {
				if isPossessive(toks[i].Form) && persons[spanText(toks, sp.Start, i)] {
					cut = i
					break
				}
			}
			if cut < 0 {
				out = append(out, sp)
				continue
			}
			out = append(out, Span{sp.Start, cut, "PERSON"}, Span{cut + 1, sp.End, sp.Type})
		}
		spans[k] = out
	}
	return spans
}

// oneSense makes each name text keep one type through a document (one
// sense per discourse, Gale et al. 1992): every span gets the type most
// often given to its text in the document, ties going to the type seen
// first. The second pass sees the other occurrences only as features and
// still types a few of them apart.
func oneSense(sents []*ud.Sentence, spans [][]Span) [][]Span {
	type tally struct {
		n     map[string]int
		first string
	}
	names := map[string]*tally{}
	for k, sps := range spans {
		for _, sp := range sps {
			if sp.Type == "NORP" {
				continue
			}
			txt := spanText(sents[k].Tokens, sp.Start, sp.End)
			t := names[txt]
			if t == nil {
				t = &tally{n: map[string]int{}, first: sp.Type}
				names[txt] = t
			}
			t.n[sp.Type]++
		}
	}
	best := make(map[string]string, len(names))
	for txt, t := range names {
		b := t.first
		for _, typ := range slices.Sorted(maps.Keys(t.n)) {
			if t.n[typ] > t.n[b] {
				b = typ
			}
		}
		best[txt] = b
	}
	for k, sps := range spans {
		for i, sp := range sps {
			if sp.Type != "NORP" {
				sps[i].Type = best[spanText(sents[k].Tokens, sp.Start, sp.End)]
			}
		}
	}
	return spans
}
