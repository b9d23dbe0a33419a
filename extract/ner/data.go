package ner

import (
	"bufio"
	"fmt"
	"kg/extract/internal/gum"
	"os"
	"sort"
	"strings"
	"unicode"

	"kg/extract/gazetteer"
	"kg/extract/ud"
)

// example is one training or evaluation sentence with its gold spans. Gold
// span types are the model's coarse types: PERSON, ORG and place (typePlace),
// which Recognize later splits into GPE and LOC by a rule.
type example struct {
	sent   *ud.Sentence
	spans  []Span
	skip   []Span // gold names of types kg lacks: predictions overlapping them are not scored
	corpus string // which corpus the sentence is from (CorpusGUM, …)
}

// typePlace is the model-internal type of every place name; see placeType.
const typePlace = "PLACE"

// readGUM reads the GUM documents of one split (dev when dev is true, else
// every document not listed as dev) with their named-entity spans.
func readGUM(dataDir string, dev bool) ([]example, error) {
	files, err := gum.Files(dataDir, dev)
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	var out []example
	for _, f := range files {
		sents, err := ud.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("ner: %w", err)
		}
		for _, s := range sents {
			out = append(out, example{sent: s, spans: gumNamedSpans(s), corpus: CorpusGUM})
		}
	}
	return out, nil
}

// rawSpan is an entity span as annotated in GUM, token indices [start, end).
type rawSpan struct {
	start, end int
	typ        string
}

// gumEntities parses the MISC Entity= annotations of one sentence. An
// annotation "(ID-type-…" opens a span on a token, "ID)" closes it, and
// "(ID-type-…)" is a one-token span. Spans left open at the end of the
// sentence are dropped.
func gumEntities(s *ud.Sentence) []rawSpan {
	type open struct {
		start int
		typ   string
	}
	opens := map[string][]open{}
	var out []rawSpan
	for i, t := range s.Tokens {
		v, ok := ud.MiscValue(t.Misc, "Entity")
		if !ok {
			continue
		}
		for j := 0; j < len(v); {
			if v[j] == '(' {
				k := j + 1
				for k < len(v) && v[k] != '(' && v[k] != ')' {
					k++
				}
				parts := strings.SplitN(v[j+1:k], "-", 3)
				typ := ""
				if len(parts) >= 2 {
					typ = parts[1]
				}
				if k < len(v) && v[k] == ')' {
					out = append(out, rawSpan{i, i + 1, typ})
					k++
				} else {
					opens[parts[0]] = append(opens[parts[0]], open{i, typ})
				}
				j = k
				continue
			}
			k := j
			for k < len(v) && v[k] != ')' && v[k] != '(' {
				k++
			}
			id := v[j:k]
			if st := opens[id]; len(st) > 0 {
				o := st[len(st)-1]
				opens[id] = st[:len(st)-1]
				out = append(out, rawSpan{o.start, i + 1, o.typ})
			}
			if k < len(v) && v[k] == ')' {
				k++
			}
			j = k
		}
	}
	return out
}

// gumNamedSpans returns the named person, organisation and place mentions
// of a GUM sentence, normalised to the span convention kg uses; see
// namedSpan.
func gumNamedSpans(s *ud.Sentence) []Span {
	var cands []Span
	for _, r := range gumEntities(s) {
		var typ string
		switch r.typ {
		case "person":
			typ = "PERSON"
		case "organization":
			typ = "ORG"
		case "place":
			typ = typePlace
		default:
			continue
		}
		if sp, ok := namedSpan(s, r.start, r.end, typ); ok {
			cands = append(cands, sp)
		}
	}
	return outermost(cands)
}

// namedSpan decides whether an annotated mention is a name and trims it to
// the name proper. The definition, applied identically to training and
// evaluation data:
//
//   - the mention's syntactic head (its first token whose head lies outside
//     the mention) must be a proper noun (UPOS PROPN);
//   - leading determiners, possessive pronouns, punctuation and lower-case
//     non-PROPN words are stripped ("the United States" → "United States"),
//     as are a trailing possessive "'s" and punctuation;
//   - a mention is cut at its first comma, keeping the part with the head
//     ("Paris, France" → "Paris");
//   - for persons, role titles and whatever precedes them are stripped
//     ("U.S. Secretary of State Marco Rubio" → "Marco Rubio"), and a mention
//     whose head is itself a title ("the Secretary") is not a name;
//   - a mention that is only a nationality word ("Americans") is NORP, which
//     Recognize finds from the gazetteer, so it is not a model span;
//   - an organisation mention that the gazetteer knows as a country, state
//     or city ("South Korea" acting as a government) is a place.
func namedSpan(s *ud.Sentence, start, end int, typ string) (Span, bool) {
	toks := s.Tokens
	head := -1
	for i := start; i < end; i++ {
		h := toks[i].Head - 1
		if h < start || h >= end {
			head = i
			break
		}
	}
	if head < 0 || toks[head].UPOS != "PROPN" {
		return Span{}, false
	}
	if gazetteer.IsTitle(toks[head].Form) && typ == "PERSON" {
		return Span{}, false
	}
	start, end = nameExtent(toks, start, end, head)
	// Leading function words and lower-case modifiers.
	for start < end && start < head && stripLeading(toks[start]) {
		start++
	}
	if typ == "PERSON" {
		start = afterTitles(toks, start, end)
	}
	if start >= end {
		return Span{}, false
	}
	text := spanText(toks, start, end)
	if _, ok := gazetteer.Demonym(text); ok {
		return Span{}, false
	}
	if typ == "ORG" {
		if p, ok := gazetteer.LookupPlace(text); ok && p.IsGPE() {
			typ = typePlace
		}
	}
	return Span{Start: start, End: end, Type: typ}, true
}

// nameExtent returns the name inside an annotated mention [start, end) with
// the given head: the head and the run of capitalised words, numbers and
// name-internal connectors ("of", "de", "al", "-") around it. It stops at
// punctuation, a possessive "'s", a lower-case word and a coordinated or
// appositive second name, so "Poland and Sweden" yields "Poland" and "Patrick
// Gordon in Yekaterinburg" yields "Patrick Gordon".
func nameExtent(toks []ud.Token, start, end, head int) (int, int) {
	s, e := head, head+1
	for e < end {
		t := toks[e]
		if isNameWord(t) && !secondName(t) {
			e++
			continue
		}
		// Connectors are kept only between name words: "Bank of America".
		k := e
		for k < end && isConnector(toks[k].Form) {
			k++
		}
		if k > e && k < end && isNameWord(toks[k]) && !secondName(toks[k]) {
			e = k + 1
			continue
		}
		break
	}
	for s > start {
		t := toks[s-1]
		if isNameWord(t) && t.UPOS != "NUM" {
			s--
			continue
		}
		k := s - 1
		for k >= start && isConnector(toks[k].Form) {
			k--
		}
		if k < s-1 && k >= start && isNameWord(toks[k]) && toks[k].UPOS != "NUM" {
			s = k
			continue
		}
		break
	}
	return s, e
}

// isNameWord reports whether a token can be part of a name: a proper noun,
// a capitalised word or a number ("Holland Lodge No. 8").
func isNameWord(t ud.Token) bool {
	if t.UPOS == "PUNCT" || t.UPOS == "PART" || t.UPOS == "PRON" || t.UPOS == "DET" {
		return false
	}
	return t.UPOS == "PROPN" || t.UPOS == "NUM" || startsUpper(t.Form)
}

// secondName reports whether a token starts a name of its own inside a
// mention, as a conjunct or an apposition.
func secondName(t ud.Token) bool {
	return strings.HasPrefix(t.Deprel, "conj") || strings.HasPrefix(t.Deprel, "appos") || strings.HasPrefix(t.Deprel, "parataxis")
}

// isConnector reports whether a lower-case word or symbol may join the words
// of one name.
func isConnector(f string) bool {
	switch f {
	case "of", "de", "du", "da", "das", "do", "dos", "del", "della", "di", "la", "le", "les",
		"von", "van", "der", "den", "ten", "al", "el", "bin", "ibn", "y", "the", "for", "and", "&", "-", "on", "upon", "'s":
		return true
	}
	return false
}

func isPossessive(f string) bool {
	switch f {
	case "'s", "’s", "'", "’":
		return true
	}
	return false
}

// stripLeading reports whether a token at the start of a mention is not part
// of the name.
func stripLeading(t ud.Token) bool {
	switch t.UPOS {
	case "DET", "PRON", "PUNCT", "CCONJ", "ADP", "PART":
		return true
	case "PROPN":
		return false
	}
	r := []rune(t.Form)
	return len(r) > 0 && !unicode.IsUpper(r[0])
}

// afterTitles returns the start of a person's name in toks[start:end]: past
// the last role title ("President", "Secretary") and anything before it, and
// past an "of X" complement of the title when a name of at least one token
// follows it ("Secretary of State Marco Rubio"), also when the span itself
// starts at that complement, the title just before it ("State Marco Rubio"
// after "Secretary of").
func afterTitles(toks []ud.Token, start, end int) int {
	last := -1
	for i := start; i < end-1; i++ {
		if gazetteer.IsTitle(toks[i].Form) {
			last = i
		}
	}
	if last < 0 {
		if start >= 2 && end-start >= 2 && strings.EqualFold(toks[start-1].Form, "of") && gazetteer.IsTitle(toks[start-2].Form) {
			return start + 1
		}
		return start
	}
	start = last + 1
	if start < end-2 && strings.EqualFold(toks[start].Form, "of") {
		start += 2
		for start < end-1 && strings.EqualFold(toks[start].Form, "the") {
			start++
		}
	}
	return start
}

// outermost keeps the spans not contained in, or crossing, a longer span;
// ties go to the earlier span.
func outermost(spans []Span) []Span {
	sort.SliceStable(spans, func(i, j int) bool {
		li, lj := spans[i].End-spans[i].Start, spans[j].End-spans[j].Start
		if li != lj {
			return li > lj
		}
		return spans[i].Start < spans[j].Start
	})
	var kept []Span
next:
	for _, s := range spans {
		for _, k := range kept {
			if s.Start < k.End && k.Start < s.End {
				continue next
			}
		}
		kept = append(kept, s)
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].Start < kept[j].Start })
	return kept
}

func spanText(toks []ud.Token, start, end int) string {
	var b strings.Builder
	for i := start; i < end; i++ {
		if i > start {
			b.WriteByte(' ')
		}
		b.WriteString(toks[i].Form)
	}
	return b.String()
}

// readUNER reads a UniversalNER IOB2 file and attaches part-of-speech tags
// and trees from the UD EWT CoNLL-U file of the same sentences (matched by
// sent_id; both files tokenise identically). Sentences without a matching
// UD sentence keep empty tags.
func readUNER(iobPath, conlluPath string) ([]example, error) {
	byID := map[string]*ud.Sentence{}
	if conlluPath != "" {
		sents, err := ud.ReadFile(conlluPath)
		if err != nil {
			return nil, fmt.Errorf("ner: %w", err)
		}
		for _, s := range sents {
			byID[s.ID] = s
		}
	}
	f, err := os.Open(iobPath)
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	defer f.Close()
	var out []example
	var cur *ud.Sentence
	var labels []string
	docID := ""
	flush := func() {
		if cur == nil || len(cur.Tokens) == 0 {
			cur, labels = nil, nil
			return
		}
		if u, ok := byID[cur.ID]; ok && len(u.Tokens) == len(cur.Tokens) {
			cur.DocID = u.DocID
			for i := range cur.Tokens {
				if u.Tokens[i].Form == cur.Tokens[i].Form {
					t := u.Tokens[i]
					t.Misc = "_"
					cur.Tokens[i] = t
				}
			}
		}
		out = append(out, example{sent: cur, spans: iobSpans(labels), corpus: CorpusUNER})
		cur, labels = nil, nil
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.TrimSpace(text) == "" {
			flush()
			continue
		}
		if cur == nil {
			cur = &ud.Sentence{Start: -1, End: -1}
		}
		if strings.HasPrefix(text, "#") {
			if k, v, ok := strings.Cut(strings.TrimPrefix(text, "#"), "="); ok {
				switch strings.TrimSpace(k) {
				case "sent_id":
					cur.ID = strings.TrimSpace(v)
				case "newdoc id":
					docID = strings.TrimSpace(v)
				}
			}
			cur.DocID = docID
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) < 3 {
			return nil, fmt.Errorf("ner: %s:%d: want at least 3 columns", iobPath, line)
		}
		cur.Tokens = append(cur.Tokens, ud.Token{ID: len(cur.Tokens) + 1, Form: cols[1], Head: -1, Misc: "_", Start: -1, End: -1})
		labels = append(labels, cols[2])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ner: %s: %w", iobPath, err)
	}
	flush()
	return out, nil
}

// iobSpans decodes IOB2 labels into spans with kg's coarse types (PER →
// PERSON, ORG → ORG, LOC → place). An I- label without a matching B- starts
// a span, as conlleval does.
func iobSpans(labels []string) []Span {
	out := iobRaw(labels)
	for i, sp := range out {
		if t, ok := conllTypes[sp.Type]; ok {
			out[i].Type = t
		}
	}
	return out
}

// iobRaw decodes IOB labels (IOB2, or IOB1 as in CoNLL 2003, where B-
// only separates two adjacent names of one type) into spans of the
// labels' own types. An I- label without a matching B- starts a span, as
// conlleval does.
func iobRaw(labels []string) []Span {
	var out []Span
	cur := -1
	curType := ""
	closeAt := func(i int) {
		if cur >= 0 {
			out = append(out, Span{Start: cur, End: i, Type: curType})
		}
		cur = -1
	}
	for i, l := range labels {
		tag, typ, _ := strings.Cut(l, "-")
		switch {
		case tag == "B" || tag == "I" && (cur < 0 || typ != curType):
			closeAt(i)
			cur, curType = i, typ
		case tag == "I":
		default:
			closeAt(i)
		}
	}
	closeAt(len(labels))
	return out
}
