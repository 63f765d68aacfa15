package deploy_test

// What the emulator tests share: the moto_server of this test binary (from
// the conformance harness), an SDK configuration that talks only to it, an
// IAM role, Lambda functions, a recorder of the API calls a client makes,
// and sagas compiled for the tests.
//
// The conformance harness (conformance/moto) starts and configures moto; it
// creates roles and functions only inside its Execute, which resets the
// whole server, so the role and functions these tests need are created
// here with the IAM and Lambda clients.

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/conformance/engine"
	"github.com/sagac/sagac/conformance/moto"
	"github.com/sagac/sagac/deploy"
)

func TestMain(m *testing.M) { os.Exit(moto.RunTests(m)) }

// emulator is the test binary's moto_server with a role for the machines.
type emulator struct {
	server  *moto.Server
	cfg     aws.Config
	roleARN string
}

var (
	emuOnce sync.Once
	emu     *emulator
	emuErr  error
)

// startEmulator returns the shared emulator, skipping the test when moto
// is not installed (failing it under CI=true).
func startEmulator(t *testing.T) *emulator {
	t.Helper()
	emuOnce.Do(func() {
		s, err := moto.Shared()
		if err != nil {
			emuErr = err
			return
		}
		e := &emulator{server: s, cfg: aws.Config{
			Region:       engine.Region,
			Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
			BaseEndpoint: aws.String(s.Endpoint),
		}}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		role, err := iam.NewFromConfig(e.cfg).CreateRole(ctx, &iam.CreateRoleInput{
			RoleName:                 aws.String("sagac-deploy-test"),
			AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","states.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`),
		})
		if err != nil {
			emuErr = fmt.Errorf("creating the test role: %w", err)
			return
		}
		e.roleARN = aws.ToString(role.Role.Arn)
		emu = e
	})
	engine.Require(t, emuErr)
	if emu == nil {
		t.Fatal("no emulator")
	}
	return emu
}

// createFunctions creates simple Lambda functions (moto without Docker
// returns their input) and returns their ARNs by name.
func (e *emulator) createFunctions(t *testing.T, names ...string) map[string]string {
	t.Helper()
	var zipped bytes.Buffer
	w := zip.NewWriter(&zipped)
	f, err := w.Create("index.py")
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("def handler(event, context):\n    return event\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	lc := lambda.NewFromConfig(e.cfg)
	arns := map[string]string{}
	for _, name := range names {
		out, err := lc.CreateFunction(context.Background(), &lambda.CreateFunctionInput{
			FunctionName: aws.String(name),
			Runtime:      lambdatypes.RuntimePython312,
			Role:         aws.String(e.roleARN),
			Handler:      aws.String("index.handler"),
			Code:         &lambdatypes.FunctionCode{ZipFile: zipped.Bytes()},
		})
		if err != nil {
			t.Fatalf("creating function %s: %v", name, err)
		}
		arns[name] = aws.ToString(out.FunctionArn)
	}
	return arns
}

// recorder records the operations a client makes.
type recorder struct {
	mu  sync.Mutex
	ops []string
}

func (r *recorder) add(c deploy.Call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ops = append(r.ops, c.Operation)
}

// take returns the operations recorded since the last take.
func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	ops := r.ops
	r.ops = nil
	return ops
}

// mutating returns the mutating operations among ops.
func mutating(ops []string) []string {
	var out []string
	for _, op := range ops {
		if deploy.Mutating(op) {
			out = append(out, op)
		}
	}
	return out
}

// client returns a deploy client for the emulator and its call recorder.
func (e *emulator) client() (*deploy.Client, *recorder) {
	rec := &recorder{}
	return deploy.New(e.cfg, deploy.Trace(rec.add)), rec
}

// machineName returns a state machine name unique in this test binary, so
// the tests share one server without resetting it.
func machineName(t *testing.T) string {
	return strings.NewReplacer("/", "-", "_", "-").Replace(t.Name())
}

// compile compiles a saga with the given substitutions.
func compile(t *testing.T, src string, vars map[string]string) []byte {
	t.Helper()
	saga, diags := compiler.Compile("test.saga", []byte(src), compiler.Options{Vars: vars, Strict: true})
	if diags.HasErrors() {
		t.Fatalf("compile: %v", diags)
	}
	out, diags := asl.Generate(saga, asl.Options{Partition: "aws"})
	if diags.HasErrors() {
		t.Fatalf("generate: %v", diags)
	}
	return out
}

// tripSaga is a two-step saga with a compensation; retry is the hotel
// step's own retry line, which the update tests change.
func tripSaga(retry string) string {
	return `saga Trip < flight -> hotel > {
  step flight "ReserveFlight" {
    invoke lambda "${Flight}"
    compensate "CancelFlight" lambda "${CancelFlight}"
  }
  step hotel "ReserveHotel" {
    invoke lambda "${Hotel}"
    ` + retry + `
  }
}
`
}

// tripVars resolves tripSaga's functions to names (the tests that do not
// execute need no real functions).
var tripVars = map[string]string{"Flight": "flight", "CancelFlight": "cancel-flight", "Hotel": "hotel"}

func mustApply(t *testing.T, c *deploy.Client, spec *deploy.Spec) (*deploy.Plan, *deploy.Result) {
	t.Helper()
	ctx := context.Background()
	p, err := c.Plan(ctx, spec)
	if err != nil {
		t.Fatalf("plan: %s", deploy.Explain(err))
	}
	r, err := c.Apply(ctx, p)
	if err != nil {
		t.Fatalf("apply: %s", deploy.Explain(err))
	}
	return p, r
}

func equalOps(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}
