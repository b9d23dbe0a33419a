package resolve

import (
	"slices"
	"testing"

	"kg/extract/ner"
	"kg/extract/parse"
	"kg/extract/segment"
	"kg/extract/tag"
)

// pipelineText is a made-up news text that exercises every mechanism.
const pipelineText = `German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Tuesday to discuss energy prices. Scholz said the two leaders agreed on a joint plan. He added that the European Union would present it next week.

The International Energy Agency (IEA) warned that supplies would remain tight. The IEA said its forecast assumed a mild winter.

Britain's ambassador to the United Nations, Barbara Woodward, called for calm. The Kremlin denied the reports. Russian President Vladimir Putin said his troops were only hitting military targets. The Russian president did not give details.

The governor of Florida, Ron DeSantis, signed the bill. Mary Smith and John Smith, two local lawyers, challenged it in court. Smith said the law was unconstitutional.
`

// TestPipeline runs the trained segmenter, tagger, parser and recogniser
// on a short news text and checks what resolve makes of their output.
func TestPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the trained models")
	}
	tm, err := tag.Load()
	if err != nil {
		t.Fatalf("tag.Load: %v", err)
	}
	pm, err := parse.Load()
	if err != nil {
		t.Fatalf("parse.Load: %v", err)
	}
	nm, err := ner.Load()
	if err != nil {
		t.Fatalf("ner.Load: %v", err)
	}
	sents := segment.Split(pipelineText)
	spans := make([][]ner.Span, len(sents))
	for i, s := range sents {
		tm.Tag(s)
		pm.Parse(s)
		spans[i] = nm.Recognize(s)
	}
	r := Document(pipelineText, sents, spans)
	checkInvariants(t, pipelineText, r)

	roles := roleStrings(r)
	for _, want := range []string{
		"Olaf Scholz | chancellor of | Germany",
		"Emmanuel Macron | president of | France",
		"Barbara Woodward | ambassador to | United Nations",
		"Vladimir Putin | president of | Russia",
		"Ron DeSantis | governor of | Florida",
		"Kremlin | seat of government of | Russia",
	} {
		if !slices.Contains(roles, want) {
			t.Errorf("role %q missing; roles = %q", want, roles)
		}
	}
	for _, l := range []link{
		{"Scholz", 0, "Olaf Scholz"},
		{"He", 0, "Olaf Scholz"},
		{"IEA", 0, "International Energy Agency"},
		{"its", 0, "International Energy Agency"},
		{"his", 0, "Vladimir Putin"},
		{"The Russian president", 0, "Vladimir Putin"},
		{"Smith", 0, ""},
	} {
		if got := entityOf(r, l.text, l.n); got != l.want {
			t.Errorf("mention %q #%d -> %q, want %q; entities %q", l.text, l.n, got, l.want, entityNames(r))
		}
	}
}
