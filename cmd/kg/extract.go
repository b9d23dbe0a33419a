package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"kg/extract"
	"kg/extract/input"
	"kg/extract/pipeline"
	"kg/extract/record"
	"kg/seeds"
)

func extractCommand() *cli.Command {
	return &cli.Command{
		Name:      "extract",
		Usage:     "extract articles to JSON Lines results, without a database",
		ArgsUsage: "[PATH|-]...",
		Description: `Reads articles as kg build does (files, folders, JSON Lines, stdin) and writes one JSON
line per document to stdout (or -o FILE): the document, its sentences, entities,
mentions and relations with their evidence, in input order. A line depends only on its
document, so extraction can run anywhere (several machines, a shell pipe, Spark's
pipe(), the Beam pipeline in beam/) and kg load folds the results into a database:
kg build is kg extract followed by kg load. The line format ("format": "kg-extract/1")
is described in the README.

Examples:
   kg extract articles/ > results.jsonl
   kg extract --seeds -o seeds.jsonl
   kg load --db news.db results.jsonl`,
		Flags: append(inputFlags(),
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` instead of stdout"},
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), Usage: "extract on `N` goroutines"},
			&cli.BoolFlag{Name: "seeds", Usage: "also extract the bundled sample articles"},
			&cli.BoolFlag{Name: "merge-metonyms", Usage: "fold a seat of government into its country (the Kremlin into Russia) instead of linking them"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no summary on stderr"},
		),
		Action: func(c *cli.Context) error {
			opts, err := readInputFlags(c)
			if err != nil {
				return err
			}
			workers := c.Int("workers")
			if workers < 1 {
				return cli.Exit("--workers must be at least 1", 2)
			}
			paths := c.Args().Slice()
			stdin := c.App.Reader
			if len(paths) == 0 && !c.Bool("seeds") {
				r, ok := pipedInput(c.Context, stdin, c.App.ErrWriter)
				if !ok {
					return cli.Exit("no articles: name files or folders (kg extract PATH...), pipe them in, or extract the bundled sample with --seeds", 2)
				}
				stdin, paths = r, []string{"-"}
			}
			x := &extractor{opts: opts, stdin: stdin, stderr: c.App.ErrWriter, workers: workers, seeds: c.Bool("seeds")}
			pipe, err := pipeline.New(pipeline.Options{MergeMetonyms: c.Bool("merge-metonyms")})
			if err != nil {
				return err
			}
			start := time.Now()
			write := func(w io.Writer) error { return x.run(c.Context, pipe, paths, w) }
			if out := c.String("output"); out != "" && out != "-" {
				err = writeFileAtomic(out, write)
			} else {
				err = write(c.App.Writer)
			}
			if c.Context.Err() != nil {
				return cli.Exit("interrupted", 130)
			}
			if err != nil {
				return err
			}
			if !c.Bool("quiet") {
				fmt.Fprintf(c.App.ErrWriter, "kg: %d documents extracted, %d failed; %d words in %.1fs\n",
					x.docs, x.failed, x.words, time.Since(start).Seconds())
			}
			if x.failed > 0 {
				return cli.Exit(fmt.Sprintf("%d input(s) failed", x.failed), 1)
			}
			return nil
		},
	}
}

// inputOptions are the flags that say how articles are read, shared by the
// commands that read articles.
type inputOptions struct {
	date   string // YYYY-MM-DD for documents without one
	fields input.Fields
	maxDoc int64
}

// inputFlags are kg build's flags for reading articles, for the commands
// that read articles the same way.
func inputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.Int64Flag{Name: "max-doc-bytes", Value: input.DefaultMaxBytes, Usage: "refuse documents (a file, or a JSON line) larger than `N` bytes"},
		&cli.StringFlag{Name: "date", Usage: "date documents that carry none (text files, stdin) `YYYY-MM-DD`"},
		&cli.StringFlag{Name: "text-field", Usage: "JSON member that holds the text (default: text, else body, else content)", DefaultText: "text"},
		&cli.StringFlag{Name: "id-field", Usage: "JSON member that holds the article's id", DefaultText: "id"},
		&cli.StringFlag{Name: "date-field", Usage: "JSON member that holds the date (default: published, else date)", DefaultText: "published"},
	}
}

func readInputFlags(c *cli.Context) (inputOptions, error) {
	o := inputOptions{
		date:   c.String("date"),
		fields: input.Fields{Text: c.String("text-field"), ID: c.String("id-field"), Date: c.String("date-field")},
		maxDoc: c.Int64("max-doc-bytes"),
	}
	if o.date != "" {
		if o.date = input.NormalizeDate(o.date); o.date == "" {
			return o, cli.Exit(fmt.Sprintf("--date %q is not a date: write it as YYYY-MM-DD", c.String("date")), 2)
		}
	}
	return o, nil
}

// extractor runs one `kg extract`: documents are read in input order,
// extracted on several goroutines and written by one, in input order, so
// that the same inputs give the same bytes.
type extractor struct {
	opts    inputOptions
	stdin   io.Reader
	stderr  io.Writer
	workers int
	seeds   bool

	mu                  sync.Mutex // guards the counters, updated by the reader and the writer
	docs, failed, words int
}

func (x *extractor) errorf(format string, args ...any) {
	x.mu.Lock()
	x.failed++
	x.mu.Unlock()
	fmt.Fprintf(x.stderr, "kg: "+format+"\n", args...)
}

func (x *extractor) run(ctx context.Context, pipe *pipeline.Pipeline, paths []string, out io.Writer) error {
	var sources []input.Source
	if x.seeds {
		srcs, err := input.FromFS(seeds.FS, "seed:")
		if err != nil {
			return err
		}
		sources = append(sources, srcs...)
	}
	for _, p := range paths {
		srcs, err := input.Expand([]string{p})
		if err != nil {
			x.errorf("%v", err)
			continue
		}
		sources = append(sources, srcs...)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan *job)
	done := make(chan *job)
	slots := make(chan struct{}, 2*x.workers) // bounds documents in flight, and so memory
	go func() {
		defer close(todo)
		seq := 0
		scanSources(ctx, sources, x.stdin, x.opts, x.errorf, func(doc extract.Document, _ int64) bool {
			if !enqueue(ctx, slots, todo, &job{seq: seq, doc: doc}) {
				return false
			}
			seq++
			return true
		})
	}()
	extractAll(ctx, pipe, x.workers, todo, done)

	w := record.NewWriter(out)
	pending := map[int]*job{}
	next := 0
	var werr error
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
			if werr != nil {
				continue // drain the workers
			}
			if j.err != nil {
				if ctx.Err() == nil {
					x.errorf("%s: %v", j.doc.URI, j.err)
				}
				continue
			}
			if err := w.Write(j.doc, j.res); err != nil {
				if w.Error() != nil {
					werr = fmt.Errorf("writing results: %w", err)
					cancel()
					continue
				}
				x.errorf("%s: %v", j.doc.URI, err)
				continue
			}
			x.mu.Lock()
			x.docs++
			x.words += len(strings.Fields(j.doc.Text))
			x.mu.Unlock()
		}
	}
	if werr != nil {
		return werr
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	return ctx.Err()
}

// scanSources reads every document of every source in order, reporting
// rejected documents and unreadable inputs with errorf, and passes each
// document to emit, with the bytes of the inputs read so far, until it
// returns false.
func scanSources(ctx context.Context, sources []input.Source, stdin io.Reader, opts inputOptions, errorf func(string, ...any), emit func(doc extract.Document, read int64) bool) {
	var base int64 // bytes of the sources read to the end
	for _, src := range sources {
		if ctx.Err() != nil {
			return
		}
		rc, err := src.Open(stdin)
		if err != nil {
			errorf("%v", err)
			continue
		}
		sc := input.NewScanner(rc, src.Name, src.Format)
		sc.SetMaxBytes(opts.maxDoc)
		sc.SetDate(opts.date)
		sc.SetFields(opts.fields)
		for sc.Scan() {
			if err := sc.DocErr(); err != nil {
				errorf("%v", err)
				continue
			}
			if !emit(sc.Document(), base+sc.Offset()) {
				rc.Close()
				return
			}
		}
		if err := sc.Err(); err != nil {
			errorf("%v", err)
		}
		rc.Close()
		base += src.Size
	}
}
