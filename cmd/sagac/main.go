// Command sagac compiles .saga files to AWS Step Functions definitions.
// The commands live in package internal/cli; this is only the entry point.
package main

import (
	"os"

	"github.com/sagac/sagac/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
