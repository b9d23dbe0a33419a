package main

// The output convention of every command that lists things: an aligned
// table by default, --json for a JSON array of the objects below, --csv for
// the same columns as the table with a header of snake_case keys. Tables
// print full text; --truncate N shortens long cells only when asked. The
// JSON objects are the same in every command (documented in the README,
// "JSON output"): keys are lower-case snake_case, lists are arrays, and an
// edge always says whether it is negated, hedged, former and attributed.

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"kg/graph"
)

// entityJSON is an entity in every JSON output.
type entityJSON struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Aliases  []string `json:"aliases"`
	Mentions int      `json:"mentions"`
}

func entityOf(n graph.Node) entityJSON {
	a := n.Aliases
	if a == nil {
		a = []string{}
	}
	return entityJSON{n.ID, n.Name, n.Type, a, n.Mentions}
}

// edgeJSON is an edge in every JSON output. Weight, flags and dates count
// only the evidence the command's filters kept; sentence and document are
// the first piece of it. Evidence is present only where a command loads it.
type edgeJSON struct {
	ID           int64          `json:"id"`
	Subject      string         `json:"subject"`
	SubjectID    int64          `json:"subject_id"`
	Predicate    string         `json:"predicate"`
	Object       string         `json:"object"`
	ObjectID     int64          `json:"object_id"`
	Class        string         `json:"class"`
	Weight       int            `json:"weight"`
	Negated      bool           `json:"negated"`
	Hedged       bool           `json:"hedged"`
	Former       bool           `json:"former"`
	AttributedTo []string       `json:"attributed_to"`
	Confidence   float64        `json:"confidence"`
	FirstDate    string         `json:"first_date"`
	LastDate     string         `json:"last_date"`
	Sentence     string         `json:"sentence"`
	Document     string         `json:"document"`
	DocumentID   int64          `json:"document_id"`
	Evidence     []evidenceJSON `json:"evidence,omitempty"`
}

// names gives the canonical name of a node ID.
type names func(id int64) string

func edgeOf(e graph.Edge, name names) edgeJSON {
	at := e.AttributedTo
	if at == nil {
		at = []string{}
	}
	out := edgeJSON{
		ID: e.ID, Subject: name(e.Source), SubjectID: e.Source, Predicate: e.Predicate,
		Object: name(e.Target), ObjectID: e.Target, Class: e.Class, Weight: e.Weight,
		Negated: e.Negated, Hedged: e.Hedged, Former: e.Former, AttributedTo: at,
		Confidence: e.Confidence, FirstDate: e.FirstDate, LastDate: e.LastDate,
		Sentence: e.Sentence, Document: e.DocumentURI, DocumentID: e.DocumentID,
	}
	for _, v := range e.Evidence {
		out.Evidence = append(out.Evidence, evidenceOf(v))
	}
	return out
}

// evidenceJSON is one evidence sentence in every JSON output. Start and
// end are the clause's byte offsets in the document's text.
type evidenceJSON struct {
	ID           int64   `json:"id"`
	EdgeID       int64   `json:"edge_id"`
	Subject      string  `json:"subject"`
	Predicate    string  `json:"predicate"`
	Object       string  `json:"object"`
	Class        string  `json:"class"`
	Negated      bool    `json:"negated"`
	Hedged       bool    `json:"hedged"`
	Former       bool    `json:"former"`
	AttributedTo *string `json:"attributed_to"` // null when the article states it
	Confidence   float64 `json:"confidence"`
	Sentence     string  `json:"sentence"`
	Document     string  `json:"document"`
	DocumentID   int64   `json:"document_id"`
	Published    string  `json:"published"`
	Start        int     `json:"start"`
	End          int     `json:"end"`
}

func evidenceOf(v graph.Evidence) evidenceJSON {
	var at *string
	if v.AttributedTo != "" {
		s := v.AttributedTo
		at = &s
	}
	return evidenceJSON{
		ID: v.ID, EdgeID: v.EdgeID, Subject: v.Subject, Predicate: v.Predicate, Object: v.Object,
		Class: v.Class, Negated: v.Negated, Hedged: v.Hedged, Former: v.Former, AttributedTo: at,
		Confidence: v.Confidence, Sentence: v.Sentence, Document: v.DocumentURI,
		DocumentID: v.DocumentID, Published: v.Published, Start: v.Start, End: v.End,
	}
}

// marks says in a table cell what JSON says in flags: "negated", "hedged",
// "former", "said by NAME".
func marks(negated, hedged, former bool, attributed []string) string {
	var m []string
	if negated {
		m = append(m, "negated")
	}
	if hedged {
		m = append(m, "hedged")
	}
	if former {
		m = append(m, "former")
	}
	if len(attributed) > 0 {
		m = append(m, "said by "+strings.Join(attributed, "; "))
	}
	return strings.Join(m, ", ")
}

// outputFlags are taken by every command that prints a table.
func outputFlags() []cli.Flag {
	return []cli.Flag{
		jsonFlag(),
		&cli.BoolFlag{Name: "csv", Usage: "print CSV (the table's columns, snake_case header) instead of a table"},
		&cli.IntFlag{Name: "truncate", Usage: "cut table cells longer than `N` characters (0: full text)"},
	}
}

func jsonFlag() cli.Flag {
	return &cli.BoolFlag{Name: "json", Usage: "print JSON instead of a table"}
}

// output is how a command prints its result, chosen by its flags.
type output struct {
	w        io.Writer
	json     bool
	csv      bool
	truncate int
}

func outputOf(c *cli.Context) (output, error) {
	o := output{w: c.App.Writer, json: c.Bool("json"), csv: c.Bool("csv"), truncate: c.Int("truncate")}
	if o.json && o.csv {
		return o, cli.Exit("--json and --csv exclude each other: give one", 2)
	}
	if o.truncate < 0 {
		return o, cli.Exit(fmt.Sprintf("--truncate %d: give a number of characters, 0 for full text", o.truncate), 2)
	}
	return o, nil
}

// print writes v as JSON, or the rows as CSV or as a table under header.
// header names the columns in snake_case; the table prints them in upper
// case. empty, when not "", is printed instead of an empty table.
func (o output) print(v any, header []string, rows [][]string, empty string) error {
	switch {
	case o.json:
		return writeJSON(o.w, v)
	case o.csv:
		cw := csv.NewWriter(o.w)
		cw.Write(header)
		for _, r := range rows {
			cw.Write(r)
		}
		cw.Flush()
		return cw.Error()
	}
	if len(rows) == 0 && empty != "" {
		_, err := fmt.Fprintln(o.w, empty)
		return err
	}
	tw := tabwriter.NewWriter(o.w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(header, "\t")))
	for _, r := range rows {
		cells := make([]string, len(r))
		for i := range r {
			cells[i] = cell(r[i], o.truncate)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// cell renders a value on one table line: newlines and tabs would break the
// alignment. max > 0 cuts it to max characters.
func cell(v any, max int) string {
	if v == nil {
		return ""
	}
	s := strings.Join(strings.Fields(fmt.Sprint(v)), " ")
	if max > 0 && utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	return s
}
