// Package asl is sagac's Amazon States Language backend: a typed model of a
// state machine, the lowering of the saga IR into it, and its deterministic
// JSON encoding (language.md §8: same input, same bytes).
package asl

import "github.com/sagac/sagac/jsonv"

// StateMachine is a top-level ASL definition.
type StateMachine struct {
	Comment        string
	StartAt        string
	TimeoutSeconds int64 // 0: omitted
	States         []NamedState
}

// NamedState is a state with its name; States keeps them in emit order.
type NamedState struct {
	Name  string
	State *State
}

// State is one ASL state. Fields that do not apply to its Type stay zero
// and are omitted.
type State struct {
	Type             string // Task, Succeed, Fail, Pass, …
	Comment          string
	Resource         string
	Parameters       *jsonv.Value
	ResultSelector   *jsonv.Value
	ResultPath       *Path
	OutputPath       *Path
	TimeoutSeconds   int64
	HeartbeatSeconds int64
	Retry            []Retrier
	Catch            []Catcher
	Error            string
	Cause            string
	Next             string
	End              bool
}

// Path is a ResultPath or OutputPath: a reference path, or null.
type Path struct {
	Null bool
	Path string
}

// Retrier is one Retry entry. Nil pointers are omitted.
type Retrier struct {
	ErrorEquals     []string
	IntervalSeconds *int64
	MaxAttempts     *int64
	BackoffRate     *string // the number's literal digits
	MaxDelaySeconds *int64
	JitterStrategy  string
}

// Catcher is one Catch entry.
type Catcher struct {
	ErrorEquals []string
	ResultPath  *Path
	Next        string
}
