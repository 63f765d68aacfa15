package graph

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sagac/sagac/jsonv"
)

// MaxRuleLabel is the longest Choice rule label drawn, in characters; a
// longer one is cut and ends with "…".
const MaxRuleLabel = 60

// comparisons maps an ASL comparison operator's suffix to the symbol drawn.
var comparisons = []struct{ suffix, symbol string }{
	{"LessThanEquals", "<="},
	{"GreaterThanEquals", ">="},
	{"LessThan", "<"},
	{"GreaterThan", ">"},
	{"Equals", "=="},
	{"Matches", "matches"},
}

// describeRule summarizes a Choice rule as a short condition:
// `$.total > 100`, `$.kind == "gift" and $.wrapped is present`.
func describeRule(rule *jsonv.Value) string {
	s := condition(rule, 0)
	if s == "" {
		s = "rule"
	}
	if utf8.RuneCountInString(s) > MaxRuleLabel {
		s = string([]rune(s)[:MaxRuleLabel-1]) + "…"
	}
	return s
}

func condition(r *jsonv.Value, depth int) string {
	if r == nil || r.Kind != jsonv.Object || depth > 20 {
		return ""
	}
	if c := r.Get("Condition"); c != nil { // JSONata
		return literal(c)
	}
	for _, op := range []string{"And", "Or"} {
		if list := r.Get(op); list != nil {
			var parts []string
			for _, e := range elems(list) {
				p := condition(e, depth+1)
				if e.Get("And") != nil || e.Get("Or") != nil {
					p = "(" + p + ")"
				}
				parts = append(parts, p)
			}
			return strings.Join(parts, " "+strings.ToLower(op)+" ")
		}
	}
	if n := r.Get("Not"); n != nil {
		return "not (" + condition(n, depth+1) + ")"
	}
	variable := str(r.Get("Variable"))
	// The operator is the one member that is not Variable or Next; take
	// them in name order so the label does not depend on member order.
	var ops []*jsonv.Member
	for _, m := range r.Members {
		if m.Key != "Variable" && m.Key != "Next" && m.Key != "Comment" && m.Key != "Assign" && m.Key != "Output" {
			ops = append(ops, m)
		}
	}
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].Key < ops[j].Key })
	if len(ops) == 0 {
		return variable
	}
	op, val := ops[0].Key, ops[0].Value
	if strings.HasPrefix(op, "Is") {
		word := strings.ToLower(strings.TrimPrefix(op, "Is"))
		if isTrue(val) {
			return variable + " is " + word
		}
		return variable + " is not " + word
	}
	rest := strings.TrimSuffix(op, "Path")
	for _, c := range comparisons {
		if strings.HasSuffix(rest, c.suffix) {
			return variable + " " + c.symbol + " " + literal(val)
		}
	}
	return variable + " " + op + " " + literal(val)
}

// literal prints a rule's operand: a string in quotes unless it is a path
// (…Path operators), other values as JSON.
func literal(v *jsonv.Value) string {
	if v.Kind == jsonv.String && (strings.HasPrefix(v.Str, "$") || strings.HasPrefix(v.Str, "{%")) {
		return v.Str
	}
	return string(jsonv.MarshalCompact(v))
}
