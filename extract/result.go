// Package extract turns the text of a news document into entities, their
// mentions and the relations between them, each relation with its evidence.
//
// The work is done by a Pipeline of stages, each its own package:
// segment (sentences and tokens with byte offsets), tag (part of speech and
// lemma), parse (dependency tree), ner (typed entity mentions), resolve
// (mentions to entities: aliases, pronouns, titles) and relate (clauses to
// typed relations and roles). All of them share the sentence model of ud.
package extract

// Document is one article to extract from.
type Document struct {
	ID        string // hex SHA-256 of Text; identifies the document across runs
	URI       string // where it came from: a file path, a URL, "stdin", "seed:NAME"
	Key       string // identity across versions, so a correction replaces it: JSON Lines "url", else "id", or a file's path; "" for stdin
	Title     string
	Published string // publication date as YYYY-MM-DD, or "" when unknown
	Text      string // valid UTF-8
}

// Span is a byte range [Start, End) in the document text.
type Span struct {
	Start, End int
}

// Entity is one real-world entity found in a document.
type Entity struct {
	Name    string   // canonical name: the longest proper full name seen, without titles
	Type    string   // PERSON, ORG, GPE, LOC or NORP
	Aliases []string // every surface form seen for it in the document, sorted, Name included
	// Unlinked marks a bare name that the document introduces as someone
	// new ("Smith, a spokesman for the army, said"): the store never
	// joins it to another document's namesake ("Jordan Smith").
	Unlinked bool
}

// Mention is one place in the text that refers to an entity.
type Mention struct {
	Entity   int    // index into Result.Entities
	Sentence int    // index into Result.Sentences
	Start    int    // byte offsets into Document.Text
	End      int    //
	Text     string // the surface form, Document.Text[Start:End]
	Kind     string // "name", "pronoun", "description" (e.g. "the Ukrainian leader") or "demonym"
}

// Relation is a typed, directed edge between two entities with the evidence
// that supports it.
type Relation struct {
	Subject   int    // index into Result.Entities
	Object    int    // index into Result.Entities
	Predicate string // readable past-tense verb phrase ("met", "went to") or role ("president of")
	Class     string // PLOVER class, ROLE, STATEMENT or OTHER

	Negated    bool    // "could not trust"
	Hedged     bool    // "may move on", "ready to abandon", "promised to"
	Possessed  bool    // the object is the possessor of the real object ("struck Ukraine's power grid")
	Attributed int     // index into Result.Entities of the speaker who reported it, -1 when not reported speech
	Confidence float64 // 0..1, from the extraction path

	Sentence int // index into Result.Sentences
	Span         // evidence: the clause's byte range in Document.Text
}

// Result is everything extracted from one document.
type Result struct {
	Sentences []Span
	Entities  []Entity
	Mentions  []Mention
	Relations []Relation
}
