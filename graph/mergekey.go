package graph

import (
	"strings"

	"kg/extract"
)

// MergeKey returns the key that groups an entity of one document with the
// entities of other documents that are the same node by name: its merge
// class and the key of its name, and for a generic name ("Court") also the
// document's SHA-256, since such a name never joins documents on its own.
// The store computes nodes from these groups (see Add); MergeKey is
// exported for engines that group entities outside the store, such as the
// Beam pipeline, so that they group exactly as the store does.
func MergeKey(name, typ, docSHA string) string { return groupKey(name, typ, docSHA) }

// EntityMergeKey is MergeKey of a document's entity, which an Unlinked
// entity keeps to its document whatever its name.
func EntityMergeKey(e extract.Entity, docSHA string) string {
	if e.Unlinked {
		return ownGroupKey(strings.TrimSpace(e.Name), e.Type, docSHA)
	}
	return groupKey(strings.TrimSpace(e.Name), e.Type, docSHA)
}

// Fuller reports whether name a is a fuller name than b, the order by
// which the store picks a node's name among the names its documents give:
// more words, then more characters, then the better spelling (diacritics,
// mixed case), then lexically first. It is a strict total order.
func Fuller(a, b string) bool { return fuller(a, b) }
