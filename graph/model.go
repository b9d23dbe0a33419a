// Package graph is the knowledge graph: its model, its SQLite store and an
// in-memory view for graph algorithms.
package graph

// Node is an entity of the graph as exports and queries see it.
type Node struct {
	ID       int64
	Name     string
	Type     string   // PERSON, ORG, GPE, LOC, NORP, …
	Aliases  []string // sorted surface forms, Name included
	Mentions int      // number of mentions across all documents
}

// Edge is one typed relation between two nodes, aggregated over its evidence.
// Two nodes may be joined by several edges, one per predicate.
type Edge struct {
	ID        int64
	Source    int64 // Node.ID of the subject
	Target    int64 // Node.ID of the object
	Predicate string
	Class     string
	Weight    int // number of evidence sentences

	Negated    bool    // every piece of evidence is negated
	Hedged     bool    // every piece of evidence is hedged
	Former     bool    // a ROLE every piece of evidence marks as past ("former FTC chair")
	Confidence float64 // highest confidence over the evidence

	// AttributedTo lists, sorted, the speakers the evidence reports the
	// edge from ("…, Rubio said"); empty when the articles state it.
	AttributedTo []string

	// The first piece of evidence, in document then offset order.
	Sentence    string
	DocumentID  int64
	DocumentURI string

	// Publication dates (YYYY-MM-DD) of the earliest and latest documents
	// with evidence, "" when none is dated.
	FirstDate, LastDate string

	// Evidence holds every piece of evidence the filter kept, in document
	// then offset order, when Filter.WithEvidence asked for it.
	Evidence []Evidence
}
