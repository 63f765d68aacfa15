package compiler

import "testing"

func TestCheckJSONPath(t *testing.T) {
	tests := []struct {
		path      string
		reference bool
		ok        bool
	}{
		{"$", true, true},
		{"$.a.b[0]", true, true},
		{"$['a b'].c", true, true},
		{"$[ 'a' ]", true, true},
		{`$["x"]`, true, true},
		{"$.a[9999999999999999999999]", true, true},
		{"$.x[-1]", true, false},
		{"$.x[-1]", false, true},
		{"$.a[*]", true, false},
		{"$.a[*]", false, true},
		{"$..a", true, false},
		{"$..a", false, true},
		{"$.a[1:3]", false, true},
		{"$.a[?(@.x > 1)]", false, true},
		{"$.a[?(@.x > 1)", false, false},
		{"$.a[abc]", false, false},
		{"$.b..", false, false},
		{"$$.Execution.Name", false, true},
		{"$$.Execution.Name", true, false},
		{"$['a]", false, false},
		{"x", false, false},
	}
	for _, tc := range tests {
		err := checkJSONPath(tc.path, tc.reference)
		if (err == nil) != tc.ok {
			t.Errorf("checkJSONPath(%q, reference=%v) = %v, want ok=%v", tc.path, tc.reference, err, tc.ok)
		}
	}
}
