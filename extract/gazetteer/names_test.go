package gazetteer

import "testing"

func TestListedName(t *testing.T) {
	tests := []struct {
		name, kind string
		more       bool
	}{
		{"Real Madrid", Club, true}, // "Real Madrid Castilla" is longer
		{"FC Basel", Club, true},
		{"Arsenal", Club, true},
		{"Pfizer", Company, false},
		{"Amazon.com", Company, false},
		{"Amazon", Company, false},
		{"Exxon Mobil", Company, false},
		{"Exxon", "", true},
		{"Real", "", true},
		{"Basel", "", true}, // FC Basel's home town is not an alias
		{"Quibblefrotz", "", false},
	}
	for _, tt := range tests {
		kind, more := ListedName(tt.name)
		if kind != tt.kind || more != tt.more {
			t.Errorf("ListedName(%q) = %q, %v, want %q, %v", tt.name, kind, more, tt.kind, tt.more)
		}
	}
}

func TestListedNamesParse(t *testing.T) {
	l, err := parseListed()
	if err != nil {
		t.Fatal(err)
	}
	var clubs, companies int
	for _, k := range l.kind {
		switch k {
		case Club:
			clubs++
		case Company:
			companies++
		}
	}
	// About 3,500 clubs with their aliases and 6,800 companies.
	if clubs < 5000 || companies < 6000 {
		t.Errorf("parsed %d club and %d company names, want at least 5000 and 6000", clubs, companies)
	}
}
