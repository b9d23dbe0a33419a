// Command kg turns English news text into a knowledge graph stored in SQLite
// and exports it for Graphviz, Gephi, Neo4j and notebooks.
//
//	kg build [--db kg.db] [PATH|-]...   extract articles into the database
//	kg export --format dot|graphml|…    write the graph
//
// Run `kg help` or `kg COMMAND --help` for every command.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: tests call it with their own streams.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	args, err := interspersed(app, args)
	if err == nil {
		err = app.RunContext(ctx, args)
	}
	if err == nil {
		return 0
	}
	var ec cli.ExitCoder
	if errors.As(err, &ec) {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(stderr, "kg:", msg)
		}
		return ec.ExitCode()
	}
	fmt.Fprintln(stderr, "kg:", err)
	return 1
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:  "kg",
		Usage: "turn English news text into a knowledge graph",
		Description: `kg reads news articles (plain text, Markdown, HTML, JSON Lines), finds the people,
organisations and places in them and the relations between them ("Rubio warned …",
"Vance met Meloni"), stores the graph in SQLite and exports it for Graphviz, Gephi,
Neo4j and notebooks.

Example:
   kg build --export graph.dot --export graph.graphml    # the bundled sample article
   kg build articles/ news.jsonl                          # your own articles
   kg relations --entity Rubio`,
		Version:   version(),
		Reader:    stdin,
		Writer:    stdout,
		ErrWriter: stderr,
		Flags:     []cli.Flag{dbFlag()},
		Commands: []*cli.Command{
			buildCommand(),
			extractCommand(),
			loadCommand(),
			exportCommand(),
			renderCommand(),
			statsCommand(),
			entitiesCommand(),
			relationsCommand(),
			queryCommand(),
			neighborsCommand(),
			pathCommand(),
			componentsCommand(),
			centralCommand(),
			searchCommand(),
			serveCommand(),
			triplesCommand(),
			evalCommand(),
			trainCommand(),
			removeCommand(),
			mergeCommand(),
			renameCommand(),
			retypeCommand(),
			splitCommand(),
			ignoreCommand(),
			curationCommand(),
		},
		HideHelpCommand:      false,
		EnableBashCompletion: false,
		// run prints errors and picks the exit code; urfave's default
		// handler would call os.Exit from inside the library.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(c *cli.Context, err error, isSubcommand bool) error {
			return cli.Exit(fmt.Sprintf("%v (see 'kg %s --help')", err, c.Command.Name), 2)
		},
	}
}

// dbFlag is accepted both before and after the subcommand.
func dbFlag() cli.Flag {
	return &cli.StringFlag{Name: "db", Value: "kg.db", Usage: "SQLite database `FILE`", EnvVars: []string{"KG_DB"}}
}

// dbPath returns the --db value given closest to the subcommand.
func dbPath(c *cli.Context) string {
	for _, ctx := range c.Lineage() {
		for _, name := range ctx.LocalFlagNames() {
			if name == "db" {
				return ctx.String("db")
			}
		}
	}
	return c.String("db")
}
