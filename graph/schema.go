package graph

import (
	"context"
	"database/sql"
	"fmt"
)

// ApplicationID is written to the SQLite header (PRAGMA application_id) of
// every kg database, so that Open can tell a kg database from another
// application's SQLite file without modifying it. It reads "kg" then 0001.
const ApplicationID = 0x6B670001

// SchemaVersion is the PRAGMA user_version of a database written by this
// version of kg. Older databases are upgraded by Open.
const SchemaVersion = 5

// A migration moves the schema from version i to version i+1, where i is its
// index in migrations. It runs inside the transaction that also sets
// user_version, so an interrupted upgrade leaves the old schema intact.
type migration func(ctx context.Context, tx *sql.Tx) error

var migrations = []migration{
	migrateV1,
	migrateV2,
	migrateV3,
	migrateV4, // identity.go: documents' own entities, nodes derived from them
	migrateV5, // search.go: full-text indexes of documents and entity names
}

// schemaV1 is the first published schema. It is kept verbatim: later versions
// change it only through migrations, so that old databases can be upgraded.
const schemaV1 = `
CREATE TABLE documents (
	id        INTEGER PRIMARY KEY,
	uri       TEXT NOT NULL,
	sha256    TEXT NOT NULL UNIQUE,
	title     TEXT NOT NULL DEFAULT '',
	published TEXT NOT NULL DEFAULT '',
	text      TEXT NOT NULL
);
CREATE TABLE entities (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	key  TEXT NOT NULL
);
CREATE INDEX entities_key ON entities(key);
CREATE TABLE aliases (
	entity_id INTEGER NOT NULL REFERENCES entities(id),
	alias     TEXT NOT NULL,
	key       TEXT NOT NULL,
	PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;
CREATE INDEX aliases_key ON aliases(key);
CREATE TABLE mentions (
	id          INTEGER PRIMARY KEY,
	entity_id   INTEGER NOT NULL REFERENCES entities(id),
	document_id INTEGER NOT NULL REFERENCES documents(id),
	start       INTEGER NOT NULL,
	"end"       INTEGER NOT NULL,
	text        TEXT NOT NULL,
	kind        TEXT NOT NULL DEFAULT 'name'
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_document ON mentions(document_id);
CREATE TABLE edges (
	id         INTEGER PRIMARY KEY,
	subject_id INTEGER NOT NULL REFERENCES entities(id),
	predicate  TEXT NOT NULL,
	object_id  INTEGER NOT NULL REFERENCES entities(id),
	class      TEXT NOT NULL DEFAULT 'OTHER',
	UNIQUE (subject_id, predicate, object_id)
);
CREATE INDEX edges_object ON edges(object_id);
CREATE TABLE evidence (
	id             INTEGER PRIMARY KEY,
	edge_id        INTEGER NOT NULL REFERENCES edges(id),
	document_id    INTEGER NOT NULL REFERENCES documents(id),
	sentence       TEXT NOT NULL,
	start          INTEGER NOT NULL,
	"end"          INTEGER NOT NULL,
	sentence_start INTEGER NOT NULL,
	negated        INTEGER NOT NULL DEFAULT 0,
	hedged         INTEGER NOT NULL DEFAULT 0,
	possessed      INTEGER NOT NULL DEFAULT 0,
	attributed_to  INTEGER REFERENCES entities(id),
	confidence     REAL NOT NULL DEFAULT 0
);
CREATE INDEX evidence_edge ON evidence(edge_id);
CREATE INDEX evidence_document ON evidence(document_id);
CREATE VIEW relations AS
SELECT e.id AS id,
	e.subject_id, s.name AS subject, s.type AS subject_type,
	e.predicate,
	e.object_id, o.name AS object, o.type AS object_type,
	e.class,
	COUNT(v.id) AS weight,
	COALESCE(MIN(v.negated), 0) AS negated,
	COALESCE(MIN(v.hedged), 0) AS hedged,
	COALESCE(MAX(v.confidence), 0) AS confidence,
	COALESCE(MIN(NULLIF(d.published, '')), '') AS first_date,
	COALESCE(MAX(NULLIF(d.published, '')), '') AS last_date
FROM edges e
JOIN entities s ON s.id = e.subject_id
JOIN entities o ON o.id = e.object_id
LEFT JOIN evidence v ON v.edge_id = e.id
LEFT JOIN documents d ON d.id = v.document_id
GROUP BY e.id;
`

func migrateV1(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, schemaV1); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID))
	return err
}

// migrateV2 adds evidence.folded, the sentence lower-cased with diacritics
// removed, which SearchEvidence matches with LIKE (FTS5 would need a build
// tag), and fills it for existing rows.
func migrateV2(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `ALTER TABLE evidence ADD COLUMN folded TEXT NOT NULL DEFAULT ''`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, sentence FROM evidence ORDER BY id`)
	if err != nil {
		return err
	}
	type row struct {
		id       int64
		sentence string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.sentence); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE evidence SET folded = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer upd.Close()
	for _, r := range all {
		if _, err := upd.ExecContext(ctx, fold(r.sentence), r.id); err != nil {
			return err
		}
	}
	return nil
}

// migrateV3 gives documents an identity across versions, documents.key (a
// JSON Lines url or id, or a file's path; empty for input without one, such
// as standard input), so that a corrected article replaces the stored one; and
// adds the curation table of hand corrections that every ingest re-applies.
// Documents stored before have no key: they cannot be replaced, only skipped
// or removed by URI.
func migrateV3(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `
ALTER TABLE documents ADD COLUMN key TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX documents_key ON documents(key) WHERE key != '';
CREATE TABLE curation (
	id     INTEGER PRIMARY KEY,
	action TEXT NOT NULL CHECK (action IN ('merge', 'rename', 'retype', 'split', 'ignore')),
	name   TEXT NOT NULL,
	type   TEXT NOT NULL DEFAULT '',
	arg    TEXT NOT NULL DEFAULT '',
	arg_type TEXT NOT NULL DEFAULT ''
);`)
	return err
}

// migrate brings the database to version target inside one immediate
// transaction; the version is read inside it, so two processes creating or
// upgrading the same file do not both apply a migration.
func migrate(ctx context.Context, db *sql.DB, target int) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE through _txlock
	if err != nil {
		return fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version > SchemaVersion {
		return fmt.Errorf("database schema version %d is newer than this kg supports (%d)", version, SchemaVersion)
	}
	if version >= target {
		return nil
	}
	for v := version; v < target; v++ {
		if err := migrations[v](ctx, tx); err != nil {
			return fmt.Errorf("migrate schema to version %d: %w", v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", target)); err != nil {
		return fmt.Errorf("set schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migration: %w", err)
	}
	return nil
}
