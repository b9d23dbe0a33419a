package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"kg/export"
	"kg/seeds"
)

// TestMain runs the pipelines of the tests on Prism, in this process,
// unless --runner says otherwise.
func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// writeCorpus writes the bundled seed articles, n generated articles and a
// JSON Lines file of three articles into dir.
func writeCorpus(t testing.TB, dir string, n int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	err := fs.WalkDir(seeds.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(seeds.FS, p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, "seed-"+filepath.Base(p)), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(uint64(n), 7))
	people := []string{"Anna Kowalska", "Pedro Alvarez", "Mei Lin", "Tom Becker", "Sara Haddad", "Ivan Petrov", "Grace Okafor", "Lars Nilsen"}
	places := []string{"Germany", "Brazil", "Japan", "Kenya", "Canada", "Poland", "Egypt", "Chile"}
	orgs := []string{"the World Bank", "NATO", "the European Union", "Reuters", "the IMF", "Siemens"}
	verbs := []string{"met", "criticized", "praised", "visited", "accused", "thanked", "warned"}
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	for i := range n {
		var b strings.Builder
		for range 10 {
			switch r.IntN(3) {
			case 0:
				fmt.Fprintf(&b, "%s %s %s in %s on Monday. ", pick(people), pick(verbs), pick(people), pick(places))
			case 1:
				fmt.Fprintf(&b, "%s said %s would support %s. ", pick(people), pick(places), pick(orgs))
			default:
				fmt.Fprintf(&b, "%s %s %s after talks in %s. ", pick(places), pick(verbs), pick(places), pick(places))
			}
		}
		fmt.Fprintf(&b, "Article %d.\n", i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("gen-%04d.txt", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	jsonl := `{"id":"w1","published":"2025-04-01","title":"Talks","text":"Anna Kowalska met Pedro Alvarez in Berlin on Monday. Kowalska praised Germany."}
{"id":"w2","published":"2025-04-02","text":"The World Bank warned Egypt. Pedro Alvarez criticized the World Bank in Cairo."}
{"id":"w3","text":"Mei Lin visited Japan. Lin thanked Tom Becker."}
`
	if err := os.WriteFile(filepath.Join(dir, "wire.jsonl"), []byte(jsonl), 0o644); err != nil {
		t.Fatal(err)
	}
}

// kgBinary builds the kg command in the parent module, with kg's own
// go.mod: the binary users run.
func kgBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kg")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/kg")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/kg in %s: %v\n%s", cmd.Dir, err, out)
	}
	return bin
}

func kg(t testing.TB, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kg %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// exports returns the database in every export format, by format name.
func exports(t testing.TB, bin, db string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range export.Formats() {
		if f.Name == "csv" {
			dir := t.TempDir()
			kg(t, bin, "export", "--db", db, "--format", "csv", "-o", dir)
			for _, name := range []string{"nodes.csv", "edges.csv"} {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				out["csv/"+name] = string(b)
			}
			continue
		}
		out[f.Name] = kg(t, bin, "export", "--db", db, "--format", f.Name)
	}
	return out
}

// TestPipelineEqualsBuild runs the pipeline over a small corpus (the seeds
// and generated articles) and checks that its shards, folded by kg load,
// give the database kg build makes of the same files: the same bytes in
// every export format.
func TestPipelineEqualsBuild(t *testing.T) {
	work := t.TempDir()
	in := filepath.Join(work, "in")
	writeCorpus(t, in, 12)
	bin := kgBinary(t)

	built := filepath.Join(work, "built.db")
	kg(t, bin, "build", "-q", "--db", built, "--date", "2025-03-01", in)

	out := filepath.Join(work, "out")
	p, s := beam.NewPipelineWithRoot()
	// Chunk 2 splits the JSON Lines file over two shards.
	if err := Build(s, Options{Inputs: []string{filepath.Join(in, "*")}, Output: out, Date: "2025-03-01", Chunk: 2}); err != nil {
		t.Fatal(err)
	}
	runner := *ptest.Runner
	if runner == "" {
		runner = ptest.DefaultRunner()
	}
	start := time.Now()
	res, err := ptest.RunWithMetrics(p)
	if err != nil {
		t.Fatalf("pipeline on %s: %v", runner, err)
	}
	t.Logf("pipeline on %s: %v", runner, time.Since(start))
	counters := map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Namespace() == "kg" {
			counters[c.Name()] += c.Result()
		}
	}
	if counters["documents extracted"] != 16 || counters["documents failed"] != 0 || counters["words"] < 1000 {
		t.Errorf("counters on %s = %v, want 16 documents extracted, none failed, over 1000 words", runner, counters)
	}

	shards, err := filepath.Glob(filepath.Join(out, "part-*.jsonl"))
	if err != nil || len(shards) != 15 {
		t.Fatalf("shards = %v (%v), want 15: 1 seed, 12 articles, 2 of the JSON Lines file", shards, err)
	}
	loaded := filepath.Join(work, "loaded.db")
	kg(t, bin, append([]string{"load", "-q", "--db", loaded}, shards...)...)

	want, got := exports(t, bin, built), exports(t, bin, loaded)
	for name, w := range want {
		if len(w) < 100 {
			t.Errorf("export %s of the build is only %q: the corpus gave no graph", name, w)
		}
		if got[name] != w {
			t.Errorf("export %s: pipeline + kg load differs from kg build (%d bytes, want %d)", name, len(got[name]), len(w))
		}
	}

	// Every merge group's canonical name is a name the graph gives a
	// node, or an alias of one (a group the store joins to a fuller
	// one), and every node's name is the name of a group.
	groups := readEntities(t, filepath.Join(out, "entities.jsonl"))
	nodes := map[string]bool{}
	aliases := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(kg(t, bin, "query", "--db", built, "--csv", "SELECT name FROM entities")), "\n")[1:] {
		nodes[strings.Trim(l, `"`)] = true
	}
	for _, l := range strings.Split(strings.TrimSpace(kg(t, bin, "query", "--db", built, "--csv", "SELECT alias FROM aliases")), "\n")[1:] {
		aliases[strings.Trim(l, `"`)] = true
	}
	named := map[string]bool{}
	for _, g := range groups {
		named[g.Name] = true
		if !nodes[g.Name] && !aliases[g.Name] {
			t.Errorf("group %q is named %q, which is no node's name or alias in the graph", g.Key, g.Name)
		}
	}
	for n := range nodes {
		if !named[n] {
			t.Errorf("node %q is the name of no group in entities.jsonl", n)
		}
	}
}

func readEntities(t testing.TB, path string) []entityLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []entityLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l entityLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s: %q: %v", path, sc.Text(), err)
		}
		out = append(out, l)
	}
	if !sort.SliceIsSorted(out, func(i, j int) bool { return out[i].Key < out[j].Key }) {
		t.Errorf("%s is not sorted by key", path)
	}
	if len(out) == 0 {
		t.Errorf("%s is empty", path)
	}
	return out
}

func TestBefore(t *testing.T) {
	for _, tc := range []struct {
		a, b inputFile
		want bool
	}{
		{inputFile{0, "/in/b.txt"}, inputFile{1, "/in/a.txt"}, true},
		{inputFile{0, "/in/a.txt"}, inputFile{0, "/in/b.txt"}, true},
		{inputFile{0, "/in/a/z.txt"}, inputFile{0, "/in/a-b.txt"}, true}, // a folder walk visits "a" before "a-b"
		{inputFile{0, "/in/a-b.txt"}, inputFile{0, "/in/a/z.txt"}, false},
		{inputFile{0, "/in/a.txt"}, inputFile{0, "/in/a.txt"}, false},
	} {
		if got := before(tc.a, tc.b); got != tc.want {
			t.Errorf("before(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestMergeEntityOrder checks that combining summaries in any grouping and
// order gives the same group: the runner chooses both.
func TestMergeEntityOrder(t *testing.T) {
	one := func(name, typ string) entitySummary {
		return entitySummary{Name: name, Types: []typeCount{{typ, 1}}, Docs: 1}
	}
	a, b, c := one("Obama", "PERSON"), one("Barack Obama", "PERSON"), one("Barack Obama", "ORG")
	want := entitySummary{Name: "Barack Obama", Types: []typeCount{{"ORG", 1}, {"PERSON", 2}}, Docs: 3}
	for name, got := range map[string]entitySummary{
		"(a b) c": mergeEntity(mergeEntity(a, b), c),
		"a (b c)": mergeEntity(a, mergeEntity(b, c)),
		"(c a) b": mergeEntity(mergeEntity(c, a), b),
		"b (c a)": mergeEntity(b, mergeEntity(c, a)),
	} {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %+v, want %+v", name, got, want)
		}
	}
	if l := keyEntity("PERSON|obama", want); l.Type != "PERSON" || l.Name != "Barack Obama" || l.Documents != 3 {
		t.Errorf("keyEntity = %+v, want Barack Obama, PERSON, 3 documents", l)
	}
}
