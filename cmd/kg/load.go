package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"kg/extract/record"
	"kg/graph"
)

func loadCommand() *cli.Command {
	return &cli.Command{
		Name:      "load",
		Usage:     "fold kg extract results (JSON Lines) into the database",
		ArgsUsage: "RESULTS.jsonl...|-",
		Description: `Reads the lines kg extract (or the Beam pipeline) wrote and stores each document with
its entities, mentions and relations, one transaction per document, exactly as kg build
stores what it extracts: a document already in the database is skipped, one with the
key of a stored one replaces it, and the curation rules apply. Entities are merged
across documents from the set of documents held, so results loaded in any order or in
shards give the same entities, names, aliases and edges (only the numeric ids follow
the order). Files are read in the order given; - reads stdin.

Examples:
   kg extract articles/ > results.jsonl && kg load --db news.db results.jsonl
   kg extract --seeds | kg load --db news.db -`,
		Flags: []cli.Flag{
			dbFlag(),
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no summary on stderr"},
		},
		Action: func(c *cli.Context) error {
			paths := c.Args().Slice()
			if len(paths) == 0 {
				return cli.Exit("no results to load: name the files kg extract wrote (kg load RESULTS.jsonl...), or - for stdin", 2)
			}
			l := &loader{stdin: c.App.Reader, stderr: c.App.ErrWriter}
			start := time.Now()
			err := l.run(c.Context, dbPath(c), paths)
			if c.Context.Err() != nil || errors.Is(err, context.Canceled) {
				return cli.Exit(fmt.Sprintf("interrupted: %d document(s) committed, none half-written; run the same command again to continue", l.docs+l.replaced), 130)
			}
			if err != nil {
				return err
			}
			if !c.Bool("quiet") {
				fmt.Fprintf(c.App.ErrWriter, "kg: %d documents added, %d replaced, %d skipped (already present), %d failed; %s in %.1fs\n",
					l.docs, l.replaced, l.skipped, l.failed, filepath.Base(dbPath(c)), time.Since(start).Seconds())
			}
			if l.failed > 0 {
				return cli.Exit(fmt.Sprintf("%d line(s) or file(s) failed", l.failed), 1)
			}
			return nil
		},
	}
}

// loader runs one `kg load`.
type loader struct {
	stdin  io.Reader
	stderr io.Writer

	docs, replaced, skipped, failed int
}

func (l *loader) errorf(format string, args ...any) {
	l.failed++
	fmt.Fprintf(l.stderr, "kg: "+format+"\n", args...)
}

func (l *loader) run(ctx context.Context, dbFile string, paths []string) (err error) {
	// Every file is opened before the database is, so a mistyped name
	// changes nothing.
	var files []io.ReadCloser
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for _, p := range paths {
		if p == "-" {
			files = append(files, io.NopCloser(l.stdin))
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return cli.Exit(fmt.Sprintf("%v: name a file kg extract wrote", err), 2)
		}
		if st, err := f.Stat(); err == nil && st.IsDir() {
			f.Close()
			return cli.Exit(fmt.Sprintf("%s is a folder: name the result files in it (%s/*.jsonl)", p, strings.TrimSuffix(p, "/")), 2)
		}
		files = append(files, f)
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
	for i, f := range files {
		name := paths[i]
		if name == "-" {
			name = "stdin"
		}
		if err := l.loadFile(ctx, store, record.NewReader(f, name)); err != nil {
			return err
		}
	}
	return nil
}

// loadFile stores every line of one results file; a line that does not
// parse or does not fit its text is reported and skipped.
func (l *loader) loadFile(ctx context.Context, store *graph.Store, r *record.Reader) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		doc, res, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var lineErr *record.LineError
		if errors.As(err, &lineErr) {
			l.errorf("%v", err)
			continue
		}
		if err != nil {
			l.errorf("%v", err)
			return nil // the rest of this file is unreadable; the next files still load
		}
		outcome, err := store.Put(ctx, doc, res)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// As in kg build, a document the store refuses stops the load:
			// what was committed stays, and running again continues.
			return fmt.Errorf("%s:%d: %w", r.Name(), r.Line(), err)
		}
		switch outcome {
		case graph.Added:
			l.docs++
		case graph.Replaced:
			l.replaced++
		default:
			l.skipped++
		}
	}
}
