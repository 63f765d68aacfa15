package asl

import (
	"strconv"

	"github.com/sagac/sagac/jsonv"
)

// JSON returns the state machine as a JSON value, keys in the order of
// language.md §8: Comment, StartAt, TimeoutSeconds, States; in a state Type,
// Comment, Resource, Parameters, ResultSelector, ResultPath, OutputPath,
// TimeoutSeconds, HeartbeatSeconds, Retry, Catch, Error, Cause, Next or End.
func (m *StateMachine) JSON() *jsonv.Value {
	root := jsonv.NewObject()
	if m.Comment != "" {
		root.Set("Comment", jsonv.NewString(m.Comment))
	}
	root.Set("StartAt", jsonv.NewString(m.StartAt))
	if m.TimeoutSeconds > 0 {
		root.Set("TimeoutSeconds", integer(m.TimeoutSeconds))
	}
	states := jsonv.NewObject()
	for _, ns := range m.States {
		states.Append(ns.Name, ns.State.JSON())
	}
	root.Set("States", states)
	return root
}

// Marshal returns the deterministic JSON text of the state machine: 2-space
// indent, final newline.
func (m *StateMachine) Marshal() []byte { return jsonv.Marshal(m.JSON()) }

// JSON returns one state as a JSON object.
func (s *State) JSON() *jsonv.Value {
	o := jsonv.NewObject()
	o.Set("Type", jsonv.NewString(s.Type))
	if s.Comment != "" {
		o.Set("Comment", jsonv.NewString(s.Comment))
	}
	if s.Resource != "" {
		o.Set("Resource", jsonv.NewString(s.Resource))
	}
	if s.Parameters != nil {
		o.Set("Parameters", s.Parameters)
	}
	if s.ResultSelector != nil {
		o.Set("ResultSelector", s.ResultSelector)
	}
	if s.ResultPath != nil {
		o.Set("ResultPath", s.ResultPath.json())
	}
	if s.OutputPath != nil {
		o.Set("OutputPath", s.OutputPath.json())
	}
	if s.TimeoutSeconds > 0 {
		o.Set("TimeoutSeconds", integer(s.TimeoutSeconds))
	}
	if s.HeartbeatSeconds > 0 {
		o.Set("HeartbeatSeconds", integer(s.HeartbeatSeconds))
	}
	if len(s.Retry) > 0 {
		arr := jsonv.NewArray()
		for _, r := range s.Retry {
			arr.Elems = append(arr.Elems, r.json())
		}
		o.Set("Retry", arr)
	}
	if len(s.Catch) > 0 {
		arr := jsonv.NewArray()
		for _, c := range s.Catch {
			arr.Elems = append(arr.Elems, c.json())
		}
		o.Set("Catch", arr)
	}
	if s.Error != "" {
		o.Set("Error", jsonv.NewString(s.Error))
	}
	if s.Cause != "" {
		o.Set("Cause", jsonv.NewString(s.Cause))
	}
	if s.Next != "" {
		o.Set("Next", jsonv.NewString(s.Next))
	} else if s.End {
		o.Set("End", jsonv.NewBool(true))
	}
	return o
}

func (p *Path) json() *jsonv.Value {
	if p.Null {
		return jsonv.NewNull()
	}
	return jsonv.NewString(p.Path)
}

func (r Retrier) json() *jsonv.Value {
	o := jsonv.NewObject()
	o.Set("ErrorEquals", stringArray(r.ErrorEquals))
	if r.IntervalSeconds != nil {
		o.Set("IntervalSeconds", integer(*r.IntervalSeconds))
	}
	if r.MaxAttempts != nil {
		o.Set("MaxAttempts", integer(*r.MaxAttempts))
	}
	if r.BackoffRate != nil {
		o.Set("BackoffRate", jsonv.NewNumber(*r.BackoffRate))
	}
	if r.MaxDelaySeconds != nil {
		o.Set("MaxDelaySeconds", integer(*r.MaxDelaySeconds))
	}
	if r.JitterStrategy != "" {
		o.Set("JitterStrategy", jsonv.NewString(r.JitterStrategy))
	}
	return o
}

func (c Catcher) json() *jsonv.Value {
	o := jsonv.NewObject()
	o.Set("ErrorEquals", stringArray(c.ErrorEquals))
	if c.ResultPath != nil {
		o.Set("ResultPath", c.ResultPath.json())
	}
	o.Set("Next", jsonv.NewString(c.Next))
	return o
}

func stringArray(ss []string) *jsonv.Value {
	arr := jsonv.NewArray()
	for _, s := range ss {
		arr.Elems = append(arr.Elems, jsonv.NewString(s))
	}
	return arr
}

func integer(n int64) *jsonv.Value { return jsonv.NewNumber(strconv.FormatInt(n, 10)) }
