// Command genchain writes a generated ASL definition of N chained Lambda
// task states (each with a Retry and a Catch into a shared Fail state) to
// standard output, for benchmarks: go run ./scripts/genchain 2000.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/sagac/sagac/lint"
)

func main() {
	n := 2000
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil || v < 1 {
			fmt.Fprintf(os.Stderr, "genchain: %q: expected a number of states\n", os.Args[1])
			os.Exit(2)
		}
		n = v
	}
	os.Stdout.Write(lint.GenerateChain(n))
}
