package segment

// Abbreviation classes decide two things: whether a word's final period is
// part of the word (tokenization), and whether a sentence may end after it.
type abbrevClass uint8

const (
	notAbbrev abbrevClass = iota
	// continues: the next word belongs to the same phrase ("Dr. Smith",
	// "Feb. 28"), so the abbreviation ends a sentence only before an obvious
	// sentence opener.
	continues
	// mayEnd: the abbreviation often stands last in a sentence ("Inc.",
	// "U.S.", "etc."); it ends one before a capitalised sentence opener.
	mayEnd
	// beforeNumber: only an abbreviation when a number follows ("No. 5").
	beforeNumber
	// initial: a single letter and a period ("J. R. R. Tolkien").
	initial
)

// abbrevs maps an abbreviation (without its final period) to its class.
// Keys are case sensitive where the lower-case form is an ordinary word
// ("Ill." the state versus "ill.").
var abbrevs = map[string]abbrevClass{
	// Titles and ranks.
	"Mr": continues, "Mrs": continues, "Ms": continues, "Messrs": continues, "Mmes": continues,
	"Dr": continues, "Drs": continues, "Prof": continues, "Profs": continues,
	"Gen": continues, "Lt": continues, "Col": continues, "Maj": continues, "Capt": continues,
	"Cmdr": continues, "Cmdt": continues, "Adm": continues, "Sgt": continues, "Cpl": continues,
	"Pvt": continues, "Brig": continues, "Lieut": continues, "Gov": continues, "Govs": continues,
	"Sen": continues, "Sens": continues, "Rep": continues, "Reps": continues, "Pres": continues,
	"Supt": continues, "Det": continues, "Insp": continues, "Atty": continues, "Amb": continues,
	"Rev": continues, "Hon": continues, "Fr": continues, "Msgr": continues, "Sr": mayEnd,
	"Jr": mayEnd, "St": mayEnd, "Mt": continues, "Ft": continues, "Pt": continues,
	"Sec": continues, "Secy": continues, "Treas": continues, "Dist": continues,
	"Ald": continues,
	"mr":  continues, "mrs": continues, "ms": continues, "dr": continues, "prof": continues,
	// Months and weekdays.
	"Jan": continues, "Feb": continues, "Mar": continues, "Apr": continues, "Jun": continues,
	"Jul": continues, "Aug": continues, "Sep": continues, "Sept": continues, "Oct": continues,
	"Nov": continues, "Dec": continues,
	"Mon": mayEnd, "Tue": mayEnd, "Tues": mayEnd, "Wed": mayEnd, "Thu": mayEnd, "Thur": mayEnd,
	"Thurs": mayEnd, "Fri": mayEnd, "Sat": mayEnd, "Sun": mayEnd,
	// Corporate and organisational suffixes.
	"Inc": mayEnd, "Corp": mayEnd, "Co": mayEnd, "Cos": mayEnd, "Ltd": mayEnd, "Bros": mayEnd,
	"Plc": mayEnd, "Assn": mayEnd, "Assoc": mayEnd, "Dept": mayEnd, "Univ": mayEnd,
	"Inst": mayEnd, "Intl": mayEnd, "Natl": mayEnd, "Govt": mayEnd, "Mfg": mayEnd,
	"inc": mayEnd, "corp": mayEnd, "ltd": mayEnd, "dept": mayEnd,
	// Places and streets.
	"Ave": mayEnd, "Blvd": mayEnd, "Rd": mayEnd, "Hwy": mayEnd, "Sq": mayEnd, "Ln": mayEnd,
	"Pl": mayEnd, "Ct": mayEnd, "Pkwy": mayEnd, "Mtn": mayEnd,
	// US states (AP style); the ones that are common words are left out.
	"Ala": mayEnd, "Ariz": mayEnd, "Ark": mayEnd, "Calif": mayEnd, "Colo": mayEnd,
	"Conn": mayEnd, "Del": mayEnd, "Fla": mayEnd, "Ga": mayEnd, "Ill": mayEnd, "Ind": mayEnd,
	"Kan": mayEnd, "Kans": mayEnd, "Ky": mayEnd, "La": mayEnd, "Md": mayEnd, "Mich": mayEnd,
	"Minn": mayEnd, "Mo": mayEnd, "Mont": mayEnd, "Neb": mayEnd, "Nebr": mayEnd, "Nev": mayEnd,
	"Okla": mayEnd, "Ore": mayEnd, "Pa": mayEnd, "Tenn": mayEnd, "Tex": mayEnd,
	"Va": mayEnd, "Vt": mayEnd, "Wash": mayEnd, "Wis": mayEnd, "Wisc": mayEnd, "Wyo": mayEnd,
	// Latin and general abbreviations.
	"e.g": continues, "i.e": continues, "E.g": continues, "I.e": continues, "eg": continues, "ie": continues,
	"etc": mayEnd, "vs": continues, "v": continues, "al": mayEnd, "cf": continues,
	"approx": continues, "ca": continues, "esp": continues, "viz": continues, "resp": mayEnd,
	"incl": continues, "min": mayEnd, "max": mayEnd, "est": mayEnd, "div": mayEnd,
	"Ph": continues, "Mss": mayEnd, "Gov't": mayEnd, "govt": mayEnd,
	// Before numbers only: "No. 5", "pp. 10-12", "Fig. 3".
	"No": beforeNumber, "Nos": beforeNumber, "no": beforeNumber, "nos": beforeNumber,
	"Fig": beforeNumber, "fig": beforeNumber, "Vol": beforeNumber, "vol": beforeNumber,
	"pp": beforeNumber, "p": beforeNumber, "Art": beforeNumber, "Ch": beforeNumber,
	"ch": beforeNumber, "Ex": beforeNumber, "Nr": beforeNumber,
}

// openers are capitalised words that usually begin a sentence; after an
// abbreviation that could end one ("Inc.", "U.S."), such a word tells that
// it did. A name after it ("U.S. Secretary") does not.
var openers = map[string]bool{
	"The": true, "A": true, "An": true, "This": true, "That": true, "These": true, "Those": true,
	"There": true, "Here": true, "It": true, "Its": true, "He": true, "She": true, "They": true,
	"We": true, "I": true, "You": true, "His": true, "Her": true, "Their": true, "Our": true,
	"My": true, "Your": true, "But": true, "And": true, "Or": true, "So": true, "Yet": true,
	"However": true, "In": true, "On": true, "At": true, "For": true, "With": true, "After": true,
	"Before": true, "When": true, "While": true, "If": true, "As": true, "Since": true,
	"Although": true, "Though": true, "Because": true, "Meanwhile": true, "Also": true,
	"Still": true, "Then": true, "Now": true, "Some": true, "Many": true, "Most": true,
	"All": true, "Both": true, "Each": true, "Every": true, "No": true, "Not": true,
	"What": true, "Who": true, "Why": true, "How": true, "Where": true, "Which": true,
	"Is": true, "Are": true, "Was": true, "Were": true, "Do": true, "Does": true, "Did": true,
	"Can": true, "Could": true, "Will": true, "Would": true, "Should": true, "May": false,
	"Officials": true, "According": true, "Despite": true, "During": true, "Under": true,
	"Such": true, "Other": true, "Another": true, "Last": true, "Next": true, "Earlier": true,
	"Later": true, "Instead": true, "Thus": true, "Therefore": true, "Moreover": true,
	"Please": true, "Thanks": true, "Thank": true, "Yes": true, "Well": true, "Oh": true,
	"Mr.": true, "Mrs.": true, "Ms.": true, "Dr.": true,
}
