package gazetteer

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

//go:generate go run ./internal/citiesgen -cities cities15000.txt -countries countryInfo.txt -out data

// WorldCity is a city of the GeoNames table (data/geonames-cities.tsv).
type WorldCity struct {
	Name       string
	Country    string // the country's name as LookupPlace knows it, or GeoNames' name
	Population int64
}

type cityTable struct {
	byName map[string][]WorldCity // normalised name or ASCII name → cities, most populous first
}

var loadCities = sync.OnceValues(parseCities)

// LookupCities returns the cities of the world with 15,000 people or more
// whose name or ASCII spelling is name, matched as Normalize matches, the
// most populous first. Many city names are ordinary words or people's
// names ("Reading", "Mobile", "Florence", "Jackson"), so a match is
// evidence to weigh with the text around it ("Kitwe, Zambia"), not a
// verdict; LookupPlace holds the places whose names are safe alone.
func LookupCities(name string) []WorldCity {
	t, err := loadCities()
	if err != nil {
		panic(err) // embedded data, checked by the tests
	}
	return t.byName[Normalize(name)]
}

// CityIn reports whether name is a city of the given country (a name
// LookupPlace knows, such as "Zambia" or "United States").
func CityIn(name, country string) bool {
	want := country
	if p, ok := LookupPlace(country); ok {
		want = p.Name
	}
	for _, c := range LookupCities(name) {
		if c.Country == want {
			return true
		}
	}
	return false
}

func parseCities() (*cityTable, error) {
	const file = "data/geonames-cities.tsv"
	b, err := dataFS.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	t := &cityTable{byName: map[string][]WorldCity{}}
	country := map[string]string{} // GeoNames' country name → LookupPlace's
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 4 || cols[0] == "" || cols[2] == "" {
			return nil, fmt.Errorf("gazetteer: %s:%d: want 4 tab-separated columns: name, ASCII name, country, population", file, line)
		}
		pop, err := strconv.ParseInt(cols[3], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %s:%d: population: %w", file, line, err)
		}
		cn, ok := country[cols[2]]
		if !ok {
			cn = cols[2]
			if p, ok := LookupPlace(cols[2]); ok && p.Kind == Country {
				cn = p.Name
			}
			country[cols[2]] = cn
		}
		c := WorldCity{Name: cols[0], Country: cn, Population: pop}
		keys := []string{Normalize(cols[0])}
		if cols[1] != "" {
			if k := Normalize(cols[1]); k != keys[0] {
				keys = append(keys, k)
			}
		}
		for _, k := range keys {
			t.byName[k] = append(t.byName[k], c)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: %s: %w", file, err)
	}
	// The table is sorted by name and population, but an ASCII spelling
	// can join another name's list: most populous first again.
	for _, cs := range t.byName {
		for i := 1; i < len(cs); i++ {
			for j := i; j > 0 && cs[j].Population > cs[j-1].Population; j-- {
				cs[j], cs[j-1] = cs[j-1], cs[j]
			}
		}
	}
	return t, nil
}
