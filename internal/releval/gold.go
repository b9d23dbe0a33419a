package releval

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Entity is an E or O row of a gold file.
type Entity struct {
	Name     string   // canonical name
	Type     string   // PERSON, ORG or PLACE for E rows; O rows may carry others (WORK, EVENT, …)
	Forms    []string // the normalised canonical name and aliases, distinct, in file order
	Required bool     // an E row, which an extractor should find; O rows are optional
}

// Row is an R row of a gold file: Subjects and Objects are alternatives
// (canonical names), Stems the word starts a matching predicate contains.
type Row struct {
	Tier     string // core, hard, role (the required tiers) or ok
	Subjects []string
	Stems    []string
	Objects  []string
	Sym      bool // either direction matches
	Line     int  // line in the gold file, for messages
}

// Required reports whether recall counts the row.
func (r Row) Required() bool {
	switch r.Tier {
	case "core", "hard", "role":
		return true
	}
	return false
}

// String formats the row as one readable line: "hard: James To -defeat|beat-> Wong Kwok-hing".
func (r Row) String() string {
	arrow := "->"
	if r.Sym {
		arrow = "<->"
	}
	return fmt.Sprintf("%s: %s -%s%s %s", r.Tier, strings.Join(r.Subjects, "|"), strings.Join(r.Stems, "|"), arrow, strings.Join(r.Objects, "|"))
}

// Gold is the gold file of one text.
//
// score.py keeps the E rows and the O rows in two dictionaries keyed by
// canonical name and maps a node to the first candidate of the E rows
// followed by the O rows; a repeated canonical name keeps its first place
// and takes the last row's type and forms. Entities holds that merged
// order, and Required the E rows as the E dictionary alone has them, which
// is what entity recall counts.
type Gold struct {
	Name      string   // the text's name, such as GUM_news_korea
	Entities  []Entity // E rows then O rows, merged by canonical name as score.py merges them
	Required  []Entity // the E rows, merged by canonical name among themselves
	Relations []Row
}

// ReadGold reads the gold file at path; the text's name is the file name
// without its .tsv extension.
func ReadGold(path string) (*Gold, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read gold: %w", err)
	}
	g, err := ParseGold(strings.TrimSuffix(filepath.Base(path), ".tsv"), string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// ParseGold parses the text of a gold file. Blank lines and lines starting
// with '#' are skipped, as are rows of an unknown kind; an E, O or R row
// with too few fields is an error naming its line.
func ParseGold(name, text string) (*Gold, error) {
	// Python reads the file with universal newlines.
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	g := &Gold{Name: name}
	var ents, opt orderedEntities
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimFunc(line, isPySpace) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		switch f[0] {
		case "E", "O":
			if len(f) < 4 {
				return nil, fmt.Errorf("line %d: an %s row needs 4 tab-separated fields (kind, type, name, aliases), got %d", i+1, f[0], len(f))
			}
			e := Entity{Name: f[2], Type: f[1], Required: f[0] == "E"}
			forms := []string{Normalize(f[2])}
			for _, a := range strings.Split(f[3], "|") {
				if a != "" {
					forms = append(forms, Normalize(a))
				}
			}
			e.Forms = distinct(forms)
			if e.Required {
				ents.set(e)
			} else {
				opt.set(e)
			}
		case "R":
			if len(f) < 5 {
				return nil, fmt.Errorf("line %d: an R row needs 5 or 6 tab-separated fields (R, tier, subjects, stems, objects[, sym]), got %d", i+1, len(f))
			}
			g.Relations = append(g.Relations, Row{
				Tier:     f[1],
				Subjects: strings.Split(f[2], "|"),
				Stems:    strings.Split(f[3], "|"),
				Objects:  strings.Split(f[4], "|"),
				Sym:      len(f) > 5 && strings.Contains(f[5], "sym"),
				Line:     i + 1,
			})
		}
	}
	g.Required = ents.list
	all := orderedEntities{list: append([]Entity(nil), ents.list...)}
	for _, e := range opt.list {
		all.set(e)
	}
	g.Entities = all.list
	return g, nil
}

// orderedEntities is a Python dict of entities keyed by canonical name:
// setting an existing key replaces its value and keeps its place.
type orderedEntities struct {
	list []Entity
}

func (o *orderedEntities) set(e Entity) {
	for i := range o.list {
		if o.list[i].Name == e.Name {
			o.list[i] = e
			return
		}
	}
	o.list = append(o.list, e)
}

func distinct(ss []string) []string {
	var out []string
	for _, s := range ss {
		dup := false
		for _, t := range out {
			if s == t {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}
