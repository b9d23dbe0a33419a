package relate

import "strings"

// classOfVerb maps verb lemmas to PLOVER event classes (plus STATEMENT for
// reporting verbs). It is general political and news vocabulary.
var classOfVerb = func() map[string]string {
	m := map[string]string{}
	add := func(class, words string) {
		for _, w := range strings.Fields(words) {
			m[w] = class
		}
	}
	add("AGREE", `agree accept approve sign ratify endorse settle reconcile concur consent
		conclude finalize commit pledge promise vow guarantee assure forgive apologize apologise`)
	add("CONSULT", `meet visit host consult discuss negotiate talk call phone telephone confer
		receive welcome greet invite mediate brief travel fly go come arrive tour attend summon
		convene contact speak chat dine engage`)
	add("SUPPORT", `support back praise endorse defend thank congratulate commend applaud hail
		recognize recognise champion laud honor honour favor favour trust embrace side ally befriend
		like love admire respect encourage reassure`)
	add("CONCEDE", `concede yield surrender capitulate compromise relent admit release free
		pardon ease lift relax withdraw cede return hand`)
	add("COOPERATE", `cooperate collaborate partner coordinate join unite align team integrate
		share exchange trade deal work ally merge`)
	add("AID", `aid help assist supply provide give send fund finance donate rescue protect
		shelter evacuate lend arm equip train feed treat deliver grant subsidize subsidise`)
	add("RETREAT", `retreat withdraw leave pull evacuate abandon exit flee quit resign disengage
		demobilize demobilise`)
	add("REQUEST", `ask request urge demand appeal call seek petition press plead beg invite
		implore lobby push summon`)
	add("ACCUSE", `accuse blame charge allege indict denounce condemn criticize criticise
		fault slam attack rebuke reproach censure castigate decry berate investigate probe sue
		prosecute convict`)
	add("REJECT", `reject refuse deny dismiss oppose veto decline rebuff spurn snub resist
		defy disagree disregard ignore boycott cancel suspend halt block obstruct dispute
		contest repudiate renounce scrap`)
	add("THREATEN", `threaten warn menace intimidate ultimatum vow`)
	add("PROTEST", `protest demonstrate rally march strike picket riot boycott`)
	add("SANCTION", `sanction embargo ban blacklist expel fine penalize penalise punish restrict
		freeze seize confiscate tariff bar exclude suspend isolate`)
	add("MOBILIZE", `mobilize mobilise deploy mass station reinforce muster conscript draft
		recruit station position`)
	add("COERCE", `coerce arrest detain imprison jail kidnap abduct deport censor raid
		pressure force compel blockade annex occupy seize confiscate hold`)
	add("ASSAULT", `attack invade bomb shell strike hit shoot kill murder assassinate
		massacre wound injure destroy raid storm besiege target launch fire torpedo ambush
		capture overrun assault bombard devastate execute torture rape loot burn clash fight
		battle defeat crush`)
	add("STATEMENT", `say tell state announce declare claim argue insist assert add note
		remark comment explain report reveal confirm suggest write tweet post stress emphasize
		emphasise reiterate acknowledge predict believe think describe mention answer reply
		respond`)
	// A few verbs sit in several lists above; the last add wins, so settle
	// the ambiguous ones explicitly on their commonest news sense.
	for w, c := range map[string]string{
		"attack": "ASSAULT", "call": "CONSULT", "invite": "CONSULT", "withdraw": "RETREAT",
		"evacuate": "AID", "seize": "COERCE", "suspend": "SANCTION", "boycott": "PROTEST",
		"vow": "THREATEN", "summon": "REQUEST", "raid": "ASSAULT", "endorse": "SUPPORT",
		"ally": "COOPERATE", "hold": "OTHER", "strike": "ASSAULT", "station": "MOBILIZE",
		"warn": "THREATEN", "launch": "OTHER", "fire": "ASSAULT", "deal": "COOPERATE",
		"hand": "CONCEDE", "push": "REQUEST", "end": "OTHER", "update": "CONSULT",
	} {
		m[w] = c
	}
	return m
}()

// classOfNoun classes light-verb phrases by their object noun: "imposed
// sanctions on", "held talks with".
var classOfNoun = func() map[string]string {
	m := map[string]string{}
	add := func(class, words string) {
		for _, w := range strings.Fields(words) {
			m[w] = class
		}
	}
	add("AGREE", "agreement deal accord treaty pact ceasefire truce settlement")
	add("CONSULT", "talk talks meeting visit call conversation summit negotiation discussion consultation")
	add("SUPPORT", "support praise backing endorsement solidarity")
	add("COOPERATE", "tie ties relation relations cooperation partnership alliance")
	add("AID", "aid assistance help support loan weapon weapons arm arms troops ammunition money fund funds")
	add("REQUEST", "request demand appeal call plea")
	add("ACCUSE", "accusation allegation criticism charge blame complaint")
	add("REJECT", "dislike opposition rejection refusal veto objection")
	add("THREATEN", "threat warning ultimatum")
	add("PROTEST", "protest demonstration")
	add("SANCTION", "sanction sanctions embargo tariff tariffs ban restriction restrictions penalty")
	add("MOBILIZE", "troops forces soldier soldiers")
	add("ASSAULT", "attack attacks strike strikes offensive assault war invasion raid bombing airstrike missile missiles")
	m["support"] = "SUPPORT"
	m["troops"] = "MOBILIZE"
	return m
}()

// lightVerbs take their meaning from their object noun.
var lightVerbs = set("have hold make give take impose provide launch sign reach express announce issue offer put carry conduct stage send promise pledge set")

// reportingVerbs introduce reported speech or thought; their ccomp or
// parataxis clause is the content, not an object.
var reportingVerbs = set(`say tell state announce declare claim argue insist assert add note remark
	comment explain report reveal confirm suggest write tweet post stress emphasize emphasise
	reiterate acknowledge predict believe think warn deny allege contend maintain agree admit
	complain concede estimate fear hope indicate know learn mention observe promise recall
	reckon repeat reply respond show signal speculate swear testify understand urge vow worry
	acknowledge announce`)

// hedgingHeads make their xcomp complement unrealized: "promised to", "ready to".
var hedgingHeads = set(`promise plan threaten want intend hope aim seek try expect vow pledge propose
	offer consider prepare wish attempt mean plot seem appear wait hesitate look
	ready likely willing prepared poised set able unlikely eager keen possible due inclined
	open determined going urge ask press call push encourage invite request persuade`)

// negatingHeads deny their xcomp complement: "refused to meet".
var negatingHeads = set("refuse fail decline neglect cease stop avoid reluctant unwilling unable")

// preventingHeads deny a "from" clause under them: "refrained from striking".
// allegingHeads make the act their of- or for-clause names an allegation:
// "accused X of attacking Y". Blame is left out: "blamed X for the attack"
// takes the act as done and disputes who did it.
var allegingHeads = set("accuse charge suspect allege")

var preventingHeads = set("refrain abstain desist stop prevent keep bar ban block deter discourage dissuade prohibit restrain hold shy")

// contentVerbs report content and take no entity as their object: in "said
// the U.S. had other priorities" an entity parsed as the object of "said"
// is the subject of the reported clause, so it yields no edge. Verbs with an
// addressee or a target ("told", "warned", "urged", "accused") are not here.
var contentVerbs = set(`say state claim argue insist assert add note remark comment explain suggest
	believe think allege contend reckon speculate estimate predict stress emphasize emphasise reiterate`)

// placeNouns are common nouns that name a place through an of-phrase: "the
// region of Kursk", "the city of Mariupol" (Kursk is a region). Nouns for a
// part of a place ("the capital of Iraq", "the port of Odesa") are not
// among them: that object is possessed, not the place itself.
var placeNouns = set(`city town village region province state country district county oblast
	island republic kingdom municipality territory enclave`)

var modalHedges = set("may might could would should can must ought")

var hedgeAdverbs = set("perhaps possibly probably maybe reportedly allegedly likely apparently potentially supposedly presumably")

var negationWords = set("not n't never no neither nor")

// deverbal maps event nouns to their verb, and the prepositions that mark
// the verb's object on the noun ("invasion of X", "attack on X").
var deverbal = map[string]struct {
	verb  string
	preps []string
}{
	"invasion": {"invade", []string{"of"}}, "attack": {"attack", []string{"on", "against"}},
	"visit": {"visit", []string{"to"}}, "decision": {"decide", nil}, "meeting": {"meet", []string{"with"}},
	"criticism": {"criticize", []string{"of"}}, "support": {"support", []string{"for", "of"}},
	"occupation": {"occupy", []string{"of"}}, "annexation": {"annex", []string{"of"}},
	"recognition": {"recognize", []string{"of"}}, "condemnation": {"condemn", []string{"of"}},
	"withdrawal": {"withdraw from", []string{"from"}}, "arrest": {"arrest", []string{"of"}},
	"killing": {"kill", []string{"of"}}, "murder": {"murder", []string{"of"}},
	"assassination": {"assassinate", []string{"of"}}, "bombing": {"bomb", []string{"of"}},
	"shelling": {"shell", []string{"of"}}, "defeat": {"defeat", []string{"of"}},
	"acquisition": {"acquire", []string{"of"}}, "purchase": {"purchase", []string{"of"}},
	"takeover": {"take over", []string{"of"}}, "capture": {"capture", []string{"of"}},
	"liberation": {"liberate", []string{"of"}}, "blockade": {"blockade", []string{"of"}},
	"siege": {"besiege", []string{"of"}}, "sanction": {"sanction", []string{"on", "against"}},
	"sanctions": {"sanction", []string{"on", "against"}}, "accusation": {"accuse", []string{"against"}},
	"threat": {"threaten", []string{"to", "against"}}, "invitation": {"invite", []string{"to"}},
	"aid": {"aid", []string{"to", "for"}}, "help": {"help", []string{"to", "for"}},
	"endorsement": {"endorse", []string{"of"}}, "rejection": {"reject", []string{"of"}},
	"election": {"elect", []string{"of"}}, "appointment": {"appoint", []string{"of"}},
	"investigation": {"investigate", []string{"of", "into"}}, "probe": {"probe", []string{"of", "into"}},
	"deployment": {"deploy", []string{"to", "in"}}, "strike": {"strike", []string{"on", "against"}},
	"offensive": {"attack", []string{"against", "on"}}, "embargo": {"embargo", []string{"on", "against"}},
	"call": {"call", []string{"with"}}, "talks": {"hold talks with", []string{"with"}},
	"talk": {"hold talks with", []string{"with"}}, "summit": {"meet", []string{"with"}},
	"negotiation": {"negotiate with", []string{"with"}}, "agreement": {"agree with", []string{"with"}},
	"alliance": {"ally with", []string{"with"}}, "partnership": {"partner with", []string{"with"}},
	"praise": {"praise", []string{"for", "of"}}, "protest": {"protest", []string{"against"}},
	"persecution": {"persecute", []string{"of"}}, "destruction": {"destroy", []string{"of"}},
	"betrayal": {"betray", []string{"of"}}, "abandonment": {"abandon", []string{"of"}},
	"defense": {"defend", []string{"of"}}, "defence": {"defend", []string{"of"}},
	"protection": {"protect", []string{"of"}}, "pressure": {"pressure", []string{"on"}},
}

// irregularPast holds the simple past of irregular English verbs.
var irregularPast = map[string]string{
	"arise": "arose", "awake": "awoke", "be": "was", "bear": "bore", "beat": "beat", "become": "became",
	"begin": "began", "bend": "bent", "bet": "bet", "bid": "bid", "bind": "bound", "bite": "bit",
	"bleed": "bled", "blow": "blew", "break": "broke", "breed": "bred", "bring": "brought",
	"broadcast": "broadcast", "build": "built", "burn": "burned", "burst": "burst", "buy": "bought",
	"cast": "cast", "catch": "caught", "choose": "chose", "cling": "clung", "come": "came", "cost": "cost",
	"creep": "crept", "cut": "cut", "deal": "dealt", "dig": "dug", "do": "did", "draw": "drew",
	"drink": "drank", "drive": "drove", "eat": "ate", "fall": "fell", "feed": "fed", "feel": "felt",
	"fight": "fought", "find": "found", "flee": "fled", "fling": "flung", "fly": "flew",
	"forbid": "forbade", "forecast": "forecast", "foresee": "foresaw", "forget": "forgot",
	"forgive": "forgave", "freeze": "froze", "get": "got", "give": "gave", "go": "went", "grind": "ground",
	"grow": "grew", "hang": "hung", "have": "had", "hear": "heard", "hide": "hid", "hit": "hit",
	"hold": "held", "hurt": "hurt", "keep": "kept", "kneel": "knelt", "know": "knew", "lay": "laid",
	"lead": "led", "lean": "leaned", "leave": "left", "lend": "lent", "let": "let", "lie": "lay",
	"light": "lit", "lose": "lost", "make": "made", "mean": "meant", "meet": "met", "mislead": "misled",
	"overcome": "overcame", "overrun": "overran", "oversee": "oversaw", "overtake": "overtook",
	"overthrow": "overthrew", "pay": "paid", "prove": "proved", "put": "put", "quit": "quit", "read": "read",
	"rebuild": "rebuilt", "redo": "redid", "rewrite": "rewrote", "ride": "rode", "ring": "rang",
	"rise": "rose", "run": "ran", "say": "said", "see": "saw", "seek": "sought", "sell": "sold",
	"send": "sent", "set": "set", "shake": "shook", "shed": "shed", "shine": "shone", "shoot": "shot",
	"show": "showed", "shrink": "shrank", "shut": "shut", "sing": "sang", "sink": "sank", "sit": "sat",
	"sleep": "slept", "slide": "slid", "speak": "spoke", "speed": "sped", "spend": "spent", "spin": "spun",
	"split": "split", "spread": "spread", "spring": "sprang", "stand": "stood", "steal": "stole",
	"stick": "stuck", "sting": "stung", "stink": "stank", "strike": "struck", "strive": "strove",
	"swear": "swore", "sweep": "swept", "swim": "swam", "swing": "swung", "take": "took", "teach": "taught",
	"tear": "tore", "tell": "told", "think": "thought", "throw": "threw", "thrust": "thrust",
	"undergo": "underwent", "understand": "understood", "undertake": "undertook", "undo": "undid",
	"uphold": "upheld", "upset": "upset", "wake": "woke", "wear": "wore", "weave": "wove", "weep": "wept",
	"win": "won", "wind": "wound", "withdraw": "withdrew", "withhold": "withheld", "withstand": "withstood",
	"wring": "wrung", "write": "wrote", "shut down": "shut down", "sew": "sewed", "forsake": "forsook",
	"outrun": "outran", "override": "overrode", "mistake": "mistook", "misunderstand": "misunderstood",
	"partake": "partook", "befall": "befell", "behold": "beheld", "beget": "begot", "dwell": "dwelt",
	"slay": "slew", "smite": "smote", "stride": "strode", "tread": "trod", "can": "could", "will": "would",
	"shall": "should", "may": "might",
}

// doublingVerbs double their final consonant though stressed on a later
// syllable, which the one-syllable rule cannot see.
var doublingVerbs = set(`admit commit submit permit omit emit transmit regret refer prefer confer defer
	deter occur recur incur concur control patrol compel propel expel repel dispel rebel
	equip acquit abet embed forget begin outstrip kidnap worship handicap format`)

// pastTense returns the simple past of an English verb lemma, multiword
// lemmas ("take over") inflecting their first word.
func pastTense(lemma string) string {
	lemma = strings.ToLower(lemma)
	if first, rest, ok := strings.Cut(lemma, " "); ok {
		return pastTense(first) + " " + rest
	}
	if p, ok := irregularPast[lemma]; ok {
		return p
	}
	n := len(lemma)
	switch {
	case n == 0:
		return lemma
	case strings.HasSuffix(lemma, "e"):
		return lemma + "d"
	case n >= 2 && lemma[n-1] == 'y' && !isVowel(lemma[n-2]):
		return lemma[:n-1] + "ied"
	case lemma[n-1] == 'c' && (strings.HasSuffix(lemma, "ic")):
		return lemma + "ked" // panic → panicked, mimic → mimicked
	case doublingVerbs[lemma]:
		return lemma + lemma[n-1:] + "ed"
	case n >= 3 && syllables(lemma) == 1 && !isVowel(lemma[n-1]) && isVowel(lemma[n-2]) && !isVowel(lemma[n-3]) &&
		!strings.ContainsRune("wxy", rune(lemma[n-1])):
		return lemma + lemma[n-1:] + "ed"
	}
	return lemma + "ed"
}

func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

// syllables counts vowel groups, enough to tell "stop" from "visit".
func syllables(w string) int {
	n, prev := 0, false
	for i := 0; i < len(w); i++ {
		v := isVowel(w[i])
		if v && !prev {
			n++
		}
		prev = v
	}
	return n
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// classOf returns the PLOVER class of a predicate from its verb lemma, or
// from its object noun when the verb is light.
func classOf(verb, noun string) string {
	if noun != "" && (lightVerbs[verb] || classOfVerb[verb] == "") {
		if c, ok := classOfNoun[noun]; ok {
			return c
		}
	}
	if c, ok := classOfVerb[verb]; ok {
		return c
	}
	return "OTHER"
}
