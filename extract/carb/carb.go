// Package carb scores open information extraction output against the CaRB
// benchmark.
//
// It is a Go port of the scorer of CaRB (Bhardwaj, Aggarwal and Mausam,
// "CaRB: A Crowdsourced Benchmark for Open IE", EMNLP 2019;
// https://github.com/dair-iitd/CaRB, MIT licence): the gold and tab-separated
// system readers, the default binary lenient tuple matcher
// (Matcher.binary_linient_tuple_match) and Benchmark.compare, which sweeps
// every distinct system confidence as a threshold and reports the
// precision-recall curve, its area and the point of best F1. Recall lets one
// system tuple match several gold tuples; precision matches each system tuple
// to at most one gold tuple, greedily by best precision.
package carb

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Extraction is one open IE tuple of a sentence.
type Extraction struct {
	Sentence   string
	Confidence float64 // 1 for gold tuples
	Rel        string
	Args       []string // Args[0] is arg1, Args[1] arg2, then further arguments
}

// ReadGold reads CaRB gold tuples: one per line,
// sentence<TAB>relation<TAB>arg1<TAB>arg2…. As CaRB's GoldReader does, every
// field is trimmed and arguments containing "C: " (context markers) are
// dropped.
func ReadGold(r io.Reader) ([]Extraction, error) {
	var out []Extraction
	err := eachLine(r, func(n int, line string) error {
		f := strings.Split(strings.TrimSpace(line), "\t")
		if len(f) < 2 {
			return fmt.Errorf("line %d: want sentence and relation, got %d fields", n, len(f))
		}
		e := Extraction{Sentence: strings.TrimSpace(f[0]), Confidence: 1, Rel: strings.TrimSpace(f[1])}
		for _, a := range f[2:] {
			if strings.Contains(a, "C: ") {
				continue
			}
			e.Args = append(e.Args, strings.TrimSpace(a))
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("carb gold: %w", err)
	}
	return out, nil
}

// ReadSystem reads system tuples in CaRB's tabbed format, one per line:
// sentence<TAB>confidence<TAB>relation<TAB>arg1<TAB>arg2…. Blank lines are
// skipped.
func ReadSystem(r io.Reader) ([]Extraction, error) {
	var out []Extraction
	err := eachLine(r, func(n int, line string) error {
		line = strings.TrimSpace(line)
		if line == "" {
			return nil
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			return fmt.Errorf("line %d: want sentence, confidence and relation, got %d fields", n, len(f))
		}
		c, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return fmt.Errorf("line %d: confidence: %w", n, err)
		}
		out = append(out, Extraction{Sentence: f[0], Confidence: c, Rel: f[2], Args: append([]string(nil), f[3:]...)})
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("carb system: %w", err)
	}
	return out, nil
}

func eachLine(r io.Reader, fn func(n int, line string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		if err := fn(n, sc.Text()); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Write writes e as one line of CaRB's tabbed system format.
func Write(w io.Writer, e Extraction) error {
	var b strings.Builder
	b.WriteString(clean(e.Sentence))
	b.WriteByte('\t')
	b.WriteString(strconv.FormatFloat(e.Confidence, 'f', -1, 64))
	b.WriteByte('\t')
	b.WriteString(clean(e.Rel))
	for _, a := range e.Args {
		b.WriteByte('\t')
		b.WriteString(clean(a))
	}
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// clean keeps a field on one line and out of the neighbouring fields.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Point is one point of the precision-recall curve: the scores when only
// system tuples with confidence ≥ Confidence are kept.
type Point struct {
	Precision, Recall, Confidence float64
}

// Result is the outcome of scoring a system against gold.
type Result struct {
	AUC       float64 // area under the precision-recall curve, (recall 0, precision 1) added
	Precision float64 // at the threshold of best F1
	Recall    float64
	F1        float64
	Threshold float64 // confidence threshold of best F1
	Curve     []Point // one point per distinct system confidence, ascending confidence
}

// Score compares system extractions with gold ones the way CaRB's
// Benchmark.compare does with its default matcher. Sentences are matched by
// their normalised text (spaces and ASCII punctuation removed, PTB bracket
// escapes undone); system tuples of sentences absent from gold are ignored,
// though their confidences still count as thresholds.
func Score(gold, sys []Extraction) Result {
	goldBy, goldOrder := group(gold)
	sysBy, _ := group(sys)

	thrSet := map[float64]bool{}
	for _, e := range sys {
		thrSet[e.Confidence] = true
	}
	thr := make([]float64, 0, len(thrSet))
	for c := range thrSet {
		thr = append(thr, c)
	}
	sort.Float64s(thr)
	idx := make(map[float64]int, len(thr))
	for i, c := range thr {
		idx[c] = i
	}
	n := len(thr)
	p, pl, r, rl := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)

	for _, key := range goldOrder {
		golds := goldBy[key]
		preds := sysBy[key]
		scores := make([][][2]float64, len(golds))
		for i, g := range golds {
			scores[i] = make([][2]float64, len(preds))
			for j, x := range preds {
				pr, rc := Match(g, x)
				scores[i][j] = [2]float64{pr, rc}
			}
		}
		confs := make([]float64, len(preds))
		for j, x := range preds {
			confs[j] = x.Confidence
		}
		sort.Float64s(confs)
		prev := 0
		for _, conf := range confs {
			c := idx[conf]
			var kept []int
			for j, x := range preds {
				if x.Confidence >= conf {
					kept = append(kept, j)
				}
			}
			// Recall: each gold tuple takes its best match among kept tuples.
			recNum := 0.0
			for i := range scores {
				best := 0.0
				for _, j := range kept {
					best = max(best, scores[i][j][1])
				}
				recNum += best
			}
			// Precision: one-to-one, greedily by best precision.
			precNum := 0.0
			usedRow := make([]bool, len(scores))
			usedCol := make([]bool, len(preds))
			for range min(len(scores), len(kept)) {
				mr, mc, mp := -1, -1, -1.0
				for i := range scores {
					if usedRow[i] {
						continue
					}
					for _, j := range kept {
						if usedCol[j] {
							continue
						}
						if scores[i][j][0] > mp {
							mp, mr, mc = scores[i][j][0], i, j
						}
					}
				}
				usedRow[mr], usedCol[mc] = true, true
				precNum += mp
			}
			for k := prev; k <= c; k++ {
				p[k] += precNum
				pl[k] += float64(len(kept))
				r[k] += recNum
				rl[k] += float64(len(scores))
			}
			prev = max(prev, c+1)
		}
		// Thresholds above every tuple of this sentence still count its gold
		// tuples in the recall denominator.
		for k := prev; k < n; k++ {
			rl[k] += float64(len(scores))
		}
	}

	var res Result
	if n == 0 {
		return res
	}
	res.Curve = make([]Point, n)
	best := -1.0
	for k := range n {
		pt := Point{Precision: 1, Confidence: thr[k]}
		if pl[k] > 0 {
			pt.Precision = p[k] / pl[k]
		}
		if rl[k] > 0 {
			pt.Recall = r[k] / rl[k]
		}
		res.Curve[k] = pt
		if f := f1(pt.Precision, pt.Recall); f > best {
			best = f
			res.Precision, res.Recall, res.F1, res.Threshold = pt.Precision, pt.Recall, f, pt.Confidence
		}
	}
	res.AUC = auc(res.Curve)
	return res
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// auc is the trapezoidal area under the curve with the point (recall 0,
// precision 1) appended, as CaRB computes it with sklearn.metrics.auc.
// Recall never increases with the threshold, so the points are in order.
func auc(curve []Point) float64 {
	xs := make([]float64, 0, len(curve)+1)
	ys := make([]float64, 0, len(curve)+1)
	for _, pt := range curve {
		xs = append(xs, pt.Recall)
		ys = append(ys, pt.Precision)
	}
	xs = append(xs, 0)
	ys = append(ys, 1)
	a := 0.0
	for i := 0; i+1 < len(xs); i++ {
		a += (xs[i] - xs[i+1]) * (ys[i] + ys[i+1]) / 2
	}
	if a < 0 {
		a = -a
	}
	return a
}

// group collects extractions by sentence, then keys them by normalised
// sentence. As in CaRB's normalizeDict, when two distinct sentences
// normalise alike the later one's extractions replace the earlier's.
func group(es []Extraction) (map[string][]Extraction, []string) {
	raw := map[string][]Extraction{}
	var rawOrder []string
	for _, e := range es {
		if _, ok := raw[e.Sentence]; !ok {
			rawOrder = append(rawOrder, e.Sentence)
		}
		raw[e.Sentence] = append(raw[e.Sentence], e)
	}
	m := map[string][]Extraction{}
	var order []string
	for _, s := range rawOrder {
		k := NormalizeSentence(s)
		if _, ok := m[k]; !ok {
			order = append(order, k)
		}
		m[k] = raw[s]
	}
	return m, order
}

var ptbUnescape = strings.NewReplacer("-LRB-", "(", "-RRB-", ")", "-LSB-", "[", "-RSB-", "]", "-LCB-", "{", "-RCB-", "}")

// NormalizeSentence returns the key CaRB matches sentences by: the text
// without spaces, PTB bracket escapes undone, ASCII punctuation removed.
func NormalizeSentence(s string) string {
	s = strings.ReplaceAll(s, " ", "")
	s = ptbUnescape.Replace(s)
	return strings.Map(func(r rune) rune {
		if r < 128 && strings.ContainsRune(punctuation, r) {
			return -1
		}
		return r
	}, s)
}

// punctuation is Python's string.punctuation.
const punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

var sayVerbs = []string{"said", "told", "added", "adds", "says"}

// Match scores system tuple ex against gold tuple ref with CaRB's binary
// lenient tuple match and returns its (precision, recall). Arguments after
// the second are joined to it on both sides; tuples must share a relation
// word. For reporting-verb gold tuples ("said", "told", …) the system tuple
// may also match with its arguments swapped.
func Match(ref, ex Extraction) (precision, recall float64) {
	r := binarize(ref)
	e := binarize(ex)
	p, rc := lenient(r, e)
	said := false
	for _, v := range sayVerbs {
		// A substring test, as CaRB's `said_verb in ref.pred`.
		if strings.Contains(ref.Rel, v) {
			said = true
			break
		}
	}
	if !said {
		return p, rc
	}
	if len(ex.Args) >= 2 {
		e.Args = []string{strings.Join(ex.Args[1:], " "), ex.Args[0]}
	}
	p2, rc2 := lenient(r, e)
	// Python compares the [prec, rec] lists lexicographically.
	if p2 > p || (p2 == p && rc2 > rc) {
		return p2, rc2
	}
	return p, rc
}

func binarize(e Extraction) Extraction {
	if len(e.Args) >= 2 {
		e.Args = []string{e.Args[0], strings.Join(e.Args[1:], " ")}
	}
	return e
}

var formsOfBe = []string{"be", "is", "am", "are", "was", "were", "been", "being"}

// lenient is CaRB's linient_tuple_match: word-multiset overlap of relation
// and each argument, case-sensitive, zero when the relations share no word
// or the system tuple lacks one of the first two gold arguments.
func lenient(ref, ex Extraction) (float64, float64) {
	var pNum, pDen, rNum, rDen int
	pred := strings.Fields(ex.Rel)
	gold := strings.Fields(ref.Rel)
	pDen += len(pred)
	rDen += len(gold)
	m, rest := overlap(gold, pred)
	if i := indexOf(rest, "be"); i >= 0 {
		for _, f := range formsOfBe {
			if indexOf(gold, f) >= 0 {
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0, 0
	}
	pNum += m
	rNum += m
	for i, ga := range ref.Args {
		g := strings.Fields(ga)
		rDen += len(g)
		if len(ex.Args) <= i {
			if i < 2 {
				return 0, 0
			}
			continue
		}
		pw := strings.Fields(ex.Args[i])
		pDen += len(pw)
		m, _ := overlap(g, pw)
		pNum += m
		rNum += m
	}
	var prec, rec float64
	if pDen > 0 {
		prec = float64(pNum) / float64(pDen)
	}
	if rDen > 0 {
		rec = float64(rNum) / float64(rDen)
	}
	return prec, rec
}

// overlap counts gold words found in pred, each pred word used once, and
// returns the pred words left over.
func overlap(gold, pred []string) (int, []string) {
	rest := append([]string(nil), pred...)
	n := 0
	for _, w := range gold {
		if i := indexOf(rest, w); i >= 0 {
			n++
			rest = append(rest[:i], rest[i+1:]...)
		}
	}
	return n, rest
}

func indexOf(ws []string, w string) int {
	for i, x := range ws {
		if x == w {
			return i
		}
	}
	return -1
}
