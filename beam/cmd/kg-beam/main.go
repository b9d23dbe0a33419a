// Command kg-beam runs kg's build as an Apache Beam pipeline: articles are
// read from files on any filesystem Beam supports (local, gs://, s3://),
// extracted in parallel on the runner's workers, and written as kg extract
// result shards that `kg load` folds into a database identical to what
// `kg build` makes from the same files.
//
//	kg-beam --input 'articles/*.jsonl' --output results/ [--runner=prism]
//	kg load --db kg.db results/part-*.jsonl
//
// Beam's runner flags pass through: --runner=prism|direct|flink|spark|dataflow,
// --endpoint (the job server), --environment_type, --project, --region, --temp_location, …
// The default runner is Prism, which runs the pipeline in this process.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"kg/beam/corpus"
)

// patterns is a repeatable flag.
type patterns []string

func (p *patterns) String() string     { return strings.Join(*p, ",") }
func (p *patterns) Set(s string) error { *p = append(*p, s); return nil }

func main() {
	var o corpus.Options
	flag.Var((*patterns)(&o.Inputs), "input", "file `PATTERN` (glob) of articles: .txt .md .html .json .jsonl, .gz too; repeatable, read in order")
	flag.StringVar(&o.Output, "output", "", "`FOLDER` for the result shards (part-*.jsonl) and entities.jsonl")
	flag.StringVar(&o.Date, "date", "", "date documents that carry none `YYYY-MM-DD`")
	flag.StringVar(&o.TextField, "text-field", "", "JSON member that holds the text (default: text, else body, else content)")
	flag.StringVar(&o.IDField, "id-field", "", "JSON member that holds the article's id (default: id)")
	flag.StringVar(&o.DateField, "date-field", "", "JSON member that holds the date (default: published, else date)")
	flag.Int64Var(&o.MaxDocBytes, "max-doc-bytes", 0, "refuse documents larger than `N` bytes (default: kg's)")
	flag.BoolVar(&o.MergeMetonyms, "merge-metonyms", false, "fold a seat of government into its country (the Kremlin into Russia)")
	flag.IntVar(&o.Chunk, "chunk", corpus.DefaultChunk, "documents per shard file")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), `Usage: kg-beam --input PATTERN... --output FOLDER [Beam runner flags]

Runs kg's extraction as an Apache Beam pipeline and writes kg extract result shards.
Fold them into a database with: kg load --db kg.db FOLDER/part-*.jsonl

Examples:
   kg-beam --input 'articles/*.jsonl' --output results/
   kg-beam --runner=flink --endpoint=localhost:8099 --environment_type=LOOPBACK --input 'articles/*' --output results/
   kg-beam --runner=dataflow --project=P --region=europe-west1 --temp_location=gs://B/tmp --input 'gs://B/news/*.jsonl.gz' --output gs://B/results/

Flags:
`)
		flag.PrintDefaults()
	}
	flag.Parse()
	// Init must come first: on a remote worker it runs the worker and
	// does not return.
	beam.Init()
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "kg-beam:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o corpus.Options) error {
	if len(o.Inputs) == 0 || o.Output == "" {
		return fmt.Errorf("give --input PATTERN and --output FOLDER (kg-beam --help)")
	}
	// A pattern that matches nothing fails the job deep inside the runner
	// with a long trace; checking here, on the filesystem the workers will
	// read, gives one line.
	for _, pat := range o.Inputs {
		if err := matches(ctx, pat); err != nil {
			return err
		}
	}
	p, s := beam.NewPipelineWithRoot()
	if err := corpus.Build(s, o); err != nil {
		return err
	}
	if err := beamx.Run(ctx, p); err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	fmt.Fprintf(os.Stderr, "kg-beam: results in %s; fold them with: kg load --db kg.db %s\n", o.Output, strings.TrimSuffix(o.Output, "/")+"/part-*.jsonl")
	return nil
}

// matches checks that the pattern names at least one file.
func matches(ctx context.Context, pattern string) error {
	fs, err := filesystem.New(ctx, pattern)
	if err != nil {
		return fmt.Errorf("--input %s: %w", pattern, err)
	}
	defer fs.Close()
	files, err := fs.List(ctx, pattern)
	if err != nil {
		return fmt.Errorf("--input %s: %w", pattern, err)
	}
	if len(files) == 0 {
		return fmt.Errorf("--input %s matches no file: check the pattern, and quote it so that the shell leaves it to kg-beam", pattern)
	}
	return nil
}
