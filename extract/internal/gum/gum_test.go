package gum

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	conllu := filepath.Join(dir, "gum", "conllu")
	if err := os.MkdirAll(conllu, 0o755); err != nil {
		t.Fatal(err)
	}
	splits := "# Splits\n\n## dev\n\n  * GUM_a\n\n## test\n\n  * GUM_b\n\n## test2\n\n  * GUM_c\n"
	os.WriteFile(filepath.Join(dir, "gum", "splits.md"), []byte(splits), 0o644)
	for _, d := range []string{"GUM_d", "GUM_c", "GUM_b", "GUM_a"} {
		os.WriteFile(filepath.Join(conllu, d+".conllu"), []byte("1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n\n"), 0o644)
	}
	tests := []struct {
		name string
		dev  bool
		want []string
	}{
		{"dev split", true, []string{"GUM_a.conllu"}},
		{"training leaves out dev, test and test2", false, []string{"GUM_d.conllu"}},
	}
	for _, tt := range tests {
		files, err := Files(dir, tt.dev)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []string
		for _, f := range files {
			got = append(got, filepath.Base(f))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	if s, err := Read(dir, false); err != nil || len(s) != 1 {
		t.Errorf("Read = %d sentences, %v; want 1", len(s), err)
	}
	os.WriteFile(filepath.Join(dir, "gum", "splits.md"), []byte("## test\n  * GUM_b\n"), 0o644)
	if _, err := Files(dir, true); err == nil {
		t.Error("splits.md without a dev list: no error")
	}
}
