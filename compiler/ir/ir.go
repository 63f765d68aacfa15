// Package ir defines the checked intermediate representation of a saga: what
// the compiler produces from the syntax tree and what every backend lowers.
//
// The IR says what a saga means, not how ASL spells it: forward steps in a
// flow graph, the task each one runs, and the compensation that undoes it.
// Every node keeps the source range it came from, so later phases (lint,
// backends) can point back into the .saga file.
package ir

import (
	"strings"

	"github.com/sagac/sagac/diag"
)

// Saga is one checked saga: its name, flow, steps and terminal states.
type Saga struct {
	Name  string
	Range diag.Range // the saga's name in the source

	Comment        string
	TimeoutSeconds int64 // 0: no saga timeout
	TimeoutRange   diag.Range

	// Flow is the entry node of the forward flow graph.
	Flow Node
	// Steps lists every forward step in flow order (a topological order of
	// the flow graph), for passes that do not care about the graph's shape.
	Steps []*Step

	Succeed Terminal
	// Fail is the saga's Fail state; nil when nothing catches into it (no
	// compensation and no fail clause: a failure ends with the step's error).
	Fail *FailTerminal
	// CompensationFailed is where a failed compensation ends; nil when the
	// saga has no compensation.
	CompensationFailed *FailTerminal
	// Chain is the shared compensation chain in the order it runs: the
	// compensations in reverse flow order. Each one's successor in Chain
	// (or Fail, after the last) is where it goes next.
	Chain []*Compensation

	// ResultsBase and ErrorsBase are the reference paths under which
	// default result paths ($.results.<id>) and caught errors
	// ($.errors.<id>) are stored.
	ResultsBase string
	ErrorsBase  string
	// CompensationResultsBase and CompensationErrorsBase are the bases of
	// compensation results and of caught compensation errors.
	CompensationResultsBase string
	CompensationErrorsBase  string

	// Substitutions lists every ${Name} left unresolved in the saga's
	// strings, in source order, one entry per use.
	Substitutions []Substitution
}

// Substitution is one unresolved ${Name} in a string of the saga.
type Substitution struct {
	Name  string
	Range diag.Range // the string literal holding it
}

// Node is an element of the forward flow graph. v0 has only *Step; parallel
// groups, choices and maps will be further kinds of Node.
type Node interface {
	node()
}

// Terminal is a Succeed state.
type Terminal struct {
	Name  string
	Range diag.Range
}

// FailTerminal is a Fail state with its error and optional cause.
type FailTerminal struct {
	Name  string
	Error string
	Cause string // empty: no Cause field
	Range diag.Range
}

// Step is one forward step of the saga.
type Step struct {
	ID        string
	StateName string
	Range     diag.Range // the step's declaration (or its first use in the flow)

	Comment string
	Task    Task

	// Select is the ResultSelector object; nil when absent.
	Select *Value
	Result ResultPath
	// OutputPath is the step's OutputPath; empty when absent.
	OutputPath string

	TimeoutSeconds   int64 // 0: none
	HeartbeatSeconds int64 // 0: none
	Retry            []Retrier

	// Compensation undoes the step; nil when the step has none.
	Compensation *Compensation
	// Unwind is where the step's Catch enters the compensation chain: the
	// nearest compensation at or before the step (before it, when the
	// step's own compensation runs only after success); nil means straight
	// to the saga's Fail state.
	Unwind *Compensation

	// Next is the following node in the flow; nil after the last step.
	Next Node
}

func (*Step) node() {}

// Task is what a step or compensation runs. v0 has only Lambda invocations.
type Task struct {
	// Function is the Lambda function name or ARN, substitutions kept as
	// written ("${FlightReserveFunctionArn}").
	Function string
	// Payload is the Lambda payload; nil means the whole state ("Payload.$": "$").
	Payload *Value
}

// ResultPath is where a task's result goes.
type ResultPath struct {
	// Discard is true for "result none" (ResultPath: null).
	Discard bool
	// Path is the reference path; unused when Discard.
	Path string
}

// Retrier is one Retry entry.
type Retrier struct {
	Errors []string
	// Each optional field is nil when omitted in the source (and in ASL).
	MaxAttempts     *int64
	IntervalSeconds *int64
	BackoffRate     *Number
	MaxDelaySeconds *int64
	Jitter          bool
	Range           diag.Range
}

// Number is a JSON number kept digit for digit as written.
type Number string

// Compensation is the task that undoes a step.
type Compensation struct {
	// StepID is the id of the forward step this compensation undoes.
	StepID    string
	StateName string
	Range     diag.Range
	Task      Task
	Select    *Value
	Result    ResultPath
	Retry     []Retrier
	Comment   string
	// TimeoutSeconds is the compensation task's timeout; 0: none.
	TimeoutSeconds int64
	// AfterSuccessOnly is the opt-out: the compensation runs only when its
	// step succeeded, so the step's own failure does not run it.
	AfterSuccessOnly bool
}

// ValueKind tells what a Value holds.
type ValueKind int

// The kinds of Value.
const (
	StringValue ValueKind = iota
	NumberValue
	BoolValue
	NullValue
	ObjectValue
	ArrayValue
	// PathValue is a JSONPath ($.x) or context path ($$.x), emitted as a
	// "key.$" entry.
	PathValue
)

// Value is a JSON-like value from an input or select object. Order of
// object members is the order written.
type Value struct {
	Kind    ValueKind
	Text    string // string contents, number digits, or path text
	Bool    bool
	Members []Member
	Elems   []*Value
	Range   diag.Range
}

// Member is one key of an object Value.
type Member struct {
	Key   string
	Value *Value
	Range diag.Range // the key
}

// ChildPath appends a member to a reference path: a plain identifier as
// ".name", anything else as "['name']" ($.results + flight = $.results.flight).
func ChildPath(base, name string) string {
	step := "['" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(name) + "']"
	if plainName(name) {
		step = "." + name
	}
	return base + step
}

func plainName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
