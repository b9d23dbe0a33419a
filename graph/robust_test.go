package graph

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// noSidecars fails when SQLite left a journal, WAL or shared-memory file
// next to path.
func noSidecars(t *testing.T, path string) {
	t.Helper()
	for _, suf := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + suf); err == nil {
			t.Errorf("%s%s exists after a refused Open", filepath.Base(path), suf)
		}
	}
}

func TestOpenRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("just some notes\nnot a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short.db")
	if err := os.WriteFile(short, []byte("SQLite format 3\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite3", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE foo (x INTEGER); INSERT INTO foo VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Another application's file that happens to have tables named like ours.
	lookalike := filepath.Join(dir, "lookalike.db")
	db, err = sql.Open("sqlite3", lookalike)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE documents (id INTEGER); CREATE TABLE entities (id INTEGER)`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	open := map[string]func(context.Context, string) (*Store, error){"Open": Open, "OpenReadOnly": OpenReadOnly}
	for _, path := range []string{text, short, foreign, lookalike} {
		for _, name := range []string{"Open", "OpenReadOnly"} {
			t.Run(name+"/"+filepath.Base(path), func(t *testing.T) {
				before := fileSum(t, path)
				s, err := open[name](context.Background(), path)
				if err == nil {
					s.Close()
					t.Fatalf("%s(%s) succeeded; want a refusal", name, filepath.Base(path))
				}
				if !errors.Is(err, ErrNotKG) {
					t.Errorf("%s(%s) error = %v; want ErrNotKG", name, filepath.Base(path), err)
				}
				if fileSum(t, path) != before {
					t.Errorf("%s(%s) modified the file", name, filepath.Base(path))
				}
				noSidecars(t, path)
			})
		}
	}
	if _, err := Open(context.Background(), dir); !errors.Is(err, ErrNotKG) {
		t.Errorf("Open(directory) error = %v; want ErrNotKG", err)
	}
}

func TestOpenReadOnlyDoesNotCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	if _, err := OpenReadOnly(context.Background(), path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("OpenReadOnly(missing) error = %v; want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Errorf("OpenReadOnly created %s", path)
	}
}

func TestOpenReadOnlyRejectsWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kg.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc("a", "", "Alice Adams spoke.")
	d.entity("Alice Adams", "PERSON")
	mustAdd(t, s, d)
	s.Close()
	ro, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if has, err := ro.HasDocument(context.Background(), d.doc.ID); err != nil || !has {
		t.Errorf("read-only HasDocument = %v, %v; want true", has, err)
	}
	d2 := newDoc("b", "", "Bob Brown spoke.")
	if added, err := ro.Add(context.Background(), d2.doc, d2.res); err == nil || added {
		t.Errorf("read-only Add = %v, %v; want an error", added, err)
	}
}

func TestOpenReopensAndEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kg.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("Open #%d of an empty file: %v", i+1, err)
		}
		d := newDoc("d"+strconv.Itoa(i), "", fmt.Sprintf("Alice Adams spoke %d times.", i))
		d.entity("Alice Adams", "PERSON")
		mustAdd(t, s, d)
		s.Close()
	}
	s, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, _ := s.Stats(context.Background())
	if st.Documents != 2 || st.Entities != 1 {
		t.Errorf("after two sessions: %+v; want 2 documents, 1 entity", st)
	}
}

func TestMigrateFromV1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := sql.Open("sqlite3", dsn(path, writeParams))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, 1); err != nil {
		t.Fatalf("create v1: %v", err)
	}
	// A v1 database as kg v1 wrote it: no evidence.folded column.
	if _, err := db.Exec(`
		INSERT INTO documents (id, uri, sha256, title, published, text) VALUES (1, 'old.txt', 'abc', '', '2023-05-01', 'Recep Erdoğan met Olaf Scholz.');
		INSERT INTO entities (id, name, type, key) VALUES (1, 'Recep Erdoğan', 'PERSON', 'recep erdogan'), (2, 'Olaf Scholz', 'PERSON', 'olaf scholz');
		INSERT INTO edges (id, subject_id, predicate, object_id, class) VALUES (1, 1, 'met', 2, 'CONSULT');
		INSERT INTO evidence (edge_id, document_id, sentence, start, "end", sentence_start) VALUES (1, 1, 'Recep Erdoğan met Olaf Scholz.', 0, 31, 0);`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	if _, err := OpenReadOnly(ctx, path); err == nil {
		t.Errorf("OpenReadOnly of a v1 database succeeded; want an upgrade hint")
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open v1: %v", err)
	}
	defer s.Close()
	var version int
	if err := s.r.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != SchemaVersion {
		t.Errorf("user_version after Open = %d, %v; want %d", version, err, SchemaVersion)
	}
	ev, err := s.SearchEvidence(ctx, "erdogan met", 0)
	if err != nil || len(ev) != 1 || ev[0].Published != "2023-05-01" {
		t.Errorf("SearchEvidence on upgraded v1 = %+v, %v; want the old sentence", ev, err)
	}
	// Adding to the upgraded database merges with the old entities.
	d := newDoc("new.txt", "2024-01-01", "Recep Erdogan met Olaf Scholz again.")
	a, b := d.entity("Recep Erdogan", "PERSON"), d.entity("Olaf Scholz", "PERSON")
	d.relation(a, "met", "CONSULT", b, 0)
	mustAdd(t, s, d)
	if got, want := edgeNames(t, s, Filter{}), []string{"Recep Erdoğan -met-> Olaf Scholz x2"}; !equal(got, want) {
		t.Errorf("edges after upgrade and Add = %q; want %q", got, want)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kg.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, SchemaVersion+1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(context.Background(), path); err == nil {
		t.Errorf("Open of a newer schema succeeded; want an error")
	}
	if _, err := OpenReadOnly(context.Background(), path); err == nil {
		t.Errorf("OpenReadOnly of a newer schema succeeded; want an error")
	}
}

// concurrentDoc is the i-th document a writer adds in the concurrency
// tests; every document mentions a shared entity so the writers contend
// for the same rows.
func concurrentDoc(writer string, i int) *docBuilder {
	d := newDoc(fmt.Sprintf("%s-%d", writer, i), "2024-01-01",
		fmt.Sprintf("Alice Adams met %s Person%d.", writer, i))
	a := d.entity("Alice Adams", "PERSON")
	b := d.entity(fmt.Sprintf("%s Person%d", writer, i), "PERSON")
	d.relation(a, "met", "CONSULT", b, 0)
	return d
}

const concurrentDocs = 40

// TestHelperWriter is not a test: run by TestConcurrentProcesses as a
// separate process, it adds its documents to the database it is given.
func TestHelperWriter(t *testing.T) {
	path, writer := os.Getenv("KG_GRAPH_TEST_DB"), os.Getenv("KG_GRAPH_TEST_WRITER")
	if path == "" {
		t.Skip("helper process for TestConcurrentProcesses")
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("helper %s: Open: %v", writer, err)
	}
	defer s.Close()
	for i := 0; i < concurrentDocs; i++ {
		mustAdd(t, s, concurrentDoc(writer, i))
	}
}

func checkConcurrent(t *testing.T, path string, writers []string) {
	t.Helper()
	s, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, w := range writers {
		for i := 0; i < concurrentDocs; i++ {
			if has, err := s.HasDocument(context.Background(), concurrentDoc(w, i).doc.ID); err != nil || !has {
				t.Errorf("document %s-%d missing (%v)", w, i, err)
			}
		}
	}
	st, _ := s.Stats(context.Background())
	n := len(writers) * concurrentDocs
	if st.Documents != n || st.Entities != n+1 || st.Evidence != n {
		t.Errorf("Stats = %+v; want %d documents, %d entities (Alice merged), %d evidence", st, n, n+1, n)
	}
}

func TestConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	path := filepath.Join(t.TempDir(), "kg.db") // created by the racing writers
	writers := []string{"P", "Q"}
	var wg sync.WaitGroup
	errs := make([]error, len(writers))
	outs := make([][]byte, len(writers))
	for i, w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
			cmd.Env = append(os.Environ(), "KG_GRAPH_TEST_DB="+path, "KG_GRAPH_TEST_WRITER="+w)
			outs[i], errs[i] = cmd.CombinedOutput()
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("writer %s: %v\n%s", writers[i], err, outs[i])
		}
	}
	checkConcurrent(t, path, writers)
}

func TestConcurrentStores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kg.db")
	writers := []string{"A", "B", "C"}
	var wg sync.WaitGroup
	errs := make([]error, len(writers))
	for i, w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), path)
			if err != nil {
				errs[i] = err
				return
			}
			defer s.Close()
			for k := 0; k < concurrentDocs; k++ {
				d := concurrentDoc(w, k)
				if _, err := s.Add(context.Background(), d.doc, d.res); err != nil {
					errs[i] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("writer %s: %v", writers[i], err)
		}
	}
	checkConcurrent(t, path, writers)
}

func TestConcurrentSameDocumentAddedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kg.db")
	d := concurrentDoc("Same", 0)
	var wg sync.WaitGroup
	added := make([]bool, 4)
	errs := make([]error, 4)
	for i := range added {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), path)
			if err != nil {
				errs[i] = err
				return
			}
			defer s.Close()
			added[i], errs[i] = s.Add(context.Background(), d.doc, d.res)
		}()
	}
	wg.Wait()
	n := 0
	for i := range added {
		if errs[i] != nil {
			t.Fatalf("store %d: %v", i, errs[i])
		}
		if added[i] {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d of 4 concurrent Adds of one document reported added; want 1", n)
	}
}

// TestHelperEndlessWriter is not a test: run by TestKillMidWrite as a
// separate process, it adds documents until it is killed.
func TestHelperEndlessWriter(t *testing.T) {
	path := os.Getenv("KG_GRAPH_TEST_ENDLESS_DB")
	if path == "" {
		t.Skip("helper process for TestKillMidWrite")
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("helper: Open: %v", err)
	}
	defer s.Close()
	for i := 0; i < 1_000_000; i++ {
		mustAdd(t, s, concurrentDoc("K", i))
	}
}

func TestKillMidWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	path := filepath.Join(t.TempDir(), "kg.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperEndlessWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), "KG_GRAPH_TEST_ENDLESS_DB="+path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	// Wait until the writer is well into its work, then kill it without
	// warning, most likely inside a transaction.
	for tries := 0; ; tries++ {
		if tries > 1000 {
			t.Fatal("writer added nothing in 20 s")
		}
		time.Sleep(20 * time.Millisecond)
		s, err := OpenReadOnly(context.Background(), path)
		if err != nil {
			continue
		}
		st, err := s.Stats(context.Background())
		s.Close()
		if err == nil && st.Documents >= 20 {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	killed = true

	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open after kill: %v", err)
	}
	defer s.Close()
	var check string
	if err := s.r.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v; want ok", check, err)
	}
	var partial, docs int
	err = s.r.QueryRow(`SELECT COUNT(*), COALESCE(SUM(
		(SELECT COUNT(*) FROM mentions m WHERE m.document_id = d.id) != 2 OR
		(SELECT COUNT(*) FROM evidence v WHERE v.document_id = d.id) != 1), 0)
		FROM documents d`).Scan(&docs, &partial)
	if err != nil {
		t.Fatal(err)
	}
	if partial != 0 {
		t.Errorf("%d of %d documents are partial after a kill", partial, docs)
	}
	// The next run resumes: known documents are skipped, the rest added.
	for i := 0; i < docs+2; i++ {
		d := concurrentDoc("K", i)
		added, err := s.Add(context.Background(), d.doc, d.res)
		if err != nil {
			t.Fatal(err)
		}
		if added != (i >= docs) {
			t.Errorf("resumed Add of document %d = %v; want %v", i, added, i >= docs)
		}
	}
}
