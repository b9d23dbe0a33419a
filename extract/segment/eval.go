package segment

import (
	"strings"

	"kg/extract/ud"
)

// Score counts the spans of a system output that match gold spans exactly.
type Score struct {
	Gold, System, Correct int
}

// Precision returns Correct/System, or 0 when the system produced nothing.
func (s Score) Precision() float64 { return ratio(s.Correct, s.System) }

// Recall returns Correct/Gold, or 0 when there is no gold span.
func (s Score) Recall() float64 { return ratio(s.Correct, s.Gold) }

// F1 returns the harmonic mean of precision and recall.
func (s Score) F1() float64 { return ratio(2*s.Correct, s.Gold+s.System) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Evaluation is the result of Evaluate.
type Evaluation struct {
	Documents int
	Words     Score // syntactic words: "don't" counts as "do" and "n't"
	Sentences Score
}

// Evaluate scores Split against treebank sentences, as the CoNLL 2018
// shared task does, by character offsets. It rebuilds each document from the
// sentences' "# text" lines (a newline before a "# newpar", a space between
// other sentences), runs Split on it, and counts the word and sentence
// spans that match the gold spans exactly. A multiword token whose words do
// not spell it ("gonna" is spelled "gon" "na", but "won't" is "will" "n't")
// counts as a single gold span.
func Evaluate(gold []*ud.Sentence) Evaluation {
	var ev Evaluation
	for start := 0; start < len(gold); {
		end := start + 1
		for end < len(gold) && gold[end].DocID == gold[start].DocID && !hasComment(gold[end], "newdoc") {
			end++
		}
		ev.add(gold[start:end])
		start = end
	}
	return ev
}

func (ev *Evaluation) add(doc []*ud.Sentence) {
	ev.Documents++
	var b strings.Builder
	sents := make(map[span]bool, len(doc))
	words := make(map[span]bool, 20*len(doc))
	for i, s := range doc {
		if i > 0 {
			if hasComment(s, "newpar") {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		base := b.Len()
		b.WriteString(s.Text)
		sents[span{base, base + len(s.Text)}] = true
		for _, w := range goldWords(s) {
			words[span{base + w.start, base + w.end}] = true
		}
	}
	ev.Sentences.Gold += len(sents)
	ev.Words.Gold += len(words)
	for _, s := range Split(b.String()) {
		ev.Sentences.System++
		if sents[span{s.Start, s.End}] {
			ev.Sentences.Correct++
		}
		for _, t := range s.Tokens {
			ev.Words.System++
			if words[span{t.Start, t.End}] {
				ev.Words.Correct++
			}
		}
	}
}

// goldWords returns the spans of the words of s in s.Text. Words that cannot
// be found in the text are left out (and so count as missed).
func goldWords(s *ud.Sentence) []span {
	var out []span
	c := 0
	mi := 0
	for ti := 0; ti < len(s.Tokens); ti++ {
		t := s.Tokens[ti]
		form, last := t.Form, ti
		if mi < len(s.Multi) && s.Multi[mi].First == t.ID {
			m := s.Multi[mi]
			mi++
			form = m.Form
			last = ti + m.Last - m.First
		}
		for c < len(s.Text) && isSpace(runeAt(s.Text, c)) {
			c++
		}
		if !strings.HasPrefix(s.Text[c:], form) {
			k := strings.Index(s.Text[c:], form)
			if k < 0 || k > 10 {
				ti = last
				continue
			}
			c += k
		}
		if last > ti && last < len(s.Tokens) {
			// Split a multiword token into its words when they spell it.
			var parts strings.Builder
			for k := ti; k <= last; k++ {
				parts.WriteString(s.Tokens[k].Form)
			}
			if parts.String() == form {
				p := c
				for k := ti; k <= last; k++ {
					out = append(out, span{p, p + len(s.Tokens[k].Form)})
					p += len(s.Tokens[k].Form)
				}
			} else {
				out = append(out, span{c, c + len(form)})
			}
		} else {
			out = append(out, span{c, c + len(form)})
		}
		c += len(form)
		ti = last
	}
	return out
}

func hasComment(s *ud.Sentence, key string) bool {
	for _, c := range s.Comments {
		if c == key || strings.HasPrefix(c, key+" ") || strings.HasPrefix(c, key+"=") {
			return true
		}
	}
	return false
}
