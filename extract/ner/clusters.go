package ner

import (
	"kg/extract/internal/featurehash"
	"math"
	"sort"

	"kg/extract/ud"
)

// Word classes (Ratinov and Roth 2009; Turian et al. 2010) let the
// recogniser generalise from a name or context word it has seen labelled to
// words that occur in similar contexts in unlabelled text. They are learnt by
// predictive exchange clustering (Uszkoreit and Brants 2008): words move
// between a fixed number of classes to maximise the likelihood of a class
// bigram model that predicts a word's class from the word before it.

// Class counts of the two clusterings, coarse and fine; each id fits a byte.
const (
	coarseClasses = 64
	fineClasses   = 256
	clusterIters  = 8
	clusterMinN   = 2 // words seen fewer times stay unclustered
)

// wordClusters clusters the word forms of sents into a coarse and a fine
// clustering and returns, for each clustered form's hash, 1 + the coarse id
// in the low byte and 1 + the fine id in the high byte. It is
// deterministic.
func wordClusters(sents []*ud.Sentence) map[uint64]uint16 {
	freq := map[string]int{}
	for _, s := range sents {
		for _, t := range s.Tokens {
			freq[t.Form]++
		}
	}
	var vocab []string
	for w, n := range freq {
		if n >= clusterMinN {
			vocab = append(vocab, w)
		}
	}
	sort.Slice(vocab, func(i, j int) bool {
		if freq[vocab[i]] != freq[vocab[j]] {
			return freq[vocab[i]] > freq[vocab[j]]
		}
		return vocab[i] < vocab[j]
	})
	id := make(map[string]int, len(vocab))
	for i, w := range vocab {
		id[w] = i
	}
	// Contexts: the previous word (rare words and the sentence start share
	// one id each).
	unk, start := len(vocab), len(vocab)+1
	nctx := len(vocab) + 2
	left := make([]map[int]int, len(vocab))
	for i := range left {
		left[i] = map[int]int{}
	}
	for _, s := range sents {
		prev := start
		for _, t := range s.Tokens {
			w, ok := id[t.Form]
			if ok {
				left[w][prev]++
			}
			if !ok {
				w = unk
			}
			prev = w
		}
	}
	ctx := make([][]ctxCount, len(vocab))
	count := make([]int, len(vocab))
	for w, m := range left {
		for v, n := range m {
			ctx[w] = append(ctx[w], ctxCount{v, n})
			count[w] += n
		}
		sort.Slice(ctx[w], func(i, j int) bool { return ctx[w][i].v < ctx[w][j].v })
	}
	out := make(map[uint64]uint16, len(vocab))
	for shift, k := range []int{coarseClasses, fineClasses} {
		cl := exchange(ctx, count, nctx, k)
		for w, c := range cl {
			h := featurehash.String(vocab[w])
			out[h] |= uint16(c+1) << (8 * shift)
		}
	}
	return out
}

func xlogx(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return x * math.Log(x)
}

// exchange assigns each word (ctx[w] its left contexts, count[w] its
// frequency; words in decreasing frequency) one of k classes.
// ctxCount is how often context word v precedes a word.
type ctxCount struct{ v, n int }

func exchange(ctx [][]ctxCount, count []int, nctx, k int) []int {
	cl := make([]int, len(ctx))
	nvc := make([]float64, nctx*k) // N(v, c)
	nc := make([]float64, k)       // N(c)
	for w := range ctx {
		c := w % k
		cl[w] = c
		nc[c] += float64(count[w])
		for _, p := range ctx[w] {
			nvc[p.v*k+c] += float64(p.n)
		}
	}
	gain := make([]float64, k)
	for it := 0; it < clusterIters; it++ {
		moved := 0
		for w := range ctx {
			a := cl[w]
			nw := float64(count[w])
			for _, p := range ctx[w] {
				nvc[p.v*k+a] -= float64(p.n)
			}
			nc[a] -= nw
			for c := range gain {
				gain[c] = xlogx(nc[c]) - xlogx(nc[c]+nw)
			}
			for _, p := range ctx[w] {
				n := float64(p.n)
				row := nvc[p.v*k:][:k]
				for c, x := range row {
					gain[c] += xlogx(x+n) - xlogx(x)
				}
			}
			best := a
			for c, g := range gain {
				if g > gain[best]+1e-9 {
					best = c
				}
			}
			if best != a {
				moved++
			}
			cl[w] = best
			for _, p := range ctx[w] {
				nvc[p.v*k+best] += float64(p.n)
			}
			nc[best] += nw
		}
		if moved == 0 {
			break
		}
	}
	return cl
}
