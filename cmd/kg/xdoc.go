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
   kg eval xdoc -v --data ../shared/data     # also the nodes that join identities, and the identities split`,
		Flags: []cli.Flag{
			dataFlag(),
			&cli.IntFlag{Name: "limit", Usage: "build only the first `N` documents (by name)"},
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "list the nodes that join several identities and the identities split over nodes, costliest first"},
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
				for _, l := range []struct {
					title string
					errs  []xdoc.Error
				}{{"nodes joining identities", s.Merges}, {"identities split over nodes", s.Splits}} {
					fmt.Fprintf(c.App.Writer, "%s (%d):\n", l.title, len(l.errs))
					for _, e := range l.errs {
						fmt.Fprintf(c.App.Writer, "  %s\n", e)
					}
				}
			}
			return s.Write(c.App.Writer)
		},
	}
}
