package graph

// Example SQL queries over the public tables and views, for the README and
// for users of the sqlite3 shell. They take named parameters; in the shell,
// set them first, e.g. .param set :entity 'Volodymyr Zelenskyy'. Names are
// compared with COLLATE NOCASE, which folds ASCII letters only. A test runs
// each of them, so they stay true to the schema.
const (
	// ExampleNeighbours lists the neighbours of the entity named :entity,
	// with the predicate and direction of each edge.
	ExampleNeighbours = `SELECT CASE WHEN r.subject_id = c.id THEN r.object ELSE r.subject END AS neighbour,
       CASE WHEN r.subject_id = c.id THEN 'out' ELSE 'in' END AS direction,
       r.predicate, r.weight
FROM entities c
JOIN relations r ON c.id IN (r.subject_id, r.object_id)
WHERE c.name = :entity COLLATE NOCASE
ORDER BY neighbour, direction, r.predicate;`

	// ExamplePredicate lists every edge with the predicate :predicate,
	// heaviest first.
	ExamplePredicate = `SELECT subject, subject_type, predicate, object, object_type, weight, first_date, last_date
FROM relations
WHERE predicate = :predicate
ORDER BY weight DESC, subject, object;`

	// ExamplePath finds a shortest chain of edges (either direction, at
	// most 4 hops) from the entity named :from to the entity named :to with
	// a recursive common table expression. It enumerates simple paths, so
	// on large graphs prefer "kg path".
	ExamplePath = `WITH RECURSIVE
  links(a, b, step) AS (
    SELECT e.subject_id, e.object_id, ' -[' || e.predicate || ']-> ' FROM edges e
    UNION ALL
    SELECT e.object_id, e.subject_id, ' <-[' || e.predicate || ']- ' FROM edges e),
  walk(id, visited, path, hops) AS (
    SELECT id, '/' || id || '/', name, 0 FROM entities WHERE name = :from COLLATE NOCASE
    UNION ALL
    SELECT l.b, w.visited || l.b || '/', w.path || l.step || n.name, w.hops + 1
    FROM walk w
    JOIN links l ON l.a = w.id
    JOIN entities n ON n.id = l.b
    WHERE w.hops < 4 AND instr(w.visited, '/' || l.b || '/') = 0)
SELECT path, hops
FROM walk
WHERE id IN (SELECT id FROM entities WHERE name = :to COLLATE NOCASE)
ORDER BY hops, path
LIMIT 1;`

	// ExampleEvidence lists the evidence sentences of the edge
	// (:subject, :predicate, :object), in document order.
	ExampleEvidence = `SELECT d.uri, d.published, v.sentence, v.negated, v.hedged, v.confidence
FROM relations r
JOIN evidence v ON v.edge_id = r.id
JOIN documents d ON d.id = v.document_id
WHERE r.subject = :subject COLLATE NOCASE
  AND r.predicate = :predicate
  AND r.object = :object COLLATE NOCASE
ORDER BY d.id, v.start;`
)
