// This file compares two JSON values field by field: objects by key, arrays
// by a longest-common-subsequence alignment of their elements, leaves by
// jsonv.Equal (so key order and number spelling never count).

package diff

import (
	"sort"
	"strconv"
	"strings"

	"github.com/sagac/sagac/jsonv"
)

// step is one element of a path inside a state: a key or an index.
type step struct {
	key   string
	index int // -1 for a key
}

// path is a location inside a state's object.
type path []step

func (p path) with(s step) path {
	out := make(path, len(p), len(p)+1)
	copy(out, p)
	return append(out, s)
}

// String renders a path the way the issue writes it: Retry[0].MaxAttempts,
// with a key that is not a plain word quoted (Parameters["Payload.$"]).
func (p path) String() string {
	var b strings.Builder
	for _, s := range p {
		switch {
		case s.index >= 0:
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		case plainKey(s.key):
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.key)
		default:
			b.WriteString("[" + strconv.Quote(s.key) + "]")
		}
	}
	return b.String()
}

// tokens returns the path as JSON pointer reference tokens.
func (p path) tokens() []string {
	out := make([]string, len(p))
	for i, s := range p {
		if s.index >= 0 {
			out[i] = strconv.Itoa(s.index)
		} else {
			out[i] = s.key
		}
	}
	return out
}

// last returns the last key of the path, skipping indexes; "" if none.
func (p path) last() string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i].index < 0 {
			return p[i].key
		}
	}
	return ""
}

func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for i, r := range k {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '-'):
		default:
			return false
		}
	}
	return true
}

// leaf is one difference between two values at a path: old nil means
// added, new nil means removed. An index in the path is the element's
// place in the new array, or in the old one for a removed element.
type leaf struct {
	path     path
	old, new *jsonv.Value
}

// sameFunc decides whether two leaves (non-container values, or values
// of different kinds) at a path are the same; it lets the caller map
// renamed state names in transitions.
type sameFunc func(p path, old, new *jsonv.Value) bool

// compare appends the differences between old and new under p.
func compare(p path, old, new *jsonv.Value, same sameFunc, out []leaf) []leaf {
	if old == nil {
		old = jsonv.NewNull()
	}
	if new == nil {
		new = jsonv.NewNull()
	}
	switch {
	case old.Kind == jsonv.Object && new.Kind == jsonv.Object:
		return compareObjects(p, old, new, same, out)
	case old.Kind == jsonv.Array && new.Kind == jsonv.Array:
		return compareArrays(p, old, new, same, out)
	case same(p, old, new):
		return out
	default:
		return append(out, leaf{path: p, old: old, new: new})
	}
}

func compareObjects(p path, old, new *jsonv.Value, same sameFunc, out []leaf) []leaf {
	keys := unionKeys(old, new)
	for _, k := range keys {
		o, n := old.Get(k), new.Get(k)
		q := p.with(step{key: k, index: -1})
		switch {
		case o == nil:
			out = append(out, leaf{path: q, new: n})
		case n == nil:
			out = append(out, leaf{path: q, old: o})
		default:
			out = compare(q, o, n, same, out)
		}
	}
	return out
}

// unionKeys lists the keys of both objects in ASL field order (the order
// sagac emits, language.md §8), then the others in byte order, so the
// output does not depend on either side's key order.
func unionKeys(a, b *jsonv.Value) []string {
	seen := map[string]bool{}
	var keys []string
	for _, v := range []*jsonv.Value{a, b} {
		for _, m := range v.Members {
			if !seen[m.Key] {
				seen[m.Key] = true
				keys = append(keys, m.Key)
			}
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		ri, rj := fieldRank(keys[i]), fieldRank(keys[j])
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// fieldOrder is the order of ASL fields in sagac's output, with the other
// fields of ASL placed where they read naturally.
var fieldOrder = []string{
	"Comment", "QueryLanguage", "Version", "StartAt", "TimeoutSeconds", "States",
	"Type", "Resource", "Arguments", "Parameters", "ItemsPath", "Items", "ItemSelector", "ItemReader",
	"ItemBatcher", "ItemProcessor", "Iterator", "Branches", "MaxConcurrency", "ToleratedFailurePercentage",
	"ToleratedFailureCount", "ResultWriter", "Result", "ResultSelector", "InputPath", "ResultPath",
	"OutputPath", "Output", "Assign", "Seconds", "SecondsPath", "Timestamp", "TimestampPath",
	"TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials", "Choices", "Default",
	"Retry", "Catch", "ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
	"JitterStrategy", "Error", "ErrorPath", "Cause", "CausePath", "Next", "End",
}

var fieldRanks = func() map[string]int {
	m := make(map[string]int, len(fieldOrder))
	for i, k := range fieldOrder {
		m[k] = i
	}
	return m
}()

func fieldRank(k string) int {
	if r, ok := fieldRanks[k]; ok {
		return r
	}
	return len(fieldOrder)
}

// maxAlign bounds the work of aligning two arrays; longer pairs are
// compared index by index.
const maxAlign = 1 << 20

// compareArrays aligns the elements by a longest common subsequence of
// equal elements; between two matched elements, unmatched ones are paired
// in order and compared field by field, and the rest are added or removed.
func compareArrays(p path, old, new *jsonv.Value, same sameFunc, out []leaf) []leaf {
	a, b := old.Elems, new.Elems
	eq := func(i, j int) bool { return len(compare(nil, a[i], b[j], same, nil)) == 0 }
	var pairs [][2]int // matched (i, j)
	if len(a)*len(b) <= maxAlign {
		pairs = lcs(len(a), len(b), eq)
	}
	pairs = append(pairs, [2]int{len(a), len(b)})
	i, j := 0, 0
	for _, pr := range pairs {
		for i < pr[0] && j < pr[1] {
			out = compare(p.with(step{index: j}), a[i], b[j], same, out)
			i++
			j++
		}
		for ; i < pr[0]; i++ {
			out = append(out, leaf{path: p.with(step{index: i}), old: a[i]})
		}
		for ; j < pr[1]; j++ {
			out = append(out, leaf{path: p.with(step{index: j}), new: b[j]})
		}
		i, j = pr[0]+1, pr[1]+1
	}
	return out
}

// lcs returns the matched index pairs of a longest common subsequence.
func lcs(n, m int, eq func(i, j int) bool) [][2]int {
	// Trim a common prefix and suffix first: the usual case is an array
	// with one element changed, which then needs no table.
	pre := 0
	for pre < n && pre < m && eq(pre, pre) {
		pre++
	}
	suf := 0
	for suf < n-pre && suf < m-pre && eq(n-1-suf, m-1-suf) {
		suf++
	}
	var pairs [][2]int
	for k := 0; k < pre; k++ {
		pairs = append(pairs, [2]int{k, k})
	}
	rn, rm := n-pre-suf, m-pre-suf
	if rn > 0 && rm > 0 {
		t := make([][]int, rn+1)
		for i := range t {
			t[i] = make([]int, rm+1)
		}
		for i := rn - 1; i >= 0; i-- {
			for j := rm - 1; j >= 0; j-- {
				if eq(pre+i, pre+j) {
					t[i][j] = t[i+1][j+1] + 1
				} else {
					t[i][j] = max(t[i+1][j], t[i][j+1])
				}
			}
		}
		for i, j := 0, 0; i < rn && j < rm; {
			switch {
			case eq(pre+i, pre+j):
				pairs = append(pairs, [2]int{pre + i, pre + j})
				i++
				j++
			case t[i+1][j] >= t[i][j+1]:
				i++
			default:
				j++
			}
		}
	}
	for k := suf; k > 0; k-- {
		pairs = append(pairs, [2]int{n - k, m - k})
	}
	return pairs
}
