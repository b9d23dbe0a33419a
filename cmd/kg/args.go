package main

import (
	"fmt"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"
)

// interspersed reorders a command line so that flags may come after
// positional arguments: urfave/cli v2 (like Go's flag package) stops parsing
// flags at the first positional argument, so `kg neighbors Rubio --json`
// would see "--json" as a second name. For the command (and subcommand)
// named in args, every flag, with its value when the flag takes one, is
// moved in front of the positional arguments, which keep their order.
//
// "--" ends the flags: what follows is positional, as written. A lone "-"
// (standard input) is positional. "--flag=value" is one token. Unknown
// flags stay flags, so that urfave reports them. args[0] is the program
// name.
//
// A command name kg does not know is an error that suggests the closest one.
func interspersed(app *cli.App, args []string) ([]string, error) {
	if len(args) < 2 {
		return args, nil
	}
	out := []string{args[0]}
	rest := args[1:]
	flags, cmds := app.Flags, app.Commands
	for {
		// The flags before the command name, and the name itself.
		var name string
		i := 0
		for i < len(rest) {
			a := rest[i]
			if a == "--" || !isFlag(a) {
				break
			}
			out = append(out, a)
			i++
			if takesValue(flags, a) && i < len(rest) {
				out = append(out, rest[i])
				i++
			}
		}
		if i >= len(rest) || rest[i] == "--" {
			return append(out, rest[i:]...), nil
		}
		name = rest[i]
		cmd := findCommand(cmds, name)
		if cmd == nil && name != "help" && name != "h" {
			return nil, unknownCommand(cmds, name)
		}
		out = append(out, name)
		rest = rest[i+1:]
		if cmd == nil || cmd.SkipFlagParsing {
			return append(out, rest...), nil
		}
		if len(cmd.Subcommands) > 0 {
			// The flags of a command with subcommands come before the
			// subcommand's name.
			flags, cmds = cmd.Flags, cmd.Subcommands
			continue
		}
		return append(out, reorder(cmd.Flags, rest)...), nil
	}
}

// reorder puts the flags of args (with their values) before the positional
// arguments.
func reorder(flags []cli.Flag, args []string) []string {
	var fl, pos []string
	dashdash := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			dashdash = true
			pos = append(pos, args[i+1:]...)
			break
		}
		if !isFlag(a) {
			pos = append(pos, a)
			continue
		}
		fl = append(fl, a)
		if takesValue(flags, a) && i+1 < len(args) {
			i++
			fl = append(fl, args[i])
		}
	}
	// A positional argument that looks like a flag needs "--" in front
	// to stay positional.
	for _, p := range pos {
		if p != "-" && strings.HasPrefix(p, "-") {
			dashdash = true
		}
	}
	if dashdash && len(pos) > 0 {
		fl = append(fl, "--")
	}
	return append(fl, pos...)
}

// isFlag reports whether a token is a flag: it starts with "-" and is not
// "-" alone (standard input) or a negative number.
func isFlag(a string) bool {
	if len(a) < 2 || a[0] != '-' {
		return false
	}
	if c := a[1]; c >= '0' && c <= '9' || c == '.' {
		return false
	}
	return true
}

// takesValue reports whether the flag token a, written without "=value",
// is followed by its value.
func takesValue(flags []cli.Flag, a string) bool {
	name := strings.TrimLeft(a, "-")
	if strings.Contains(name, "=") {
		return false
	}
	for _, f := range flags {
		for _, n := range f.Names() {
			if n != name {
				continue
			}
			if v, ok := f.(interface{ TakesValue() bool }); ok {
				return v.TakesValue()
			}
			return false
		}
	}
	return false
}

// findCommand returns the command called name (or one of its aliases).
func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

// suggestCommand returns the command name closest to a mistyped one, or ""
// when none is close: within two edits, or one for short names.
func suggestCommand(cmds []*cli.Command, name string) string {
	best, bestD := "", 3
	var names []string
	for _, c := range cmds {
		names = append(names, c.Names()...)
	}
	sort.Strings(names)
	for _, n := range names {
		limit := 2
		if len(n) <= 4 {
			limit = 1
		}
		if d := editDistance(strings.ToLower(name), n); d <= limit && d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the Damerau–Levenshtein distance (adjacent swaps count as
// one edit: "biuld" is one edit from "build").
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// unknownCommand is the error for a command name kg does not have.
func unknownCommand(cmds []*cli.Command, name string) error {
	msg := fmt.Sprintf("%q is not a kg command", name)
	if s := suggestCommand(cmds, name); s != "" {
		msg += fmt.Sprintf("; did you mean 'kg %s'?", s)
	} else {
		msg += " (see 'kg help')"
	}
	return cli.Exit(msg, 2)
}

// release is the version of this kg's command line and formats.
const release = "0.4.0"

// version is release, followed by the commit it was built from when the
// build recorded one.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return release
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return release
	}
	return release + " (" + rev + dirty + ")"
}
