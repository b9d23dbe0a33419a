package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestStreamMatchesPrint checks that a streamed listing prints the bytes
// output.print prints for the whole list, in every format, for lists of
// one block (and a tabwriter table), and that a longer table stays aligned
// within each block.
func TestStreamMatchesPrint(t *testing.T) {
	header := []string{"id", "name", "note"}
	rowsOf := func(n int) ([]entityJSON, [][]string) {
		vs := []entityJSON{}
		var rows [][]string
		for i := 0; i < n; i++ {
			name := strings.Repeat("Zoë ", 1+i%3) + fmt.Sprint(i)
			vs = append(vs, entityJSON{ID: int64(i), Name: name, Type: "PERSON", Aliases: []string{}})
			rows = append(rows, []string{fmt.Sprint(i), name, "a <b> & \"c\"\tsplit"})
		}
		return vs, rows
	}
	for _, n := range []int{0, 1, 5, 300} {
		for _, mode := range []string{"table", "json", "csv", "truncate"} {
			vs, rows := rowsOf(n)
			var want, got strings.Builder
			o := output{w: &want, json: mode == "json", csv: mode == "csv"}
			if mode == "truncate" {
				o.truncate = 6
			}
			if err := o.print(vs, header, rows, "nothing"); err != nil {
				t.Fatal(err)
			}
			o.w = &got
			st := o.stream(header, "nothing")
			for i := range vs {
				if err := st.add(vs[i], rows[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := st.close(); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%d rows as %s:\n got %q\nwant %q", n, mode, got.String(), want.String())
			}
		}
	}
	// Arrays streamed item by item are the arrays add writes.
	for _, sizes := range [][]int{{}, {0}, {3}, {2, 0, 1}} {
		var want, got strings.Builder
		var all [][]entityJSON
		st := output{w: &got, json: true}.stream(header, "")
		for _, n := range sizes {
			items, _ := rowsOf(n)
			all = append(all, items)
			if err := st.addArray(n, func(i int) any { return items[i] }, nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.close(); err != nil {
			t.Fatal(err)
		}
		if all == nil {
			all = [][]entityJSON{}
		}
		writeJSON(&want, all)
		if got.String() != want.String() {
			t.Errorf("arrays of %v:\n got %q\nwant %q", sizes, got.String(), want.String())
		}
	}

	// Past one block, columns only widen: every line of a block has its
	// second column at the same place.
	_, rows := rowsOf(3 * streamBlock)
	var out strings.Builder
	st := output{w: &out}.stream(header, "")
	for _, r := range rows {
		st.add(nil, r)
	}
	if err := st.close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3*streamBlock+1 {
		t.Fatalf("%d lines; want %d", len(lines), 3*streamBlock+1)
	}
	for b := 0; b < 3; b++ {
		block := lines[b*streamBlock : (b+1)*streamBlock]
		at := strings.Index(block[1], " Zoë")
		for _, l := range block[1:] {
			if i := strings.Index(l, " Zoë"); i != at {
				t.Fatalf("block %d: line %q has its name at %d, the block at %d", b, l, i, at)
			}
		}
	}
}
