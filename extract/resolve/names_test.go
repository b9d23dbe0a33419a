package resolve

import "testing"

// nameTests check which full name a one-word person name joins.
var nameTests = []struct {
	name  string
	text  string
	links []link
}{
	{
		name: "a word inside a full name named before joins it",
		text: "Luiz Inacio Lula da Silva won the election on Sunday. Lula spoke to supporters in Brasilia.",
		links: []link{
			{"Lula", 0, "Luiz Inacio Lula da Silva"},
		},
	},
	{
		name: "a word inside a full name named only later stays apart",
		text: "Chao went to the United States in 1910. Chao studied physics at Cornell University. His first daughter Rulan Chao Pian became a professor of music.",
		links: []link{
			{"Chao", 0, "Chao"},
			{"Chao", 1, "Chao"},
		},
	},
	{
		name: "a shorter form named as a relative is another member of the family",
		text: "Pierre Charles Lenoir was born in Paris in 1754, the second son of Pierre Lenoir, a painter. Pierre Charles Lenoir studied art in Paris.",
		links: []link{
			{"Pierre Lenoir", 0, "Pierre Lenoir"},
		},
	},
	{
		name: "a shorter form otherwise joins the full name",
		text: "George Walker Bush was born in New Haven. George Bush later moved to Texas.",
		links: []link{
			{"George Bush", 0, "George Walker Bush"},
		},
	},
}

func TestNames(t *testing.T) {
	for _, tc := range nameTests {
		t.Run(tc.name, func(t *testing.T) {
			checkLinks(t, tc.text, analyse(t, tc.text), tc.links)
		})
	}
}
