package awscmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sagac/sagac/internal/cli"
)

// sfnStub answers Step Functions calls from a table of operation -> (status,
// body) and records the operations called.
type sfnStub struct {
	mu      sync.Mutex
	ops     []string
	answers map[string]string // op -> body (status 200), or "!status body"
}

func (s *sfnStub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AWSStepFunctions.")
	io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	s.ops = append(s.ops, op)
	answer, ok := s.answers[op]
	s.mu.Unlock()
	status := 200
	if !ok {
		status, answer = 400, `{"__type":"UnknownOperationException"}`
	}
	if rest, isErr := strings.CutPrefix(answer, "!"); isErr {
		code, body, _ := strings.Cut(rest, " ")
		fmt.Sscan(code, &status)
		answer = body
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.WriteHeader(status)
	io.WriteString(w, answer)
}

func (s *sfnStub) called() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.ops, ",")
}

// testSecret is the secret access key the tests run with; no output may
// contain it.
const testSecret = "sagac-test-secret-never-print"

// isolateAWS gives the test credentials and no shared config.
func isolateAWS(t *testing.T) {
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": testSecret, "AWS_SESSION_TOKEN": "",
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_PROFILE": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_ENDPOINT_URL": "", "AWS_ENDPOINT_URL_SFN": "",
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1",
	} {
		t.Setenv(k, v)
	}
}

// TestDeployRemoteValidationAndExitCodes drives sagac deploy against a stub
// of the service: --validate-remote's findings become diagnostics at their
// place in the input (exit 1, nothing created); AWS errors are one line
// (exit 2); exit 0 for a deploy and for an up-to-date machine.
func TestDeployRemoteValidationAndExitCodes(t *testing.T) {
	isolateAWS(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	asl := write("m.asl.json", "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}\n")
	saga := write("trip.saga", "// sagac:ignore SAGA_LAMBDA_TIMEOUT test\nsaga Trip < flight >\n")
	const (
		empty    = `{"stateMachines":[]}`
		created  = `{"stateMachineArn":"arn:aws:states:eu-west-1:123456789012:stateMachine:M","creationDate":1}`
		ok       = `{"result":"OK","diagnostics":[]}`
		finding  = `{"result":"FAIL","diagnostics":[{"severity":"ERROR","code":"SCHEMA_VALIDATION_FAILED","message":"End must be true or absent","location":"/States/A/End"}]}`
		warning  = `{"result":"OK","diagnostics":[{"severity":"WARNING","code":"NO_COMMENT","message":"the state has no comment","location":"/States/A"}]}`
		denied   = `!400 {"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:ListStateMachines"}`
		existing = `{"stateMachines":[{"name":"M","stateMachineArn":"arn:aws:states:eu-west-1:123456789012:stateMachine:M","creationDate":1}]}`
	)
	described := func(def string) string {
		b, _ := json.Marshal(map[string]any{
			"stateMachineArn": "arn:aws:states:eu-west-1:123456789012:stateMachine:M", "name": "M", "definition": def,
			"roleArn": "arn:aws:iam::123456789012:role/r", "type": "STANDARD", "creationDate": 1,
		})
		return string(b)
	}
	aslText, _ := os.ReadFile(asl)
	tests := []struct {
		name    string
		args    []string
		answers map[string]string
		code    int
		calls   string
		stdout  []string
		stderr  []string
	}{{
		name:    "valid and created",
		args:    []string{asl, "--validate-remote"},
		answers: map[string]string{"ValidateStateMachineDefinition": ok, "ListStateMachines": empty, "CreateStateMachine": created},
		code:    cli.ExitOK, calls: "ValidateStateMachineDefinition,ListStateMachines,CreateStateMachine",
		stdout: []string{"M: create (STANDARD)\n", "created arn:aws:states:eu-west-1:123456789012:stateMachine:M\n"},
	}, {
		name:    "finding in an ASL file",
		args:    []string{asl, "--validate-remote"},
		answers: map[string]string{"ValidateStateMachineDefinition": finding},
		code:    cli.ExitFindings, calls: "ValidateStateMachineDefinition",
		stderr: []string{asl + ":6:14: error SCHEMA_VALIDATION_FAILED: End must be true or absent\n        \"End\": true\n               ^~~~\n"},
	}, {
		name:    "finding in a compiled saga",
		args:    []string{saga, "--validate-remote", "--var", "flight=f"},
		answers: map[string]string{"ValidateStateMachineDefinition": `{"result":"FAIL","diagnostics":[{"severity":"ERROR","code":"X","message":"bad","location":"/States/flight/Resource"}]}`},
		code:    cli.ExitFindings, calls: "ValidateStateMachineDefinition",
		stderr: []string{saga + " (compiled):6:19: error X: bad\n        \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"},
	}, {
		name:    "a warning does not stop",
		args:    []string{asl, "--validate-remote", "--dry-run"},
		answers: map[string]string{"ValidateStateMachineDefinition": warning, "ListStateMachines": empty},
		code:    cli.ExitOK, calls: "ValidateStateMachineDefinition,ListStateMachines",
		stderr: []string{asl + ":4:10: warning NO_COMMENT: the state has no comment\n"},
		stdout: []string{"dry run: nothing was changed\n"},
	}, {
		name:    "access denied",
		args:    []string{asl},
		answers: map[string]string{"ListStateMachines": denied},
		code:    cli.ExitTrouble, calls: "ListStateMachines",
		stderr: []string{"sagac: ListStateMachines: access denied (AccessDeniedException): User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:ListStateMachines\n"},
	}, {
		name:    "up to date",
		args:    []string{asl},
		answers: map[string]string{"ListStateMachines": existing, "DescribeStateMachine": described(string(aslText))},
		code:    cli.ExitOK, calls: "ListStateMachines,DescribeStateMachine",
		stdout: []string{"M: up to date (arn:aws:states:eu-west-1:123456789012:stateMachine:M)\n"},
	}, {
		name: "unresolved substitution",
		args: []string{saga},
		code: cli.ExitFindings, calls: "",
		stderr: []string{"unresolved substitution ${flight}"},
	}, {
		name: "bad flag value",
		args: []string{asl, "--type", "quick"},
		code: cli.ExitTrouble, calls: "",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stub := &sfnStub{answers: tt.answers}
			srv := httptest.NewServer(stub)
			defer srv.Close()
			args := append([]string{"deploy", "--name", "M", "--role-arn", "arn:aws:iam::123456789012:role/r",
				"--region", "eu-west-1", "--endpoint-url", srv.URL}, tt.args...)
			var stdout, stderr bytes.Buffer
			code := Main(args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout.String(), stderr.String())
			}
			if got := stub.called(); got != tt.calls {
				t.Errorf("calls %q, want %q", got, tt.calls)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
				}
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
			if strings.Contains(stdout.String()+stderr.String(), testSecret) {
				t.Errorf("the secret access key was printed")
			}
		})
	}
}
