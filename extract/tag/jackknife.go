package tag

import (
	"context"
	"fmt"
	"io"
	"sync"

	"kg/extract/internal/parallel"
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
	var mu sync.Mutex // serialises log lines
	out := make([]*ud.Sentence, len(sents))
	// Folds are independent; two train at a time, which halves the time
	// on two cores and keeps memory modest.
	err := parallel.Do(folds, 2, func(f int) error {
		var rest []*ud.Sentence
		for i, s := range sents {
			if i%folds != f {
				rest = append(rest, s)
			}
		}
		m, err := trainSentences(ctx, rest, nil, epochs, nil)
		if err != nil {
			return fmt.Errorf("tag: jackknife: %w", err)
		}
		for i := f; i < len(sents); i += folds {
			c := *sents[i]
			c.Tokens = append([]ud.Token(nil), sents[i].Tokens...)
			m.Tag(&c)
			out[i] = &c
		}
		mu.Lock()
		fmt.Fprintf(log, "tag: jackknife fold %d/%d tagged (trained on %d sentences)\n", f+1, folds, len(rest))
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
