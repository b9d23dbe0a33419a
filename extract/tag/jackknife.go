package tag

import (
	"context"
	"fmt"
	"io"

	"kg/extract/ud"
)

// Jackknife returns copies of sents whose UPOS, XPOS, Lemma and Feats are
// predicted, each of folds parts by a model trained (TrainSentences, epochs
// epochs, no dev set) on the other parts. A parser trained on such tags sees
// tagging errors like the ones it meets at run time. Sentence i goes to fold
// i mod folds, so the result is deterministic.
func Jackknife(ctx context.Context, sents []*ud.Sentence, folds, epochs int, log io.Writer) ([]*ud.Sentence, error) {
	if folds < 2 {
		return nil, fmt.Errorf("tag: jackknife: need at least 2 folds, got %d", folds)
	}
	if log == nil {
		log = io.Discard
	}
	out := make([]*ud.Sentence, len(sents))
	for f := 0; f < folds; f++ {
		var rest []*ud.Sentence
		for i, s := range sents {
			if i%folds != f {
				rest = append(rest, s)
			}
		}
		fmt.Fprintf(log, "tag: jackknife fold %d/%d: training on %d sentences\n", f+1, folds, len(rest))
		m, err := trainSentences(ctx, rest, nil, epochs, nil)
		if err != nil {
			return nil, fmt.Errorf("tag: jackknife: %w", err)
		}
		for i := f; i < len(sents); i += folds {
			c := *sents[i]
			c.Tokens = append([]ud.Token(nil), sents[i].Tokens...)
			m.Tag(&c)
			out[i] = &c
		}
	}
	return out, nil
}
