package ner

// featureTable maps feature hashes to weight rows by open addressing with
// linear probing. Decoding looks up every feature of every token once per
// previous label; with a Go map those lookups were a third of the whole
// pipeline's time, and a flat table of keys is several times faster.
// The zero value is an empty table.
type featureTable struct {
	keys []uint64
	rows []int32 // -1 marks an empty slot
	n    int
	bits uint
}

func (t *featureTable) slot(k uint64) uint64 {
	// Fibonacci hashing spreads keys that differ only in low bits.
	return (k * 0x9E3779B97F4A7C15) >> (64 - t.bits)
}

// get returns the row of feature k.
func (t *featureTable) get(k uint64) (int32, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := uint64(len(t.keys) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch {
		case t.rows[i] < 0:
			return 0, false
		case t.keys[i] == k:
			return t.rows[i], true
		}
	}
}

// set makes row r the row of feature k.
func (t *featureTable) set(k uint64, r int32) {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		if t.rows[i] < 0 {
			t.keys[i], t.rows[i] = k, r
			t.n++
			return
		}
		if t.keys[i] == k {
			t.rows[i] = r
			return
		}
	}
}

func (t *featureTable) grow() {
	old, oldRows := t.keys, t.rows
	t.bits++
	if t.bits < 4 {
		t.bits = 4
	}
	size := 1 << t.bits
	t.keys, t.rows, t.n = make([]uint64, size), make([]int32, size), 0
	for i := range t.rows {
		t.rows[i] = -1
	}
	for i, r := range oldRows {
		if r >= 0 {
			t.set(old[i], r)
		}
	}
}

// len returns the number of features.
func (t *featureTable) len() int { return t.n }

// each calls fn for every feature, in no particular order.
func (t *featureTable) each(fn func(k uint64, r int32)) {
	for i, r := range t.rows {
		if r >= 0 {
			fn(t.keys[i], r)
		}
	}
}
