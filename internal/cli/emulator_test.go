package cli_test

// The CLI scripts named deploy_*.txtar run against the test binary's
// moto_server (conformance/moto), started on first use. Their setup gives
// them:
//
//	SAGAC_TEST_ENDPOINT  the server's URL, for --endpoint-url
//	ROLE_ARN             an IAM role on the server, for --role-arn
//	AWS_REGION           us-east-1
//	AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
//	                     test credentials; the secret is $TEST_SECRET, which
//	                     a script can check never appears in any output
//
// Without moto the scripts are skipped, and fail under CI=true. Scripts run
// in parallel on the one server, so each uses state machine names of its
// own.

import (
	"context"
	"fmt"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/sagac/sagac/conformance/engine"
	"github.com/sagac/sagac/conformance/moto"
	"github.com/sagac/sagac/internal/testutil"
)

// testSecret is the secret access key the deploy scripts run with.
const testSecret = "sagac-test-secret-never-print"

// emulatorM stops the shared moto_server after the tests.
type emulatorM struct{ m interface{ Run() int } }

func (e emulatorM) Run() int { return moto.RunTests(e.m) }

var (
	roleOnce sync.Once
	roleARN  string
	roleErr  error
)

// emulatorSetup prepares the deploy scripts; other scripts only get
// AWS_EC2_METADATA_DISABLED, so that no script waits for an instance
// metadata service.
func emulatorSetup(env *testscript.Env) error {
	env.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	named, ok := env.T().(interface{ Name() string })
	if !ok || !strings.HasPrefix(path.Base(named.Name()), "deploy_") {
		return nil
	}
	s, err := moto.Shared()
	if err == nil {
		roleOnce.Do(func() { roleARN, roleErr = createRole(s.Endpoint) })
		err = roleErr
	}
	if err != nil {
		if strings.Contains(err.Error(), engine.ErrUnavailable.Error()) {
			msg := fmt.Sprintf("skipping: %v (install it to run the deploy scripts; with CI=true this is a failure)", err)
			if testutil.InCI() {
				return fmt.Errorf("%s", msg)
			}
			env.T().Skip(msg)
		}
		return err
	}
	env.Setenv("SAGAC_TEST_ENDPOINT", s.Endpoint)
	env.Setenv("ROLE_ARN", roleARN)
	env.Setenv("AWS_REGION", engine.Region)
	env.Setenv("AWS_ACCESS_KEY_ID", "testing")
	env.Setenv("AWS_SECRET_ACCESS_KEY", testSecret)
	env.Setenv("TEST_SECRET", testSecret)
	return nil
}

// createRole creates the role the scripts' state machines run as.
func createRole(endpoint string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := aws.Config{
		Region:       engine.Region,
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(endpoint),
	}
	out, err := iam.NewFromConfig(cfg).CreateRole(ctx, &iam.CreateRoleInput{
		RoleName:                 aws.String("sagac-cli-test"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
	})
	if err != nil {
		return "", fmt.Errorf("creating the scripts' role: %w", err)
	}
	return aws.ToString(out.Role.Arn), nil
}
