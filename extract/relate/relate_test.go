package relate

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"kg/extract"
	"kg/extract/ud"
)

// build turns a compact tree, one word per line as
// "form lemma UPOS XPOS head deprel [entity]", into a parsed sentence with
// byte offsets into the words joined by spaces, and the token → entity map.
// The entity column is an entity index or absent for none. A form written
// "+form" follows the word before it without a space ("director +- +general").
func build(t *testing.T, spec string) (string, *ud.Sentence, []int) {
	t.Helper()
	var b strings.Builder
	var ents []int
	var words []string
	var glued []bool // glued[i]: word i follows word i-1 without a space
	for _, line := range strings.Split(strings.TrimSpace(spec), "\n") {
		f := strings.Fields(line)
		if len(f) < 6 {
			t.Fatalf("bad spec line %q", line)
		}
		g := len(f[0]) > 1 && f[0][0] == '+'
		if g {
			f[0] = f[0][1:]
		}
		glued = append(glued, g)
		e := -1
		if len(f) > 6 {
			n, err := strconv.Atoi(f[6])
			if err != nil {
				t.Fatalf("bad entity in %q", line)
			}
			e = n
		}
		ents = append(ents, e)
		words = append(words, f[0])
		feats := "_"
		if f[3] == "WDT" || f[3] == "WP" {
			feats = "PronType=Rel"
		}
		fmt.Fprintf(&b, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t_\t_\n", len(words), f[0], f[1], f[2], f[3], feats, f[4], f[5])
	}
	var tb strings.Builder
	for i, w := range words {
		if i > 0 && !glued[i] {
			tb.WriteByte(' ')
		}
		tb.WriteString(w)
	}
	text := tb.String()
	sents, err := ud.ReadAll(strings.NewReader("# text = " + text + "\n" + b.String() + "\n"))
	if err != nil || len(sents) != 1 {
		t.Fatalf("reading spec: %v (%d sentences)", err, len(sents))
	}
	s := sents[0]
	off := 0
	for i := range s.Tokens {
		if i > 0 && !glued[i] {
			off++
		}
		s.Tokens[i].Start = off
		s.Tokens[i].End = off + len(s.Tokens[i].Form)
		off = s.Tokens[i].End
	}
	s.Start, s.End = 0, len(text)
	return text, s, ents
}

// rel is a relation written for comparison: subject, predicate, object
// names with class and modality flags.
func show(r extract.Relation, names []string) string {
	var flags []string
	if r.Negated {
		flags = append(flags, "neg")
	}
	if r.Hedged {
		flags = append(flags, "hedged")
	}
	if r.Possessed {
		flags = append(flags, "poss")
	}
	if r.Attributed >= 0 {
		flags = append(flags, "by "+names[r.Attributed])
	}
	return fmt.Sprintf("%s|%s|%s|%s|%s", names[r.Subject], r.Predicate, names[r.Object], r.Class, strings.Join(flags, ","))
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name string
		ents []string
		spec string
		want []string
	}{
		{"active verb with coordinated objects", []string{"Germany", "Iran", "Syria"}, `
Germany Germany PROPN NNP 2 nsubj 0
sanctioned sanction VERB VBD 0 root
Iran Iran PROPN NNP 2 obj 1
and and CCONJ CC 5 cc
Syria Syria PROPN NNP 3 conj 2
. . PUNCT . 2 punct`,
			[]string{"Germany|sanctioned|Iran|SANCTION|", "Germany|sanctioned|Syria|SANCTION|"}},

		{"a result with a score is no assault", []string{"Benfica", "Porto"}, `
Benfica Benfica PROPN NNP 2 nsubj 0
beat beat VERB VBD 0 root
Porto Porto PROPN NNP 4 compound 1
3 3 NUM CD 2 obj -1
- - SYM HYPH 6 case -1
1 1 NUM CD 2 obl -1
. . PUNCT . 2 punct`,
			[]string{"Benfica|beat|Porto|OTHER|"}},

		{"the same verb without a score", []string{"Army", "Rebels"}, `
Army Army PROPN NNP 2 nsubj 0
defeated defeat VERB VBD 0 root
Rebels Rebels PROPN NNPS 2 obj 1
. . PUNCT . 2 punct`,
			[]string{"Army|defeated|Rebels|ASSAULT|"}},

		{"relational noun in apposition", []string{"Orban", "Putin"}, `
Orban Orban PROPN NNP 7 nsubj 0
, , PUNCT , 4 punct
an a DET DT 4 det
ally ally NOUN NN 1 appos
of of ADP IN 6 case
Putin Putin PROPN NNP 4 nmod 1
spoke speak VERB VBD 0 root
. . PUNCT . 7 punct`,
			[]string{"Orban|ally of|Putin|OTHER|"}},

		{"passive agent becomes the subject", []string{"Macron", "Biden"}, `
Macron Macron PROPN NNP 4 nsubj:pass 0
was be AUX VBD 4 aux:pass
warmly warmly ADV RB 4 advmod
greeted greet VERB VBN 0 root
by by ADP IN 6 case
Biden Biden PROPN NNP 4 obl:agent 1
. . PUNCT . 4 punct`,
			[]string{"Biden|greeted|Macron|CONSULT|"}},

		{"bare name mislabelled as an oblique is the object", []string{"Scholz", "Sanchez"}, `
Scholz Scholz PROPN NNP 2 nsubj 0
met meet VERB VBD 0 root
Pedro Pedro PROPN NNP 2 obl 1
Sanchez Sanchez PROPN NNP 3 flat 1
. . PUNCT . 2 punct`,
			[]string{"Scholz|met|Sanchez|CONSULT|"}},

		{"bare date oblique is no object", []string{"Scholz", "Monday"}, `
Scholz Scholz PROPN NNP 2 nsubj 0
met meet VERB VBD 0 root
Monday Monday PROPN NNP 2 obl 1
. . PUNCT . 2 punct`,
			nil},

		{"expletive clause borrows no subject from its conjunct", []string{"Moscow", "Putin"}, `
Moscow Moscow PROPN NNP 2 nsubj 0
escalated escalate VERB VBD 0 root
and and CCONJ CC 5 cc
it it PRON PRP 5 expl
seems seem VERB VBZ 2 conj
Putin Putin PROPN NNP 5 obj 1
. . PUNCT . 2 punct`,
			nil},

		{"place noun with an of-phrase names the place", []string{"Mariupol", "Russia"}, `
the the DET DT 2 det
city city NOUN NN 0 root
of of ADP IN 4 case
Mariupol Mariupol PROPN NNP 2 nmod 0
, , PUNCT , 8 punct
which which PRON WDT 8 nsubj:pass
was be AUX VBD 8 aux:pass
besieged besiege VERB VBN 2 acl:relcl
by by ADP IN 10 case
Russia Russia PROPN NNP 8 obl:agent 1
. . PUNCT . 2 punct`,
			[]string{"Russia|besieged|Mariupol|ASSAULT|"}},

		{"passive without agent yields nothing", []string{"Macron"}, `
Macron Macron PROPN NNP 3 nsubj:pass 0
was be AUX VBD 3 aux:pass
greeted greet VERB VBN 0 root
. . PUNCT . 3 punct`,
			nil},

		{"passive without agent keeps prepositional objects", []string{"Kherson", "Crimea"}, `
Kherson Kherson PROPN NNP 3 nsubj:pass 0
was be AUX VBD 3 aux:pass
attacked attack VERB VBN 0 root
from from ADP IN 5 case
Crimea Crimea PROPN NNP 3 obl 1
. . PUNCT . 3 punct`,
			[]string{"Kherson|was attacked from|Crimea|OTHER|"}},

		{"coordinated subjects and light verb with noun and preposition", []string{"France", "Britain", "Norway"}, `
France France PROPN NNP 4 nsubj 0
and and CCONJ CC 3 cc
Britain Britain PROPN NNP 1 conj 1
launched launch VERB VBD 0 root
talks talk NOUN NNS 4 obj
with with ADP IN 7 case
Norway Norway PROPN NNP 5 nmod 2
. . PUNCT . 4 punct`,
			[]string{"France|launched talks with|Norway|CONSULT|", "Britain|launched talks with|Norway|CONSULT|"}},

		{"coordinated verbs share the subject", []string{"Scholz", "Sanchez", "Kenya"}, `
Scholz Scholz PROPN NNP 2 nsubj 0
met meet VERB VBD 0 root
Sanchez Sanchez PROPN NNP 2 obj 1
and and CCONJ CC 5 cc
promised promise VERB VBD 2 conj
aid aid NOUN NN 5 obj
to to ADP IN 8 case
Kenya Kenya PROPN NNP 5 obl 2
. . PUNCT . 2 punct`,
			[]string{"Scholz|met|Sanchez|CONSULT|", "Scholz|promised aid to|Kenya|AID|"}},

		{"relative clause with passive", []string{"Crimea", "Russia"}, `
Crimea Crimea PROPN NNP 9 nsubj 0
, , PUNCT , 6 punct
which which PRON WDT 6 nsubj:pass
was be AUX VBD 6 aux:pass
illegally illegally ADV RB 6 advmod
annexed annex VERB VBN 1 acl:relcl
by by ADP IN 8 case
Russia Russia PROPN NNP 6 obl:agent 1
remains remain VERB VBZ 0 root
disputed disputed ADJ JJ 9 xcomp
. . PUNCT . 9 punct`,
			[]string{"Russia|annexed|Crimea|COERCE|"}},

		{"relative clause subject", []string{"the EU", "Google"}, `
The the DET DT 2 det
EU EU PROPN NNP 8 nsubj 0
, , PUNCT , 5 punct
which which PRON WDT 5 nsubj
fined fine VERB VBD 2 acl:relcl
Google Google PROPN NNP 5 obj 1
, , PUNCT , 5 punct
appealed appeal VERB VBD 0 root
. . PUNCT . 8 punct`,
			[]string{"the EU|fined|Google|SANCTION|"}},

		{"participial modifier of an apposition", []string{"Ford", "Dearborn"}, `
Ford Ford PROPN NNP 9 nsubj 0
, , PUNCT , 4 punct
a a DET DT 4 det
company company NOUN NN 1 appos
headquartered headquarter VERB VBN 4 acl
in in ADP IN 7 case
Dearborn Dearborn PROPN NNP 5 obl 1
, , PUNCT , 4 punct
posted post VERB VBD 0 root
a a DET DT 11 det
loss loss NOUN NN 9 obj
. . PUNCT . 9 punct`,
			[]string{"Ford|headquartered in|Dearborn|OTHER|"}},

		{"nominal event with possessor and of-object", []string{"Russia", "Georgia", "Europe"}, `
Russia Russia PROPN NNP 3 nmod:poss 0
's 's PART POS 1 case
invasion invasion NOUN NN 6 nsubj
of of ADP IN 5 case
Georgia Georgia PROPN NNP 3 nmod 1
shocked shock VERB VBD 0 root
Europe Europe PROPN NNP 6 obj 2
. . PUNCT . 6 punct`,
			[]string{"Russia|invaded|Georgia|ASSAULT|"}},

		{"possessed object", []string{"Israel", "Iran"}, `
Israel Israel PROPN NNP 2 nsubj 0
struck strike VERB VBD 0 root
Iran Iran PROPN NNP 6 nmod:poss 1
's 's PART POS 3 case
nuclear nuclear ADJ JJ 6 amod
sites site NOUN NNS 2 obj
. . PUNCT . 2 punct`,
			[]string{"Israel|struck|Iran|ASSAULT|poss"}},

		{"negation", []string{"Japan", "Taiwan"}, `
Japan Japan PROPN NNP 4 nsubj 0
did do AUX VBD 4 aux
not not PART RB 4 advmod
recognize recognize VERB VB 0 root
Taiwan Taiwan PROPN NNP 4 obj 1
. . PUNCT . 4 punct`,
			[]string{"Japan|recognized|Taiwan|SUPPORT|neg"}},

		{"refusal negates the complement", []string{"Iran", "Qatar"}, `
Iran Iran PROPN NNP 2 nsubj 0
refused refuse VERB VBD 0 root
to to PART TO 4 mark
meet meet VERB VB 2 xcomp
Qatar Qatar PROPN NNP 4 obj 1
. . PUNCT . 2 punct`,
			[]string{"Iran|met|Qatar|CONSULT|neg"}},

		{"modal hedges", []string{"Brazil", "OPEC"}, `
Brazil Brazil PROPN NNP 3 nsubj 0
may may AUX MD 3 aux
join join VERB VB 0 root
OPEC OPEC PROPN NNP 3 obj 1
. . PUNCT . 3 punct`,
			[]string{"Brazil|joined|OPEC|COOPERATE|hedged"}},

		{"ready to hedges and object noun with preposition", []string{"India", "Chile"}, `
India India PROPN NNP 3 nsubj 0
is be AUX VBZ 3 cop
ready ready ADJ JJ 0 root
to to PART TO 5 mark
sign sign VERB VB 3 xcomp
a a DET DT 7 det
deal deal NOUN NN 5 obj
with with ADP IN 9 case
Chile Chile PROPN NNP 7 nmod 1
. . PUNCT . 3 punct`,
			[]string{"India|signed deal with|Chile|AGREE|hedged"}},

		{"object control: the object is the complement's subject", []string{"Washington", "Tokyo", "Canada"}, `
Washington Washington PROPN NNP 2 nsubj 0
pressed press VERB VBD 0 root
Tokyo Tokyo PROPN NNP 2 obj 1
to to PART TO 5 mark
lift lift VERB VB 2 xcomp
tariffs tariff NOUN NNS 5 obj
on on ADP IN 8 case
Canada Canada PROPN NNP 6 nmod 2
. . PUNCT . 2 punct`,
			[]string{"Washington|pressed|Tokyo|REQUEST|", "Tokyo|lifted tariffs on|Canada|CONCEDE|hedged"}},

		{"reported speech is attributed, speaker gets no edge to its content", []string{"Merkel", "Russia", "Ukraine"}, `
Merkel Merkel PROPN NNP 2 nsubj 0
said say VERB VBD 0 root
that that SCONJ IN 5 mark
Russia Russia PROPN NNP 5 nsubj 1
attacked attack VERB VBD 2 ccomp
Ukraine Ukraine PROPN NNP 5 obj 2
. . PUNCT . 2 punct`,
			[]string{"Russia|attacked|Ukraine|ASSAULT|by Merkel"}},

		{"reporting verb in parataxis attributes the host clause", []string{"Russia", "Ukraine", "Biden"}, `
Russia Russia PROPN NNP 3 nsubj 0
will will AUX MD 3 aux
attack attack VERB VB 0 root
Ukraine Ukraine PROPN NNP 3 obj 1
, , PUNCT , 7 punct
Biden Biden PROPN NNP 7 nsubj 2
said say VERB VBD 3 parataxis
. . PUNCT . 3 punct`,
			[]string{"Russia|attacked|Ukraine|ASSAULT|by Biden"}},

		{"telling an entity is a statement edge", []string{"Putin", "Erdogan", "NATO"}, `
Putin Putin PROPN NNP 2 nsubj 0
told tell VERB VBD 0 root
Erdogan Erdogan PROPN NNP 2 obj 1
that that SCONJ IN 6 mark
NATO NATO PROPN NNP 6 nsubj 2
lied lie VERB VBD 2 ccomp
. . PUNCT . 2 punct`,
			[]string{"Putin|told|Erdogan|STATEMENT|"}},

		{"phrasal verb and pronoun subject resolved by the map", []string{"Turkey", "Egypt"}, `
It it PRON PRP 2 nsubj 0
set set VERB VBD 0 root
up up ADP RP 2 compound:prt
talks talk NOUN NNS 2 obj
with with ADP IN 6 case
Egypt Egypt PROPN NNP 4 nmod 1
. . PUNCT . 2 punct`,
			[]string{"Turkey|set up talks with|Egypt|CONSULT|"}},

		{"preposition joins the predicate", []string{"Modi", "Washington"}, `
Modi Modi PROPN NNP 2 nsubj 0
went go VERB VBD 0 root
to to ADP IN 4 case
Washington Washington PROPN NNP 2 obl 1
. . PUNCT . 2 punct`,
			[]string{"Modi|went to|Washington|CONSULT|"}},

		{"non-entity object noun joins the predicate", []string{"Canada", "Poland"}, `
Canada Canada PROPN NNP 2 nsubj 0
sent send VERB VBD 0 root
troops troops NOUN NNS 2 obj
to to ADP IN 5 case
Poland Poland PROPN NNP 2 obl 1
. . PUNCT . 2 punct`,
			[]string{"Canada|sent troops to|Poland|MOBILIZE|"}},

		{"non-entity arguments yield no relation", []string{"Russia"}, `
Russia Russia PROPN NNP 2 nsubj 0
shelled shell VERB VBD 0 root
the the DET DT 4 det
city city NOUN NN 2 obj
. . PUNCT . 2 punct`,
			nil},

		{"conditional hedges both clauses", []string{"Iran", "Israel", "America"}, `
If if SCONJ IN 3 mark
Iran Iran PROPN NNP 3 nsubj 0
attacks attack VERB VBZ 8 advcl
Israel Israel PROPN NNP 3 obj 1
, , PUNCT , 3 punct
America America PROPN NNP 8 nsubj 2
will will AUX MD 8 aux
defend defend VERB VB 0 root
Israel Israel PROPN NNP 8 obj 1
. . PUNCT . 8 punct`,
			[]string{"Iran|attacked|Israel|ASSAULT|hedged", "America|defended|Israel|SUPPORT|hedged"}},

		{"no on the object negates", []string{"Chad", "Sudan"}, `
Chad Chad PROPN NNP 2 nsubj 0
had have VERB VBD 0 root
no no DET DT 4 det
contact contact NOUN NN 2 obj
with with ADP IN 6 case
Sudan Sudan PROPN NNP 4 nmod 1
. . PUNCT . 2 punct`,
			[]string{"Chad|had contact with|Sudan|OTHER|neg"}},

		{"unknown tagger lemma is repaired from the form", []string{"Peru", "Bolivia"}, `
Peru Peru PROPN NNP 2 nsubj 0
invaded invad VERB VBD 0 root
Bolivia Bolivia PROPN NNP 2 obj 1
. . PUNCT . 2 punct`,
			[]string{"Peru|invaded|Bolivia|ASSAULT|"}},

		{"a noun shared by two entities has no possessor", []string{"Mali", "Niger", "Chad"}, `
Mali Mali PROPN NNP 2 nsubj 0
ended end VERB VBD 0 root
the the DET DT 7 det
Niger Niger PROPN NNP 7 compound 1
- - PUNCT HYPH 7 punct
Chad Chad PROPN NNP 7 compound 2
war war NOUN NN 2 obj
. . PUNCT . 2 punct`,
			nil},

		{"a name pair modifying a noun owns nothing", []string{"Mali", "Niger", "Chad"}, `
Mali Mali PROPN NNP 2 nsubj 0
ended end VERB VBD 0 root
the the DET DT 7 det
Niger Niger PROPN NNP 7 compound 1
- - PUNCT HYPH 6 punct
Chad Chad PROPN NNP 4 flat 2
war war NOUN NN 2 obj
. . PUNCT . 2 punct`,
			nil},

		{"according to attributes", []string{"Reuters", "Egypt", "Gaza"}, `
According according VERB VBG 3 case
to to ADP IN 1 fixed
Reuters Reuters PROPN NNP 6 obl 0
, , PUNCT , 3 punct
Egypt Egypt PROPN NNP 6 nsubj 1
shipped ship VERB VBD 0 root
aid aid NOUN NN 6 obj
to to ADP IN 9 case
Gaza Gaza PROPN NNP 6 obl 2
. . PUNCT . 6 punct`,
			[]string{"Egypt|shipped aid to|Gaza|AID|by Reuters"}},

		{"speaker reporting on itself keeps the attribution", []string{"Trump", "Putin"}, `
Trump Trump PROPN NNP 2 nsubj 0
said say VERB VBD 0 root
he he PRON PRP 5 nsubj 0
would would AUX MD 5 aux
meet meet VERB VB 2 ccomp
Putin Putin PROPN NNP 5 obj 1
. . PUNCT . 2 punct`,
			[]string{"Trump|met|Putin|CONSULT|hedged,by Trump"}},

		{"reciprocal verb relates coordinated subjects", []string{"Macron", "Starmer"}, `
Macron Macron PROPN NNP 4 nsubj 0
and and CCONJ CC 3 cc
Starmer Starmer PROPN NNP 1 conj 1
met meet VERB VBD 0 root
in in ADP IN 6 case
private private ADJ JJ 4 obl
. . PUNCT . 4 punct`,
			[]string{"Macron|met|Starmer|CONSULT|"}},

		{"reciprocal contest placed by an oblique", []string{"Hawks", "Bulls", "Denver"}, `
Hawks Hawks PROPN NNPS 4 nsubj 0
and and CCONJ CC 3 cc
Bulls Bulls PROPN NNPS 1 conj 1
faced face VERB VBD 0 root
off off ADP RP 4 compound:prt
in in ADP IN 7 case
Denver Denver PROPN NNP 4 obl 2
. . PUNCT . 4 punct`,
			[]string{"Hawks|faced|Bulls|OTHER|", "Hawks|faced off in|Denver|OTHER|", "Bulls|faced off in|Denver|OTHER|"}},

		{"a reciprocal verb with an object is no contest", []string{"Hawks", "Bulls"}, `
Hawks Hawks PROPN NNPS 4 nsubj 0
and and CCONJ CC 3 cc
Bulls Bulls PROPN NNPS 1 conj 1
faced face VERB VBD 0 root
charges charge NOUN NNS 4 obj
. . PUNCT . 4 punct`,
			nil},

		{"what passes between reciprocal subjects", []string{"Israel", "Hezbollah"}, `
Israel Israel PROPN NNP 4 nsubj 0
and and CCONJ CC 3 cc
Hezbollah Hezbollah PROPN NNP 1 conj 1
exchanged exchange VERB VBD 0 root
fire fire NOUN NN 4 obj
. . PUNCT . 4 punct`,
			[]string{"Israel|exchanged fire with|Hezbollah|ASSAULT|"}},

		{"a bare infinitive the parser made a conjunct", []string{"Celtic", "Rangers"}, `
Fans fan NOUN NNS 2 nsubj
saw see VERB VBD 0 root
Celtic Celtic PROPN NNP 2 obj 0
and and CCONJ CC 5 cc
Rangers Rangers PROPN NNPS 3 conj 1
clash clash VERB VBP 2 conj
. . PUNCT . 2 punct`,
			[]string{"Celtic|clashed with|Rangers|ASSAULT|"}},

		{"a descriptive noun before a name the parser hung below it", []string{"Croatia", "Iceland"}, `
Croatia Croatia PROPN NNP 2 nsubj 0
beat beat VERB VBD 0 root
hosts host NOUN NNS 2 obj
Iceland Iceland PROPN NNP 5 compound 1
2 2 NUM CD 3 nummod
– - SYM SYM 7 case
1 1 NUM CD 5 nmod
. . PUNCT . 2 punct`,
			[]string{"Croatia|beat|Iceland|OTHER|"}},

		{"the doer of a possessed act", []string{"Chile", "Arturo Vidal", "Manuel Neuer"}, `
Chile Chile PROPN NNP 3 nmod:poss 0
's 's PART POS 1 case
shot shot NOUN NN 10 nsubj:pass
, , PUNCT , 6 punct
by by ADP IN 6 case
Vidal Vidal PROPN NNP 3 nmod 1
, , PUNCT , 3 punct
was be AUX VBD 10 aux:pass
then then ADV RB 10 advmod
saved save VERB VBN 0 root
by by ADP IN 12 case
Neuer Neuer PROPN NNP 10 obl:agent 2
. . PUNCT . 10 punct`,
			[]string{"Manuel Neuer|saved|Arturo Vidal|OTHER|poss"}},

		{"an addressee the parser gave the reported clause", []string{"Rivera", "Chen"}, `
Rivera Rivera PROPN NNP 2 nsubj 0
told tell VERB VBD 0 root
Chen Chen PROPN NNP 6 obj 1
she she PRON PRP 6 nsubj
would would AUX MD 6 aux
resign resign VERB VB 2 ccomp
. . PUNCT . 2 punct`,
			[]string{"Rivera|told|Chen|STATEMENT|"}},

		{"a preposition made with a noun names the side taken", []string{"Ortega", "Lopez", "Ruiz"}, `
Ortega Ortega PROPN NNP 2 nsubj 0
testified testify VERB VBD 0 root
in in ADP IN 4 case
favour favour NOUN NN 2 obl
of of ADP IN 6 case
Lopez Lopez PROPN NNP 4 nmod 1
and and CCONJ CC 9 cc
against against ADP IN 9 case
Ruiz Ruiz PROPN NNP 6 conj 2
. . PUNCT . 2 punct`,
			[]string{"Ortega|testified in favour of|Lopez|OTHER|", "Ortega|testified against|Ruiz|OTHER|"}},

		{"talks between two parties", []string{"Kyiv", "Moscow"}, `
Talks talk NOUN NNS 6 nsubj
between between ADP IN 3 case
Kyiv Kyiv PROPN NNP 1 nmod 0
and and CCONJ CC 5 cc
Moscow Moscow PROPN NNP 3 conj 1
resumed resume VERB VBD 0 root
. . PUNCT . 6 punct`,
			[]string{"Kyiv|held talks with|Moscow|CONSULT|"}},

		{"blaming someone for an act makes them its subject", []string{"Chile", "Peru", "Bolivia"}, `
Chile Chile PROPN NNP 2 nsubj 0
blamed blame VERB VBD 0 root
Peru Peru PROPN NNP 2 obj 1
for for SCONJ IN 5 mark
attacking attack VERB VBG 2 advcl
Bolivia Bolivia PROPN NNP 5 obj 2
. . PUNCT . 2 punct`,
			[]string{"Chile|blamed|Peru|ACCUSE|", "Peru|attacked|Bolivia|ASSAULT|"}},

		{"of-modifier of the object is a possessor", []string{"Iran", "Iraq"}, `
Iran Iran PROPN NNP 2 nsubj 0
shelled shell VERB VBD 0 root
the the DET DT 4 det
capital capital NOUN NN 2 obj
of of ADP IN 6 case
Iraq Iraq PROPN NNP 4 nmod 1
. . PUNCT . 2 punct`,
			[]string{"Iran|shelled|Iraq|ASSAULT|poss"}},

		{"between-modifier of the object gives the subject no edge", []string{"Ingram", "Apple", "Google"}, `
Ingram Ingram PROPN NNP 2 nsubj 0
described describe VERB VBD 0 root
the the DET DT 4 det
feud feud NOUN NN 2 obj
between between ADP IN 6 case
Apple Apple PROPN NNP 4 nmod 1
and and CCONJ CC 8 cc
Google Google PROPN NNP 6 conj 2
. . PUNCT . 2 punct`,
			nil},

		{"copula with prepositional modifier", []string{"Canada", "Mexico"}, `
Canada Canada PROPN NNP 4 nsubj 0
is be AUX VBZ 4 cop
an a DET DT 4 det
ally ally NOUN NN 0 root
of of ADP IN 6 case
Mexico Mexico PROPN NNP 4 nmod 1
. . PUNCT . 4 punct`,
			[]string{"Canada|ally of|Mexico|OTHER|"}},

		{"a verb the parser hung beside a nominal root takes it as subject", []string{"Wang Yi", "Lavrov"}, `
Wang Wang PROPN NNP 0 root 0
Yi Yi PROPN NNP 1 flat 0
, , PUNCT , 5 punct
foreign foreign ADJ JJ 5 amod
minister minister NOUN NN 1 appos
, , PUNCT , 1 punct
met meet VERB VBD 1 parataxis
Lavrov Lavrov PROPN NNP 7 obj 1
. . PUNCT . 7 punct`,
			[]string{"Wang Yi|met|Lavrov|CONSULT|"}},

		{"a verb beside a nominal root keeps its own subject", []string{"Lavrov", "Kyiv", "Moscow"}, `
Lavrov Lavrov PROPN NNP 0 root 0
: : PUNCT : 4 punct
Kyiv Kyiv PROPN NNP 4 nsubj 1
attacked attack VERB VBD 1 parataxis
Moscow Moscow PROPN NNP 4 obj 2
. . PUNCT . 1 punct`,
			[]string{"Kyiv|attacked|Moscow|ASSAULT|"}},

		{"a complement clause hung on a noun has no gap for it", []string{"Huang", "Taipei", "Nvidia"}, `
Huang Huang PROPN NNP 2 nsubj 0
told tell VERB VBD 0 root
reporters reporter NOUN NNS 2 obj
in in ADP IN 5 case
Taipei Taipei PROPN NNP 3 nmod 1
that that SCONJ IN 9 mark
Nvidia Nvidia PROPN NNP 9 nsubj 2
would would AUX MD 9 aux
comply comply VERB VB 5 acl:relcl
. . PUNCT . 2 punct`,
			[]string{"Huang|told reporters in|Taipei|STATEMENT|"}},

		{"a capitalised participle inside a title heads no clause", []string{"IMF", "Georgieva"}, `
IMF IMF PROPN NNP 2 nsubj 0
Managing manage VERB VBG 0 root
Director Director PROPN NNP 4 compound
Georgieva Georgieva PROPN NNP 2 obj 1
spoke speak VERB VBD 2 conj
. . PUNCT . 2 punct`,
			nil},

		{"an accusation's act is hedged, and what was warned against too", []string{"Weidel", "Merz", "Germany", "Russia", "Kyiv"}, `
Weidel Weidel PROPN NNP 2 nsubj 0
accused accuse VERB VBD 0 root
Merz Merz PROPN NNP 2 obj 1
of of SCONJ IN 5 mark
dragging drag VERB VBG 2 advcl
Germany Germany PROPN NNP 5 obj 2
and and CCONJ CC 8 cc
warned warn VERB VBD 2 conj
Russia Russia PROPN NNP 8 obj 3
against against SCONJ IN 11 mark
supplying supply VERB VBG 8 advcl
Kyiv Kyiv PROPN NNP 11 obj 4
. . PUNCT . 2 punct`,
			[]string{"Weidel|accused|Merz|ACCUSE|", "Merz|dragged|Germany|OTHER|hedged", "Weidel|warned|Russia|THREATEN|", "Russia|supplied|Kyiv|AID|hedged"}},

		{"no longer negates", []string{"Europe", "Washington"}, `
Europe Europe PROPN NNP 5 nsubj 0
could could AUX MD 5 aux
no no ADV RB 4 advmod
longer long ADV RBR 5 advmod
rely rely VERB VB 0 root
on on ADP IN 7 case
Washington Washington PROPN NNP 5 obl 1
. . PUNCT . 5 punct`,
			[]string{"Europe|relied on|Washington|OTHER|neg,hedged"}},

		{"the parts of a hyphenated word are no apposition", []string{"Okonjo-Iweala", "WTO"}, `
Okonjo-Iweala Okonjo-Iweala PROPN NNP 9 nsubj 0
, , PUNCT , 4 punct
the the DET DT 4 det
director director NOUN NN 1 appos
+- - PUNCT HYPH 6 punct
+general general NOUN NN 4 appos
of of ADP IN 8 case
WTO WTO PROPN NNP 6 nmod 1
spoke speak VERB VBD 0 root
. . PUNCT . 9 punct`,
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, s, toks := build(t, tt.spec)
			ents := make([]extract.Entity, len(tt.ents))
			for i, n := range tt.ents {
				ents[i] = extract.Entity{Name: n}
			}
			rels := Extract(text, []*ud.Sentence{s}, [][]int{toks}, ents)
			var got []string
			for _, r := range rels {
				got = append(got, show(r, tt.ents))
				if r.Start < 0 || r.End > len(text) || r.Start >= r.End {
					t.Errorf("%q: relation %s has bad span %v", text, show(r, tt.ents), r.Span)
				}
				if r.Confidence <= 0 || r.Confidence > 1 {
					t.Errorf("%q: relation %s has confidence %v", text, show(r, tt.ents), r.Confidence)
				}
			}
			want := append([]string(nil), tt.want...)
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("Extract(%q)\ngot:\n  %s\nwant:\n  %s", text, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

// TestApposedPersonOnAPrepositionalNoun checks that a person the parser
// apposed to the noun of a title's prepositional phrase is the title's
// person, and that nothing but a person is.
func TestApposedPersonOnAPrepositionalNoun(t *testing.T) {
	const spec = `
A a DET DT 2 det
spokesman spokesman NOUN NN 0 root
for for ADP IN 4 case
ministry ministry NOUN NN 2 nmod
, , PUNCT , 6 punct
Lin Lin PROPN NNP 4 appos 0
, , PUNCT , 8 punct
accused accuse VERB VBD 2 acl
Washington Washington PROPN NNP 8 obj 1
. . PUNCT . 2 punct`
	// The parser's other reading: the person a further conjunct after the
	// title and a comma.
	const conj = `
Witkoff Witkoff PROPN NNP 2 nsubj 1
met meet VERB VBD 0 root
Qatar Qatar PROPN NNP 5 nmod:poss 2
's 's PART POS 3 case
minister minister NOUN NN 2 obj
, , PUNCT , 8 punct
Sheikh Sheikh PROPN NNP 8 nmod:desc
Lin Lin PROPN NNP 5 conj 0
. . PUNCT . 2 punct`
	for _, tt := range []struct {
		spec, typ string
		want      []string
	}{
		{spec, "PERSON", []string{"Lin|accused|Washington|ACCUSE|"}},
		{spec, "ORG", nil},
		{conj, "PERSON", []string{"Washington|met|Lin|CONSULT|"}},
	} {
		text, s, toks := build(t, tt.spec)
		names := []string{"Lin", "Washington", "Qatar"}
		ents := []extract.Entity{{Name: "Lin", Type: tt.typ}, {Name: "Washington", Type: "GPE"}, {Name: "Qatar", Type: "GPE"}}
		var got []string
		for _, r := range Extract(text, []*ud.Sentence{s}, [][]int{toks}, ents) {
			got = append(got, show(r, names))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("apposed %s: Extract = %q, want %q", tt.typ, got, tt.want)
		}
	}
}

func TestTriples(t *testing.T) {
	tests := []struct {
		name string
		spec string
		want []string // "arg1 ; rel ; arg2 | arg3"
	}{
		{"passive keeps surface order with agent", `
Kyiv Kyiv PROPN NNP 3 nsubj:pass
was be AUX VBD 3 aux:pass
shelled shell VERB VBN 0 root
by by ADP IN 6 case
Russian Russian ADJ JJ 6 amod
forces force NOUN NNS 3 obl:agent
. . PUNCT . 3 punct`,
			[]string{"Kyiv ; was shelled by ; Russian forces"}},
		{"obliques follow the object", `
The the DET DT 2 det
ministers minister NOUN NNS 3 nsubj
signed sign VERB VBD 0 root
a a DET DT 5 det
treaty treaty NOUN NN 3 obj
in in ADP IN 7 case
Rome Rome PROPN NNP 3 obl
. . PUNCT . 3 punct`,
			[]string{"The ministers ; signed ; a treaty | in Rome"}},
		{"negated copula", `
The the DET DT 2 det
talks talk NOUN NNS 5 nsubj
were be AUX VBD 5 cop
not not PART RB 5 advmod
productive productive ADJ JJ 0 root
. . PUNCT . 5 punct`,
			[]string{"The talks ; were not ; productive"}},
	}
	for _, tt := range tests {
		_, s, _ := build(t, tt.spec)
		var got []string
		for _, tr := range Triples(s) {
			got = append(got, tr.Arg1+" ; "+tr.Rel+" ; "+strings.Join(tr.Args, " | "))
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s: Triples(%q)\ngot:  %q\nwant: %q", tt.name, s.Text, got, tt.want)
		}
	}
}

func TestTriplesFlags(t *testing.T) {
	_, s, _ := build(t, `
The the DET DT 2 det
army army NOUN NN 5 nsubj
could could AUX MD 5 aux
not not PART RB 5 advmod
reach reach VERB VB 0 root
the the DET DT 7 det
border border NOUN NN 5 obj
. . PUNCT . 5 punct`)
	ts := Triples(s)
	if len(ts) != 1 || !ts[0].Negated || !ts[0].Hedged || ts[0].Arg1Head != 1 || ts[0].Arg2Head != 6 {
		t.Errorf("Triples(%q) = %+v, want one negated, hedged triple with heads 1 and 6", s.Text, ts)
	}
}

func TestPastTense(t *testing.T) {
	tests := []struct{ in, want string }{
		{"meet", "met"}, {"visit", "visited"}, {"stop", "stopped"}, {"plan", "planned"},
		{"admit", "admitted"}, {"try", "tried"}, {"play", "played"}, {"agree", "agreed"},
		{"criticize", "criticized"}, {"go", "went"}, {"take over", "took over"}, {"fix", "fixed"},
		{"panic", "panicked"}, {"open", "opened"}, {"strike", "struck"}, {"say", "said"},
	}
	for _, tt := range tests {
		if got := pastTense(tt.in); got != tt.want {
			t.Errorf("pastTense(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteCaRB(t *testing.T) {
	ts := []Triple{
		{Arg1: "The ministers", Rel: "signed", Args: []string{"a treaty", "in Rome"}, Confidence: 0.5},
		{Arg1: "", Rel: "read", Args: []string{"the article"}, Confidence: 0.4},
		{Arg1: "He", Rel: "slept", Confidence: 0.9},
	}
	var b strings.Builder
	if err := WriteCaRB(&b, "The ministers signed a treaty in Rome .", ts); err != nil {
		t.Fatal(err)
	}
	want := "The ministers signed a treaty in Rome .\t0.5\tsigned\tThe ministers\ta treaty\tin Rome\n" +
		"The ministers signed a treaty in Rome .\t0.9\tslept\tHe\n"
	if b.String() != want {
		t.Errorf("WriteCaRB = %q, want %q", b.String(), want)
	}
}

func TestPlausible(t *testing.T) {
	ents := []extract.Entity{{Name: "Paula Ruiz", Type: "PERSON"}, {Name: "Marco Bellini", Type: "PERSON"}, {Name: "Seville", Type: "GPE"}}
	tests := []struct {
		subj, obj int
		pred      string
		want      bool
	}{
		{0, 1, "daughter of", true},
		{2, 1, "daughter of", false}, // a place is nobody's daughter
		{0, 2, "scholar according to", false},
		{0, 2, "recipient including", false},
		{0, 1, "worked with", true},
		{0, 1, "liked", true},
		{0, 1, "met", true},
	}
	for _, tt := range tests {
		r := extract.Relation{Subject: tt.subj, Object: tt.obj, Predicate: tt.pred}
		if got := plausible(r, ents); got != tt.want {
			t.Errorf("plausible(%s %q %s) = %v, want %v", ents[tt.subj].Name, tt.pred, ents[tt.obj].Name, got, tt.want)
		}
	}
}
