package awscmd

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/sagac/sagac/deploy"
	"github.com/sagac/sagac/deploy/arn"
	"github.com/sagac/sagac/internal/cli"
)

// Extension is what sagac-aws adds to the core CLI: the real deploy
// command (replacing the core's, which runs sagac-aws) and the diff side
// that reads a deployed state machine by its ARN.
func Extension() cli.Extension {
	return cli.Extension{
		Commands: func(e *cli.Env) []*cobra.Command { return []*cobra.Command{newDeploy(e)} },
		Sources:  []cli.SourceKind{{Match: arn.IsStateMachine, Read: readDeployed}},
	}
}

// Main runs the full sagac CLI, the core and the AWS commands, and returns
// the exit code; it is sagac-aws's main.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return cli.MainWith(Extension(), args, stdin, stdout, stderr)
}

// readDeployed reads the definition of a deployed state machine, version
// or alias with DescribeStateMachine, in the region the ARN names.
func readDeployed(e *cli.Env, stateMachineARN string) (string, []byte, bool, error) {
	ctx := context.Background()
	cfg, err := deploy.LoadConfig(ctx, deploy.Target{Region: arn.Region(stateMachineARN)})
	if err != nil {
		return "", nil, false, cli.TroubleErrorf("%v", err)
	}
	m, err := deploy.New(cfg).Resolve(ctx, stateMachineARN)
	if err != nil {
		return "", nil, false, cli.TroubleErrorf("%s", deploy.Explain(err))
	}
	return stateMachineARN, m.Definition, false, nil
}
