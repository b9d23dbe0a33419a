// Package ud holds the Universal Dependencies sentence model shared by every
// stage of the extraction pipeline, and reads and writes it as CoNLL-U.
//
// The pipeline stages fill a Sentence in turn: segment sets Form and the byte
// offsets, tag sets UPOS, XPOS, Feats and Lemma, parse sets Head and Deprel.
// Training and evaluation read the same type from treebank files, so a model
// sees the same structure at training time and at run time.
package ud

// Token is one syntactic word of a sentence.
type Token struct {
	ID     int    // 1-based position in the sentence
	Form   string // surface form
	Lemma  string
	UPOS   string // universal part of speech
	XPOS   string // Penn Treebank tag for English
	Feats  string // morphological features, "_" when none
	Head   int    // ID of the head, 0 for the root, -1 when not parsed
	Deprel string // dependency relation to the head
	Misc   string // CoNLL-U MISC column ("_" when empty)

	// Start and End are byte offsets of the token in the document text
	// (End exclusive). Both are -1 when the token does not come from a
	// document, as in a treebank read without its text.
	Start, End int
}

// MultiWord is a CoNLL-U multiword token: one orthographic token, such as
// "don't" in some treebanks, that spans the syntactic words First..Last.
type MultiWord struct {
	First, Last int // token IDs, inclusive
	Form        string
	Misc        string
}

// Sentence is one sentence: its words and, when known, where it stands in the
// document.
type Sentence struct {
	DocID    string // from "# newdoc id =", carried to every sentence of the document
	ID       string // from "# sent_id ="
	Text     string // from "# text =", or the document text between Start and End
	Tokens   []Token
	Multi    []MultiWord
	Comments []string // every comment line, without the leading "# ", in order

	// Start and End are byte offsets of the sentence in the document text,
	// -1 when unknown.
	Start, End int

	// Vectors are the parser's contextual vectors of the tokens, which
	// later stages may read, one after another (see Vector). Nil until a
	// parser sets them.
	Vectors []float32
}

// Vector returns the parser's vector of token i, nil when there are none.
func (s *Sentence) Vector(i int) []float32 {
	if len(s.Vectors) == 0 || len(s.Tokens) == 0 {
		return nil
	}
	d := len(s.Vectors) / len(s.Tokens)
	return s.Vectors[i*d : (i+1)*d]
}

// Words returns the forms of the sentence's tokens.
func (s *Sentence) Words() []string {
	w := make([]string, len(s.Tokens))
	for i, t := range s.Tokens {
		w[i] = t.Form
	}
	return w
}

// IsScore reports whether tokens j, j+1 and j+2 (0-based) are a match
// score: a whole number of one or two digits, a dash, and another ("1 – 0",
// "2-1"). Sports reports give them; the tokenizer splits them so.
func (s *Sentence) IsScore(j int) bool {
	if j < 0 || j+2 >= len(s.Tokens) {
		return false
	}
	switch s.Tokens[j+1].Form {
	case "-", "–", "—":
		return scoreNumber(s.Tokens[j].Form) && scoreNumber(s.Tokens[j+2].Form)
	}
	return false
}

// scoreNumber reports whether w is one or two ASCII digits.
func scoreNumber(w string) bool {
	if len(w) == 0 || len(w) > 2 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// Children returns, for each token index i (0-based), the 0-based indices of
// its dependents in sentence order. Tokens with an out-of-range head are
// treated as unattached.
func (s *Sentence) Children() [][]int {
	ch := make([][]int, len(s.Tokens))
	for i, t := range s.Tokens {
		if h := t.Head - 1; h >= 0 && h < len(s.Tokens) {
			ch[h] = append(ch[h], i)
		}
	}
	return ch
}

// Heads returns the 0-based head of each token, -1 for the root and for a
// head out of range or the token itself. A malformed tree may hold a cycle:
// taking the tokens in order, one whose walk up the heads does not reach a
// root is made one, so that every walk ends.
func (s *Sentence) Heads() []int {
	n := len(s.Tokens)
	hd := make([]int, n)
	for i, t := range s.Tokens {
		hd[i] = -1
		if h := t.Head - 1; h >= 0 && h < n && h != i {
			hd[i] = h
		}
	}
	for i := range n {
		j, steps := hd[i], 0
		for j >= 0 && j != i && steps <= n {
			j, steps = hd[j], steps+1
		}
		if j == i || steps > n {
			hd[i] = -1
		}
	}
	return hd
}

// MiscValue returns the value of key in a MISC-style "k=v|k=v" field, and
// whether it was present.
func MiscValue(misc, key string) (string, bool) {
	for misc != "" {
		var item string
		item, misc, _ = cut(misc, '|')
		k, v, ok := cut(item, '=')
		if ok && k == key {
			return v, true
		}
	}
	return "", false
}

func cut(s string, sep byte) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
