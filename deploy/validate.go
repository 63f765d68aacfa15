package deploy

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

// Finding is one diagnostic of ValidateStateMachineDefinition.
type Finding struct {
	// Severity is ERROR or WARNING.
	Severity string
	Code     string
	Message  string
	// Location is a JSON pointer into the definition ("/States/A/Next");
	// empty when the service gives none.
	Location string
}

// Validation is the outcome of the service's validation.
type Validation struct {
	// Supported is false when the endpoint lacks
	// ValidateStateMachineDefinition (emulators such as moto do); Reason
	// then says what it answered, and nothing else is set.
	Supported bool
	Reason    string
	// OK is the service's verdict: no ERROR findings.
	OK       bool
	Findings []Finding
	// Truncated reports that the service had more findings than it sent.
	Truncated bool
}

// Validate asks the service to check a definition
// (ValidateStateMachineDefinition). An endpoint that does not implement the
// operation is no error: the Validation says it is not Supported.
func (c *Client) Validate(ctx context.Context, definition []byte, typ Type) (*Validation, error) {
	out, err := c.api.ValidateStateMachineDefinition(ctx, &sfn.ValidateStateMachineDefinitionInput{
		Definition: aws.String(string(definition)),
		Type:       types.StateMachineType(orStandard(typ)),
	})
	if err != nil {
		if Classify(err) == Unsupported {
			return &Validation{Reason: Explain(err)}, nil
		}
		return nil, err
	}
	v := &Validation{Supported: true, OK: out.Result == types.ValidateStateMachineDefinitionResultCodeOk, Truncated: aws.ToBool(out.Truncated)}
	for _, d := range out.Diagnostics {
		v.Findings = append(v.Findings, Finding{
			Severity: string(d.Severity),
			Code:     aws.ToString(d.Code),
			Message:  aws.ToString(d.Message),
			Location: aws.ToString(d.Location),
		})
	}
	return v, nil
}
