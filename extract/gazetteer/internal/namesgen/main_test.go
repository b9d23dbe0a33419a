package main

import (
	"reflect"
	"testing"
)

func TestCompanyNames(t *testing.T) {
	tests := []struct {
		raw  string
		want []string
	}{
		{"AMAZON COM INC", []string{"Amazon.com", "Amazon"}},
		{"PFIZER INC /DE/", []string{"Pfizer"}},
		{"NVIDIA CORP", []string{"Nvidia"}},
		{"Meta Platforms, Inc.", []string{"Meta Platforms"}},
		{"JPMORGAN CHASE & CO", []string{"Jpmorgan Chase"}},
		{"AT&T INC.", []string{"AT&T"}},
		{"BERKSHIRE HATHAWAY INC", []string{"Berkshire Hathaway"}},
		{"ISHARES TRUST", nil},
		{"Heineken Holding N V", []string{"Heineken"}},
		{"GAMESTOP CORP /NEW/", []string{"Gamestop"}},
	}
	for _, tt := range tests {
		if got := companyNames(tt.raw); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("companyNames(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Arsenal FC  # old name", "Arsenal FC"},
		{"Alianza Petrolera FC (1990-2024)", "Alianza Petrolera FC"},
		{"a;b", ""},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
