package srl_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kg/extract/parse"
	"kg/extract/segment"
	"kg/extract/srl"
	"kg/extract/tag"
	"kg/extract/ud"
)

func dataDir(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(dir, "propbank-ewt")); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("../shared/data/propbank-ewt is missing: CI needs it")
		}
		tb.Skip("../shared/data/propbank-ewt is absent: skipping")
	}
	return dir
}

// annotate tags and parses as the pipeline does.
func annotate(tb testing.TB) srl.Annotator {
	tb.Helper()
	tm, err := tag.Load()
	if err != nil {
		tb.Fatal(err)
	}
	pm, err := parse.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return func(ctx context.Context, sents []*ud.Sentence) error {
		for _, s := range sents {
			tm.Tag(s)
		}
		pm.ParseAll(sents)
		return nil
	}
}

func model(tb testing.TB) *srl.Model {
	tb.Helper()
	m, err := srl.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// sentence splits, tags and parses one sentence of text.
func sentence(tb testing.TB, text string) *ud.Sentence {
	tb.Helper()
	sents := segment.Split(text)
	if len(sents) != 1 {
		tb.Fatalf("%q: %d sentences, want 1", text, len(sents))
	}
	if err := annotate(tb)(context.Background(), sents); err != nil {
		tb.Fatal(err)
	}
	return sents[0]
}

// show writes a frame as "roleset ROLE=word ROLE=word".
func show(s *ud.Sentence, f srl.Frame) string {
	var b strings.Builder
	b.WriteString(f.Roleset)
	for _, a := range f.Args {
		fmt.Fprintf(&b, " %s=%s", a.Role, s.Tokens[a.Head].Form)
	}
	return b.String()
}

func TestLabel(t *testing.T) {
	m := model(t)
	tests := []struct {
		text string
		want []string // frames that must be among the output, as show writes them
	}{
		{"The police arrested the driver on Tuesday.", []string{"arrest.01 ARG0=police ARG1=driver ARGM-TMP=Tuesday"}},
		{"The driver was arrested by the police.", []string{"arrest.01 ARG1=driver ARG0=police"}},
		{"Nokia did not buy the startup.", []string{"buy.01 ARG0=Nokia ARGM-NEG=not ARG1=startup"}},
		{"The company, which employs 300 people, sold its factory to a rival.", []string{"employ.01 ARG0=company R-ARG0=which ARG1=people", "sell.01 ARG0=company ARG1=factory ARG2=rival"}},
		{"Moscow condemned Russia's invasion of Ukraine.", []string{"invade.01 ARG0=Russia ARG1=Ukraine"}},
	}
	for _, tt := range tests {
		s := sentence(t, tt.text)
		var got []string
		for _, f := range m.Label(s) {
			got = append(got, show(s, f))
		}
		for _, w := range tt.want {
			found := false
			for _, g := range got {
				if g == w {
					found = true
				}
			}
			if !found {
				t.Errorf("%q:\ngot  %q\nwant %q among them", tt.text, got, w)
			}
		}
	}
}

func TestAgentNouns(t *testing.T) {
	m := model(t)
	for noun, want := range map[string]srl.AgentNoun{
		"buyer":    {Roleset: "buy.01", Role: "ARG0"},
		"owner":    {Roleset: "own.01", Role: "ARG0"},
		"employee": {Roleset: "employ.01", Role: "ARG1"},
	} {
		got, ok := m.Agent(noun)
		if !ok || got.Role != want.Role || !strings.HasPrefix(got.Roleset, strings.TrimSuffix(want.Roleset, ".01")) {
			t.Errorf("Agent(%q) = %+v, %v; want %+v", noun, got, ok, want)
		}
	}
}

func TestSaveReadRoundTrip(t *testing.T) {
	m := model(t)
	var a, b bytes.Buffer
	if err := m.Save(&a); err != nil {
		t.Fatal(err)
	}
	m2, err := srl.Read(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := m2.Save(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("Save(Read(Save(m))) differs from Save(m): %d vs %d bytes", b.Len(), a.Len())
	}
	if _, err := srl.Read(bytes.NewReader(a.Bytes()[:a.Len()/2])); err == nil {
		t.Error("Read of a truncated model: no error")
	}
}

func TestReadGold(t *testing.T) {
	const file = "# sent_id = x-1\n" +
		"1\tBush\tBush\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\t_\t1:ARG0\n" +
		"2\tnominated\tnominate\tVERB\tVBD\t_\t0\troot\t_\t_\tnominate.01\t1:V\n" +
		"3\tjudges\tjudge\tNOUN\tNNS\t_\t2\tobj\t_\t_\t_\t1:ARG1\n\n"
	g, err := srl.ReadGold(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(g) != 1 || len(g[0].Frames) != 1 {
		t.Fatalf("got %+v, want one sentence with one frame", g)
	}
	f := g[0].Frames[0]
	if got, want := show(g[0].Sentence, f), "nominate.01 ARG0=Bush ARG1=judges"; got != want {
		t.Errorf("frame = %q, want %q", got, want)
	}
	for _, bad := range []string{
		"1\tBush\tBush\tPROPN\tNNP\t_\t0\troot\t_\t_\n\n",            // ten columns
		"1\tBush\tBush\tPROPN\tNNP\t_\t0\troot\t_\t_\t_\t3:ARG0\n\n", // no third predicate
	} {
		if _, err := srl.ReadGold(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadGold(%q): no error", bad)
		}
	}
}

// TestDev scores the embedded model on propbank-ewt dev, where it was
// selected; the floor catches a broken model or feature change.
func TestDev(t *testing.T) {
	_, dev, _, _ := srl.Files(dataDir(t))
	gold, err := srl.ReadFile(dev)
	if err != nil {
		t.Fatal(err)
	}
	sys, err := srl.Annotate(context.Background(), gold, annotate(t))
	if err != nil {
		t.Fatal(err)
	}
	s := srl.Evaluate(model(t), gold, sys, false)
	if s.Pred.F1() < 0.93 || s.Args.F1() < 0.72 {
		var b bytes.Buffer
		s.Write(&b)
		t.Errorf("dev scores below the floor (PRED-F1 0.93, ARG-F1 0.72):\n%s", b.String())
	}
}

func BenchmarkLabel(b *testing.B) {
	_, dev, _, _ := srl.Files(dataDir(b))
	gold, err := srl.ReadFile(dev)
	if err != nil {
		b.Fatal(err)
	}
	sys, err := srl.Annotate(context.Background(), gold[:500], annotate(b))
	if err != nil {
		b.Fatal(err)
	}
	m := model(b)
	words := 0
	for _, s := range sys {
		words += len(s.Tokens)
	}
	b.ResetTimer()
	for range b.N {
		for _, s := range sys {
			m.Label(s)
		}
	}
	b.ReportMetric(float64(words*b.N)/b.Elapsed().Seconds(), "words/s")
}
