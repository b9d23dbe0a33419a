package wordform

import "testing"

func TestAppendNormal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Ukraine", "ukraine"},
		{"$700", "$000"},
		{"2022-02-24", "0000-00-00"},
		{"ÉCOLE", "école"},
		{"Zelenskyy's", "zelenskyy's"},
		{"٣", "٣"}, // only ASCII digits fold
	}
	for _, tt := range tests {
		if got := string(AppendNormal(nil, tt.in)); got != tt.want {
			t.Errorf("AppendNormal(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAppendShape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"McCain", "XxXx"},
		{"U.S.", "X.X."},
		{"3-0", "d-d"},
		{"iPhone15", "xXxd"},
		{"Ölpreis", "Xx"},
		{"日本", "~"},
		{"--", "-"},
	}
	for _, tt := range tests {
		if got := string(AppendShape(nil, tt.in)); got != tt.want {
			t.Errorf("AppendShape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := string(AppendShape([]byte("pre:"), "Ab")); got != "pre:Xx" {
		t.Errorf("AppendShape appends: got %q", got)
	}
}

func TestAppendShapeAs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"McCain", "XxXx"},
		{"日本", "x"},       // caseless letters take the caller's class
		{"Tōkyō日本", "Xx"}, // and join a run of lower-case ones
		{"3€", "d*"},      // other non-ASCII characters too
		{"€日", "*x"},
	}
	for _, tt := range tests {
		if got := string(AppendShapeAs(nil, tt.in, 'x', '*')); got != tt.want {
			t.Errorf("AppendShapeAs(%q, 'x', '*') = %q, want %q", tt.in, got, tt.want)
		}
	}
}
