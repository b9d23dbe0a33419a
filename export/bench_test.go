package export

import (
	"io"
	"runtime"
	"strconv"
	"testing"

	"kg/graph"
)

// countWriter counts bytes written and discards them.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

const (
	benchNodes = 1000
	benchEdges = 1_000_000
)

// benchGraph writes benchNodes nodes and benchEdges edges with w. After
// the first 1,000 edges and at the end it runs the GC and samples the live
// heap (with the timer stopped), so the caller can show that memory does
// not grow with the number of edges.
func benchGraph(b *testing.B, w Writer) (heapGrowth int64) {
	preds := []string{"met", "accused", "president of", "may send aid to", "did not abandon"}
	classes := []string{"CONSULT", "ACCUSE", "ROLE", "AID", "RETREAT"}
	sentences := []string{
		"Brazilian Health Minister Maria Santos met WHO officials in Geneva on Monday, her office said.",
		"The ministry said it \"could not confirm\" reports that aid & equipment had reached the region.",
		"Officials in Kyiv, Київ, rejected the claim <citation needed> late on Tuesday.",
	}
	types := []string{"PERSON", "ORG", "GPE", "LOC", "NORP"}
	for i := range benchNodes {
		n := graph.Node{ID: int64(i + 1), Name: "Entity " + strconv.Itoa(i), Type: types[i%len(types)],
			Aliases: []string{"Entity", "Entity " + strconv.Itoa(i)}, Mentions: i % 50}
		if err := w.WriteNode(n); err != nil {
			b.Fatal(err)
		}
	}
	var before runtime.MemStats
	for i := range benchEdges {
		e := graph.Edge{ID: int64(i + 1), Source: int64(i%benchNodes + 1), Target: int64((i*7)%benchNodes + 1),
			Predicate: preds[i%len(preds)], Class: classes[i%len(classes)], Weight: i%20 + 1, Confidence: 0.75,
			Negated: i%11 == 0, Hedged: i%13 == 0, Sentence: sentences[i%len(sentences)],
			DocumentID: int64(i/100 + 1), DocumentURI: "https://example.com/news/2024/03/article.html",
			FirstDate: "2024-03-01", LastDate: "2024-03-09"}
		if err := w.WriteEdge(e); err != nil {
			b.Fatal(err)
		}
		if i == 1000 {
			b.StopTimer()
			runtime.GC()
			runtime.ReadMemStats(&before)
			b.StartTimer()
		}
	}
	b.StopTimer()
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.StartTimer()
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

func benchFormat(b *testing.B, newWriter func(io.Writer) Writer) {
	var cw countWriter
	benchGraph(b, newWriter(&cw)) // measures the output size
	b.SetBytes(cw.n)
	b.ReportAllocs()
	b.ResetTimer()
	var growth int64
	for b.Loop() {
		growth = benchGraph(b, newWriter(io.Discard))
	}
	b.ReportMetric(float64(growth), "heap-growth-B")
	b.ReportMetric(float64(benchEdges), "edges/op")
}

func BenchmarkGraphML(b *testing.B) {
	benchFormat(b, func(w io.Writer) Writer { return NewGraphML(w, GraphMLOptions{}) })
}

func BenchmarkDOT(b *testing.B) {
	benchFormat(b, func(w io.Writer) Writer { return NewDOT(w, DOTOptions{ClusterByType: true}) })
}

func BenchmarkGEXF(b *testing.B) {
	benchFormat(b, func(w io.Writer) Writer { return NewGEXF(w, GEXFOptions{Dynamic: true}) })
}

func BenchmarkJSON(b *testing.B) {
	benchFormat(b, func(w io.Writer) Writer { return NewJSON(w) })
}

func BenchmarkCypher(b *testing.B) {
	benchFormat(b, func(w io.Writer) Writer { return NewCypher(w) })
}
