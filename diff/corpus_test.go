package diff_test

import (
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sagac/sagac/diff"
	"github.com/sagac/sagac/internal/testutil"
	"github.com/sagac/sagac/jsonv"
)

// realworld returns the parsed definitions of the real-world corpus
// (../shared/corpus/asl/realworld beside the repository; the test skips
// when it is absent, and fails in CI), by file name; files that are not
// valid JSON (one is, by its README) are left out.
func realworld(t *testing.T) map[string]*jsonv.Value {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(testutil.SharedDir(t), "corpus", "asl", "realworld", "*", "*.json"))
	if len(files) < 20 {
		t.Fatalf("found only %d realworld definitions", len(files))
	}
	out := map[string]*jsonv.Value{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v, diags := jsonv.Parse(f, data)
		if diags.HasErrors() {
			continue
		}
		out[f] = v
	}
	if len(out) < len(files)-1 {
		t.Fatalf("%d of %d realworld files do not parse", len(files)-len(out), len(files))
	}
	return out
}

func seed(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}

// shuffled returns a deep copy of v with every object's members in a
// random order.
func shuffled(v *jsonv.Value, r *rand.Rand) *jsonv.Value {
	c := &jsonv.Value{Kind: v.Kind, Str: v.Str, Bool: v.Bool}
	for _, e := range v.Elems {
		c.Elems = append(c.Elems, shuffled(e, r))
	}
	for _, m := range v.Members {
		c.Members = append(c.Members, &jsonv.Member{Key: m.Key, Value: shuffled(m.Value, r)})
	}
	r.Shuffle(len(c.Members), func(i, j int) { c.Members[i], c.Members[j] = c.Members[j], c.Members[i] })
	return c
}

// TestRealworldReformatted: every real definition equals a reformatted,
// key-shuffled copy of itself, read back from text.
func TestRealworldReformatted(t *testing.T) {
	for name, v := range realworld(t) {
		r := rand.New(rand.NewPCG(seed(name), 1))
		text := jsonv.MarshalCompact(shuffled(v, r))
		if r.IntN(2) == 0 {
			text = jsonv.Marshal(shuffled(v, r))
		}
		w, diags := jsonv.Parse("copy.json", text)
		if diags.HasErrors() {
			t.Fatalf("%s: copy does not parse: %v", name, diags)
		}
		if res := diff.Compare(v, w); !res.Equal() {
			t.Errorf("%s: reformatted copy differs: %s: %s", filepath.Base(name), res.Summary(), res.Changes[0].Summary)
		}
	}
}

// leafSite is a scalar value inside a definition and where it is.
type leafSite struct {
	state   string // "" for a top-level field
	pointer string // from the document root
	v       *jsonv.Value
}

// changeableLeaves lists the scalars whose change must give exactly one
// field change: not transitions (Next, Default, StartAt, End), not Type,
// not the error names of a Catch, which change the saga's structure and so
// rightly give saga-level lines too.
func changeableLeaves(def *jsonv.Value) []leafSite {
	var out []leafSite
	def.Walk(func(ptr string, v *jsonv.Value) bool {
		if v.Kind == jsonv.Object || v.Kind == jsonv.Array {
			return true
		}
		toks := strings.Split(ptr, "/")[1:]
		last := toks[len(toks)-1]
		switch last {
		case "Next", "Default", "StartAt", "End", "Type":
			return false
		}
		if strings.Contains(ptr, "/Catch/") && strings.Contains(ptr, "/ErrorEquals/") {
			return false
		}
		if toks[0] != "States" {
			out = append(out, leafSite{pointer: ptr, v: v})
			return false
		}
		if len(toks) < 3 {
			return false
		}
		state := strings.ReplaceAll(strings.ReplaceAll(toks[1], "~1", "/"), "~0", "~")
		out = append(out, leafSite{state: state, pointer: ptr, v: v})
		return false
	})
	return out
}

// TestRealworldOneFieldChanged: changing one scalar of a real definition
// gives exactly one change, naming that state and that field.
func TestRealworldOneFieldChanged(t *testing.T) {
	checked := 0
	for name, def := range realworld(t) {
		leaves := changeableLeaves(def)
		// Up to 12 leaves a file, spread over the definition.
		step := max(1, len(leaves)/12)
		for i := 0; i < len(leaves); i += step {
			site := leaves[i]
			old := *site.v
			switch site.v.Kind {
			case jsonv.Number:
				site.v.Str = "12345"
				if jsonv.CanonicalNumber(old.Str) == "12345" {
					site.v.Str = "54321"
				}
			case jsonv.String:
				site.v.Str += "-changed"
			case jsonv.Bool:
				site.v.Bool = !site.v.Bool
			default:
				*site.v = *jsonv.NewString("was null")
			}
			changed, diags := jsonv.Parse("changed.json", jsonv.Marshal(def))
			*site.v = old
			if diags.HasErrors() {
				t.Fatalf("%s: %v", name, diags)
			}
			res := diff.Compare(def, changed)
			checked++
			if len(res.Changes) != 1 {
				var lines []string
				for _, c := range res.Changes {
					lines = append(lines, c.Summary)
				}
				t.Errorf("%s: changing %s gave %d changes:\n%s", filepath.Base(name), site.pointer, len(res.Changes), strings.Join(lines, "\n"))
				continue
			}
			c := res.Changes[0]
			if c.State != site.state || c.Pointer != site.pointer {
				t.Errorf("%s: changing %s gave state %q pointer %q: %s", filepath.Base(name), site.pointer, c.State, c.Pointer, c.Summary)
			}
			if c.Field == "" || !strings.Contains(c.Summary, c.Field) {
				t.Errorf("%s: changing %s: summary %q does not name field %q", filepath.Base(name), site.pointer, c.Summary, c.Field)
			}
		}
	}
	t.Logf("checked %d single-field changes", checked)
	if checked < 100 {
		t.Errorf("checked only %d changes", checked)
	}
}
