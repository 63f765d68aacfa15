// Package deploy creates or updates a Step Functions state machine from an
// ASL definition through the Step Functions API (aws-sdk-go-v2 sfn), without
// CDK or CloudFormation, safely and idempotently.
//
// A deploy is two steps. Plan only reads: it finds the machine by name
// (paginated ListStateMachines), describes it, and compares the definition
// (jsonv.Equal: key order and number spelling never count) and the settings
// (type, role, logging, tracing), the tags asked for and, when an alias is
// asked for, the version the alias points at. Apply then makes exactly the
// calls the plan lists: CreateStateMachine, or UpdateStateMachine, with
// publish=true when a version is wanted (the only way moto publishes; real
// Step Functions does the same), then CreateStateMachineAlias or
// UpdateStateMachineAlias. An up-to-date plan makes no call at all, so a
// dry run is a Plan without Apply.
//
// This is the only package of sagac that imports the AWS SDK; nothing on
// the compile path does.
package deploy

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

// Target says where to deploy: the region, the shared-config profile and an
// endpoint override, each empty for the SDK's default.
type Target struct {
	// Region overrides AWS_REGION and the profile's region.
	Region string
	// Profile names a profile of the shared config and credentials files
	// (~/.aws/config, ~/.aws/credentials); empty: AWS_PROFILE or "default".
	Profile string
	// EndpointURL sends every Step Functions call to this URL (an emulator
	// such as moto or LocalStack), instead of the region's endpoint.
	EndpointURL string
}

// ErrNoRegion is returned by LoadConfig when neither the target, the
// environment nor the profile names a region.
var ErrNoRegion = errors.New("no AWS region: pass --region, set AWS_REGION, or set a region in the profile")

// LoadConfig loads the SDK configuration for t: credentials from the SDK's
// default chain (environment, shared config and credentials files with
// profiles and SSO, container and instance roles), the region from t or
// that chain. It fails with ErrNoRegion when no region is known. It
// resolves no credentials yet: a missing one shows on the first call.
func LoadConfig(ctx context.Context, t Target) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if t.Region != "" {
		opts = append(opts, config.WithRegion(t.Region))
	}
	if t.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(t.Profile))
	}
	if t.EndpointURL != "" {
		opts = append(opts, config.WithBaseEndpoint(t.EndpointURL))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		// The messages name files and profiles, never credential values.
		return aws.Config{}, fmt.Errorf("loading the AWS configuration: %s", oneLine(err.Error()))
	}
	if cfg.Region == "" {
		return aws.Config{}, ErrNoRegion
	}
	return cfg, nil
}

// Partition returns the AWS partition of a region: "aws-cn" for cn-*,
// "aws-us-gov" for us-gov-*, "aws" otherwise. The compiler needs it for the
// arn:PARTITION:states:::lambda:invoke resources.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	default:
		return "aws"
	}
}
