package graph

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestDatabaseIsOneFile checks that after a writer closes, the .db file alone
// holds everything: a copy made without its -wal and -shm files reads the
// same counts.
func TestDatabaseIsOneFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kg.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	b := newDoc("a.txt", "2025-01-02", "Anna Kowalska met Pedro Alvarez in Brazil.")
	anna, pedro := b.entity("Anna Kowalska", "PERSON"), b.entity("Pedro Alvarez", "PERSON")
	b.relation(anna, "met", "CONSULT", pedro, 0)
	mustAdd(t, s, b)
	want, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if st, err := os.Stat(path + suffix); err == nil && st.Size() > 0 {
			t.Errorf("after Close, %s%s has %d bytes; want it gone or empty", filepath.Base(path), suffix, st.Size())
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(cp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := OpenReadOnly(ctx, cp)
	if err != nil {
		t.Fatalf("OpenReadOnly(copy of the .db alone): %v", err)
	}
	defer r.Close()
	got, err := r.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Documents != want.Documents || got.Entities != want.Entities || got.Edges != want.Edges || got.Evidence != want.Evidence {
		t.Errorf("copy of the .db alone: got %d documents, %d entities, %d edges, %d evidence; want %d, %d, %d, %d",
			got.Documents, got.Entities, got.Edges, got.Evidence, want.Documents, want.Entities, want.Edges, want.Evidence)
	}
	if want.Documents != 1 || want.Edges != 1 {
		t.Errorf("original: %d documents, %d edges; want 1 and 1", want.Documents, want.Edges)
	}
}
