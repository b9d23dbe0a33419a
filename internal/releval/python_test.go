package releval

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"kg/extract/pipeline"
	"kg/internal/shared"
)

// TestMatchesScorePy builds texts of relations-dev into kg databases and
// checks that the Go scorer gives every count score.py --json gives on the
// same database, and the same missed rows, missed and spurious entities.
// Three texts by default, to keep CI fast; KG_RELEVAL_ALL=1 checks all 28.
func TestMatchesScorePy(t *testing.T) {
	data := shared.Path(t, "data")
	python, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is needed in CI to check the scorer against score.py")
		}
		t.Skip("python3 not found: cannot run score.py")
	}
	pipe, err := pipeline.New(pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A news article, a biography (pronoun-heavy) and an interview.
	names := []string{"GUM_news_korea", "GUM_bio_padalecki", "GUM_interview_cocktail"}
	if os.Getenv("KG_RELEVAL_ALL") != "" {
		if names, err = Texts(data); err != nil {
			t.Fatal(err)
		}
	}
	required, edges := 0, 0
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			gold, err := ReadGold(filepath.Join(GoldDir(data), name+".tsv"))
			if err != nil {
				t.Fatal(err)
			}
			text, err := ReadText(ConlluPath(data, name))
			if err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(t.TempDir(), name+".db")
			g, err := Build(context.Background(), pipe, name, text, db)
			if err != nil {
				t.Fatal(err)
			}
			got := Score(gold, g)

			cmd := exec.Command(python, filepath.Join(GoldDir(data), "score.py"), filepath.Join(GoldDir(data), name+".tsv"), db, "--json")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%v: %v", cmd, err)
			}
			var py struct {
				Entities struct {
					Gold, Found, Predicted int
					Missed, Spurious       []string
				}
				Relations struct {
					Required, Matched, Predicted, Correct int
					Missed, Wrong                         []string
				}
			}
			if err := json.Unmarshal(out, &py); err != nil {
				t.Fatalf("score.py output %q: %v", out, err)
			}

			var missed, wrong []string
			for _, r := range got.Missed {
				missed = append(missed, r.Tier+": "+r.Subjects[0]+" -"+r.Stems[0]+"-> "+r.Objects[0])
			}
			for _, e := range got.Edges {
				if !e.Matches {
					wrong = append(wrong, e.Subject+" -"+e.Predicate+"-> "+e.Object)
				}
			}
			slices.Sort(wrong)
			pyWrong := slices.Sorted(slices.Values(py.Relations.Wrong))
			pr := py.Relations
			if got.Required != pr.Required || got.Matched != pr.Matched || len(got.Edges) != pr.Predicted || got.Correct != pr.Correct {
				t.Errorf("relations: Go matched %d/%d correct %d/%d, score.py matched %d/%d correct %d/%d",
					got.Matched, got.Required, got.Correct, len(got.Edges), pr.Matched, pr.Required, pr.Correct, pr.Predicted)
			}
			if !slices.Equal(missed, pr.Missed) {
				t.Errorf("missed rows:\nGo        %q\nscore.py  %q", missed, pr.Missed)
			}
			if !slices.Equal(wrong, pyWrong) {
				t.Errorf("wrong edges:\nGo        %q\nscore.py  %q", wrong, pyWrong)
			}
			pe := py.Entities
			if got.GoldEntities != pe.Gold || got.Found != pe.Found || got.Predicted != pe.Predicted ||
				got.Mapped != pe.Predicted-len(pe.Spurious) {
				t.Errorf("entities: Go found %d/%d mapped %d/%d, score.py found %d/%d mapped %d/%d",
					got.Found, got.GoldEntities, got.Mapped, got.Predicted, pe.Found, pe.Gold, pe.Predicted-len(pe.Spurious), pe.Predicted)
			}
			if !slices.Equal(got.MissedNames, pe.Missed) || !slices.Equal(got.Spurious, pe.Spurious) {
				t.Errorf("entities missed %q spurious %q, score.py missed %q spurious %q", got.MissedNames, got.Spurious, pe.Missed, pe.Spurious)
			}
			required += got.Required
			edges += len(got.Edges)
		})
	}
	if required == 0 || edges == 0 {
		t.Errorf("%d required rows and %d edges over %q: nothing was compared", required, edges, names)
	}
}
