// This file is the field schema of ASL: which members each state type and
// each nested object (Retry, Catch, ItemReader, …) may hold, which are
// required or exclusive, and what each value must be. One walk over the
// document checks it all and files each finding under its rule's ID.

package lint

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/sagac/sagac/jsonv"
)

// schema describes one kind of object.
type schema struct {
	// fields maps a member name to its value kind (see checkValue).
	fields map[string]string
	// oneOf lists groups of which exactly one member is required.
	oneOf [][]string
	// exclusive lists groups of which at most one member may appear.
	exclusive [][]string
}

var commonState = map[string]string{"Type": "string", "Comment": "string", "QueryLanguage": "ql"}

func stateSchema(extra map[string]string, oneOf, exclusive [][]string) *schema {
	f := map[string]string{}
	for k, v := range commonState {
		f[k] = v
	}
	for k, v := range extra {
		f[k] = v
	}
	return &schema{fields: f, oneOf: oneOf, exclusive: exclusive}
}

// The fields every state with a successor has, and those of the states
// that produce a result.
var (
	flowFields = map[string]string{"Next": "name", "End": "true", "InputPath": "iopath", "OutputPath": "iopath", "Assign": "any", "Output": "any"}
	// terminalFields are the transitions a Choice, Succeed or Fail state
	// must not have: NEXT_END reports them, with a message that says so.
	terminalFields = map[string]string{"Next": "any", "End": "any"}
	resultFields   = map[string]string{"ResultPath": "resultpath", "Parameters": "template", "ResultSelector": "template", "Arguments": "arguments", "Retry": "retry", "Catch": "catch"}
)

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// stateSchemas maps a state Type to its schema.
var stateSchemas = map[string]*schema{
	"Pass": stateSchema(merge(flowFields, map[string]string{"ResultPath": "resultpath", "Parameters": "template", "Result": "any"}), nil, nil),
	"Task": stateSchema(merge(flowFields, resultFields, map[string]string{
		"Resource": "resource", "TimeoutSeconds": "int1", "TimeoutSecondsPath": "refpath",
		"HeartbeatSeconds": "int1", "HeartbeatSecondsPath": "refpath", "Credentials": "objtemplate",
	}), [][]string{{"Resource"}}, [][]string{{"TimeoutSeconds", "TimeoutSecondsPath"}, {"HeartbeatSeconds", "HeartbeatSecondsPath"}}),
	// Choice, Succeed and Fail have no Next or End; NEXT_END reports them
	// (terminalFields keeps FIELD_UNKNOWN from reporting them again).
	"Choice": stateSchema(merge(terminalFields, map[string]string{"Choices": "choices", "Default": "name", "InputPath": "iopath", "OutputPath": "iopath", "Assign": "any", "Output": "any"}),
		[][]string{{"Choices"}}, nil),
	"Wait": stateSchema(merge(flowFields, map[string]string{"Seconds": "int0", "Timestamp": "timestamp", "SecondsPath": "refpath", "TimestampPath": "refpath"}),
		[][]string{{"Seconds", "Timestamp", "SecondsPath", "TimestampPath"}}, nil),
	"Succeed": stateSchema(merge(terminalFields, map[string]string{"InputPath": "iopath", "OutputPath": "iopath", "Output": "any"}), nil, nil),
	"Fail": stateSchema(merge(terminalFields, map[string]string{"Error": "string", "ErrorPath": "errpath", "Cause": "string", "CausePath": "errpath"}),
		nil, [][]string{{"Error", "ErrorPath"}, {"Cause", "CausePath"}}),
	"Parallel": stateSchema(merge(flowFields, resultFields, map[string]string{"Branches": "branches"}), [][]string{{"Branches"}}, nil),
	"Map": stateSchema(merge(flowFields, resultFields, map[string]string{
		"ItemProcessor": "@ItemProcessor", "Iterator": "@Branch", "ItemsPath": "path", "Items": "items",
		"ItemSelector": "template", "ItemReader": "@ItemReader", "ItemBatcher": "@ItemBatcher", "ResultWriter": "@ResultWriter",
		"MaxConcurrency": "int0", "MaxConcurrencyPath": "refpath",
		"ToleratedFailurePercentage": "percent", "ToleratedFailurePercentagePath": "refpath",
		"ToleratedFailureCount": "int0", "ToleratedFailureCountPath": "refpath", "Label": "string",
	}), [][]string{{"ItemProcessor", "Iterator"}}, [][]string{
		{"ItemSelector", "Parameters"}, {"Items", "ItemsPath"}, {"MaxConcurrency", "MaxConcurrencyPath"},
		{"ToleratedFailurePercentage", "ToleratedFailurePercentagePath"}, {"ToleratedFailureCount", "ToleratedFailureCountPath"},
	}),
}

// objectSchemas are the nested objects, referenced as "@Name" kinds.
var objectSchemas = map[string]*schema{
	"Top":    {fields: map[string]string{"Comment": "string", "StartAt": "name", "States": "states", "TimeoutSeconds": "int1", "Version": "string", "QueryLanguage": "ql"}, oneOf: [][]string{{"StartAt"}, {"States"}}},
	"Branch": {fields: map[string]string{"Comment": "string", "StartAt": "name", "States": "states", "ProcessorConfig": "@ProcessorConfig"}, oneOf: [][]string{{"StartAt"}, {"States"}}},
	"ItemProcessor": {fields: map[string]string{"Comment": "string", "StartAt": "name", "States": "states", "ProcessorConfig": "@ProcessorConfig"},
		oneOf: [][]string{{"StartAt"}, {"States"}}},
	"ProcessorConfig": {fields: map[string]string{"Mode": "enum:INLINE,DISTRIBUTED", "ExecutionType": "enum:STANDARD,EXPRESS"}},
	"Retrier": {fields: map[string]string{"ErrorEquals": "errors", "IntervalSeconds": "interval", "MaxAttempts": "maxattempts",
		"BackoffRate": "backoff", "MaxDelaySeconds": "maxdelay", "JitterStrategy": "enum:FULL,NONE", "Comment": "string"}, oneOf: [][]string{{"ErrorEquals"}}},
	"Catcher": {fields: map[string]string{"ErrorEquals": "errors", "Next": "name", "ResultPath": "resultpath", "Comment": "string", "Assign": "any", "Output": "any"},
		oneOf: [][]string{{"ErrorEquals"}, {"Next"}}},
	"ItemReader": {fields: map[string]string{"Resource": "resource", "ReaderConfig": "@ReaderConfig", "Parameters": "template", "Arguments": "arguments"},
		oneOf: [][]string{{"Resource"}}, exclusive: [][]string{{"Parameters", "Arguments"}}},
	"ReaderConfig": {fields: map[string]string{"InputType": "string", "CSVHeaderLocation": "string", "CSVHeaders": "array", "CSVDelimiter": "string",
		"MaxItems": "int0", "MaxItemsPath": "refpath", "ManifestType": "string"}, exclusive: [][]string{{"MaxItems", "MaxItemsPath"}}},
	"ItemBatcher": {fields: map[string]string{"MaxItemsPerBatch": "int0", "MaxItemsPerBatchPath": "refpath", "MaxInputBytesPerBatch": "int0",
		"MaxInputBytesPerBatchPath": "refpath", "BatchInput": "any"}, exclusive: [][]string{{"MaxItemsPerBatch", "MaxItemsPerBatchPath"}, {"MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"}}},
	"ResultWriter": {fields: map[string]string{"Resource": "resource", "Parameters": "template", "Arguments": "arguments", "WriterConfig": "@WriterConfig"},
		exclusive: [][]string{{"Parameters", "Arguments"}}},
	"WriterConfig": {fields: map[string]string{"OutputType": "enum:JSON,JSONL", "Transformation": "enum:NONE,COMPACT,FLATTEN"}, oneOf: [][]string{{"OutputType"}}},
}

// jsonPathOnly and jsonataOnly are the fields that belong to one query
// language; QUERY_LANGUAGE reports the others' use.
var (
	jsonPathOnly = map[string]string{"InputPath": "Arguments or Output", "OutputPath": "Output", "ResultPath": "Output or Assign",
		"Parameters": "Arguments", "ResultSelector": "Output", "ItemsPath": "Items", "TimeoutSecondsPath": "TimeoutSeconds",
		"HeartbeatSecondsPath": "HeartbeatSeconds", "SecondsPath": "Seconds", "TimestampPath": "Timestamp", "ErrorPath": "Error",
		"CausePath": "Cause", "MaxConcurrencyPath": "MaxConcurrency", "ToleratedFailurePercentagePath": "ToleratedFailurePercentage",
		"ToleratedFailureCountPath": "ToleratedFailureCount", "MaxItemsPath": "MaxItems", "MaxItemsPerBatchPath": "MaxItemsPerBatch",
		"MaxInputBytesPerBatchPath": "MaxInputBytesPerBatch", "Variable": "Condition"}
	jsonataOnly = map[string]string{"Arguments": "Parameters", "Output": "OutputPath or ResultSelector", "Items": "ItemsPath", "Condition": "Variable and a comparison"}
)

// finding is one result of the schema walk, filed under a rule ID.
type finding struct {
	rule string
	at   *jsonv.Value
	key  *jsonv.Member // when the finding is about a member's key
	ptr  string
	msg  string
}

// walker runs the schema over a document.
type walker struct {
	doc      *Document
	findings []finding
}

func (w *walker) add(rule string, at *jsonv.Value, ptr, format string, args ...any) {
	w.findings = append(w.findings, finding{rule: rule, at: at, ptr: ptr, msg: fmt.Sprintf(format, args...)})
}

func (w *walker) addKey(rule string, m *jsonv.Member, objPtr, format string, args ...any) {
	w.findings = append(w.findings, finding{rule: rule, key: m, ptr: ptrJoin(objPtr, m.Key), msg: fmt.Sprintf(format, args...)})
}

// schemaFindings walks the document once and caches the result.
func schemaFindings(d *Document) []finding {
	if d.schema != nil {
		return *d.schema
	}
	w := &walker{doc: d}
	if d.Root != nil {
		if d.Root.Kind != jsonv.Object {
			w.add("TOP_LEVEL", d.Root, "", "a state machine definition is a JSON object, not %s %s", article(d.Root.Kind), d.Root.Kind)
		} else {
			w.object(objectSchemas["Top"], "top level of the definition", d.Root, "", d.JSONata, "TOP_LEVEL")
		}
	}
	d.schema = &w.findings
	return w.findings
}

func article(k jsonv.Kind) string {
	if k == jsonv.Array {
		return "an"
	}
	return "a"
}

// object checks an object against a schema. unknownRule is the rule that
// reports members the schema does not know.
func (w *walker) object(s *schema, what string, v *jsonv.Value, ptr string, jsonata bool, unknownRule string) {
	for _, m := range v.Members {
		kind, ok := s.fields[m.Key]
		if !ok {
			hint := ""
			names := make([]string, 0, len(s.fields))
			for k := range s.fields {
				names = append(names, k)
			}
			sortStrings(names)
			if c := closest(m.Key, names); c != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", c)
			}
			w.addKey(unknownRule, m, ptr, "%s is not a field of the %s%s", m.Key, what, hint)
			continue
		}
		w.value(kind, m, ptr, jsonata)
	}
	for _, group := range s.oneOf {
		n := 0
		for _, f := range group {
			if v.Member(f) != nil {
				n++
			}
		}
		if n == 0 {
			w.add("FIELD_REQUIRED", v, ptr, "the %s needs %s", what, orList(group))
		} else if n > 1 && len(group) > 1 {
			w.exclusive(group, v, ptr, what)
		}
	}
	for _, group := range s.exclusive {
		w.exclusive(group, v, ptr, what)
	}
}

func (w *walker) exclusive(group []string, v *jsonv.Value, ptr, what string) {
	var present []*jsonv.Member
	for _, f := range group {
		if m := v.Member(f); m != nil {
			present = append(present, m)
		}
	}
	if len(present) > 1 {
		names := make([]string, len(present))
		for i, m := range present {
			names[i] = m.Key
		}
		w.addKey("FIELD_EXCLUSIVE", present[1], ptr, "the %s may have only one of %s", what, strings.Join(names, " and "))
	}
}

func orList(group []string) string {
	if len(group) == 1 {
		return group[0]
	}
	return "one of " + strings.Join(group[:len(group)-1], ", ") + " or " + group[len(group)-1]
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// value checks one member's value against its kind; objPtr is the
// pointer of the object holding m.
func (w *walker) value(kind string, m *jsonv.Member, objPtr string, jsonata bool) {
	v := m.Value
	// The pointer is built only when needed: most values are leaves
	// that pass.
	ptr := func() string { return ptrJoin(objPtr, m.Key) }
	typeErr := func(want string) {
		w.add("FIELD_VALUE", v, ptr(), "%s must be %s, not %s", m.Key, want, describeValue(v))
	}
	// In a JSONata state a number, a boolean or an array may be computed.
	if jsonata && v.Kind == jsonv.String && isJSONata(v.Str) {
		if msg := checkJSONata(v.Str); msg != "" {
			w.add("JSONATA_SYNTAX", v, ptr(), "%s", msg)
		}
		switch kind {
		case "int0", "int1", "percent", "timestamp", "items", "arguments", "any", "template", "string", "errpath":
			return
		}
	}
	if strings.HasPrefix(kind, "@") {
		if v.Kind != jsonv.Object {
			typeErr("an object")
			return
		}
		w.object(objectSchemas[kind[1:]], m.Key, v, ptr(), jsonata, "FIELD_UNKNOWN")
		return
	}
	if strings.HasPrefix(kind, "enum:") {
		allowed := strings.Split(kind[5:], ",")
		if v.Kind != jsonv.String || !contains(allowed, v.Str) {
			typeErr("one of " + strings.Join(allowed, ", "))
		}
		return
	}
	switch kind {
	case "any":
		if jsonata {
			w.jsonataStrings(v, ptr())
		}
	case "string", "resource":
		if kind == "resource" && v.Kind == jsonv.Object && len(v.Members) == 1 &&
			(strings.HasPrefix(v.Members[0].Key, "Fn::") || v.Members[0].Key == "Ref") {
			return // a CloudFormation intrinsic, resolved at deploy time
		}
		if v.Kind != jsonv.String {
			typeErr("a string")
			return
		}
		if kind == "resource" {
			if msg := checkResource(v.Str); msg != "" {
				w.add("RESOURCE_ARN", v, ptr(), "%s", msg)
			}
		}
	case "name":
		if v.Kind != jsonv.String {
			typeErr("a state name (a string)")
		}
	case "true":
		if v.Kind != jsonv.Bool {
			typeErr("true")
		} else if !v.Bool {
			w.add("FIELD_VALUE", v, ptr(), "End must be true when present: leave it out instead of false")
		}
	case "ql":
		if v.Kind != jsonv.String || v.Str != "JSONata" && v.Str != "JSONPath" {
			typeErr(`"JSONata" or "JSONPath"`)
		}
	case "int0", "int1", "interval", "maxattempts", "maxdelay", "percent", "backoff":
		w.number(kind, m, ptr)
	case "timestamp":
		if v.Kind != jsonv.String {
			typeErr("an RFC 3339 timestamp string")
		} else if _, err := time.Parse(time.RFC3339, v.Str); err != nil {
			w.add("FIELD_VALUE", v, ptr(), "Timestamp %q is not an RFC 3339 timestamp (2016-03-14T01:59:00Z)", v.Str)
		}
	case "refpath", "resultpath", "iopath", "path", "errpath":
		w.path(kind, m, ptr, jsonata)
	case "objtemplate":
		if v.Kind != jsonv.Object {
			typeErr("an object")
			return
		}
		w.template(v, ptr(), jsonata)
	case "template":
		// Parameters and the selectors may be any JSON value; only the
		// "key.$" members of objects inside are expressions.
		w.template(v, ptr(), jsonata)
	case "arguments":
		if v.Kind != jsonv.Object && !(v.Kind == jsonv.String && isJSONata(v.Str)) {
			typeErr("an object or a JSONata expression")
			return
		}
		w.jsonataStrings(v, ptr())
	case "items":
		if v.Kind != jsonv.Array && !(v.Kind == jsonv.String && isJSONata(v.Str)) {
			typeErr("an array or a JSONata expression")
		}
	case "object":
		if v.Kind != jsonv.Object {
			typeErr("an object")
		}
	case "array":
		if v.Kind != jsonv.Array {
			typeErr("an array")
		}
	case "dollar":
		if v.Kind != jsonv.String {
			typeErr("a path or an intrinsic function call")
		} else if msg := checkDollarValue(v.Str); msg != "" {
			w.add("PAYLOAD_TEMPLATE", v, ptr(), "%s", msg)
		}
	case "errors":
		w.errorEquals(m, ptr)
	case "retry", "catch":
		if v.Kind != jsonv.Array {
			typeErr("an array")
			return
		}
		name := map[string]string{"retry": "Retrier", "catch": "Catcher"}[kind]
		for i, e := range v.Elems {
			p := ptr() + "/" + strconv.Itoa(i)
			if e.Kind != jsonv.Object {
				w.add("FIELD_VALUE", e, p, "each %s entry must be an object, not %s", m.Key, describeValue(e))
				continue
			}
			w.object(objectSchemas[name], m.Key+" entry", e, p, jsonata, "FIELD_UNKNOWN")
		}
		w.allLast(m, ptr())
	case "branches":
		if v.Kind != jsonv.Array || len(v.Elems) == 0 {
			typeErr("a non-empty array of branches")
			return
		}
		for i, e := range v.Elems {
			p := ptr() + "/" + strconv.Itoa(i)
			if e.Kind != jsonv.Object {
				w.add("FIELD_VALUE", e, p, "each branch must be an object with StartAt and States, not %s", describeValue(e))
				continue
			}
			w.object(objectSchemas["Branch"], "branch", e, p, jsonata, "FIELD_UNKNOWN")
		}
	case "choices":
		if v.Kind != jsonv.Array || len(v.Elems) == 0 {
			typeErr("a non-empty array of choice rules")
			return
		}
		for i, e := range v.Elems {
			w.choiceRule(e, ptr()+"/"+strconv.Itoa(i), true, jsonata)
		}
	case "states":
		if v.Kind != jsonv.Object {
			typeErr("an object of states")
			return
		}
		if len(v.Members) == 0 {
			w.add("FIELD_VALUE", v, ptr(), "States must hold at least one state")
		}
		for _, sm := range v.Members {
			w.state(sm, ptrJoin(ptr(), sm.Key), jsonata)
		}
	default:
		panic("lint: unknown schema kind " + kind)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// describeValue names a value's kind for a message ("the string \"x\"").
func describeValue(v *jsonv.Value) string {
	switch v.Kind {
	case jsonv.String:
		s := v.Str
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return fmt.Sprintf("the string %q", s)
	case jsonv.Number:
		return "the number " + v.Str
	case jsonv.Bool:
		if v.Bool {
			return "true"
		}
		return "false"
	case jsonv.Null:
		return "null"
	case jsonv.Object:
		return "an object"
	default:
		return "an array"
	}
}

// state checks one state: its Type and then its schema.
func (w *walker) state(m *jsonv.Member, ptr string, parentJSONata bool) {
	v := m.Value
	if v.Kind != jsonv.Object {
		w.add("FIELD_VALUE", v, ptr, "state %q must be an object, not %s", m.Key, describeValue(v))
		return
	}
	jsonata := parentJSONata
	if ql := v.Get("QueryLanguage"); ql != nil && ql.Kind == jsonv.String {
		jsonata = ql.Str == "JSONata"
	}
	t := v.Member("Type")
	if t == nil {
		w.add("STATE_TYPE", v, ptr, "state %q has no Type", m.Key)
		return
	}
	if t.Value.Kind != jsonv.String {
		w.add("STATE_TYPE", t.Value, ptr+"/Type", "Type must be a string, not %s", describeValue(t.Value))
		return
	}
	s, ok := stateSchemas[t.Value.Str]
	if !ok {
		hint := ""
		if c := closest(t.Value.Str, []string{"Choice", "Fail", "Map", "Parallel", "Pass", "Succeed", "Task", "Wait"}); c != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", c)
		}
		w.add("STATE_TYPE", t.Value, ptr+"/Type", "unknown state type %q%s: expected Task, Pass, Choice, Wait, Succeed, Fail, Parallel or Map", t.Value.Str, hint)
		return
	}
	w.object(s, t.Value.Str+" state", v, ptr, jsonata, "FIELD_UNKNOWN")
	for _, f := range v.Members {
		if jsonata {
			if alt, bad := jsonPathOnly[f.Key]; bad {
				w.addKey("QUERY_LANGUAGE", f, ptr, "%s is a JSONPath field, but state %q uses JSONata: use %s", f.Key, m.Key, alt)
			}
		} else if alt, bad := jsonataOnly[f.Key]; bad {
			w.addKey("QUERY_LANGUAGE", f, ptr, "%s is a JSONata field, but state %q uses JSONPath: use %s, or set \"QueryLanguage\": \"JSONata\"", f.Key, m.Key, alt)
		}
	}
}

// number checks a numeric field's type and range.
func (w *walker) number(kind string, m *jsonv.Member, ptr func() string) {
	v := m.Value
	rule := "FIELD_VALUE"
	switch kind {
	case "interval", "maxattempts", "maxdelay", "backoff":
		rule = "RETRY_VALUES"
	}
	if v.Kind != jsonv.Number {
		want := "an integer"
		if kind == "percent" || kind == "backoff" {
			want = "a number"
		}
		w.add(rule, v, ptr(), "%s must be %s, not %s", m.Key, want, describeValue(v))
		return
	}
	lo, hi := int64(0), int64(-1)
	switch kind {
	case "int1", "interval", "maxdelay":
		lo = 1
		if kind != "int1" {
			hi = 99999999
		}
	case "maxattempts":
		hi = 99999999
	case "percent":
		hi = 100
	case "backoff":
		lo = 1
	}
	if n, err := strconv.ParseInt(v.Str, 10, 64); err == nil {
		// The common case, a plain integer, without big.Rat.
		if n < lo {
			w.add(rule, v, ptr(), "%s must be at least %d, not %s", m.Key, lo, v.Str)
		} else if hi >= 0 && n > hi {
			w.add(rule, v, ptr(), "%s must be at most %d, not %s", m.Key, hi, v.Str)
		}
		return
	}
	r, ok := new(big.Rat).SetString(v.Str)
	if !ok {
		w.add(rule, v, ptr(), "%s: %s is not a number", m.Key, v.Str)
		return
	}
	integer := r.IsInt()
	if kind != "percent" && kind != "backoff" && !integer {
		w.add(rule, v, ptr(), "%s must be a whole number, not %s", m.Key, v.Str)
		return
	}
	if r.Cmp(big.NewRat(lo, 1)) < 0 {
		w.add(rule, v, ptr(), "%s must be at least %d, not %s", m.Key, lo, v.Str)
	} else if hi >= 0 && r.Cmp(big.NewRat(hi, 1)) > 0 {
		w.add(rule, v, ptr(), "%s must be at most %d, not %s", m.Key, hi, v.Str)
	}
}

// path checks a path-valued field.
func (w *walker) path(kind string, m *jsonv.Member, ptr func() string, jsonata bool) {
	v := m.Value
	if v.Kind == jsonv.Null && (kind == "resultpath" || kind == "iopath") {
		return
	}
	if v.Kind != jsonv.String {
		w.add("FIELD_VALUE", v, ptr(), "%s must be a path string, not %s", m.Key, describeValue(v))
		return
	}
	var msg string
	switch kind {
	case "resultpath":
		msg = checkPath(v.Str, referencePath, false, false)
	case "refpath":
		msg = checkPath(v.Str, referencePath, true, true)
	case "errpath":
		// ErrorPath and CausePath also take an intrinsic function.
		if strings.HasPrefix(v.Str, "$") {
			msg = checkPath(v.Str, referencePath, true, true)
		} else if msg = checkIntrinsic(v.Str); msg == "" {
			name := v.Str[:strings.IndexByte(v.Str, '(')]
			if !contains(stringIntrinsics, name) {
				msg = fmt.Sprintf("%s does not return a string; %s takes a path or one of %s", name, m.Key, strings.Join(stringIntrinsics, ", "))
			}
		}
	default:
		msg = checkPath(v.Str, jsonPath, true, true)
	}
	if msg != "" {
		w.add("PATH_SYNTAX", v, ptr(), "%s: %s", m.Key, msg)
	}
}

// template checks a payload template (Parameters, ResultSelector,
// ItemSelector): every "key.$" member holds a path or an intrinsic call.
func (w *walker) template(v *jsonv.Value, ptr string, jsonata bool) {
	switch v.Kind {
	case jsonv.Object:
		for _, m := range v.Members {
			p := ptrJoin(ptr, m.Key)
			if base, ok := strings.CutSuffix(m.Key, ".$"); ok && !jsonata && v.Member(base) != nil {
				w.addKey("PAYLOAD_TEMPLATE", m, ptr, "%s and %s both set the key %q once .$ is removed", base, m.Key, base)
			}
			if strings.HasSuffix(m.Key, ".$") && !jsonata {
				if m.Value.Kind != jsonv.String {
					w.add("PAYLOAD_TEMPLATE", m.Value, p, "%s ends in .$, so its value must be a path or an intrinsic function call, not %s", m.Key, describeValue(m.Value))
					continue
				}
				if msg := checkDollarValue(m.Value.Str); msg != "" {
					rule := "PAYLOAD_TEMPLATE"
					if strings.HasPrefix(m.Value.Str, "States.") {
						rule = "INTRINSIC_FUNCTION"
					}
					w.add(rule, m.Value, p, "%s: %s", m.Key, msg)
				}
				continue
			}
			w.template(m.Value, p, jsonata)
		}
	case jsonv.Array:
		for i, e := range v.Elems {
			w.template(e, fmt.Sprintf("%s/%d", ptr, i), jsonata)
		}
	case jsonv.String:
		if jsonata {
			if msg := checkJSONata(v.Str); msg != "" {
				w.add("JSONATA_SYNTAX", v, ptr, "%s", msg)
			}
		}
	}
}

// jsonataStrings checks the surround syntax of every string in v.
func (w *walker) jsonataStrings(v *jsonv.Value, ptr string) {
	v.Walk(func(p string, x *jsonv.Value) bool {
		if x.Kind == jsonv.String {
			if msg := checkJSONata(x.Str); msg != "" {
				w.add("JSONATA_SYNTAX", x, ptr+p, "%s", msg)
			}
		}
		return true
	})
}

// errorEquals checks an ErrorEquals array.
func (w *walker) errorEquals(m *jsonv.Member, ptr func() string) {
	v := m.Value
	if v.Kind != jsonv.Array {
		w.add("ERROR_EQUALS", v, ptr(), "ErrorEquals must be an array of error names, not %s", describeValue(v))
		return
	}
	if len(v.Elems) == 0 {
		w.add("ERROR_EQUALS", v, ptr(), "ErrorEquals must name at least one error (non-empty required)")
		return
	}
	for i, e := range v.Elems {
		p := ptr() + "/" + strconv.Itoa(i)
		if e.Kind != jsonv.String {
			w.add("ERROR_EQUALS", e, p, "each error name must be a string, not %s", describeValue(e))
			continue
		}
		if e.Str == "States.ALL" && len(v.Elems) > 1 {
			w.add("ERROR_EQUALS", e, p, "States.ALL must be alone in its ErrorEquals")
		}
		if strings.HasPrefix(e.Str, "States.") && !contains(statesErrors, e.Str) {
			hint := ""
			if c := closest(e.Str, statesErrors); c != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", c)
			}
			w.add("STATES_ERROR_NAME", e, p, "%s is not a predefined error%s: names starting with States. are reserved for the service's own errors", e.Str, hint)
		}
	}
}

// allLast checks that a Retry or Catch entry catching States.ALL is last.
func (w *walker) allLast(m *jsonv.Member, ptr string) {
	for i, e := range m.Value.Elems {
		if i == len(m.Value.Elems)-1 {
			break
		}
		ee := e.Get("ErrorEquals")
		if ee == nil || ee.Kind != jsonv.Array {
			continue
		}
		for _, x := range ee.Elems {
			if x.Kind == jsonv.String && x.Str == "States.ALL" {
				w.add("ERROR_EQUALS", x, fmt.Sprintf("%s/%d/ErrorEquals", ptr, i), "the %s entry with States.ALL must be the last one", m.Key)
			}
		}
	}
}

// stringIntrinsics are the intrinsic functions that return a string, the
// only ones ErrorPath and CausePath accept.
var stringIntrinsics = []string{"States.ArrayGetItem", "States.Base64Decode", "States.Base64Encode", "States.Format", "States.Hash", "States.JsonToString", "States.UUID"}

// statesErrors are the service's predefined error names.
var statesErrors = []string{
	"States.ALL", "States.BranchFailed", "States.DataLimitExceeded", "States.ExceedToleratedFailureThreshold",
	"States.HeartbeatTimeout", "States.Http.Socket", "States.IntrinsicFailure", "States.ItemReaderFailed",
	"States.NoChoiceMatched", "States.ParameterPathFailure", "States.Permissions", "States.QueryEvaluationError",
	"States.ResultPathMatchFailure", "States.ResultWriterFailed", "States.Runtime", "States.TaskFailed", "States.Timeout",
}

// comparisons are the Choice rule comparison operators, with the kind of
// value each takes.
var comparisons = func() map[string]string {
	m := map[string]string{"StringMatches": "string", "IsNull": "bool", "IsPresent": "bool", "IsNumeric": "bool",
		"IsString": "bool", "IsBoolean": "bool", "IsTimestamp": "bool"}
	for _, op := range []string{"Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"} {
		m["String"+op] = "string"
		m["Numeric"+op] = "number"
		m["Timestamp"+op] = "timestamp"
		m["String"+op+"Path"] = "path"
		m["Numeric"+op+"Path"] = "path"
		m["Timestamp"+op+"Path"] = "path"
	}
	m["BooleanEquals"] = "bool"
	m["BooleanEqualsPath"] = "path"
	return m
}()

// choiceRule checks one Choice rule; top says whether it is a top-level
// rule (which has a Next) or one nested in And, Or or Not.
func (w *walker) choiceRule(v *jsonv.Value, ptr string, top, jsonata bool) {
	if v.Kind != jsonv.Object {
		w.add("CHOICE_RULE", v, ptr, "a choice rule must be an object, not %s", describeValue(v))
		return
	}
	var ops []*jsonv.Member
	for _, m := range v.Members {
		p := ptrJoin(ptr, m.Key)
		switch m.Key {
		case "Next":
			if !top {
				w.addKey("CHOICE_RULE", m, ptr, "only a top-level choice rule has a Next; a rule inside And, Or or Not does not")
			} else if m.Value.Kind != jsonv.String {
				w.add("FIELD_VALUE", m.Value, p, "Next must be a state name (a string), not %s", describeValue(m.Value))
			}
		case "Comment":
		case "Assign", "Output":
			if !top {
				w.addKey("CHOICE_RULE", m, ptr, "%s belongs on a top-level choice rule", m.Key)
			}
		case "Variable":
			if m.Value.Kind != jsonv.String {
				w.add("CHOICE_RULE", m.Value, p, "Variable must be a path string, not %s", describeValue(m.Value))
			} else if msg := checkPath(m.Value.Str, jsonPath, true, true); msg != "" {
				w.add("PATH_SYNTAX", m.Value, p, "Variable: %s", msg)
			}
		case "Condition":
			ops = append(ops, m)
			if m.Value.Kind == jsonv.String {
				if msg := checkJSONata(m.Value.Str); msg != "" {
					w.add("JSONATA_SYNTAX", m.Value, p, "%s", msg)
				}
			} else if m.Value.Kind != jsonv.Bool {
				w.add("CHOICE_RULE", m.Value, p, "Condition must be a JSONata expression or a boolean")
			}
		case "And", "Or":
			ops = append(ops, m)
			if m.Value.Kind != jsonv.Array || len(m.Value.Elems) == 0 {
				w.add("CHOICE_RULE", m.Value, p, "%s must be a non-empty array of choice rules", m.Key)
				continue
			}
			for i, e := range m.Value.Elems {
				w.choiceRule(e, fmt.Sprintf("%s/%d", p, i), false, jsonata)
			}
		case "Not":
			ops = append(ops, m)
			w.choiceRule(m.Value, p, false, jsonata)
		default:
			kind, ok := comparisons[m.Key]
			if !ok {
				w.addKey("CHOICE_RULE", m, ptr, "%s is not a field of a choice rule", m.Key)
				continue
			}
			ops = append(ops, m)
			w.comparisonValue(kind, m, p)
		}
	}
	if len(ops) == 0 {
		w.add("CHOICE_RULE", v, ptr, "the choice rule has no comparison (StringEquals, NumericLessThan, …), And, Or, Not or Condition")
	} else if len(ops) > 1 {
		w.addKey("CHOICE_RULE", ops[1], ptr, "a choice rule has exactly one comparison operator, but this one also has %s", ops[0].Key)
	}
	if len(ops) == 1 {
		op := ops[0].Key
		_, isComparison := comparisons[op]
		if isComparison && v.Member("Variable") == nil {
			w.add("CHOICE_RULE", v, ptr, "the comparison %s needs a Variable", op)
		}
		if !isComparison && v.Member("Variable") != nil {
			w.addKey("CHOICE_RULE", v.Member("Variable"), ptr, "Variable belongs with a comparison, not with %s", op)
		}
	}
	if top && v.Member("Next") == nil {
		w.add("FIELD_REQUIRED", v, ptr, "a top-level choice rule needs a Next")
	}
}

func (w *walker) comparisonValue(kind string, m *jsonv.Member, ptr string) {
	v := m.Value
	ok := true
	switch kind {
	case "string":
		ok = v.Kind == jsonv.String
	case "number":
		ok = v.Kind == jsonv.Number
	case "bool":
		ok = v.Kind == jsonv.Bool
	case "timestamp":
		ok = v.Kind == jsonv.String
	case "path":
		if v.Kind == jsonv.String {
			if msg := checkPath(v.Str, jsonPath, true, true); msg != "" {
				w.add("PATH_SYNTAX", v, ptr, "%s: %s", m.Key, msg)
			}
			return
		}
		ok = false
	}
	if !ok {
		w.add("CHOICE_RULE", v, ptr, "%s takes a %s, not %s", m.Key, kind, describeValue(v))
	}
}
