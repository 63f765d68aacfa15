// Command sagac-aws is sagac with its AWS commands: deploy, and diff
// against a deployed state machine. It is the sagac CLI plus package
// internal/cli/awscmd, which links the AWS SDK; the sagac binary leaves
// the SDK out (so compile never pays for its package init work) and runs
// sagac-aws for those commands.
package main

import (
	"os"

	"github.com/sagac/sagac/internal/cli/awscmd"
)

func main() {
	os.Exit(awscmd.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
