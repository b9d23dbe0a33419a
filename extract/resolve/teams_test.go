package resolve

import (
	"slices"
	"testing"
)

// TestSenses runs the trained models on texts of our own where one word
// names different things: a country and its national team, a people and
// an airline, a country and a highway. Each link names the entity a
// mention must resolve to, and its type.
func TestSenses(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		links []link
		types map[string]string // entity name → type
		// unlinked are the entities marked Unlinked (every other entity
		// must not be).
		unlinked []string
	}{
		{
			name: "match report",
			text: "Portugal beat Morocco 2–1 in Lisbon on Saturday to top the group.\n\n" +
				"Morocco's goalkeeper made six saves, and the Portugal coach praised his players after the match. " +
				"Portugal will face Croatia in the quarter-final.\n",
			links: []link{
				{"Portugal", 0, "Portugal national team"},
				{"Morocco", 0, "Morocco national team"},
				{"Morocco", 1, "Morocco national team"},
				{"Portugal", 2, "Portugal national team"},
				{"Lisbon", 0, "Lisbon"},
			},
			types: map[string]string{"Portugal national team": "ORG", "Morocco national team": "ORG", "Lisbon": "GPE"},
		},
		{
			name: "a club named after its city",
			text: "Liverpool signed the striker Ben Doak from Celtic on Friday for the new season.\n\n" +
				"Liverpool coach Arne Slot said Doak would start the next game.\n",
			links: []link{
				{"Liverpool", 0, "Liverpool"},
				{"Liverpool", 1, "Liverpool"},
			},
			types: map[string]string{"Liverpool": "ORG"},
		},
		{
			name: "clubs the recogniser mistypes or misses",
			text: "Benfica beat Porto 3-1 in Lisbon on Sunday to go top of the league.\n\n" +
				"Porto coach Sergio Conceicao blamed the referee. Benfica's striker scored twice in the second half.\n",
			links: []link{
				{"Benfica", 0, "Benfica"},
				{"Porto", 0, "Porto"},
				{"Porto", 1, "Porto"},
				{"Benfica", 1, "Benfica"},
			},
			types: map[string]string{"Benfica": "ORG", "Porto": "ORG", "Lisbon": "GPE"},
		},
		{
			name:  "the city in a report that is no match report",
			text:  "Liverpool signed a deal with the port operator on Friday. The city council welcomed it.\n",
			types: map[string]string{"Liverpool": "GPE"},
		},
		{
			name: "host country stays a country",
			text: "Qatar hosted the final at Lusail Stadium, where Argentina beat France 4–2 on penalties after a 3–3 draw.\n",
			links: []link{
				{"Qatar", 0, "Qatar"},
				{"Argentina", 0, "Argentina national team"},
				{"France", 0, "France national team"},
			},
			types: map[string]string{"Qatar": "GPE"},
		},
		{
			name: "a war is no match",
			text: "Russia defeated the French army in 1812. Two years later Russia signed a treaty with France.\n",
			links: []link{
				{"Russia", 0, "Russia"},
				{"Russia", 1, "Russia"},
				{"France", 0, "France"},
			},
			types: map[string]string{"Russia": "GPE", "France": "GPE"},
		},
		{
			name: "airlines",
			text: "The airport is a hub for Delta Air Lines and American Airlines.\n\n" +
				"Terminal 3 serves Air Canada, American, British Airways and Lufthansa.\n",
			links: []link{
				{"American", 0, "American Airlines"},
				{"British Airways", 0, "British Airways"},
			},
		},
		{
			name: "a country before a namesake",
			text: "Jordan signed a trade deal with Egypt on Monday. Later that week, the basketball player Michael Jordan visited Cairo. Jordan met fans there.\n",
			links: []link{
				{"Jordan", 0, "Jordan"},
				{"Michael Jordan", 0, "Michael Jordan"},
				{"Jordan", 1, "Michael Jordan"},
			},
			types: map[string]string{"Jordan": "GPE"},
		},
		{
			name: "a state named as its capital",
			text: "Governor Jay Inslee of Washington state flew to Washington to meet the president.\n",
			links: []link{
				{"Washington state", 0, "Washington State"},
				{"Washington", 0, "Washington"},
			},
		},
		{
			name: "languages",
			text: "The English lexicon borrowed many words from French, and the French translation of the novel appeared in Paris.\n",
			links: []link{
				{"Paris", 0, "Paris"},
			},
			types: map[string]string{"France": ""},
		},
		{
			name: "contests",
			text: "Nadal won the French Open and the US Open before the World Cup began in Qatar.\n",
			links: []link{
				{"Qatar", 0, "Qatar"},
			},
			types: map[string]string{"France": "", "United States": "", "World": ""},
		},
		{
			name: "a bare name introduced as someone new",
			text: "Smith, a spokesman for the army, declined to comment. Obama, the former president, spoke in Chicago. Smith later said the figures were wrong.\n",
			links: []link{
				{"Smith", 1, "Smith"},
			},
			unlinked: []string{"Smith"},
		},
		{
			name: "a city before its country or state",
			text: "Mufulira, Zambia, was quiet on Monday. Jackson, Mississippi, voted for the plan.\n",
			links: []link{
				{"Mufulira", 0, "Mufulira"},
				{"Jackson", 0, "Jackson"},
			},
			types: map[string]string{"Mufulira": "GPE", "Jackson": "GPE", "Mississippi": "GPE"},
		},
		{
			name: "a role title after an organisation's name",
			text: "Maria Lopez, the Interior Ministry Spokesperson, said the border was open. Labour's Shadow Home Secretary Yvette Cooper disagreed.\n",
			links: []link{
				{"Interior Ministry", 0, "Interior Ministry"},
				{"Yvette Cooper", 0, "Yvette Cooper"},
			},
			types: map[string]string{"Interior Ministry Spokesperson": "", "Shadow": "", "Shadow Home": ""},
		},
		{
			name: "highways",
			text: "From Tulsa, drivers take US 169 north to Owasso. The US government paid for the road.\n",
			links: []link{
				{"US 169", 0, "US 169"},
				{"US", 0, "United States"},
			},
			types: map[string]string{"US 169": "LOC"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := analyse(t, tt.text) // skips in -short mode
			checkLinks(t, tt.text, r, tt.links)
			for _, e := range r.Entities {
				if want := slices.Contains(tt.unlinked, e.Name); e.Unlinked != want {
					t.Errorf("entity %q: Unlinked = %v, want %v", e.Name, e.Unlinked, want)
				}
			}
			for name, want := range tt.types {
				got := ""
				for _, e := range r.Entities {
					if e.Name == name {
						got = e.Type
					}
				}
				if got != want {
					t.Errorf("entity %q has type %q, want %q; entities %q", name, got, want, entityNames(r))
				}
			}
		})
	}
}
