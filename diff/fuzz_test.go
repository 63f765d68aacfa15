package diff_test

import (
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/sagac/sagac/diff"
	"github.com/sagac/sagac/jsonv"
)

// mutate returns a deep copy of v with one change chosen by r: a leaf
// altered, a member deleted, or an element dropped.
func mutate(v *jsonv.Value, r *rand.Rand) *jsonv.Value {
	c := shuffled(v, rand.New(rand.NewPCG(0, 0)))
	var sites []*jsonv.Value
	c.Walk(func(_ string, x *jsonv.Value) bool {
		sites = append(sites, x)
		return true
	})
	x := sites[r.IntN(len(sites))]
	switch x.Kind {
	case jsonv.String:
		x.Str += "x"
	case jsonv.Number:
		x.Str = "7"
	case jsonv.Bool:
		x.Bool = !x.Bool
	case jsonv.Object:
		if len(x.Members) > 0 {
			i := r.IntN(len(x.Members))
			x.Members = append(x.Members[:i], x.Members[i+1:]...)
		}
	case jsonv.Array:
		if len(x.Elems) > 0 {
			x.Elems = x.Elems[1:]
		}
	default:
		x.Kind, x.Str = jsonv.String, "null"
	}
	return c
}

// FuzzDiff: no pair of definitions makes diff panic; a key-shuffled copy
// is always equal; every rendering of a diff against a mutated copy works.
func FuzzDiff(f *testing.F) {
	for _, pattern := range []string{"../testdata/compile/*.asl.json", "../testdata/compile/sagas/*.asl.json", "../../shared/corpus/asl/realworld/*/*.json"} {
		files, _ := filepath.Glob(pattern)
		for i, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data, uint64(i))
			}
		}
	}
	f.Add([]byte(`{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A"}}}`), uint64(1))
	f.Add([]byte(`[1,{"States":null}]`), uint64(2))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		def, diags := jsonv.Parse("fuzz.json", data)
		if diags.HasErrors() {
			return
		}
		r := rand.New(rand.NewPCG(seed, seed>>1))
		if res := diff.Compare(def, shuffled(def, r)); !res.Equal() {
			t.Fatalf("a key-shuffled copy differs: %v", res.Summary())
		}
		mutated := mutate(def, r)
		res := diff.Compare(def, mutated)
		res.WriteText(io.Discard, diff.TextOptions{})
		res.WriteJSON(io.Discard)
		diff.WriteUnified(io.Discard, "old", "new", def, mutated, diff.TextOptions{})
		res.Summary()
	})
}
