package jsonv

import "testing"

func TestMarshalForms(t *testing.T) {
	v := NewObject().
		Set("a", NewArray(NewNumber("1"), NewObject().Set("b", NewNull()), NewArray())).
		Set("c", NewObject()).
		Set("d", NewString("x\u2028\"\xff"))
	if got, want := string(MarshalCompact(v)), `{"a":[1,{"b":null},[]],"c":{},"d":"x\u2028\"\ufffd"}`; got != want {
		t.Errorf("MarshalCompact:\n got %s\nwant %s", got, want)
	}
	want := `{
  "a": [
    1,
    {
      "b": null
    },
    []
  ],
  "c": {},
  "d": "x\u2028\"\ufffd"
}
`
	if got := string(Marshal(v)); got != want {
		t.Errorf("Marshal:\n got %s\nwant %s", got, want)
	}
}
