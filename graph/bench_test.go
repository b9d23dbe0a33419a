package graph

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchDoc makes a news-sized document (about 30 sentences, 12 entities
// drawn from a pool of 300 so that most merge with stored nodes, 20
// relations).
func benchDoc(i int) *docBuilder {
	rng := rand.New(rand.NewPCG(uint64(i), 1))
	const nSent = 30
	people := make([]string, 12)
	for k := range people {
		people[k] = fmt.Sprintf("Person%d Surname%d", rng.IntN(300), rng.IntN(300))
	}
	sents := make([]string, nSent)
	for k := range sents {
		sents[k] = fmt.Sprintf("In report %d, %s said that %s had met officials on several occasions over the past week to discuss the matter.",
			i, people[k%len(people)], people[(k+1)%len(people)])
	}
	d := newDoc(fmt.Sprintf("bench-%d", i), fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28), sents...)
	idx := make([]int, len(people))
	for k, p := range people {
		idx[k] = d.entity(p, "PERSON", p[len("Person")+len(fmt.Sprint(0)):])
	}
	for k := 0; k < 20; k++ {
		a, b := idx[k%len(idx)], idx[(k+1)%len(idx)]
		if a != b {
			d.relation(a, []string{"met", "said", "warned", "accused"}[k%4], "OTHER", b, k%nSent)
		}
	}
	return d
}

func BenchmarkAdd(b *testing.B) {
	s := openTemp(b)
	docs := make([]*docBuilder, 200)
	size := 0
	for i := range docs {
		docs[i] = benchDoc(i)
		size += len(docs[i].doc.Text)
	}
	b.SetBytes(int64(size / len(docs)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := docs[i%len(docs)]
		if i >= len(docs) {
			// Fresh text, so that the document is new.
			d = benchDoc(i)
		}
		if _, err := s.Add(context.Background(), d.doc, d.res); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}
