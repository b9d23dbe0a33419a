package export

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppendDOTString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Maria Santos", `"Maria Santos"`},
		{"empty", "", `""`},
		{"double quote escaped", `say "hi"`, `"say \"hi\""`},
		{"backslash doubled", `C:\dir\`, `"C:\\dir\\"`},
		{"escaped quote input", `\"`, `"\\\""`},
		{"label escapes stay literal", `\n\N`, `"\\n\\N"`},
		{"ampersand as entity", "AT&T &amp;", `"AT&amp;T &amp;amp;"`},
		{"angle brackets kept", "<b>", `"<b>"`},
		{"newline", "a\nb", `"a\nb"`},
		{"crlf one newline", "a\r\nb", `"a\nb"`},
		{"lone cr", "a\rb", `"a\nb"`},
		{"tab to space", "a\tb", `"a b"`},
		{"control chars dropped", "a\x00\x01\x1b\x7fb", "\"a\x7fb\""},
		{"xml non-chars dropped", "a\ufffe\uffffb", `"ab"`},
		{"invalid utf8 replaced", "a\xffb", "\"a\ufffdb\""},
		{"emoji kept", "😀🇺🇦", `"😀🇺🇦"`},
		{"cyrillic arabic cjk kept", "Київ القاهرة 北京", `"Київ القاهرة 北京"`},
		{"braces and keywords kept", "node {x}", `"node {x}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(appendDOTString(nil, tt.in, 1000))
			if got != tt.want {
				t.Errorf("appendDOTString(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAppendDOTStringTruncates(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{"fits exactly", "abcde", 5, `"abcde"`},
		{"one over", "abcdef", 5, `"ab…"`},
		{"escape not split", `ab"cdef`, 7, `"ab\"…"`},
		{"entity not split", "ab&cdef", 7, `"ab…"`},
		{"multibyte not split", "ЖЖЖЖ", 7, `"ЖЖ…"`},
		{"multibyte not split, odd limit", "ЖЖЖЖ", 6, `"Ж…"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(appendDOTString(nil, tt.in, tt.limit))
			if got != tt.want {
				t.Errorf("appendDOTString(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
	// A 20 kB hostile string stays under the limit and valid.
	long := strings.Repeat(`Ж"&\😀`, 4000)
	got := appendDOTString(nil, long, dotMaxTooltip)
	if n := len(got) - 2; n > dotMaxTooltip || !utf8.Valid(got) || !strings.HasSuffix(string(got), `…"`) {
		t.Errorf("appendDOTString(20 kB) = %d content bytes, valid UTF-8 %v, suffix %q; want ≤ %d, valid, …\"",
			n, utf8.Valid(got), got[len(got)-5:], dotMaxTooltip)
	}
}

func TestAppendXML(t *testing.T) {
	tests := []struct {
		name, in, text, attr string
	}{
		{"plain", "Maria", "Maria", "Maria"},
		{"markup escaped", `<a href="x">&</a>`, `&lt;a href="x"&gt;&amp;&lt;/a&gt;`, `&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;`},
		{"cdata end", "]]>", "]]&gt;", "]]&gt;"},
		{"apostrophe kept", "it's", "it's", "it's"},
		{"backslash kept", `a\b\`, `a\b\`, `a\b\`},
		{"newline literal in text, reference in attr", "a\nb", "a\nb", "a&#10;b"},
		{"crlf normalised", "a\r\nb\rc", "a\nb\nc", "a&#10;b&#10;c"},
		{"tab", "a\tb", "a\tb", "a&#9;b"},
		{"controls dropped", "a\x00\x01\x0b\x0c\x1fb", "ab", "ab"},
		{"C1 and DEL kept", "a\x7f\u0080\u009fb", "a\x7f\u0080\u009fb", "a\x7f\u0080\u009fb"},
		{"XML 1.1 line ends as references", "a\u0085b\u2028c\u2029d", "a&#x85;b&#x2028;c\u2029d", "a&#x85;b&#x2028;c\u2029d"},
		{"non-chars dropped", "a\ufffe\uffffb", "ab", "ab"},
		{"invalid utf8 replaced", "a\xff\xc3b", "a\ufffd\ufffdb", "a\ufffd\ufffdb"},
		{"non-Latin and emoji kept", "Зеленський محمد 習近平 😀", "Зеленський محمد 習近平 😀", "Зеленський محمد 習近平 😀"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(appendXML(nil, tt.in, false)); got != tt.text {
				t.Errorf("appendXML(%q, text) = %q, want %q", tt.in, got, tt.text)
			}
			if got := string(appendXML(nil, tt.in, true)); got != tt.attr {
				t.Errorf("appendXML(%q, attr) = %q, want %q", tt.in, got, tt.attr)
			}
		})
	}
}

func TestCollapseSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a  b", "a b"},
		{"  a\n\tb \r\n", "a b"},
		{"a \x01 b", "a b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := collapseSpace(tt.in); got != tt.want {
			t.Errorf("collapseSpace(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Maria", `"Maria"`},
		{"quote and backslash", `a"b\c`, `"a\"b\\c"`},
		{"markup kept", "<a>&</a>", `"<a>&</a>"`},
		{"newline tab cr", "a\nb\tc\rd", `"a\nb\tc\rd"`},
		{"controls as unicode escapes", "\x00\x01\x1f", `"\u0000\u0001\u001f"`},
		{"DEL kept", "\x7f", "\"\x7f\""},
		{"line separators escaped", "a\u2028b\u2029c", `"a\u2028b\u2029c"`},
		{"invalid utf8 replaced", "a\xffb", "\"a\ufffdb\""},
		{"non-Latin and emoji kept", "Київ 北京 😀", `"Київ 北京 😀"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(appendJSONString(nil, tt.in)); got != tt.want {
				t.Errorf("appendJSONString(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestAppendCypherString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Maria", `'Maria'`},
		{"single quote", "O'Brien", `'O\'Brien'`},
		{"double quote kept", `say "hi"`, `'say "hi"'`},
		{"backslash", `a\b\`, `'a\\b\\'`},
		{"escape-like input", `\u0041\n`, `'\\u0041\\n'`},
		{"whitespace escapes", "a\nb\rc\td\be\ff", `'a\nb\rc\td\be\ff'`},
		{"controls as unicode escapes", "\x00\x1b\x7f", `'\u0000\u001B\u007F'`},
		{"invalid utf8 replaced", "a\xffb", "'a\ufffdb'"},
		{"non-Latin and emoji kept", "Київ محمد 北京 😀", `'Київ محمد 北京 😀'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(appendCypherString(nil, tt.in)); got != tt.want {
				t.Errorf("appendCypherString(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestCSVValue(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		element bool
		want    string
	}{
		{"plain", "Maria", false, "Maria"},
		{"quotes left to encoding/csv", `say "hi", ok`, false, `say "hi", ok`},
		{"line breaks to spaces", "a\nb\r\nc\rd", false, "a b c d"},
		{"controls dropped, tab kept", "a\x00\x01\tb", false, "a\tb"},
		{"invalid utf8 replaced", "a\xffb", false, "a\ufffdb"},
		{"semicolon kept in scalar", "a;b", false, "a;b"},
		{"semicolon replaced in array element", "a;b", true, "a,b"},
		{"non-Latin kept", "Київ 北京 😀", true, "Київ 北京 😀"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := csvValue(tt.in, tt.element); got != tt.want {
				t.Errorf("csvValue(%q, %v) = %q, want %q", tt.in, tt.element, got, tt.want)
			}
		})
	}
}

func TestNeo4jToken(t *testing.T) {
	tests := []struct{ in, want string }{
		{"PERSON", "PERSON"},
		{"", ""},
		{"weird class!", "weird_class_"},
		{"1st", "_1st"},
		{"Київ", "____"},
		{"a`b", "a_b"},
	}
	for _, tt := range tests {
		if got := neo4jToken(tt.in); got != tt.want {
			t.Errorf("neo4jToken(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := relType(""); got != "RELATED" {
		t.Errorf("relType(%q) = %q, want RELATED", "", got)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"abc", 0, "abc"},
		{"abc", 3, "abc"},
		{"abcdef", 5, "ab…"},
		{"ЖЖЖЖ", 6, "Ж…"},
		{"😀😀", 7, "😀…"},
		{"😀😀", 6, "…"},
		{"abcdef", 2, ""},
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.max); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}
