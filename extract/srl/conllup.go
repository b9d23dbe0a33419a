package srl

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"kg/extract/ud"
)

// Gold is one sentence of a PropBank CoNLL-U Plus file: its UD words and
// tree, and its predicates with their labelled argument heads.
type Gold struct {
	Sentence *ud.Sentence
	Frames   []Frame // in token order, as the file numbers them
}

// ReadFile reads a PropBank CoNLL-U Plus file whose last two columns are
// PB:ROLESET and PB:ARGHEADS (see ../shared/data/propbank-ewt/README.md).
func ReadFile(path string) ([]Gold, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	g, err := ReadGold(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// ReadGold reads PropBank CoNLL-U Plus from r: the first ten columns go to the
// UD reader, the last two become the sentence's frames.
func ReadGold(r io.Reader) ([]Gold, error) {
	var ud10 strings.Builder
	type pb struct{ roleset, heads string }
	var cols [][]pb // per sentence, per syntactic word
	var cur []pb
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		switch {
		case strings.TrimSpace(t) == "":
			if cur != nil {
				cols = append(cols, cur)
				cur = nil
			}
			ud10.WriteString("\n")
			continue
		case strings.HasPrefix(t, "#"):
			ud10.WriteString(t + "\n")
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != 12 {
			return nil, fmt.Errorf("line %d: want 12 tab-separated fields, got %d", line, len(f))
		}
		ud10.WriteString(strings.Join(f[:10], "\t") + "\n")
		if strings.ContainsAny(f[0], "-.") {
			continue // a multiword range or an empty node: not a syntactic word
		}
		if cur == nil {
			cur = []pb{}
		}
		cur = append(cur, pb{f[10], f[11]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if cur != nil {
		cols = append(cols, cur)
	}
	sents, err := ud.ReadAll(strings.NewReader(ud10.String()))
	if err != nil {
		return nil, err
	}
	if len(sents) != len(cols) {
		return nil, fmt.Errorf("%d sentences but %d with PropBank columns", len(sents), len(cols))
	}
	out := make([]Gold, len(sents))
	for i, s := range sents {
		c := cols[i]
		if len(c) != len(s.Tokens) {
			return nil, fmt.Errorf("sentence %s: %d words but %d PropBank rows", s.ID, len(s.Tokens), len(c))
		}
		g := Gold{Sentence: s}
		for tok, p := range c {
			if p.roleset != "_" && p.roleset != "" {
				g.Frames = append(g.Frames, Frame{Pred: tok, Roleset: p.roleset})
			}
		}
		for tok, p := range c {
			if p.heads == "_" || p.heads == "" {
				continue
			}
			for _, kr := range strings.Split(p.heads, "|") {
				ks, role, ok := strings.Cut(kr, ":")
				k, err := strconv.Atoi(ks)
				if !ok || err != nil || k < 1 || k > len(g.Frames) {
					return nil, fmt.Errorf("sentence %s word %d: bad argument head %q", s.ID, tok+1, kr)
				}
				if role == "V" {
					continue
				}
				fr := &g.Frames[k-1]
				fr.Args = append(fr.Args, Arg{Head: tok, Role: role})
			}
		}
		out[i] = g
	}
	return out, nil
}
