package wordnet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kg/internal/shared"
)

// sample is a slice of data.noun: a licence line, the hypernym chain of a
// city, a person and an organisation, a holiday, and a lower-case synset.
const sample = `  1 This software and database is being provided to you, the LICENSEE, by
08524735 15 n 01 city 0 001 @ 08226335 n 0000 | a large and densely populated urban area
08226335 15 n 01 municipality 0 000 | an urban district having corporate status
09983572 15 n 02 Kursk 0 Kursk_City 0 001 @i 08524735 n 0000 | a city in southwestern Russia
00007846 03 n 01 person 0 000 | a human being
10000001 18 n 01 Solon 0 001 @i 10000002 n 0000 | Athenian statesman
10000002 18 n 01 statesman 0 001 @ 00007846 n 0000 | a man who is a respected leader
08008335 14 n 01 organization 0 000 | a group of people who work together
08410891 14 n 01 Eton_College 0 001 @ 08008335 n 0000 | a public school for boys
08000001 14 n 01 Apache 0 000 | a group of peoples
15197658 28 n 02 Easter 0 Easter_Sunday 0 000 | a Christian holiday
`

func TestNames(t *testing.T) {
	names, err := Names(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, n := range names {
		got[n.Name] = n.Kinds
	}
	want := map[string]string{
		"Kursk":         "city",
		"Kursk City":    "city",
		"Solon":         "person",
		"Eton College":  "org",
		"Apache":        "group",
		"Easter":        "time",
		"Easter Sunday": "time",
	}
	if len(got) != len(want) {
		t.Errorf("got %d names %v, want %d", len(got), got, len(want))
	}
	for name, kinds := range want {
		if got[name] != kinds {
			t.Errorf("%s: kinds %q, want %q", name, got[name], kinds)
		}
	}
	for i := 1; i < len(names); i++ {
		if names[i-1].Name >= names[i].Name {
			t.Errorf("not sorted: %q before %q", names[i-1].Name, names[i].Name)
		}
	}
}

func TestNamesMalformed(t *testing.T) {
	for _, in := range []string{
		"08524735 15 n\n",
		"x 15 n 01 city 0 000 | gloss\n",
		"08524735 15 n 03 city 0 000 | gloss\n",
		"08524735 15 n 01 City 0 002 @ 1 n\n",
	} {
		if _, err := Names(strings.NewReader(in)); err == nil {
			t.Errorf("Names(%q): no error", in)
		}
	}
}

// TestGeneratedFile regenerates the embedded name list from the system's
// WordNet (Debian's wordnet-base, which CI installs) and compares it with
// the committed file.
func TestGeneratedFile(t *testing.T) {
	dict := "/usr/share/wordnet/data.noun"
	f, err := os.Open(dict)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: %v (CI installs wordnet-base)", dict, err)
		}
		t.Skipf("WordNet not installed (%v); apt-get install wordnet-base to run", err)
	}
	defer f.Close()
	names, err := Names(f)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(filepath.Join(shared.RepoRoot(t), "extract", "gazetteer", "data", "wordnet.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(committed), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			rows = append(rows, line)
		}
	}
	if len(rows) != len(names) {
		t.Fatalf("committed file has %d names, WordNet gives %d: regenerate with go run ./extract/gazetteer/internal/wngen", len(rows), len(names))
	}
	for i, n := range names {
		if want := n.Name + "\t" + n.Kinds; rows[i] != want {
			t.Fatalf("row %d: committed %q, WordNet gives %q: regenerate", i, rows[i], want)
		}
	}
}
