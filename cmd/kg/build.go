package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
		Description: `Reads articles from files, folders (recursively: .txt .md .html .jsonl .json) or stdin (-),
extracts entities and relations, and adds them to the database, one transaction per
document. A document already in the database (same text) is skipped, so an interrupted
build is finished by running it again. A document with the URL, JSON Lines id or file path
of a stored one, but another text, replaces it (a corrected article). JSON Lines hold one
article per line: {"text": …, "id", "url", "title", "published"}; without "text", "body"
or "content" is read, and --text-field, --id-field, --date-field name other members. A
JSON array of articles is read too. HTML pages keep only their main content (no menus,
cookie banners or footers). --date dates what carries no date (text files, stdin).

Inputs kg cannot read fail the build with the fix: a PDF (pdftotext), non-UTF-8 text
(iconv), a document over --max-doc-bytes, a URL (curl -sL URL | kg build -), a folder
with nothing to read.

With no PATH, articles piped to standard input are read; with none, the bundled sample
articles are built into a new or empty database, and a database that holds documents is
left alone. --seeds adds the sample to any database.

The summary counts documents added, replaced, skipped and failed, and the entities and
edges the database holds, with how many of them are new.

Examples:
   kg build --export graph.dot --export graph.graphml
   kg build --db news.db articles/ feed.jsonl
   kg build --db news.db --date 2025-01-02 article.txt
   curl -s https://example.org/story.html | kg build -`,
		Flags: append([]cli.Flag{
			dbFlag(),
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), Usage: "extract on `N` goroutines (one writer)"},
			&cli.StringSliceFlag{Name: "export", Usage: "after building, write the graph to `FILE` (format from the extension: .dot .graphml .gexf .json .cypher); repeatable"},
		}, append(inputFlags(),
			&cli.BoolFlag{Name: "seeds", Usage: "also build the bundled sample articles"},
			&cli.BoolFlag{Name: "merge-metonyms", Usage: "fold a seat of government into its country (the Kremlin into Russia) instead of linking them"},
			&cli.StringFlag{Name: "cpuprofile", Usage: "write a CPU profile to `FILE` (go tool pprof)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress or summary on stderr"},
		)...),
		Action: func(c *cli.Context) error {
			workers := c.Int("workers")
			if workers < 1 {
				return cli.Exit("--workers must be at least 1", 2)
			}
			opts, err := readInputFlags(c)
			if err != nil {
				return err
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
			b := &builder{stderr: c.App.ErrWriter, stdin: c.App.Reader, workers: workers, quiet: c.Bool("quiet"),
				mergeMetonyms: c.Bool("merge-metonyms"), opts: opts, seeds: c.Bool("seeds")}
			if err := b.run(c.Context, dbPath(c), c.Args().Slice()); err != nil {
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
	seeds         bool         // build the bundled sample articles too
	opts          inputOptions // how articles are read: date, JSON members, size limit

	logEvery time.Duration // progress line interval when stderr is not a terminal; 0 for 5s

	mu                    sync.Mutex // guards the counters below, updated by the reader and the writer
	docs, replaced        int        // documents added, and stored ones replaced by a new version
	skipped, failed       int
	words                 int
	readBytes, totalBytes int64
}

type job struct {
	seq int
	doc extract.Document
	res extract.Result
	err error
}

// enqueue waits for a slot, which bounds the documents in flight and so
// memory, then sends j to todo; it reports false when ctx ends first.
func enqueue(ctx context.Context, slots chan<- struct{}, todo chan<- *job, j *job) bool {
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	select {
	case todo <- j:
		return true
	case <-ctx.Done():
		return false
	}
}

// extractAll extracts the jobs of todo with pipe on n goroutines and sends
// each to done, which it closes once todo is closed and every job is done.
func extractAll(ctx context.Context, pipe *pipeline.Pipeline, n int, todo <-chan *job, done chan<- *job) {
	var wg sync.WaitGroup
	for range n {
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
}

func (b *builder) errorf(format string, args ...any) {
	b.mu.Lock()
	b.failed++
	b.mu.Unlock()
	fmt.Fprintf(b.stderr, "kg: "+format+"\n", args...)
}

func (b *builder) run(ctx context.Context, dbFile string, paths []string) (err error) {
	start := time.Now()
	if len(paths) == 0 && !b.seeds {
		if r, ok := pipedInput(ctx, b.stdin, b.stderr); ok {
			b.stdin, paths = r, []string{"-"}
		}
	}
	store, err := graph.Open(ctx, dbFile)
	if err != nil {
		return err
	}
	defer func() {
		// Close checkpoints the WAL into the .db file: its error matters.
		if cerr := store.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	before, err := countGraph(ctx, store)
	if err != nil {
		return err
	}
	if len(paths) == 0 && !b.seeds {
		if before.documents > 0 {
			return cli.Exit(fmt.Sprintf("%s already holds %d documents and no PATH was given: name the articles to add (kg build --db %s PATH...), pipe them in, or add the bundled sample with --seeds",
				dbFile, before.documents, dbFile), 2)
		}
		b.seeds = true // a new or empty database: the sample shows what kg does
	}
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
	extractAll(ctx, pipe, b.workers, todo, done)

	stopProgress := b.progress(start)
	writeErr := b.write(ctx, store, done, slots)
	stopProgress()
	if writeErr != nil {
		cancel()
		for range done { // let the workers finish
		}
	}
	if ctx.Err() != nil || errors.Is(writeErr, context.Canceled) {
		return cli.Exit(fmt.Sprintf("interrupted: %d document(s) committed, none half-written; run the same command again to continue", b.docs+b.replaced), 130)
	}
	if writeErr != nil {
		return writeErr
	}
	if !b.quiet {
		after, err := countGraph(ctx, store)
		if err != nil {
			return err
		}
		fmt.Fprintf(b.stderr, "kg: %d documents added, %d replaced, %d skipped (already present), %d failed; %s holds %d documents, %d entities (%d new), %d edges (%d new); %d words in %.1fs\n",
			b.docs, b.replaced, b.skipped, b.failed, filepath.Base(dbFile), after.documents,
			len(after.entities), newIDs(before.entities, after.entities), len(after.edges), newIDs(before.edges, after.edges),
			b.words, time.Since(start).Seconds())
	}
	return nil
}

// graphCount is what a database holds, to say what a build changed: the
// summary counts entities and edges the database holds, not the sum of
// what each document mentions, and as new those whose ids it did not hold
// before.
type graphCount struct {
	documents       int
	entities, edges map[int64]bool
}

func countGraph(ctx context.Context, store *graph.Store) (graphCount, error) {
	c := graphCount{entities: map[int64]bool{}, edges: map[int64]bool{}}
	for _, q := range []struct {
		sql string
		ids map[int64]bool
	}{{`SELECT id FROM entities`, c.entities}, {`SELECT id FROM edges`, c.edges}} {
		rows, err := store.Query(ctx, q.sql)
		if err != nil {
			return c, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return c, err
			}
			q.ids[id] = true
		}
		if err := rows.Close(); err != nil {
			return c, err
		}
	}
	rows, err := store.Query(ctx, `SELECT COUNT(*) FROM documents`)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(&c.documents); err != nil {
			return c, err
		}
	}
	return c, rows.Err()
}

// newIDs counts the ids of now that were not in before.
func newIDs(before, now map[int64]bool) int {
	n := 0
	for id := range now {
		if !before[id] {
			n++
		}
	}
	return n
}

// pipedInput returns standard input, buffered, when it brings articles: it
// is not a terminal, and a first byte arrives. /dev/null (a character
// device, as CI and cron give), a closed descriptor and an empty pipe or
// file are no input. A pipe that stays open without data (ssh without a
// command's input) blocks as cat would, so after a second a note on stderr
// says what kg waits for.
func pipedInput(ctx context.Context, stdin io.Reader, stderr io.Writer) (io.Reader, bool) {
	if stdin == nil {
		return nil, false
	}
	if f, ok := stdin.(*os.File); ok {
		st, err := f.Stat()
		if err != nil || st.Mode()&os.ModeCharDevice != 0 || (st.Mode().IsRegular() && st.Size() == 0) {
			return nil, false
		}
	}
	br := bufio.NewReader(stdin)
	peeked := make(chan error, 1)
	go func() {
		_, err := br.Peek(1)
		peeked <- err
	}()
	select {
	case err := <-peeked:
		return br, err == nil
	case <-time.After(time.Second):
		fmt.Fprintln(stderr, "kg: reading articles from standard input (end with Ctrl-D; run with < /dev/null, a PATH or --seeds to build without it)")
	}
	select {
	case err := <-peeked:
		return br, err == nil
	case <-ctx.Done():
		return nil, false
	}
}

// sources lists the inputs; a path that cannot be read is reported and
// skipped so that the others still go in.
func (b *builder) sources(paths []string) ([]input.Source, error) {
	var all []input.Source
	if b.seeds {
		srcs, err := input.FromFS(seeds.FS, "seed:")
		if err != nil {
			return nil, err
		}
		all = append(all, srcs...)
	}
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
	scanSources(ctx, sources, b.stdin, b.opts, b.errorf, func(doc extract.Document, read int64) bool {
		b.mu.Lock()
		b.readBytes = read
		b.mu.Unlock()
		if ok, err := store.HasDocument(ctx, doc.ID); err == nil && ok {
			b.mu.Lock()
			b.skipped++
			b.mu.Unlock()
			return true
		}
		if !enqueue(ctx, slots, todo, &job{seq: seq, doc: doc}) {
			return false
		}
		seq++
		return true
	})
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
			outcome, err := store.Put(ctx, j.doc, j.res)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return fmt.Errorf("%s: %w", j.doc.URI, err)
			}
			b.mu.Lock()
			switch outcome {
			case graph.Added:
				b.docs++
			case graph.Replaced:
				b.replaced++
			default:
				b.skipped++
			}
			if outcome != graph.Skipped {
				b.words += len(strings.Fields(j.doc.Text))
			}
			b.mu.Unlock()
		}
	}
	return nil
}

// progress shows a long run's progress on stderr: on a terminal, a bar
// redrawn in place four times a second; otherwise (a log file, CI) one line
// every logEvery, so that logs show life. The fraction is of input bytes
// read, which moves within a single large JSON Lines file too, and gives
// an estimate of the time left.
func (b *builder) progress(start time.Time) (stop func()) {
	if b.quiet || b.stderr == nil {
		return func() {}
	}
	f, ok := b.stderr.(*os.File)
	tty := ok && term.IsTerminal(int(f.Fd()))
	every := 250 * time.Millisecond
	if !tty {
		every = b.logEvery
		if every <= 0 {
			every = 5 * time.Second
		}
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		drawn := false
		for {
			select {
			case <-quit:
				if drawn && tty {
					fmt.Fprint(b.stderr, "\r\033[K")
				}
				return
			case <-tick.C:
				elapsed := time.Since(start)
				if tty && elapsed < 2*time.Second {
					continue
				}
				b.mu.Lock()
				p := progressLine{docs: b.docs + b.replaced, words: b.words, read: b.readBytes, total: b.totalBytes, elapsed: elapsed}
				b.mu.Unlock()
				if tty {
					fmt.Fprintf(b.stderr, "\r\033[K%s", p.bar())
				} else {
					fmt.Fprintf(b.stderr, "kg: %s\n", p)
				}
				drawn = true
			}
		}
	}()
	return func() { close(quit); wg.Wait() }
}

// progressLine is a snapshot of a build's progress.
type progressLine struct {
	docs, words int
	read, total int64 // input bytes; total is 0 when unknown (stdin)
	elapsed     time.Duration
}

// String reads "42% of 13.1 MB, 1208 docs, 950 words/s, 2m10s left".
func (p progressLine) String() string {
	var s string
	if p.total > 0 {
		s = fmt.Sprintf("%.0f%% of %s, ", 100*p.frac(), megabytes(p.total))
	} else {
		s = megabytes(p.read) + " read, "
	}
	s += fmt.Sprintf("%d docs, %.0f words/s", p.docs, float64(p.words)/max(p.elapsed.Seconds(), 1e-3))
	if eta, ok := p.eta(); ok {
		s += ", " + eta.String() + " left"
	}
	return s
}

// bar is the terminal form: "[=========          ]  30%  1208 docs …".
func (p progressLine) bar() string {
	const width = 30
	n := int(p.frac() * width)
	return "[" + strings.Repeat("=", n) + strings.Repeat(" ", width-n) + "] " + p.String()
}

func (p progressLine) frac() float64 {
	if p.total <= 0 {
		return 0
	}
	return min(1, float64(p.read)/float64(p.total))
}

// eta extrapolates the time left from the bytes read so far, once there is
// enough to go on (1% of the input, or 5 seconds).
func (p progressLine) eta() (time.Duration, bool) {
	f := p.frac()
	if f < 0.01 && p.elapsed < 5*time.Second || f <= 0 || f >= 1 {
		return 0, false
	}
	left := time.Duration(float64(p.elapsed) * (1 - f) / f)
	return left.Round(time.Second), true
}

func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
