package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"kg/extract"
	"kg/extract/input"
	"kg/extract/pipeline"
	"kg/graph"
	"kg/seeds"
)

func buildCommand() *cli.Command {
	return &cli.Command{
		Name:      "build",
		Usage:     "extract articles into the graph database",
		ArgsUsage: "[PATH|-]...",
		Description: `Reads articles from files, folders (recursively: .txt .md .html .jsonl) or stdin (-),
extracts entities and relations, and adds them to the database, one transaction per
document. A document already in the database (same text) is skipped, so an interrupted
build is finished by running it again. With no PATH it builds from the bundled sample
articles. JSON Lines hold one article per line: {"text": …, "id", "url", "title",
"published"}.

Examples:
   kg build --export graph.dot --export graph.graphml
   kg build --db news.db articles/ feed.jsonl
   curl -s https://example.org/story.html | kg build -`,
		Flags: []cli.Flag{
			dbFlag(),
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), Usage: "extract on `N` goroutines (one writer)"},
			&cli.StringSliceFlag{Name: "export", Usage: "after building, write the graph to `FILE` (format from the extension: .dot .graphml .gexf .json .cypher); repeatable"},
			&cli.Int64Flag{Name: "max-doc-bytes", Value: input.DefaultMaxBytes, Usage: "refuse documents (a file, or a JSON line) larger than `N` bytes"},
			&cli.BoolFlag{Name: "merge-metonyms", Usage: "fold a seat of government into its country (the Kremlin into Russia) instead of linking them"},
			&cli.StringFlag{Name: "cpuprofile", Usage: "write a CPU profile to `FILE` (go tool pprof)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress or summary on stderr"},
		},
		Action: func(c *cli.Context) error {
			workers := c.Int("workers")
			if workers < 1 {
				return cli.Exit("--workers must be at least 1", 2)
			}
			exports := c.StringSlice("export")
			for _, path := range exports {
				if _, err := formatOfPath(path); err != nil {
					return cli.Exit(err.Error(), 2)
				}
			}
			if path := c.String("cpuprofile"); path != "" {
				f, err := os.Create(path)
				if err != nil {
					return err
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return err
				}
				defer pprof.StopCPUProfile()
			}
			b := &builder{stderr: c.App.ErrWriter, stdin: c.App.Reader, workers: workers, quiet: c.Bool("quiet"), mergeMetonyms: c.Bool("merge-metonyms"), maxDoc: c.Int64("max-doc-bytes")}
			err := b.run(c.Context, dbPath(c), c.Args().Slice())
			if err != nil {
				return err
			}
			for _, path := range exports {
				if err := exportToFile(c.Context, dbPath(c), path, exportOptions{}); err != nil {
					return err
				}
			}
			if b.failed > 0 {
				return cli.Exit(fmt.Sprintf("%d input(s) failed", b.failed), 1)
			}
			return nil
		},
	}
}

// builder runs one `kg build`: inputs are read in order, extracted on
// several goroutines and written by one, in input order, so that the same
// inputs give the same database.
type builder struct {
	stdin         io.Reader
	stderr        io.Writer
	workers       int
	quiet         bool
	mergeMetonyms bool
	maxDoc        int64 // bytes; 0 for the input package's default

	mu                    sync.Mutex // guards the counters below, updated by the reader and the writer
	docs, skipped, failed int
	words                 int
	readBytes, totalBytes int64
	entities, relations   int
}

type job struct {
	seq int
	doc extract.Document
	res extract.Result
	err error
}

func (b *builder) errorf(format string, args ...any) {
	b.mu.Lock()
	b.failed++
	b.mu.Unlock()
	fmt.Fprintf(b.stderr, "kg: "+format+"\n", args...)
}

func (b *builder) run(ctx context.Context, dbFile string, paths []string) error {
	start := time.Now()
	store, err := graph.Open(ctx, dbFile)
	if err != nil {
		return err
	}
	defer store.Close()
	pipe, err := pipeline.New(pipeline.Options{MergeMetonyms: b.mergeMetonyms})
	if err != nil {
		return err
	}
	sources, err := b.sources(paths)
	if err != nil {
		return err
	}
	for _, s := range sources {
		b.totalBytes += s.Size
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan *job)
	done := make(chan *job)
	slots := make(chan struct{}, 2*b.workers) // bounds documents in flight, and so memory

	go func() {
		defer close(todo)
		b.read(ctx, store, sources, todo, slots)
	}()
	var wg sync.WaitGroup
	for range b.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range todo {
				j.res, j.err = pipe.Extract(ctx, j.doc)
				done <- j
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	stopProgress := b.progress(start)
	writeErr := b.write(ctx, store, done, slots)
	stopProgress()
	if writeErr != nil {
		cancel()
		for range done { // let the workers finish
		}
	}
	if ctx.Err() != nil || errors.Is(writeErr, context.Canceled) {
		return cli.Exit(fmt.Sprintf("interrupted: %d document(s) committed, none half-written; run the same command again to continue", b.docs), 130)
	}
	if writeErr != nil {
		return writeErr
	}
	if !b.quiet {
		fmt.Fprintf(b.stderr, "kg: %d documents added (%d already present, %d failed), %d entities, %d relations, %d words in %.1fs\n",
			b.docs, b.skipped, b.failed, b.entities, b.relations, b.words, time.Since(start).Seconds())
	}
	return nil
}

// sources lists the inputs; a path that cannot be read is reported and
// skipped so that the others still go in.
func (b *builder) sources(paths []string) ([]input.Source, error) {
	if len(paths) == 0 {
		return input.FromFS(seeds.FS, "seed:")
	}
	var all []input.Source
	for _, p := range paths {
		srcs, err := input.Expand([]string{p})
		if err != nil {
			b.errorf("%v", err)
			continue
		}
		all = append(all, srcs...)
	}
	return all, nil
}

// read sends every document of every source to todo, in order, after
// skipping those already stored.
func (b *builder) read(ctx context.Context, store *graph.Store, sources []input.Source, todo chan<- *job, slots chan struct{}) {
	seq := 0
	for _, src := range sources {
		rc, err := src.Open(b.stdin)
		if err != nil {
			b.errorf("%v", err)
			continue
		}
		sc := input.NewScanner(rc, src.Name, src.Format)
		sc.SetMaxBytes(b.maxDoc)
		for sc.Scan() {
			if err := sc.DocErr(); err != nil {
				b.errorf("%v", err)
				continue
			}
			doc := sc.Document()
			if ok, err := store.HasDocument(ctx, doc.ID); err == nil && ok {
				b.mu.Lock()
				b.skipped++
				b.mu.Unlock()
				continue
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				rc.Close()
				return
			}
			select {
			case todo <- &job{seq: seq, doc: doc}:
				seq++
			case <-ctx.Done():
				rc.Close()
				return
			}
		}
		if err := sc.Err(); err != nil {
			b.errorf("%v", err)
		}
		rc.Close()
		b.mu.Lock()
		b.readBytes += src.Size
		b.mu.Unlock()
	}
}

// write stores finished documents in input order.
func (b *builder) write(ctx context.Context, store *graph.Store, done <-chan *job, slots <-chan struct{}) error {
	pending := map[int]*job{}
	next := 0
	for j := range done {
		pending[j.seq] = j
		for {
			j, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if j.err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				b.errorf("%s: %v", j.doc.URI, j.err)
				continue
			}
			added, err := store.Add(ctx, j.doc, j.res)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return fmt.Errorf("%s: %w", j.doc.URI, err)
			}
			b.mu.Lock()
			if added {
				b.docs++
				b.entities += len(j.res.Entities)
				b.relations += len(j.res.Relations)
				b.words += len(strings.Fields(j.doc.Text))
			} else {
				b.skipped++
			}
			b.mu.Unlock()
		}
	}
	return nil
}

// progress draws a bar on stderr when it is a terminal and the run is long.
func (b *builder) progress(start time.Time) (stop func()) {
	f, ok := b.stderr.(*os.File)
	if b.quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		drawn := false
		for {
			select {
			case <-quit:
				if drawn {
					fmt.Fprint(f, "\r\033[K")
				}
				return
			case <-tick.C:
				if time.Since(start) < 2*time.Second {
					continue
				}
				b.mu.Lock()
				docs, words, read, total := b.docs, b.words, b.readBytes, b.totalBytes
				b.mu.Unlock()
				frac := 0.0
				if total > 0 {
					frac = float64(read) / float64(total)
				}
				const width = 30
				bar := strings.Repeat("=", int(frac*width)) + strings.Repeat(" ", width-int(frac*width))
				rate := float64(words) / time.Since(start).Seconds()
				fmt.Fprintf(f, "\r\033[K[%s] %3.0f%%  %d docs  %.0f words/s", bar, 100*frac, docs, rate)
				drawn = true
			}
		}
	}()
	return func() { close(quit); wg.Wait() }
}
