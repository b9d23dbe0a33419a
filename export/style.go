package export

import (
	"hash/fnv"
	"math"
	"strconv"
	"unicode/utf8"
)

// nodeStyle is how a node of one entity type looks in DOT and GEXF, so that
// the two formats agree.
type nodeStyle struct {
	color     string // fill colour, #rrggbb
	dotShape  string // Graphviz shape
	gexfShape string // viz:shape value: disc, square, triangle, diamond
}

// styleOf returns the style of an entity type. Unknown types get a colour
// picked by hashing the type, so the same type always looks the same.
func styleOf(typ string) nodeStyle {
	switch typ {
	case "PERSON":
		return nodeStyle{"#a6cee3", "ellipse", "disc"}
	case "ORG":
		return nodeStyle{"#b2df8a", "box", "square"}
	case "GPE":
		return nodeStyle{"#fdbf6f", "hexagon", "diamond"}
	case "LOC":
		return nodeStyle{"#cab2d6", "house", "triangle"}
	case "NORP":
		return nodeStyle{"#fb9a99", "octagon", "disc"}
	case "":
		return nodeStyle{"#d9d9d9", "ellipse", "disc"}
	}
	extra := [...]string{"#ffffb3", "#bebada", "#80b1d3", "#fccde5", "#ccebc5", "#ffed6f", "#bc80bd", "#8dd3c7"}
	return nodeStyle{extra[hashString(typ)%uint32(len(extra))], "ellipse", "disc"}
}

// classColor returns the colour of an edge class: the PLOVER event classes
// run from green (cooperation) to red (violence); ROLE, STATEMENT and OTHER
// are neutral, and unknown classes get a hashed grey-blue.
func classColor(class string) string {
	switch class {
	case "AGREE":
		return "#1b9e77"
	case "CONSULT":
		return "#66a61e"
	case "SUPPORT":
		return "#2ca02c"
	case "CONCEDE":
		return "#17becf"
	case "COOPERATE":
		return "#1f77b4"
	case "AID":
		return "#9467bd"
	case "RETREAT":
		return "#8c564b"
	case "REQUEST":
		return "#bcbd22"
	case "ACCUSE":
		return "#ff7f0e"
	case "REJECT":
		return "#e377c2"
	case "THREATEN":
		return "#d62728"
	case "PROTEST":
		return "#e6550d"
	case "SANCTION":
		return "#843c39"
	case "MOBILIZE":
		return "#637939"
	case "COERCE":
		return "#a50f15"
	case "ASSAULT":
		return "#67000d"
	case "ROLE":
		return "#4d4d4d"
	case "STATEMENT":
		return "#6baed6"
	case "OTHER", "":
		return "#969696"
	}
	extra := [...]string{"#525252", "#3182bd", "#756bb1", "#636363", "#31a354", "#e6550d"}
	return extra[hashString(class)%uint32(len(extra))]
}

func hashString(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// thickness maps an edge weight (evidence count) to a line width: 1 for a
// single sentence, one more per doubling, at most 8 so that hubs stay legible.
func thickness(weight int) float64 {
	if weight <= 1 {
		return 1
	}
	return math.Min(1+math.Log2(float64(weight)), 8)
}

// rgb returns the channels of a #rrggbb colour.
func rgb(hex string) (r, g, b uint64) {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	return v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff
}

// ellipsis marks a string cut short.
const ellipsis = "…"

// truncate cuts s to at most max bytes, on a UTF-8 boundary, ending with
// "…" when something was cut. max <= 0 keeps s whole. It is used where a
// reader copes badly with huge values; escaping stays in each format's own
// function.
func truncate(s string, max int) string {
	if max <= 0 || len(s) <= max {
		return s
	}
	if max < len(ellipsis) {
		return ""
	}
	cut := max - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}

// finite reports whether f can be written as a number in every format.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
