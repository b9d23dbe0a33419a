// Package releval scores kg's relation extraction on relations-dev, the
// hand-made relation gold of 28 GUM documents in ../shared/data: it rebuilds
// each text from its CoNLL-U file, builds it through the extraction pipeline
// into a kg database of its own, and scores what the database holds with
// the semantics of that folder's score.py, ported here so that `kg eval
// relations` needs no Python.
package releval

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"kg/extract"
	"kg/extract/input"
	"kg/extract/pipeline"
	"kg/graph"
)

// GoldDir returns the relations-dev folder under the data folder.
func GoldDir(dataDir string) string { return filepath.Join(dataDir, "relations-dev") }

// Texts lists the names of the texts of relations-dev, sorted: one per
// NAME.tsv gold file.
func Texts(dataDir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(GoldDir(dataDir), "*.tsv"))
	if err != nil {
		return nil, fmt.Errorf("list relations-dev: %w", err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no gold files (*.tsv) in %s: pass --data with the folder that holds relations-dev", GoldDir(dataDir))
	}
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = strings.TrimSuffix(filepath.Base(p), ".tsv")
	}
	slices.Sort(names)
	return names, nil
}

// DirTexts lists the texts of a folder of one's own: each NAME.txt with its
// gold NAME.tsv beside it, in the format of relations-dev.
func DirTexts(dir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	var names []string
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".tsv")
		if _, err := os.Stat(filepath.Join(dir, name+".txt")); err != nil {
			return nil, fmt.Errorf("%s has no text %s.txt beside it: each gold file needs its text", p, name)
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no gold files (*.tsv) in %s: put NAME.txt and its gold NAME.tsv there", dir)
	}
	slices.Sort(names)
	return names, nil
}

// Options configure Evaluate.
type Options struct {
	Dir      string    // when set, the texts are Dir/NAME.txt with gold Dir/NAME.tsv, not relations-dev
	DataDir  string    // the folder holding relations-dev and gum/conllu
	Texts    []string  // the texts to score; none means all of relations-dev
	Workers  int       // texts built at once; 0 or less means 2
	Progress io.Writer // where a line per finished text goes, or nil
}

// Evaluate builds and scores the texts, in the order of opts.Texts (sorted
// names when it is empty), whatever order they finish in.
func Evaluate(ctx context.Context, pipe *pipeline.Pipeline, opts Options) ([]*Result, error) {
	names := opts.Texts
	if len(names) == 0 {
		var err error
		if opts.Dir != "" {
			names, err = DirTexts(opts.Dir)
		} else {
			names, err = Texts(opts.DataDir)
		}
		if err != nil {
			return nil, err
		}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = 2
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make([]*Result, len(names))
	next := make(chan int)
	var mu sync.Mutex // guards firstErr and done, and serialises progress lines
	var firstErr error
	done := 0
	var wg sync.WaitGroup
	for range min(workers, len(names)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var r *Result
				var err error
				if opts.Dir != "" {
					r, err = EvaluateFile(ctx, pipe, opts.Dir, names[i])
				} else {
					r, err = EvaluateText(ctx, pipe, opts.DataDir, names[i])
				}
				mu.Lock()
				if err != nil && firstErr == nil {
					// The first failure is the one to report; the
					// others are mostly the cancellation it causes.
					firstErr = err
					cancel()
				}
				results[i] = r
				done++
				if err == nil && opts.Progress != nil {
					fmt.Fprintf(opts.Progress, "kg: scored %s (%d/%d)\n", names[i], done, len(names))
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range names {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return results, nil
}

// EvaluateText builds the text name of relations-dev into a temporary kg
// database, removed afterwards, and scores it.
func EvaluateText(ctx context.Context, pipe *pipeline.Pipeline, dataDir, name string) (*Result, error) {
	gold, err := ReadGold(filepath.Join(GoldDir(dataDir), name+".tsv"))
	if err != nil {
		return nil, err
	}
	text, err := ReadText(ConlluPath(dataDir, name))
	if err != nil {
		return nil, err
	}
	return buildAndScore(ctx, pipe, gold, name, text)
}

// EvaluateFile builds dir/NAME.txt into a temporary kg database and scores
// it against dir/NAME.tsv.
func EvaluateFile(ctx context.Context, pipe *pipeline.Pipeline, dir, name string) (*Result, error) {
	gold, err := ReadGold(filepath.Join(dir, name+".tsv"))
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(dir, name+".txt"))
	if err != nil {
		return nil, err
	}
	return buildAndScore(ctx, pipe, gold, name, string(b))
}

// buildAndScore builds text into a temporary database, removed afterwards,
// and scores it against gold.
func buildAndScore(ctx context.Context, pipe *pipeline.Pipeline, gold *Gold, name, text string) (*Result, error) {
	dir, err := os.MkdirTemp("", "kg-releval-")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer os.RemoveAll(dir)
	g, err := Build(ctx, pipe, name, text, filepath.Join(dir, name+".db"))
	if err != nil {
		return nil, err
	}
	return Score(gold, g), nil
}

// Build extracts text as `kg build NAME.txt` would read it, stores the
// result in a new kg database at dbPath and reads the graph back from it.
func Build(ctx context.Context, pipe *pipeline.Pipeline, name, text, dbPath string) (*Graph, error) {
	doc, err := document(name, text)
	if err != nil {
		return nil, err
	}
	res, err := pipe.Extract(ctx, doc)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", name, err)
	}
	store, err := graph.Open(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	if _, err := store.Add(ctx, doc, res); err != nil {
		store.Close()
		return nil, err
	}
	g, err := ReadGraph(ctx, store)
	if cerr := store.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close %s: %w", dbPath, cerr)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return g, nil
}

// document makes the Document kg build makes of a file NAME.txt holding
// text: the same title, URI and ID.
func document(name, text string) (extract.Document, error) {
	sc := input.NewScanner(strings.NewReader(text), name+".txt", input.Text)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return extract.Document{}, err
		}
		return extract.Document{}, fmt.Errorf("%s: no document in the text", name)
	}
	if err := sc.DocErr(); err != nil {
		return extract.Document{}, err
	}
	return sc.Document(), nil
}
