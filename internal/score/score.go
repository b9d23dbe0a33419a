// Package score holds the counts every evaluation of kg reports:
// precision, recall and F1 over true positives, false positives and false
// negatives.
package score

// Counts are true positives, false positives and false negatives.
type Counts struct {
	TP, FP, FN int
}

// Precision is TP / (TP + FP), 0 when nothing was predicted.
func (c Counts) Precision() float64 { return Ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN), 0 when there is nothing to find.
func (c Counts) Recall() float64 { return Ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 { return F1(c.Precision(), c.Recall()) }

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
}

// F1 is the harmonic mean of p and r, 0 when both are 0.
func F1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Ratio is n/d, 0 when d is 0.
func Ratio[T int | int64](n, d T) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}
