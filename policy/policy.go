// Package policy writes the least-privilege IAM policy document a state
// machine's role needs to run an ASL definition: lambda:InvokeFunction on
// exactly the functions the definition invokes, and their versions and
// aliases (FUNCTION_ARN:*), as AWS CDK's LambdaInvoke grants them.
//
// It reads any ASL definition (sagac's output or hand-written), walking
// Parallel branches and Map processors. A function given as a ${Name}
// substitution stays a placeholder ("${Name}", "${Name}:*") for SAM or
// CloudFormation to fill; a function given by name only gets the region
// and account of the Options, or "*". A Task that names its function at
// run time (FunctionName.$) cannot be covered and is an error; a Task of
// another service is a warning, since the policy does not cover it.
package policy

import (
	"slices"
	"strings"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/jsonv"
)

// Options fill in what a function reference may leave out.
type Options struct {
	// Region and Account complete functions named without an ARN; empty
	// means "*" (any region, any account).
	Region, Account string
	// Logging adds the CloudWatch Logs delivery permissions Step Functions
	// needs to log executions (on "*", as the service requires).
	Logging bool
	// Tracing adds the X-Ray permissions for tracing.
	Tracing bool
}

// Sids of the statements.
const (
	InvokeSid  = "InvokeSagaFunctions"
	LoggingSid = "DeliverExecutionLogs"
	TracingSid = "SendTraces"
)

// Functions returns the Lambda resources the definition invokes, sorted
// and without duplicates, with diagnostics for what cannot be covered.
func Functions(def *jsonv.Value, opts Options) ([]string, diag.Diagnostics) {
	c := &collector{opts: opts, seen: map[string]bool{}}
	c.states(def)
	slices.Sort(c.resources)
	return c.resources, c.diags
}

// Document returns the policy document:
//
//	{"Version": "2012-10-17", "Statement": [{"Sid": "InvokeSagaFunctions",
//	  "Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": [...]}]}
//
// with the logging and tracing statements after it when asked for. A
// definition that invokes no function gives no invoke statement and a
// warning.
func Document(def *jsonv.Value, opts Options) (*jsonv.Value, diag.Diagnostics) {
	resources, diags := Functions(def, opts)
	statements := jsonv.NewArray()
	if len(resources) > 0 {
		res := jsonv.NewArray()
		for _, r := range resources {
			res.Elems = append(res.Elems, jsonv.NewString(r))
		}
		statements.Elems = append(statements.Elems, statement(InvokeSid, []string{"lambda:InvokeFunction"}, res))
	} else if !diags.HasErrors() {
		diags = append(diags, &diag.Diagnostic{Severity: diag.Warning, Summary: "the definition invokes no Lambda function", Subject: def.Range.Ptr()})
	}
	if opts.Logging {
		statements.Elems = append(statements.Elems, statement(LoggingSid, []string{
			"logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups",
			"logs:DescribeResourcePolicies", "logs:GetLogDelivery", "logs:ListLogDeliveries",
			"logs:PutResourcePolicy", "logs:UpdateLogDelivery",
		}, jsonv.NewString("*")))
	}
	if opts.Tracing {
		statements.Elems = append(statements.Elems, statement(TracingSid, []string{
			"xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments",
		}, jsonv.NewString("*")))
	}
	doc := jsonv.NewObject().
		Set("Version", jsonv.NewString("2012-10-17")).
		Set("Statement", statements)
	return doc, diags
}

func statement(sid string, actions []string, resource *jsonv.Value) *jsonv.Value {
	action := jsonv.NewString(actions[0])
	if len(actions) > 1 {
		action = jsonv.NewArray()
		for _, a := range actions {
			action.Elems = append(action.Elems, jsonv.NewString(a))
		}
	}
	return jsonv.NewObject().
		Set("Sid", jsonv.NewString(sid)).
		Set("Effect", jsonv.NewString("Allow")).
		Set("Action", action).
		Set("Resource", resource)
}

type collector struct {
	opts      Options
	resources []string
	seen      map[string]bool
	diags     diag.Diagnostics
}

func (c *collector) add(resources ...string) {
	for _, r := range resources {
		if !c.seen[r] {
			c.seen[r] = true
			c.resources = append(c.resources, r)
		}
	}
}

// states collects from the States of a definition or of a branch.
func (c *collector) states(v *jsonv.Value) {
	states := v.Get("States")
	if states == nil || states.Kind != jsonv.Object {
		return
	}
	for _, m := range states.Members {
		st := m.Value
		typ := st.Get("Type")
		if typ == nil || typ.Kind != jsonv.String {
			continue
		}
		switch typ.Str {
		case "Task":
			c.task(m.Key, st)
		case "Parallel":
			if branches := st.Get("Branches"); branches != nil && branches.Kind == jsonv.Array {
				for _, b := range branches.Elems {
					c.states(b)
				}
			}
		case "Map":
			for _, key := range []string{"ItemProcessor", "Iterator"} {
				if p := st.Get(key); p != nil {
					c.states(p)
				}
			}
		}
	}
}

// task collects the function a Task invokes.
func (c *collector) task(name string, st *jsonv.Value) {
	res := st.Get("Resource")
	if res == nil || res.Kind != jsonv.String {
		return
	}
	fields := splitARN(res.Str)
	switch {
	case len(fields) == 7 && fields[0] == "arn" && fields[2] == "states" && fields[5] == "lambda" && strings.HasPrefix(fields[6], "invoke"):
		// arn:PARTITION:states:::lambda:invoke, .waitForTaskToken too.
		params := st.Get("Parameters")
		fn := params.Get("FunctionName")
		if fn == nil || fn.Kind != jsonv.String {
			at := res.Range
			if dyn := params.Member("FunctionName.$"); dyn != nil {
				at = dyn.KeyRange
			}
			c.diags = append(c.diags, diag.Errorf(at,
				"state %s chooses its function at run time: the policy cannot name it; name the function in Parameters.FunctionName", name))
			return
		}
		c.function(fn.Str, fields[1])
	case len(fields) >= 7 && fields[0] == "arn" && fields[2] == "lambda" && fields[5] == "function":
		// The legacy form: the function's ARN as the Resource.
		c.function(res.Str, fields[1])
	default:
		c.diags = append(c.diags, diag.Warningf(res.Range,
			"state %s calls %s, which this policy does not cover: add its permissions to the role yourself", name, res.Str))
	}
}

// function adds the resources for one function reference: a name, a
// name:qualifier, a partial ARN (ACCOUNT:function:NAME[:Q]), a full ARN,
// or a ${Name} substitution. An unqualified function also gets FUNCTION:*,
// its versions and aliases; a qualified one only itself.
func (c *collector) function(ref, partition string) {
	if isPlaceholder(ref) {
		c.add(ref, ref+":*")
		return
	}
	f := splitARN(ref)
	var arn []string
	switch {
	case len(f) >= 7 && f[0] == "arn":
		arn = f
	case len(f) >= 3 && f[1] == "function":
		arn = append([]string{"arn", partition, "lambda", c.region(), f[0]}, f[1:]...)
	default:
		arn = append([]string{"arn", partition, "lambda", c.region(), c.account(), "function"}, f...)
	}
	full := strings.Join(arn, ":")
	if len(arn) == 7 {
		c.add(full, full+":*")
	} else {
		c.add(full)
	}
}

func (c *collector) region() string  { return orStar(c.opts.Region) }
func (c *collector) account() string { return orStar(c.opts.Account) }

func orStar(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// isPlaceholder reports whether s is one whole ${Name} substitution.
func isPlaceholder(s string) bool {
	return strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") && strings.Count(s, "${") == 1 && strings.Count(s, "}") == 1
}

// splitARN splits an ARN or function reference at its colons, except
// inside ${...} (a substitution such as ${AWS::Region} holds colons).
func splitARN(s string) []string {
	var fields []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			fields = append(fields, s[start:i])
			start = i + 1
		}
	}
	return append(fields, s[start:])
}
