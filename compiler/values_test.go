package compiler

import "testing"

func TestInDoubleRange(t *testing.T) {
	for lit, want := range map[string]bool{
		"0": true, "-3": true, "18446744073709551617": true, "1e308": true, "-1e308": true,
		"1.7976931348623157e308": true, "1.7976931348623159e308": false, "1e309": false, "1e400": false,
		"0.0001e311": true, "0.0001e313": false, "0e999999999999999999999": true, "1e-999999999999999999999": true,
		"1e999999999999999999999": false, "123.456e-400": true, "9.99e307": true,
	} {
		if got := inDoubleRange(lit); got != want {
			t.Errorf("inDoubleRange(%s) = %v, want %v", lit, got, want)
		}
	}
}
