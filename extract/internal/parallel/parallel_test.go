package parallel

import (
	"errors"
	"sync/atomic"
	"testing"
)

func TestDo(t *testing.T) {
	tests := []struct {
		name       string
		n, workers int
		fail       map[int]bool
	}{
		{"all succeed", 7, 2, nil},
		{"one worker", 3, 1, nil},
		{"zero workers means one", 3, 0, nil},
		{"nothing to do", 0, 2, nil},
		{"two fail", 5, 2, map[int]bool{1: true, 4: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make([]bool, tt.n)
			var running, peak atomic.Int32
			err := Do(tt.n, tt.workers, func(i int) error {
				r := running.Add(1)
				defer running.Add(-1)
				for {
					p := peak.Load()
					if r <= p || peak.CompareAndSwap(p, r) {
						break
					}
				}
				done[i] = true
				if tt.fail[i] {
					return errors.New("job failed")
				}
				return nil
			})
			for i, d := range done {
				if !d {
					t.Errorf("job %d not run", i)
				}
			}
			if want := int32(max(tt.workers, 1)); peak.Load() > want {
				t.Errorf("%d jobs at once, want at most %d", peak.Load(), want)
			}
			if (err != nil) != (len(tt.fail) > 0) {
				t.Errorf("err = %v, want failure %v", err, len(tt.fail) > 0)
			}
		})
	}
}
