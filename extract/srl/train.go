package srl

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"kg/extract/ud"
	"kg/internal/score"
)

// Annotator tags and parses sentences whose words are set, as the pipeline
// does at run time.
type Annotator func(ctx context.Context, sents []*ud.Sentence) error

// Files names the PropBank files under a data directory.
func Files(dataDir string) (train, dev, test, frames string) {
	dir := filepath.Join(dataDir, "propbank-ewt")
	return filepath.Join(dir, "en_ewt-pb-train.conllup"), filepath.Join(dir, "en_ewt-pb-dev.conllup"),
		filepath.Join(dir, "en_ewt-pb-test.conllup"), filepath.Join(dir, "frames-v3.4.0.json")
}

// Config sets training.
type Config struct {
	Epochs   int
	MinCount int32 // features seen fewer times are left out
	MinLabel int   // roles seen fewer times are not predicted
	Seed     uint64
}

// DefaultConfig is what kg trains.
func DefaultConfig() Config { return Config{Epochs: 12, MinCount: 2, MinLabel: 10, Seed: 1} }

// Train trains a role labeller on propbank-ewt's train split, tagged and
// parsed by annotate from the gold words, and keeps the epoch that scores
// best on dev. Training is deterministic.
func Train(ctx context.Context, dataDir string, annotate Annotator, cfg Config, log io.Writer) (*Model, error) {
	trainFile, devFile, _, framesFile := Files(dataDir)
	train, err := ReadFile(trainFile)
	if err != nil {
		return nil, err
	}
	dev, err := ReadFile(devFile)
	if err != nil {
		return nil, err
	}
	alias, agent, err := readFrames(framesFile)
	if err != nil {
		return nil, err
	}
	trainSys, err := Annotate(ctx, train, annotate)
	if err != nil {
		return nil, err
	}
	devSys, err := Annotate(ctx, dev, annotate)
	if err != nil {
		return nil, err
	}
	m := &Model{alias: alias, agent: agent}
	m.senses = senses(train, trainSys)
	m.labels = labelSet(train, cfg.MinLabel)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5e1))
	m.rank = trainRanker(m, train, trainSys, cfg, rng)

	class := map[string]int{}
	for i, l := range m.labels {
		class[l] = i
	}

	// Features do not depend on the weights: extract them once.
	var predX, argX instances
	var feats []uint64
	for i, g := range train {
		t := newTree(trainSys[i])
		isPred := map[int]bool{}
		for _, f := range g.Frames {
			isPred[f.Pred] = true
		}
		for tok := range t.n {
			pos := posLetter(t.rawUPOS[tok])
			if pos == "" {
				continue
			}
			_, lex := m.alias[key(t.rawLemma[tok], pos)]
			feats = t.predFeatures(feats[:0], tok, lex)
			y := 0
			if isPred[tok] {
				y = 1
			}
			predX.add(feats, y)
		}
		var cands []int
		for _, f := range g.Frames {
			role := map[int]string{}
			for _, a := range f.Args {
				role[a.Head] = a.Role
			}
			rh := hs(m.chooseRoleset(t, f.Pred, &feats))
			cands = t.candidates(f.Pred, cands)
			for _, a := range cands {
				feats = t.argFeatures(feats[:0], f.Pred, a, rh)
				argX.add(feats, class[role[a]]) // unknown and absent roles are class 0
			}
		}
	}
	fmt.Fprintf(log, "srl: %d sentences, %d predicate candidates, %d argument candidates, %d labels\n",
		len(train), predX.len(), argX.len(), len(m.labels))

	pp := newPerceptron(2, predX.counts(), cfg.MinCount)
	ap := newPerceptron(len(m.labels), argX.counts(), cfg.MinCount)
	bestF, best := -1.0, Model{}
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		predX.epoch(pp, rng)
		argX.epoch(ap, rng)
		cand := *m
		cand.pred, cand.arg = pp.average(), ap.average()
		s := Evaluate(&cand, dev, devSys, false)
		f := s.Args.F1()
		fmt.Fprintf(log, "srl: epoch %d: dev PRED-F1=%.2f roleset %.2f%% ARG-F1=%.2f\n", epoch, 100*s.Pred.F1(), 100*score.Ratio(s.Sense, s.Senses), 100*f)
		if f > bestF {
			bestF, best = f, cand
		}
	}
	return &best, nil
}

// Annotate copies the gold sentences' words into new sentences and has
// annotate tag and parse them.
func Annotate(ctx context.Context, gold []Gold, annotate Annotator) ([]*ud.Sentence, error) {
	sys := make([]*ud.Sentence, len(gold))
	for i, g := range gold {
		s := &ud.Sentence{ID: g.Sentence.ID, DocID: g.Sentence.DocID, Text: g.Sentence.Text, Start: -1, End: -1}
		for _, t := range g.Sentence.Tokens {
			s.Tokens = append(s.Tokens, ud.Token{ID: t.ID, Form: t.Form, Head: -1, Start: -1, End: -1})
		}
		sys[i] = s
	}
	if err := annotate(ctx, sys); err != nil {
		return nil, fmt.Errorf("srl: annotating: %w", err)
	}
	for _, s := range sys {
		s.Vectors = nil // not read here, and 512 bytes a word
	}
	return sys, nil
}

// instances holds training examples as flat feature lists.
type instances struct {
	feats []uint64
	start []int
	y     []int
}

func (x *instances) add(feats []uint64, y int) {
	if x.start == nil {
		x.start = []int{0}
	}
	x.feats = append(x.feats, feats...)
	x.start = append(x.start, len(x.feats))
	x.y = append(x.y, y)
}

func (x *instances) len() int { return len(x.y) }

func (x *instances) counts() map[uint64]int32 {
	c := map[uint64]int32{}
	for _, f := range x.feats {
		c[f]++
	}
	return c
}

// epoch makes one shuffled pass of perceptron updates.
func (x *instances) epoch(p *perceptron, rng *rand.Rand) {
	order := rng.Perm(x.len())
	scores := make([]float32, p.nclass)
	for _, i := range order {
		f := x.feats[x.start[i]:x.start[i+1]]
		clear(scores)
		p.score(scores, f)
		p.update(f, x.y[i], argmax(scores))
	}
}

// labelSet returns "" (no role) and the roles seen at least min times.
func labelSet(gold []Gold, min int) []string {
	n := map[string]int{}
	for _, g := range gold {
		for _, f := range g.Frames {
			for _, a := range f.Args {
				n[a.Role]++
			}
		}
	}
	var ls []string
	for l, c := range n {
		if c >= min {
			ls = append(ls, l)
		}
	}
	slices.Sort(ls)
	return append([]string{""}, ls...)
}

// trainRanker trains the roleset ranker on the predicates whose lemma has
// several rolesets in training.
func trainRanker(m *Model, gold []Gold, sys []*ud.Sentence, cfg Config, rng *rand.Rand) *weights {
	type inst struct {
		t    *tree
		p    int
		gold int
		rs   []string
	}
	var insts []inst
	counts := map[uint64]int32{}
	var feats []uint64
	for i, g := range gold {
		var t *tree
		for _, f := range g.Frames {
			tk := sys[i].Tokens[f.Pred]
			rs := m.senses[key(strings.ToLower(tk.Lemma), posLetter(tk.UPOS))]
			gi := slices.Index(rs, f.Roleset)
			if len(rs) < 2 || gi < 0 {
				continue
			}
			if t == nil {
				t = newTree(sys[i])
			}
			insts = append(insts, inst{t, f.Pred, gi, rs})
			for _, r := range rs {
				for _, f := range t.senseFeatures(feats[:0], f.Pred, hs(r)) {
					counts[f]++
				}
			}
		}
	}
	p := newPerceptron(1, counts, 1)
	var sc [1]float32
	for range cfg.Epochs {
		for _, k := range rng.Perm(len(insts)) {
			in := insts[k]
			best, bestScore := 0, float32(0)
			for j, r := range in.rs {
				feats = in.t.senseFeatures(feats[:0], in.p, hs(r))
				sc[0] = 0
				p.score(sc[:], feats)
				if j == 0 || sc[0] > bestScore {
					best, bestScore = j, sc[0]
				}
			}
			g := in.t.senseFeatures(nil, in.p, hs(in.rs[in.gold]))
			b := in.t.senseFeatures(nil, in.p, hs(in.rs[best]))
			if best == in.gold {
				p.t++
				continue
			}
			p.rank(g, b)
		}
	}
	return p.average()
}

// senses lists the rolesets seen for each lemma and part of speech, as the
// annotator tags them, most frequent first.
func senses(gold []Gold, sys []*ud.Sentence) map[string][]string {
	n := map[string]map[string]int{}
	for i, g := range gold {
		for _, f := range g.Frames {
			t := sys[i].Tokens[f.Pred]
			k := key(strings.ToLower(t.Lemma), posLetter(t.UPOS))
			if n[k] == nil {
				n[k] = map[string]int{}
			}
			n[k][f.Roleset]++
		}
	}
	out := map[string][]string{}
	for k, rs := range n {
		list := sortedKeys(rs)
		slices.SortStableFunc(list, func(a, b string) int { return rs[b] - rs[a] })
		out[k] = list
	}
	return out
}

// frameEntry is one roleset of the frame lexicon.
type frameEntry struct {
	Aliases    [][]string `json:"aliases"`
	Argaliases [][]string `json:"argaliases"`
}

// readFrames reads the frame lexicon's aliases (word and part of speech →
// roleset) and agentive nouns (word → roleset and role). Where several
// rolesets claim a word, the one named after the word wins, then the
// lowest sense.
func readFrames(path string) (alias map[string]string, agent map[string]AgentNoun, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var frames map[string]frameEntry
	if err := json.Unmarshal(b, &frames); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	better := func(word, old, rs string) bool {
		if old == "" {
			return true
		}
		ow, nw := strings.HasPrefix(old, word+"."), strings.HasPrefix(rs, word+".")
		if ow != nw {
			return nw
		}
		return rs < old
	}
	alias, agent = map[string]string{}, map[string]AgentNoun{}
	for _, rs := range sortedKeys(frames) {
		fe := frames[rs]
		for _, a := range fe.Aliases {
			if len(a) < 2 || (a[1] != "v" && a[1] != "n" && a[1] != "j") {
				continue
			}
			w := strings.ToLower(strings.ReplaceAll(a[0], "_", " "))
			k := key(w, a[1])
			if better(w, alias[k], rs) {
				alias[k] = rs
			}
		}
		for _, a := range fe.Argaliases {
			if len(a) < 3 || a[1] != "n" || len(a[2]) != 1 || a[2][0] < '0' || a[2][0] > '5' {
				continue
			}
			w := strings.ToLower(a[0])
			if old, ok := agent[w]; !ok || better(w, old.Roleset, rs) {
				agent[w] = AgentNoun{Roleset: rs, Role: "ARG" + a[2]}
			}
		}
	}
	return alias, agent, nil
}
