package deploy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/smithy-go/middleware"
)

// Client deploys state machines through one Step Functions client.
type Client struct {
	api *sfn.Client
	// PageSize is the maxResults of each ListStateMachines page; 0 leaves
	// it to the service (100 at most per page).
	PageSize int32
}

// New returns a Client for the configuration; optFns adjust the sfn
// client's options (tests add middleware or shorten retries with them).
func New(cfg aws.Config, optFns ...func(*sfn.Options)) *Client {
	return &Client{api: sfn.NewFromConfig(cfg, optFns...)}
}

// Call is one API operation a Client made, as Trace reports it.
type Call struct {
	// Operation is the API name: "ListStateMachines", "CreateStateMachine"…
	Operation string
	// Err is the operation's error, after the SDK's retries; nil on success.
	Err      error
	Duration time.Duration
}

// Trace returns an option for New that calls fn after each API operation
// (once per operation, however many attempts the SDK's retries made). It
// sees only the operation's name and outcome, never a request's headers
// or credentials.
func Trace(fn func(Call)) func(*sfn.Options) {
	return func(o *sfn.Options) {
		o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
			return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("sagacTrace",
				func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
					start := time.Now()
					out, md, err := next.HandleInitialize(ctx, in)
					fn(Call{Operation: awsmiddleware.GetOperationName(ctx), Err: err, Duration: time.Since(start)})
					return out, md, err
				}), middleware.After)
		})
	}
}

// Mutating reports whether an operation changes anything.
func Mutating(operation string) bool {
	switch operation {
	case "ListStateMachines", "DescribeStateMachine", "DescribeStateMachineAlias",
		"ListTagsForResource", "ValidateStateMachineDefinition", "ListStateMachineVersions",
		"ListStateMachineAliases", "DescribeExecution", "GetExecutionHistory", "ListExecutions":
		return false
	}
	return true
}

// Find looks a state machine up by name, paging through
// ListStateMachines; it returns its ARN, or "" when there is none.
func (c *Client) Find(ctx context.Context, name string) (string, error) {
	in := &sfn.ListStateMachinesInput{}
	if c.PageSize > 0 {
		in.MaxResults = c.PageSize
	}
	pages := sfn.NewListStateMachinesPaginator(c.api, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return "", err
		}
		for _, sm := range page.StateMachines {
			if aws.ToString(sm.Name) == name {
				return aws.ToString(sm.StateMachineArn), nil
			}
		}
	}
	return "", nil
}

// Machine is a deployed state machine, or one of its versions.
type Machine struct {
	ARN  string
	Name string
	// Definition is the definition as the service returns it.
	Definition []byte
	Settings
}

// Describe reads a state machine, or a version of one, by ARN.
func (c *Client) Describe(ctx context.Context, arn string) (*Machine, error) {
	out, err := c.api.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	m := &Machine{
		ARN:        aws.ToString(out.StateMachineArn),
		Name:       aws.ToString(out.Name),
		Definition: []byte(aws.ToString(out.Definition)),
		Settings: Settings{
			Type:    Type(out.Type),
			RoleARN: aws.ToString(out.RoleArn),
		},
	}
	if m.Type == "" {
		m.Type = Standard
	}
	if l := out.LoggingConfiguration; l != nil {
		m.Logging = Logging{Level: string(l.Level), IncludeExecutionData: l.IncludeExecutionData}
		if len(l.Destinations) > 0 && l.Destinations[0].CloudWatchLogsLogGroup != nil {
			m.Logging.LogGroupARN = aws.ToString(l.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn)
		}
	}
	if t := out.TracingConfiguration; t != nil {
		m.Tracing = t.Enabled
	}
	return m, nil
}

// aliasTarget reads an alias and returns the version it routes all traffic
// to: "" when it splits traffic between two versions; exists is false
// when there is no such alias.
func (c *Client) aliasTarget(ctx context.Context, aliasARN string) (version string, exists bool, err error) {
	out, err := c.api.DescribeStateMachineAlias(ctx, &sfn.DescribeStateMachineAliasInput{StateMachineAliasArn: aws.String(aliasARN)})
	if err != nil {
		var nf *types.ResourceNotFound
		if errors.As(err, &nf) {
			return "", false, nil
		}
		return "", false, err
	}
	if len(out.RoutingConfiguration) == 1 && out.RoutingConfiguration[0].Weight == 100 {
		return aws.ToString(out.RoutingConfiguration[0].StateMachineVersionArn), true, nil
	}
	return "", true, nil
}

// tags reads a machine's tags.
func (c *Client) tags(ctx context.Context, arn string) (map[string]string, error) {
	out, err := c.api.ListTagsForResource(ctx, &sfn.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(out.Tags))
	for _, t := range out.Tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m, nil
}

// TypeChangeError reports a deploy that would change a machine's type,
// which Step Functions cannot do in place.
type TypeChangeError struct {
	Name       string
	From, To   Type
	MachineARN string
}

func (e *TypeChangeError) Error() string {
	return fmt.Sprintf("state machine %s is %s; Step Functions cannot change it to %s in place: delete it first, or deploy under another name",
		e.Name, e.From, e.To)
}

// Resolve reads what a state machine ARN names: the machine, one of its
// versions (…:stateMachine:NAME:3), or an alias (…:stateMachine:NAME:live),
// which is followed to the version it routes all traffic to. An alias that
// splits traffic between two versions is an error naming them.
func (c *Client) Resolve(ctx context.Context, arn string) (*Machine, error) {
	fields := strings.Split(arn, ":")
	if len(fields) == 8 && !allDigits(fields[7]) {
		out, err := c.api.DescribeStateMachineAlias(ctx, &sfn.DescribeStateMachineAliasInput{StateMachineAliasArn: aws.String(arn)})
		if err != nil {
			return nil, err
		}
		var versions []string
		for _, r := range out.RoutingConfiguration {
			versions = append(versions, fmt.Sprintf("%s (%d%%)", aws.ToString(r.StateMachineVersionArn), r.Weight))
		}
		if len(out.RoutingConfiguration) != 1 {
			return nil, fmt.Errorf("alias %s splits traffic between %s: name one version", arn, strings.Join(versions, " and "))
		}
		arn = aws.ToString(out.RoutingConfiguration[0].StateMachineVersionArn)
	}
	return c.Describe(ctx, arn)
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
