// Package pipeline runs the extraction stages in order over one document:
// segment, tag, parse, ner, resolve and relate.
package pipeline

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"kg/extract"
	"kg/extract/ner"
	"kg/extract/parse"
	"kg/extract/relate"
	"kg/extract/resolve"
	"kg/extract/segment"
	"kg/extract/srl"
	"kg/extract/tag"
	"kg/extract/truecase"
	"kg/extract/ud"
)

// Pipeline holds the trained models. The models are read-only, so one
// Pipeline serves any number of goroutines.
type Pipeline struct {
	tagger *tag.Model
	parser *parse.Model
	ner    *ner.Model
	srl    *srl.Model
	casing *truecase.Lexicon
	opts   Options
}

// Options change what Extract returns.
type Options struct {
	// MergeMetonyms folds a seat of government into the country it stands
	// for ("the Kremlin" into Russia) instead of keeping it as its own
	// entity linked by a "seat of government of" edge.
	MergeMetonyms bool

	// Relations chooses how relations are read: from the dependency tree
	// by rules, from semantic role frames, or both (the default, "").
	Relations Paths
}

// Paths names the ways relations are read off a sentence.
type Paths string

// The relation paths Options.Relations accepts.
const (
	BothPaths  Paths = ""
	RulesPath  Paths = "rules"
	FramesPath Paths = "frames"
)

// New loads the embedded models. They are decoded once per process; later
// calls share them.
func New(opts Options) (*Pipeline, error) {
	t, err := tag.Load()
	if err != nil {
		return nil, fmt.Errorf("loading tagger: %w", err)
	}
	p, err := parse.Load()
	if err != nil {
		return nil, fmt.Errorf("loading parser: %w", err)
	}
	n, err := ner.Load()
	if err != nil {
		return nil, fmt.Errorf("loading entity recogniser: %w", err)
	}
	r, err := srl.Load()
	if err != nil {
		return nil, fmt.Errorf("loading role labeller: %w", err)
	}
	c, err := truecase.Load()
	if err != nil {
		return nil, fmt.Errorf("loading casing lexicon: %w", err)
	}
	return &Pipeline{tagger: t, parser: p, ner: n, srl: r, casing: c, opts: opts}, nil
}

// Annotate splits text into sentences and tags and parses each.
func (p *Pipeline) Annotate(ctx context.Context, text string) ([]*ud.Sentence, error) {
	sents := segment.Split(text)
	if err := p.AnnotateSentences(ctx, sents); err != nil {
		return nil, err
	}
	return sents, nil
}

// annotateChunk is how many sentences AnnotateSentences tags and parses
// between checks of its context.
const annotateChunk = 64

// AnnotateSentences tags and parses sentences whose tokens are already
// set. The parser takes them together, which is faster than one at a time.
func (p *Pipeline) AnnotateSentences(ctx context.Context, sents []*ud.Sentence) error {
	for lo := 0; lo < len(sents); lo += annotateChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := sents[lo:min(lo+annotateChunk, len(sents))]
		for _, s := range chunk {
			p.tagger.Tag(s)
		}
		p.parser.ParseAll(chunk)
	}
	return nil
}

// AnnotateSentence tags and parses a sentence whose tokens are already set.
func (p *Pipeline) AnnotateSentence(s *ud.Sentence) {
	p.tagger.Tag(s)
	p.parser.Parse(s)
}

// Extract runs every stage over doc.
func (p *Pipeline) Extract(ctx context.Context, doc extract.Document) (extract.Result, error) {
	sents := segment.Split(doc.Text)
	// All-caps headlines and datelines are recased for every later stage;
	// text keeps doc.Text's length and offsets, with those words recased,
	// so that names read from it ("Nairobi", not "NAIROBI") are displayed
	// as the rest of the text writes them.
	text := p.casing.Recase(doc.Text, sents)
	if err := p.AnnotateSentences(ctx, sents); err != nil {
		return extract.Result{}, err
	}
	// The whole document at once: a name is typed consistently with its
	// other occurrences.
	spans := p.ner.RecognizeDocument(sents)
	for _, s := range sents {
		s.Vectors = nil // the recogniser was their last reader: 512 bytes a word
	}
	if err := ctx.Err(); err != nil {
		return extract.Result{}, err
	}
	res := resolve.Document(text, sents, spans)
	for i := range res.Mentions {
		if m := &res.Mentions[i]; text != doc.Text && m.Start >= 0 && m.Start <= m.End && m.End <= len(doc.Text) {
			m.Text = doc.Text[m.Start:m.End] // a mention's text is the document's own bytes
		}
	}
	var rels []extract.Relation
	if p.opts.Relations != FramesPath {
		rels = relate.Extract(text, sents, res.Tokens, res.Entities)
	}
	if p.opts.Relations != RulesPath {
		// Only a sentence naming two entities can relate them: the
		// labeller runs on those alone.
		frames := make([][]srl.Frame, len(sents))
		for i, s := range sents {
			if distinctEntities(res.Tokens[i]) >= 2 {
				frames[i] = p.srl.Label(s)
			}
		}
		fr := relate.FromFrames(text, sents, frames, res.Tokens, res.Entities)
		corroborate(rels, fr)
		rels = append(rels, fr...)
		agent := func(noun string) bool { _, ok := p.srl.Agent(noun); return ok }
		rels = append(rels, relate.RoleEdges(text, sents, res.Tokens, res.Entities, agent)...)
		rels = dedupe(rels)
	}

	out := extract.Result{
		Sentences: make([]extract.Span, len(sents)),
		Entities:  res.Entities,
		Mentions:  res.Mentions,
		Relations: joinRoles(res.Roles, rels),
	}
	if p.opts.Relations != RulesPath {
		out.Relations = dedupe(out.Relations)
	}
	for i, s := range sents {
		out.Sentences[i] = extract.Span{Start: s.Start, End: s.End}
	}
	if p.opts.MergeMetonyms {
		mergeMetonyms(&out)
	}
	return out, nil
}

// corroborate lowers the confidence of each rule relation that no frame
// relation of its sentence joins the same two entities in: on
// relations-dev the rules' edges that the role labeller also reads are
// right 82% of the time (159 of 195), the others 57% (60 of 106).
func corroborate(rules, frames []extract.Relation) {
	type pair struct{ sent, a, b int }
	seen := make(map[pair]bool, 2*len(frames))
	for _, r := range frames {
		seen[pair{r.Sentence, r.Subject, r.Object}] = true
		seen[pair{r.Sentence, r.Object, r.Subject}] = true
	}
	for i := range rules {
		if r := &rules[i]; !seen[pair{r.Sentence, r.Subject, r.Object}] {
			r.Confidence = float64(int(r.Confidence*800+0.5)) / 1000
		}
	}
}

// distinctEntities counts the entities among a sentence's tokens.
func distinctEntities(toks []int) int {
	first := -1
	for _, e := range toks {
		if e < 0 {
			continue
		}
		if first < 0 {
			first = e
		} else if e != first {
			return 2
		}
	}
	if first < 0 {
		return 0
	}
	return 1
}

// dedupe keeps the first of the relations that say the same thing in the
// same sentence, and orders them by sentence and position: the rules'
// reading comes first, so the frames add only what the rules missed.
func dedupe(rels []extract.Relation) []extract.Relation {
	type key struct {
		sent, subj, obj int
		pred            string
		neg, hedged     bool
	}
	// "took" and "took over" read from one clause: the fuller reading
	// stands for both.
	type pair struct {
		sent, subj, obj int
		neg, hedged     bool
	}
	preds := map[pair][]string{}
	for _, r := range rels {
		k := pair{r.Sentence, r.Subject, r.Object, r.Negated, r.Hedged}
		preds[k] = append(preds[k], r.Predicate)
	}
	shorter := func(r extract.Relation) bool {
		for _, p := range preds[pair{r.Sentence, r.Subject, r.Object, r.Negated, r.Hedged}] {
			if strings.HasPrefix(p, r.Predicate+" ") && r.Class != "ROLE" || p == "former "+r.Predicate {
				return true // a role one reading knows is past is past
			}
		}
		return false
	}
	seen := make(map[key]bool, len(rels))
	out := rels[:0]
	for _, r := range rels {
		if shorter(r) {
			continue
		}
		k := key{r.Sentence, r.Subject, r.Object, r.Predicate, r.Negated, r.Hedged}
		if r.Class == "ROLE" {
			// "Co-founder of Google, Sergey Brin" is one role, however
			// many readings name it.
			k.pred = "ROLE"
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Sentence != out[b].Sentence {
			return out[a].Sentence < out[b].Sentence
		}
		return out[a].Start < out[b].Start
	})
	return out
}

// joinRoles returns the role edges followed by the relations, less each
// relation that repeats a role of the same sentence: "Tedros, head of the
// WHO," is read both as a title and as an apposition, and is one piece of
// evidence, not two.
func joinRoles(roles, rels []extract.Relation) []extract.Relation {
	type key struct {
		sent, subj, obj int
		pred            string
	}
	seen := make(map[key]bool, len(roles))
	out := append(make([]extract.Relation, 0, len(roles)+len(rels)), roles...)
	for _, r := range roles {
		seen[key{r.Sentence, r.Subject, r.Object, r.Predicate}] = true
	}
	for _, r := range rels {
		if !seen[key{r.Sentence, r.Subject, r.Object, r.Predicate}] {
			out = append(out, r)
		}
	}
	return out
}

// seatOfGovernment is the role predicate resolve gives a metonym.
const seatOfGovernment = "seat of government of"

// mergeMetonyms folds every entity that is the seat of government of another
// into that other entity: its mentions and relations move over, its names
// become aliases, and the linking edge and any self-loop go.
func mergeMetonyms(r *extract.Result) {
	into := make([]int, len(r.Entities))
	for i := range into {
		into[i] = i
	}
	for _, rel := range r.Relations {
		if rel.Predicate == seatOfGovernment && rel.Subject != rel.Object {
			into[rel.Subject] = rel.Object
		}
	}
	find := func(i int) int {
		for n := 0; into[i] != i && n < len(into); n++ { // bounded: a cycle cannot loop forever
			i = into[i]
		}
		return i
	}
	keep := make([]int, len(r.Entities)) // old index → new index, -1 when merged away
	var ents []extract.Entity
	for i, e := range r.Entities {
		if find(i) != i {
			keep[i] = -1
			continue
		}
		keep[i] = len(ents)
		ents = append(ents, e)
	}
	remap := func(i int) int {
		if i < 0 {
			return i
		}
		return keep[find(i)]
	}
	for i, e := range r.Entities {
		if t := find(i); t != i {
			dst := &ents[keep[t]]
			dst.Aliases = mergeAliases(dst.Aliases, e.Aliases)
		}
	}
	for i := range r.Mentions {
		r.Mentions[i].Entity = remap(r.Mentions[i].Entity)
	}
	rels := r.Relations[:0]
	for _, rel := range r.Relations {
		rel.Subject, rel.Object, rel.Attributed = remap(rel.Subject), remap(rel.Object), remap(rel.Attributed)
		if rel.Subject != rel.Object {
			rels = append(rels, rel)
		}
	}
	r.Entities, r.Relations = ents, rels
}

func mergeAliases(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string(nil), a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
