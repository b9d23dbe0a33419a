package featurehash

import (
	"hash/fnv"
	"testing"
)

func TestStringIsFNV1a(t *testing.T) {
	for _, s := range []string{"", "a", "Rubio", "naïve", "\x00\xff"} {
		h := fnv.New64a()
		h.Write([]byte(s))
		if got, want := String(s), h.Sum64(); got != want {
			t.Errorf("String(%q) = %x, want %x", s, got, want)
		}
		if got := Bytes([]byte(s)); got != String(s) {
			t.Errorf("Bytes(%q) = %x, want String's %x", s, got, String(s))
		}
	}
}

func TestMixIsOrderDependent(t *testing.T) {
	a, b := String("a"), String("b")
	if Mix(a, b) == Mix(b, a) {
		t.Errorf("Mix(a, b) == Mix(b, a) = %x", Mix(a, b))
	}
	// The value is part of the model formats: the embedded models were
	// trained with it.
	if got, want := Mix(1, 2), uint64(0x6bde34781518a0d7); got != want {
		t.Errorf("Mix(1, 2) = %#x, want %#x", got, want)
	}
}
