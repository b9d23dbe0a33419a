// Package xdoc scores how well the graph keeps one node per real-world
// entity, within and across documents, against the Wikipedia identities
// that the GUM corpus annotates on its entity mentions.
//
// Each GUM document is rebuilt as text from its tokens, run through the
// real extraction pipeline and added to a real SQLite store. Every gold
// mention that carries an identity is mapped, by byte span, to the kg
// mention that covers its head word; then every pair of mapped gold
// mentions is a decision: the graph says "same" when the two kg mentions
// belong to one node, the gold says "same" when the two identities are
// equal. Pairs inside one document and pairs across documents are scored
// separately, since the first measure the resolver and the second the
// store's cross-document merging.
package xdoc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"kg/extract"
	"kg/extract/resolve"
	"kg/extract/ud"
	"kg/graph"
	"kg/internal/score"
)

// Doc is one GUM document ready to be extracted: its rebuilt text and its
// gold mentions that carry a Wikipedia identity.
type Doc struct {
	Name     string // the file name without .conllu, as in "# newdoc id"
	Text     string
	Mentions []Mention
}

// Mention is a gold mention with an identity, as a byte span of Doc.Text.
type Mention struct {
	Start, End         int    // the whole mention
	HeadStart, HeadEnd int    // its head word
	Identity           string // Wikipedia title, as GUM writes it ("United_Kingdom")
}

// ReadDocs reads the GUM documents under dataDir/gum/conllu, sorted by
// name; limit > 0 keeps only the first limit.
func ReadDocs(dataDir string, limit int) ([]Doc, error) {
	dir := filepath.Join(dataDir, "gum", "conllu")
	files, err := filepath.Glob(filepath.Join(dir, "*.conllu"))
	if err != nil {
		return nil, fmt.Errorf("xdoc: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("xdoc: no CoNLL-U files under %s; pass --data with the shared data folder", dir)
	}
	sort.Strings(files)
	if limit > 0 && limit < len(files) {
		files = files[:limit]
	}
	docs := make([]Doc, 0, len(files))
	for _, f := range files {
		sents, err := ud.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("xdoc: %w", err)
		}
		d, err := gumDoc(sents)
		if err != nil {
			return nil, fmt.Errorf("xdoc: %s: %w", f, err)
		}
		d.Name = strings.TrimSuffix(filepath.Base(f), ".conllu")
		docs = append(docs, d)
	}
	return docs, nil
}

// fieldOrder reads "# global.Entity = GRP-etype-…-identity" and returns
// how many fields an opening bracket has and which of them are the group
// (entity number) and the identity; identity is -1 when the corpus has none.
func fieldOrder(sents []*ud.Sentence) (n, grp, identity int, err error) {
	for _, s := range sents {
		for _, c := range s.Comments {
			v, ok := strings.CutPrefix(c, "global.Entity")
			if !ok {
				continue
			}
			v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "="))
			fields := strings.Split(v, "-")
			grp, identity = -1, -1
			for i, f := range fields {
				switch strings.TrimSpace(f) {
				case "GRP":
					grp = i
				case "identity":
					identity = i
				}
			}
			if grp < 0 {
				return 0, 0, 0, fmt.Errorf("global.Entity %q names no GRP field", v)
			}
			return len(fields), grp, identity, nil
		}
	}
	return 0, 0, 0, fmt.Errorf("no '# global.Entity = …' header giving the field order")
}

// gumDoc lays out the text of sents and collects the gold mentions with an
// identity from their Entity= annotation.
func gumDoc(sents []*ud.Sentence) (Doc, error) {
	n, grp, idField, err := fieldOrder(sents)
	if err != nil {
		return Doc{}, err
	}
	d := Doc{Text: resolve.GoldDoc(sents)}
	if idField < 0 {
		return d, nil
	}
	for _, s := range sents {
		type open struct {
			grp, identity string
			start         int // token index
		}
		var stack []open
		closeAt := func(o open, end int) {
			if o.identity == "" {
				return
			}
			d.Mentions = append(d.Mentions, mentionOf(s, o.start, end, o.identity))
		}
		for j, t := range s.Tokens {
			v, ok := ud.MiscValue(t.Misc, "Entity")
			if !ok {
				continue
			}
			for k := 0; k < len(v); {
				e := k + 1
				for e < len(v) && v[e] != '(' && v[e] != ')' {
					e++
				}
				if v[k] == '(' {
					fields := strings.SplitN(v[k+1:e], "-", n)
					o := open{grp: fields[0], start: j}
					if grp < len(fields) {
						o.grp = fields[grp]
					}
					if idField < len(fields) {
						o.identity = fields[idField]
					}
					if e < len(v) && v[e] == ')' { // a one-token mention
						closeAt(o, j+1)
						e++
					} else {
						stack = append(stack, o)
					}
				} else {
					// "13)" closes the innermost open mention of group 13.
					e = k
					for e < len(v) && v[e] != ')' && v[e] != '(' {
						e++
					}
					id := v[k:e]
					for x := len(stack) - 1; x >= 0; x-- {
						if stack[x].grp == id {
							closeAt(stack[x], j+1)
							stack = append(stack[:x], stack[x+1:]...)
							break
						}
					}
					if e < len(v) && v[e] == ')' {
						e++
					}
				}
				k = e
			}
		}
	}
	return d, nil
}

// mentionOf makes the mention of tokens [start, end) of s, with the head
// word found on the tree: the first token whose head lies outside the span.
func mentionOf(s *ud.Sentence, start, end int, identity string) Mention {
	head := end - 1
	for j := start; j < end; j++ {
		if h := s.Tokens[j].Head - 1; h < start || h >= end {
			head = j
			break
		}
	}
	return Mention{
		Start: s.Tokens[start].Start, End: s.Tokens[end-1].End,
		HeadStart: s.Tokens[head].Start, HeadEnd: s.Tokens[head].End,
		Identity: identity,
	}
}

// Extractor is the part of the extraction pipeline the scorer needs.
type Extractor interface {
	Extract(ctx context.Context, doc extract.Document) (extract.Result, error)
}

// Document returns d as the pipeline's input, named gum:NAME.
func (d Doc) Document() extract.Document {
	sum := sha256.Sum256([]byte(d.Text))
	return extract.Document{ID: hex.EncodeToString(sum[:]), URI: "gum:" + d.Name, Title: d.Name, Text: d.Text}
}

// Pairs counts pairwise merge decisions: Gold pairs are the same identity,
// Predicted pairs the same node, Correct both.
type Pairs struct {
	Gold, Predicted, Correct int64
}

// Precision, Recall and F1 of the pairs; 0 when undefined.
func (p Pairs) Precision() float64 { return ratio(p.Correct, p.Predicted) }
func (p Pairs) Recall() float64    { return ratio(p.Correct, p.Gold) }
func (p Pairs) F1() float64        { return score.F1(p.Precision(), p.Recall()) }

func ratio(a, b int64) float64 { return score.Ratio(a, b) }

// Scores are the results of Evaluate.
type Scores struct {
	Docs       int
	Gold       int // gold mentions with an identity
	Matched    int // of them, mapped to a kg mention
	Identities int // distinct identities among the matched mentions
	Nodes      int // distinct nodes among the matched mentions
	Within     Pairs
	Cross      Pairs

	// Merges are the nodes that join mentions of more than one identity
	// across documents, most wrong cross-document pairs first; Splits
	// are the identities spread over more than one node across
	// documents, most missed pairs first. They are what to read when a
	// score moves.
	Merges, Splits []Error
	// WithinMerges and WithinSplits are the same inside documents: the
	// resolver's errors (a pronoun or surname given to the wrong person).
	WithinMerges, WithinSplits []Error
}

// Error is one node that merges identities, or one identity that is
// split over nodes, with the pairs it costs.
type Error struct {
	Name  string         // the node's name, or the identity
	Pairs int64          // wrong pairs (merges) or missed pairs (splits)
	Parts map[string]int // mentions per identity (merges) or per node name (splits)
	// Examples, filled for merges inside documents only, show the kg
	// mentions of the node's minority identities in their context, as
	// "doc: …left [mention] right… (identity)": the resolver's wrong
	// decisions, to read.
	Examples []string
}

// String formats e as "Name (pairs): part ×n, part ×n", parts by count.
func (e Error) String() string {
	parts := make([]string, 0, len(e.Parts))
	for k := range e.Parts {
		parts = append(parts, k)
	}
	sort.Slice(parts, func(i, j int) bool {
		if e.Parts[parts[i]] != e.Parts[parts[j]] {
			return e.Parts[parts[i]] > e.Parts[parts[j]]
		}
		return parts[i] < parts[j]
	})
	for i, k := range parts {
		parts[i] = fmt.Sprintf("%s ×%d", k, e.Parts[k])
	}
	return fmt.Sprintf("%s (%d pairs): %s", e.Name, e.Pairs, strings.Join(parts, ", "))
}

// Write prints the scores as a short report; the last line sums them up.
func (s Scores) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "documents %d, gold mentions with an identity %d, mapped to a kg mention %d (%.1f%%)\n",
		s.Docs, s.Gold, s.Matched, 100*ratio(int64(s.Matched), int64(s.Gold)))
	fmt.Fprintf(&b, "identities %d, kg nodes %d among the mapped mentions\n", s.Identities, s.Nodes)
	for _, r := range []struct {
		name string
		p    Pairs
	}{{"within-document", s.Within}, {"cross-document", s.Cross}} {
		fmt.Fprintf(&b, "%-16s pairs: gold %d, merged %d, correct %d: P %.3f R %.3f F1 %.3f\n",
			r.name, r.p.Gold, r.p.Predicted, r.p.Correct, r.p.Precision(), r.p.Recall(), r.p.F1())
	}
	fmt.Fprintf(&b, "xdoc: within F1 %.3f, cross-document P %.3f R %.3f F1 %.3f\n",
		s.Within.F1(), s.Cross.Precision(), s.Cross.Recall(), s.Cross.F1())
	_, err := io.WriteString(w, b.String())
	return err
}

// Build extracts each document with x and adds it to store, in the order
// given; progress, when not nil, is told after each document.
func Build(ctx context.Context, x Extractor, store *graph.Store, docs []Doc, progress func(done int)) error {
	for i, d := range docs {
		doc := d.Document()
		res, err := x.Extract(ctx, doc)
		if err != nil {
			return fmt.Errorf("xdoc: extract %s: %w", doc.URI, err)
		}
		if _, err := store.Add(ctx, doc, res); err != nil {
			return fmt.Errorf("xdoc: %w", err)
		}
		if progress != nil {
			progress(i + 1)
		}
	}
	return nil
}

// kgMention is one stored mention: its node and byte span.
type kgMention struct {
	node       int64
	start, end int
}

// Score maps the gold mentions of docs onto the mentions stored for them
// (by URI gum:NAME) and scores the pairs.
func Score(ctx context.Context, store *graph.Store, docs []Doc) (Scores, error) {
	rows, err := store.Query(ctx, `SELECT d.uri, m.entity_id, m.start, m."end" FROM mentions m
		JOIN documents d ON d.id = m.document_id ORDER BY d.uri, m.start, m."end", m.entity_id`)
	if err != nil {
		return Scores{}, fmt.Errorf("xdoc: %w", err)
	}
	byDoc := map[string][]kgMention{}
	for rows.Next() {
		var uri string
		var m kgMention
		if err := rows.Scan(&uri, &m.node, &m.start, &m.end); err != nil {
			rows.Close()
			return Scores{}, fmt.Errorf("xdoc: %w", err)
		}
		byDoc[uri] = append(byDoc[uri], m)
	}
	if err := rows.Close(); err != nil {
		return Scores{}, fmt.Errorf("xdoc: %w", err)
	}
	if err := rows.Err(); err != nil {
		return Scores{}, fmt.Errorf("xdoc: %w", err)
	}

	s := Scores{Docs: len(docs)}
	var seen []seenMention // every mapped gold mention, for the examples
	var all []pair         // every mapped gold mention, as (identity, node)
	var perDoc [][]pair    // the same, a document at a time
	for _, d := range docs {
		kms := byDoc["gum:"+d.Name]
		var in []pair
		for _, g := range d.Mentions {
			s.Gold++
			if km, ok := mentionAt(g, kms); ok {
				in = append(in, pair{g.Identity, km.node})
				seen = append(seen, seenMention{doc: d.Name, text: d.Text, km: km, identity: g.Identity})
			}
		}
		s.Matched += len(in)
		w := count(in)
		s.Within.Gold += w.Gold
		s.Within.Predicted += w.Predicted
		s.Within.Correct += w.Correct
		all = append(all, in...)
		perDoc = append(perDoc, in)
	}
	total := count(all)
	s.Cross = Pairs{Gold: total.Gold - s.Within.Gold, Predicted: total.Predicted - s.Within.Predicted, Correct: total.Correct - s.Within.Correct}
	ids, nodes := map[string]bool{}, map[int64]bool{}
	for _, p := range all {
		ids[p.identity], nodes[p.node] = true, true
	}
	s.Identities, s.Nodes = len(ids), len(nodes)
	names, err := nodeNames(ctx, store)
	if err != nil {
		return Scores{}, err
	}
	s.Merges, s.Splits = errorsOf(perDoc, names, false)
	s.WithinMerges, s.WithinSplits = errorsOf(perDoc, names, true)
	addExamples(s.WithinMerges, seen, names)
	return s, nil
}

// seenMention is a mapped gold mention with the kg mention it maps to.
type seenMention struct {
	doc, text string
	km        kgMention
	identity  string
}

// addExamples fills each merge's Examples with the kg mentions, in
// context, of the identities other than the node's most frequent one.
func addExamples(merges []Error, seen []seenMention, names map[int64]string) {
	byName := map[string]int{}
	for i, e := range merges {
		byName[e.Name] = i
	}
	for _, m := range seen {
		i, ok := byName[fmt.Sprintf("%s #%d", names[m.km.node], m.km.node)]
		if !ok || m.identity == majority(merges[i].Parts) {
			continue
		}
		const width = 60
		l, r := max(0, m.km.start-width), min(len(m.text), m.km.end+width)
		for l > 0 && !utf8.RuneStart(m.text[l]) {
			l--
		}
		for r < len(m.text) && !utf8.RuneStart(m.text[r]) {
			r++
		}
		ctx := strings.Join(strings.Fields(m.text[l:m.km.start]+"["+m.text[m.km.start:m.km.end]+"]"+m.text[m.km.end:r]), " ")
		merges[i].Examples = append(merges[i].Examples, fmt.Sprintf("%s: …%s… (%s)", m.doc, ctx, m.identity))
	}
}

// majority returns the part with the most mentions, the first by name
// on a tie.
func majority(parts map[string]int) string {
	best := ""
	for k, n := range parts {
		if best == "" || n > parts[best] || n == parts[best] && k < best {
			best = k
		}
	}
	return best
}

// nodeNames reads every node's name.
func nodeNames(ctx context.Context, store *graph.Store) (map[int64]string, error) {
	rows, err := store.Query(ctx, `SELECT id, name FROM entities`)
	if err != nil {
		return nil, fmt.Errorf("xdoc: %w", err)
	}
	defer rows.Close()
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("xdoc: %w", err)
		}
		names[id] = name
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("xdoc: %w", err)
	}
	return names, nil
}

// errorsOf lists the nodes that join several identities and the
// identities spread over several nodes (perDoc holds each document's
// mapped mentions), each with the cross-document pairs it costs, or with
// within the pairs inside documents, the costliest first. Errors that
// cost no such pair are left out.
func errorsOf(perDoc [][]pair, names map[int64]string, within bool) (merges, splits []Error) {
	// A tally of one node's identities or one identity's nodes, in all
	// documents and in each.
	type tally struct {
		all   map[string]int
		byDoc []map[string]int
	}
	add := func(m map[string]*tally, key, part string, doc int) {
		t := m[key]
		if t == nil {
			t = &tally{all: map[string]int{}}
			m[key] = t
		}
		t.all[part]++
		for len(t.byDoc) <= doc {
			t.byDoc = append(t.byDoc, nil)
		}
		if t.byDoc[doc] == nil {
			t.byDoc[doc] = map[string]int{}
		}
		t.byDoc[doc][part]++
	}
	// apart returns the pairs of a partition that fall in different parts.
	apart := func(parts map[string]int) int64 {
		var n, same int64
		for _, c := range parts {
			n += int64(c)
			same += int64(c) * int64(c-1) / 2
		}
		return n*(n-1)/2 - same
	}
	nodeName := func(node int64) string { return fmt.Sprintf("%s #%d", names[node], node) }
	byNode, byID := map[string]*tally{}, map[string]*tally{}
	for doc, ps := range perDoc {
		for _, p := range ps {
			add(byNode, nodeName(p.node), p.identity, doc)
			add(byID, p.identity, nodeName(p.node), doc)
		}
	}
	collect := func(m map[string]*tally) []Error {
		var out []Error
		for key, t := range m {
			var inside int64
			for _, d := range t.byDoc {
				inside += apart(d)
			}
			cost := apart(t.all) - inside
			if within {
				cost = inside
			}
			if cost > 0 {
				out = append(out, Error{Name: key, Pairs: cost, Parts: t.all})
			}
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Pairs != out[j].Pairs {
				return out[i].Pairs > out[j].Pairs
			}
			return out[i].Name < out[j].Name
		})
		return out
	}
	return collect(byNode), collect(byID)
}

// mapMention returns the node of the longest kg mention that lies inside g
// and covers g's head word.
func mapMention(g Mention, kms []kgMention) (int64, bool) {
	m, ok := mentionAt(g, kms)
	return m.node, ok
}

// mentionAt returns the longest kg mention that lies inside g and covers
// g's head word.
func mentionAt(g Mention, kms []kgMention) (kgMention, bool) {
	var best kgMention
	bestLen := -1
	for _, m := range kms {
		if m.start < g.Start || m.end > g.End || m.end <= g.HeadStart || m.start >= g.HeadEnd {
			continue
		}
		if l := m.end - m.start; l > bestLen {
			best, bestLen = m, l
		}
	}
	return best, bestLen >= 0
}

type pair struct {
	identity string
	node     int64
}

// count returns the pair counts of a set of mentions from their
// contingency table, without enumerating the pairs.
func count(ps []pair) Pairs {
	byID, byNode, byBoth := map[string]int64{}, map[int64]int64{}, map[pair]int64{}
	for _, p := range ps {
		byID[p.identity]++
		byNode[p.node]++
		byBoth[p]++
	}
	var out Pairs
	for _, n := range byID {
		out.Gold += n * (n - 1) / 2
	}
	for _, n := range byNode {
		out.Predicted += n * (n - 1) / 2
	}
	for _, n := range byBoth {
		out.Correct += n * (n - 1) / 2
	}
	return out
}

// Evaluate builds docs into a fresh store in a temporary directory and
// scores it.
func Evaluate(ctx context.Context, x Extractor, docs []Doc, progress func(done int)) (Scores, error) {
	dir, err := os.MkdirTemp("", "kg-xdoc-")
	if err != nil {
		return Scores{}, fmt.Errorf("xdoc: %w", err)
	}
	defer os.RemoveAll(dir)
	store, err := graph.Open(ctx, filepath.Join(dir, "xdoc.db"))
	if err != nil {
		return Scores{}, fmt.Errorf("xdoc: %w", err)
	}
	defer store.Close()
	if err := Build(ctx, x, store, docs, progress); err != nil {
		return Scores{}, err
	}
	return Score(ctx, store, docs)
}
