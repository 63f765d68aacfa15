package aslsaga_test

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/sagac/sagac/jsonv"
)

// decode reads JSON into an ordered jsonv.Value with encoding/json's token
// stream (member order kept, numbers as written). It stands in for
// jsonv.Parse until that parser is merged; it has no positions.
func decode(data []byte) (*jsonv.Value, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	v, err := decodeValue(d)
	if err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("data after the value")
	}
	return v, nil
}

func decodeValue(d *json.Decoder) (*jsonv.Value, error) {
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			arr := jsonv.NewArray()
			for d.More() {
				e, err := decodeValue(d)
				if err != nil {
					return nil, err
				}
				arr.Elems = append(arr.Elems, e)
			}
			_, err := d.Token()
			return arr, err
		}
		obj := jsonv.NewObject()
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return nil, err
			}
			val, err := decodeValue(d)
			if err != nil {
				return nil, err
			}
			obj.Members = append(obj.Members, &jsonv.Member{Key: k.(string), Value: val})
		}
		_, err := d.Token()
		return obj, err
	case json.Number:
		return jsonv.NewNumber(string(t)), nil
	case string:
		return jsonv.NewString(t), nil
	case bool:
		return jsonv.NewBool(t), nil
	default:
		return jsonv.NewNull(), nil
	}
}
