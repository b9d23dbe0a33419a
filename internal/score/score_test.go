package score

import "testing"

func TestCounts(t *testing.T) {
	tests := []struct {
		c       Counts
		p, r, f float64
	}{
		{Counts{}, 0, 0, 0},
		{Counts{TP: 1}, 1, 1, 1},
		{Counts{TP: 3, FP: 1, FN: 3}, 0.75, 0.5, 0.6},
		{Counts{FP: 2, FN: 2}, 0, 0, 0},
	}
	for _, tt := range tests {
		if p, r, f := tt.c.Precision(), tt.c.Recall(), tt.c.F1(); p != tt.p || r != tt.r || f != tt.f {
			t.Errorf("%+v: P R F1 = %v %v %v, want %v %v %v", tt.c, p, r, f, tt.p, tt.r, tt.f)
		}
	}
	var c Counts
	c.Add(Counts{1, 2, 3})
	c.Add(Counts{1, 0, 1})
	if want := (Counts{2, 2, 4}); c != want {
		t.Errorf("Add: got %+v, want %+v", c, want)
	}
}
