package asl

import (
	"fmt"
	"unicode/utf8"

	"github.com/sagac/sagac/compiler/ir"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/jsonv"
)

// MaxDefinitionSize is the Step Functions limit on a definition, in
// characters.
const MaxDefinitionSize = 1048576

// Partitions are the AWS partitions --partition accepts.
var Partitions = []string{"aws", "aws-cn", "aws-us-gov"}

// Options control the lowering.
type Options struct {
	// Partition is the AWS partition of service-integration resources
	// (arn:<partition>:states:::lambda:invoke); "" means "aws".
	Partition string
}

// Generate lowers a checked saga to ASL JSON bytes. It warns when the
// definition exceeds the service's size limit.
func Generate(s *ir.Saga, opts Options) ([]byte, diag.Diagnostics) {
	m, diags := Lower(s, opts)
	if diags.HasErrors() {
		return nil, diags
	}
	out := m.Marshal()
	if n := utf8.RuneCount(out); n > MaxDefinitionSize {
		diags = append(diags, diag.Warningf(s.Range,
			"the definition is %d characters; Step Functions accepts at most %d, so deploying it will fail", n, MaxDefinitionSize))
	}
	return out, diags
}

// Lower builds the ASL model of a checked saga: forward steps in flow order,
// the Succeed state, the compensation chain in chain order, the saga's Fail
// state, then the compensation-failed state.
func Lower(s *ir.Saga, opts Options) (*StateMachine, diag.Diagnostics) {
	g := &generator{saga: s, partition: opts.Partition}
	if g.partition == "" {
		g.partition = "aws"
	}
	if !validPartition(g.partition) {
		return nil, diag.Diagnostics{{Severity: diag.Error,
			Summary: fmt.Sprintf("unknown partition %q: expected aws, aws-cn or aws-us-gov", opts.Partition)}}
	}
	m := &StateMachine{Comment: s.Comment, TimeoutSeconds: s.TimeoutSeconds}
	if len(s.Steps) > 0 {
		m.StartAt = s.Steps[0].StateName
	} else {
		m.StartAt = s.Succeed.Name
	}
	for node := s.Flow; node != nil; {
		switch n := node.(type) {
		case *ir.Step:
			m.States = append(m.States, NamedState{n.StateName, g.step(n)})
			node = n.Next
		default:
			return nil, diag.Diagnostics{{Severity: diag.Error, Summary: fmt.Sprintf("the ASL backend cannot lower %T yet", node)}}
		}
	}
	m.States = append(m.States, NamedState{s.Succeed.Name, &State{Type: "Succeed"}})
	for i, c := range s.Chain {
		next := s.Fail.Name
		if i+1 < len(s.Chain) {
			next = s.Chain[i+1].StateName
		}
		m.States = append(m.States, NamedState{c.StateName, g.compensation(c, next)})
	}
	if s.Fail != nil {
		m.States = append(m.States, NamedState{s.Fail.Name, failState(s.Fail)})
	}
	if s.CompensationFailed != nil {
		m.States = append(m.States, NamedState{s.CompensationFailed.Name, failState(s.CompensationFailed)})
	}
	return m, g.diags
}

func validPartition(p string) bool {
	for _, q := range Partitions {
		if p == q {
			return true
		}
	}
	return false
}

type generator struct {
	saga      *ir.Saga
	partition string
	diags     diag.Diagnostics
}

func (g *generator) lambdaResource() string {
	return "arn:" + g.partition + ":states:::lambda:invoke"
}

func (g *generator) step(st *ir.Step) *State {
	s := g.saga
	state := &State{
		Type:             "Task",
		Comment:          st.Comment,
		Resource:         g.lambdaResource(),
		Parameters:       g.lambdaParameters(st.Task),
		ResultSelector:   g.object(st.Select),
		ResultPath:       resultPath(st.Result),
		TimeoutSeconds:   st.TimeoutSeconds,
		HeartbeatSeconds: st.HeartbeatSeconds,
		Retry:            retriers(st.Retry),
	}
	if st.OutputPath != "" {
		state.OutputPath = &Path{Path: st.OutputPath}
	}
	if s.Fail != nil {
		target := s.Fail.Name
		if st.Unwind != nil {
			target = st.Unwind.StateName
		}
		state.Catch = []Catcher{{
			ErrorEquals: []string{"States.ALL"},
			ResultPath:  &Path{Path: ir.ChildPath(s.ErrorsBase, st.ID)},
			Next:        target,
		}}
	}
	if next, ok := st.Next.(*ir.Step); ok && next != nil {
		state.Next = next.StateName
	} else {
		state.Next = s.Succeed.Name
	}
	return state
}

func (g *generator) compensation(c *ir.Compensation, next string) *State {
	s := g.saga
	return &State{
		Type:           "Task",
		Comment:        c.Comment,
		Resource:       g.lambdaResource(),
		Parameters:     g.lambdaParameters(c.Task),
		ResultSelector: g.object(c.Select),
		ResultPath:     resultPath(c.Result),
		TimeoutSeconds: c.TimeoutSeconds,
		Retry:          retriers(c.Retry),
		Catch: []Catcher{{
			ErrorEquals: []string{"States.ALL"},
			ResultPath:  &Path{Path: ir.ChildPath(s.CompensationErrorsBase, c.StepID)},
			Next:        s.CompensationFailed.Name,
		}},
		Next: next,
	}
}

func (g *generator) lambdaParameters(t ir.Task) *jsonv.Value {
	p := jsonv.NewObject()
	p.Set("FunctionName", jsonv.NewString(t.Function))
	switch {
	case t.Payload == nil:
		p.Set("Payload.$", jsonv.NewString("$"))
	case t.Payload.Kind == ir.PathValue:
		p.Set("Payload.$", jsonv.NewString(t.Payload.Text))
	default:
		p.Set("Payload", g.value(t.Payload))
	}
	return p
}

func (g *generator) object(v *ir.Value) *jsonv.Value {
	if v == nil {
		return nil
	}
	return g.value(v)
}

// value converts an IR value to JSON: a path member becomes "key.$".
func (g *generator) value(v *ir.Value) *jsonv.Value {
	switch v.Kind {
	case ir.StringValue:
		return jsonv.NewString(v.Text)
	case ir.NumberValue:
		return jsonv.NewNumber(v.Text)
	case ir.BoolValue:
		return jsonv.NewBool(v.Bool)
	case ir.NullValue:
		return jsonv.NewNull()
	case ir.PathValue:
		g.diags = append(g.diags, diag.Errorf(v.Range,
			"ASL cannot take a path (%s) inside an array: give it its own key in an object", v.Text))
		return jsonv.NewString(v.Text)
	case ir.ArrayValue:
		arr := jsonv.NewArray()
		for _, e := range v.Elems {
			arr.Elems = append(arr.Elems, g.value(e))
		}
		return arr
	default:
		o := jsonv.NewObject()
		for _, m := range v.Members {
			// Keys are unique (the compiler refuses duplicates), so Append,
			// not Set: an object of many keys stays linear.
			if m.Value.Kind == ir.PathValue {
				o.Append(m.Key+".$", jsonv.NewString(m.Value.Text))
			} else {
				o.Append(m.Key, g.value(m.Value))
			}
		}
		return o
	}
}

func resultPath(r ir.ResultPath) *Path {
	if r.Discard {
		return &Path{Null: true}
	}
	return &Path{Path: r.Path}
}

func retriers(rs []ir.Retrier) []Retrier {
	out := make([]Retrier, 0, len(rs))
	for _, r := range rs {
		a := Retrier{
			ErrorEquals:     r.Errors,
			IntervalSeconds: r.IntervalSeconds,
			MaxAttempts:     r.MaxAttempts,
			MaxDelaySeconds: r.MaxDelaySeconds,
		}
		if r.BackoffRate != nil {
			b := string(*r.BackoffRate)
			a.BackoffRate = &b
		}
		if r.Jitter {
			a.JitterStrategy = "FULL"
		}
		out = append(out, a)
	}
	return out
}

func failState(f *ir.FailTerminal) *State {
	return &State{Type: "Fail", Error: f.Error, Cause: f.Cause}
}
