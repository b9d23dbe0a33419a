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
   kg eval xdoc --limit 20 --data ../shared/data`,
		Flags: []cli.Flag{dataFlag(), &cli.IntFlag{Name: "limit", Usage: "build only the first `N` documents (by name)"}},
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
			return s.Write(c.App.Writer)
		},
	}
}
