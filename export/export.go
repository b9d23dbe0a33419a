// Package export writes the knowledge graph in the file formats of the tools
// people already use: Graphviz DOT, GraphML, GEXF, node-link JSON, CSV for
// neo4j-admin, and Cypher.
//
// Every writer streams: the caller writes all nodes, then all edges, then
// calls Close, and no writer keeps the graph in memory. Output depends only
// on what was written, so the same graph gives the same bytes.
package export

import "kg/graph"

// Writer is implemented by every format.
type Writer interface {
	// WriteNode writes one node. All nodes come before any edge.
	WriteNode(n graph.Node) error
	// WriteEdge writes one edge between nodes already written.
	WriteEdge(e graph.Edge) error
	// Close writes what the format needs after the last edge and flushes.
	// It does not close the underlying io.Writer.
	Close() error
}
