package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"kg/internal/shared"
)

// example is one command line shown to users, with where it is shown.
type example struct {
	where, line string
}

// helpExamples returns the example lines of every help text: the lines
// starting with "kg " after an "Example" heading, comments cut off.
func helpExamples(app *cli.App) []example {
	var out []example
	add := func(where, desc string) {
		in := false
		for _, l := range strings.Split(desc, "\n") {
			t := strings.TrimSpace(l)
			if strings.HasPrefix(strings.ToLower(t), "example") {
				in = true
				continue
			}
			if in && strings.HasPrefix(t, "kg ") {
				out = append(out, example{where, stripComment(t)})
			}
		}
	}
	add("kg --help", app.Description)
	var walk func(prefix string, cmds []*cli.Command)
	walk = func(prefix string, cmds []*cli.Command) {
		for _, c := range cmds {
			add(prefix+" "+c.Name+" --help", c.Description)
			walk(prefix+" "+c.Name, c.Subcommands)
		}
	}
	walk("kg", app.Commands)
	return out
}

// readmeExamples returns the kg command lines in the README's code blocks
// ("go run ./cmd/kg" counts as kg), and the files its examples read: the
// README's first SQL block that binds :entity is neighbours.sql.
func readmeExamples(t *testing.T, path string) (ex []example, sqlFiles map[string]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sqlFiles = map[string]string{}
	sc := bufio.NewScanner(f)
	in, lang, n := false, "", 0
	var block []string
	for sc.Scan() {
		n++
		l := sc.Text()
		if strings.HasPrefix(l, "```") {
			if in && lang == "sql" {
				sql := strings.Join(block, "\n")
				if strings.Contains(sql, ":entity") && sqlFiles["neighbours.sql"] == "" {
					sqlFiles["neighbours.sql"] = sql
				}
			}
			in, lang, block = !in, strings.TrimPrefix(l, "```"), nil
			continue
		}
		if !in {
			continue
		}
		block = append(block, l)
		t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "$ "))
		t = strings.Replace(t, "go run ./cmd/kg ", "kg ", 1)
		if strings.HasPrefix(t, "kg ") {
			ex = append(ex, example{"README.md:" + strconv.Itoa(n), stripComment(t)})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ex, sqlFiles
}

// stripComment cuts a trailing "# comment" outside quotes.
func stripComment(line string) string {
	var q byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '\'' || c == '"':
			q = c
		case c == '#' && i > 0 && line[i-1] == ' ':
			return strings.TrimSpace(line[:i])
		}
	}
	return line
}

// toolsOf returns the programs a shell line runs besides kg.
var toolRE = regexp.MustCompile(`(?:^|\|)\s*([a-z][a-z0-9_-]*)`)

func toolsOf(line string) []string {
	var out []string
	for _, m := range toolRE.FindAllStringSubmatch(line, -1) {
		if m[1] != "kg" {
			out = append(out, m[1])
		}
	}
	return out
}

// fixtureMisses are examples whose names the fixture cannot hold: each
// must still fail cleanly, with one line naming the problem and exit 1.
var fixtureMisses = map[string]string{
	`kg merge "The Digong" "Rodrigo Duterte"`: "the recogniser names him Digong, without the article",
	`kg retype Washington GPE`:                "the bundled sample already has Washington as a GPE",
}

// listing commands print their result on stdout.
var listing = regexp.MustCompile(`^kg (stats|entities|relations|query|neighbors|path|components|central|search|triples)\b`)

// TestExamplesRun runs every example of every --help text and of the README
// as a user would type them (through sh, with the built kg first on PATH),
// each set in order in its own fresh folder, an example shown twice once.
// The first example builds the bundled sample into kg.db; small input files
// stand in for the user's own (articles/, news.jsonl, …) and hold the names
// the curation examples use. Examples that read ../shared are skipped when
// it is absent (failed under CI), those that train models always, and those
// that need a tool that is not installed (dot, jq) are skipped, or failed
// under CI.
func TestExamplesRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kg and runs every example")
	}
	bin := kgBinary(t)
	root := t.TempDir()
	// Examples name ../shared/data as users see it beside the repository.
	sharedDir := shared.Find()
	if sharedDir != "" {
		if err := os.Symlink(sharedDir, filepath.Join(root, "shared")); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		"articles/rome.txt": "Marco Rubio met Giorgia Meloni in Rome on Monday. Meloni praised Rubio.\n",
		"articles/digong.txt": "The Digong visited Manila on Tuesday, and the Digong accused the Senate of delays. " +
			"Reporters asked the Digong about Sara Duterte.\n",
		"feed.jsonl": `{"text": "Germany accused Poland of delays.", "published": "2025-01-02"}` + "\n",
		"news.jsonl": `{"url": "https://example.org/story-retracted", "published": "2025-01-02", "text": ` +
			`"Rodrigo Duterte met Sara Duterte in Davao City on Monday. Reuters reported that Rodrigo Duterte praised Sara Duterte."}` + "\n" +
			`{"url": "https://example.org/other-smith", "published": "2025-01-03", "text": ` +
			`"John Smith met Anna Kowalska in Warsaw on Friday. John Smith later criticized the World Bank."}` + "\n",
		"article.txt":         "Kenya criticized the World Bank on Tuesday.\n",
		"my-articles/one.txt": "Canada praised Japan after talks in Tokyo.\n",
	}
	// The README builds my-articles/ only: it gets the curation examples'
	// names too, and the retracted story under the URL the README uses.
	files["my-articles/digong.txt"] = files["articles/digong.txt"]
	files["my-articles/news.jsonl"] = files["news.jsonl"] +
		`{"url": "https://example.org/retracted-story", "text": "Kenya thanked Chile for the aid."}` + "\n"
	rex, sqlFiles := readmeExamples(t, filepath.Join(shared.RepoRoot(t), "README.md"))
	for name, sql := range sqlFiles {
		files[name] = sql
	}
	env := []string{"PATH=" + filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH"), "HOME=" + root}
	hex := helpExamples(newApp(nil, nil, nil))
	if len(hex) < 20 || len(rex) < 3 {
		t.Fatalf("found %d help and %d README examples, want more", len(hex), len(rex))
	}
	ci := os.Getenv("CI") == "true"
	for _, set := range []struct {
		name     string
		examples []example
	}{{"help", hex}, {"README", rex}} {
		work := filepath.Join(root, set.name)
		// Examples may name the repository's own test texts (kg eval
		// relations --gold testdata/news).
		if err := os.MkdirAll(work, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(shared.RepoRoot(t), "testdata"), filepath.Join(work, "testdata")); err != nil {
			t.Fatal(err)
		}
		for name, body := range files {
			p := filepath.Join(work, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]bool{}
		for _, ex := range set.examples {
			if seen[ex.line] {
				continue
			}
			seen[ex.line] = true
			t.Run(set.name+"/"+ex.line, func(t *testing.T) { runExample(t, ex, work, env, sharedDir != "", ci) })
		}
	}
}

func runExample(t *testing.T, ex example, work string, env []string, haveShared, ci bool) {
	switch {
	case strings.HasPrefix(ex.line, "kg train"):
		t.Skip("trains and writes a model")
	case strings.Contains(ex.line, "--cv"):
		t.Skip("cross-validation trains a model per fold")
	case strings.HasPrefix(ex.line, "kg serve"):
		t.Skip("serves until interrupted; TestServe* run it, TestServeInBrowser in a browser")
	case (strings.Contains(ex.line, "../shared") || strings.HasPrefix(ex.line, "kg eval")) && !haveShared:
		// kg eval reads ../shared/data by default.
		if ci {
			t.Fatal("../shared is missing in CI")
		}
		t.Skip("needs ../shared")
	}
	tools := toolsOf(ex.line)
	if strings.HasPrefix(ex.line, "kg render") {
		tools = append(tools, "dot")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if ci && (tool == "dot" || tool == "jq") {
				t.Fatalf("%s is missing in CI", tool)
			}
			t.Skipf("needs %s", tool)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-ec", ex.line)
	cmd.Dir = work
	cmd.Env = env
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if why, ok := fixtureMisses[ex.line]; ok {
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		if cmd.ProcessState.ExitCode() != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "kg: ") {
			t.Errorf("%s: %s (%s): want exit 1 and one line of error, got %v and %q", ex.where, ex.line, why, err, stderr.String())
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: %s\nfailed: %v\nstderr: %s", ex.where, ex.line, err, stderr.String())
	}
	if listing.MatchString(ex.line) && !strings.Contains(ex.line, ">") && stdout.Len() == 0 {
		t.Errorf("%s: %s printed nothing; stderr: %s", ex.where, ex.line, stderr.String())
	}
}
