package moto

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/sagac/sagac/conformance/engine"
)

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// Name returns "moto".
func (s *Server) Name() string { return "moto" }

// awsConfig is an SDK configuration that talks to this server only.
func (s *Server) awsConfig() aws.Config {
	return aws.Config{
		Region:       engine.Region,
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(s.Endpoint),
	}
}

// roleName names the IAM role the functions and the state machine run as.
const roleName = "sagac-conformance"

// trustPolicy lets Lambda and Step Functions assume the role.
const trustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","states.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`

// functionZip is a deployment package for the simple functions; moto
// without Docker never runs it.
func functionZip() ([]byte, error) {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, err := w.Create("index.py")
	if err != nil {
		return nil, err
	}
	if _, err := f.Write([]byte("def handler(event, context):\n    return event\n")); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Execute runs req on a freshly reset server: it creates a role and one
// Lambda function per function the definition names, queues the scripted
// results, creates the state machine, starts the execution, waits for it,
// and reads its history.
func (s *Server) Execute(ctx context.Context, req engine.Request) (*engine.Execution, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	def := engine.Substitute(req.Definition)
	functions, err := functionNames(def)
	if err != nil {
		return nil, err
	}
	results := make([]string, len(req.Calls))
	for i, c := range req.Calls {
		switch {
		case c.Fault != nil && *c.Fault == engine.ResponseSizeTooLarge:
			results[i] = strings.Repeat("x", 6_000_000)
		case c.Fault != nil:
			return nil, fmt.Errorf("call %d (%s) fails with %s: %w", i, c.State, c.Fault.Error, ErrUnsupportedFault)
		case len(c.Result) == 0:
			results[i] = "null"
		default:
			results[i] = string(c.Result)
		}
	}

	if err := s.Reset(ctx); err != nil {
		return nil, err
	}
	if err := s.Configure(ctx); err != nil {
		return nil, err
	}
	cfg := s.awsConfig()
	iamc := iam.NewFromConfig(cfg)
	lambdac := lambda.NewFromConfig(cfg)
	sfnc := sfn.NewFromConfig(cfg)

	role, err := iamc.CreateRole(ctx, &iam.CreateRoleInput{
		RoleName:                 aws.String(roleName),
		AssumeRolePolicyDocument: aws.String(trustPolicy),
	})
	if err != nil {
		return nil, fmt.Errorf("creating role: %w", err)
	}
	zipped, err := functionZip()
	if err != nil {
		return nil, err
	}
	for _, name := range functions {
		_, err := lambdac.CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String(name),
			Runtime:      lambdatypes.RuntimePython312,
			Role:         role.Role.Arn,
			Handler:      aws.String("index.handler"),
			Code:         &lambdatypes.FunctionCode{ZipFile: zipped},
		})
		if err != nil {
			return nil, fmt.Errorf("creating function %s: %w", name, err)
		}
	}
	if len(results) > 0 {
		if err := s.QueueLambdaResults(ctx, results); err != nil {
			return nil, err
		}
	}

	sm, err := sfnc.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{
		Name:       aws.String("sagac-conformance"),
		Definition: aws.String(string(def)),
		RoleArn:    role.Role.Arn,
	})
	if err != nil {
		return nil, fmt.Errorf("creating state machine: %w", err)
	}
	input := string(req.Input)
	if input == "" {
		input = "{}"
	}
	start := &sfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Input: aws.String(input)}
	if req.ExecutionName != "" {
		start.Name = aws.String(req.ExecutionName)
	}
	started, err := sfnc.StartExecution(ctx, start)
	if err != nil {
		return nil, fmt.Errorf("starting execution: %w", err)
	}

	var desc *sfn.DescribeExecutionOutput
	for {
		desc, err = sfnc.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: started.ExecutionArn})
		if err != nil {
			return nil, fmt.Errorf("describing execution: %w", err)
		}
		if desc.Status != sfntypes.ExecutionStatusRunning {
			break
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the execution: %w", ctx.Err())
		case <-time.After(25 * time.Millisecond):
		}
	}

	x := &engine.Execution{
		Status: string(desc.Status),
		Error:  aws.ToString(desc.Error),
		Cause:  aws.ToString(desc.Cause),
	}
	if desc.Status == sfntypes.ExecutionStatusSucceeded && desc.Output != nil {
		x.Output = json.RawMessage(*desc.Output)
	}
	pages := sfn.NewGetExecutionHistoryPaginator(sfnc, &sfn.GetExecutionHistoryInput{ExecutionArn: started.ExecutionArn})
	var events []sfntypes.HistoryEvent
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading execution history: %w", err)
		}
		events = append(events, page.Events...)
	}
	if err := fromHistory(x, events); err != nil {
		return nil, err
	}
	return x, nil
}

// fromHistory fills the states entered and the Lambda calls made from an
// execution's history.
func fromHistory(x *engine.Execution, events []sfntypes.HistoryEvent) error {
	current := ""
	for _, ev := range events {
		typ := string(ev.Type)
		switch {
		case strings.HasSuffix(typ, "StateEntered") && ev.StateEnteredEventDetails != nil:
			d := ev.StateEnteredEventDetails
			current = aws.ToString(d.Name)
			x.States = append(x.States, engine.State{
				Name:  current,
				Type:  strings.TrimSuffix(typ, "StateEntered"),
				Input: json.RawMessage(aws.ToString(d.Input)),
			})
		case ev.Type == sfntypes.HistoryEventTypeTaskScheduled && ev.TaskScheduledEventDetails != nil:
			var p struct {
				FunctionName string          `json:"FunctionName"`
				Payload      json.RawMessage `json:"Payload"`
			}
			if err := json.Unmarshal([]byte(aws.ToString(ev.TaskScheduledEventDetails.Parameters)), &p); err != nil {
				return fmt.Errorf("TaskScheduled event %d: parameters: %v", ev.Id, err)
			}
			x.Invocations = append(x.Invocations, engine.Invocation{State: current, Function: p.FunctionName, Payload: p.Payload})
		case ev.Type == sfntypes.HistoryEventTypeLambdaFunctionScheduled && ev.LambdaFunctionScheduledEventDetails != nil:
			d := ev.LambdaFunctionScheduledEventDetails
			x.Invocations = append(x.Invocations, engine.Invocation{
				State: current, Function: aws.ToString(d.Resource), Payload: json.RawMessage(aws.ToString(d.Input)),
			})
		}
	}
	return nil
}

// functionNames returns the names of the Lambda functions a definition
// invokes (the FunctionName of lambda:invoke Tasks, or a direct function ARN
// in Resource), each once, in a deterministic order.
func functionNames(def []byte) ([]string, error) {
	// Numbers as written: a definition may hold numbers no float64 holds.
	dec := json.NewDecoder(bytes.NewReader(def))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("definition is not JSON: %v", err)
	}
	var names []string
	seen := map[string]bool{}
	add := func(ref string) {
		n := functionName(ref)
		if n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["Type"] == "Task" {
				if res, _ := v["Resource"].(string); strings.HasPrefix(res, "arn:aws:lambda:") {
					add(res)
				} else if params, ok := v["Parameters"].(map[string]any); ok && strings.HasPrefix(res, "arn:aws:states:::lambda:invoke") {
					if fn, ok := params["FunctionName"].(string); ok {
						add(fn)
					}
				}
			}
			for _, k := range slices.Sorted(maps.Keys(v)) {
				walk(v[k])
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(root)
	return names, nil
}

// functionName returns the function name in a Lambda function reference:
// a name, a function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:Q])
// or a partial ARN (ACCOUNT:function:NAME).
func functionName(ref string) string {
	parts := strings.Split(ref, ":")
	for i, p := range parts {
		if p == "function" && i+1 < len(parts) {
			return parts[i+1]
		}
	}
	return ref
}
