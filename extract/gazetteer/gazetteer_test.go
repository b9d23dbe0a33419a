package gazetteer

import "testing"

func TestTablesLoad(t *testing.T) {
	if _, err := load(); err != nil {
		t.Fatalf("loading embedded tables: %v", err)
	}
	if n := len(Places()); n < 400 {
		t.Errorf("len(Places()) = %d, want at least 400", n)
	}
}

func TestLookupPlaceAliases(t *testing.T) {
	tests := []struct {
		in, want, kind string
	}{
		{"United States", "United States", Country},
		{"U.S.", "United States", Country},
		{"US", "United States", Country},
		{"USA", "United States", Country},
		{"America", "United States", Country},
		{"the United States of America", "United States", Country},
		{"The United States", "United States", Country},
		{"United Kingdom", "United Kingdom", Country},
		{"U.K.", "United Kingdom", Country},
		{"UK", "United Kingdom", Country},
		{"Britain", "United Kingdom", Country},
		{"Great Britain", "United Kingdom", Country},
		{"Russian Federation", "Russia", Country},
		{"Russia's", "Russia", Country},
		{"Côte d'Ivoire", "Cote d'Ivoire", Country},
		{"Ivory Coast", "Cote d'Ivoire", Country},
		{"Kiev", "Kyiv", City},
		{"Kyiv", "Kyiv", City},
		{"Moscow", "Moscow", City},
		{"Texas", "Texas", State},
		{"Taiwan", "Taiwan", Country},
		{"Kosovo", "Kosovo", Country},
		{"Vatican", "Vatican City", Country},
		{"Crimea", "Crimea", Region},
		{"Europe", "Europe", Continent},
		{"Washington", "Washington", City},
		{"Cape Town", "Cape Town", City}, // a second seat of government, not an alias of Pretoria
		{"The Hague", "The Hague", City},
	}
	for _, tt := range tests {
		p, ok := LookupPlace(tt.in)
		if !ok || p.Name != tt.want || p.Kind != tt.kind {
			t.Errorf("LookupPlace(%q) = %q %q %v, want %q %q", tt.in, p.Name, p.Kind, ok, tt.want, tt.kind)
		}
	}
}

func TestLookupPlaceRejects(t *testing.T) {
	for _, in := range []string{"us", "who", "table", "", "the"} {
		if p, ok := LookupPlace(in); ok {
			t.Errorf("LookupPlace(%q) = %q, want no match", in, p.Name)
		}
	}
}

func TestCapitalsAndCountries(t *testing.T) {
	tests := []struct{ country, capital string }{
		{"Russia", "Moscow"},
		{"Ukraine", "Kyiv"},
		{"United States", "Washington"},
		{"France", "Paris"},
		{"Japan", "Tokyo"},
	}
	for _, tt := range tests {
		p, ok := LookupPlace(tt.country)
		if !ok || p.Capital != tt.capital {
			t.Errorf("LookupPlace(%q).Capital = %q, want %q", tt.country, p.Capital, tt.capital)
		}
		c, ok := LookupPlace(tt.capital)
		if !ok || c.Country != tt.country {
			t.Errorf("LookupPlace(%q).Country = %q, want %q", tt.capital, c.Country, tt.country)
		}
	}
}

func TestDemonym(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ukrainian", "Ukraine"},
		{"Ukrainians", "Ukraine"},
		{"Russians", "Russia"},
		{"American", "United States"},
		{"British", "United Kingdom"},
		{"French", "France"},
		{"Chinese", "China"},
		{"Dutch", "Netherlands"},
		{"Kenyans", "Kenya"},
		{"Scottish", "Scotland"},
	}
	for _, tt := range tests {
		if got, ok := Demonym(tt.in); !ok || got != tt.want {
			t.Errorf("Demonym(%q) = %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"Ukraine", "table", "Smith"} {
		if got, ok := Demonym(in); ok {
			t.Errorf("Demonym(%q) = %q, want no match", in, got)
		}
	}
}

func TestLookupOrg(t *testing.T) {
	tests := []struct{ in, want string }{
		{"UN", "United Nations"},
		{"U.N.", "United Nations"},
		{"the United Nations", "United Nations"},
		{"EU", "European Union"},
		{"NATO", "North Atlantic Treaty Organization"},
		{"IMF", "International Monetary Fund"},
		{"WHO", "World Health Organization"},
		{"WTO", "World Trade Organization"},
		{"OPEC", "Organization of the Petroleum Exporting Countries"},
		{"ECB", "European Central Bank"},
		{"World Bank", "World Bank"},
		{"G7", "Group of Seven"},
		{"G20", "Group of Twenty"},
		{"ASEAN", "Association of Southeast Asian Nations"},
		{"African Union", "African Union"},
		{"Red Cross", "International Committee of the Red Cross"},
	}
	for _, tt := range tests {
		if o, ok := LookupOrg(tt.in); !ok || o.Name != tt.want {
			t.Errorf("LookupOrg(%q) = %q, %v, want %q", tt.in, o.Name, ok, tt.want)
		}
	}
	for _, in := range []string{"who", "un", "apple pie"} {
		if o, ok := LookupOrg(in); ok {
			t.Errorf("LookupOrg(%q) = %q, want no match", in, o.Name)
		}
	}
}

func TestMetonym(t *testing.T) {
	tests := []struct{ in, want string }{
		{"the Kremlin", "Russia"},
		{"Kremlin", "Russia"},
		{"the White House", "United States"},
		{"Downing Street", "United Kingdom"},
		{"the Élysée", "France"},
		{"Beijing", "China"},
		{"Moscow", "Russia"},
		{"Washington", "United States"},
		{"Kiev", "Ukraine"},
	}
	for _, tt := range tests {
		if got, ok := Metonym(tt.in); !ok || got != tt.want {
			t.Errorf("Metonym(%q) = %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"Chicago", "Texas", "Ukraine"} {
		if got, ok := Metonym(in); ok {
			t.Errorf("Metonym(%q) = %q, want no match", in, got)
		}
	}
}

func TestIsGeoFeatureHead(t *testing.T) {
	for _, w := range []string{"Sea", "Ocean", "River", "Mountains", "Lake", "Gulf", "Strait", "Peninsula", "Desert", "Valley", "Island", "Islands", "Bay", "Canal"} {
		if !IsGeoFeatureHead(w) {
			t.Errorf("IsGeoFeatureHead(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"City", "Republic", "Kingdom", "Smith"} {
		if IsGeoFeatureHead(w) {
			t.Errorf("IsGeoFeatureHead(%q) = true, want false", w)
		}
	}
}

func TestIsTitle(t *testing.T) {
	for _, w := range []string{"President", "Secretary", "Chancellor", "Dr.", "Mr", "Minister"} {
		if !IsTitle(w) {
			t.Errorf("IsTitle(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"Marco", "Russia", "the"} {
		if IsTitle(w) {
			t.Errorf("IsTitle(%q) = true, want false", w)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"U.S.", "us"},
		{"the  United   States", "united states"},
		{"Guinea-Bissau", "guinea bissau"},
		{"Russia's", "russia"},
		{"Zürich", "zurich"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsGivenName(t *testing.T) {
	for _, w := range []string{"Olaf", "Maria", "Mark", "Yuri"} {
		if !IsGivenName(w) {
			t.Errorf("IsGivenName(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"mark", "Russia", "The", ""} {
		if IsGivenName(w) {
			t.Errorf("IsGivenName(%q) = true, want false", w)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		in, kind string
		more     bool
	}{
		{"United", "", true},
		{"United States", Country, true},
		{"NATO", "org", false},
		{"Ukrainian", "demonym", false},
		{"Paris", City, true}, // "Paris Saint-Germain" starts with it
		{"Lagos", City, false},
		{"table", "", false},
		{"us", "", true}, // "US Congress" starts with it
	}
	for _, tt := range tests {
		kind, more := Classify(tt.in)
		if kind != tt.kind || more != tt.more {
			t.Errorf("Classify(%q) = %q, %v, want %q, %v", tt.in, kind, more, tt.kind, tt.more)
		}
	}
}

func TestWordNetKinds(t *testing.T) {
	tests := []struct {
		name, kinds string
		more        bool
	}{
		{"Kursk", "city", false},
		{"Paris", "city,person", true},                  // Paris Commune, …
		{"Cape", "", true},                              // Cape of Good Hope, Cape Horn, …
		{"Cape of Good Hope", "country,location", true}, // … Province
		{"kursk", "", false},                            // case matters
		{"Nowhere Special", "", false},
	}
	for _, tt := range tests {
		kinds, more := WordNetKinds(tt.name)
		if kinds != tt.kinds || more != tt.more {
			t.Errorf("WordNetKinds(%q) = %q, %v; want %q, %v", tt.name, kinds, more, tt.kinds, tt.more)
		}
	}
}
