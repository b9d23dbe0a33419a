package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"kg/extract/input"
	"kg/extract/ner"
	"kg/extract/parse"
	"kg/extract/pipeline"
	"kg/extract/relate"
	"kg/extract/resolve"
	"kg/extract/segment"
	"kg/extract/srl"
	"kg/extract/tag"
	"kg/extract/ud"
	"kg/extract/udeval"
)

func dataFlag() cli.Flag {
	return &cli.StringFlag{Name: "data", Value: filepath.Join("..", "shared", "data"), Usage: "training and evaluation corpora in `DIR`"}
}

func triplesCommand() *cli.Command {
	return &cli.Command{
		Name:      "triples",
		Usage:     "print open-IE tuples for every clause",
		ArgsUsage: "[PATH|-]...",
		Description: `Prints one tuple per line for every clause kg reads off the parse, entity or
not: confidence, arg1, relation, arg2 and further arguments, tab-separated, after the
sentence number. With no PATH it reads the bundled sample articles.

With --format carb, every input line is one pre-tokenized sentence (tokens separated
by spaces, as in CaRB's data_dev.txt) and the output is CaRB's system format:
sentence, confidence, relation, arg1, arg2, … — ready for CaRB's scorer.

Examples:
   kg triples article.txt
   kg triples --format carb ../shared/data/carb/data_dev.txt > ours.tsv`,
		Flags: []cli.Flag{&cli.StringFlag{Name: "format", Value: "text", Usage: "`FORMAT`: text or carb"}},
		Action: func(c *cli.Context) error {
			pipe, err := pipeline.New(pipeline.Options{})
			if err != nil {
				return err
			}
			w := bufio.NewWriter(c.App.Writer)
			defer w.Flush()
			switch c.String("format") {
			case "carb":
				return carbTriples(c, pipe, w)
			case "text":
			default:
				return cli.Exit("--format takes text or carb", 2)
			}
			b := &builder{stderr: c.App.ErrWriter}
			sources, err := b.sources(c.Args().Slice())
			if err != nil {
				return err
			}
			failed := 0
			for _, src := range sources {
				rc, err := src.Open(c.App.Reader)
				if err != nil {
					fmt.Fprintln(c.App.ErrWriter, "kg:", err)
					failed++
					continue
				}
				sc := input.NewScanner(rc, src.Name, src.Format)
				for sc.Scan() {
					if err := sc.DocErr(); err != nil {
						fmt.Fprintln(c.App.ErrWriter, "kg:", err)
						failed++
						continue
					}
					doc := sc.Document()
					sents, err := pipe.Annotate(c.Context, doc.Text)
					if err != nil {
						rc.Close()
						return err
					}
					fmt.Fprintf(w, "# %s\n", doc.URI)
					for i, s := range sents {
						for _, t := range relate.Triples(s) {
							fmt.Fprintf(w, "%d\t%.2f\t%s\t%s\t%s\n", i+1, t.Confidence, t.Arg1, t.Rel, strings.Join(t.Args, "\t"))
						}
					}
				}
				if err := sc.Err(); err != nil {
					fmt.Fprintln(c.App.ErrWriter, "kg:", err)
					failed++
				}
				rc.Close()
			}
			if failed += b.failed; failed > 0 {
				return cli.Exit(fmt.Sprintf("%d input(s) failed", failed), 1)
			}
			return nil
		},
	}
}

// tokenized builds a sentence from pre-tokenized text, one token per
// space-separated field, with offsets into line.
func tokenized(line string) *ud.Sentence {
	s := &ud.Sentence{Text: line, Start: 0, End: len(line)}
	pos := 0
	for _, f := range strings.Split(line, " ") {
		if f != "" {
			s.Tokens = append(s.Tokens, ud.Token{ID: len(s.Tokens) + 1, Form: f, Head: -1, Start: pos, End: pos + len(f)})
		}
		pos += len(f) + 1
	}
	return s
}

func carbTriples(c *cli.Context, pipe *pipeline.Pipeline, w io.Writer) error {
	paths := c.Args().Slice()
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	for _, p := range paths {
		var r io.Reader = c.App.Reader
		if p != "-" {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			r = f
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 4<<20)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			s := tokenized(line)
			pipe.AnnotateSentence(s)
			if err := relate.WriteCaRB(w, line, relate.Triples(s)); err != nil {
				return err
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}

func evalCommand() *cli.Command {
	return &cli.Command{
		Name:  "eval",
		Usage: "measure the models on held-out data",
		Description: `Examples:
   kg eval parse --gold-tokens ../shared/data/ud-ewt/en_ewt-ud-test.conllu
   kg eval parse ../shared/data/ud-ewt/en_ewt-ud-test.conllu     # our own tokenizer, aligned
   kg eval ner --data ../shared/data
   kg eval carb --data ../shared/data
   kg eval coref --data ../shared/data
   kg eval segment ../shared/data/ud-ewt/en_ewt-ud-dev.conllu
   kg eval xdoc --data ../shared/data
   kg eval relations --data ../shared/data`,
		Subcommands: []*cli.Command{
			evalXdocCommand(),
			evalRelationsCommand(),
			{
				Name:      "parse",
				Usage:     "tag and parse a CoNLL-U file and score UPOS, XPOS, UAS and LAS",
				ArgsUsage: "FILE.conllu",
				Description: `With --gold-tokens the file's own words are tagged and parsed; without, the
'# text' lines are tokenized and split by kg and aligned to the gold words by
characters, as the CoNLL 2018 shared task evaluation does. Prints per-label detail
and, last, a line UPOS=… XPOS=… UAS=… LAS=… in percent.

Example:
   kg eval parse --gold-tokens ../shared/data/ud-ewt/en_ewt-ud-test.conllu`,
				Flags: []cli.Flag{&cli.BoolFlag{Name: "gold-tokens", Usage: "use the file's tokenization"}},
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return cli.Exit("eval parse takes one CoNLL-U file", 2)
					}
					gold, err := ud.ReadFile(c.Args().First())
					if err != nil {
						return err
					}
					pipe, err := pipeline.New(pipeline.Options{})
					if err != nil {
						return err
					}
					var sys []*ud.Sentence
					if c.Bool("gold-tokens") {
						for _, g := range gold {
							s := &ud.Sentence{ID: g.ID, Text: g.Text, Start: -1, End: -1}
							for _, t := range g.Tokens {
								s.Tokens = append(s.Tokens, ud.Token{ID: t.ID, Form: t.Form, Head: -1, Start: -1, End: -1})
							}
							sys = append(sys, s)
						}
						if err := pipe.AnnotateSentences(c.Context, sys); err != nil {
							return err
						}
					} else {
						for _, text := range documentTexts(gold) {
							sents, err := pipe.Annotate(c.Context, text)
							if err != nil {
								return err
							}
							sys = append(sys, sents...)
						}
					}
					scores, err := udeval.Evaluate(gold, sys)
					if err != nil {
						return err
					}
					return scores.Write(c.App.Writer)
				},
			},
			{
				Name:  "ner",
				Usage: "score entity recognition on GUM dev, UniversalNER EWT test, CrossNER politics test, held-out Wikigold and CrossNER politics dev",
				Description: `Exact-span precision, recall and F1 per type. Wikigold has no split: every
fifth article is held out of training and scored here. CrossNER politics dev,
scored last, is the split whose errors rules are written from; the others are
only measured. In CrossNER and
Wikigold, a prediction overlapping a name of a type kg lacks (election,
event, MISC) is not scored.

With --cv the embedded model is not used: the training documents of the four
corpora are split into 5 folds by document and each fold is scored with a
model trained on the others (five trainings: half an hour or more on two
cores), each corpus reported apart. GUM dev has only 335 names, so one
recurring name can move its F1 by two points; the cross-validated scores
pool about 7,800 names and are the better guide when comparing two models.

Examples:
   kg eval ner --data ../shared/data
   kg eval ner --cv --data ../shared/data`,
				Flags: []cli.Flag{dataFlag(), &cli.BoolFlag{Name: "cv", Usage: "cross-validate on the training documents instead"}},
				Action: func(c *cli.Context) error {
					if c.Bool("cv") {
						scores, err := ner.CrossValidate(c.Context, c.String("data"), ner.DefaultCorpora(), 5, c.App.ErrWriter)
						if err != nil {
							return err
						}
						for _, s := range scores {
							if err := s.Write(c.App.Writer); err != nil {
								return err
							}
						}
						return nil
					}
					m, err := ner.Load()
					if err != nil {
						return err
					}
					for _, eval := range []func(*ner.Model, string) (ner.Scores, error){ner.EvalGUM, ner.EvalUNER, ner.EvalCrossNER, ner.EvalWikigold, ner.EvalCrossNERDev} {
						s, err := eval(m, c.String("data"))
						if err != nil {
							return err
						}
						if err := s.Write(c.App.Writer); err != nil {
							return err
						}
					}
					return nil
				},
			},
			{
				Name:      "srl",
				Usage:     "score semantic role labelling on a PropBank CoNLL-U Plus file",
				ArgsUsage: "FILE.conllup",
				Description: `Tags and parses the file's own words with kg's tagger and parser, labels
semantic roles, and scores predicates (identification), rolesets and labelled
argument heads (predicate, head and role all right). With --gold-predicates the
file's predicates are given. Prints per-role detail and, last, a line
PRED-F1=… ARG-P=… ARG-R=… ARG-F1=… in percent.

Examples:
   kg eval srl ../shared/data/propbank-ewt/en_ewt-pb-test.conllup
   kg eval srl --gold-predicates ../shared/data/propbank-ewt/en_ewt-pb-dev.conllup`,
				Flags: []cli.Flag{&cli.BoolFlag{Name: "gold-predicates", Usage: "give the gold predicates"}},
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return cli.Exit("eval srl takes one CoNLL-U Plus file, e.g. ../shared/data/propbank-ewt/en_ewt-pb-dev.conllup", 2)
					}
					gold, err := srl.ReadFile(c.Args().First())
					if err != nil {
						return err
					}
					annotate, err := annotator()
					if err != nil {
						return err
					}
					m, err := srl.Load()
					if err != nil {
						return err
					}
					sys, err := srl.Annotate(c.Context, gold, annotate)
					if err != nil {
						return err
					}
					start := time.Now()
					s := srl.Evaluate(m, gold, sys, c.Bool("gold-predicates"))
					words := 0
					for _, g := range gold {
						words += len(g.Sentence.Tokens)
					}
					fmt.Fprintf(c.App.ErrWriter, "labelled %d words in %v (%.0f words/s, roles only)\n", words, time.Since(start).Round(time.Millisecond), float64(words)/time.Since(start).Seconds())
					return s.Write(c.App.Writer)
				},
			},
			{
				Name:  "carb",
				Usage: "score open-IE triples on the CaRB dev set",
				Description: `Runs kg's tagger, parser and clause extraction on CaRB's dev sentences and scores
them with the Go port of CaRB's scorer.

Example:
   kg eval carb --data ../shared/data`,
				Flags: []cli.Flag{dataFlag()},
				Action: func(c *cli.Context) error {
					pipe, err := pipeline.New(pipeline.Options{})
					if err != nil {
						return err
					}
					res, err := relate.EvalCaRB(c.String("data"), func(line string) *ud.Sentence {
						s := tokenized(line)
						pipe.AnnotateSentence(s)
						return s
					})
					if err != nil {
						return err
					}
					fmt.Fprintf(c.App.Writer, "CaRB dev: AUC=%.3f P=%.3f R=%.3f F1=%.3f (threshold %.2f)\n",
						res.AUC, res.Precision, res.Recall, res.F1, res.Threshold)
					return nil
				},
			},
			{
				Name:  "coref",
				Usage: "score alias, pronoun and description resolution on GUM (gold trees and names)",
				Description: `Scores GUM dev by default; --split train scores the training documents,
a check that rules written from dev errors hold elsewhere.

Examples:
   kg eval coref --data ../shared/data
   kg eval coref --data ../shared/data --split train
   kg eval coref --data ../shared/data -v | grep 'description missed'`,
				Flags: []cli.Flag{dataFlag(), &cli.StringFlag{Name: "split", Value: "dev", Usage: "GUM documents to score: dev or train"},
					&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "first list each scored pronoun and description: document, outcome, mention -> entity, sentence"}},
				Action: func(c *cli.Context) error {
					var s resolve.Scores
					var err error
					if c.Bool("verbose") {
						s, err = resolve.EvalGUMTrace(c.String("data"), c.String("split"), c.App.Writer)
					} else {
						s, err = resolve.EvalGUMSplit(c.String("data"), c.String("split"), nil)
					}
					if err != nil {
						return err
					}
					fmt.Fprintln(c.App.Writer, s.String())
					return nil
				},
			},
			{
				Name:      "segment",
				Usage:     "score tokenization and sentence splitting against a CoNLL-U file",
				ArgsUsage: "FILE.conllu",
				Description: `Example:
   kg eval segment ../shared/data/ud-ewt/en_ewt-ud-dev.conllu`,
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return cli.Exit("eval segment takes one CoNLL-U file", 2)
					}
					gold, err := ud.ReadFile(c.Args().First())
					if err != nil {
						return err
					}
					e := segment.Evaluate(gold)
					fmt.Fprintf(c.App.Writer, "documents=%d words F1=%.2f (P %.2f R %.2f) sentences F1=%.2f (P %.2f R %.2f)\n", e.Documents,
						100*e.Words.F1(), 100*e.Words.Precision(), 100*e.Words.Recall(),
						100*e.Sentences.F1(), 100*e.Sentences.Precision(), 100*e.Sentences.Recall())
					return nil
				},
			},
		},
	}
}

// annotator tags and parses sentences with the embedded tagger and parser,
// as the pipeline does, without loading the later stages' models.
func annotator() (srl.Annotator, error) {
	tm, err := tag.Load()
	if err != nil {
		return nil, err
	}
	pm, err := parse.Load()
	if err != nil {
		return nil, err
	}
	return annotatorOf(tm, pm), nil
}

// annotatorOf tags and parses sentences with the given models.
func annotatorOf(tm *tag.Model, pm *parse.Model) srl.Annotator {
	return func(ctx context.Context, sents []*ud.Sentence) error {
		for lo := 0; lo < len(sents); lo += 256 {
			if err := ctx.Err(); err != nil {
				return err
			}
			chunk := sents[lo:min(lo+256, len(sents))]
			for _, s := range chunk {
				tm.Tag(s)
			}
			pm.ParseAll(chunk)
		}
		return nil
	}
}

// documentTexts rebuilds the running text of each document of a treebank
// from its sentences' '# text' lines.
func documentTexts(sents []*ud.Sentence) []string {
	var texts []string
	var cur strings.Builder
	doc := "\x00"
	for _, s := range sents {
		if s.DocID != doc && cur.Len() > 0 {
			texts = append(texts, cur.String())
			cur.Reset()
		}
		doc = s.DocID
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(s.Text)
	}
	if cur.Len() > 0 {
		texts = append(texts, cur.String())
	}
	return texts
}

// trainAll retrains the three models in order, each on the ones before it.
func trainAll(c *cli.Context) error {
	outs := map[string]string{}
	for _, t := range trainers() {
		if _, err := os.Stat(filepath.Dir(t.out)); err != nil {
			return cli.Exit(fmt.Sprintf("%s: run from the repository root", filepath.Dir(t.out)), 2)
		}
		outs[t.name] = t.out
	}
	data, log := c.String("data"), c.App.ErrWriter
	// save writes m where the build embeds it and returns its bytes, which
	// the next stage reads back: the embedded model is those bytes, not m.
	save := func(path string, m interface{ Save(io.Writer) error }) ([]byte, error) {
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			return nil, err
		}
		if err := writeFileAtomic(path, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	tm, err := tag.Train(c.Context, data, log)
	if err != nil {
		return err
	}
	b, err := save(outs["tag"], tm)
	if err != nil {
		return err
	}
	if tm, err = tag.Read(bytes.NewReader(b)); err != nil {
		return err
	}
	pm, err := parse.TrainWith(c.Context, data, tm, log)
	if err != nil {
		return err
	}
	if b, err = save(outs["parse"], pm); err != nil {
		return err
	}
	if pm, err = parse.Read(bytes.NewReader(b)); err != nil {
		return err
	}
	nm, err := ner.TrainWith(c.Context, data, func(s *ud.Sentence) {
		tm.Tag(s)
		pm.Parse(s)
	}, log)
	if err != nil {
		return err
	}
	if _, err = save(outs["ner"], nm); err != nil {
		return err
	}
	rm, err := srl.Train(c.Context, data, annotatorOf(tm, pm), srl.DefaultConfig(), log)
	if err != nil {
		return err
	}
	_, err = save(outs["srl"], rm)
	return err
}

// trainer is what every trainable stage provides.
type trainer struct {
	name  string
	out   string // model file, relative to the repository root
	train func(c *cli.Context) (interface{ Save(io.Writer) error }, error)
}

func trainers() []trainer {
	return []trainer{
		{"tag", "extract/tag/model/en.tagger.gz", func(c *cli.Context) (interface{ Save(io.Writer) error }, error) {
			return tag.Train(c.Context, c.String("data"), c.App.ErrWriter)
		}},
		{"parse", "extract/parse/model/parser.bin.gz", func(c *cli.Context) (interface{ Save(io.Writer) error }, error) {
			return parse.Train(c.Context, c.String("data"), c.App.ErrWriter)
		}},
		{"ner", "extract/ner/model/ner.model.gz", func(c *cli.Context) (interface{ Save(io.Writer) error }, error) {
			return ner.Train(c.Context, c.String("data"), c.App.ErrWriter)
		}},
		{"srl", "extract/srl/model/srl.model.gz", func(c *cli.Context) (interface{ Save(io.Writer) error }, error) {
			annotate, err := annotator()
			if err != nil {
				return nil, err
			}
			return srl.Train(c.Context, c.String("data"), annotate, srl.DefaultConfig(), c.App.ErrWriter)
		}},
	}
}

func trainCommand() *cli.Command {
	cmd := &cli.Command{
		Name:  "train",
		Usage: "retrain a model from the corpora (run from the repository root)",
		Description: `Retrains one model and writes it where the build embeds it, printing dev scores as
it goes. Training is deterministic: the same data gives the same bytes. Later stages
use the earlier stages' embedded models, so retrain in order, each with a fresh build.

Example:

   go run ./cmd/kg train all --data ../shared/data

or one stage at a time:

   go run ./cmd/kg train tag --data ../shared/data
   go run ./cmd/kg train parse --data ../shared/data
   go run ./cmd/kg train ner --data ../shared/data
   go run ./cmd/kg train srl --data ../shared/data`,
	}
	cmd.Subcommands = append(cmd.Subcommands, &cli.Command{
		Name:  "all",
		Usage: "retrain the tagger, the parser, the recogniser and the role labeller, in order (~15 min)",
		Description: `Retrains every model and writes each where the build embeds it. Each stage trains
on the output of the models just trained before it, read back from the bytes written,
so the result is what the three one-stage commands give with a build between them.

Example:
   go run ./cmd/kg train all --data ../shared/data`,
		Flags:  []cli.Flag{dataFlag()},
		Action: trainAll,
	})
	for _, t := range trainers() {
		cmd.Subcommands = append(cmd.Subcommands, &cli.Command{
			Name:        t.name,
			Usage:       "retrain the " + t.name + " model into " + t.out,
			Description: "Example:\n   go run ./cmd/kg train " + t.name + " --data ../shared/data",
			Flags:       []cli.Flag{dataFlag(), &cli.StringFlag{Name: "out", Value: t.out, Usage: "write the model to `FILE`"}},
			Action: func(c *cli.Context) error {
				out := c.String("out")
				if _, err := os.Stat(filepath.Dir(out)); err != nil {
					return cli.Exit(fmt.Sprintf("%s: run from the repository root or give --out", filepath.Dir(out)), 2)
				}
				m, err := t.train(c)
				if err != nil {
					return err
				}
				return writeFileAtomic(out, m.Save)
			},
		})
	}
	return cmd
}
