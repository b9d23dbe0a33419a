package main

import (
	"encoding/json"
	"fmt"
	"kg/internal/shared"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"kg/extract/ud"
)

// BenchmarkBuildCorpus measures `kg build` end to end, as a user runs it, on a
// corpus made from the treebank texts: each UD document becomes an article and
// the set is replicated (each copy marked, so no copy is skipped as a
// duplicate) to KG_BENCH_DOCS articles (default 1000), written as JSON Lines.
// It reports words/s and the build process's peak RSS.
//
//	KG_BENCH_DOCS=10000 go test -run '^$' -bench BuildCorpus -benchtime 1x -timeout 2h ./cmd/kg
func BenchmarkBuildCorpus(b *testing.B) {
	data := shared.Path(b, "data")
	n := 1000
	if s := os.Getenv("KG_BENCH_DOCS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("KG_BENCH_DOCS=%q: want a positive number", s)
		}
		n = v
	}
	articles := treebankArticles(b, data)
	dir := b.TempDir()
	corpusFile := filepath.Join(dir, "corpus.jsonl")
	words := writeCorpus(b, corpusFile, articles, n)

	bin := kgBinaryB(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db := filepath.Join(dir, fmt.Sprintf("bench%d.db", i))
		cmd := exec.Command(bin, "build", "-q", "--db", db, corpusFile)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		peak, err := runPeakRSS(cmd)
		if err != nil {
			b.Fatalf("kg build: %v\n%s", err, out.String())
		}
		secs := time.Since(start).Seconds()
		b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
		b.ReportMetric(float64(words)/secs, "words/s")
		b.ReportMetric(float64(n), "articles")
	}
}

func treebankArticles(b *testing.B, data string) []string {
	var files []string
	files = append(files, filepath.Join(data, "ud-ewt", "en_ewt-ud-train.conllu"))
	gum, _ := filepath.Glob(filepath.Join(data, "gum", "conllu", "*.conllu"))
	files = append(files, gum...)
	var articles []string
	for _, f := range files {
		sents, err := ud.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		articles = append(articles, documentTexts(sents)...)
	}
	return articles
}

func writeCorpus(b *testing.B, path string, articles []string, n int) (words int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	for i := 0; i < n; i++ {
		text := articles[i%len(articles)]
		if i >= len(articles) {
			text += fmt.Sprintf(" (Copy %d.)", i/len(articles))
		}
		words += len(strings.Fields(text))
		line, err := json.Marshal(map[string]string{"id": fmt.Sprintf("bench-%d", i), "text": text})
		if err != nil {
			b.Fatal(err)
		}
		f.Write(append(line, '\n'))
	}
	return words
}

func kgBinaryB(b *testing.B) string {
	dir := b.TempDir()
	bin := filepath.Join(dir, "kg")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
