package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"kg/extract"
	"kg/extract/ner"
	"kg/extract/ud"
)

// doc builds a document from sentences written one token per field as
// FORM/UPOS/HEAD/DEPREL[/NER], NER being B-TYPE or I-TYPE, and UPOS
// UPOS:XPOS where the Penn tag matters. The sentences
// go through CoNLL-U (ud.ReadAll), so they have the shape a parser's
// output has; the text joins tokens with spaces except around punctuation
// and clitics.
func buildDoc(t *testing.T, sentences ...string) (string, []*ud.Sentence, [][]ner.Span) {
	t.Helper()
	var conllu strings.Builder
	var nes [][]string
	for si, s := range sentences {
		fmt.Fprintf(&conllu, "# sent_id = %d\n", si+1)
		var ne []string
		fields := strings.Fields(s)
		for j, f := range fields {
			p := strings.Split(f, "/")
			if len(p) < 4 {
				t.Fatalf("bad token %q in %q", f, s)
			}
			xpos := map[string]string{"PROPN": "NNP", "NOUN": "NN", "PRON": "PRP", "VERB": "VBD", "ADJ": "JJ",
				"DET": "DT", "ADP": "IN", "PUNCT": ".", "PART": "POS", "AUX": "VBZ", "CCONJ": "CC", "ADV": "RB",
				"SCONJ": "IN", "NUM": "CD"}[p[1]]
			if u, x, ok := strings.Cut(p[1], ":"); ok { // "VERB:VBG" sets both tags
				p[1], xpos = u, x
			}
			misc := "_"
			if j+1 < len(fields) && noSpaceBefore(strings.Split(fields[j+1], "/")[0]) || noSpaceAfter(p[0]) {
				misc = "SpaceAfter=No"
			}
			fmt.Fprintf(&conllu, "%d\t%s\t%s\t%s\t%s\t_\t%s\t%s\t_\t%s\n", j+1, p[0], strings.ToLower(p[0]), p[1], xpos, p[2], p[3], misc)
			tag := "O"
			if len(p) > 4 {
				tag = p[4]
			}
			ne = append(ne, tag)
		}
		conllu.WriteString("\n")
		nes = append(nes, ne)
	}
	sents, err := ud.ReadAll(strings.NewReader(conllu.String()))
	if err != nil {
		t.Fatalf("reading test CoNLL-U: %v\n%s", err, conllu.String())
	}
	text := GoldDoc(sents)
	spans := make([][]ner.Span, len(sents))
	for i, ne := range nes {
		for j := 0; j < len(ne); j++ {
			if !strings.HasPrefix(ne[j], "B-") {
				continue
			}
			k := j + 1
			for k < len(ne) && ne[k] == "I-"+ne[j][2:] {
				k++
			}
			spans[i] = append(spans[i], ner.Span{Start: j, End: k, Type: ne[j][2:]})
		}
	}
	return text, sents, spans
}

func noSpaceBefore(f string) bool {
	switch f {
	case ",", ".", "'s", "’s", ")", "”", ":", ";", "?", "!", "'":
		return true
	}
	return false
}

func noSpaceAfter(f string) bool { return f == "(" || f == "“" }

// entityOf returns the entity that the mention with this surface text (the
// n-th such, from 0) refers to, or "" when it is unresolved.
func entityOf(r Result, text string, n int) string {
	for _, m := range r.Mentions {
		if m.Text == text {
			if n == 0 {
				return r.Entities[m.Entity].Name
			}
			n--
		}
	}
	return ""
}

func roleStrings(r Result) []string {
	var out []string
	for _, rel := range r.Roles {
		out = append(out, r.Entities[rel.Subject].Name+" | "+rel.Predicate+" | "+r.Entities[rel.Object].Name)
	}
	slices.Sort(out)
	return out
}

func entityNames(r Result) []string {
	var out []string
	for _, e := range r.Entities {
		out = append(out, e.Name+"/"+e.Type)
	}
	return out
}

// link is an expected resolution: the n-th mention with surface text
// Text refers to the entity named Want ("" = unresolved).
type link struct {
	text string
	n    int
	want string
}

var resolveTests = []struct {
	name      string
	sentences []string
	entities  []string // expected entity names/types, in order; nil to skip
	links     []link
	roles     []string // expected roles "subject | predicate | object"; nil to skip
}{
	{
		name: "title stripped from name and demonym title gives role",
		sentences: []string{
			"French/ADJ/2/amod/B-NORP President/PROPN/4/compound Emmanuel/PROPN/4/compound/B-PERSON Macron/PROPN/5/nsubj/I-PERSON met/VERB/0/root German/ADJ/7/amod/B-NORP Chancellor/PROPN/9/compound Olaf/PROPN/9/compound/B-PERSON Scholz/PROPN/5/obj/I-PERSON in/ADP/11/case Paris/PROPN/5/obl/B-GPE ./PUNCT/5/punct",
		},
		entities: []string{"France/GPE", "Emmanuel Macron/PERSON", "Germany/GPE", "Olaf Scholz/PERSON", "Paris/GPE"},
		links:    []link{{"French", 0, "France"}, {"German", 0, "Germany"}},
		roles:    []string{"Emmanuel Macron | president of | France", "Olaf Scholz | chancellor of | Germany"},
	},
	{
		name: "given name missed by the tagger between title and surname",
		sentences: []string{
			"Vice/ADJ/2/amod President/PROPN/4/compound JD/PROPN/4/compound Vance/PROPN/5/nsubj/B-PERSON spoke/VERB/0/root ./PUNCT/5/punct",
		},
		entities: []string{"JD Vance/PERSON"},
	},
	{
		name: "name the tagger missed after a title is recovered when named elsewhere",
		sentences: []string{
			"Spain/PROPN/3/nmod:poss/B-GPE 's/PART/1/case Foreign/PROPN/4/compound Minister/PROPN/6/compound Ana/PROPN/6/compound Ortiz/PROPN/7/nsubj resigned/VERB/0/root ./PUNCT/7/punct",
			"Ortiz/PROPN/2/nsubj/B-PERSON declined/VERB/0/root to/PART/4/mark comment/VERB/2/xcomp ./PUNCT/2/punct",
		},
		entities: []string{"Spain/GPE", "Ana Ortiz/PERSON"},
		roles:    []string{"Ana Ortiz | foreign minister of | Spain"},
	},
	{
		name: "known places and peoples the tagger missed are recovered from the gazetteer",
		sentences: []string{
			"Kenyan/ADJ/2/amod officials/NOUN/3/nsubj met/VERB/0/root in/ADP/5/case Nairobi/PROPN/3/obl with/ADP/8/case South/PROPN/8/compound Africa/PROPN/3/obl ./PUNCT/3/punct",
		},
		entities: []string{"Kenya/GPE", "Nairobi/GPE", "South Africa/GPE"},
		links:    []link{{"Kenyan", 0, "Kenya"}},
	},
	{
		name: "title inside the person span",
		sentences: []string{
			"U.S./PROPN/2/compound/B-PERSON Secretary/PROPN/5/compound/I-PERSON of/ADP/4/case/I-PERSON State/PROPN/2/nmod/I-PERSON Antony/PROPN/6/compound/I-PERSON Blinken/PROPN/7/nsubj/I-PERSON arrived/VERB/0/root ./PUNCT/7/punct",
		},
		entities: []string{"United States/GPE", "Antony Blinken/PERSON"},
		roles:    []string{"Antony Blinken | secretary of state of | United States"},
	},
	{
		name: "surname and first name join the full name",
		sentences: []string{
			"Antony/PROPN/2/compound/B-PERSON Blinken/PROPN/3/nsubj/I-PERSON arrived/VERB/0/root in/ADP/5/case Cairo/PROPN/3/obl/B-GPE ./PUNCT/3/punct",
			"Blinken/PROPN/2/nsubj/B-PERSON said/VERB/0/root talks/NOUN/5/nsubj would/AUX/5/aux continue/VERB/2/ccomp ./PUNCT/2/punct",
			"Antony/PROPN/2/nsubj/B-PERSON smiled/VERB/0/root ./PUNCT/2/punct",
		},
		entities: []string{"Antony Blinken/PERSON", "Cairo/GPE"},
		links:    []link{{"Blinken", 0, "Antony Blinken"}, {"Antony", 0, "Antony Blinken"}},
	},
	{
		name: "two people share a surname: the surname alone stays unresolved",
		sentences: []string{
			"John/PROPN/2/compound/B-PERSON Carter/PROPN/6/nsubj/I-PERSON and/CCONJ/5/cc Mary/PROPN/5/compound/B-PERSON Carter/PROPN/2/conj/I-PERSON arrived/VERB/0/root ./PUNCT/6/punct",
			"Carter/PROPN/2/nsubj/B-PERSON spoke/VERB/0/root ./PUNCT/2/punct",
		},
		entities: []string{"John Carter/PERSON", "Mary Carter/PERSON"},
		links:    []link{{"Carter", 0, ""}},
	},
	{
		name: "shared surname goes to the person named at least twice as often",
		sentences: []string{
			"Anna/PROPN/2/compound/B-PERSON Keller/PROPN/3/nsubj/I-PERSON won/VERB/0/root ./PUNCT/3/punct",
			"Her/PRON/2/nmod:poss brother/NOUN/5/nsubj Paul/PROPN/4/compound/B-PERSON Keller/PROPN/2/appos/I-PERSON cheered/VERB/0/root ./PUNCT/5/punct",
			"Anna/PROPN/2/compound/B-PERSON Keller/PROPN/3/nsubj/I-PERSON thanked/VERB/0/root fans/NOUN/3/obj ./PUNCT/3/punct",
			"Keller/PROPN/2/nsubj/B-PERSON left/VERB/0/root ./PUNCT/2/punct",
		},
		links: []link{{"Keller", 0, "Anna Keller"}},
	},
	{
		name: "acronym in parentheses and by initials; gazetteer short forms",
		sentences: []string{
			"The/DET/4/det Global/PROPN/4/compound/B-ORG Shipping/PROPN/4/compound/I-ORG Council/PROPN/8/nsubj/I-ORG (/PUNCT/6/punct GSC/PROPN/4/appos/B-ORG )/PUNCT/6/punct warned/VERB/0/root the/DET/11/det United/PROPN/11/compound/B-GPE States/PROPN/8/obj/I-GPE ./PUNCT/8/punct",
			"The/DET/2/det GSC/PROPN/3/nsubj/B-ORG said/VERB/0/root the/DET/5/det U.S./PROPN/6/nsubj/B-GPE agreed/VERB/3/ccomp ./PUNCT/3/punct",
			"The/DET/4/det Northern/PROPN/4/compound/B-ORG Farmers/PROPN/4/compound/I-ORG Union/PROPN/5/nsubj/I-ORG protested/VERB/0/root and/CCONJ/8/cc the/DET/8/det NFU/PROPN/5/conj/B-ORG ./PUNCT/5/punct",
			"The/DET/2/det Council/PROPN/3/nsubj/B-ORG agreed/VERB/0/root ./PUNCT/3/punct",
		},
		entities: []string{"Global Shipping Council/ORG", "United States/GPE", "Northern Farmers Union/ORG"},
		links:    []link{{"GSC", 0, "Global Shipping Council"}, {"GSC", 1, "Global Shipping Council"}, {"U.S.", 0, "United States"}, {"NFU", 0, "Northern Farmers Union"}, {"Council", 0, "Global Shipping Council"}},
	},
	{
		name: "possessive and the stripped",
		sentences: []string{
			"Boeing/PROPN/3/nmod:poss/B-ORG 's/PART/1/case shares/NOUN/4/nsubj fell/VERB/0/root ./PUNCT/4/punct",
			"Investors/NOUN/2/nsubj sold/VERB/0/root Boeing/PROPN/2/obj/B-ORG ./PUNCT/2/punct",
		},
		entities: []string{"Boeing/ORG"},
		links:    []link{{"Boeing", 0, "Boeing"}, {"Boeing", 1, "Boeing"}},
	},
	{
		name: "legal-form suffix joins the short company name",
		sentences: []string{
			"Airbus/PROPN/3/nsubj/B-ORG SE/PROPN/1/flat/I-ORG reported/VERB/0/root ./PUNCT/3/punct",
			"Airbus/PROPN/3/nmod:poss/B-ORG 's/PART/1/case profit/NOUN/4/nsubj rose/VERB/0/root ./PUNCT/4/punct",
		},
		entities: []string{"Airbus SE/ORG"},
		links:    []link{{"Airbus", 0, "Airbus SE"}},
	},
	{
		name: "pronouns by gender, salience and binding",
		sentences: []string{
			"Tom/PROPN/2/compound/B-PERSON Baker/PROPN/3/nsubj/I-PERSON met/VERB/0/root Jane/PROPN/5/compound/B-PERSON Ross/PROPN/3/obj/I-PERSON in/ADP/7/case Rome/PROPN/3/obl/B-GPE ./PUNCT/3/punct",
			"He/PRON/2/nsubj thanked/VERB/0/root her/PRON/2/obj ./PUNCT/2/punct",
			"Baker/PROPN/2/nsubj/B-PERSON praised/VERB/0/root him/PRON/2/obj ./PUNCT/2/punct",
		},
		links: []link{{"He", 0, "Tom Baker"}, {"her", 0, "Jane Ross"}, {"him", 0, ""}},
	},
	{
		name: "it to an organisation, expletive it unresolved",
		sentences: []string{
			"Siemens/PROPN/2/nsubj/B-ORG reported/VERB/0/root higher/ADJ/4/amod profits/NOUN/2/obj ./PUNCT/2/punct",
			"It/PRON/2/nsubj said/VERB/0/root its/PRON/4/nmod:poss orders/NOUN/5/nsubj rose/VERB/2/ccomp ./PUNCT/2/punct",
			"It/PRON/3/expl is/AUX/3/cop likely/ADJ/0/root that/SCONJ/6/mark prices/NOUN/6/nsubj rise/VERB/3/ccomp ./PUNCT/3/punct",
		},
		links: []link{{"It", 0, "Siemens"}, {"its", 0, "Siemens"}, {"It", 1, ""}},
	},
	{
		name: "a possessive inside an apposition does not refer to the apposition's head",
		sentences: []string{
			"Airbus/PROPN/2/nsubj/B-ORG raised/VERB/0/root output/NOUN/2/obj ./PUNCT/2/punct",
			"Boeing/PROPN/7/nsubj/B-ORG ,/PUNCT/5/punct its/PRON/5/nmod:poss American/ADJ/5/amod/B-NORP rival/NOUN/1/appos ,/PUNCT/5/punct struggled/VERB/0/root ./PUNCT/7/punct",
		},
		links: []link{{"its", 0, "Airbus"}, {"American", 0, "United States"}},
	},
	{
		name: "descriptions: company, demonym plus role noun, bank",
		sentences: []string{
			"Volkswagen/PROPN/3/compound/B-ORG chief/ADJ/3/amod executive/NOUN/5/compound Oliver/PROPN/5/compound/B-PERSON Blume/PROPN/6/nsubj/I-PERSON said/VERB/0/root ./PUNCT/6/punct",
			"The/DET/2/det company/NOUN/3/nsubj cut/VERB/0/root jobs/NOUN/3/obj ./PUNCT/3/punct",
			"Brazilian/ADJ/2/amod/B-NORP President/PROPN/3/compound Luiz/PROPN/6/nsubj/B-PERSON Inacio/PROPN/3/flat/I-PERSON Lula/PROPN/3/flat/I-PERSON arrived/VERB/0/root ./PUNCT/6/punct",
			"Deutsche/PROPN/2/compound/B-ORG Bank/PROPN/3/nsubj/I-ORG lent/VERB/0/root money/NOUN/3/obj ./PUNCT/3/punct",
			"The/DET/3/det Brazilian/ADJ/3/amod/B-NORP president/NOUN/4/nsubj thanked/VERB/0/root the/DET/6/det bank/NOUN/4/obj ./PUNCT/4/punct",
			"The/DET/2/det president/NOUN/3/nsubj left/VERB/0/root ./PUNCT/3/punct",
		},
		links: []link{{"The company", 0, "Volkswagen"}, {"The Brazilian president", 0, "Luiz Inacio Lula"}, {"the bank", 0, "Deutsche Bank"}, {"The president", 0, "Luiz Inacio Lula"}},
		roles: []string{"Luiz Inacio Lula | president of | Brazil", "Oliver Blume | chief executive of | Volkswagen"},
	},
	{
		name: "modifiers of an organisation description must be in its name",
		sentences: []string{
			"The/DET/4/det European/PROPN/4/compound/B-ORG Central/PROPN/4/compound/I-ORG Bank/PROPN/5/nsubj/I-ORG raised/VERB/0/root rates/NOUN/5/obj ./PUNCT/5/punct",
			"The/DET/3/det central/ADJ/3/amod bank/NOUN/4/nsubj met/VERB/0/root ./PUNCT/4/punct",
			"The/DET/3/det regional/ADJ/3/amod bank/NOUN/4/nsubj failed/VERB/0/root ./PUNCT/4/punct",
		},
		links: []link{{"The central bank", 0, "European Central Bank"}, {"The regional bank", 0, ""}},
	},
	{
		name: "description without a supporting role stays unresolved",
		sentences: []string{
			"Maria/PROPN/2/compound/B-PERSON Lopez/PROPN/3/nsubj/I-PERSON spoke/VERB/0/root ./PUNCT/3/punct",
			"The/DET/2/det minister/NOUN/3/nsubj left/VERB/0/root ./PUNCT/3/punct",
		},
		links: []link{{"The minister", 0, ""}},
	},
	{
		name: "roles from appositions on both sides and ambassador to",
		sentences: []string{
			"The/DET/2/det governor/NOUN/9/nsubj of/ADP/4/case California/PROPN/2/nmod/B-GPE ,/PUNCT/7/punct Gavin/PROPN/7/compound/B-PERSON Newsom/PROPN/2/appos/I-PERSON ,/PUNCT/7/punct spoke/VERB/0/root ./PUNCT/9/punct",
			"Ron/PROPN/2/compound/B-PERSON DeSantis/PROPN/7/nsubj/I-PERSON ,/PUNCT/5/punct the/DET/5/det governor/NOUN/2/appos of/ADP/6/case Florida/PROPN/5/nmod/B-GPE agreed/VERB/0/root ./PUNCT/7/punct",
			"Britain/PROPN/3/nmod:poss/B-GPE 's/PART/1/case ambassador/NOUN/11/nsubj to/ADP/7/case the/DET/7/det United/PROPN/7/compound/B-ORG Nations/PROPN/3/nmod/I-ORG ,/PUNCT/10/punct Barbara/PROPN/10/compound/B-PERSON Woodward/PROPN/3/appos/I-PERSON objected/VERB/0/root ./PUNCT/11/punct",
			"Siemens/PROPN/3/compound/B-ORG chief/ADJ/3/amod executive/NOUN/5/compound Roland/PROPN/5/compound/B-PERSON Busch/PROPN/6/nsubj/I-PERSON resigned/VERB/0/root ./PUNCT/6/punct",
			"Kaja/PROPN/2/compound/B-PERSON Kallas/PROPN/12/nsubj/I-PERSON ,/PUNCT/9/punct the/DET/5/det EU/PROPN/9/nmod:poss/B-ORG 's/PART/5/case foreign/ADJ/9/amod policy/NOUN/9/compound chief/NOUN/2/appos ,/PUNCT/9/punct warned/VERB/0/root ./PUNCT/11/punct",
			"Lisa/PROPN/2/compound/B-PERSON Cook/PROPN/9/nsubj/I-PERSON ,/PUNCT/7/punct Canada/PROPN/7/nmod:poss/B-GPE 's/PART/4/case embattled/ADJ/7/amod envoy/NOUN/2/appos ,/PUNCT/7/punct resigned/VERB/0/root ./PUNCT/9/punct",
		},
		roles: []string{
			"Barbara Woodward | ambassador of | United Kingdom",
			"Barbara Woodward | ambassador to | United Nations",
			"Gavin Newsom | governor of | California",
			"Kaja Kallas | foreign policy chief of | European Union",
			"Lisa Cook | envoy of | Canada",
			"Roland Busch | chief executive of | Siemens",
			"Ron DeSantis | governor of | Florida",
		},
	},
	{
		name: "roles from a relative clause, a predicate noun with from, and a split hyphenated title",
		sentences: []string{
			"Greg/PROPN/10/nsubj/B-PERSON Abbott/PROPN/1/flat/I-PERSON ,/PUNCT/6/punct who/PRON/6/nsubj is/AUX/6/cop governor/NOUN/1/appos of/ADP/8/case Texas/PROPN/6/nmod/B-GPE ,/PUNCT/1/punct spoke/VERB/0/root ./PUNCT/10/punct",
			"Lindsey/PROPN/5/nsubj/B-PERSON Graham/PROPN/1/flat/I-PERSON is/AUX/5/cop the/DET/5/det senator/NOUN/0/root from/ADP/8/case South/PROPN/8/compound/B-GPE Carolina/PROPN/5/nmod/I-GPE ./PUNCT/5/punct",
			"NATO/PROPN/4/compound/B-ORG Secretary/PROPN/4/compound -/PUNCT/4/punct General/PROPN/5/compound Mark/PROPN/7/nsubj/B-PERSON Rutte/PROPN/5/flat/I-PERSON spoke/VERB/0/root ./PUNCT/7/punct",
		},
		roles: []string{
			"Greg Abbott | governor of | Texas",
			"Lindsey Graham | senator of | South Carolina",
			"Mark Rutte | secretary-general of | North Atlantic Treaty Organization",
		},
	},
	{
		name: "relative whose is the noun its clause modifies, with the clause in the tree or not",
		sentences: []string{
			"Boeing/PROPN/10/nsubj/B-ORG ,/PUNCT/7/punct whose/PRON/7/nmod:poss chief/ADJ/5/amod executive/NOUN/7/compound Kelly/PROPN/7/compound/B-PERSON Ortberg/PROPN/1/acl:relcl/I-PERSON ,/PUNCT/7/punct has/AUX/10/aux lost/VERB/0/root money/NOUN/10/obj ./PUNCT/10/punct",
			"Airbus/PROPN/9/advcl/B-ORG ,/PUNCT/1/punct whose/PRON/6/nmod:poss chief/ADJ/5/amod executive/NOUN/6/amod Guillaume/PROPN/9/nsubj/B-PERSON Faury/PROPN/6/flat/I-PERSON has/AUX/9/aux spoken/VERB/0/root ./PUNCT/9/punct",
		},
		links: []link{{"whose", 0, "Boeing"}, {"whose", 1, "Airbus"}},
		roles: []string{"Guillaume Faury | chief executive of | Airbus", "Kelly Ortberg | chief executive of | Boeing"},
	},
	{
		name: "a description's kind noun sticks to its entity; a lender is a bank",
		sentences: []string{
			"Tesla/PROPN/2/nsubj/B-ORG grew/VERB/0/root ./PUNCT/2/punct",
			"Prices/NOUN/2/nsubj/ rose/VERB/0/root ,/PUNCT/2/punct said/VERB/2/parataxis the/DET/7/det news/NOUN/7/compound agency/NOUN/4/nsubj Xinhua/PROPN/7/appos/B-ORG ./PUNCT/2/punct",
			"The/DET/2/det company/NOUN/3/nsubj rose/VERB/0/root ./PUNCT/3/punct",
			"The/DET/3/det World/PROPN/3/compound/B-ORG Bank/PROPN/4/nsubj/I-ORG lent/VERB/0/root ./PUNCT/4/punct",
			"Xinhua/PROPN/2/nsubj/B-ORG praised/VERB/0/root the/DET/4/det lender/NOUN/2/obj ./PUNCT/2/punct",
		},
		links: []link{{"the news agency", 0, "Xinhua"}, {"The company", 0, "Tesla"}, {"the lender", 0, "World Bank"}},
	},
	{
		name: "a role past an honorific; the group an armed group and the agency a government body the gazetteer knows; the administration none",
		sentences: []string{
			"Qatar/PROPN/4/nmod:poss/B-GPE 's/PART/1/case prime/ADJ/4/amod minister/NOUN/10/nsubj ,/PUNCT/7/punct Sheikh/PROPN/7/nmod:desc Tamim/PROPN/4/conj/B-PERSON Al/PROPN/7/flat/I-PERSON Thani/PROPN/7/flat/I-PERSON spoke/VERB/0/root ./PUNCT/10/punct",
			"Hamas/PROPN/2/nsubj/B-ORG spoke/VERB/0/root ./PUNCT/2/punct",
			"The/DET/2/det group/NOUN/4/nmod:poss 's/PART/2/case spokesman/NOUN/8/nsubj ,/PUNCT/6/punct Hazem/PROPN/4/appos/B-PERSON Qassem/PROPN/6/flat/I-PERSON agreed/VERB/0/root ./PUNCT/8/punct",
			"NASA/PROPN/2/nsubj/B-ORG spoke/VERB/0/root ./PUNCT/2/punct",
			"The/DET/2/det agency/NOUN/3/nsubj agreed/VERB/0/root ./PUNCT/3/punct",
			"The/DET/2/det administration/NOUN/3/nsubj agreed/VERB/0/root ./PUNCT/3/punct",
		},
		links: []link{{"The group", 0, "Hamas"}, {"The agency", 0, "National Aeronautics and Space Administration"}, {"The administration", 0, ""}},
		roles: []string{"Hazem Qassem | spokesperson of | Hamas", "Tamim Al Thani | prime minister of | Qatar"},
	},
	{
		name: "a capitalised participle opening a title is no verb",
		sentences: []string{
			"IMF/PROPN/2/nsubj/B-ORG Managing/VERB:VBG/0/root Director/PROPN/4/compound Kristalina/PROPN/2/obj/B-PERSON Georgieva/PROPN/4/flat/I-PERSON spoke/VERB/2/conj ./PUNCT/2/punct",
		},
		roles: []string{"Kristalina Georgieva | managing director of | International Monetary Fund"},
	},
	{
		name: "a word inside a full name, and the surnames alone, are that person",
		sentences: []string{
			"Luiz/PROPN/6/nsubj/B-PERSON Inacio/PROPN/1/flat/I-PERSON Lula/PROPN/1/flat/I-PERSON da/PROPN/1/flat/I-PERSON Silva/PROPN/1/flat/I-PERSON named/VERB/0/root Roberto/PROPN/6/obj/B-PERSON Campos/PROPN/7/flat/I-PERSON Neto/PROPN/7/flat/I-PERSON ./PUNCT/6/punct",
			"Lula/PROPN/2/nsubj/B-PERSON praised/VERB/0/root Campos/PROPN/2/obj/B-PERSON Neto/PROPN/3/flat/I-PERSON ./PUNCT/2/punct",
			"Da/PROPN/2/nsubj/B-PERSON spoke/VERB/0/root ./PUNCT/2/punct",
		},
		links: []link{{"Lula", 0, "Luiz Inacio Lula da Silva"}, {"Campos Neto", 0, "Roberto Campos Neto"}, {"Da", 0, "Da"}},
	},
	{
		name: "a company is no government body, and a Taiwanese firm is one named after Taiwan",
		sentences: []string{
			"Nvidia/PROPN/2/nsubj/B-ORG fell/VERB/0/root ./PUNCT/2/punct",
			"The/DET/3/det European/PROPN/3/compound/B-ORG Commission/PROPN/4/nsubj/I-ORG investigated/VERB/0/root Microsoft/PROPN/4/obj/B-ORG ./PUNCT/4/punct",
			"The/DET/2/det company/NOUN/3/nsubj denied/VERB/0/root it/PRON/3/obj ./PUNCT/3/punct",
			"Microsoft/PROPN/2/nsubj/B-ORG met/VERB/0/root the/DET/4/det commission/NOUN/2/obj ./PUNCT/2/punct",
			"Taiwan/PROPN/2/compound/B-ORG Cement/PROPN/3/nsubj/I-ORG grew/VERB/0/root ./PUNCT/3/punct",
			"The/DET/3/det Taiwanese/ADJ/3/amod/B-NORP firm/NOUN/4/nsubj gained/VERB/0/root ./PUNCT/4/punct",
			"Nvidia/PROPN/2/nsubj/B-ORG fell/VERB/0/root ./PUNCT/2/punct",
			"The/DET/3/det Korean/ADJ/3/amod/B-NORP firm/NOUN/4/nsubj gained/VERB/0/root ./PUNCT/4/punct",
		},
		links: []link{{"The company", 0, "Microsoft"}, {"the commission", 0, "European Commission"}, {"The Taiwanese firm", 0, "Taiwan Cement"}, {"The Korean firm", 0, ""}},
	},
	{
		name: "metonym keeps its own entity and gets a seat-of-government role; demonym adjective",
		sentences: []string{
			"The/DET/2/det Kremlin/PROPN/3/nsubj/B-ORG said/VERB/0/root Russian/ADJ/5/amod/B-NORP troops/NOUN/6/nsubj withdrew/VERB/3/ccomp ./PUNCT/3/punct",
			"European/PROPN/4/amod/B-GPE and/CCONJ/3/cc Polish/ADJ/1/conj/B-NORP officials/NOUN/5/nsubj met/VERB/0/root ./PUNCT/5/punct",
		},
		entities: []string{"Kremlin/ORG", "Russia/GPE", "Europe/LOC", "Poland/GPE"},
		links:    []link{{"Kremlin", 0, "Kremlin"}, {"Russian", 0, "Russia"}, {"European", 0, "Europe"}, {"Polish", 0, "Poland"}},
		roles:    []string{"Kremlin | seat of government of | Russia"},
	},
	{
		name: "first person in a quotation is the speaker",
		sentences: []string{
			"“/PUNCT/4/punct I/PRON/4/nsubj will/AUX/4/aux stay/VERB/9/ccomp ,/PUNCT/4/punct ”/PUNCT/4/punct Anna/PROPN/8/compound/B-PERSON Weber/PROPN/9/nsubj/I-PERSON said/VERB/0/root ./PUNCT/9/punct",
			"“/PUNCT/3/punct We/PRON/3/nsubj agree/VERB/0/root ,/PUNCT/3/punct ”/PUNCT/3/punct she/PRON/7/nsubj added/VERB/3/parataxis ./PUNCT/3/punct",
		},
		links: []link{{"I", 0, "Anna Weber"}, {"she", 0, "Anna Weber"}, {"We", 0, ""}},
	},
	{
		name: "we in a quotation is the speaker's organisation",
		sentences: []string{
			"“/PUNCT/4/punct We/PRON/4/nsubj will/AUX/4/aux cut/VERB/13/ccomp jobs/NOUN/4/obj ,/PUNCT/4/punct ”/PUNCT/4/punct Siemens/PROPN/10/compound/B-ORG chief/ADJ/10/amod executive/NOUN/12/compound Roland/PROPN/12/compound/B-PERSON Busch/PROPN/13/nsubj/I-PERSON said/VERB/0/root ./PUNCT/13/punct",
			"“/PUNCT/3/punct Demand/NOUN/3/nsubj fell/VERB/0/root ./PUNCT/3/punct",
			"I/PRON/2/nsubj regret/VERB/0/root our/PRON/4/nmod:poss decision/NOUN/2/obj ,/PUNCT/2/punct ”/PUNCT/2/punct he/PRON/8/nsubj said/VERB/2/parataxis ./PUNCT/2/punct",
		},
		links: []link{{"We", 0, "Siemens"}, {"our", 0, "Siemens"}, {"I", 0, "Roland Busch"}},
		roles: []string{"Roland Busch | chief executive of | Siemens"},
	},
}

func TestDocument(t *testing.T) {
	for _, tc := range resolveTests {
		t.Run(tc.name, func(t *testing.T) {
			text, sents, spans := buildDoc(t, tc.sentences...)
			r := Document(text, sents, spans)
			if tc.entities != nil {
				if got := entityNames(r); !slices.Equal(got, tc.entities) {
					t.Errorf("text %q\nentities = %q\nwant       %q", text, got, tc.entities)
				}
			}
			for _, l := range tc.links {
				if got := entityOf(r, l.text, l.n); got != l.want {
					t.Errorf("text %q\nmention %q #%d -> %q, want %q", text, l.text, l.n, got, l.want)
				}
			}
			if tc.roles != nil {
				if got := roleStrings(r); !slices.Equal(got, tc.roles) {
					t.Errorf("text %q\nroles = %q\nwant    %q", text, got, tc.roles)
				}
			}
			checkInvariants(t, text, r)
		})
	}
}

// checkInvariants checks what every Result promises: mention offsets and
// texts agree with the text, Tokens agree with Mentions, aliases are
// sorted and hold the name, roles carry their class and evidence.
func checkInvariants(t *testing.T, text string, r Result) {
	t.Helper()
	for _, m := range r.Mentions {
		if m.Start < 0 || m.End > len(text) || text[m.Start:m.End] != m.Text {
			t.Errorf("mention %+v: text[%d:%d] does not match", m, m.Start, m.End)
		}
		if m.Entity < 0 || m.Entity >= len(r.Entities) {
			t.Errorf("mention %+v: entity out of range", m)
		}
	}
	for _, e := range r.Entities {
		if !slices.IsSorted(e.Aliases) || !slices.Contains(e.Aliases, e.Name) {
			t.Errorf("entity %+v: aliases not sorted or missing the name", e)
		}
	}
	for _, rel := range r.Roles {
		if rel.Class != "ROLE" || rel.Attributed != -1 || rel.Start >= rel.End || rel.End > len(text) {
			t.Errorf("role %+v: bad class, attribution or span", rel)
		}
	}
	var _ extract.Relation
}

// TestDocumentArbitrarySpans feeds overlapping, empty and out-of-range
// spans of every type and sentences without trees: Document must neither
// panic nor break its invariants.
func TestDocumentArbitrarySpans(t *testing.T) {
	doc := []string{
		"“/PUNCT/4/punct I/PRON/4/nsubj will/AUX/4/aux stay/VERB/9/ccomp ,/PUNCT/4/punct ”/PUNCT/4/punct Anna/PROPN/8/compound Weber/PROPN/9/nsubj said/VERB/0/root ./PUNCT/9/punct",
		"The/DET/2/det company/NOUN/3/nsubj cut/VERB/0/root its/PRON/5/nmod:poss jobs/NOUN/3/obj ./PUNCT/3/punct",
		"President/PROPN/2/compound Smith/PROPN/3/nsubj said/VERB/0/root he/PRON/5/nsubj left/VERB/3/ccomp ./PUNCT/3/punct",
	}
	types := []string{"PERSON", "ORG", "GPE", "LOC", "NORP", ""}
	seed := uint32(1)
	next := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	for round := 0; round < 300; round++ {
		text, sents, _ := buildDoc(t, doc...)
		spans := make([][]ner.Span, len(sents))
		for i, s := range sents {
			if round%2 == 0 {
				// Half the rounds without trees.
				for j := range s.Tokens {
					s.Tokens[j].Head, s.Tokens[j].Deprel = -1, ""
				}
			}
			for k := next(4); k > 0; k-- {
				a := next(len(s.Tokens)+2) - 1
				b := a + next(4) - 1
				spans[i] = append(spans[i], ner.Span{Start: a, End: b, Type: types[next(len(types))]})
			}
		}
		r := Document(text, sents, spans)
		checkInvariants(t, text, r)
		if len(r.Tokens) != len(sents) {
			t.Fatalf("round %d: %d token rows for %d sentences", round, len(r.Tokens), len(sents))
		}
		for i, row := range r.Tokens {
			for j, e := range row {
				if e < -1 || e >= len(r.Entities) {
					t.Fatalf("round %d: Tokens[%d][%d] = %d out of range", round, i, j, e)
				}
			}
		}
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		text string
		want []int
	}{
		{"One. Two.", []int{0, 0}},
		{"One.\nTwo.", []int{0, 0}},
		{"One.\n\nTwo.", []int{0, 1}},
		{"One.\r\n\r\nTwo.\r\nThree.", []int{0, 1, 1}},
	}
	for _, tt := range tests {
		var sents []*ud.Sentence
		for start := 0; start < len(tt.text); {
			end := start + strings.IndexByte(tt.text[start:], '.') + 1
			sents = append(sents, &ud.Sentence{Start: start, End: end})
			start = end
			for start < len(tt.text) && (tt.text[start] == ' ' || tt.text[start] == '\n' || tt.text[start] == '\r') {
				start++
			}
		}
		if got := paragraphs(tt.text, sents); !slices.Equal(got, tt.want) {
			t.Errorf("paragraphs(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
