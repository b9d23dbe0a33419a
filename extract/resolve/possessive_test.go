package resolve

import "testing"

// possessiveTests are short made-up texts in which the sentence, not the
// document's topic, decides whose "his" it is.
var possessiveTests = []struct {
	name  string
	text  string
	links []link
}{
	{
		name: "the subject of the clause owns the possessive",
		text: "Daniel Moser wrote many books. Daniel Moser taught in Basel. His uncle, Jakob Moser, was also a scholar. Jakob Moser banned Daniel from his house.",
		links: []link{
			{"his", 0, "Jakob Moser"},
		},
	},
	{
		name: "a relative clause's subject is the noun it modifies",
		text: "Brock Tanner played for the Pirates. Tanner hit four singles. The only other player to do so was Jack Morrow, who went 4-for-5 in his second game.",
		links: []link{
			{"his", 0, "Jack Morrow"},
		},
	},
	{
		name: "a player nobody named owns a non-finite clause's possessive",
		text: "Brock Tanner played for the Pirates. Tanner hit four singles. The only other player to hit four singles so early in his career was Jack Morrow.",
		links: []link{
			{"his", 0, ""},
		},
	},
	{
		name: "a to-clause is controlled by the person it is asked of",
		text: "Theo Brandt joined the monastery. Brandt was young. Abbot Anselm called on Brandt to preach to the brothers despite his youth.",
		links: []link{
			{"his", 0, "Theo Brandt"},
		},
	},
	{
		name: "a participle's possessive is its controller's, named after it",
		text: "Muhammad Amin fled to Malaysia. Amin was detained in May. Discussing his concern in a statement, Rafael Ortiz said the talks would continue.",
		links: []link{
			{"his", 0, "Rafael Ortiz"},
		},
	},
	{
		name: "a non-finite clause takes the subject of its head clause",
		text: "Patrick Glen served in Moscow. Glen was a general. Tsar Peter employed him in organizing his army.",
		links: []link{
			{"him", 0, "Patrick Glen"},
			{"his", 0, "Peter"},
		},
	},
	{
		name: "X and his brother",
		text: "Jared Pallas stars in the series. Pallas plays a hunter. Sam and his brother Dean drive across the country.",
		links: []link{
			{"his", 0, "Sam"},
		},
	},
	{
		name: "a father nobody named owns his own death",
		text: "Daniel Moser studied medicine. Despite Daniel's attempts at reconciliation, his father kept the grudge until his death.",
		links: []link{
			{"his", 1, ""},
		},
	},
	{
		name: "his father, named after the pronoun, is not the owner",
		text: "Daniel Moser was born in Basel. Johann Moser taught in Basel. In 1720 his father, Johann Moser, encouraged him to study business.",
		links: []link{
			{"his", 0, "Daniel Moser"},
			{"him", 0, "Daniel Moser"},
		},
	},
	{
		name: "a subject after the possessive does not bind it",
		text: "Theo Brandt joined the monastery. Theo Brandt was young. Despite his clear talent, Father Anselm refused to promote Brandt.",
		links: []link{
			{"his", 0, "Theo Brandt"},
		},
	},
	{
		name: "a subject pronoun of a clause joined to a named subject's",
		text: "Evan Galt was a mathematician. Evan Galt died young. Galt wrote many letters. Some say Galt was killed in a duel. Rupert Dumont is alone in this claim, and if he were right the duel was staged.",
		links: []link{
			{"he", 0, "Rupert Dumont"},
		},
	},
	{
		name: "its belongs to the subject of its clause, not to the object",
		text: "Orbis Bank lent money to Nordlys Shipping. Nordlys Shipping grew fast. Orbis Bank then banned Nordlys Shipping from its offices.",
		links: []link{
			{"its", 0, "Orbis Bank"},
		},
	},
}

func TestPossessives(t *testing.T) {
	for _, tc := range possessiveTests {
		t.Run(tc.name, func(t *testing.T) {
			checkLinks(t, tc.text, analyse(t, tc.text), tc.links)
		})
	}
}
