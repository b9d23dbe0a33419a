package resolve

// A surname alone usually stands for someone the reader knows ("Obama
// said"), and the store may join it to the one person of that surname
// named in full elsewhere in the graph. A bare name that the document
// introduces with an indefinite description ("Smith, a spokesman for the
// army, said"; "a local farmer, Okafor, said") is someone the reader is
// meeting for the first time: no other document's namesake.

// introducedAlone reports whether entity ei is a person the document
// names by one word only and introduces, at its first name, with an
// indefinite apposition.
func (d *doc) introducedAlone(ei int) bool {
	e := d.ents[ei]
	if e.typ != "PERSON" || len(nameParts(e.name)) != 1 {
		return false
	}
	var first *mention
	for _, m := range d.ments {
		if m.ent != ei || m.kind != kindName {
			continue
		}
		if len(nameParts(m.surface)) != 1 {
			return false // named in full somewhere after all
		}
		if first == nil || m.sent < first.sent || m.sent == first.sent && m.start < first.start {
			first = m
		}
	}
	if first == nil || first.head < 0 {
		return false
	}
	i, h := first.sent, first.head
	for _, c := range d.children[i][h] {
		if d.tok(i, c).Deprel == "appos" && d.indefinite(i, c) {
			return true // "Smith, a spokesman for the army"
		}
	}
	if t := d.tok(i, h); t.Deprel == "appos" && t.Head > 0 && t.Head-1 < h {
		// "a spokesman for the army, Smith": the apposition may hang on
		// the last noun of the description, "army".
		for p := t.Head - 1; p >= 0; p = d.tok(i, p).Head - 1 {
			if d.indefinite(i, p) {
				return true
			}
			if d.tok(i, p).Deprel != "nmod" {
				break
			}
		}
	}
	return false
}

// indefinite reports whether token j of sentence i heads a noun phrase
// with an indefinite article.
func (d *doc) indefinite(i, j int) bool {
	for _, c := range d.children[i][j] {
		if t := d.tok(i, c); t.Deprel == "det" && (lower(t.Form) == "a" || lower(t.Form) == "an") {
			return true
		}
	}
	return false
}
