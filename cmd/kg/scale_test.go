package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"kg/graph"
)

// BenchmarkExportScale runs `kg export` (the real binary, as a user runs it)
// on generated graphs of KG_SCALE_EDGES edges (default 1,000,000) and of a
// tenth of that, in every streaming format, and reports edges/s, output MB/s
// and the export process's peak RSS. Exports stream from SQLite to the file,
// so peak RSS should stay flat as the graph grows tenfold.
//
// The generated databases are cached in os.TempDir() (kg-scale-N-vK.db), so
// only the first run pays for generating them.
//
//	KG_SCALE_EDGES=1000000 go test -run '^$' -bench ExportScale -benchtime 1x -timeout 30m ./cmd/kg
func BenchmarkExportScale(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a graph of a million edges; skipped in -short mode")
	}
	n := 1_000_000
	if s := os.Getenv("KG_SCALE_EDGES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 100 {
			b.Fatalf("KG_SCALE_EDGES=%q: want a number of at least 100", s)
		}
		n = v
	}
	bin := kgBinaryB(b)
	sizes := []int{n / 10, n}
	dbs := map[int]string{}
	kept := map[int]int{}
	for _, size := range sizes {
		dbs[size] = scaleDB(b, size)
		kept[size] = exportedEdges(b, dbs[size])
	}
	for _, format := range []string{"dot", "graphml", "gexf", "json"} {
		for _, size := range sizes {
			b.Run(fmt.Sprintf("%s/%d", format, size), func(b *testing.B) {
				out := filepath.Join(b.TempDir(), "out."+format)
				var maxRSS int64
				var total time.Duration
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					cmd := exec.Command(bin, "export", "--db", dbs[size], "--format", format, "-o", out)
					var msg strings.Builder
					cmd.Stdout, cmd.Stderr = &msg, &msg
					start := time.Now()
					rss, err := runPeakRSS(cmd)
					if err != nil {
						b.Fatalf("kg export --format %s on %d edges: %v\n%s", format, size, err, msg.String())
					}
					total += time.Since(start)
					maxRSS = max(maxRSS, rss)
				}
				b.StopTimer()
				st, err := os.Stat(out)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(st.Size()) // MB/s of output
				b.ReportMetric(float64(kept[size])*float64(b.N)/total.Seconds(), "edges/s")
				b.ReportMetric(float64(maxRSS)/(1<<20), "peak-RSS-MB")
				b.ReportMetric(float64(st.Size())/1e6, "out-MB")
			})
		}
	}
}

// runPeakRSS runs cmd and returns its peak resident set size in bytes.
//
// The child's rusage Maxrss alone is not enough: os/exec starts the child
// with vfork (CLONE_VM), and Linux carries the parent's high-water RSS into
// the child's maxrss across exec, so a child smaller than this test process
// reports the test process's size. So the child's own VmHWM is sampled from
// /proc while it runs (it only grows, so the last sample is the peak up to
// then), and Maxrss is used instead only when it exceeds this process's own
// peak, in which case it is the child's.
func runPeakRSS(cmd *exec.Cmd) (int64, error) {
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	done := make(chan struct{})
	sampled := make(chan int64)
	go func() {
		var peak int64
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			if v := vmHWM(status); v > peak {
				peak = v
			}
			select {
			case <-done:
				sampled <- peak
				return
			case <-tick.C:
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	peak := <-sampled
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		if m := ru.Maxrss * 1024; m > vmHWM("/proc/self/status") && m > peak { // KiB on Linux
			peak = m
		}
	}
	return peak, err
}

// vmHWM reads the VmHWM (peak RSS) line of a /proc status file, in bytes;
// 0 when it cannot (the process is gone, or not Linux).
func vmHWM(path string) int64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kib, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kib * 1024
		}
	}
	return 0
}

// exportedEdges counts the edges a plain export writes: those with
// evidence that is neither negated nor hedged.
func exportedEdges(b *testing.B, path string) int {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var k int
	if err := db.QueryRow(`SELECT COUNT(DISTINCT edge_id) FROM evidence WHERE negated = 0 AND hedged = 0`).Scan(&k); err != nil {
		b.Fatal(err)
	}
	return k
}

// scaleDBVersion names the generator's output; bump it when the generator
// changes so stale cached databases are not reused.
const scaleDBVersion = 2

// scaleDB returns the path of a generated kg database with n edges, making
// it (under os.TempDir(), reused across runs) when it does not exist yet.
func scaleDB(b *testing.B, n int) string {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("kg-scale-%d-v%d.db", n, scaleDBVersion))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	start := time.Now()
	// Generated under another name and renamed when complete, so an
	// interrupted run leaves no half-made database to be reused.
	tmp := path + ".tmp"
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(tmp + suffix)
	}
	if err := generateGraph(tmp, n); err != nil {
		b.Fatalf("generating a graph of %d edges: %v", n, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %s (%d edges) in %s", path, n, time.Since(start).Round(time.Second))
	return path
}

// Name parts for generated entities: invented, so that nothing depends on
// real names, and varied enough that names differ in length.
var (
	scaleSyllables = []string{"ka", "ro", "mi", "len", "dar", "vo", "sta", "ne", "bri", "tul", "an", "shi", "mor", "el", "quin", "za", "pe", "lo", "ver", "ith"}
	scaleTypes     = []string{"PERSON", "PERSON", "PERSON", "PERSON", "ORG", "ORG", "ORG", "GPE", "GPE", "LOC", "NORP"}
	scalePreds     = [][2]string{
		{"met", "CONSULT"}, {"met with", "CONSULT"}, {"spoke with", "CONSULT"}, {"accused", "ACCUSE"},
		{"criticized", "ACCUSE"}, {"praised", "SUPPORT"}, {"supported", "SUPPORT"}, {"signed a deal with", "AGREE"},
		{"agreed with", "AGREE"}, {"sanctioned", "SANCTION"}, {"threatened", "THREATEN"}, {"rejected", "REJECT"},
		{"asked", "REQUEST"}, {"aided", "AID"}, {"president of", "ROLE"}, {"minister of", "ROLE"},
		{"spokesman for", "ROLE"}, {"visited", "OTHER"}, {"said of", "STATEMENT"}, {"attacked", "ASSAULT"},
	}
	scaleFillers = []string{
		"on Tuesday, according to officials familiar with the talks",
		"in a statement released late on Friday evening",
		"during a visit that lasted less than two days",
		"after weeks of negotiations over the terms of the agreement",
		"as protesters gathered outside the building in the capital",
		"in remarks to reporters before the summit opened",
		"according to a transcript published by the ministry",
		"despite objections from several members of the coalition",
	}
)

func scaleName(r *rand.Rand, typ string) string {
	word := func() string {
		var s strings.Builder
		for k := 1 + r.IntN(3); k >= 0; k-- {
			s.WriteString(scaleSyllables[r.IntN(len(scaleSyllables))])
		}
		w := s.String()
		return strings.ToUpper(w[:1]) + w[1:]
	}
	switch typ {
	case "PERSON":
		return word() + " " + word()
	case "ORG":
		return "the " + word() + " " + []string{"Council", "Institute", "Party", "Bank", "Agency", "Group"}[r.IntN(6)]
	case "NORP":
		return word() + "ian"
	}
	return word()
}

// generateGraph writes a kg database with n edges at path: a few hundred
// documents (two in three dated), n/10 entities (half with an alias), n
// edges with distinct (subject, predicate, object), one evidence sentence
// of about 150 bytes each (a few negated or hedged) and one mention per
// edge. The same n always gives the same database.
func generateGraph(path string, n int) error {
	return generateGraphSized(path, n, max(n/10, 10))
}

// generateGraphSized is generateGraph with nEnt entities. Subjects follow a
// power law over all of them; objects are uniform over the first quarter,
// so that, as in a real archive, most entities (named once, in passing)
// have no edge.
func generateGraphSized(path string, n, nEnt int) error {
	ctx := context.Background()
	// graph.Open makes the schema, application_id and version as kg does.
	st, err := graph.Open(ctx, path)
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // the pragmas below are per connection
	for _, p := range []string{`PRAGMA journal_mode = DELETE`, `PRAGMA synchronous = OFF`, `PRAGMA cache_size = -262144`} {
		if _, err := db.Exec(p); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	r := rand.New(rand.NewPCG(uint64(n), 20261126))

	// Documents.
	nDocs := 300
	docLen := make([]int, nDocs+1)
	insDoc, err := tx.Prepare(`INSERT INTO documents (id, uri, sha256, title, published, text) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for d := 1; d <= nDocs; d++ {
		var text strings.Builder
		fmt.Fprintf(&text, "Report %d. ", d)
		for text.Len() < 3000 {
			text.WriteString(scaleFillers[r.IntN(len(scaleFillers))])
			text.WriteString(". ")
		}
		docLen[d] = text.Len()
		sum := sha256.Sum256([]byte(text.String()))
		published := ""
		if d%3 != 0 {
			published = fmt.Sprintf("2025-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
		}
		if _, err := insDoc.Exec(d, fmt.Sprintf("https://news.example.com/2025/report-%d.html", d), hex.EncodeToString(sum[:]),
			fmt.Sprintf("Report %d", d), published, text.String()); err != nil {
			return fmt.Errorf("document %d: %w", d, err)
		}
	}

	// Entities and aliases.
	names := make([]string, nEnt+1)
	insMention, err := tx.Prepare(`INSERT INTO mentions (id, entity_id, document_id, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	insEnt, err := tx.Prepare(`INSERT INTO entities (id, name, type, key) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	insAlias, err := tx.Prepare(`INSERT OR IGNORE INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	for id := 1; id <= nEnt; id++ {
		typ := scaleTypes[r.IntN(len(scaleTypes))]
		name := scaleName(r, typ)
		names[id] = name
		if _, err := insEnt.Exec(id, name, typ, strings.ToLower(name)); err != nil {
			return fmt.Errorf("entity %d: %w", id, err)
		}
		// Every entity is named once, as most are in an archive.
		doc := 1 + r.IntN(nDocs)
		at := r.IntN(docLen[doc] - 100)
		if _, err := insMention.Exec(n+id, id, doc, at, at+len(name), name); err != nil {
			return fmt.Errorf("mention of entity %d: %w", id, err)
		}
		for k := r.IntN(3) - 1; k >= 0; k-- { // none, one or two aliases
			alias := scaleName(r, typ)
			if _, err := insAlias.Exec(id, alias, strings.ToLower(alias)); err != nil {
				return fmt.Errorf("alias of entity %d: %w", id, err)
			}
		}
	}

	// Edges, each with one piece of evidence and one mention.
	insEdge, err := tx.Prepare(`INSERT INTO edges (id, subject_id, predicate, object_id, class) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	insEv, err := tx.Prepare(`INSERT INTO evidence (id, edge_id, document_id, sentence, start, "end", sentence_start,
		negated, hedged, possessed, attributed_to, confidence, folded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`)
	if err != nil {
		return err
	}
	// Subjects follow a power law, as in news (a few people are in most
	// stories); objects are uniform.
	zipf := rand.NewZipf(r, 1.2, 4, uint64(nEnt-1))
	seen := make(map[[3]int32]bool, n)
	for id := 1; id <= n; id++ {
		var subj, obj, pred int
		for {
			subj = 1 + int(zipf.Uint64())
			obj = 1 + r.IntN(max(nEnt/4, 2))
			pred = r.IntN(len(scalePreds))
			key := [3]int32{int32(subj), int32(pred), int32(obj)}
			if subj != obj && !seen[key] {
				seen[key] = true
				break
			}
		}
		if _, err := insEdge.Exec(id, subj, scalePreds[pred][0], obj, scalePreds[pred][1]); err != nil {
			return fmt.Errorf("edge %d: %w", id, err)
		}
		doc := 1 + r.IntN(nDocs)
		sentence := names[subj] + " " + scalePreds[pred][0] + " " + names[obj] + " " + scaleFillers[r.IntN(len(scaleFillers))]
		for len(sentence) < 130 {
			sentence += ", " + scaleFillers[r.IntN(len(scaleFillers))]
		}
		sentence += "."
		sStart := r.IntN(docLen[doc] - 200)
		start := sStart + r.IntN(20)
		negated := r.IntN(100) < 3
		hedged := r.IntN(100) < 4
		var attributed any
		if r.IntN(10) == 0 {
			attributed = 1 + r.IntN(nEnt)
		}
		if _, err := insEv.Exec(id, id, doc, sentence, start, start+len(sentence)/2, sStart,
			negated, hedged, attributed, 0.5+r.Float64()/2, strings.ToLower(sentence)); err != nil {
			return fmt.Errorf("evidence %d: %w", id, err)
		}
		if _, err := insMention.Exec(id, subj, doc, start, start+len(names[subj]), names[subj]); err != nil {
			return fmt.Errorf("mention %d: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// Back to write-ahead logging, as kg leaves its databases.
	if _, err := db.Exec(`PRAGMA journal_mode = WAL`); err != nil {
		return err
	}
	return db.Close()
}

// scaleSizes are the graphs of BenchmarkQueriesScale: the entities and
// edges kg built from 10,000 and 100,000 news documents (issue 23).
var scaleSizes = []struct {
	name          string
	edges, entity int
}{
	{"10k-docs", 32_000, 108_000},
	{"100k-docs", 315_000, 1_080_000},
}

// scaleDBSized is scaleDB for a graph of n edges among nEnt entities.
func scaleDBSized(b *testing.B, n, nEnt int) string {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("kg-scale-%d-%d-v%d.db", n, nEnt, scaleDBVersion))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	start := time.Now()
	tmp := path + ".tmp"
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(tmp + suffix)
	}
	if err := generateGraphSized(tmp, n, nEnt); err != nil {
		b.Fatalf("generating a graph of %d edges and %d entities: %v", n, nEnt, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %s in %s", path, time.Since(start).Round(time.Second))
	return path
}

// BenchmarkQueriesScale times every question on generated graphs the size
// of those kg builds from 10,000 and 100,000 documents (108k entities and
// 32k edges; 1.08M and 315k), running the kg binary as a user does, and
// reports seconds and the process's peak RSS. With KG_BEFORE set to a
// commit, the kg of that commit runs the same commands in the same run,
// for a before/after comparison; a run longer than KG_BENCH_TIMEOUT
// (default 120s) is killed and reported as such (killed=1).
//
//	KG_BEFORE=dde9adb go test -run '^$' -bench QueriesScale -benchtime 1x -timeout 60m ./cmd/kg
//
// It is skipped in -short mode; go test without -bench never runs it.
func BenchmarkQueriesScale(b *testing.B) {
	if testing.Short() {
		b.Skip("generates graphs of up to a million entities; skipped in -short mode")
	}
	timeout := 120 * time.Second
	if s := os.Getenv("KG_BENCH_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			b.Fatalf("KG_BENCH_TIMEOUT=%q: want a duration such as 120s", s)
		}
		timeout = d
	}
	bins := []struct{ name, path string }{{"after", kgBinaryB(b)}}
	if commit := os.Getenv("KG_BEFORE"); commit != "" {
		bins = append([]struct{ name, path string }{{"before", kgBinaryAt(b, commit)}}, bins...)
	}
	for _, size := range scaleSizes {
		db := scaleDBSized(b, size.edges, size.entity)
		a, c := scaleEnds(b, db)
		questions := []struct {
			name string
			args []string
		}{
			{"central", []string{"central", "--top", "20"}},
			{"neighbors-depth-2", []string{"neighbors", "--depth", "2", a}},
			{"path", []string{"path", a, c}},
			{"components", []string{"components", "--json"}},
			{"entities", []string{"entities", "--csv"}},
		}
		for _, q := range questions {
			for _, bin := range bins {
				b.Run(fmt.Sprintf("%s/%s/%s", size.name, q.name, bin.name), func(b *testing.B) {
					var maxRSS int64
					var total time.Duration
					killed := 0
					for i := 0; i < b.N; i++ {
						ctx, cancel := context.WithTimeout(context.Background(), timeout)
						cmd := exec.CommandContext(ctx, bin.path, append(q.args, "--db", db)...)
						var stderr strings.Builder
						cmd.Stdout, cmd.Stderr = io.Discard, &stderr
						start := time.Now()
						rss, err := runPeakRSS(cmd)
						total += time.Since(start)
						timedOut := ctx.Err() == context.DeadlineExceeded
						cancel()
						maxRSS = max(maxRSS, rss)
						if timedOut {
							killed = 1
							break
						}
						if err != nil {
							b.Fatalf("kg %s: %v\n%s", strings.Join(q.args, " "), err, stderr.String())
						}
					}
					b.ReportMetric(total.Seconds()/float64(b.N), "s/run")
					b.ReportMetric(float64(maxRSS)/(1<<20), "peak-RSS-MB")
					b.ReportMetric(float64(killed), "killed")
				})
			}
		}
	}
}

// scaleEnds picks two entities of a generated graph for neighbors and
// path: the first with at least three edges among IDs above 100 (a busy
// but not the busiest subject), and the first with an edge among IDs
// above half the entities, each with a name no other entity has.
func scaleEnds(b *testing.B, path string) (string, string) {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	pick := func(q string) string {
		var name string
		if err := db.QueryRow(q).Scan(&name); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
		return name
	}
	unique := `AND (SELECT COUNT(*) FROM entities x WHERE x.key = e.key) = 1
		AND NOT EXISTS (SELECT 1 FROM aliases a WHERE a.key = e.key)`
	a := pick(`SELECT e.name FROM entities e WHERE e.id > 100
		AND (SELECT COUNT(*) FROM edges g WHERE g.subject_id = e.id) >= 3 ` + unique + ` ORDER BY e.id LIMIT 1`)
	c := pick(`SELECT e.name FROM entities e WHERE e.id > (SELECT MAX(id) FROM entities) / 8
		AND EXISTS (SELECT 1 FROM edges g WHERE g.object_id = e.id) ` + unique + ` ORDER BY e.id LIMIT 1`)
	return a, c
}

// kgBinaryAt builds the kg of a commit of this repository (git archive, so
// the working tree is untouched) for a before/after comparison.
func kgBinaryAt(b *testing.B, commit string) string {
	dir := b.TempDir()
	root, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		b.Fatalf("KG_BEFORE needs a git checkout: %v", err)
	}
	archive := exec.Command("sh", "-c", `git -C "$1" archive "$2" | tar -x -C "$3"`, "sh", strings.TrimSpace(string(root)), commit, dir)
	if out, err := archive.CombinedOutput(); err != nil {
		b.Fatalf("KG_BEFORE=%s: git archive: %v\n%s", commit, err, out)
	}
	bin := filepath.Join(dir, "kg-before")
	build := exec.Command("go", "build", "-o", bin, "./cmd/kg")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("KG_BEFORE=%s: go build: %v\n%s", commit, err, out)
	}
	return bin
}
