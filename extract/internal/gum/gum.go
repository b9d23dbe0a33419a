// Package gum selects the documents of the GUM corpus in the shared data
// folder by split, as gum/splits.md lists them, so that every trainer holds
// out the same documents.
package gum

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"kg/extract/ud"
)

// heldOut are the splits.md sections never trained on.
var heldOut = map[string]bool{"dev": true, "test": true, "test2": true}

// Files returns the CoNLL-U files under dataDir/gum/conllu, sorted by name:
// those of the dev split when dev is true, else the training documents, the
// ones splits.md lists under none of dev, test and test2.
func Files(dataDir string, dev bool) ([]string, error) {
	splits, err := readSplits(filepath.Join(dataDir, "gum", "splits.md"))
	if err != nil {
		return nil, err
	}
	all, err := filepath.Glob(filepath.Join(dataDir, "gum", "conllu", "*.conllu"))
	if err != nil {
		return nil, fmt.Errorf("gum: %w", err)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("gum: no CoNLL-U files under %s", filepath.Join(dataDir, "gum", "conllu"))
	}
	sort.Strings(all)
	var out []string
	for _, f := range all {
		s := splits[strings.TrimSuffix(filepath.Base(f), ".conllu")]
		if dev && s == "dev" || !dev && !heldOut[s] {
			out = append(out, f)
		}
	}
	return out, nil
}

// Read returns the sentences of the files Files selects, in order.
func Read(dataDir string, dev bool) ([]*ud.Sentence, error) {
	files, err := Files(dataDir, dev)
	if err != nil {
		return nil, err
	}
	var out []*ud.Sentence
	for _, f := range files {
		s, err := ud.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("gum: %w", err)
		}
		out = append(out, s...)
	}
	return out, nil
}

// readSplits maps each document named in splits.md ("  * GUM_bio_byron"
// under "## dev") to its section name.
func readSplits(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gum: %w", err)
	}
	defer f.Close()
	m := map[string]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if s, ok := strings.CutPrefix(line, "## "); ok {
			section = strings.TrimSpace(s)
		} else if d, ok := strings.CutPrefix(line, "* "); ok && section != "" {
			m[strings.TrimSpace(d)] = section
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gum: %s: %w", path, err)
	}
	for _, s := range m {
		if s == "dev" {
			return m, nil
		}
	}
	return nil, fmt.Errorf("gum: %s lists no dev documents", path)
}
