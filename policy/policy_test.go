package policy_test

import (
	"strings"
	"testing"

	"github.com/sagac/sagac/jsonv"
	"github.com/sagac/sagac/policy"
)

// task is a lambda:invoke Task calling fn.
func task(fn string) string {
	return `{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "` + fn + `"}, "End": true}`
}

func TestFunctionReferences(t *testing.T) {
	opts := policy.Options{Region: "eu-west-1", Account: "111122223333"}
	tests := []struct {
		ref  string
		opts policy.Options
		want []string
	}{
		{"${Fn}", opts, []string{"${Fn}", "${Fn}:*"}},
		{"arn:aws:lambda:us-east-1:123456789012:function:f", opts,
			[]string{"arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:lambda:us-east-1:123456789012:function:f:*"}},
		{"arn:aws:lambda:us-east-1:123456789012:function:f:live", opts, []string{"arn:aws:lambda:us-east-1:123456789012:function:f:live"}},
		{"arn:aws:lambda:us-east-1:123456789012:function:f:7", opts, []string{"arn:aws:lambda:us-east-1:123456789012:function:f:7"}},
		{"f", opts, []string{"arn:aws:lambda:eu-west-1:111122223333:function:f", "arn:aws:lambda:eu-west-1:111122223333:function:f:*"}},
		{"f", policy.Options{}, []string{"arn:aws:lambda:*:*:function:f", "arn:aws:lambda:*:*:function:f:*"}},
		{"f:live", opts, []string{"arn:aws:lambda:eu-west-1:111122223333:function:f:live"}},
		{"123456789012:function:f", opts,
			[]string{"arn:aws:lambda:eu-west-1:123456789012:function:f", "arn:aws:lambda:eu-west-1:123456789012:function:f:*"}},
		// Substitutions holding colons are one field each.
		{"arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f", opts,
			[]string{"arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f", "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f:*"}},
		{"${Prefix}-f", opts,
			[]string{"arn:aws:lambda:eu-west-1:111122223333:function:${Prefix}-f", "arn:aws:lambda:eu-west-1:111122223333:function:${Prefix}-f:*"}},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			def := parse(t, `{"StartAt": "A", "States": {"A": `+task(tt.ref)+`}}`)
			got, diags := policy.Functions(def, tt.opts)
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

// TestNestedAndPartition: Parallel branches and Map processors (old and new
// style) are walked; a legacy function-ARN Resource counts; the partition
// of a bare name comes from the Task's resource; duplicates appear once.
func TestNestedAndPartition(t *testing.T) {
	def := parse(t, `{"StartAt": "P", "States": {
		"P": {"Type": "Parallel", "Branches": [
			{"StartAt": "B1", "States": {"B1": `+task("${One}")+`}},
			{"StartAt": "B2", "States": {"B2": `+task("${One}")+`}}
		], "Next": "M"},
		"M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": `+task("${Two}")+`}}, "Next": "Old"},
		"Old": {"Type": "Map", "Iterator": {"StartAt": "J", "States": {"J": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:legacy", "End": true}}}, "Next": "CN"},
		"CN": {"Type": "Task", "Resource": "arn:aws-cn:states:::lambda:invoke.waitForTaskToken", "Parameters": {"FunctionName": "cnfn", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}
	}}`)
	got, diags := policy.Functions(def, policy.Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	want := []string{
		"${One}", "${One}:*", "${Two}", "${Two}:*",
		"arn:aws-cn:lambda:*:*:function:cnfn", "arn:aws-cn:lambda:*:*:function:cnfn:*",
		"arn:aws:lambda:us-east-1:123456789012:function:legacy", "arn:aws:lambda:us-east-1:123456789012:function:legacy:*",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDocumentDeterministicAndDiagnostics(t *testing.T) {
	def := parse(t, `{"StartAt": "A", "States": {"A": `+task("${B}")+`, "Z": `+task("${A}")+`}}`)
	first := jsonv.Marshal(mustDoc(t, def))
	for range 5 {
		if got := jsonv.Marshal(mustDoc(t, def)); string(got) != string(first) {
			t.Fatalf("output changed between runs:\n%s\n%s", first, got)
		}
	}
	if !strings.Contains(string(first), `"${A}",`) || strings.Index(string(first), `"${A}"`) > strings.Index(string(first), `"${B}"`) {
		t.Errorf("resources not sorted:\n%s", first)
	}

	dyn := parse(t, `{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName.$": "$.fn"}, "End": true}}}`)
	_, diags := policy.Document(dyn, policy.Options{})
	if !diags.HasErrors() || !strings.Contains(diags[0].Summary, "chooses its function at run time") || diags[0].Subject.Start.Line != 1 {
		t.Errorf("dynamic function: %v", diags)
	}

	none := parse(t, `{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}`)
	doc, diags := policy.Document(none, policy.Options{})
	if diags.HasErrors() || len(diags) != 1 || !strings.Contains(diags[0].Summary, "invokes no Lambda function") {
		t.Errorf("no function: %v", diags)
	}
	if got := string(jsonv.MarshalCompact(doc)); got != `{"Version":"2012-10-17","Statement":[]}` {
		t.Errorf("no function: %s", got)
	}
}

func mustDoc(t *testing.T, def *jsonv.Value) *jsonv.Value {
	t.Helper()
	doc, diags := policy.Document(def, policy.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return doc
}

func parse(t *testing.T, src string) *jsonv.Value {
	t.Helper()
	v, diags := jsonv.Parse("test.json", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return v
}
