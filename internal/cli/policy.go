package cli

import (
	"github.com/spf13/cobra"

	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/jsonv"
	"github.com/sagac/sagac/policy"
)

type policyFlags struct {
	partition       string
	region, account string
	logging         bool
	tracing         bool
	subst           substitutionFlags
}

func newPolicy(e *Env) *cobra.Command {
	f := &policyFlags{}
	cmd := &cobra.Command{
		Use:   "policy FILE.saga|FILE.asl.json",
		Short: "Print the least-privilege IAM policy the state machine's role needs",
		Long: `Print the IAM policy document the state machine's role needs to run the saga:
lambda:InvokeFunction on exactly the functions it invokes, and their versions
and aliases (FUNCTION_ARN:*). A function left as a ${Name} substitution stays a
placeholder ("${Name}", "${Name}:*") for SAM or CloudFormation to fill; a
function named without an ARN gets --region and --account, or "*". The
resources are sorted, so the output is the same on every run.

Exit status: 0 printed, 1 the input has errors (or a Task that chooses its
function at run time), 2 usage or I/O trouble.`,
		Example: `  sagac policy trip.saga
  sagac policy trip.saga --vars prod.json --logging --tracing > trip-role-policy.json
  aws iam put-role-policy --role-name trip-saga --policy-name invoke --policy-document file://trip-role-policy.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPolicy(e, f, args[0])
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.partition, "partition", "aws", "AWS partition: aws, aws-cn or aws-us-gov")
	fl.StringVar(&f.region, "region", "", "region of functions named without an ARN (default \"*\")")
	fl.StringVar(&f.account, "account", "", "account of functions named without an ARN (default \"*\")")
	fl.BoolVar(&f.logging, "logging", false, "add the CloudWatch Logs permissions that deploy --log-level needs")
	fl.BoolVar(&f.tracing, "tracing", false, "add the X-Ray permissions that deploy --tracing needs")
	f.subst.register(fl)
	return cmd
}

func runPolicy(e *Env, f *policyFlags, arg string) error {
	switch f.partition {
	case "aws", "aws-cn", "aws-us-gov":
	default:
		return usageErrorf("--partition %q: expected aws, aws-cn or aws-us-gov", f.partition)
	}
	vars, err := f.subst.resolve()
	if err != nil {
		return err
	}
	src, diags, files, err := loadSource(e, arg, vars, f.partition)
	if err != nil {
		return err
	}
	var doc *jsonv.Value
	if src != nil {
		var more diag.Diagnostics
		doc, more = policy.Document(src.value, policy.Options{Region: f.region, Account: f.account, Logging: f.logging, Tracing: f.tracing})
		diags = append(diags, more...)
	}
	if err := diag.WriteText(e.stderr, diags, files); err != nil {
		return troubleErrorf("cannot write diagnostics: %v", err)
	}
	if diags.HasErrors() {
		return findings
	}
	if _, err := e.stdout.Write(jsonv.Marshal(doc)); err != nil {
		return troubleErrorf("cannot write standard output: %v", err)
	}
	return nil
}
