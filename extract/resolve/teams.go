package resolve

import (
	"strings"

	"kg/extract/gazetteer"
)

// National teams. In a match report, "Sweden defeated South Korea 1–0" and
// "Tunisia's goalkeeper" name teams, not countries: the team is an
// organisation with its own players, coach and results, and a graph that
// joins it to the country credits the country with the team's wins and
// the team with the country's treaties. keyTeams gives such a country's
// mentions a node of its own, "Sweden national team", kept apart from the
// country in this document and across documents.

// wordSet returns the set of the space-separated words.
func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// matchVerbs are the lemmas of verbs whose subject or object, in a match
// report, is a team: "Belgium beat Panama", "lost to England".
var matchVerbs = wordSet(`beat defeat draw tie play face meet score win lose thrash rout edge
	overcome eliminate concede trail outplay outscore knock hammer down`)

// teamNouns are what a team has and a country does not, in the sense a
// match report uses them: "Tunisia's goalkeeper", "the England captain".
// "team" and "squad" are not among them: in "the Australia women's
// wheelchair basketball team" and "the US team Cloud9" the country is
// the country, and the whole phrase names the team.
var teamNouns = wordSet(`coach manager captain striker goalkeeper keeper
	defender midfielder forward winger player lineup line-up goal goals defence defense
	equaliser equalizer opener scorer substitute bench`)

// clubNouns are what a club has beyond its team: "Atalanta president
// Antonio Percassi", "Liverpool fans". A country has a president too, so
// these make a club of a city only.
var clubNouns = wordSet(`president chairman owner fans supporters stadium academy board`)

// transferVerbs are what clubs do with players: "Napoli have signed
// striker Rasmus Hojlund from Atalanta".
var transferVerbs = wordSet(`sign buy sell loan release`)

// sportsWords mark a document as a match report; a country counts as a
// team only in one.
var sportsWords = wordSet(`match goal striker goalkeeper penalty referee tournament league cup
	championship kick-off half-time halftime stadium fixture midfielder defender scorer
	hat-trick equaliser equalizer qualifier semifinal semi-final quarterfinal quarter-final
	playoff play-off innings wicket touchdown inning final finals game season coach captain squad
	draw`)

// isScore reports whether tokens j, j+1 and j+2 of sentence i are a
// score ("1 – 0").
func (d *doc) isScore(i, j int) bool { return d.sents[i].IsScore(j) }

// matchReport reports whether the document reads as a sports report: a
// score and two sports nouns, or four different ones.
func (d *doc) matchReport() bool {
	scores := 0
	words := map[string]bool{} // distinct sports nouns
	for i, s := range d.sents {
		for j, t := range s.Tokens {
			if d.isScore(i, j) {
				scores++
			}
			if t.UPOS != "NOUN" {
				continue // "try" the verb, "Cup" in a name
			}
			if l := lower(t.Lemma); sportsWords[l] {
				words[l] = true
			} else if f := lower(t.Form); sportsWords[f] {
				words[f] = true
			}
		}
	}
	return scores > 0 && len(words) >= 2 || len(words) >= 4
}

// playsAsTeam reports whether mention m, of a country, is used as a team:
// the subject or object of a match verb, next to a score, set against
// another side ("against Sweden"), or the owner of a team noun ("Tunisia's
// goalkeeper", "the England squad", "English captain Harry Kane").
func (d *doc) playsAsTeam(m *mention) bool {
	return d.playsAs(m, false)
}

// playsAs is playsAsTeam, and for a club (club) also the subject or
// object of a transfer ("Napoli have signed …", "… from Atalanta"), the
// side a player scores for, and the owner of a club noun.
func (d *doc) playsAs(m *mention, club bool) bool {
	i, h := m.sent, m.head
	if h < 0 || h >= len(d.sents[i].Tokens) {
		return false
	}
	t := d.tok(i, h)
	if d.isScore(i, m.end) || d.isScore(i, m.start-3) {
		return true // "England 2–1 Tunisia"
	}
	for _, c := range d.children[i][h] {
		switch lower(d.tok(i, c).Form) {
		case "against", "vs", "vs.", "versus", "v", "v.":
			return true
		}
	}
	p := t.Head - 1
	if p < 0 || p >= len(d.sents[i].Tokens) {
		return false
	}
	parent := d.tok(i, p)
	rel := t.Deprel
	if k := strings.IndexByte(rel, ':'); k >= 0 && rel != "nmod:poss" {
		rel = rel[:k]
	}
	verb := lower(parent.Lemma)
	switch rel {
	case "nsubj", "obj", "obl":
		if !matchVerbs[verb] && !(club && transferVerbs[verb]) {
			return false
		}
		if rel != "obl" {
			return true
		}
		// "lost to England", "drew with Sweden"; not "played in Russia".
		for _, c := range d.children[i][h] {
			switch lower(d.tok(i, c).Form) {
			case "to", "with", "over", "against":
				return true
			case "from", "for":
				if club {
					return true // "signed … from Atalanta", "scored for Atalanta"
				}
			}
		}
	case "nmod:poss", "compound", "amod":
		noun := lower(parent.Lemma)
		return p > h && (teamNouns[noun] || club && clubNouns[noun])
	}
	return false
}

// keyTeams gives the mentions of each country that the document, a match
// report, uses as a team at least once a key, type and name of their own:
// every mention of that country in the report is the team, since a match
// report that names a country as a side names the side.
func (d *doc) keyTeams() {
	if !d.matchReport() {
		return
	}
	teams := map[string]string{} // place key → the country's name
	for _, m := range d.ments {
		if (m.kind != kindName && m.kind != kindDemonym) || !strings.HasPrefix(m.key, "G:") {
			continue
		}
		p, ok := gazetteer.LookupPlace(m.canonical)
		if !ok || p.Kind != gazetteer.Country && p.Kind != gazetteer.Region {
			continue
		}
		if _, seen := teams[m.key]; !seen && d.playsAsTeam(m) {
			teams[m.key] = p.Name
		}
	}
	d.keyClubs()
	for _, m := range d.ments {
		name, ok := teams[m.key]
		if !ok {
			continue
		}
		m.key = "T:" + gazetteer.Normalize(name)
		m.canonical = name + " national team"
		m.typ = "ORG"
	}
}

// keyClubs makes ORG nodes of the football clubs a match report names,
// whatever the recogniser made of them: a club named after its city and
// typed a place ("Liverpool", "Atalanta"), a one-word club typed a person
// ("Celtic", "Roma"), or one it missed ("Ferencvaros"). A name counts
// when the gazetteer lists it as a club and the report has it play or sign
// players as a club at least once; a word that is a person's surname in
// the document ("Santos scored" with "Carlos Santos" named) stays a
// person, and a country's name is its national team's (keyTeams).
func (d *doc) keyClubs() {
	surnames := map[string]bool{}
	for _, m := range d.ments {
		if ws := strings.Fields(m.surface); m.kind == kindName && m.typ == "PERSON" && len(ws) > 1 {
			surnames[gazetteer.Normalize(ws[len(ws)-1])] = true
		}
	}
	club := func(name string) bool {
		if !listedClub(name) || surnames[gazetteer.Normalize(name)] {
			return false
		}
		if p, ok := gazetteer.LookupPlace(name); ok && p.Kind != gazetteer.City {
			return false
		}
		return true
	}
	plays := map[string]bool{} // normalised club name → seen playing
	for _, m := range d.ments {
		if m.kind != kindName || m.typ == "NORP" || m.typ == "PERSON" && len(strings.Fields(m.surface)) > 1 {
			continue
		}
		if club(m.surface) && d.playsAs(m, true) {
			plays[gazetteer.Normalize(m.surface)] = true
		}
	}
	// Club names no mention covers: "Ferencvaros beat Celtic 2-1".
	type span struct{ i, j, k int }
	var missed []span
	for i := range d.sents {
		w := d.words[i]
		for j := 0; j < len(w); j++ {
			if t := d.tok(i, j); d.tokMent[i][j] >= 0 || !isCapitalized(w[j]) || !properish(t) && t.UPOS != "NOUN" {
				continue
			}
			best := 0
			for k := j + 1; k <= len(w) && k <= j+4 && d.tokMent[i][k-1] < 0 && isCapitalized(w[k-1]); k++ {
				if club(strings.Join(w[j:k], " ")) {
					best = k
				}
			}
			if best == 0 {
				continue
			}
			missed = append(missed, span{i, j, best})
			m := &mention{sent: i, start: j, end: best, head: d.headOf(i, j, best)}
			if d.playsAs(m, true) {
				plays[gazetteer.Normalize(strings.Join(w[j:best], " "))] = true
			}
			j = best - 1
		}
	}
	if len(plays) == 0 {
		return
	}
	for _, sp := range missed {
		if plays[gazetteer.Normalize(strings.Join(d.words[sp.i][sp.j:sp.k], " "))] {
			d.addMention(sp.i, sp.j, sp.k, "ORG", kindName)
		}
	}
	for _, m := range d.ments {
		if m.kind != kindName || m.typ == "NORP" {
			continue
		}
		if n := gazetteer.Normalize(m.surface); plays[n] {
			m.key, m.canonical, m.typ = "C:"+n, m.surface, "ORG"
		}
	}
}

// clubAffixes are the letters clubs' names carry that reports leave out:
// "AS Roma" is "Roma", "SSC Napoli" "Napoli", "Celtic FC" "Celtic".
var clubPrefixes, clubSuffixes = strings.Fields("FC AFC AS AC SSC SS SC SV CF CD UD SD RC US"), strings.Fields("FC AFC CF SC")

// listedClub reports whether the gazetteer lists name as a football club,
// as written or with the letters of its legal name.
func listedClub(name string) bool {
	if kind, _ := gazetteer.ListedName(name); kind == gazetteer.Club {
		return true
	}
	for _, p := range clubPrefixes {
		if kind, _ := gazetteer.ListedName(p + " " + name); kind == gazetteer.Club {
			return true
		}
	}
	for _, x := range clubSuffixes {
		if kind, _ := gazetteer.ListedName(name + " " + x); kind == gazetteer.Club {
			return true
		}
	}
	return false
}
