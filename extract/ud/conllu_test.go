package ud

import (
	"bytes"
	"strings"
	"testing"
)

const sample = `# newdoc id = d1
# sent_id = s1
# text = I don't know.
1	I	I	PRON	PRP	_	3	nsubj	_	_
2-3	don't	_	_	_	_	_	_	_	_
2	do	do	AUX	VBP	_	4	aux	_	_
3	n't	not	PART	RB	_	4	advmod	_	_
4	know	know	VERB	VB	_	0	root	_	SpaceAfter=No
4.1	x	x	X	X	_	_	_	_	_
5	.	.	PUNCT	.	_	4	punct	_	_

# sent_id = s2
1	Yes	yes	INTJ	UH	_	0	root	_	_
`

func TestReadAll(t *testing.T) {
	sents, err := ReadAll(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 {
		t.Fatalf("got %d sentences, want 2", len(sents))
	}
	s := sents[0]
	if s.DocID != "d1" || s.ID != "s1" || s.Text != "I don't know." {
		t.Errorf("metadata = %q %q %q", s.DocID, s.ID, s.Text)
	}
	if got := strings.Join(s.Words(), " "); got != "I do n't know ." {
		t.Errorf("words = %q", got)
	}
	if len(s.Multi) != 1 || s.Multi[0].Form != "don't" || s.Multi[0].First != 2 || s.Multi[0].Last != 3 {
		t.Errorf("multi = %+v", s.Multi)
	}
	if v, ok := MiscValue(s.Tokens[3].Misc, "SpaceAfter"); !ok || v != "No" {
		t.Errorf("SpaceAfter = %q %v", v, ok)
	}
	if sents[1].DocID != "d1" {
		t.Errorf("doc id not carried: %q", sents[1].DocID)
	}
	ch := s.Children()
	if len(ch[3]) != 3 {
		t.Errorf("children of know = %v", ch[3])
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ name, in string }{
		{"too few fields", "1\tI\tI\n"},
		{"bad id", "x\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n"},
		{"bad head", "1\tI\tI\tPRON\tPRP\t_\tz\troot\t_\t_\n"},
	}
	for _, tt := range tests {
		if _, err := ReadAll(strings.NewReader(tt.in)); err == nil {
			t.Errorf("%s: no error for %q", tt.name, tt.in)
		}
	}
}

func TestWriteRoundTrip(t *testing.T) {
	sents, err := ReadAll(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, s := range sents {
		if err := Write(&buf, s); err != nil {
			t.Fatal(err)
		}
	}
	again, err := ReadAll(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 2 || len(again[0].Tokens) != 5 || again[0].Tokens[2].Lemma != "not" || again[0].Text != "I don't know." {
		t.Errorf("round trip lost data: %+v", again[0])
	}
}
