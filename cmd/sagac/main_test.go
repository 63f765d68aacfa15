package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/sagac/sagac/internal/testutil"
)

// TestNoAWSSDK checks that the sagac binary does not link the AWS SDK (Go
// runs the init work of every linked package, and the SDK's is most of a
// compile's start-up time), and that sagac-aws, which holds the AWS
// commands, does: the list is the linker's, from go list -deps.
func TestNoAWSSDK(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		testutil.SkipOrFail(t, "skipping: the go command is not on PATH (it lists what cmd/sagac links)")
	}
	deps := func(pkg string) []string {
		out, err := exec.Command(goTool, "list", "-deps", pkg).Output()
		if err != nil {
			var stderr string
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, stderr)
		}
		return strings.Fields(string(out))
	}
	aws := func(list []string) []string {
		var out []string
		for _, p := range list {
			if strings.HasPrefix(p, "github.com/aws/") {
				out = append(out, p)
			}
		}
		return out
	}
	if got := aws(deps(".")); len(got) > 0 {
		t.Errorf("cmd/sagac links %d AWS SDK packages, among them %s; the AWS commands belong in internal/cli/awscmd (sagac-aws)", len(got), strings.Join(got[:min(len(got), 5)], ", "))
	}
	full := deps("../sagac-aws")
	found := false
	for _, p := range full {
		found = found || p == "github.com/aws/aws-sdk-go-v2/service/sfn"
	}
	if !found {
		t.Errorf("cmd/sagac-aws does not link github.com/aws/aws-sdk-go-v2/service/sfn: its deploy command is missing")
	}
}
