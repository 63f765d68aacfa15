// Package awscmd holds sagac's AWS commands: deploy, and the diff source
// kind that reads a deployed state machine by its ARN. They import package
// deploy, and with it the AWS SDK, whose package init work the compile
// path must not pay for; so they live apart from package cli and are
// linked only into the sagac-aws binary (cmd/sagac-aws), which the sagac
// binary runs for them.
package awscmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/spf13/cobra"

	"github.com/sagac/sagac/deploy"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/internal/cli"
	"github.com/sagac/sagac/jsonv"
)

type deployFlags struct {
	name, roleARN, typ     string
	region, profile        string
	endpointURL            string
	tags                   []string
	logLevel, logGroupARN  string
	logExecutionData       bool
	tracing                bool
	publish                bool
	versionDescription     string
	alias                  string
	dryRun, validateRemote bool
	verbose                bool
	subst                  cli.Substitutions
}

func newDeploy(e *cli.Env) *cobra.Command {
	f := &deployFlags{}
	cmd := &cobra.Command{
		Use:   "deploy FILE.saga|FILE.asl.json --name NAME --role-arn ARN",
		Short: "Create or update a state machine through the Step Functions API",
		Long: `Deploy a saga, or an ASL definition, to AWS Step Functions without CDK or
CloudFormation: compile or read it, refuse unresolved substitutions, lint it
(as sagac lint does; errors stop the deploy), with --validate-remote have the
service check it (ValidateStateMachineDefinition), find the
state machine by name, and create it, or compare the deployed definition and
settings (type, role, logging, tracing, tags) semantically and update it only
when something differs, printing the semantic diff first. An unchanged machine
gets no mutating call. --publish publishes a version with each create or
update; --alias NAME (which implies --publish) points the alias at a version
holding this definition. --dry-run prints the plan and changes nothing.

Credentials come from the SDK's default chain (environment, shared config and
profiles, SSO, container and instance roles), the region from --region or
that chain. --endpoint-url sends the calls to an emulator (moto, LocalStack).
Nothing sagac prints contains a credential, also not with --verbose.

Exit status: 0 deployed or up to date, 1 the input has errors, 2 usage, I/O
or AWS trouble.`,
		Example: `  sagac deploy trip.saga --name TripBooking --role-arn arn:aws:iam::123456789012:role/trip-saga \
    --vars prod.json --region eu-west-1 --dry-run
  sagac deploy trip.saga --name TripBooking --role-arn arn:aws:iam::123456789012:role/trip-saga \
    --vars prod.json --alias live --log-level ERROR --log-group-arn arn:aws:logs:eu-west-1:123456789012:log-group:trip
  sagac deploy trip.asl.json --name TripBooking --role-arn arn:aws:iam::123456789012:role/r \
    --endpoint-url http://127.0.0.1:5000 --region us-east-1`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDeploy(cmd.Context(), e, f, args[0])
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.name, "name", "", "state machine name (required)")
	fl.StringVar(&f.roleARN, "role-arn", "", "IAM role the state machine runs as (required; see sagac policy)")
	fl.StringVar(&f.typ, "type", "", "standard or express (default: the deployed machine's type, standard for a new one)")
	fl.StringVar(&f.region, "region", "", "AWS region (default: AWS_REGION or the profile's region)")
	fl.StringVar(&f.profile, "profile", "", "shared config profile (default: AWS_PROFILE or default)")
	fl.StringVar(&f.endpointURL, "endpoint-url", "", "send Step Functions calls to this URL (an emulator such as moto or LocalStack)")
	fl.StringArrayVar(&f.tags, "tag", nil, "tag the machine: KEY=VALUE (repeatable; other tags are left alone)")
	fl.StringVar(&f.logLevel, "log-level", "", "CloudWatch Logs level: ALL, ERROR, FATAL or OFF (default OFF)")
	fl.StringVar(&f.logGroupARN, "log-group-arn", "", "CloudWatch Logs log group for --log-level")
	fl.BoolVar(&f.logExecutionData, "log-execution-data", false, "include execution input and output in the logs")
	fl.BoolVar(&f.tracing, "tracing", false, "enable X-Ray tracing (default: disabled)")
	fl.BoolVar(&f.publish, "publish", false, "publish a version when the machine is created or updated")
	fl.StringVar(&f.versionDescription, "version-description", "", "description of the published version")
	fl.StringVar(&f.alias, "alias", "", "point this alias at a version holding the definition (implies --publish)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the plan and change nothing")
	fl.BoolVar(&f.validateRemote, "validate-remote", false, "check the definition with ValidateStateMachineDefinition first")
	fl.BoolVar(&f.verbose, "verbose", false, "print the region, endpoint and each API call to standard error")
	f.subst.Register(fl)
	return cmd
}

// spec checks the flags and builds the deploy spec, without the definition.
func (f *deployFlags) spec() (*deploy.Spec, error) {
	if f.name == "" {
		return nil, cli.UsageErrorf("--name is required: the state machine's name")
	}
	if f.roleARN == "" {
		return nil, cli.UsageErrorf("--role-arn is required: the IAM role the state machine runs as (sagac policy prints what it needs)")
	}
	s := &deploy.Spec{
		Name:               f.name,
		Settings:           deploy.Settings{RoleARN: f.roleARN, Tracing: f.tracing},
		Publish:            f.publish,
		VersionDescription: f.versionDescription,
		Alias:              f.alias,
	}
	switch strings.ToLower(f.typ) {
	case "":
	case "standard":
		s.Type = deploy.Standard
	case "express":
		s.Type = deploy.Express
	default:
		return nil, cli.UsageErrorf("--type %q: expected standard or express", f.typ)
	}
	s.Logging = deploy.Logging{Level: strings.ToUpper(f.logLevel), LogGroupARN: f.logGroupARN, IncludeExecutionData: f.logExecutionData}
	if f.logGroupARN != "" && s.Logging.Off() {
		return nil, cli.UsageErrorf("--log-group-arn needs --log-level ALL, ERROR or FATAL")
	}
	seen := map[string]int{}
	for _, kv := range f.tags {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, cli.UsageErrorf("--tag %q: expected KEY=VALUE", kv)
		}
		if i, dup := seen[k]; dup {
			s.Tags[i].Value = v
			continue
		}
		seen[k] = len(s.Tags)
		s.Tags = append(s.Tags, deploy.Tag{Key: k, Value: v})
	}
	return s, nil
}

func runDeploy(ctx context.Context, e *cli.Env, f *deployFlags, arg string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	spec, err := f.spec()
	if err != nil {
		return err
	}
	vars, err := f.subst.Resolve()
	if err != nil {
		return err
	}
	cfg, err := deploy.LoadConfig(ctx, deploy.Target{Region: f.region, Profile: f.profile, EndpointURL: f.endpointURL})
	if err != nil {
		return cli.TroubleErrorf("%v", err)
	}
	if f.verbose {
		endpoint := "the region's endpoint"
		if cfg.BaseEndpoint != nil {
			endpoint = *cfg.BaseEndpoint
		}
		profile := f.profile
		if profile == "" {
			profile = os.Getenv("AWS_PROFILE")
		}
		if profile == "" {
			profile = "default chain"
		}
		fmt.Fprintf(e.Stderr(), "sagac: region %s, endpoint %s, credentials from %s\n", cfg.Region, endpoint, profile)
	}

	src, files, err := cli.LoadChecked(e, arg, vars, deploy.Partition(cfg.Region), "deploy")
	if err != nil {
		return err
	}
	spec.Definition = src.Def()
	if err := spec.Check(); err != nil {
		return cli.UsageErrorf("%v", err)
	}

	var opts []func(*sfn.Options)
	if f.verbose {
		opts = append(opts, deploy.Trace(func(c deploy.Call) {
			outcome := "ok"
			if c.Err != nil {
				outcome = "failed"
			}
			fmt.Fprintf(e.Stderr(), "sagac: %s %s (%s)\n", c.Operation, outcome, c.Duration.Round(time.Millisecond))
		}))
	}
	client := deploy.New(cfg, opts...)

	if f.validateRemote {
		if err := validateRemote(ctx, e, client, src, files, spec.Type); err != nil {
			return err
		}
	}
	plan, err := client.Plan(ctx, spec)
	if err != nil {
		return awsError(err)
	}
	if err := plan.WriteText(e.Stdout()); err != nil {
		return cli.TroubleErrorf("cannot write standard output: %v", err)
	}
	if f.dryRun {
		if !plan.UpToDate() {
			fmt.Fprintln(e.Stdout(), "dry run: nothing was changed")
		}
		return nil
	}
	if plan.UpToDate() {
		return nil
	}
	res, err := client.Apply(ctx, plan)
	if res != nil {
		writeResult(e, res)
	}
	if err != nil {
		return awsError(err)
	}
	return nil
}

// writeResult prints the ARNs of what a deploy created or changed.
func writeResult(e *cli.Env, r *deploy.Result) {
	switch {
	case r.Created:
		fmt.Fprintf(e.Stdout(), "created %s\n", r.StateMachineARN)
	case r.Updated:
		fmt.Fprintf(e.Stdout(), "updated %s\n", r.StateMachineARN)
	case r.Tagged:
		fmt.Fprintf(e.Stdout(), "tagged %s\n", r.StateMachineARN)
	}
	if r.VersionARN != "" {
		fmt.Fprintf(e.Stdout(), "published %s\n", r.VersionARN)
	}
	if r.AliasARN != "" {
		fmt.Fprintf(e.Stdout(), "alias %s -> %s\n", r.AliasARN, r.VersionARN)
	}
}

// awsError reports an AWS failure in one line (exit 2).
func awsError(err error) error {
	var tc *deploy.TypeChangeError
	if errors.As(err, &tc) {
		return cli.TroubleErrorf("%v", err)
	}
	return cli.TroubleErrorf("%s", deploy.Explain(err))
}

// validateRemote runs ValidateStateMachineDefinition and prints its
// findings as diagnostics, placed in the definition when the service gives
// a location; an endpoint without the operation is a note, not an error.
func validateRemote(ctx context.Context, e *cli.Env, c *deploy.Client, src *cli.Source, files diag.Files, typ deploy.Type) error {
	v, err := c.Validate(ctx, src.Def(), typ)
	if err != nil {
		return awsError(err)
	}
	if !v.Supported {
		fmt.Fprintf(e.Stderr(), "sagac: skipping remote validation: %s\n", v.Reason)
		return nil
	}
	var ds diag.Diagnostics
	for _, fd := range v.Findings {
		d := &diag.Diagnostic{Severity: diag.Warning, Code: fd.Code, Summary: fd.Message, Pointer: fd.Location}
		if fd.Severity == "ERROR" {
			d.Severity = diag.Error
		}
		at := valueAt(src.Value(), fd.Location)
		if at == nil {
			// No location, or one this definition lacks: point at its start.
			at = src.Value()
			if fd.Location != "" {
				d.Detail = "at " + fd.Location
			}
		}
		d.Subject = at.Range.Ptr()
		ds = append(ds, d)
	}
	if v.Truncated {
		fmt.Fprintln(e.Stderr(), "sagac: the service reported more findings than it returned")
	}
	if err := diag.WriteText(e.Stderr(), ds, files); err != nil {
		return cli.TroubleErrorf("cannot write diagnostics: %v", err)
	}
	if !v.OK || ds.HasErrors() {
		return cli.Findings
	}
	return nil
}

// valueAt returns the value at a JSON pointer, or nil.
func valueAt(root *jsonv.Value, pointer string) *jsonv.Value {
	if root == nil || pointer == "" {
		return nil
	}
	var found *jsonv.Value
	root.Walk(func(p string, v *jsonv.Value) bool {
		if found != nil {
			return false
		}
		if p == pointer {
			found = v
			return false
		}
		return strings.HasPrefix(pointer, p+"/") || p == ""
	})
	return found
}
