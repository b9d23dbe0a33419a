package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"kg/extract/pipeline"
	"kg/graph"
)

// The commands that correct a graph by hand. Each stores a rule in the
// database (the curation table), which every later build applies to the
// documents it adds, and extracts again the stored documents the rule
// changes, so that the graph is at once what a rebuild with the rule gives.

func removeCommand() *cli.Command {
	return &cli.Command{
		Name:      "remove",
		Usage:     "delete documents and what only they supported",
		ArgsUsage: "URI|ID...",
		Description: `Deletes each named document (by its URL or JSON Lines id, its file path, its URI
as 'kg query "SELECT uri, key FROM documents"' lists it, or the SHA-256 of its text),
its mentions and evidence, the edges left with no evidence and the entities left with no
mention, in one transaction per document.

Example:
   kg remove https://example.org/story-retracted`,
		Flags: []cli.Flag{dbFlag()},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return cli.Exit("kg remove: name the documents to remove (URI or id; see 'kg remove --help')", 2)
			}
			return withWriter(c, func(store *graph.Store) error {
				for _, ref := range c.Args().Slice() {
					d, err := store.Remove(c.Context, ref)
					if err != nil {
						return err
					}
					fmt.Fprintf(c.App.ErrWriter, "kg: removed %s\n", d.URI)
				}
				return nil
			})
		},
	}
}

func mergeCommand() *cli.Command {
	return &cli.Command{
		Name:      "merge",
		Usage:     "make entity A part of entity B, now and in every rebuild",
		ArgsUsage: "A B",
		Description: `A takes B's name and type; B keeps its own. Names resolve through aliases; an
ambiguous or unknown name lists the candidates, and #ID names one by its ID.

Example:
   kg merge "The Digong" "Rodrigo Duterte"`,
		Flags: curationFlags(),
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return cli.Exit("kg merge: give two entities, A B (A becomes part of B)", 2)
			}
			return curate(c, func(ctx context.Context, store *graph.Store) (graph.Rule, error) {
				a, err := resolveEntity(ctx, store, c.Args().Get(0))
				if err != nil {
					return graph.Rule{}, err
				}
				b, err := resolveEntity(ctx, store, c.Args().Get(1))
				if err != nil {
					return graph.Rule{}, err
				}
				if a.ID == b.ID {
					return graph.Rule{}, fmt.Errorf("%q and %q are already one entity, %s", c.Args().Get(0), c.Args().Get(1), b.Name)
				}
				return graph.Rule{Action: graph.ActMerge, Name: a.Name, Type: a.Type, Arg: b.Name, ArgType: b.Type}, nil
			})
		},
	}
}

func renameCommand() *cli.Command {
	return &cli.Command{
		Name:      "rename",
		Usage:     "give an entity another name, now and in every rebuild",
		ArgsUsage: "A NEW-NAME",
		Description: `Example:
   kg rename "Sara Duterte" "Sara Duterte-Carpio"`,
		Flags: curationFlags(),
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 || strings.TrimSpace(c.Args().Get(1)) == "" {
				return cli.Exit(`kg rename: give the entity and its new name, A "New name"`, 2)
			}
			return curate(c, func(ctx context.Context, store *graph.Store) (graph.Rule, error) {
				a, err := resolveEntity(ctx, store, c.Args().Get(0))
				if err != nil {
					return graph.Rule{}, err
				}
				return graph.Rule{Action: graph.ActRename, Name: a.Name, Type: a.Type, Arg: c.Args().Get(1)}, nil
			})
		},
	}
}

func retypeCommand() *cli.Command {
	return &cli.Command{
		Name:      "retype",
		Usage:     "give an entity another type, now and in every rebuild",
		ArgsUsage: "A " + strings.Join(graph.Types, "|"),
		Description: `Example:
   kg retype Washington GPE`,
		Flags: curationFlags(),
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return cli.Exit("kg retype: give the entity and its type, A "+strings.Join(graph.Types, "|"), 2)
			}
			typ := strings.ToUpper(c.Args().Get(1))
			if !slices.Contains(graph.Types, typ) {
				return cli.Exit(fmt.Sprintf("kg retype: unknown type %q; use one of %s", c.Args().Get(1), strings.Join(graph.Types, ", ")), 2)
			}
			return curate(c, func(ctx context.Context, store *graph.Store) (graph.Rule, error) {
				a, err := resolveEntity(ctx, store, c.Args().Get(0))
				if err != nil {
					return graph.Rule{}, err
				}
				if a.Type == typ {
					return graph.Rule{}, fmt.Errorf("%s is already %s", a.Name, typ)
				}
				return graph.Rule{Action: graph.ActRetype, Name: a.Name, Type: a.Type, Arg: typ}, nil
			})
		},
	}
}

func splitCommand() *cli.Command {
	return &cli.Command{
		Name:      "split",
		Usage:     "take one document's mentions off an entity, now and in every rebuild",
		ArgsUsage: "A --document URI|ID",
		Description: `In that document the entity becomes its own node, "A (DOCUMENT)", which
'kg rename' can name.

Example:
   kg split "John Smith" --document https://example.org/other-smith`,
		Flags: append(curationFlags(), &cli.StringFlag{Name: "document", Usage: "the document (URI, JSON Lines id or SHA-256) whose mentions go", Required: true}),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cli.Exit("kg split: give one entity and --document", 2)
			}
			return curate(c, func(ctx context.Context, store *graph.Store) (graph.Rule, error) {
				a, err := resolveEntity(ctx, store, c.Args().Get(0))
				if err != nil {
					return graph.Rule{}, err
				}
				d, err := store.FindDocument(ctx, c.String("document"))
				if err != nil {
					return graph.Rule{}, err
				}
				ref := d.Key
				if ref == "" {
					ref = d.URI
				}
				return graph.Rule{Action: graph.ActSplit, Name: a.Name, Type: a.Type, Arg: ref}, nil
			})
		},
	}
}

func ignoreCommand() *cli.Command {
	return &cli.Command{
		Name:      "ignore",
		Usage:     "leave a name out of the graph, now and in every rebuild",
		ArgsUsage: "NAME",
		Description: `A blocklist: entities called NAME (any type, by name or alias) are dropped with
their mentions and relations. The name need not be in the graph yet.

Example:
   kg ignore Reuters`,
		Flags: curationFlags(),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 || strings.TrimSpace(c.Args().Get(0)) == "" {
				return cli.Exit("kg ignore: give one name", 2)
			}
			return curate(c, func(ctx context.Context, store *graph.Store) (graph.Rule, error) {
				return graph.Rule{Action: graph.ActIgnore, Name: c.Args().Get(0)}, nil
			})
		},
	}
}

func curationCommand() *cli.Command {
	return &cli.Command{
		Name:  "curation",
		Usage: "list the hand corrections (merge, rename, retype, split, ignore) or delete one",
		Description: `Rules apply in the order listed, to every document as it is added.

Examples:
   kg curation
   kg curation --delete 3`,
		Flags: append(curationFlags(), &cli.Int64Flag{Name: "delete", Usage: "delete rule `ID` and extract again the documents it changed"}),
		Action: func(c *cli.Context) error {
			if id := c.Int64("delete"); id != 0 {
				return withWriter(c, func(store *graph.Store) error {
					r, err := store.DeleteRule(c.Context, id)
					if err != nil {
						return err
					}
					n, err := reextract(c, store, r)
					if err != nil {
						return err
					}
					fmt.Fprintf(c.App.ErrWriter, "kg: deleted rule %d: %s; %d documents extracted again\n", r.ID, r, n)
					return nil
				})
			}
			return withStore(c, func(store *graph.Store) error {
				rules, err := store.Rules(c.Context)
				if err != nil {
					return err
				}
				return printRules(c.App.Writer, rules)
			})
		},
	}
}

func printRules(w io.Writer, rules []graph.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\taction\tentity\ttype\targument")
	for _, r := range rules {
		arg := r.Arg
		if r.ArgType != "" {
			arg += " (" + r.ArgType + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", r.ID, r.Action, r.Name, r.Type, arg)
	}
	return tw.Flush()
}

func curationFlags() []cli.Flag {
	return []cli.Flag{
		dbFlag(),
		&cli.BoolFlag{Name: "merge-metonyms", Usage: "extract again as kg build --merge-metonyms does (give it if the database was built so)"},
	}
}

// withWriter opens an existing database for writing; closing it folds the
// write-ahead log into the .db file.
func withWriter(c *cli.Context, fn func(*graph.Store) error) (err error) {
	path := dbPath(c)
	// A read-only open first: it checks the file exists and is a kg
	// database without creating one.
	ro, err := openRead(c.Context, path)
	if err != nil {
		return err
	}
	ro.Close()
	store, err := graph.Open(c.Context, path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := store.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	return fn(store)
}

// curate stores the rule that makeRule returns and extracts again the
// documents it changes.
func curate(c *cli.Context, makeRule func(context.Context, *graph.Store) (graph.Rule, error)) error {
	return withWriter(c, func(store *graph.Store) error {
		r, err := makeRule(c.Context, store)
		if err != nil {
			return err
		}
		if r, err = store.AddRule(c.Context, r); err != nil {
			return err
		}
		n, err := reextract(c, store, r)
		if err != nil {
			return fmt.Errorf("rule %d (%s) is stored, but applying it failed: %w; run 'kg curation --delete %d' or fix and retry", r.ID, r, err, r.ID)
		}
		fmt.Fprintf(c.App.ErrWriter, "kg: rule %d: %s; %d documents extracted again\n", r.ID, r, n)
		return nil
	})
}

// reextract extracts again the stored documents rule r changes and
// replaces them, so that the graph is what a rebuild gives.
func reextract(c *cli.Context, store *graph.Store, r graph.Rule) (int, error) {
	docs, err := store.CurationDocuments(c.Context, r)
	if err != nil {
		return 0, err
	}
	if len(docs) == 0 {
		return 0, nil
	}
	pipe, err := pipeline.New(pipeline.Options{MergeMetonyms: c.Bool("merge-metonyms")})
	if err != nil {
		return 0, err
	}
	for _, d := range docs {
		res, err := pipe.Extract(c.Context, d)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", d.URI, err)
		}
		if err := store.Redo(c.Context, d, res); err != nil {
			return 0, err
		}
	}
	return len(docs), nil
}

// resolveEntity finds the one node a user names: by #ID, canonical name or
// alias. An ambiguous name lists the candidates; an unknown one lists the
// nodes whose names contain it.
func resolveEntity(ctx context.Context, store *graph.Store, name string) (graph.Node, error) {
	if id, err := strconv.ParseInt(strings.TrimPrefix(name, "#"), 10, 64); err == nil && strings.HasPrefix(name, "#") {
		return store.Node(ctx, id)
	}
	nodes, err := store.Resolve(ctx, name)
	if err != nil {
		return graph.Node{}, err
	}
	switch len(nodes) {
	case 1:
		return nodes[0], nil
	case 0:
		like, err := store.Query(ctx, `SELECT DISTINCT e.id, e.name, e.type FROM entities e JOIN aliases a ON a.entity_id = e.id
			WHERE a.alias LIKE '%' || ? || '%' ORDER BY e.name, e.id LIMIT 10`, name)
		if err != nil {
			return graph.Node{}, err
		}
		defer like.Close()
		var cands []string
		for like.Next() {
			var n graph.Node
			if err := like.Scan(&n.ID, &n.Name, &n.Type); err != nil {
				return graph.Node{}, err
			}
			cands = append(cands, fmt.Sprintf("#%d %s (%s)", n.ID, n.Name, n.Type))
		}
		if len(cands) == 0 {
			return graph.Node{}, fmt.Errorf("no entity is called %q (kg entities lists them): %w", name, graph.ErrNotFound)
		}
		return graph.Node{}, fmt.Errorf("no entity is called %q; did you mean %s?", name, strings.Join(cands, "; "))
	}
	cands := make([]string, len(nodes))
	for i, n := range nodes {
		cands[i] = fmt.Sprintf("#%d %s (%s)", n.ID, n.Name, n.Type)
	}
	return graph.Node{}, fmt.Errorf("%q is ambiguous: %s; name one by #ID", name, strings.Join(cands, "; "))
}
