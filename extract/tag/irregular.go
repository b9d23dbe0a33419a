package tag

import "strings"

// irregularVerbs lists common English irregular verbs as "base past
// participle" (alternatives joined by "/"). Treebank lemmas cover the
// frequent ones; this list catches the rest when a tagger sees, say, "fled"
// for the first time, where a suffix rule would give "fl".
const irregularVerbs = `arise arose arisen
awake awoke awoken
bear bore borne/born
beat beat beaten
become became become
befall befell befallen
begin began begun
behold beheld beheld
bend bent bent
bet bet bet
bid bade/bid bidden/bid
bind bound bound
bite bit bitten
bleed bled bled
blow blew blown
break broke broken
breed bred bred
bring brought brought
broadcast broadcast broadcast
build built built
burn burnt/burned burnt/burned
burst burst burst
buy bought bought
cast cast cast
catch caught caught
choose chose chosen
cling clung clung
come came come
cost cost cost
creep crept crept
cut cut cut
deal dealt dealt
dig dug dug
dive dove/dived dived
do did done
draw drew drawn
dream dreamt/dreamed dreamt/dreamed
drink drank drunk
drive drove driven
dwell dwelt dwelt
eat ate eaten
fall fell fallen
feed fed fed
feel felt felt
fight fought fought
find found found
flee fled fled
fling flung flung
fly flew flown
forbid forbade forbidden
forecast forecast forecast
foresee foresaw foreseen
foretell foretold foretold
forget forgot forgotten
forgive forgave forgiven
forsake forsook forsaken
freeze froze frozen
get got gotten/got
give gave given
go went gone
grind ground ground
grow grew grown
hang hung hung
have had had
hear heard heard
hide hid hidden
hit hit hit
hold held held
hurt hurt hurt
keep kept kept
kneel knelt knelt
know knew known
lay laid laid
lead led led
lean leant/leaned leant/leaned
leap leapt/leaped leapt/leaped
learn learnt/learned learnt/learned
leave left left
lend lent lent
let let let
lie lay lain
light lit lit
lose lost lost
make made made
mean meant meant
meet met met
mislead misled misled
mistake mistook mistaken
misunderstand misunderstood misunderstood
outdo outdid outdone
overcome overcame overcome
overdo overdid overdone
overhear overheard overheard
override overrode overridden
overrun overran overrun
oversee oversaw overseen
overtake overtook overtaken
overthrow overthrew overthrown
pay paid paid
prove proved proven/proved
put put put
quit quit quit
read read read
rebuild rebuilt rebuilt
redo redid redone
rethink rethought rethought
rewrite rewrote rewritten
rid rid rid
ride rode ridden
ring rang rung
rise rose risen
run ran run
say said said
see saw seen
seek sought sought
sell sold sold
send sent sent
set set set
sew sewed sewn
shake shook shaken
shed shed shed
shine shone shone
shoot shot shot
show showed shown
shrink shrank shrunk
shut shut shut
sing sang sung
sink sank sunk
sit sat sat
slay slew slain
sleep slept slept
slide slid slid
sling slung slung
slit slit slit
smell smelt/smelled smelt/smelled
speak spoke spoken
speed sped sped
spell spelt/spelled spelt/spelled
spend spent spent
spill spilt/spilled spilt/spilled
spin spun spun
spit spat spat
split split split
spoil spoilt/spoiled spoilt/spoiled
spread spread spread
spring sprang sprung
stand stood stood
steal stole stolen
stick stuck stuck
sting stung stung
stink stank stunk
stride strode stridden
strike struck struck/stricken
string strung strung
strive strove striven
swear swore sworn
sweep swept swept
swell swelled swollen
swim swam swum
swing swung swung
take took taken
teach taught taught
tear tore torn
tell told told
think thought thought
throw threw thrown
thrust thrust thrust
tread trod trodden
undergo underwent undergone
understand understood understood
undertake undertook undertaken
undo undid undone
upset upset upset
uphold upheld upheld
wake woke woken
wear wore worn
weave wove woven
weep wept wept
wet wet wet
win won won
wind wound wound
withdraw withdrew withdrawn
withhold withheld withheld
withstand withstood withstood
wring wrung wrung
write wrote written`

// irregularPast maps a lowercase past or participle form to its base.
var irregularPast = func() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(irregularVerbs, "\n") {
		f := strings.Fields(line)
		for _, col := range f[1:] {
			for _, form := range strings.Split(col, "/") {
				if _, ok := m[form]; !ok && form != f[0] {
					m[form] = f[0]
				}
			}
		}
	}
	return m
}()
