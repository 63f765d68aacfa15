package lint

import (
	"fmt"
	"strings"
)

// GenerateChain returns an ASL definition of n Lambda task states in a
// chain, each with a Retry and a Catch into a shared Fail state: the shape
// of a large saga, for benchmarks.
func GenerateChain(n int) []byte {
	var b strings.Builder
	b.WriteString("{\n  \"StartAt\": \"Step0\",\n  \"States\": {\n")
	for i := 0; i < n; i++ {
		next := fmt.Sprintf("\"Next\": \"Step%d\"", i+1)
		if i == n-1 {
			next = "\"Next\": \"Done\""
		}
		fmt.Fprintf(&b, `    "Step%d": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "step%d", "Payload": {"id.$": "$.id", "n": %d}},
      "ResultSelector": {"out.$": "$.Payload.out"}, "ResultPath": "$.results.s%d", "TimeoutSeconds": 30,
      "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 3}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.errors.s%d", "Next": "Failed"}], %s},
`, i, i, i, i, i, next)
	}
	b.WriteString("    \"Done\": {\"Type\": \"Succeed\"},\n    \"Failed\": {\"Type\": \"Fail\", \"Error\": \"Failed\"}\n  }\n}\n")
	return []byte(b.String())
}
