// Package arn recognizes the ARNs of Step Functions state machines. It is
// apart from package deploy, and imports nothing of the AWS SDK, so that
// the sagac binary can tell an ARN argument from a file name (and hand it
// to sagac-aws) without linking the SDK.
package arn

import "strings"

// IsStateMachine reports whether s is the ARN of a state machine, a
// version or an alias: arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME[:QUALIFIER].
func IsStateMachine(s string) bool {
	f := strings.Split(s, ":")
	return (len(f) == 7 || len(f) == 8) && f[0] == "arn" && f[2] == "states" && f[3] != "" && f[5] == "stateMachine" && f[6] != ""
}

// Region returns the region field of an ARN ("" when it has none).
func Region(arn string) string {
	f := strings.Split(arn, ":")
	if len(f) < 4 {
		return ""
	}
	return f[3]
}
