// Package corpus is kg's build as an Apache Beam pipeline: it reads
// articles from files of any filesystem Beam supports, extracts every
// document in parallel with kg's extraction pipeline (loaded once per
// worker), and writes the results as `kg extract` lines in shard files that
// `kg load` folds into one database, identical to what `kg build` makes
// from the same files. It also groups the entities of all documents by
// kg's merge key, to give each group its canonical name and type across
// the corpus.
//
// Output, in the folder Options.Output:
//
//	part-FFFFFF-CCCCCC.jsonl   results of input file F (in input order),
//	                           documents C*Chunk to (C+1)*Chunk-1, in file order
//	entities.jsonl             one line per merge group, sorted by key:
//	                           {"key","name","type","documents"}
//
// Shard names sort in input order, so `kg load --db kg.db OUT/part-*.jsonl`
// stores the documents in the order `kg build` would, and the database is
// the same to the byte in every export. Loaded in another order, or some
// shards on another day, the graph is the same but for the numeric ids.
package corpus

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // plain paths; the command adds gs:// and s3://
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"kg/extract"
	"kg/extract/input"
	"kg/extract/pipeline"
	"kg/extract/record"
	"kg/graph"
)

// Options configure the pipeline. The input flags mean what kg build's do.
type Options struct {
	Inputs []string // file patterns (globs) on any Beam filesystem, read in this order
	Output string   // folder for the shard files and entities.jsonl

	Date        string // YYYY-MM-DD for documents without a date
	TextField   string // JSON member of the text ("" for kg's default)
	IDField     string
	DateField   string
	MaxDocBytes int64 // 0 for kg's default

	MergeMetonyms bool
	Chunk         int // documents per shard file; 0 for DefaultChunk
}

// DefaultChunk is the number of documents per shard file: small enough that
// a worker sorts one shard in memory, large enough to keep files few.
const DefaultChunk = 1000

func init() {
	register.DoFn2x0[fileio.FileMetadata, func(inputFile)](&tagFn{})
	register.DoFn4x1[context.Context, inputFile, func(*inputFile) bool, func(docAt), error](&scanFn{})
	register.DoFn4x1[context.Context, docAt, func(resultAt), func(string, entitySummary), error](&extractFn{})
	register.DoFn1x2[resultAt, string, resultAt](&shardKeyFn{})
	register.DoFn3x1[context.Context, string, func(*resultAt) bool, error](&writeShardFn{})
	register.Function2x1(mergeEntity)
	register.Function2x1(keyEntity)
	register.DoFn3x1[context.Context, int, func(*entityLine) bool, error](&writeEntitiesFn{})
	register.Emitter1[inputFile]()
	register.Emitter1[docAt]()
	register.Emitter1[resultAt]()
	register.Emitter2[string, entitySummary]()
	register.Iter1[inputFile]()
	register.Iter1[resultAt]()
	register.Iter1[entityLine]()
}

// inputFile is one file matched by the Pattern-th input pattern.
type inputFile struct {
	Pattern int
	Path    string
}

// docAt is a document and its place in the input: the file's rank among
// all input files, and the document's index in the file.
type docAt struct {
	File, Index int
	Doc         extract.Document
}

// resultAt is the kg extract line of the document at File, Index.
type resultAt struct {
	File, Index int
	Line        string
}

// entitySummary is what the documents of one merge group say of it.
type entitySummary struct {
	Name  string      // the fullest name (graph.Fuller)
	Types []typeCount // sorted by type
	Docs  int         // document entities in the group
}

type typeCount struct {
	Type string
	N    int
}

// entityLine is one line of entities.jsonl.
type entityLine struct {
	Key       string `json:"key"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	Documents int    `json:"documents"`
}

// Build adds the pipeline to s.
func Build(s beam.Scope, o Options) error {
	if len(o.Inputs) == 0 {
		return fmt.Errorf("no input: give file patterns (--input 'articles/*.jsonl')")
	}
	if o.Output == "" {
		return fmt.Errorf("no output folder: give one (--output results/)")
	}
	if o.Date != "" {
		d := input.NormalizeDate(o.Date)
		if d == "" {
			return fmt.Errorf("--date %q is not a date: write it as YYYY-MM-DD", o.Date)
		}
		o.Date = d
	}
	if o.Chunk <= 0 {
		o.Chunk = DefaultChunk
	}
	s = s.Scope("kg")
	var tagged []beam.PCollection
	for i, pat := range o.Inputs {
		m := fileio.MatchFiles(s.Scope(fmt.Sprintf("match %d", i)), pat, fileio.MatchEmptyDisallow())
		tagged = append(tagged, beam.ParDo(s, &tagFn{Pattern: i}, m))
	}
	files := beam.Flatten(s, tagged...)
	docs := beam.ParDo(s, &scanFn{Date: o.Date, TextField: o.TextField, IDField: o.IDField, DateField: o.DateField, MaxDocBytes: o.MaxDocBytes},
		files, beam.SideInput{Input: files})
	// A file is scanned by one worker; the documents of a large JSON Lines
	// file are spread over all of them to be extracted.
	docs = beam.Reshuffle(s, docs)
	results, entities := beam.ParDo2(s, &extractFn{MergeMetonyms: o.MergeMetonyms}, docs)

	shards := beam.GroupByKey(s, beam.ParDo(s, &shardKeyFn{Chunk: o.Chunk}, results))
	beam.ParDo0(s, &writeShardFn{Dir: o.Output}, shards)

	groups := beam.CombinePerKey(s, mergeEntity, entities)
	lines := beam.ParDo(s, keyEntity, groups)
	// entities.jsonl is written whole by one worker, sorted: merge groups
	// are far fewer than documents.
	beam.ParDo0(s, &writeEntitiesFn{Dir: o.Output}, beam.GroupByKey(s, beam.AddFixedKey(s, lines)))
	return nil
}

// tagFn tags each matched file with its pattern's index.
type tagFn struct{ Pattern int }

func (f *tagFn) ProcessElement(md fileio.FileMetadata, emit func(inputFile)) {
	emit(inputFile{Pattern: f.Pattern, Path: md.Path})
}

// before orders input files as kg build reads them: by pattern, then as a
// folder walk visits them (lexically, folder by folder).
func before(a, b inputFile) bool {
	if a.Pattern != b.Pattern {
		return a.Pattern < b.Pattern
	}
	pa, pb := strings.Split(a.Path, "/"), strings.Split(b.Path, "/")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return len(pa) < len(pb)
}

// scanFn reads the documents of one file with kg's input scanner.
type scanFn struct {
	Date, TextField, IDField, DateField string
	MaxDocBytes                         int64

	rank  map[string]int // path → rank among all files, computed once per instance
	first map[string]int // path → the first pattern that matched it
}

func (f *scanFn) ProcessElement(ctx context.Context, file inputFile, all func(*inputFile) bool, emit func(docAt)) error {
	if f.rank == nil {
		var files []inputFile
		var fl inputFile
		for all(&fl) {
			files = append(files, fl)
		}
		sort.Slice(files, func(i, j int) bool { return before(files[i], files[j]) })
		f.rank, f.first = map[string]int{}, map[string]int{}
		for _, fl := range files {
			if _, dup := f.rank[fl.Path]; !dup {
				f.rank[fl.Path] = len(f.rank)
				f.first[fl.Path] = fl.Pattern
			}
		}
	}
	if f.first[file.Path] != file.Pattern {
		return nil // a file two patterns match is read once, as kg build reads a path named twice
	}
	rank := f.rank[file.Path]
	rc, err := fileio.ReadableFile{Metadata: fileio.FileMetadata{Path: file.Path}}.Open(ctx)
	if err != nil {
		return fmt.Errorf("open %s: %w", file.Path, err)
	}
	defer rc.Close()
	name := strings.TrimSuffix(file.Path, ".gz")
	format, ok := input.FormatOf(name)
	if !ok {
		format = input.Auto
	}
	sc := input.NewScanner(rc, file.Path, format)
	sc.SetMaxBytes(f.MaxDocBytes)
	sc.SetDate(f.Date)
	sc.SetFields(input.Fields{Text: f.TextField, ID: f.IDField, Date: f.DateField})
	index := 0
	for sc.Scan() {
		if err := sc.DocErr(); err != nil {
			// As kg build: a rejected document is reported and skipped.
			log.Warnf(ctx, "kg: %v", err)
			rejected.Inc(ctx, 1)
			continue
		}
		emit(docAt{File: rank, Index: index, Doc: sc.Document()})
		index++
	}
	if err := sc.Err(); err != nil {
		log.Errorf(ctx, "kg: %v", err)
		rejected.Inc(ctx, 1)
	}
	return nil
}

var (
	rejected  = beam.NewCounter("kg", "documents rejected")
	failed    = beam.NewCounter("kg", "documents failed")
	extracted = beam.NewCounter("kg", "documents extracted")
	words     = beam.NewCounter("kg", "words")
)

// extractFn extracts one document. The pipeline's models are loaded once
// per DoFn instance, in Setup, and shared by its bundles.
type extractFn struct {
	MergeMetonyms bool

	pipe *pipeline.Pipeline
}

func (f *extractFn) Setup() error {
	p, err := pipeline.New(pipeline.Options{MergeMetonyms: f.MergeMetonyms})
	if err != nil {
		return fmt.Errorf("kg pipeline: %w", err)
	}
	f.pipe = p
	return nil
}

func (f *extractFn) ProcessElement(ctx context.Context, d docAt, emit func(resultAt), emitEntity func(string, entitySummary)) error {
	res, err := f.pipe.Extract(ctx, d.Doc)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		log.Errorf(ctx, "kg: %s: %v", d.Doc.URI, err)
		failed.Inc(ctx, 1)
		return nil
	}
	line, err := record.Marshal(d.Doc, res)
	if err != nil {
		log.Errorf(ctx, "kg: %v", err)
		failed.Inc(ctx, 1)
		return nil
	}
	emit(resultAt{File: d.File, Index: d.Index, Line: string(line)})
	for _, e := range res.Entities {
		emitEntity(graph.EntityMergeKey(e, d.Doc.ID), entitySummary{Name: e.Name, Types: []typeCount{{Type: e.Type, N: 1}}, Docs: 1})
	}
	extracted.Inc(ctx, 1)
	words.Inc(ctx, int64(len(strings.Fields(d.Doc.Text))))
	return nil
}

// shardKeyFn keys a result by its shard file's name.
type shardKeyFn struct{ Chunk int }

func (f *shardKeyFn) ProcessElement(r resultAt) (string, resultAt) {
	return fmt.Sprintf("part-%06d-%06d.jsonl", r.File, r.Index/f.Chunk), r
}

// writeShardFn writes one shard file, its lines in input order.
type writeShardFn struct{ Dir string }

func (f *writeShardFn) ProcessElement(ctx context.Context, name string, results func(*resultAt) bool) error {
	var rs []resultAt
	var r resultAt
	for results(&r) {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Index < rs[j].Index })
	return writeFile(ctx, join(f.Dir, name), func(w io.Writer) error {
		for _, r := range rs {
			if _, err := io.WriteString(w, r.Line+"\n"); err != nil {
				return err
			}
		}
		return nil
	})
}

// mergeEntity combines what two sets of documents say of a merge group.
// It is associative and commutative, so the result does not depend on
// how the runner splits and orders the work.
func mergeEntity(a, b entitySummary) entitySummary {
	out := entitySummary{Name: a.Name, Docs: a.Docs + b.Docs}
	if out.Name == "" || b.Name != "" && graph.Fuller(b.Name, out.Name) {
		out.Name = b.Name
	}
	n := map[string]int{}
	for _, t := range a.Types {
		n[t.Type] += t.N
	}
	for _, t := range b.Types {
		n[t.Type] += t.N
	}
	for t, c := range n {
		out.Types = append(out.Types, typeCount{Type: t, N: c})
	}
	sort.Slice(out.Types, func(i, j int) bool { return out.Types[i].Type < out.Types[j].Type })
	return out
}

// keyEntity makes the entities.jsonl line of a group: its type is the most
// common of its documents' (lexically first on a tie), as the store does.
func keyEntity(key string, e entitySummary) entityLine {
	l := entityLine{Key: key, Name: e.Name, Documents: e.Docs}
	best := 0
	for _, t := range e.Types { // sorted by type: the first of the most common wins
		if t.N > best {
			l.Type, best = t.Type, t.N
		}
	}
	return l
}

// writeEntitiesFn writes entities.jsonl, sorted by key.
type writeEntitiesFn struct{ Dir string }

func (f *writeEntitiesFn) ProcessElement(ctx context.Context, _ int, lines func(*entityLine) bool) error {
	var ls []entityLine
	var l entityLine
	for lines(&l) {
		ls = append(ls, l)
	}
	sort.Slice(ls, func(i, j int) bool { return ls[i].Key < ls[j].Key })
	return writeFile(ctx, join(f.Dir, "entities.jsonl"), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, l := range ls {
			if err := enc.Encode(l); err != nil {
				return err
			}
		}
		return nil
	})
}

// join joins a folder and a file name on any Beam filesystem ("gs://b/out",
// "/tmp/out").
func join(dir, name string) string {
	if strings.Contains(dir, "://") {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return path.Join(dir, name)
}

// writeFile writes one file on any Beam filesystem. A retried bundle
// writes the same bytes again, so a partial file from a failed attempt is
// simply overwritten.
func writeFile(ctx context.Context, name string, write func(io.Writer) error) error {
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, name)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := write(w); err != nil {
		w.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
