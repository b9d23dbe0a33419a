// Command citiesgen writes the table of world cities that package
// gazetteer embeds (data/geonames-cities.tsv) from two files of the
// GeoNames gazetteer (https://www.geonames.org, CC BY 4.0):
//
//   - citiesN.txt (cities15000.txt: every city of 15,000 people or more,
//     from https://download.geonames.org/export/dump/), tab-separated
//     with the columns GeoNames documents in its readme: id, name, ASCII
//     name, alternate names, latitude, longitude, feature class and code,
//     country code, …, population (column 15);
//   - countryInfo.txt, for the countries' names by ISO code.
//
// Each output row is a city's name, its ASCII spelling when that differs,
// its country's English name and its population. Alternate names are left
// out: they are mostly other languages' spellings, and many are ordinary
// English words.
//
// Usage, from extract/gazetteer:
//
//	go run ./internal/citiesgen -cities cities15000.txt -countries countryInfo.txt -out data
//
// The output is sorted, so the same files give the same bytes.
package main

import (
	"bufio"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func main() {
	cities := flag.String("cities", "cities15000.txt", "GeoNames cities `file` (cities15000.txt)")
	countries := flag.String("countries", "countryInfo.txt", "GeoNames countryInfo.txt `file`")
	out := flag.String("out", "data", "write geonames-cities.tsv into `directory`")
	flag.Parse()
	for _, f := range []string{*cities, *countries} {
		if _, err := os.Stat(f); errors.Is(err, fs.ErrNotExist) {
			// The GeoNames files are not in the shared data: without
			// them the committed table stands, and go generate goes on
			// to the package's other tables.
			fmt.Fprintf(os.Stderr, "citiesgen: %s not found; %s/geonames-cities.tsv kept as committed. To regenerate it, download https://download.geonames.org/export/dump/cities15000.zip (unzipped) and countryInfo.txt here (see %s/GEONAMES-SOURCES)\n", f, *out, *out)
			return
		}
	}
	if err := run(*cities, *countries, *out); err != nil {
		fmt.Fprintln(os.Stderr, "citiesgen:", err)
		os.Exit(1)
	}
}

// city is one output row.
type city struct {
	name, ascii, country string
	population           int64
}

func run(citiesPath, countriesPath, out string) error {
	names, err := readCountries(countriesPath)
	if err != nil {
		return err
	}
	cities, err := readCities(citiesPath, names)
	if err != nil {
		return err
	}
	slices.SortFunc(cities, func(a, b city) int {
		return cmp.Or(strings.Compare(a.name, b.name), cmp.Compare(b.population, a.population),
			strings.Compare(a.country, b.country), strings.Compare(a.ascii, b.ascii))
	})
	var b strings.Builder
	b.WriteString("# World cities of 15,000 people or more from the GeoNames gazetteer (cities15000.txt,\n")
	b.WriteString("# CC BY 4.0; see GEONAMES-SOURCES), made by internal/citiesgen.\n")
	b.WriteString("# Columns: name, ASCII name when it differs, country, population.\n")
	for _, c := range cities {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%d\n", c.name, c.ascii, c.country, c.population)
	}
	path := filepath.Join(out, "geonames-cities.tsv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "citiesgen: %d cities written to %s\n", len(cities), path)
	return nil
}

// readCountries maps ISO 3166 alpha-2 codes to English country names.
func readCountries(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names := map[string]string{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) < 5 || len(cols[0]) != 2 || cols[4] == "" {
			return nil, fmt.Errorf("%s:%d: want an ISO code in column 1 and a name in column 5", path, line)
		}
		names[cols[0]] = cols[4]
	}
	return names, sc.Err()
}

// readCities reads the populated places of a GeoNames cities file.
func readCities(path string, countries map[string]string) ([]city, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []city
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24) // alternate names run long
	for line := 1; sc.Scan(); line++ {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 15 {
			return nil, fmt.Errorf("%s:%d: want 19 tab-separated columns, got %d", path, line, len(cols))
		}
		if cols[6] != "P" {
			continue // not a populated place
		}
		country, ok := countries[cols[8]]
		if !ok {
			return nil, fmt.Errorf("%s:%d: unknown country code %q", path, line, cols[8])
		}
		pop, err := strconv.ParseInt(cols[14], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: population %q: %w", path, line, cols[14], err)
		}
		c := city{name: strings.TrimSpace(cols[1]), country: country, population: pop}
		if a := strings.TrimSpace(cols[2]); a != c.name {
			c.ascii = a
		}
		if c.name == "" || strings.ContainsAny(c.name, "\t\n") {
			continue
		}
		out = append(out, c)
	}
	return out, sc.Err()
}
