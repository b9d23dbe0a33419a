package resolve

import "strings"

// title is one entry of the title lexicon: a sequence of lower-case words
// that names a role ("secretary of state") or an honorific ("dr.").
type title struct {
	words []string
	// role is the canonical role name ("secretary of state"), "" for
	// honorifics, which are stripped from names but make no role edge.
	role string
	// prep is the preposition that links the role to its organisation:
	// "of" for most roles, "to" for ambassadors and envoys.
	prep string
}

// titleLexicon is a general English lexicon of political, corporate and
// honorific titles. Longer entries win over their prefixes when matching.
var titleLexicon = buildTitles()

func buildTitles() map[string][]*title {
	roles := []struct{ words, role string }{
		{"president", "president"},
		{"pres.", "president"},
		{"vice president", "vice president"},
		{"vice-president", "vice president"},
		{"prime minister", "prime minister"},
		{"deputy prime minister", "deputy prime minister"},
		{"premier", "premier"},
		{"chancellor", "chancellor"},
		{"secretary of state", "secretary of state"},
		{"secretary-general", "secretary-general"},
		{"secretary general", "secretary-general"},
		{"general secretary", "general secretary"},
		{"foreign minister", "foreign minister"},
		{"foreign secretary", "foreign secretary"},
		{"defense minister", "defense minister"},
		{"defence minister", "defense minister"},
		{"defense secretary", "defense secretary"},
		{"defence secretary", "defense secretary"},
		{"secretary of defense", "defense secretary"},
		{"finance minister", "finance minister"},
		{"interior minister", "interior minister"},
		{"treasury secretary", "treasury secretary"},
		{"home secretary", "home secretary"},
		{"minister", "minister"},
		{"secretary", "secretary"},
		{"attorney general", "attorney general"},
		{"national security adviser", "national security adviser"},
		{"national security advisor", "national security adviser"},
		{"chief of staff", "chief of staff"},
		{"press secretary", "press secretary"},
		{"spokesman", "spokesperson"},
		{"spokeswoman", "spokesperson"},
		{"spokesperson", "spokesperson"},
		{"ambassador", "ambassador"},
		{"envoy", "envoy"},
		{"special envoy", "envoy"},
		{"governor", "governor"},
		{"gov.", "governor"},
		{"mayor", "mayor"},
		{"speaker", "speaker"},
		{"boss", "head"},
		{"senator", "senator"},
		{"sen.", "senator"},
		{"representative", "representative"},
		{"rep.", "representative"},
		{"congressman", "representative"},
		{"congresswoman", "representative"},
		{"king", "king"},
		{"emperor", "emperor"},
		{"empress", "empress"},
		{"tsar", "tsar"},
		{"czar", "tsar"},
		{"shah", "shah"},
		{"queen", "queen"},
		{"crown prince", "crown prince"},
		{"emir", "emir"},
		{"sultan", "sultan"},
		{"supreme leader", "supreme leader"},
		{"leader", "leader"},
		{"head", "head"},
		{"chief", "chief"},
		{"chief executive", "chief executive"},
		{"chief executive officer", "chief executive"},
		{"ceo", "chief executive"},
		{"chief financial officer", "chief financial officer"},
		{"cfo", "chief financial officer"},
		{"chief operating officer", "chief operating officer"},
		{"chairman", "chairman"},
		{"chairwoman", "chairman"},
		{"chair", "chairman"},
		{"founder", "founder"},
		{"co-founder", "founder"},
		{"director", "director"},
		{"executive director", "executive director"},
		{"director general", "director general"},
		{"director-general", "director general"},
		{"managing director", "managing director"},
		{"commander", "commander"},
		{"general", "general"},
		{"gen.", "general"},
		{"admiral", "admiral"},
		{"adm.", "admiral"},
		{"chief justice", "chief justice"},
		{"justice", "justice"},
		{"judge", "judge"},
		{"coach", "coach"},
		{"manager", "manager"},
		{"owner", "owner"},
		{"economist", "economist"},
		{"analyst", "analyst"},
		{"majority leader", "majority leader"},
		{"minority leader", "minority leader"},
		{"majority whip", "majority whip"},
		{"minority whip", "minority whip"},
		{"commissioner", "commissioner"},
		{"adviser", "adviser"},
		{"advisor", "adviser"},
		{"president-elect", "president-elect"},
		{"administrator", "administrator"},
		{"co-leader", "co-leader"},
	}
	honorifics := []string{"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.",
		"prof", "prof.", "professor", "sir", "dame", "lord", "lady", "madam", "mister",
		"rev.", "reverend", "st.", "saint", "pope",
		"prince", "princess", "duke", "duchess", "sheikh", "sheik", "gen", "col.", "colonel",
		"lt.", "sgt.", "capt.", "captain", "lieutenant", "sergeant", "earl", "baron",
		"baroness", "count", "countess", "viscount", "marquess", "marquis", "archbishop", "bishop", "cardinal"}
	m := map[string][]*title{}
	add := func(t *title) { m[t.words[0]] = append(m[t.words[0]], t) }
	for _, r := range roles {
		prep := "of"
		if r.role == "ambassador" || r.role == "envoy" {
			prep = "to"
		}
		add(&title{words: strings.Fields(r.words), role: r.role, prep: prep})
		if !strings.HasPrefix(r.words, "deputy ") && !strings.HasPrefix(r.words, "vice") {
			// "Russia's deputy foreign minister" holds another role than
			// the foreign minister's.
			add(&title{words: append([]string{"deputy"}, strings.Fields(r.words)...), role: "deputy " + r.role, prep: prep})
		}
		if strings.Contains(r.words, "-") {
			// The tokenizer splits hyphens: "Secretary - General".
			add(&title{words: strings.Fields(strings.ReplaceAll(r.words, "-", " - ")), role: r.role, prep: prep})
		}
	}
	for _, h := range honorifics {
		if _, dup := m[h]; dup {
			continue
		}
		add(&title{words: []string{h}})
	}
	return m
}

// titleModifiers precede a title without changing the role: "former
// President", "acting Defense Secretary".
var titleModifiers = map[string]bool{
	"former": true, "then": true, "then-": true, "late": true, "acting": true,
	"incoming": true, "outgoing": true, "interim": true, "new": true, "top": true,
	"senior": true, "current": true, "longtime": true, "ex": true, "ex-": true,
	"shadow": true, // the opposition's spokesman for a post: "Shadow Home Secretary"
}

// matchTitle returns the longest title that starts at words[i] and the
// number of words it spans, or nil.
func matchTitle(words []string, i int) (*title, int) {
	if i >= len(words) {
		return nil, 0
	}
	var best *title
	for _, t := range titleLexicon[lower(words[i])] {
		if i+len(t.words) > len(words) || (best != nil && len(t.words) <= len(best.words)) {
			continue
		}
		ok := true
		for k, w := range t.words {
			if lower(words[i+k]) != w {
				ok = false
				break
			}
		}
		if ok {
			best = t
		}
	}
	if best == nil {
		return nil, 0
	}
	return best, len(best.words)
}

// matchTitleEnding returns the longest title that ends just before words[end]
// and its start index, or nil.
func matchTitleEnding(words []string, end int) (*title, int) {
	var best *title
	start := end
	for i := end - 1; i >= 0 && i >= end-4; i-- {
		if t, n := matchTitle(words, i); t != nil && i+n == end {
			best, start = t, i
		} else if t != nil {
			// a longer title starting at i may still end exactly at end
			for _, c := range titleLexicon[lower(words[i])] {
				if i+len(c.words) == end && sameWords(words[i:end], c.words) {
					best, start = c, i
				}
			}
		}
	}
	return best, start
}

func sameWords(ws []string, lex []string) bool {
	if len(ws) != len(lex) {
		return false
	}
	for i := range ws {
		if lower(ws[i]) != lex[i] {
			return false
		}
	}
	return true
}

func lower(s string) string { return strings.ToLower(s) }

// roleNouns maps the head noun of a definite description ("the president",
// "the Ukrainian leader", "the top American diplomat") to the roles that
// make an entity a referent of it. Generic nouns cover several roles.
var roleNouns = map[string][]string{
	"president":      {"president"},
	"leader":         {"president", "prime minister", "chancellor", "premier", "leader", "king", "queen", "supreme leader", "emir", "sultan", "general secretary", "head"},
	"diplomat":       {"secretary of state", "foreign minister", "foreign secretary", "ambassador", "envoy", "secretary-general"},
	"envoy":          {"envoy", "ambassador"},
	"ambassador":     {"ambassador"},
	"minister":       {"minister", "foreign minister", "defense minister", "finance minister", "interior minister", "prime minister"},
	"premier":        {"premier", "prime minister"},
	"chancellor":     {"chancellor"},
	"governor":       {"governor"},
	"mayor":          {"mayor"},
	"senator":        {"senator"},
	"secretary":      {"secretary", "secretary of state", "defense secretary", "treasury secretary", "home secretary", "foreign secretary", "press secretary"},
	"king":           {"king"},
	"emperor":        {"emperor"},
	"empress":        {"empress"},
	"tsar":           {"tsar"},
	"czar":           {"tsar"},
	"queen":          {"queen"},
	"executive":      {"chief executive", "chief financial officer", "chief operating officer"},
	"chairman":       {"chairman"},
	"chairwoman":     {"chairman"},
	"chief":          {"chief", "chief executive", "head"},
	"spokesman":      {"spokesperson"},
	"spokeswoman":    {"spokesperson"},
	"spokesperson":   {"spokesperson"},
	"commander":      {"commander", "general"},
	"general":        {"general"},
	"founder":        {"founder"},
	"head":           {"head", "chief", "director"},
	"boss":           {"head", "chief executive", "chief", "director"},
	"speaker":        {"speaker"},
	"director":       {"director", "director general", "managing director", "executive director"},
	"prime minister": {"prime minister"},
}

// orgKindNouns are head nouns that describe an organisation: "the company"
// refers back to a recently named ORG.
var orgKindNouns = map[string]bool{
	"company": true, "firm": true, "bank": true, "group": true, "party": true,
	"agency": true, "ministry": true, "university": true, "organization": true,
	"organisation": true, "alliance": true, "carrier": true, "airline": true,
	"manufacturer": true, "maker": true, "automaker": true, "insurer": true,
	"retailer": true, "network": true, "newspaper": true, "union": true,
	"council": true, "court": true, "department": true, "committee": true,
	"fund": true, "bloc": true,
	"club": true, "team": true, "corporation": true, "conglomerate": true,
	"planemaker": true, "carmaker": true, "chipmaker": true, "drugmaker": true, "lender": true,
	"broadcaster": true, "startup": true, "giant": true, "producer": true,
	"commission": true, "parliament": true, "government": true,
	"authority": true, "regulator": true, "institute": true, "foundation": true,
	"association": true, "federation": true, "league": true, "army": true, "charity": true,
}

// commercialKinds are the gazetteer's kinds of organisation that "the
// company" or "the firm" may mean.
var commercialKinds = map[string]bool{"company": true, "media": true}

// orgKindAlso lists, for a kind noun, the kind nouns of names it also
// describes: a lender may be named a bank or a fund ("the World Bank"), a
// broadcaster a network, an agency an administration or any government
// body ("the agency" for NASA). "The administration" itself is no kind
// noun: in news it is a president's government.
var orgKindAlso = map[string][]string{
	"lender": {"bank", "fund"}, "broadcaster": {"network"}, "agency": {"government", "administration", "bureau", "service"},
}

// genericOrgNouns match any ORG whose name carries no other kind noun.
var genericOrgNouns = map[string]bool{
	"company": true, "firm": true, "organization": true,
	"organisation": true, "corporation": true, "conglomerate": true, "maker": true,
	"manufacturer": true, "carrier": true, "airline": true, "automaker": true,
	"retailer": true, "insurer": true, "planemaker": true, "carmaker": true, "chipmaker": true,
	"drugmaker": true, "lender": true, "broadcaster": true, "startup": true, "giant": true, "producer": true,
}

// countryNouns refer back to a recently named country.
var countryNouns = map[string]bool{"country": true, "nation": true}

// cityNouns refer back to a recently named city or town: a GPE that the
// gazetteer does not know as a country, region or state.
var cityNouns = map[string]bool{"city": true, "town": true, "capital": true, "village": true}

// largerUnits are last words of place names that are not cities.
var largerUnits = map[string]bool{"empire": true, "kingdom": true, "republic": true, "union": true,
	"states": true, "state": true, "province": true, "region": true, "county": true, "oblast": true,
	"district": true, "prefecture": true, "governorate": true, "territory": true, "islands": true,
	"island": true, "federation": true, "emirates": true, "caliphate": true, "sultanate": true}
