// Package aslcheck runs two third-party Amazon States Language validators,
// asl-validator 4.0.0 and @wmfs/statelint 1.30.0, on a state machine
// definition and returns what they find.
//
// Neither validator was written for sagac, so a definition both accept is
// valid by standards other than sagac's own. Both refuse or misjudge a
// `${Name}` substitution where an ARN belongs, so Validate first resolves
// every substitution to a realistic Lambda function ARN
// (engine.FunctionARN).
//
// The validators run in Node.js from tools/aslcheck (see package nodetool);
// when they are not installed, Validate's error wraps engine.ErrUnavailable.
package aslcheck

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sagac/sagac/conformance/engine"
	"github.com/sagac/sagac/conformance/nodetool"
)

// Finding is one problem a validator reported.
type Finding struct {
	// Tool is "asl-validator" or "statelint" ("json" when the definition
	// is not JSON at all).
	Tool    string `json:"tool"`
	Message string `json:"message"`
}

// String renders the finding as "tool: message".
func (f Finding) String() string { return f.Tool + ": " + f.Message }

// Validate runs both validators on definition, after resolving its
// substitutions, and returns their findings: none means both accept it.
func Validate(ctx context.Context, definition []byte) ([]Finding, error) {
	all, err := ValidateAll(ctx, [][]byte{definition})
	if err != nil {
		return nil, err
	}
	return all[0], nil
}

// ValidateAll validates many definitions in one run of the validators
// (starting Node.js costs about a second) and returns the findings of each,
// in order.
func ValidateAll(ctx context.Context, definitions [][]byte) ([][]Finding, error) {
	texts := make([]string, len(definitions))
	for i, d := range definitions {
		texts[i] = string(engine.Substitute(d))
	}
	in, err := json.Marshal(texts)
	if err != nil {
		return nil, err
	}
	out, err := nodetool.Run(ctx, "validate.cjs", in)
	if err != nil {
		return nil, err
	}
	var res struct {
		Results []struct {
			Findings []Finding `json:"findings"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, fmt.Errorf("validate.cjs output: %v", err)
	}
	if len(res.Results) != len(definitions) {
		return nil, fmt.Errorf("validate.cjs returned %d results for %d definitions", len(res.Results), len(definitions))
	}
	findings := make([][]Finding, len(definitions))
	for i, r := range res.Results {
		findings[i] = r.Findings
	}
	return findings, nil
}
