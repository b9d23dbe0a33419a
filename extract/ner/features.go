package ner

import (
	"kg/extract/internal/featurehash"
	"kg/extract/internal/wordform"
	"strings"
	"unicode"
	"unicode/utf8"

	"kg/extract/gazetteer"
	"kg/extract/ud"
)

// Features are 64-bit hashes of a template id and the hashed strings it looks
// at; nothing is concatenated per feature. At 64 bits collisions are
// negligible.

// Feature templates. The numbers are part of the model file format.
const (
	fBias uint64 = iota + 1
	fLower
	fForm
	fShape
	fPre1
	fPre2
	fPre3
	fSuf1
	fSuf2
	fSuf3
	fSuf4
	fLowerM1
	fLowerP1
	fLowerM2
	fLowerP2
	fShapeM1
	fShapeP1
	fUPOS
	fUPOSM1
	fUPOSP1
	fUPOSM2
	fUPOSP2
	fXPOS
	fXPOSM1
	fXPOSP1
	fUPOSBiM
	fUPOSBiP
	fGaz
	fGazM1
	fGazP1
	fFlag
	fFlagsM1
	fFlagsP1
	fPrev
	fPrev2
	fPrevLower
	fPrevShape
	fPrevUPOS
	fBiM
	fBiP
	fFirstShape
	fFlagsLower
	fFlagM1
	fFlagP1
	fCaps
	fCapsM1
	fCapsP1
	fDep
	fDepHead
	fAnchorDep
	fAnchorGov
	fCase
	fCaseGov
	fAppos
	fMemNone
	fMemMaj
	fMemHas
	fMemMajCap
	fMemMajM1
	fMemMajP1
	fMemSpan
	fMemLower
	fClC
	fClF
	fClCM1
	fClCP1
	fClFM1
	fClFP1
	fClFCap
	fMemCtx
	fMemSelf
	fRunLast
	fRunFirst
	fRunPos
	fWN
	fWNM1
	fWNP1
	fWNCaps
)

// Token flags from the gazetteer and the spelling.
const (
	flTitle uint64 = 1 << iota
	flDemonym
	flGeoHead
	flCap
	flAllCaps
	flFirst
	flHasDigit
	flOrgWord
	flGiven
)

// tokCtx holds the per-token hashes that the feature templates combine.
type tokCtx struct {
	lower, form, shape      uint64
	pre                     [3]uint64
	suf                     [4]uint64
	upos, xpos, gaz, flagsH uint64
	wn                      uint64 // WordNet kinds of the name the token is in (see wordnetTags)
	flags                   uint64
	caps                    uint64 // capitalisation bucket, 0 when unknown

	// From the dependency tree (0 when the sentence is not parsed): the
	// token's relation and head word, and for the name it belongs to (its
	// anchor, reached through compound and flat relations) the anchor's
	// relation, governing word, case marker and appositive noun.
	dep, depHead                uint64
	anchorDep, anchorGov, caseW uint64
	appos                       uint64

	// The run of capitalised words (with inner connectors) the token is in:
	// its first and last words and the token's position (0 outside a run).
	runFirst, runLast, runPos uint64

	// Word classes (see wordClusters): 1 + coarse and fine class id, 0 for
	// words seen too rarely to be clustered.
	clC, clF uint64

	// vec is the parser's contextual vector of the token (see
	// ud.Sentence.Vectors), nil when the sentence has none.
	vec []float32

	// Document memory (second pass only; see docMemory).
	memOn   bool
	memMaj  uint64 // majority first-pass class of other occurrences
	memHas  [memClasses]uint8
	memSpan uint64 // class of the same span text elsewhere
	// memLower is 1 + how the word is written elsewhere in the document
	// where capitals are not forced: 1 never seen, 2 lower case only, 3 both,
	// 4 capitalised only.
	memLower uint64
	// memCtx are the syntactic contexts (preposition; relation and
	// governing word) of the word's other capitalised occurrences in the
	// document (context aggregation, Ratinov and Roth 2009).
	memCtx []uint64
	// memSelf is 1 + the first pass's own label of the token: its class
	// and whether it begins a span.
	memSelf uint64
}

// Sentinel contexts before the first and after the last token.
var (
	padStart = tokCtx{lower: featurehash.String("<s>"), form: featurehash.String("<s>"), shape: featurehash.String("<s>"), upos: featurehash.String("<s>"), xpos: featurehash.String("<s>"), gaz: featurehash.String("<s>"), flagsH: featurehash.String("<s>")}
	padEnd   = tokCtx{lower: featurehash.String("</s>"), form: featurehash.String("</s>"), shape: featurehash.String("</s>"), upos: featurehash.String("</s>"), xpos: featurehash.String("</s>"), gaz: featurehash.String("</s>"), flagsH: featurehash.String("</s>")}
)

// orgHead says how surely a head word makes a name an organisation's.
type orgHead uint8

const (
	// orgOrPlace words also head the names of places and buildings:
	// "Earls Court", "West Bank", "Oval Office", "Soviet Union".
	orgOrPlace orgHead = iota + 1
	// orgOnly words head no place: "Collins College", "San Francisco
	// Bulletin".
	orgOnly
)

// orgWords are head words typical of organisation names.
var orgWords = map[string]orgHead{
	"university": orgOnly, "college": orgOnly, "institute": orgOnly, "school": orgOnly, "party": orgOnly,
	"company": orgOnly, "corporation": orgOnly, "corp": orgOnly, "inc": orgOnly, "ltd": orgOnly, "llc": orgOnly,
	"co": orgOnly, "group": orgOnly, "association": orgOnly, "council": orgOnly, "committee": orgOnly,
	"ministry": orgOnly, "department": orgOnly, "agency": orgOnly, "bank": orgOrPlace, "court": orgOrPlace,
	"army": orgOnly, "navy": orgOnly, "church": orgOrPlace, "society": orgOnly, "foundation": orgOnly,
	"union": orgOrPlace, "organization": orgOnly, "organisation": orgOnly, "club": orgOnly, "team": orgOnly,
	"commission": orgOnly, "board": orgOnly, "office": orgOrPlace, "bureau": orgOnly, "press": orgOnly,
	"times": orgOnly, "news": orgOnly, "journal": orgOnly, "post": orgOrPlace, "network": orgOnly,
	"library": orgOrPlace, "congress": orgOnly, "parliament": orgOnly, "senate": orgOnly, "assembly": orgOnly,
	"academy": orgOnly, "hospital": orgOrPlace, "airlines": orgOnly, "airways": orgOnly, "federation": orgOnly,
	"league": orgOnly, "institution": orgOnly, "laboratory": orgOnly, "centre": orgOrPlace, "center": orgOrPlace,
	"service": orgOnly, "police": orgOnly, "forces": orgOnly, "fund": orgOnly, "trust": orgOnly,
	"authority": orgOnly, "administration": orgOnly, "corps": orgOnly, "regiment": orgOnly, "bulletin": orgOnly,
	"gazette": orgOnly, "herald": orgOnly, "tribune": orgOnly, "magazine": orgOnly, "review": orgOnly,
	"studios": orgOnly, "entertainment": orgOnly, "gaming": orgOnly, "media": orgOnly, "systems": orgOnly,
	"technologies": orgOnly, "labs": orgOnly, "motors": orgOnly, "holdings": orgOnly, "partners": orgOnly,
	"register": orgOnly, "institutes": orgOnly, "unit": orgOnly, "division": orgOnly, "brigade": orgOnly,
}

// orgHeadOf is how surely the word heads an organisation's name (0: not
// at all).
func orgHeadOf(word string) orgHead {
	return orgWords[strings.ToLower(strings.TrimSuffix(word, "."))]
}

// contexts fills cs with the contexts of the tokens of s, which must have
// len(s.Tokens) entries. caps gives each known lower-cased word's
// capitalisation bucket (see capBuckets).
func contexts(cs []tokCtx, s *ud.Sentence, buf []byte, caps map[uint64]uint8, clus map[uint64]uint16) {
	toks := s.Tokens
	gaz := gazetteerTags(toks, gazetteer.Classify)
	wn := gazetteerTags(toks, gazetteer.WordNetKinds)
	for i, t := range toks {
		c := &cs[i]
		c.vec = s.Vector(i)
		lower := strings.ToLower(t.Form)
		c.lower = featurehash.String(lower)
		c.form = featurehash.String(t.Form)
		buf = wordform.AppendShapeAs(buf[:0], t.Form, 'x', '*')
		c.shape = featurehash.String(string(buf))
		for k := 0; k < 3; k++ {
			c.pre[k] = featurehash.String(prefix(lower, k+1))
		}
		for k := 0; k < 4; k++ {
			c.suf[k] = featurehash.String(suffix(lower, k+1))
		}
		c.upos = featurehash.String(t.UPOS)
		c.xpos = featurehash.String(t.XPOS)
		c.gaz = featurehash.String(gaz[i])
		c.wn = featurehash.String(wn[i])
		var fl uint64
		if gazetteer.IsTitle(t.Form) {
			fl |= flTitle
		}
		if _, ok := gazetteer.Demonym(t.Form); ok && startsUpper(t.Form) {
			fl |= flDemonym
		}
		if gazetteer.IsGeoFeatureHead(t.Form) && startsUpper(t.Form) {
			fl |= flGeoHead
		}
		if startsUpper(t.Form) {
			fl |= flCap
		}
		if allCaps(t.Form) {
			fl |= flAllCaps
		}
		if i == 0 {
			fl |= flFirst
		}
		if strings.ContainsAny(t.Form, "0123456789") {
			fl |= flHasDigit
		}
		if gazetteer.IsGivenName(t.Form) {
			fl |= flGiven
		}
		if orgHeadOf(lower) != 0 {
			fl |= flOrgWord
		}
		c.flags = fl
		c.flagsH = featurehash.Mix(fFlag, fl)
		c.caps = uint64(caps[c.lower])
		cl := clus[c.form]
		c.clC, c.clF = uint64(cl&255), uint64(cl>>8)
	}
	treeContexts(cs, toks)
	capitalRuns(cs, toks)
}

// capitalRuns fills the run fields of cs: maximal runs of capitalised
// tokens, joined by connectors ("of", "and", "&", "de" …) between
// capitalised tokens. The run's last word is usually the head that types a
// name ("Sandia View Academy", "Bay of Bengal").
func capitalRuns(cs []tokCtx, toks []ud.Token) {
	for i := 0; i < len(toks); {
		if !startsUpper(toks[i].Form) {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) {
			if startsUpper(toks[j].Form) {
				j++
				continue
			}
			k := j
			for k < len(toks) && isConnector(toks[k].Form) && toks[k].Form != "'s" {
				k++
			}
			if k > j && k < len(toks) && startsUpper(toks[k].Form) {
				j = k + 1
				continue
			}
			break
		}
		first := featurehash.String(strings.ToLower(toks[i].Form))
		last := featurehash.String(strings.ToLower(toks[j-1].Form))
		for k := i; k < j; k++ {
			pos := uint64(2) // inside
			switch {
			case j-i == 1:
				pos = 1
			case k == i:
				pos = 3
			case k == j-1:
				pos = 4
			}
			cs[k].runFirst, cs[k].runLast, cs[k].runPos = first, last, pos
		}
		i = j
	}
}

// nameRel reports whether a relation joins the words of one name.
func nameRel(rel string) bool {
	switch rel {
	case "compound", "flat", "flat:name", "fixed", "goeswith":
		return true
	}
	return false
}

// treeContexts fills the dependency-tree fields of cs. Tokens of unparsed
// sentences (Head < 0 anywhere) keep zero hashes.
func treeContexts(cs []tokCtx, toks []ud.Token) {
	n := len(toks)
	for _, t := range toks {
		if t.Head < 0 || t.Head > n || t.Deprel == "" || t.Deprel == "_" {
			return
		}
	}
	word := func(j int) string {
		if j < 0 {
			return "<root>"
		}
		t := toks[j]
		if t.UPOS == "PROPN" || t.UPOS == "NUM" {
			return "<" + t.UPOS + ">"
		}
		l := t.Lemma
		if l == "" || l == "_" {
			l = t.Form
		}
		return strings.ToLower(l)
	}
	caseOf := make([]string, n)
	apposOf := make([]string, n)
	for j, t := range toks {
		h := t.Head - 1
		if h < 0 {
			continue
		}
		switch t.Deprel {
		case "case", "mark":
			if caseOf[h] == "" {
				caseOf[h] = strings.ToLower(t.Form)
			}
		case "appos":
			apposOf[h] = word(j)
		}
	}
	for i, t := range toks {
		c := &cs[i]
		c.dep = featurehash.String(t.Deprel)
		c.depHead = featurehash.String(word(t.Head - 1))
		a := i
		for steps := 0; steps < n && nameRel(toks[a].Deprel) && toks[a].Head > 0; steps++ {
			a = toks[a].Head - 1
		}
		c.anchorDep = featurehash.String(toks[a].Deprel)
		c.anchorGov = featurehash.String(word(toks[a].Head - 1))
		c.caseW = featurehash.String(caseOf[a])
		c.appos = featurehash.String(apposOf[a])
	}
}

func prefix(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return s[:i]
}

func suffix(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		_, w := utf8.DecodeLastRuneInString(s[:i])
		i -= w
	}
	return s[i:]
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func allCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2
}

// maxGazN is the longest n-gram looked up in the gazetteer.
const maxGazN = 6

// gazetteerTags marks the longest matches of classify starting at
// capitalised tokens with B-/I- tags naming the kind classify returns: a
// place kind (country, city, …), "org" or "demonym" from gazetteer.Classify,
// the WordNet kinds from gazetteer.WordNetKinds. Unmatched tokens get "O".
func gazetteerTags(toks []ud.Token, classify func(string) (kind string, more bool)) []string {
	out := make([]string, len(toks))
	for i := range out {
		out[i] = "O"
	}
	var b strings.Builder
	for i := 0; i < len(toks); {
		if !startsUpper(toks[i].Form) {
			i++
			continue
		}
		best, gk := 0, ""
		b.Reset()
		for n := 1; n <= maxGazN && i+n <= len(toks); n++ {
			if n > 1 {
				b.WriteByte(' ')
			}
			b.WriteString(toks[i+n-1].Form)
			kind, more := classify(b.String())
			if kind != "" {
				best, gk = n, kind
			}
			if !more {
				break
			}
		}
		if best == 0 {
			i++
			continue
		}
		out[i] = "B-" + gk
		for k := 1; k < best; k++ {
			out[i+k] = "I-" + gk
		}
		i += best
	}
	return out
}

// features appends the hashes of the features of token i that do not depend
// on the previous label, and returns the extended slice.
func features(out []uint64, cs []tokCtx, i int) []uint64 {
	at := func(j int) *tokCtx {
		if j < 0 {
			return &padStart
		}
		if j >= len(cs) {
			return &padEnd
		}
		return &cs[j]
	}
	c, m1, m2, n1, n2 := at(i), at(i-1), at(i-2), at(i+1), at(i+2)
	out = append(out,
		fBias,
		featurehash.Mix(fLower, c.lower),
		featurehash.Mix(fForm, c.form),
		featurehash.Mix(fShape, c.shape),
		featurehash.Mix(fPre1, c.pre[0]),
		featurehash.Mix(fPre2, c.pre[1]),
		featurehash.Mix(fPre3, c.pre[2]),
		featurehash.Mix(fSuf1, c.suf[0]),
		featurehash.Mix(fSuf2, c.suf[1]),
		featurehash.Mix(fSuf3, c.suf[2]),
		featurehash.Mix(fSuf4, c.suf[3]),
		featurehash.Mix(fLowerM1, m1.lower),
		featurehash.Mix(fLowerP1, n1.lower),
		featurehash.Mix(fLowerM2, m2.lower),
		featurehash.Mix(fLowerP2, n2.lower),
		featurehash.Mix(fShapeM1, m1.shape),
		featurehash.Mix(fShapeP1, n1.shape),
		featurehash.Mix(fUPOS, c.upos),
		featurehash.Mix(fUPOSM1, m1.upos),
		featurehash.Mix(fUPOSP1, n1.upos),
		featurehash.Mix(fUPOSM2, m2.upos),
		featurehash.Mix(fUPOSP2, n2.upos),
		featurehash.Mix(fXPOS, c.xpos),
		featurehash.Mix(fXPOSM1, m1.xpos),
		featurehash.Mix(fXPOSP1, n1.xpos),
		featurehash.Mix(featurehash.Mix(fUPOSBiM, m1.upos), c.upos),
		featurehash.Mix(featurehash.Mix(fUPOSBiP, c.upos), n1.upos),
		featurehash.Mix(fGaz, c.gaz),
		featurehash.Mix(fGazM1, m1.gaz),
		featurehash.Mix(fGazP1, n1.gaz),
		featurehash.Mix(fWN, c.wn),
		featurehash.Mix(fWNM1, m1.wn),
		featurehash.Mix(fWNP1, n1.wn),
		featurehash.Mix(featurehash.Mix(fWNCaps, c.wn), c.caps),
		featurehash.Mix(fFlagsM1, m1.flagsH),
		featurehash.Mix(fFlagsP1, n1.flagsH),
		featurehash.Mix(featurehash.Mix(fBiM, m1.lower), c.lower),
		featurehash.Mix(featurehash.Mix(fBiP, c.lower), n1.lower),
		featurehash.Mix(featurehash.Mix(fFlagsLower, c.flagsH), m1.lower),
	)
	if i == 0 {
		out = append(out, featurehash.Mix(fFirstShape, c.shape))
	}
	out = append(out,
		featurehash.Mix(featurehash.Mix(fCaps, c.caps), c.flags&flCap),
		featurehash.Mix(featurehash.Mix(fCapsM1, m1.caps), m1.flags&flCap),
		featurehash.Mix(featurehash.Mix(fCapsP1, n1.caps), n1.flags&flCap),
	)
	if c.runPos != 0 {
		out = append(out,
			featurehash.Mix(featurehash.Mix(fRunLast, c.runLast), c.runPos),
			featurehash.Mix(fRunFirst, c.runFirst),
			featurehash.Mix(fRunPos, c.runPos),
		)
	}
	out = append(out,
		featurehash.Mix(fClC, c.clC),
		featurehash.Mix(fClF, c.clF),
		featurehash.Mix(fClCM1, m1.clC),
		featurehash.Mix(fClCP1, n1.clC),
		featurehash.Mix(fClFM1, m1.clF),
		featurehash.Mix(fClFP1, n1.clF),
		featurehash.Mix(featurehash.Mix(fClFCap, c.clF), c.flags&flCap),
	)
	if c.dep != 0 {
		out = append(out,
			featurehash.Mix(featurehash.Mix(fDep, c.dep), c.flags&flCap),
			featurehash.Mix(featurehash.Mix(fDepHead, c.dep), c.depHead),
			featurehash.Mix(fAnchorDep, c.anchorDep),
			featurehash.Mix(featurehash.Mix(fAnchorGov, c.anchorDep), c.anchorGov),
			featurehash.Mix(fCase, c.caseW),
			featurehash.Mix(featurehash.Mix(fCaseGov, c.caseW), c.anchorGov),
			featurehash.Mix(fAppos, c.appos),
		)
	}
	if c.memOn {
		out = memFeatures(out, c, m1, n1)
	}
	for fl := c.flags; fl != 0; fl &= fl - 1 {
		out = append(out, featurehash.Mix(fFlag, fl&-fl))
	}
	for fl := m1.flags; fl != 0; fl &= fl - 1 {
		out = append(out, featurehash.Mix(fFlagM1, fl&-fl))
	}
	for fl := n1.flags; fl != 0; fl &= fl - 1 {
		out = append(out, featurehash.Mix(fFlagP1, fl&-fl))
	}
	return out
}

// prevFeatures appends the features of token i that pair the previous label
// with the token.
func prevFeatures(out []uint64, cs []tokCtx, i int, prev int) []uint64 {
	c := &cs[i]
	p := uint64(prev)
	return append(out,
		featurehash.Mix(fPrev, p),
		featurehash.Mix(featurehash.Mix(fPrevLower, p), c.lower),
		featurehash.Mix(featurehash.Mix(fPrevShape, p), c.shape),
		featurehash.Mix(featurehash.Mix(fPrevUPOS, p), c.upos),
	)
}

// capBuckets counts, for each lower-cased word of the sentences, how often it
// is written with a capital letter where capitals are not forced (not first
// in the sentence or after an opening quote or bracket), and returns the
// words seen at least twice with a bucket of that ratio: 1 almost never
// capitalised, 2 mostly lower case, 3 mostly capitalised, 4 almost always.
// Common words that happen to start a name ("Cyclone", "Crown") thus differ
// from words that are names wherever they occur.
func capBuckets(sents []*ud.Sentence) map[uint64]uint8 {
	counts := capCounts(sents)
	out := map[uint64]uint8{}
	for k, c := range counts {
		if c.all < 2 {
			continue
		}
		r := float64(c.cap) / float64(c.all)
		switch {
		case r < 0.05:
			out[k] = 1
		case r < 0.5:
			out[k] = 2
		case r < 0.95:
			out[k] = 3
		default:
			out[k] = 4
		}
	}
	return out
}

// capCount counts a word's occurrences where capitals are not forced, and
// how many of them are capitalised.
type capCount struct{ cap, all int }

// capCounts counts, for each lower-cased word of the sentences, its
// occurrences where capitals are not forced (see unforced) and how many of
// them start with a capital.
func capCounts(sents []*ud.Sentence) map[uint64]capCount {
	counts := map[uint64]capCount{}
	for _, s := range sents {
		for i, t := range s.Tokens {
			if !unforced(s.Tokens, i) {
				continue
			}
			k := featurehash.String(strings.ToLower(t.Form))
			c := counts[k]
			c.all++
			if startsUpper(t.Form) {
				c.cap++
			}
			counts[k] = c
		}
	}
	return counts
}

// unforced reports whether token i is a word in a position where a capital
// letter is not forced: not first in the sentence, not after an opening
// quote, bracket or sentence-ending punctuation.
func unforced(toks []ud.Token, i int) bool {
	if i == 0 {
		return false
	}
	switch toks[i-1].Form {
	case `"`, "“", "'", "‘", "(", "[", ":", ".", "?", "!", "-", "--", "—":
		return false
	}
	r, _ := utf8.DecodeRuneInString(toks[i].Form)
	return unicode.IsLetter(r)
}
