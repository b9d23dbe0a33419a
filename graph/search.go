package graph

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"kg/extract/segment"
)

// Full-text search.
//
// The index is SQLite's FTS4, not FTS5: github.com/mattn/go-sqlite3 compiles
// FTS5 only under the sqlite_fts5 build tag, which every go build, go test
// and go run would then need, while FTS3/FTS4 is always compiled in. FTS4
// has the same unicode61 tokenizer, with remove_diacritics=2 ("erdogan"
// finds "Erdoğan"; letters with no decomposition, such as "ł" and "ø", are
// only lower-cased), but no bm25(): SearchSentences and SearchEntities
// compute Okapi BM25 (k1 = 1.2, b = 0.75, as FTS5's bm25 does) from
// matchinfo() and offsets().
//
// Two tables, kept by triggers so that every writer (Add, Put, Remove,
// reconciliation) keeps them current without knowing of them:
//
//   - document_fts indexes documents.text as external content (the text is
//     stored once, in documents). A search finds documents, then cuts their
//     matching sentences out with the segmenter that made the evidence, so
//     every sentence of every document is searched, not only those that
//     gave an edge.
//   - entity_fts indexes each entity's name and aliases, one row per entity
//     whose docid is the entity's id.

// searchSchema creates the full-text indexes and the triggers that keep
// them, for migrateV5.
const searchSchema = `
CREATE VIRTUAL TABLE document_fts USING fts4(content="documents", text, tokenize=unicode61 "remove_diacritics=2");
CREATE TRIGGER document_fts_bd BEFORE DELETE ON documents BEGIN
	DELETE FROM document_fts WHERE docid = old.id;
END;
CREATE TRIGGER document_fts_bu BEFORE UPDATE OF text ON documents BEGIN
	DELETE FROM document_fts WHERE docid = old.id;
END;
CREATE TRIGGER document_fts_au AFTER UPDATE OF text ON documents BEGIN
	INSERT INTO document_fts (docid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER document_fts_ai AFTER INSERT ON documents BEGIN
	INSERT INTO document_fts (docid, text) VALUES (new.id, new.text);
END;

CREATE VIRTUAL TABLE entity_fts USING fts4(name, aliases, tokenize=unicode61 "remove_diacritics=2");
CREATE TRIGGER entity_fts_ai AFTER INSERT ON entities BEGIN
	INSERT INTO entity_fts (docid, name, aliases) VALUES (new.id, new.name,
		(SELECT group_concat(alias, ' | ') FROM aliases WHERE entity_id = new.id));
END;
CREATE TRIGGER entity_fts_au AFTER UPDATE OF name ON entities BEGIN
	DELETE FROM entity_fts WHERE docid = old.id;
	INSERT INTO entity_fts (docid, name, aliases) VALUES (new.id, new.name,
		(SELECT group_concat(alias, ' | ') FROM aliases WHERE entity_id = new.id));
END;
CREATE TRIGGER entity_fts_ad AFTER DELETE ON entities BEGIN
	DELETE FROM entity_fts WHERE docid = old.id;
END;
CREATE TRIGGER entity_fts_alias_ai AFTER INSERT ON aliases BEGIN
	DELETE FROM entity_fts WHERE docid = new.entity_id;
	INSERT INTO entity_fts (docid, name, aliases) SELECT id, name,
		(SELECT group_concat(alias, ' | ') FROM aliases WHERE entity_id = new.entity_id)
		FROM entities WHERE id = new.entity_id;
END;
CREATE TRIGGER entity_fts_alias_ad AFTER DELETE ON aliases BEGIN
	DELETE FROM entity_fts WHERE docid = old.entity_id;
	INSERT INTO entity_fts (docid, name, aliases) SELECT id, name,
		(SELECT group_concat(alias, ' | ') FROM aliases WHERE entity_id = old.entity_id)
		FROM entities WHERE id = old.entity_id;
END;
CREATE TRIGGER entity_fts_alias_au AFTER UPDATE ON aliases BEGIN
	DELETE FROM entity_fts WHERE docid IN (old.entity_id, new.entity_id);
	INSERT INTO entity_fts (docid, name, aliases) SELECT id, name,
		(SELECT group_concat(alias, ' | ') FROM aliases WHERE entity_id = entities.id)
		FROM entities WHERE id IN (old.entity_id, new.entity_id);
END;
`

// migrateV5 adds the full-text indexes of documents and entity names, and
// builds them for the rows an older database already holds.
func migrateV5(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, searchSchema); err != nil {
		return fmt.Errorf("create search index: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO document_fts (document_fts) VALUES ('rebuild')`); err != nil {
		return fmt.Errorf("index documents: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO entity_fts (docid, name, aliases)
		SELECT id, name, (SELECT group_concat(alias, ' | ') FROM aliases WHERE entity_id = entities.id) FROM entities`); err != nil {
		return fmt.Errorf("index entity names: %w", err)
	}
	return nil
}

// ErrEmptyQuery is returned by the searches for a query with no word in it.
var ErrEmptyQuery = errors.New("nothing to search for: give a word")

// SentenceHit is a sentence of a stored document that matches a search.
type SentenceHit struct {
	DocumentID  int64
	DocumentURI string
	Title       string
	Published   string // YYYY-MM-DD or ""
	Sentence    string
	Start, End  int     // the sentence's byte offsets in the document text
	Score       float64 // BM25; higher is better

	// Evidence lists the edges the sentence supports, one piece of
	// evidence per clause, in offset order; empty when it gave none.
	Evidence []Evidence
}

// EntityHit is a node whose name or an alias matches a search.
type EntityHit struct {
	Node  Node
	Score float64 // BM25 over the name and the aliases; higher is better
}

// phrase is one part of a query: words that must follow each other in the
// text, the last one a prefix when written with '*'.
type phrase struct {
	words  []string
	prefix bool
}

// parseQuery splits a user's query into phrases: each word is one (or, when
// the tokenizer cuts it, as "U.S." into "u" and "s", a phrase of its parts),
// a double-quoted run of words is one, and a word ending in '*' matches
// every word it begins. Every phrase must match: the query is an AND.
func parseQuery(q string) []phrase {
	var out []phrase
	add := func(s string) {
		prefix := strings.HasSuffix(s, "*")
		if w := words(s); len(w) > 0 {
			out = append(out, phrase{words: w, prefix: prefix})
		}
	}
	for i, part := range strings.Split(q, `"`) {
		if i%2 == 1 { // inside quotes
			add(part)
			continue
		}
		for _, f := range strings.Fields(part) {
			add(f)
		}
	}
	return out
}

// words cuts s into the tokens unicode61 indexes: runs of letters and
// digits, lower-cased.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
}

// matchExpr writes phrases in FTS4 query syntax. Every phrase is quoted, so
// that no word is read as an operator (OR, NOT, NEAR).
func matchExpr(ps []phrase) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.WriteString(strings.Join(p.words, " "))
		if p.prefix {
			b.WriteByte('*')
		}
		b.WriteByte('"')
	}
	return b.String()
}

// BM25 parameters, those of FTS5's bm25().
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// idf is BM25's inverse document frequency of a term found in df of n
// rows, in the form that stays positive for very common terms.
func idf(n, df float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// bm25Term is one term's share of a BM25 score.
func bm25Term(idf, tf, length, avg float64) float64 {
	if tf == 0 {
		return 0
	}
	if avg <= 0 {
		avg = 1
	}
	return idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*length/avg))
}

// matchinfo decodes the blob of matchinfo(), an array of native-endian
// 32-bit integers.
func matchinfo(blob []byte) []uint32 {
	out := make([]uint32, len(blob)/4)
	for i := range out {
		out[i] = binary.NativeEndian.Uint32(blob[4*i:])
	}
	return out
}

// docCandidates is how many of the best-matching documents SearchSentences
// reads for each sentence it is to return; the sentences of documents that
// match less well are rarely better.
const docCandidates = 5

// SearchSentences returns the sentences of stored documents that contain
// every word of query (ignoring case and diacritics; "quoted words" as a
// phrase, word* as a prefix), best first by BM25, with the evidence each
// supports. A limit of 0 or less means no limit.
//
// Documents are ranked first (BM25 over the whole text); the sentences of
// the best 5×limit + 20 are cut out and ranked by BM25 with the sentence
// as the unit: a term's frequency within it, its length against the mean
// length of the sentences read, and the term's document frequency.
func (s *Store) SearchSentences(ctx context.Context, query string, limit int) ([]SentenceHit, error) {
	ps := parseQuery(query)
	if len(ps) == 0 {
		return nil, ErrEmptyQuery
	}
	docs, idfs, err := s.rankDocuments(ctx, ps)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	if limit > 0 && len(docs) > docCandidates*limit+20 {
		docs = docs[:docCandidates*limit+20]
	}
	if err := s.loadOffsets(ctx, ps, docs); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	// firstTerm[i] is the query term number of phrase i's first word, as
	// offsets() numbers them.
	firstTerm := make([]int, len(ps))
	for i := 1; i < len(ps); i++ {
		firstTerm[i] = firstTerm[i-1] + len(ps[i-1].words)
	}
	var (
		hits     []SentenceHit
		counts   [][]int // per hit, the hits of each phrase
		lengths  []int   // per hit, its words
		totalLen int
		nSents   int
	)
	for _, d := range docs {
		var text, uri, title, published string
		err := s.r.QueryRowContext(ctx, `SELECT text, uri, title, published FROM documents WHERE id = ?`, d.id).Scan(&text, &uri, &title, &published)
		if errors.Is(err, sql.ErrNoRows) {
			continue // removed since it was ranked
		}
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		// Term hits: byte offset and term number.
		type termHit struct{ off, term int }
		var th []termHit
		f := strings.Fields(d.offsets)
		for i := 0; i+3 < len(f); i += 4 {
			term, _ := strconv.Atoi(f[i+1])
			off, _ := strconv.Atoi(f[i+2])
			th = append(th, termHit{off, term})
		}
		sort.Slice(th, func(i, j int) bool { return th[i].off < th[j].off })
		k := 0
		for _, sent := range segment.Split(text) {
			n := len(words(text[sent.Start:sent.End]))
			totalLen += n
			nSents++
			c := make([]int, len(ps))
			for ; k < len(th) && th[k].off < sent.End; k++ {
				if th[k].off < sent.Start {
					continue
				}
				for p, t := range firstTerm {
					if th[k].term == t {
						c[p]++
					}
				}
			}
			all := true
			for _, x := range c {
				all = all && x > 0
			}
			if !all {
				continue
			}
			hits = append(hits, SentenceHit{DocumentID: d.id, DocumentURI: uri, Title: title, Published: published,
				Sentence: strings.TrimSpace(text[sent.Start:sent.End]), Start: sent.Start, End: sent.End})
			counts = append(counts, c)
			lengths = append(lengths, n)
		}
	}
	avg := 1.0
	if nSents > 0 {
		avg = float64(totalLen) / float64(nSents)
	}
	for i := range hits {
		for p, tf := range counts[i] {
			hits[i].Score += bm25Term(idfs[p], float64(tf), float64(lengths[i]), avg)
		}
		hits[i].Score = math.Round(hits[i].Score*1e6) / 1e6 // the same bytes on every platform
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.DocumentID != b.DocumentID {
			return a.DocumentID < b.DocumentID
		}
		return a.Start < b.Start
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	for i := range hits {
		h := &hits[i]
		ev, err := s.scanEvidence(ctx, evidenceSelect+` WHERE v.document_id = ? AND v.start >= ? AND v.start < ? ORDER BY v.start, v.id`,
			h.DocumentID, h.Start, h.End)
		if err != nil {
			return nil, fmt.Errorf("search %q: evidence: %w", query, err)
		}
		h.Evidence = ev
	}
	return hits, nil
}

type rankedDoc struct {
	id      int64
	score   float64
	offsets string // offsets(): column, term, byte offset and size of each hit
}

// loadOffsets sets the offsets of the terms of ps in docs. offsets() reads
// and tokenizes a document's text again, so it is asked for only in the
// documents whose sentences will be read, not in every match.
func (s *Store) loadOffsets(ctx context.Context, ps []phrase, docs []rankedDoc) error {
	const batch = 500
	for lo := 0; lo < len(docs); lo += batch {
		part := docs[lo:min(lo+batch, len(docs))]
		idx := make(map[int64]int, len(part))
		args := []any{matchExpr(ps)}
		for i, d := range part {
			idx[d.id] = lo + i
			args = append(args, d.id)
		}
		rows, err := s.r.QueryContext(ctx, `SELECT docid, offsets(document_fts) FROM document_fts
			WHERE document_fts MATCH ? AND docid IN (?`+strings.Repeat(", ?", len(part)-1)+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var (
				id   int64
				offs string
			)
			if err := rows.Scan(&id, &offs); err != nil {
				rows.Close()
				return err
			}
			docs[idx[id]].offsets = offs
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

// rankDocuments returns the documents matching every phrase, best first by
// BM25, and each phrase's inverse document frequency.
func (s *Store) rankDocuments(ctx context.Context, ps []phrase) ([]rankedDoc, []float64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT docid, matchinfo(document_fts, 'pcnalx') FROM document_fts WHERE document_fts MATCH ?`, matchExpr(ps))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var (
		docs []rankedDoc
		idfs []float64
	)
	for rows.Next() {
		var (
			id   int64
			blob []byte
		)
		if err := rows.Scan(&id, &blob); err != nil {
			return nil, nil, err
		}
		score, df := bm25Row(matchinfo(blob), nil)
		if idfs == nil {
			idfs = df
		}
		docs = append(docs, rankedDoc{id: id, score: score})
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	sort.SliceStable(docs, func(i, j int) bool {
		if docs[i].score != docs[j].score {
			return docs[i].score > docs[j].score
		}
		return docs[i].id < docs[j].id
	})
	return docs, idfs, nil
}

// bm25Row scores one row from matchinfo 'pcnalx': p phrases, c columns,
// n rows, a[c] mean column lengths, l[c] this row's column lengths, then
// for each phrase and column the hits in this row, in all rows, and the
// rows with a hit. Column c's score is multiplied by weight[c] (1 when
// weight is nil). It also returns each phrase's idf, from the rows with a
// hit in any column (the most over the columns).
func bm25Row(mi []uint32, weight []float64) (score float64, idfs []float64) {
	if len(mi) < 3 {
		return 0, nil
	}
	p, c, n := int(mi[0]), int(mi[1]), float64(mi[2])
	if len(mi) < 3+2*c+3*p*c {
		return 0, nil
	}
	a, l, x := mi[3:3+c], mi[3+c:3+2*c], mi[3+2*c:]
	idfs = make([]float64, p)
	for i := range p {
		df := 0.0
		for j := range c {
			df = max(df, float64(x[3*(i*c+j)+2]))
		}
		idfs[i] = idf(n, df)
		for j := range c {
			w := 1.0
			if weight != nil {
				w = weight[j]
			}
			tf := float64(x[3*(i*c+j)])
			score += w * bm25Term(idfs[i], tf, float64(l[j]), float64(a[j]))
		}
	}
	return score, idfs
}

// SearchEntities returns the nodes whose name or aliases contain every word
// of query (ignoring case and diacritics; word* as a prefix), best first by
// BM25, a match in the name counting twice one in the aliases. A limit of
// 0 or less means no limit.
func (s *Store) SearchEntities(ctx context.Context, query string, limit int) ([]EntityHit, error) {
	ps := parseQuery(query)
	if len(ps) == 0 {
		return nil, ErrEmptyQuery
	}
	rows, err := s.r.QueryContext(ctx, `SELECT docid, matchinfo(entity_fts, 'pcnalx') FROM entity_fts WHERE entity_fts MATCH ?`, matchExpr(ps))
	if err != nil {
		return nil, fmt.Errorf("search entities %q: %w", query, err)
	}
	var hits []EntityHit
	for rows.Next() {
		var (
			id   int64
			blob []byte
		)
		if err := rows.Scan(&id, &blob); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search entities %q: %w", query, err)
		}
		score, _ := bm25Row(matchinfo(blob), []float64{2, 1})
		hits = append(hits, EntityHit{Node: Node{ID: id}, Score: math.Round(score*1e6) / 1e6})
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("search entities %q: %w", query, err)
	}
	if len(hits) == 0 {
		return nil, nil
	}
	// Only the hits that can make the cut need their nodes, which break
	// ties of score by mentions: those scoring at least the limit-th best.
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if limit > 0 && len(hits) > limit {
		cut := limit
		for cut < len(hits) && hits[cut].Score == hits[limit-1].Score {
			cut++
		}
		hits = hits[:cut]
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.Node.ID
	}
	nodes := make(map[int64]Node, len(ids))
	if err := s.scanNodes(ctx, nil, ids, func(n Node) error { nodes[n.ID] = n; return nil }); err != nil {
		return nil, fmt.Errorf("search entities %q: %w", query, err)
	}
	for i := range hits {
		hits[i].Node = nodes[hits[i].Node.ID]
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Node.Mentions != b.Node.Mentions {
			return a.Node.Mentions > b.Node.Mentions
		}
		return a.Node.ID < b.Node.ID
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}
