// Package featurehash hashes the features of the trained models: a feature
// is a 64-bit hash of a template id and the hashed strings it looks at, so
// nothing is concatenated or allocated per feature. The functions are part
// of the model formats: changing them invalidates every trained model.
package featurehash

const (
	offset = 14695981039346656037
	prime  = 1099511628211
)

// String is FNV-1a over the bytes of s.
func String(s string) uint64 {
	h := uint64(offset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime
	}
	return h
}

// Bytes is FNV-1a over b: Bytes(b) == String(string(b)).
func Bytes(b []byte) uint64 {
	h := uint64(offset)
	for _, c := range b {
		h ^= uint64(c)
		h *= prime
	}
	return h
}

// Mix combines two hashes order-dependently.
func Mix(h, v uint64) uint64 {
	h ^= v + 0x9E3779B97F4A7C15 + (h << 6) + (h >> 2)
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 31
	return h
}
