package parse

import (
	"kg/extract/internal/wordform"
	"sort"
	"unicode/utf8"

	"kg/extract/ud"
)

// Affixes: prefixes and suffixes of 1 to maxAffix runes of the normalised
// form, each with an embedding when seen minAffixCount times in training.
const (
	maxAffix      = 4
	nAffix        = 2 * maxAffix
	minWordCount  = 2
	minAffixCount = 3
	minShapeCount = 3
)

// Reserved ids of the word, shape and tag vocabularies; their strings
// number from firstID. Affixes have no reserved ids (an unknown affix adds
// nothing) and number from 0.
const (
	unknownID = 0
	rootID    = 1
	firstID   = 2
)

// vocab maps the strings of a sentence to embedding rows.
type vocab struct {
	words, affixes, shapes, upos, xpos map[string]int32
	wordCount                          []int32 // training count of each word id, for word dropout
	labels                             []string
	labelID                            map[string]int
}

// token is a word as the network sees it: embedding rows, -1 for an
// affix without one.
type token struct {
	word, shape, upos, xpos int32
	affix                   [nAffix]int32
}

// normalize returns the lowercase form of s with ASCII digits replaced by
// '0', as the tagger normalises words.
func normalize(s string) string { return string(wordform.AppendNormal(nil, s)) }

// shapeOf returns the word shape the tagger also uses.
func shapeOf(s string) string { return string(wordform.AppendShape(nil, s)) }

// affixKeys returns the affix strings of a normalised form: "<k:prefix"
// and ">k:suffix" for k = 1..maxAffix runes, "" where the form is not
// longer than k runes (then the word itself says it all).
func affixKeys(f string) [nAffix]string {
	var out [nAffix]string
	runes := []rune(f)
	for k := 1; k <= maxAffix; k++ {
		if len(runes) <= k {
			break
		}
		out[k-1] = "<" + string(runes[:k])
		out[maxAffix+k-1] = ">" + string(runes[len(runes)-k:])
	}
	return out
}

// buildVocab collects the vocabularies of the training sentences.
func buildVocab(sents []*ud.Sentence) *vocab {
	words, affixes, shapes := map[string]int{}, map[string]int{}, map[string]int{}
	upos, xpos, labels := map[string]bool{}, map[string]bool{}, map[string]bool{"root": true}
	for _, s := range sents {
		for _, t := range s.Tokens {
			f := normalize(t.Form)
			words[f]++
			for _, a := range affixKeys(f) {
				if a != "" {
					affixes[a]++
				}
			}
			shapes[shapeOf(t.Form)]++
			upos[t.UPOS] = true
			xpos[t.XPOS] = true
			if t.Deprel != "" && t.Deprel != "_" {
				labels[t.Deprel] = true
			}
		}
	}
	v := &vocab{
		words:   index(words, minWordCount, firstID),
		affixes: index(affixes, minAffixCount, 0),
		shapes:  index(shapes, minShapeCount, firstID),
		upos:    index(setCounts(upos), 1, firstID),
		xpos:    index(setCounts(xpos), 1, firstID),
	}
	v.wordCount = make([]int32, len(v.words)+firstID)
	for w, id := range v.words {
		v.wordCount[id] = int32(words[w])
	}
	for l := range labels {
		v.labels = append(v.labels, l)
	}
	sort.Strings(v.labels)
	v.indexLabels()
	return v
}

func (v *vocab) indexLabels() {
	v.labelID = make(map[string]int, len(v.labels))
	for i, l := range v.labels {
		v.labelID[l] = i
	}
}

func setCounts(s map[string]bool) map[string]int {
	m := make(map[string]int, len(s))
	for k := range s {
		m[k] = 1
	}
	return m
}

// index numbers the keys seen at least min times from first on, in sorted
// order so that the same data gives the same model.
func index(counts map[string]int, min int, first int32) map[string]int32 {
	var keys []string
	for k, n := range counts {
		if n >= min {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	m := make(map[string]int32, len(keys))
	for i, k := range keys {
		m[k] = first + int32(i)
	}
	return m
}

// sorted returns the keys of m ordered by id.
func sorted(m map[string]int32) []string {
	out := make([]string, len(m))
	var base int32 = 1 << 30
	for _, id := range m {
		base = min(base, id)
	}
	for k, id := range m {
		out[id-base] = k
	}
	return out
}

// tokens returns the network's view of s: the root, then each word.
func (v *vocab) tokens(s *ud.Sentence) []token { return v.appendTokens(nil, s) }

// appendTokens appends the network's view of s to out: the root, then each
// word. It is on the parsing path, so it builds each key in a reused buffer
// and looks it up without allocating.
func (v *vocab) appendTokens(out []token, s *ud.Sentence) []token {
	root := token{word: rootID, shape: rootID, upos: rootID, xpos: rootID}
	for i := range root.affix {
		root.affix[i] = -1
	}
	out = append(out, root)
	var fb, kb [64]byte
	for _, t := range s.Tokens {
		f := wordform.AppendNormal(fb[:0], t.Form)
		tk := token{
			word:  lookupBytes(v.words, f),
			shape: lookupBytes(v.shapes, wordform.AppendShape(kb[:0], t.Form)),
			upos:  lookup(v.upos, t.UPOS),
			xpos:  lookup(v.xpos, t.XPOS),
		}
		v.affixIDs(&tk, f, kb[:0])
		out = append(out, tk)
	}
	return out
}

// affixIDs sets the affix rows of tk from the normalised form f, for the
// keys affixKeys names; key is scratch space.
func (v *vocab) affixIDs(tk *token, f, key []byte) {
	for i := range tk.affix {
		tk.affix[i] = -1
	}
	n := utf8.RuneCount(f)
	end, start := 0, len(f)
	for k := 1; k <= maxAffix && k < n; k++ {
		_, size := utf8.DecodeRune(f[end:])
		end += size
		key = append(append(key[:0], '<'), f[:end]...)
		if id, ok := v.affixes[string(key)]; ok {
			tk.affix[k-1] = id
		}
		_, size = utf8.DecodeLastRune(f[:start])
		start -= size
		key = append(append(key[:0], '>'), f[start:]...)
		if id, ok := v.affixes[string(key)]; ok {
			tk.affix[maxAffix+k-1] = id
		}
	}
}

func lookupBytes(m map[string]int32, k []byte) int32 {
	if id, ok := m[string(k)]; ok {
		return id
	}
	return unknownID
}

func lookup(m map[string]int32, k string) int32 {
	if id, ok := m[k]; ok {
		return id
	}
	return unknownID
}
