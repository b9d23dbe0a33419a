// Package srl labels semantic roles: it finds the predicates of a parsed
// sentence (verbs, event nouns such as "invasion", adjectives), chooses
// each one's PropBank roleset ("invade.01"), and labels the UD heads of its
// arguments with PropBank roles (ARG0 the doer, ARG1 the thing acted on,
// ARGM-NEG, ARGM-MOD, R-ARG0 …).
//
// The model is two averaged perceptrons over features of the dependency
// tree (the path from argument to predicate, voice, case markers, lemmas),
// trained on the PropBank annotation of UD English EWT by Train, and the
// PropBank frame lexicon's aliases ("invasion" → invade.01) and agentive
// nouns ("founder" → ARG0 of found.01). It reads the tags, lemmas and trees
// of the earlier stages and writes nothing back.
package srl

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"kg/extract/ud"
)

// Arg is one labelled argument of a predicate.
type Arg struct {
	Head int    // 0-based token index of the argument's UD head
	Role string // ARG0…ARG5, ARGM-TMP, R-ARG0, C-ARG1, …
}

// Frame is one predicate of a sentence with its arguments.
type Frame struct {
	Pred    int    // 0-based token index of the predicate
	Roleset string // PropBank roleset, "invade.01"
	Args    []Arg  // in token order
}

// Lemma returns the roleset's lemma ("invade" for "invade.01"), which names
// the event for a noun predicate ("invasion") as its verb does.
func (f Frame) Lemma() string {
	l, _, _ := strings.Cut(f.Roleset, ".")
	return strings.ReplaceAll(l, "_", " ")
}

// Role returns the heads that fill role in f, in token order.
func (f Frame) Role(role string) []int {
	var out []int
	for _, a := range f.Args {
		if a.Role == role {
			out = append(out, a.Head)
		}
	}
	return out
}

// AgentNoun is what the frame lexicon says of a noun that names a
// participant of an event: "founder" is ARG0 of found.01, "buyer" ARG0 of
// buy.01.
type AgentNoun struct {
	Roleset string
	Role    string // ARG0, ARG1, …
}

// Model is a trained role labeller. It is read-only after loading, so one
// Model serves any number of goroutines.
type Model struct {
	labels []string            // class 0 is "no role"
	pred   *weights            // 2 classes: not a predicate, a predicate
	arg    *weights            // one class a label
	senses map[string][]string // lemma/pos → the rolesets seen for it in training, most frequent first
	rank   *weights            // one class: scores a roleset with senseFeatures
	alias  map[string]string
	agent  map[string]AgentNoun
}

//go:embed model/srl.model.gz
var embedded []byte

var loadEmbedded = sync.OnceValues(func() (*Model, error) {
	m, err := Read(bytes.NewReader(embedded))
	if err != nil {
		return nil, fmt.Errorf("srl: embedded model: %w", err)
	}
	return m, nil
})

// Load returns the model embedded in the package, decoding it on first use.
func Load() (*Model, error) { return loadEmbedded() }

// posLetter is the frame lexicon's part of speech of a UD tag: v, n or j;
// "" for the tags that are never predicates.
func posLetter(upos string) string {
	switch upos {
	case "VERB", "AUX":
		return "v"
	case "NOUN":
		return "n"
	case "ADJ":
		return "j"
	}
	return ""
}

func key(lemma, pos string) string { return lemma + "/" + pos }

// roleset chooses the roleset of a predicate: the one most often seen for
// its lemma in training, else the frame lexicon's, else the lemma's first
// sense.
func (m *Model) roleset(lemma, upos string) string {
	pos := posLetter(upos)
	if rs := m.senses[key(lemma, pos)]; len(rs) > 0 {
		return rs[0]
	}
	return m.fallbackRoleset(lemma, pos)
}

// fallbackRoleset is the roleset of a lemma training never saw as a
// predicate.
func (m *Model) fallbackRoleset(lemma, pos string) string {
	if rs, ok := m.alias[key(lemma, pos)]; ok {
		return rs
	}
	return strings.ReplaceAll(lemma, " ", "_") + ".01"
}

// Agent returns what the frame lexicon says of a participant noun such as
// "founder", "buyer" or "owner", by its lemma.
func (m *Model) Agent(noun string) (AgentNoun, bool) {
	a, ok := m.agent[strings.ToLower(noun)]
	return a, ok
}

// Label finds the predicates of a tagged and parsed sentence and labels
// their arguments.
func (m *Model) Label(s *ud.Sentence) []Frame {
	t := newTree(s)
	var preds []int
	var feats []uint64
	var sc [2]float32
	for i := range t.n {
		pos := posLetter(t.rawUPOS[i])
		if pos == "" {
			continue
		}
		_, lex := m.alias[key(t.rawLemma[i], pos)]
		feats = t.predFeatures(feats[:0], i, lex)
		sc = [2]float32{}
		m.pred.score(sc[:], feats)
		if sc[1] > sc[0] {
			preds = append(preds, i)
		}
	}
	return m.label(t, preds)
}

// LabelPredicates labels the arguments of the given predicates (0-based
// token indices) of a tagged and parsed sentence.
func (m *Model) LabelPredicates(s *ud.Sentence, preds []int) []Frame {
	return m.label(newTree(s), preds)
}

func (m *Model) label(t *tree, preds []int) []Frame {
	frames := make([]Frame, 0, len(preds))
	scores := make([]float32, len(m.labels))
	var feats []uint64
	var cands []int
	type choice struct {
		tok    int
		class  int
		margin float32
	}
	for _, p := range preds {
		rs := m.chooseRoleset(t, p, &feats)
		rh := hs(rs)
		f := Frame{Pred: p, Roleset: rs}
		cands = t.candidates(p, cands)
		var picks []choice
		for _, a := range cands {
			feats = t.argFeatures(feats[:0], p, a, rh)
			clear(scores)
			m.arg.score(scores, feats)
			c := argmax(scores)
			if c != 0 {
				picks = append(picks, choice{a, c, scores[c] - scores[0]})
			}
		}
		// A numbered role is filled once: keep its most confident head.
		best := map[int]int{}
		for i, ch := range picks {
			if !isCore(m.labels[ch.class]) {
				continue
			}
			if j, ok := best[ch.class]; !ok || ch.margin > picks[j].margin {
				best[ch.class] = i
			}
		}
		for i, ch := range picks {
			if j, ok := best[ch.class]; ok && j != i {
				continue
			}
			f.Args = append(f.Args, Arg{Head: ch.tok, Role: m.labels[ch.class]})
		}
		slices.SortFunc(f.Args, func(a, b Arg) int { return a.Head - b.Head })
		frames = append(frames, f)
	}
	return frames
}

// chooseRoleset picks the roleset of predicate p: the ranker decides among
// the rolesets training saw for its lemma, the most frequent one stands
// when the ranker has no say.
func (m *Model) chooseRoleset(t *tree, p int, feats *[]uint64) string {
	k := key(t.rawLemma[p], posLetter(t.rawUPOS[p]))
	cands := m.senses[k]
	if len(cands) < 2 || m.rank == nil {
		return m.roleset(t.rawLemma[p], t.rawUPOS[p])
	}
	best, bestScore := "", float32(0)
	var sc [1]float32
	for _, rs := range cands {
		*feats = t.senseFeatures((*feats)[:0], p, hs(rs))
		sc[0] = 0
		m.rank.score(sc[:], *feats)
		if best == "" || sc[0] > bestScore {
			best, bestScore = rs, sc[0]
		}
	}
	return best
}

// isCore reports whether role is a numbered argument, ARG0…ARG5.
func isCore(role string) bool {
	return len(role) == 4 && strings.HasPrefix(role, "ARG") && role[3] >= '0' && role[3] <= '5'
}
