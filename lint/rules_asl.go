// This file registers every rule and holds the ASL structure checks that
// look at the state graph rather than at single fields.

package lint

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/jsonv"
)

// registry lists every rule in documentation order.
var registry = []*Rule{
	// Input rules: reported while reading the input.
	{ID: "JSON_SYNTAX", Family: "input", Severity: diag.Error, Summary: "the definition is valid JSON"},
	{ID: "DUPLICATE_KEY", Family: "input", Severity: diag.Error, Summary: "no object has the same key twice"},
	{ID: "IGNORE_COMMENT", Family: "input", Severity: diag.Warning, Summary: "a sagac:ignore comment names a known rule and gives a reason"},

	// ASL structure.
	{ID: "TOP_LEVEL", Family: "asl", Severity: diag.Error, Summary: "the top level holds only StartAt, States, Comment, TimeoutSeconds, Version and QueryLanguage", Check: schemaRule},
	{ID: "STATE_TYPE", Family: "asl", Severity: diag.Error, Summary: "every state has a known Type", Check: schemaRule},
	{ID: "FIELD_UNKNOWN", Family: "asl", Severity: diag.Error, Summary: "a state or nested object holds only the fields its type allows", Check: schemaRule},
	{ID: "FIELD_REQUIRED", Family: "asl", Severity: diag.Error, Summary: "a state or nested object has the fields its type requires", Check: schemaRule},
	{ID: "FIELD_EXCLUSIVE", Family: "asl", Severity: diag.Error, Summary: "mutually exclusive fields (TimeoutSeconds and TimeoutSecondsPath, …) are not both set", Check: schemaRule},
	{ID: "FIELD_VALUE", Family: "asl", Severity: diag.Error, Summary: "every field's value has the type and range ASL requires", Check: schemaRule},
	{ID: "START_AT", Family: "asl", Severity: diag.Error, Summary: "StartAt names a state of its own scope", Check: checkStartAt},
	{ID: "NEXT_TARGET", Family: "asl", Severity: diag.Error, Summary: "every Next, Default and Catch target names a state of the same scope", Check: checkNextTargets},
	{ID: "NEXT_END", Family: "asl", Severity: diag.Error, Summary: "a state has exactly one of Next and End (Choice, Succeed and Fail have neither)", Check: checkNextEnd},
	{ID: "UNREACHABLE", Family: "asl", Severity: diag.Error, Summary: "every state can be reached from its scope's StartAt", Check: checkUnreachable},
	{ID: "NO_TERMINAL", Family: "asl", Severity: diag.Error, Summary: "every scope has a terminal state (Succeed, Fail or End: true)", Check: checkNoTerminal},
	{ID: "ERROR_EQUALS", Family: "asl", Severity: diag.Error, Summary: "ErrorEquals is a non-empty list of names; States.ALL is alone and in the last entry", Check: schemaRule},
	{ID: "STATES_ERROR_NAME", Family: "asl", Severity: diag.Warning, Summary: "error names starting with States. are predefined ones", Check: schemaRule},
	{ID: "RETRY_VALUES", Family: "asl", Severity: diag.Error, Summary: "MaxAttempts is 0 to 99999999, IntervalSeconds and MaxDelaySeconds at least 1, BackoffRate at least 1", Check: schemaRule},
	{ID: "HEARTBEAT_TIMEOUT", Family: "asl", Severity: diag.Error, Summary: "HeartbeatSeconds is below TimeoutSeconds", Check: checkHeartbeat},
	{ID: "STATE_NAME", Family: "asl", Severity: diag.Error, Summary: "state names are at most 80 characters, without control characters", Check: checkStateNames},
	{ID: "DUPLICATE_STATE", Family: "asl", Severity: diag.Error, Summary: "state names are unique across the whole machine, inner scopes included", Check: checkDuplicateStates},
	{ID: "PATH_SYNTAX", Family: "asl", Severity: diag.Error, Summary: "paths and reference paths are valid (ResultPath takes a reference path)", Check: schemaRule},
	{ID: "PAYLOAD_TEMPLATE", Family: "asl", Severity: diag.Error, Summary: "a key ending in .$ holds a path or an intrinsic function call", Check: schemaRule},
	{ID: "INTRINSIC_FUNCTION", Family: "asl", Severity: diag.Error, Summary: "intrinsic functions are spelled right and get a valid argument list", Check: schemaRule},
	{ID: "TASK_TOKEN", Family: "asl", Severity: diag.Error, Summary: "a .waitForTaskToken task passes $$.Task.Token", Check: checkTaskToken},
	{ID: "QUERY_LANGUAGE", Family: "asl", Severity: diag.Error, Summary: "a state does not mix JSONata and JSONPath fields", Check: schemaRule},
	{ID: "JSONATA_SYNTAX", Family: "asl", Severity: diag.Error, Summary: "JSONata expressions are written {% … %} with balanced brackets and quotes", Check: schemaRule},
	{ID: "CHOICE_RULE", Family: "asl", Severity: diag.Error, Summary: "each choice rule has exactly one comparison, a valid Variable and (at the top) a Next", Check: schemaRule},
	{ID: "CHOICE_DEFAULT", Family: "asl", Severity: diag.Warning, Summary: "a Choice state has a Default", Check: checkChoiceDefault},
	{ID: "RESOURCE_ARN", Family: "asl", Severity: diag.Error, Summary: "a Task Resource is a well-formed ARN (substitutions allowed)", Check: schemaRule},
	{ID: "DEFINITION_SIZE", Family: "asl", Severity: diag.Error, Summary: "the definition is at most 1,048,576 characters", Check: checkDefinitionSize},

	// Saga rules.
	{ID: "SAGA_UNCOMPENSATED_STEP", Family: "saga", Severity: diag.Warning, Summary: "a forward step with side effects has a compensation, or says it needs none", Check: checkUncompensatedStep},
	{ID: "SAGA_UNWIND_ORDER", Family: "saga", Severity: diag.Error, Summary: "from every failure point the compensations of the completed steps run, in reverse order", Check: checkUnwindOrder},
	{ID: "SAGA_STEP_NO_CATCH", Family: "saga", Severity: diag.Warning, Summary: "a forward step after a compensated one catches its failure into the compensations", Check: checkStepNoCatch},
	{ID: "SAGA_COMPENSATION_RETRY", Family: "saga", Severity: diag.Warning, Summary: "every compensation retries", Check: checkCompensationRetry},
	{ID: "SAGA_COMPENSATION_FAILED", Family: "saga", Severity: diag.Warning, Summary: "a failed compensation ends in its own Fail state", Check: checkCompensationFailed},
	{ID: "SAGA_CATCH_RESULT_PATH", Family: "saga", Severity: diag.Error, Summary: "a Catch that starts compensations keeps the input (has a ResultPath)", Check: checkCatchResultPath},
	{ID: "SAGA_RESULT_OVERWRITE", Family: "saga", Severity: diag.Warning, Summary: "a ResultPath does not overwrite data a later step or compensation reads", Check: checkResultOverwrite},
	{ID: "SAGA_OUTPUT_DROPS_RESULT", Family: "saga", Severity: diag.Warning, Summary: "OutputPath does not throw away the result ResultPath just stored", Check: checkOutputDropsResult},
	{ID: "SAGA_PAYLOAD_GROWTH", Family: "saga", Severity: diag.Info, Summary: "a Lambda step keeps only what it needs of the response (select / ResultSelector)", Check: checkPayloadGrowth},
	{ID: "SAGA_LAMBDA_TIMEOUT", Family: "saga", Severity: diag.Warning, Summary: "a Lambda task has a timeout", Check: checkLambdaTimeout},
	{ID: "SAGA_UNCATCHABLE", Family: "saga", Severity: diag.Warning, Summary: "no step relies on catching States.Runtime or States.DataLimitExceeded, which no Catch catches", Check: checkUncatchable},
	{ID: "SAGA_FUTURE_RESULT", Family: "saga", Severity: diag.Error, Summary: "a step does not read the result of a step that has not run yet", Check: checkFutureResult},
	{ID: "SAGA_TIMEOUT", Family: "saga", Severity: diag.Warning, Summary: "a saga-level timeout ends the execution without compensating", Check: checkSagaTimeout},
}

// schemaRule reports the schema walk's findings filed under the pass's
// rule.
func schemaRule(p *Pass) {
	for _, f := range schemaFindings(p.Doc) {
		if f.rule != p.Rule.ID {
			continue
		}
		if f.key != nil {
			p.report(f.key.KeyRange, f.ptr, f.msg)
		} else {
			p.report(f.at.Range, f.ptr, f.msg)
		}
	}
}

func scopeWhat(sc *Scope) string {
	if sc.Parent == nil {
		return "the state machine"
	}
	return fmt.Sprintf("%s of %s %q", scopeKind(sc), sc.Parent.Type, sc.Parent.Name)
}

func scopeKind(sc *Scope) string {
	if strings.Contains(sc.Pointer[strings.LastIndex(sc.Pointer, "/States/")+1:], "/Branches/") {
		return "a branch"
	}
	return "the item processor"
}

// stateNames lists a scope's state names, for did-you-mean.
func stateNames(sc *Scope) []string {
	out := make([]string, len(sc.States))
	for i, s := range sc.States {
		out[i] = s.Name
	}
	return out
}

// elsewhere finds a state with the given name in another scope.
func (d *Document) elsewhere(name string, not *Scope) *Scope {
	for _, sc := range d.Scopes {
		if sc != not && sc.Lookup(name) != nil {
			return sc
		}
	}
	return nil
}

func missingTarget(p *Pass, sc *Scope, field, target string, at *jsonv.Value, ptr string) {
	hint := ""
	if other := p.Doc.elsewhere(target, sc); other != nil {
		hint = fmt.Sprintf(": %q is in %s; a transition cannot leave its scope", target, scopeWhat(other))
	} else if c := closest(target, stateNames(sc)); c != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", c)
	}
	p.Report(at, ptr, "%s %q names no state in %s%s", field, target, scopeWhat(sc), hint)
}

func checkStartAt(p *Pass) {
	for _, sc := range p.Doc.Scopes {
		v := sc.Value.Get("StartAt")
		if v == nil || v.Kind != jsonv.String || len(sc.States) == 0 {
			continue
		}
		if sc.Lookup(v.Str) == nil {
			missingTarget(p, sc, "StartAt", v.Str, v, sc.Pointer+"/StartAt")
		}
	}
}

func checkNextTargets(p *Pass) {
	for _, st := range p.Doc.States {
		for _, t := range st.Transitions() {
			if st.Scope.Lookup(t.Target) == nil {
				field := t.Kind
				switch t.Kind {
				case "Choice", "Catch":
					field = t.Kind + " Next"
				}
				missingTarget(p, st.Scope, field, t.Target, t.Value, t.Pointer)
			}
		}
	}
}

func checkNextEnd(p *Pass) {
	for _, st := range p.Doc.States {
		if st.Value.Kind != jsonv.Object {
			continue
		}
		next, end := st.Value.Member("Next"), st.Value.Member("End")
		switch st.Type {
		case "Choice", "Succeed", "Fail":
			for _, m := range []*jsonv.Member{next, end} {
				if m != nil {
					p.ReportField(m, st.Pointer, "a %s state has no %s", st.Type, m.Key)
				}
			}
		case "Task", "Pass", "Wait", "Parallel", "Map":
			switch {
			case next != nil && end != nil:
				p.ReportField(end, st.Pointer, "state %q has both Next and End: keep one", st.Name)
			case next == nil && end == nil:
				p.ReportState(st, "state %q has neither Next nor End: say where it goes, or end with \"End\": true", st.Name)
			}
		}
	}
}

// reachable returns the states of a scope reachable from its StartAt.
func reachable(sc *Scope) map[*State]bool {
	seen := map[*State]bool{}
	start := sc.Value.Get("StartAt")
	if start == nil || start.Kind != jsonv.String {
		return seen
	}
	stack := []*State{sc.Lookup(start.Str)}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s == nil || seen[s] {
			continue
		}
		seen[s] = true
		for _, t := range s.Transitions() {
			stack = append(stack, sc.Lookup(t.Target))
		}
	}
	return seen
}

func checkUnreachable(p *Pass) {
	for _, sc := range p.Doc.Scopes {
		start := sc.Value.Get("StartAt")
		if start == nil || start.Kind != jsonv.String || sc.Lookup(start.Str) == nil {
			continue // START_AT says what is wrong
		}
		seen := reachable(sc)
		for _, st := range sc.States {
			if !seen[st] && sc.byName[st.Name] == st {
				p.ReportState(st, "state %q cannot be reached from StartAt %q", st.Name, start.Str)
			}
		}
	}
}

func checkNoTerminal(p *Pass) {
	for _, sc := range p.Doc.Scopes {
		if len(sc.States) == 0 {
			continue
		}
		terminal := false
		for _, st := range sc.States {
			if st.IsTerminal() {
				terminal = true
				break
			}
		}
		if !terminal {
			at, ptr := sc.Value.Get("States"), sc.Pointer+"/States"
			if m := sc.Value.Member("States"); m != nil {
				p.report(m.KeyRange, ptr, fmt.Sprintf("%s has no terminal state: add a Succeed or Fail state, or \"End\": true", scopeWhat(sc)))
				continue
			}
			p.Report(at, ptr, "no terminal state")
		}
	}
}

func intField(v *jsonv.Value, name string) (int64, *jsonv.Value, bool) {
	f := v.Get(name)
	if f == nil || f.Kind != jsonv.Number {
		return 0, nil, false
	}
	n, err := strconv.ParseInt(f.Str, 10, 64)
	if err != nil {
		return 0, nil, false
	}
	return n, f, true
}

func checkHeartbeat(p *Pass) {
	for _, st := range p.Doc.States {
		if st.Type != "Task" {
			continue
		}
		hb, hv, ok1 := intField(st.Value, "HeartbeatSeconds")
		to, _, ok2 := intField(st.Value, "TimeoutSeconds")
		if !ok1 {
			continue
		}
		if !ok2 {
			to = 99999999 // the service's default task timeout
		}
		if hb >= to {
			p.Report(hv, st.Pointer+"/HeartbeatSeconds", "HeartbeatSeconds (%d) must be below TimeoutSeconds (%d)", hb, to)
		}
	}
}

func checkStateNames(p *Pass) {
	for _, st := range p.Doc.States {
		if n := utf8.RuneCountInString(st.Name); n > 80 {
			p.ReportState(st, "state name is %d characters; the limit is 80", n)
		}
		if st.Name == "" {
			p.ReportState(st, "a state name cannot be empty")
		}
		for _, r := range st.Name {
			if r < 0x20 || r >= 0x7f && r <= 0x9f {
				p.ReportState(st, "state name %q holds a control character (U+%04X)", st.Name, r)
				break
			}
		}
	}
}

func checkDuplicateStates(p *Pass) {
	first := map[string]*State{}
	for _, st := range p.Doc.States {
		if prev, ok := first[st.Name]; ok {
			where := "at " + prev.NameRange.Start.String()
			if prev.Scope == st.Scope {
				continue // the parser's DUPLICATE_KEY already says so
			}
			p.ReportState(st, "state name %q is already used %s (in %s); names must be unique across the whole machine", st.Name, where, scopeWhat(prev.Scope))
			continue
		}
		first[st.Name] = st
	}
}

func checkTaskToken(p *Pass) {
	for _, st := range p.Doc.States {
		res := st.Field("Resource")
		if st.Type != "Task" || res == nil || res.Kind != jsonv.String || !strings.HasSuffix(res.Str, ".waitForTaskToken") {
			continue
		}
		args := st.Field("Parameters")
		if st.JSONata {
			args = st.Field("Arguments")
		}
		found := false
		args.Walk(func(_ string, v *jsonv.Value) bool {
			if v.Kind == jsonv.String && strings.Contains(v.Str, "Task.Token") {
				found = true
			}
			return !found
		})
		if !found {
			field := "Parameters"
			token := `"TaskToken.$": "$$.Task.Token"`
			if st.JSONata {
				field, token = "Arguments", `"TaskToken": "{% $states.context.Task.Token %}"`
			}
			p.Report(res, st.Pointer+"/Resource", "a .waitForTaskToken task must pass the task token in %s (%s), or nothing can resume it", field, token)
		}
	}
}

func checkChoiceDefault(p *Pass) {
	for _, st := range p.Doc.States {
		if st.Type == "Choice" && st.Value.Member("Default") == nil {
			p.ReportState(st, "Choice state %q has no Default: when no rule matches, the execution fails with States.NoChoiceMatched", st.Name)
		}
	}
}

func checkDefinitionSize(p *Pass) {
	if n := utf8.RuneCount(p.Doc.Source); n > MaxDefinitionSize {
		p.report(diag.Range{Filename: p.Doc.Filename, Start: diag.Pos{Line: 1, Column: 1}, End: diag.Pos{Line: 1, Column: 1}}, "",
			fmt.Sprintf("the definition is %d characters; Step Functions accepts at most %d", n, MaxDefinitionSize))
	}
}

// MaxDefinitionSize is the Step Functions limit on a definition, in
// characters.
const MaxDefinitionSize = 1048576

var (
	lambdaARN = regexp.MustCompile(`^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::(.*))?$`)
	qualifier = regexp.MustCompile(`^(\$LATEST|[0-9]+|[a-zA-Z0-9_-]+)$`)
)

// checkResource checks a Task Resource: substitutions must be closed, and
// an ARN must have its six parts; a Lambda function ARN's qualifier (alias
// or version) must be well formed.
func checkResource(s string) string {
	if i := strings.Index(s, "${"); i >= 0 && !strings.Contains(s[i:], "}") {
		return fmt.Sprintf("Resource %q has an unterminated ${ substitution", s)
	}
	if strings.Contains(s, "${") || !strings.HasPrefix(s, "arn:") {
		return ""
	}
	if strings.Count(s, ":") < 5 {
		return fmt.Sprintf("Resource %q is not an ARN: expected arn:partition:service:region:account:resource", s)
	}
	if m := lambdaARN.FindStringSubmatch(s); m != nil && strings.Count(s, ":") == 7 {
		if !qualifier.MatchString(m[2]) {
			return fmt.Sprintf("Resource %q: %q is not a valid Lambda alias or version", s, m[2])
		}
	}
	return ""
}
