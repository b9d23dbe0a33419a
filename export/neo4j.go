package export

import "strings"

// neo4jToken turns s into a Neo4j label or relationship type that needs no
// quoting in Cypher and no care in CSV: ASCII letters, digits and '_', not
// starting with a digit; other characters become '_'. It returns "" for an
// empty s.
func neo4jToken(s string) string {
	if s == "" || isNeo4jToken(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r == '_':
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			if i == 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// relType is the Neo4j relationship type of an edge: its class, or RELATED
// when it has none. The predicate, an open set of phrases, is a property:
// relationship types work best as a small fixed set, and the class is one.
func relType(class string) string {
	if t := neo4jToken(class); t != "" {
		return t
	}
	return "RELATED"
}

func isNeo4jToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c >= '0' && c <= '9' && i > 0) {
			return false
		}
	}
	return true
}
