package input

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Source is one input: a file, a file of an fs.FS, or standard input.
type Source struct {
	Name   string // file path; "-" for standard input; prefix+path for FromFS
	Format Format // from the file extension; Auto for standard input
	Size   int64  // bytes, when known (0 for standard input)

	fsys fs.FS  // set by FromFS
	path string // path in fsys
}

// Open opens the source for reading; stdin is read for "-". Closing a
// standard input source does not close stdin.
func (s Source) Open(stdin io.Reader) (io.ReadCloser, error) {
	switch {
	case s.fsys != nil:
		return s.fsys.Open(s.path)
	case s.Name == "-":
		if stdin == nil {
			stdin = os.Stdin
		}
		return io.NopCloser(stdin), nil
	}
	return os.Open(s.Name)
}

// ErrNoInput is returned (wrapped) by Expand for a directory that holds no
// file kg reads.
var ErrNoInput = errors.New("no .txt, .md, .html, .json or .jsonl files")

// Expand turns command-line paths into sources: "-" is standard input, a
// file is taken whatever its extension (Text when it has none known), and a
// directory is walked recursively for files with a known extension
// (FormatOf), in lexical order, skipping hidden files and directories
// (names starting with "."). A path named twice is read once. A path that
// does not exist is an error, as is a directory with no file to read; the
// error says how to fix it when it can (a URL is fetched with curl, PDFs
// are converted with pdftotext).
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
			if u := strings.ToLower(p); strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
				return nil, fmt.Errorf("input: %s is a URL, and kg reads files; fetch it: curl -sL %s | kg build -", p, shellQuote(p))
			}
			return nil, fmt.Errorf("input: %w", err)
		}
		if !info.IsDir() {
			f, _ := FormatOf(p)
			add(Source{Name: p, Format: f, Size: info.Size()})
			continue
		}
		found := 0
		skipped := map[string]int{} // extension → files not read
		err = filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if skip, err := walkEntry(name != p, d); skip || err != nil {
				return err
			}
			f, ok := FormatOf(name)
			if !ok {
				skipped[strings.ToLower(filepath.Ext(name))]++
				return nil
			}
			var size int64
			if info, err := os.Stat(name); err == nil {
				size = info.Size()
			}
			found++
			add(Source{Name: name, Format: f, Size: size})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("input: %w", err)
		}
		if found == 0 {
			return nil, fmt.Errorf("input: %s: %w%s", p, ErrNoInput, skippedHint(skipped))
		}
	}
	return out, nil
}

// walkEntry decides what a directory walk does with d: it skips hidden
// entries (and the whole of a hidden directory) and anything that is not a
// regular file or a link to one.
func walkEntry(notRoot bool, d fs.DirEntry) (skip bool, err error) {
	hidden := notRoot && strings.HasPrefix(d.Name(), ".")
	if d.IsDir() {
		if hidden {
			return true, fs.SkipDir
		}
		return true, nil
	}
	return hidden || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0, nil
}

// FromFS returns the files of fsys with a known extension as sources,
// walked in lexical order like Expand, each named prefix+path (for the
// bundled samples, "seed:" gives "seed:ukraine-talks.txt").
func FromFS(fsys fs.FS, prefix string) ([]Source, error) {
	var out []Source
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if skip, err := walkEntry(name != ".", d); skip || err != nil {
			return err
		}
		f, ok := FormatOf(path.Base(name))
		if !ok {
			return nil
		}
		var size int64
		if info, err := d.Info(); err == nil {
			size = info.Size()
		}
		out = append(out, Source{Name: prefix + name, Format: f, Size: size, fsys: fsys, path: name})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("input: %w", err)
	}
	return out, nil
}

// skippedHint describes the files a directory walk left out, and how to
// convert PDFs: "; it has 3 .pdf files: convert each with pdftotext FILE.pdf - | kg build -".
func skippedHint(skipped map[string]int) string {
	if len(skipped) == 0 {
		return " (the folder is empty)"
	}
	exts := make([]string, 0, len(skipped))
	for e := range skipped {
		exts = append(exts, e)
	}
	sort.Strings(exts)
	var parts []string
	for _, e := range exts {
		name := e
		if name == "" {
			name = "extension-less"
		}
		files := "files"
		if skipped[e] == 1 {
			files = "file"
		}
		parts = append(parts, fmt.Sprintf("%d %s %s", skipped[e], name, files))
	}
	hint := " (it has " + strings.Join(parts, ", ") + ")"
	if skipped[".pdf"] > 0 {
		hint += "; convert PDFs to text first: pdftotext FILE.pdf - | kg build -"
	} else {
		hint += "; name a file to read it as plain text"
	}
	return hint
}
