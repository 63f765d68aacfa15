package diff

import "testing"

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"ReserveHotel":                    "ReserveHotel",
		"Hôtel ✈":                         "Hôtel ✈",
		"B\x1b[2K\rbehavioral  ~ x\nfake": `B\u001B[2K\u000Dbehavioral  ~ x\u000Afake`,
		"a\u202eb":                        `a\u202Eb`,
	} {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
}
