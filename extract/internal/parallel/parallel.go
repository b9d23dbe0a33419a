// Package parallel runs independent training jobs on a bounded number of
// goroutines.
package parallel

import (
	"errors"
	"sync"
)

// Do calls f(0), …, f(n-1), at most workers at a time, and returns their
// errors joined (nil if all succeed). Each call should write only its own
// results, so that the outcome does not depend on scheduling.
func Do(n, workers int, f func(i int) error) error {
	if workers < 1 {
		workers = 1
	}
	errs := make([]error, n)
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = f(i)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
