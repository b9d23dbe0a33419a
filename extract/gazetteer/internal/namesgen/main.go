// Command namesgen writes the name lists of football clubs and listed
// companies that package gazetteer embeds (data/clubs.tsv and
// data/companies.tsv) from the shared name lists:
//
//   - football-clubs/: openfootball/clubs (CC0 1.0), one "Name, founded,
//     @ ground, city" line per club and its aliases on "| alias | alias"
//     lines under it; every *.clubs.txt file is read;
//   - sec-companies/company_tickers_exchange.json: the US SEC's list of
//     companies with tickers (public domain), whose names are cleaned of
//     legal forms and state marks ("AMAZON COM INC" → "Amazon.com" and
//     "Amazon", "PFIZER INC /DE/" → "Pfizer") and recased.
//
// Usage, from extract/gazetteer (go generate runs it so):
//
//	go run ./internal/namesgen -names ../../../shared/data/names -out data
//
// The output is sorted, so the same lists give the same bytes.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

func main() {
	names := flag.String("names", "../../../shared/data/names", "the shared name lists `directory` (holding football-clubs/ and sec-companies/)")
	out := flag.String("out", "data", "write clubs.tsv and companies.tsv into `directory`")
	flag.Parse()
	if err := run(*names, *out); err != nil {
		fmt.Fprintln(os.Stderr, "namesgen:", err)
		os.Exit(1)
	}
}

func run(names, out string) error {
	clubs, err := readClubs(filepath.Join(names, "football-clubs"))
	if err != nil {
		return err
	}
	if err := write(filepath.Join(out, "clubs.tsv"), []string{
		"# Football clubs from openfootball/clubs (CC0 1.0; see NAMES-SOURCES), made by",
		"# go generate in extract/gazetteer. Columns: name, country folder, aliases (;).",
	}, clubs); err != nil {
		return err
	}
	comps, err := readCompanies(filepath.Join(names, "sec-companies", "company_tickers_exchange.json"))
	if err != nil {
		return err
	}
	return write(filepath.Join(out, "companies.tsv"), []string{
		"# Companies listed with the US SEC (company_tickers_exchange.json, public domain; see",
		"# NAMES-SOURCES), names cleaned of legal forms, made by go generate in extract/gazetteer.",
		"# Columns: name, ticker, aliases (;).",
	}, comps)
}

// entry is one output row: a name, one column of context, and aliases.
type entry struct {
	name, col string
	aliases   []string
}

func write(path string, header []string, es []entry) error {
	sort.Slice(es, func(i, j int) bool {
		if es[i].name != es[j].name {
			return es[i].name < es[j].name
		}
		return es[i].col < es[j].col
	})
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, h := range header {
		fmt.Fprintln(w, h)
	}
	for _, e := range es {
		fmt.Fprintf(w, "%s\t%s\t%s\n", e.name, e.col, strings.Join(e.aliases, ";"))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

var parens = regexp.MustCompile(`\s*\([^)]*\)`)

// clean trims a club name or alias of comments, parenthesised notes and
// spaces.
func clean(s string) string {
	if i := strings.Index(s, "#"); i >= 0 {
		s = s[:i]
	}
	s = parens.ReplaceAllString(s, "")
	s = strings.Join(strings.Fields(s), " ")
	if strings.ContainsAny(s, ";\t") {
		return ""
	}
	return s
}

// readClubs reads every *.clubs.txt file under dir.
func readClubs(dir string) ([]entry, error) {
	var out []entry
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".clubs.txt") {
			return nil
		}
		country := filepath.Base(filepath.Dir(path))
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var cur *entry
		city := "" // the current club's home town
		for _, line := range strings.Split(string(b), "\n") {
			t := strings.TrimSpace(line)
			switch {
			case t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "="):
				continue
			case strings.HasPrefix(t, "|"):
				if cur == nil {
					continue
				}
				for _, a := range strings.Split(t, "|") {
					// An alias that is the club's home town ("Basel" for
					// FC Basel) names the town far more often.
					if a = clean(a); a != "" && a != cur.name && a != city && !contains(cur.aliases, a) {
						cur.aliases = append(cur.aliases, a)
					}
				}
				continue
			}
			fields := strings.Split(t, ",")
			name := clean(fields[0])
			city = ""
			if len(fields) > 1 {
				city = clean(fields[len(fields)-1])
			}
			if name == "" {
				cur = nil
				continue
			}
			out = append(out, entry{name: name, col: country})
			cur = &out[len(out)-1]
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("football clubs: %w", err)
	}
	return out, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// readCompanies reads the SEC's company list.
func readCompanies(path string) ([]entry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("SEC companies: %w", err)
	}
	var doc struct {
		Fields []string            `json:"fields"`
		Data   [][]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("SEC companies: %s: %w", path, err)
	}
	col := map[string]int{}
	for i, f := range doc.Fields {
		col[f] = i
	}
	ni, ok1 := col["name"]
	ti, ok2 := col["ticker"]
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("SEC companies: %s: fields %v lack name or ticker", path, doc.Fields)
	}
	seen := map[string]bool{}
	var out []entry
	for _, row := range doc.Data {
		var name, ticker string
		if len(row) <= ni || len(row) <= ti || json.Unmarshal(row[ni], &name) != nil || json.Unmarshal(row[ti], &ticker) != nil {
			continue
		}
		names := companyNames(name)
		if len(names) == 0 || seen[strings.ToLower(names[0])] {
			continue
		}
		seen[strings.ToLower(names[0])] = true
		out = append(out, entry{name: names[0], col: ticker, aliases: names[1:]})
	}
	return out, nil
}

// Legal forms and suffixes stripped from the end of a company's name.
var legalForms = map[string]bool{
	"inc": true, "incorporated": true, "corp": true, "corporation": true, "co": true, "company": true,
	"ltd": true, "limited": true, "plc": true, "llc": true, "lp": true, "l p": true, "nv": true, "n v": true,
	"sa": true, "s a": true, "ag": true, "se": true, "spa": true, "s p a": true, "ab": true, "asa": true,
	"oyj": true, "bv": true, "the": true, "de": true, "new": true, "holdings": true, "holding": true,
	"group": true, "trust": false,
}

// Words that mark a fund or a shell rather than a company people name in
// news; such rows are left out.
var notCompany = regexp.MustCompile(`(?i)\b(trust|fund|etf|portfolio|acquisition|capital corp|bancorp|bancshares|financial corp|ishares|proshares|spdr|income|municipal|series)\b`)

var stateMark = regexp.MustCompile(`\s*[/\\][A-Za-z .]{1,12}[/\\]?\s*`)

// companyNames cleans one SEC company name: its clean name first, then a
// shorter alias when ".com" was dropped. It returns nothing for funds and
// names that clean to nothing.
func companyNames(raw string) []string {
	if notCompany.MatchString(raw) {
		return nil
	}
	s := stateMark.ReplaceAllString(raw, " ")
	s = strings.NewReplacer(",", " ", "  ", " ").Replace(s)
	words := strings.Fields(s)
	for len(words) > 1 {
		if n := len(words); n > 2 && legalForms[strings.ToLower(strings.Trim(words[n-2], ".")+" "+strings.Trim(words[n-1], "."))] {
			words = words[:n-2] // "N V", "S A"
			continue
		}
		w := strings.ToLower(strings.Trim(words[len(words)-1], "."))
		w = strings.ReplaceAll(w, ".", " ")
		if !legalForms[strings.TrimSpace(w)] && !legalForms[strings.ReplaceAll(w, " ", "")] {
			break
		}
		words = words[:len(words)-1]
	}
	for len(words) > 1 && strings.EqualFold(words[len(words)-1], "&") {
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		return nil
	}
	var alias string
	if n := len(words); n > 1 && strings.EqualFold(words[n-1], "com") {
		alias = recase(strings.Join(words[:n-1], " "))
		name := alias + ".com"
		if len(name) < 2 {
			return nil
		}
		return []string{name, alias}
	}
	name := recase(strings.Join(words, " "))
	if len([]rune(name)) < 2 || !strings.ContainsFunc(name, unicode.IsLetter) {
		return nil
	}
	out := []string{name}
	if alias = strings.TrimSpace(alias); alias != "" && alias != name {
		out = append(out, alias)
	}
	return out
}

// recase title-cases the words of an all-capitals name ("EXXON MOBIL" →
// "Exxon Mobil"), keeping short words with no vowel or with "&" as they
// are ("AT&T", "IBM" stays when it has no vowel after the first letter is
// not decidable, so words of up to three letters are kept).
func recase(s string) string {
	if strings.ContainsFunc(s, unicode.IsLower) {
		return s
	}
	words := strings.Fields(s)
	for i, w := range words {
		if len([]rune(w)) <= 3 || strings.ContainsAny(w, "&0123456789") {
			continue
		}
		r := []rune(strings.ToLower(w))
		r[0] = unicode.ToUpper(r[0])
		for j := 1; j < len(r); j++ {
			if r[j-1] == '-' || r[j-1] == '.' {
				r[j] = unicode.ToUpper(r[j])
			}
		}
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}
