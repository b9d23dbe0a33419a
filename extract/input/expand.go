package input

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Source is one input named on the command line: a file, or standard
// input when Name is "-".
type Source struct {
	Name   string // file path, or "-" for standard input
	Format Format // from the file extension; Auto for standard input
}

// Open opens the source for reading. Closing a standard input source does
// not close os.Stdin.
func (s Source) Open() (io.ReadCloser, error) {
	if s.Name == "-" {
		return io.NopCloser(os.Stdin), nil
	}
	return os.Open(s.Name)
}

// Expand turns command-line paths into sources: "-" is standard input, a
// file is taken whatever its extension (Text when it has none known), and a
// directory is walked recursively for files with a known extension
// (FormatOf), in lexical order, skipping hidden files and directories
// (names starting with "."). A path named twice is read once. A path that
// does not exist is an error.
func Expand(paths []string) ([]Source, error) {
	var out []Source
	seen := make(map[string]bool)
	add := func(s Source) {
		if !seen[s.Name] {
			seen[s.Name] = true
			out = append(out, s)
		}
	}
	for _, p := range paths {
		if p == "-" {
			add(Source{Name: "-", Format: Auto})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("input: %w", err)
		}
		if !info.IsDir() {
			f, _ := FormatOf(p)
			add(Source{Name: p, Format: f})
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			hidden := path != p && strings.HasPrefix(d.Name(), ".")
			if d.IsDir() {
				if hidden {
					return filepath.SkipDir
				}
				return nil
			}
			if hidden || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			if f, ok := FormatOf(path); ok {
				add(Source{Name: path, Format: f})
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("input: %w", err)
		}
	}
	return out, nil
}
