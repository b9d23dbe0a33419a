package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"kg/extract"
)

// docBuilder makes a document and a hand-made extraction result for it, so
// that store tests do not depend on the NLP stages.
type docBuilder struct {
	doc extract.Document
	res extract.Result
}

// newDoc joins sentences with spaces into the document text.
func newDoc(uri, published string, sentences ...string) *docBuilder {
	b := &docBuilder{}
	var text strings.Builder
	for i, s := range sentences {
		if i > 0 {
			text.WriteByte(' ')
		}
		start := text.Len()
		text.WriteString(s)
		b.res.Sentences = append(b.res.Sentences, extract.Span{Start: start, End: text.Len()})
	}
	b.doc = extract.Document{URI: uri, Published: published, Text: text.String()}
	sum := sha256.Sum256([]byte(b.doc.Text))
	b.doc.ID = hex.EncodeToString(sum[:])
	return b
}

// entity adds an entity and a mention for the first occurrence of each of
// its surface forms in the text, and returns its index.
func (b *docBuilder) entity(name, typ string, aliases ...string) int {
	all := append([]string{name}, aliases...)
	sort.Strings(all)
	i := len(b.res.Entities)
	b.res.Entities = append(b.res.Entities, extract.Entity{Name: name, Type: typ, Aliases: all})
	for _, a := range all {
		if at := strings.Index(b.doc.Text, a); at >= 0 {
			sent := 0
			for k, sp := range b.res.Sentences {
				if at >= sp.Start && at < sp.End {
					sent = k
				}
			}
			b.res.Mentions = append(b.res.Mentions, extract.Mention{
				Entity: i, Sentence: sent, Start: at, End: at + len(a), Text: a, Kind: "name"})
		}
	}
	return i
}

// relation adds a relation in sentence sent; opts set its flags.
func (b *docBuilder) relation(subj int, pred, class string, obj, sent int, opts ...string) {
	sp := b.res.Sentences[sent]
	r := extract.Relation{Subject: subj, Object: obj, Predicate: pred, Class: class,
		Attributed: -1, Confidence: 0.5, Sentence: sent, Span: sp}
	for _, o := range opts {
		switch o {
		case "negated":
			r.Negated = true
		case "hedged":
			r.Hedged = true
		case "possessed":
			r.Possessed = true
		}
	}
	b.res.Relations = append(b.res.Relations, r)
}

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "kg.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustAdd(t testing.TB, s *Store, bs ...*docBuilder) {
	t.Helper()
	for _, b := range bs {
		added, err := s.Add(context.Background(), b.doc, b.res)
		if err != nil {
			t.Fatalf("Add(%s): %v", b.doc.URI, err)
		}
		if !added {
			t.Fatalf("Add(%s): added = false for a new document", b.doc.URI)
		}
	}
}

// nodeNames lists "Name/TYPE" of the nodes passing f, in ID order.
func nodeNames(t *testing.T, s *Store, f Filter) []string {
	t.Helper()
	var out []string
	err := s.Nodes(context.Background(), f, func(n Node) error {
		out = append(out, n.Name+"/"+n.Type)
		return nil
	})
	if err != nil {
		t.Fatalf("Nodes(%+v): %v", f, err)
	}
	return out
}

// edgeNames lists "Subject -predicate-> Object xWeight" of the edges
// passing f, in ID order.
func edgeNames(t *testing.T, s *Store, f Filter) []string {
	t.Helper()
	names := map[int64]string{}
	err := s.Nodes(context.Background(), Filter{}, func(n Node) error {
		names[n.ID] = n.Name
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	err = s.Edges(context.Background(), f, func(e Edge) error {
		out = append(out, fmt.Sprintf("%s -%s-> %s x%d", names[e.Source], e.Predicate, names[e.Target], e.Weight))
		return nil
	})
	if err != nil {
		t.Fatalf("Edges(%+v): %v", f, err)
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func extractMention(entity, sentence, at int, text, kind string) extract.Mention {
	return extract.Mention{Entity: entity, Sentence: sentence, Start: at, End: at + len(text), Text: text, Kind: kind}
}
