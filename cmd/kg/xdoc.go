package main

import (
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"kg/extract/pipeline"
	"kg/internal/xdoc"
)

// evalXdocCommand is `kg eval xdoc`: one node per real-world entity,
// scored against GUM's Wikipedia identities.
func evalXdocCommand() *cli.Command {
	return &cli.Command{
		Name:  "xdoc",
		Usage: "score within- and cross-document entity merging against GUM's Wikipedia identities",
		Description: `Rebuilds each GUM document's text from its tokens, extracts it with the full pipeline,
adds it to a fresh SQLite store in a temporary folder, maps every gold mention that has a
Wikipedia identity to the kg mention covering its head word, and scores pairs of them:
same node against same identity, pairs within one document and pairs across documents
apart. The last line sums up.

Examples:
   kg eval xdoc --data ../shared/data
   kg eval xdoc --limit 20 --data ../shared/data
   kg eval xdoc -v --data ../shared/data     # also the nodes that join identities, and the identities split
   kg eval xdoc -v --within --data ../shared/data   # the same inside documents`,
		Flags: []cli.Flag{
			dataFlag(),
			&cli.IntFlag{Name: "limit", Usage: "build only the first `N` documents (by name)"},
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "list the nodes that join several identities and the identities split over nodes, costliest first"},
			&cli.BoolFlag{Name: "within", Usage: "with -v, list the errors inside documents (the resolver's) instead of across them"},
		},
		Action: func(c *cli.Context) error {
			if c.Int("limit") < 0 {
				return cli.Exit("--limit must be 0 (all) or more", 2)
			}
			docs, err := xdoc.ReadDocs(c.String("data"), c.Int("limit"))
			if err != nil {
				return err
			}
			pipe, err := pipeline.New(pipeline.Options{})
			if err != nil {
				return err
			}
			start := time.Now()
			s, err := xdoc.Evaluate(c.Context, pipe, docs, func(done int) {
				if done%20 == 0 || done == len(docs) {
					fmt.Fprintf(c.App.ErrWriter, "built %d/%d documents\n", done, len(docs))
				}
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(c.App.ErrWriter, "built and scored in %v\n", time.Since(start).Round(time.Millisecond))
			if c.Bool("verbose") {
				merges, splits, where := s.Merges, s.Splits, ""
				if c.Bool("within") {
					merges, splits, where = s.WithinMerges, s.WithinSplits, " within documents"
				}
				for _, l := range []struct {
					title string
					errs  []xdoc.Error
				}{{"nodes joining identities" + where, merges}, {"identities split over nodes" + where, splits}} {
					fmt.Fprintf(c.App.Writer, "%s (%d):\n", l.title, len(l.errs))
					for _, e := range l.errs {
						fmt.Fprintf(c.App.Writer, "  %s\n", e)
						for _, x := range e.Examples {
							fmt.Fprintf(c.App.Writer, "      %s\n", x)
						}
					}
				}
			}
			return s.Write(c.App.Writer)
		},
	}
}
