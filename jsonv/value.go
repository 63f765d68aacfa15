// Package jsonv is an order-preserving JSON value with source positions and
// exact numbers: the common currency of sagac's ASL emitter, reader, lint,
// diff and graph.
//
// encoding/json loses what these tools need: member order (deterministic
// output), positions (lint points at line:col), duplicate keys (a fault) and
// the digits of a number (a float64 round trip rounds 2^64+1).
package jsonv

import "github.com/sagac/sagac/diag"

// Kind tells what a Value holds.
type Kind int

// The JSON kinds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Object
	Array
)

// String names the kind as JSON Schema does ("null", "boolean", …).
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Object:
		return "object"
	default:
		return "array"
	}
}

// Value is one JSON value. Only the fields of its Kind are meaningful.
type Value struct {
	Kind Kind
	// Str is the decoded string for String, and the number literal exactly
	// as written for Number.
	Str     string
	Bool    bool
	Members []*Member // Object, in source order
	Elems   []*Value  // Array
	// Range is where the value was read from; zero for built values.
	Range diag.Range
}

// Member is one key of an object.
type Member struct {
	Key      string
	KeyRange diag.Range
	Value    *Value
}

// NewNull returns a JSON null.
func NewNull() *Value { return &Value{Kind: Null} }

// NewBool returns a JSON boolean.
func NewBool(b bool) *Value { return &Value{Kind: Bool, Bool: b} }

// NewNumber returns a JSON number with the given literal digits, which the
// caller guarantees are a valid JSON number.
func NewNumber(literal string) *Value { return &Value{Kind: Number, Str: literal} }

// NewString returns a JSON string.
func NewString(s string) *Value { return &Value{Kind: String, Str: s} }

// NewObject returns an empty JSON object; add members with Set.
func NewObject() *Value { return &Value{Kind: Object} }

// NewArray returns a JSON array of the given elements.
func NewArray(elems ...*Value) *Value { return &Value{Kind: Array, Elems: elems} }

// Set appends a member to an object, or replaces the value of an existing
// member with the same key, keeping its place. It returns v for chaining.
func (v *Value) Set(key string, val *Value) *Value {
	for _, m := range v.Members {
		if m.Key == key {
			m.Value = val
			return v
		}
	}
	v.Members = append(v.Members, &Member{Key: key, Value: val})
	return v
}

// Append adds a member at the end of an object without looking for an
// existing one with the same key: the caller knows keys are unique. Unlike
// Set it costs O(1), which matters for objects of thousands of members.
func (v *Value) Append(key string, val *Value) *Value {
	v.Members = append(v.Members, &Member{Key: key, Value: val})
	return v
}

// Get returns the value of the first member named key, or nil when v is not
// an object or has no such member.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for _, m := range v.Members {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}

// Member returns the first member named key, or nil.
func (v *Value) Member(key string) *Member {
	if v == nil || v.Kind != Object {
		return nil
	}
	for _, m := range v.Members {
		if m.Key == key {
			return m
		}
	}
	return nil
}
