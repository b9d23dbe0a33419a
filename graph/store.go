package graph

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Store is a knowledge graph kept in a SQLite database file.
//
// A Store writes through a single connection and reads through a pool of
// read-only connections, so long reads (exports) never block on each other
// and a Query can never modify the database. Several processes may open the
// same file: writers wait for each other (busy timeout of a minute) rather
// than fail, and each document is added in one transaction, so a process
// killed mid-write leaves either the whole document or none of it.
//
// The tables and views documents, entities, aliases, mentions, relations and
// evidence are a public interface that users query in plain SQL; see
// ExampleNeighbours and the other Example constants.
type Store struct {
	w    *sql.DB // nil when opened read-only
	r    *sql.DB
	path string
}

// ErrNotKG is returned (wrapped) by Open and OpenReadOnly for a file that is
// not a kg database. The file is left untouched.
var ErrNotKG = errors.New("not a kg database")

const sqliteMagic = "SQLite format 3\x00"

// checkFile reports whether path exists and holds a kg database, by reading
// the SQLite header directly: opening it with SQLite could create -wal and
// -shm files or roll back a hot journal, and a file we refuse must stay as
// it was byte for byte.
func checkFile(path string) (exists bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false, err
	}
	if st.IsDir() {
		return true, fmt.Errorf("%s is a directory: %w", path, ErrNotKG)
	}
	if st.Size() == 0 {
		// An empty file (from touch or mktemp) is an empty database to
		// SQLite; we make it a kg database.
		return false, nil
	}
	var hdr [100]byte
	if _, err := io.ReadFull(f, hdr[:]); err != nil || !bytes.Equal(hdr[:16], []byte(sqliteMagic)) {
		return true, fmt.Errorf("%s is not a SQLite database: %w", path, ErrNotKG)
	}
	if id := binary.BigEndian.Uint32(hdr[68:72]); id != ApplicationID {
		return true, fmt.Errorf("%s is another application's SQLite database (application_id %#x): %w", path, id, ErrNotKG)
	}
	return true, nil
}

// dsn builds a SQLite URI for path; '?', '#' and '%' in a file name would
// otherwise be read as URI syntax.
func dsn(path string, params string) string {
	p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + p + "?" + params
}

const (
	writeParams = "_busy_timeout=60000&_txlock=immediate&_foreign_keys=1&_synchronous=NORMAL"
	readParams  = "mode=ro&_busy_timeout=60000&_foreign_keys=1&_query_only=1"
)

// Open opens the kg database at path for reading and writing, creating it
// when the file does not exist (or is empty) and upgrading an older schema.
// It refuses, with an error wrapping ErrNotKG and without modifying the file,
// a file that is not SQLite or is another application's SQLite database.
func Open(ctx context.Context, path string) (*Store, error) {
	exists, err := checkFile(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if exists {
		// SQLite would open a file it cannot write read-only, silently, and
		// fail at the first write with "attempt to write a readonly
		// database"; the operating system's error names the cause.
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, fmt.Errorf("open %s for writing: %w", path, err)
		}
		f.Close()
	}
	w, err := sql.Open("sqlite3", dsn(path, writeParams))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// One writer connection: SQLite has one writer anyway, and a single
	// connection makes the per-connection pragmas hold for every write.
	w.SetMaxOpenConns(1)
	// The schema is created in rollback-journal mode, so that the header
	// with our application_id is in the main file before WAL is turned on.
	if err := migrate(ctx, w, SchemaVersion); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, explainOpen(path, err))
	}
	if err := setWAL(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: set WAL mode: %w", path, explainOpen(path, err))
	}
	if err := checkTables(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite3", dsn(path, readParams))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &Store{w: w, r: r, path: path}, nil
}

// setWAL switches the database to write-ahead logging, which lets readers
// (exports) run while a writer adds documents. The switch needs the file to
// itself and SQLite does not wait for that with the busy timeout, so it is
// retried while another process holds the file, for up to a minute.
func setWAL(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(time.Minute)
	for {
		var mode string
		err := db.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode)
		if err == nil {
			return nil
		}
		var se sqlite3.Error
		if !errors.As(err, &se) || (se.Code != sqlite3.ErrBusy && se.Code != sqlite3.ErrLocked) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// OpenReadOnly opens an existing kg database for reading only, as export
// and query commands need. It never creates, upgrades or modifies the file,
// and it reads a database on read-only media or in a folder the user cannot
// write to (see openReader).
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	exists, err := checkFile(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if !exists {
		return nil, fmt.Errorf("open %s: %w", path, fs.ErrNotExist)
	}
	r, version, err := openReader(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if version != SchemaVersion {
		r.Close()
		if version < SchemaVersion {
			return nil, fmt.Errorf("open %s: schema version %d is older than %d; open it for writing once (e.g. kg build) to upgrade it", path, version, SchemaVersion)
		}
		return nil, fmt.Errorf("open %s: schema version %d is newer than this kg supports (%d)", path, version, SchemaVersion)
	}
	if err := checkTables(ctx, r); err != nil {
		r.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &Store{r: r, path: path}, nil
}

// openReader opens path read-only and returns its schema version.
//
// A database in WAL mode is read through its -shm index, which SQLite must
// create next to the file when it is missing; on read-only media, in a
// folder the user cannot write to, or for a file owned by another user,
// that fails and mode=ro alone cannot read the file. Then, and only when the
// -wal file is absent or empty, the file is opened immutable: with no WAL
// content, every committed transaction is in the main file (kg checkpoints
// and truncates the WAL after each write), and no kg process is writing it,
// since a writer's -wal grows with its first transaction. With WAL content,
// immutable would hide its transactions, so the first error is returned.
// (Readers leave an empty -wal and a -shm beside the file; they hold
// nothing.)
func openReader(ctx context.Context, path string) (*sql.DB, int, error) {
	r, version, err := tryReader(ctx, path, readParams)
	if err == nil {
		return r, version, nil
	}
	if st, werr := os.Stat(path + "-wal"); werr == nil && st.Size() > 0 || werr != nil && !errors.Is(werr, fs.ErrNotExist) {
		return nil, 0, explainOpen(path, err)
	}
	r, version, ierr := tryReader(ctx, path, readParams+"&immutable=1")
	if ierr != nil {
		return nil, 0, explainOpen(path, err)
	}
	return r, version, nil
}

func tryReader(ctx context.Context, path, params string) (*sql.DB, int, error) {
	r, err := sql.Open("sqlite3", dsn(path, params))
	if err != nil {
		return nil, 0, err
	}
	var version int
	if err := r.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		r.Close()
		return nil, 0, fmt.Errorf("read schema version: %w", err)
	}
	return r, version, nil
}

// explainOpen replaces SQLite's "unable to open database file", which names
// the wrong cause (the errno of the -shm or -wal file it could not create,
// often "no such file or directory"), by the error the operating system
// gives for what SQLite needed: reading the file, or creating files in its
// folder (probed with a temporary file, removed at once).
func explainOpen(path string, err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) || (se.Code != sqlite3.ErrCantOpen && se.Code != sqlite3.ErrReadonly && se.Code != sqlite3.ErrPerm) {
		return err
	}
	if f, ferr := os.Open(path); ferr == nil {
		f.Close()
	} else if !errors.Is(ferr, fs.ErrNotExist) {
		return ferr
	}
	dir := filepath.Dir(path)
	probe, perr := os.CreateTemp(dir, ".kg-probe-*")
	if perr != nil {
		return fmt.Errorf("cannot create files in %s, as SQLite needs for %s-wal and %s-shm: %w", dir, filepath.Base(path), filepath.Base(path), errors.Unwrap(perr))
	}
	probe.Close()
	os.Remove(probe.Name())
	return err
}

// checkTables guards against a file that carries our application_id but
// lacks our schema (a damaged or hand-made file).
func checkTables(ctx context.Context, db *sql.DB) error {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema
		WHERE name IN ('documents', 'entities', 'aliases', 'mentions', 'edges', 'evidence', 'relations')`).Scan(&n)
	if err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	if n != 7 {
		return fmt.Errorf("kg tables missing: %w", ErrNotKG)
	}
	return nil
}

// Close closes the database. Every Add has already been committed; a
// writable store also checkpoints the write-ahead log into the main file and
// truncates it, so that the .db file alone holds the whole graph and can be
// copied, uploaded or committed without its -wal file.
func (s *Store) Close() error {
	// The readers go first: SQLite removes the -wal file when the last
	// connection to the database closes, and that must be the writer, since
	// a read-only connection cannot checkpoint.
	err := s.r.Close()
	if s.w != nil {
		err = errors.Join(err, s.Checkpoint(context.Background()), s.w.Close())
	}
	return err
}

// Checkpoint copies every committed transaction from the write-ahead log into
// the database file and truncates the log. It waits (up to the busy timeout)
// for readers in other processes that still use older snapshots.
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.w == nil {
		return nil
	}
	var busy, logFrames, done int
	if err := s.w.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
		return fmt.Errorf("checkpoint %s: %w", s.path, err)
	}
	// busy != 0: another process still writes or reads an older snapshot
	// after the busy timeout. Not an error of this command: the log keeps
	// the changes, and the last writer to close folds them in.
	return nil
}

// Filename returns the file name the store was opened with.
func (s *Store) Filename() string { return s.path }

// HasDocument reports whether a document with this hex SHA-256 of its text
// is already stored, so callers can skip extraction for it.
func (s *Store) HasDocument(ctx context.Context, sha256 string) (bool, error) {
	var one int
	err := s.r.QueryRowContext(ctx, `SELECT 1 FROM documents WHERE sha256 = ?`, sha256).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look up document: %w", err)
	}
	return true, nil
}

// Query runs a read-only SQL query. Statements that would modify the
// database fail, because it runs on a read-only connection.
func (s *Store) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	return rows, nil
}
