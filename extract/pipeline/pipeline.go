// Package pipeline runs the extraction stages in order over one document:
// segment, tag, parse, ner, resolve and relate.
package pipeline

import (
	"context"
	"fmt"

	"kg/extract"
	"kg/extract/ner"
	"kg/extract/parse"
	"kg/extract/relate"
	"kg/extract/resolve"
	"kg/extract/segment"
	"kg/extract/tag"
	"kg/extract/ud"
)

// Pipeline holds the trained models. The models are read-only, so one
// Pipeline serves any number of goroutines.
type Pipeline struct {
	tagger *tag.Model
	parser *parse.Model
	ner    *ner.Model
}

// New loads the embedded models. They are decoded once per process; later
// calls share them.
func New() (*Pipeline, error) {
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
	return &Pipeline{tagger: t, parser: p, ner: n}, nil
}

// Annotate splits text into sentences and tags and parses each.
func (p *Pipeline) Annotate(ctx context.Context, text string) ([]*ud.Sentence, error) {
	sents := segment.Split(text)
	for i, s := range sents {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		p.AnnotateSentence(s)
	}
	return sents, nil
}

// AnnotateSentence tags and parses a sentence whose tokens are already set.
func (p *Pipeline) AnnotateSentence(s *ud.Sentence) {
	p.tagger.Tag(s)
	p.parser.Parse(s)
}

// Extract runs every stage over doc.
func (p *Pipeline) Extract(ctx context.Context, doc extract.Document) (extract.Result, error) {
	sents, err := p.Annotate(ctx, doc.Text)
	if err != nil {
		return extract.Result{}, err
	}
	spans := make([][]ner.Span, len(sents))
	for i, s := range sents {
		spans[i] = p.ner.Recognize(s)
	}
	if err := ctx.Err(); err != nil {
		return extract.Result{}, err
	}
	res := resolve.Document(doc.Text, sents, spans)
	rels := relate.Extract(doc.Text, sents, res.Tokens, res.Entities)

	out := extract.Result{
		Sentences: make([]extract.Span, len(sents)),
		Entities:  res.Entities,
		Mentions:  res.Mentions,
		Relations: append(append([]extract.Relation(nil), res.Roles...), rels...),
	}
	for i, s := range sents {
		out.Sentences[i] = extract.Span{Start: s.Start, End: s.End}
	}
	return out, nil
}
