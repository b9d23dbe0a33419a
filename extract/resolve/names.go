package resolve

// kinNouns are the family relations whose "of" names another member of
// the family: "the son of Pierre L'Enfant".
var kinNouns = map[string]bool{
	"son": true, "daughter": true, "child": true, "father": true, "mother": true, "brother": true,
	"sister": true, "husband": true, "wife": true, "widow": true, "grandson": true, "granddaughter": true,
	"nephew": true, "niece": true, "uncle": true, "aunt": true, "grandfather": true, "grandmother": true,
}

// kinOf reports whether token j of sentence i names the relative in a
// kinship phrase: the "of" dependent of a family noun.
func (d *doc) kinOf(i, j int) bool {
	t := d.tok(i, j)
	h := t.Head - 1
	if h < 0 || t.Deprel != "nmod" || !kinNouns[lower(d.tok(i, h).Form)] {
		return false
	}
	for _, c := range d.children[i][j] {
		if ct := d.tok(i, c); ct.Deprel == "case" && lower(ct.Form) == "of" {
			return true
		}
	}
	return false
}
