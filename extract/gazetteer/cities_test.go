package gazetteer

import "testing"

func TestCities(t *testing.T) {
	tests := []struct {
		name, country string
		in            bool
	}{
		{"Kitwe", "Zambia", true},
		{"Nairobi", "Kenya", true},
		{"A Coruna", "Spain", true}, // the ASCII spelling
		{"Reading", "United Kingdom", true},
		{"Reading", "US", true}, // a country as LookupPlace knows it
		{"Reading", "Kenya", false},
		{"Atlantis", "Greece", false},
	}
	for _, tt := range tests {
		if got := CityIn(tt.name, tt.country); got != tt.in {
			t.Errorf("CityIn(%q, %q) = %v, want %v", tt.name, tt.country, got, tt.in)
		}
	}
	cs := LookupCities("Springfield")
	if len(cs) < 5 {
		t.Fatalf("LookupCities(Springfield) = %d cities, want several", len(cs))
	}
	for i := 1; i < len(cs); i++ {
		if cs[i].Population > cs[i-1].Population {
			t.Errorf("LookupCities(Springfield): %v before %v, want the most populous first", cs[i-1], cs[i])
		}
	}
	if cs[0].Country != "United States" {
		t.Errorf("LookupCities(Springfield)[0].Country = %q, want the name LookupPlace gives", cs[0].Country)
	}
}
