package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"kg/extract/pipeline"
	"kg/internal/releval"
)

// evalRelationsCommand is `kg eval relations`: relation and entity scores
// on relations-dev, as its score.py computes them.
func evalRelationsCommand() *cli.Command {
	return &cli.Command{
		Name:  "relations",
		Usage: "build the texts of relations-dev and score their entities and relations",
		Description: `Rebuilds each of the 28 texts of relations-dev from its GUM CoNLL-U file, builds it
into a kg database of its own (temporary) and scores it against the hand-made gold
with the semantics of relations-dev/score.py: relation recall over the required
rows (core, hard, role), precision over distinct edges that are neither negated
nor hedged, entity precision and recall. Prints one line per text, recall per
tier (role recall also without GUM_news_election, which holds 43 of the 159 role
rows) and last, micro-averaged over the texts:

   relations-dev: entity P=… R=… F1=… | relation P=… R=… F1=…

With -v it first lists, per text, the entities and required rows missed and the
edges that match no gold row, for error analysis. relations-dev is a
development set: report held-out numbers beside it.

Examples:
   kg eval relations --data ../shared/data
   kg eval relations -v --text GUM_news_korea --text GUM_bio_holt`,
		Flags: []cli.Flag{
			dataFlag(),
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "list what each text missed and the edges that match nothing"},
			&cli.StringSliceFlag{Name: "text", Usage: "score only the text `NAME` (repeatable), such as GUM_news_korea"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return cli.Exit("eval relations takes no arguments; name texts with --text NAME", 2)
			}
			data := c.String("data")
			all, err := releval.Texts(data)
			if err != nil {
				return cli.Exit(err.Error(), 2)
			}
			names := c.StringSlice("text")
			for _, n := range names {
				if _, err := os.Stat(filepath.Join(releval.GoldDir(data), n+".tsv")); err != nil {
					return cli.Exit(fmt.Sprintf("--text %s: no gold file %s.tsv in %s; the texts are %s … %s",
						n, n, releval.GoldDir(data), all[0], all[len(all)-1]), 2)
				}
			}
			if len(names) == 0 {
				names = all
			}
			start := time.Now()
			pipe, err := pipeline.New(pipeline.Options{})
			if err != nil {
				return err
			}
			results, err := releval.Evaluate(c.Context, pipe, releval.Options{
				DataDir:  data,
				Texts:    names,
				Progress: c.App.ErrWriter,
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(c.App.ErrWriter, "kg: %d texts built and scored in %.1fs\n", len(results), time.Since(start).Seconds())
			return releval.Write(c.App.Writer, results, c.Bool("verbose"))
		},
	}
}
