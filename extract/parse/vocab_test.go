package parse

import (
	"testing"

	"kg/extract/ud"
)

// TestAppendTokensMatchesKeys checks the allocation-free lookup against the
// strings that buildVocab counted: the same words give the same rows.
func TestAppendTokensMatchesKeys(t *testing.T) {
	forms := []string{"Ukraine", "ukraine", "Zelenskyy", "'s", "a", "an", "the", "2022", "$700",
		"Élysée", "Москва", "日本", "naïve", "U.S.", "3-0", "x", "ab", "abcd", "abcde", "\xff\xfe", ""}
	var train ud.Sentence
	for i := 0; i < 3; i++ { // thrice: above every vocabulary's count threshold
		for _, f := range forms {
			train.Tokens = append(train.Tokens, ud.Token{Form: f, UPOS: "X", XPOS: "X", Head: 0, Deprel: "root"})
		}
	}
	v := buildVocab([]*ud.Sentence{&train})
	test := &ud.Sentence{}
	for _, f := range append(forms, "Ukrainian", "Zelensky", "zzzz") {
		test.Tokens = append(test.Tokens, ud.Token{Form: f, UPOS: "X", XPOS: "Y"})
	}
	got := v.tokens(test)[1:]
	for i, tk := range test.Tokens {
		f := normalize(tk.Form)
		want := token{word: lookup(v.words, f), shape: lookup(v.shapes, shapeOf(tk.Form)), upos: lookup(v.upos, tk.UPOS), xpos: lookup(v.xpos, tk.XPOS)}
		for j, a := range affixKeys(f) {
			want.affix[j] = -1
			if id, ok := v.affixes[a]; ok && a != "" {
				want.affix[j] = id
			}
		}
		if got[i] != want {
			t.Errorf("token %q: %+v, want %+v", tk.Form, got[i], want)
		}
	}
}
