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

With --gold DIR it scores texts of your own instead: each DIR/NAME.txt against a
gold file DIR/NAME.tsv in relations-dev's format (testdata/news holds six). With
--relations rules or frames only one way of reading relations runs, to measure
each on its own.

Examples:
   kg eval relations --data ../shared/data
   kg eval relations -v --text GUM_news_korea --text GUM_bio_holt
   kg eval relations --gold testdata/news
   kg eval relations --relations rules --data ../shared/data`,
		Flags: []cli.Flag{
			dataFlag(),
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "list what each text missed and the edges that match nothing"},
			&cli.StringSliceFlag{Name: "text", Usage: "score only the text `NAME` (repeatable), such as GUM_news_korea"},
			&cli.StringFlag{Name: "gold", Usage: "score your own texts: NAME.txt with its gold NAME.tsv in `DIR`"},
			&cli.StringFlag{Name: "relations", Value: "both", Usage: "how relations are read: `rules`, frames or both"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return cli.Exit("eval relations takes no arguments; name texts with --text NAME", 2)
			}
			data, own := c.String("data"), c.String("gold")
			paths := map[string]pipeline.Paths{"both": pipeline.BothPaths, "rules": pipeline.RulesPath, "frames": pipeline.FramesPath}
			path, ok := paths[c.String("relations")]
			if !ok {
				return cli.Exit(fmt.Sprintf("--relations %s: want rules, frames or both", c.String("relations")), 2)
			}
			var all []string
			var err error
			goldDir := releval.GoldDir(data)
			if own != "" {
				all, err = releval.DirTexts(own)
				goldDir = own
			} else {
				all, err = releval.Texts(data)
			}
			if err != nil {
				return cli.Exit(err.Error(), 2)
			}
			names := c.StringSlice("text")
			for _, n := range names {
				if _, err := os.Stat(filepath.Join(goldDir, n+".tsv")); err != nil {
					return cli.Exit(fmt.Sprintf("--text %s: no gold file %s.tsv in %s; the texts are %s … %s",
						n, n, goldDir, all[0], all[len(all)-1]), 2)
				}
			}
			if len(names) == 0 {
				names = all
			}
			start := time.Now()
			pipe, err := pipeline.New(pipeline.Options{Relations: path})
			if err != nil {
				return err
			}
			results, err := releval.Evaluate(c.Context, pipe, releval.Options{
				Dir:      own,
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
