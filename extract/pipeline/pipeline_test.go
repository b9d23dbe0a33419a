package pipeline

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"kg/extract"
	"kg/extract/ud"
	"kg/internal/shared"
	"kg/seeds"
)

func TestMergeMetonyms(t *testing.T) {
	r := extract.Result{
		Entities: []extract.Entity{
			{Name: "Kremlin", Type: "ORG", Aliases: []string{"Kremlin"}},
			{Name: "Russia", Type: "GPE", Aliases: []string{"Russia"}},
			{Name: "Ukraine", Type: "GPE", Aliases: []string{"Ukraine"}},
		},
		Mentions: []extract.Mention{{Entity: 0}, {Entity: 1}, {Entity: 2}},
		Relations: []extract.Relation{
			{Subject: 0, Object: 1, Predicate: seatOfGovernment, Attributed: -1},
			{Subject: 0, Object: 2, Predicate: "warned", Attributed: -1},
			{Subject: 2, Object: 1, Predicate: "accused", Attributed: 0},
		},
	}
	mergeMetonyms(&r)
	if got := []string{r.Entities[0].Name, r.Entities[1].Name}; len(r.Entities) != 2 || !reflect.DeepEqual(got, []string{"Russia", "Ukraine"}) {
		t.Fatalf("entities = %+v, want Russia and Ukraine", r.Entities)
	}
	if want := []string{"Kremlin", "Russia"}; !reflect.DeepEqual(r.Entities[0].Aliases, want) {
		t.Errorf("aliases = %v, want %v", r.Entities[0].Aliases, want)
	}
	if got := []int{r.Mentions[0].Entity, r.Mentions[1].Entity, r.Mentions[2].Entity}; !reflect.DeepEqual(got, []int{0, 0, 1}) {
		t.Errorf("mention entities = %v, want [0 0 1]", got)
	}
	if len(r.Relations) != 2 {
		t.Fatalf("relations = %+v, want warned and accused", r.Relations)
	}
	if rel := r.Relations[0]; rel.Predicate != "warned" || rel.Subject != 0 || rel.Object != 1 {
		t.Errorf("warned = %+v, want Russia → Ukraine", rel)
	}
	if rel := r.Relations[1]; rel.Attributed != 0 {
		t.Errorf("attribution = %d, want Russia (0)", rel.Attributed)
	}
}

func TestJoinRoles(t *testing.T) {
	role := extract.Relation{Subject: 0, Object: 1, Predicate: "head of", Class: "ROLE", Sentence: 2, Confidence: 0.8}
	tests := []struct {
		name string
		rels []extract.Relation
		want int // relations kept after the role
	}{
		{"the apposition repeating the role goes", []extract.Relation{{Subject: 0, Object: 1, Predicate: "head of", Sentence: 2, Confidence: 0.48}}, 0},
		{"the same edge in another sentence stays", []extract.Relation{{Subject: 0, Object: 1, Predicate: "head of", Sentence: 3}}, 1},
		{"another predicate stays", []extract.Relation{{Subject: 0, Object: 1, Predicate: "met", Sentence: 2}}, 1},
		{"the reverse edge stays", []extract.Relation{{Subject: 1, Object: 0, Predicate: "head of", Sentence: 2}}, 1},
	}
	for _, tt := range tests {
		got := joinRoles([]extract.Relation{role}, tt.rels)
		if len(got) != 1+tt.want || got[0] != role {
			t.Errorf("%s: joinRoles = %+v, want the role and %d more", tt.name, got, tt.want)
		}
	}
}

// TestExtract runs every stage on general news sentences and checks the
// parts that must hold whatever the models' details.
func TestExtract(t *testing.T) {
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Tuesday. " +
		"Scholz said Germany would send more aid to Poland.\n"
	res, err := p.Extract(context.Background(), extract.Document{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, e := range res.Entities {
		names[e.Name] = e.Type
	}
	for name, typ := range map[string]string{"Olaf Scholz": "PERSON", "Emmanuel Macron": "PERSON", "Berlin": "GPE", "Germany": "GPE", "Poland": "GPE"} {
		if names[name] != typ {
			t.Errorf("entity %q: type %q, want %q (entities %v)", name, names[name], typ, names)
		}
	}
	for _, m := range res.Mentions {
		if text[m.Start:m.End] != m.Text {
			t.Errorf("mention %q at %d:%d does not match the text %q", m.Text, m.Start, m.End, text[m.Start:m.End])
		}
	}
	found := false
	for _, r := range res.Relations {
		s, o := res.Entities[r.Subject].Name, res.Entities[r.Object].Name
		if s == "Olaf Scholz" && o == "Emmanuel Macron" && strings.HasPrefix(r.Predicate, "met") {
			found = true
		}
		if sp := res.Sentences[r.Sentence]; r.Start < sp.Start || r.End > sp.End || r.Start >= r.End {
			t.Errorf("relation %s %s %s: evidence %d:%d outside its sentence %d:%d", s, r.Predicate, o, r.Start, r.End, sp.Start, sp.End)
		}
	}
	if !found {
		t.Errorf("no 'Olaf Scholz met Emmanuel Macron' in %+v", res.Relations)
	}
}

// TestExtractNoEntity checks text that names no entity end to end, past
// both the recogniser and the resolver's own gazetteer pass.
func TestExtractNoEntity(t *testing.T) {
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, text string }{
		{"currency", "Damages reached US$10 billion last year.\n"},
		{"currency with a space", "Losses were as high as US$ 3 million.\n"},
	}
	for _, tt := range tests {
		res, err := p.Extract(context.Background(), extract.Document{Text: tt.text})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Entities) != 0 {
			t.Errorf("%s: %q gave entities %+v, want none", tt.name, tt.text, res.Entities)
		}
	}
}

// BenchmarkExtract measures the whole pipeline on the bundled sample article;
// the words/s metric is comparable with the corpus benchmark of cmd/kg.
func BenchmarkExtract(b *testing.B) {
	p, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	data, err := seeds.FS.ReadFile("ukraine-talks.txt")
	if err != nil {
		b.Fatal(err)
	}
	doc := extract.Document{Text: string(data)}
	words := len(strings.Fields(doc.Text))
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Extract(context.Background(), doc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(words*b.N)/b.Elapsed().Seconds(), "words/s")
}

// FuzzExtract checks that no text makes a stage panic and that every
// mention and evidence span lies inside the text.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"", ".", "He said it.", "“”", "U.S. U.N. E.U.", "Mr. . . Smith's 's ' '",
		"Apple Inc. sued Samsung Electronics Co. Ltd. in the U.S. District Court.",
		"The Kremlin, which Russia's president leads, and NATO's chief met him; they said he'd go.",
		"A\u00a0B\tC\nD\r\nE — F – G ‘H’ «I» 1,000,000 $3.5bn 3-0 @user #tag http://x.y/z?q=1",
		"Its it its. Their they them. She her hers herself. The company, the bank, the president.",
	} {
		f.Add(s)
	}
	p, err := New(Options{MergeMetonyms: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4096 {
			return
		}
		res, err := p.Extract(context.Background(), extract.Document{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range res.Mentions {
			if m.Start < 0 || m.End > len(text) || m.Start > m.End || m.Entity < 0 || m.Entity >= len(res.Entities) {
				t.Fatalf("mention %+v out of range for %d entities, text length %d", m, len(res.Entities), len(text))
			}
		}
		for _, r := range res.Relations {
			if r.Start < 0 || r.End > len(text) || r.Subject >= len(res.Entities) || r.Object >= len(res.Entities) || r.Sentence >= len(res.Sentences) {
				t.Fatalf("relation %+v out of range", r)
			}
		}
	})
}

// BenchmarkTagParse measures the tagger and the parser together on the
// words of EWT dev (gold tokens), one goroutine: the tokens/s metric is the
// single-core figure the README reports.
func BenchmarkTagParse(b *testing.B) {
	gold, err := ud.ReadFile(filepath.Join(shared.Path(b, "data"), "ud-ewt", "en_ewt-ud-dev.conllu"))
	if err != nil {
		b.Fatal(err)
	}
	p, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	sents := make([]*ud.Sentence, len(gold))
	tokens, size := 0, 0
	for i, g := range gold {
		s := &ud.Sentence{Tokens: make([]ud.Token, len(g.Tokens))}
		for j, t := range g.Tokens {
			s.Tokens[j] = ud.Token{ID: t.ID, Form: t.Form, Head: -1}
			size += len(t.Form) + 1
		}
		tokens += len(g.Tokens)
		sents[i] = s
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := p.AnnotateSentences(context.Background(), sents); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// TestRelationModality runs the whole pipeline on general news sentences and
// checks the relation each must yield, or must not.
func TestRelationModality(t *testing.T) {
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text          string
		subj, pred, obj     string
		want, negated, none bool
		hedged              bool
	}{
		{name: "plain act", text: "Japan warned China.", subj: "Japan", pred: "warned", obj: "China", want: true},
		{name: "refrained from", text: "Russia mostly refrained from striking Ukraine.", subj: "Russia", pred: "struck", obj: "Ukraine", want: true, negated: true},
		{name: "away from", text: "Brazil steered its policy away from supporting Argentina.", subj: "Brazil", pred: "supported", obj: "Argentina", want: true, negated: true},
		{name: "without", text: "Spain left without meeting Portugal.", subj: "Spain", pred: "met", obj: "Portugal", want: true, negated: true},
		{name: "a topic is no act", text: "Canada talked about sending troops to Latvia.", subj: "Canada", pred: "sent troops to", obj: "Latvia", want: true, hedged: true},
		{name: "a purpose is no act", text: "Japan sent a delegation to Manila to support Vietnam.", subj: "Japan", pred: "supported", obj: "Vietnam", want: true, hedged: true},
		{name: "a purpose beside an act", text: "Kenya sent troops to Uganda to protect the border.", subj: "Kenya", pred: "sent troops to", obj: "Uganda", want: true},
		{name: "reported subject is no object", text: "Germany said France had other priorities.", subj: "Germany", pred: "said", obj: "France", none: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := p.Extract(context.Background(), extract.Document{Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			var found *extract.Relation
			for i, r := range res.Relations {
				if res.Entities[r.Subject].Name == tt.subj && res.Entities[r.Object].Name == tt.obj && r.Predicate == tt.pred {
					found = &res.Relations[i]
				}
			}
			switch {
			case tt.none && found != nil:
				t.Errorf("%q: unwanted %s %s %s", tt.text, tt.subj, tt.pred, tt.obj)
			case tt.want && found == nil:
				t.Errorf("%q: no %s %s %s in %+v", tt.text, tt.subj, tt.pred, tt.obj, res.Relations)
			case tt.want && found.Negated != tt.negated:
				t.Errorf("%q: negated = %v, want %v", tt.text, found.Negated, tt.negated)
			case tt.want && found.Hedged != tt.hedged:
				t.Errorf("%q: hedged = %v, want %v", tt.text, found.Hedged, tt.hedged)
			}
		})
	}
}

// BenchmarkExtractPaths compares the relation paths on the GUM news
// texts, in one run so that the ratio holds on a shared machine: what the
// role labeller costs is rules/both.
//
//	go test -run '^$' -bench ExtractPaths -count 3 ./extract/pipeline
func BenchmarkExtractPaths(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(shared.Path(b, "data"), "gum", "conllu", "GUM_news_*.conllu"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no GUM news documents: %v", err)
	}
	var docs []extract.Document
	words := 0
	for _, f := range files {
		sents, err := ud.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		var text strings.Builder
		for _, s := range sents {
			text.WriteString(s.Text)
			text.WriteString("\n")
			words += len(s.Tokens)
		}
		docs = append(docs, extract.Document{Text: text.String()})
	}
	for _, path := range []Paths{RulesPath, BothPaths} {
		name := string(path)
		if name == "" {
			name = "both"
		}
		b.Run(name, func(b *testing.B) {
			p, err := New(Options{Relations: path})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				for _, d := range docs {
					if _, err := p.Extract(context.Background(), d); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(words*b.N)/b.Elapsed().Seconds(), "words/s")
		})
	}
}
