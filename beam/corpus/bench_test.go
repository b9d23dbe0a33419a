package corpus

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkScaleOut extracts a corpus of a few thousand generated articles
// (KG_BENCH_DOCS, 2000 by default) three ways, each a real process: kg
// extract with its own workers, one per core ("direct workers"), and the
// Beam pipeline on the Prism and on the direct runner. It reports words
// per second (wall clock, and per CPU second: on a shared machine the
// second is the steadier figure), the pipeline's CPU overhead per document
// against kg extract, and the process's peak resident memory.
//
//	go test -run '^$' -bench ScaleOut -benchtime 1x ./corpus
func BenchmarkScaleOut(b *testing.B) {
	n := 2000
	if s := os.Getenv("KG_BENCH_DOCS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("KG_BENCH_DOCS=%q: want a number of documents", s)
		}
		n = v
	}
	work := b.TempDir()
	in := filepath.Join(work, "in")
	writeCorpus(b, in, n)
	words := 0
	files, _ := filepath.Glob(filepath.Join(in, "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		words += len(strings.Fields(string(data))) // the JSON Lines file's keys count too: a few words
	}
	kgBin := kgBinary(b)
	beamBin := filepath.Join(work, "kg-beam")
	build := exec.Command("go", "build", "-o", beamBin, "./cmd/kg-beam")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build ./cmd/kg-beam: %v\n%s", err, out)
	}

	var base time.Duration // CPU time of kg extract
	for _, run := range []struct {
		name string
		cmd  func(out string) *exec.Cmd
	}{
		{"extract-workers", func(out string) *exec.Cmd {
			return exec.Command(kgBin, "extract", "-q", "-o", filepath.Join(out, "all.jsonl"), in)
		}},
		{"beam-prism", func(out string) *exec.Cmd {
			return exec.Command(beamBin, "--runner=prism", "--input", filepath.Join(in, "*"), "--output", out)
		}},
		{"beam-direct", func(out string) *exec.Cmd {
			return exec.Command(beamBin, "--runner=direct", "--input", filepath.Join(in, "*"), "--output", out)
		}},
	} {
		b.Run(run.name, func(b *testing.B) {
			var elapsed, cpu time.Duration
			var peak int64
			for i := range b.N {
				out := filepath.Join(work, fmt.Sprintf("%s-%d", run.name, i))
				if err := os.MkdirAll(out, 0o755); err != nil {
					b.Fatal(err)
				}
				cmd := run.cmd(out)
				var stderr strings.Builder
				cmd.Stderr = &stderr
				start := time.Now()
				if err := cmd.Run(); err != nil {
					b.Fatalf("%s: %v\n%s", cmd, err, stderr.String())
				}
				elapsed += time.Since(start)
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					peak = max(peak, ru.Maxrss*1024) // kilobytes on Linux
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
			per, perCPU := elapsed/time.Duration(b.N), cpu/time.Duration(b.N)
			b.ReportMetric(float64(words)/per.Seconds(), "words/s")
			b.ReportMetric(float64(words)/perCPU.Seconds(), "words/cpu-s")
			b.ReportMetric(float64(peak)/1e6, "peak-MB")
			if run.name == "extract-workers" {
				base = perCPU
			} else if base > 0 {
				b.ReportMetric(float64(perCPU-base)/float64(time.Millisecond)/float64(n+4), "overhead-cpu-ms/doc")
			}
		})
	}
}
