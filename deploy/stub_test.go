package deploy_test

// Tests against a local stub of the Step Functions JSON protocol: what moto
// cannot show (ValidateStateMachineDefinition, access denied, throttling,
// missing credentials) and the region check.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/sagac/sagac/deploy"
)

// stub answers Step Functions calls by operation name; it counts the HTTP
// requests (each retry attempt is one).
type stub struct {
	t        *testing.T
	mu       sync.Mutex
	requests map[string]int
	bodies   map[string]string
	answer   func(op string, body map[string]any) (status int, response string)
}

func newStub(t *testing.T, answer func(op string, body map[string]any) (int, string)) (*stub, aws.Config) {
	s := &stub{t: t, requests: map[string]int{}, bodies: map[string]string{}, answer: answer}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, aws.Config{
		Region:       "eu-west-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDSTUB", "stub-secret", ""),
		BaseEndpoint: aws.String(srv.URL),
	}
}

func (s *stub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AWSStepFunctions.")
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	json.Unmarshal(raw, &body)
	s.mu.Lock()
	s.requests[op]++
	s.bodies[op] = string(raw)
	s.mu.Unlock()
	status, resp := s.answer(op, body)
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.WriteHeader(status)
	io.WriteString(w, resp)
}

func (s *stub) count(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[op]
}

// noBackoff retries at once, keeping the throttling test fast.
type noBackoff struct{}

func (noBackoff) BackoffDelay(int, error) (time.Duration, error) { return 0, nil }

func fastRetries(o *sfn.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = 3
		so.Backoff = noBackoff{}
	})
}

func awsError(code, message string) string {
	return fmt.Sprintf(`{"__type":%q,"message":%q}`, code, message)
}

func TestValidateSuccessAndFindings(t *testing.T) {
	def := []byte(`{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}`)
	tests := []struct {
		name     string
		response string
		want     deploy.Validation
	}{{
		name:     "ok",
		response: `{"result":"OK","diagnostics":[]}`,
		want:     deploy.Validation{Supported: true, OK: true},
	}, {
		name: "findings",
		response: `{"result":"FAIL","truncated":false,"diagnostics":[
			{"severity":"ERROR","code":"MISSING_TRANSITION_TARGET","message":"State \"A\" is not reachable.","location":"/States/A/Next"},
			{"severity":"WARNING","code":"UNREACHABLE_STATE","message":"No path","location":""}]}`,
		want: deploy.Validation{Supported: true, OK: false, Findings: []deploy.Finding{
			{Severity: "ERROR", Code: "MISSING_TRANSITION_TARGET", Message: `State "A" is not reachable.`, Location: "/States/A/Next"},
			{Severity: "WARNING", Code: "UNREACHABLE_STATE", Message: "No path"},
		}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, cfg := newStub(t, func(op string, body map[string]any) (int, string) {
				if op != "ValidateStateMachineDefinition" {
					return 400, awsError("UnknownOperationException", op)
				}
				if body["definition"] != string(def) || body["type"] != "EXPRESS" {
					return 400, awsError("ValidationException", fmt.Sprintf("unexpected request %v", body))
				}
				return 200, tt.response
			})
			v, err := deploy.New(cfg).Validate(context.Background(), def, deploy.Express)
			if err != nil {
				t.Fatal(deploy.Explain(err))
			}
			if fmt.Sprintf("%+v", *v) != fmt.Sprintf("%+v", tt.want) {
				t.Errorf("got %+v\nwant %+v", *v, tt.want)
			}
			if s.count("ValidateStateMachineDefinition") != 1 {
				t.Errorf("%d requests", s.count("ValidateStateMachineDefinition"))
			}
		})
	}
}

func TestValidateUnsupported(t *testing.T) {
	for _, tt := range []struct {
		name   string
		status int
		body   string
	}{
		{"unknown operation", 400, awsError("UnknownOperationException", "")},
		{"not found", 404, `<html>no</html>`},
		{"html server error", 500, `<!doctype html><title>500 Internal Server Error</title>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, cfg := newStub(t, func(string, map[string]any) (int, string) { return tt.status, tt.body })
			v, err := deploy.New(cfg, fastRetries).Validate(context.Background(), []byte(`{}`), "")
			if err != nil {
				t.Fatalf("error %s, want an unsupported Validation", deploy.Explain(err))
			}
			if v.Supported || !strings.Contains(v.Reason, "does not support") {
				t.Errorf("got %+v", v)
			}
		})
	}
}

// TestExplain: each AWS error comes out as one clear line.
func TestExplain(t *testing.T) {
	def := []byte(`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`)
	tests := []struct {
		name     string
		status   int
		body     string
		want     string
		kind     deploy.Kind
		attempts int
	}{{
		name: "access denied", status: 400,
		body: awsError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:ListStateMachines\non resource: *"),
		want: "ListStateMachines: access denied (AccessDeniedException): User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:ListStateMachines on resource: *",
		kind: deploy.AccessDenied, attempts: 1,
	}, {
		name: "expired token", status: 400,
		body: awsError("ExpiredTokenException", "The security token included in the request is expired"),
		want: "ListStateMachines: access denied (ExpiredTokenException): The security token included in the request is expired",
		kind: deploy.AccessDenied, attempts: 1,
	}, {
		name: "throttled", status: 400,
		body: awsError("ThrottlingException", "Rate exceeded"),
		want: "ListStateMachines: throttled (after 3 attempts) (ThrottlingException): Rate exceeded",
		kind: deploy.Throttling, attempts: 3,
	}, {
		name: "validation", status: 400,
		body: awsError("ValidationException", "1 validation error detected: Value at 'maxResults' failed to satisfy constraint"),
		want: "ListStateMachines: rejected (ValidationException): 1 validation error detected: Value at 'maxResults' failed to satisfy constraint",
		kind: deploy.Rejected, attempts: 1,
	}, {
		name: "other", status: 400,
		body: awsError("StateMachineDoesNotExist", "State Machine Does Not Exist"),
		want: "ListStateMachines: failed (StateMachineDoesNotExist): State Machine Does Not Exist",
		kind: deploy.Other, attempts: 1,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, cfg := newStub(t, func(string, map[string]any) (int, string) { return tt.status, tt.body })
			_, err := deploy.New(cfg, fastRetries).Plan(context.Background(), &deploy.Spec{Name: "M", Definition: def, Settings: deploy.Settings{RoleARN: "arn:aws:iam::123456789012:role/r"}})
			if err == nil {
				t.Fatal("no error")
			}
			if got := deploy.Explain(err); got != tt.want {
				t.Errorf("Explain:\n got %s\nwant %s", got, tt.want)
			}
			if got := deploy.Classify(err); got != tt.kind {
				t.Errorf("Classify = %v, want %v", got, tt.kind)
			}
			if got := s.count("ListStateMachines"); got != tt.attempts {
				t.Errorf("%d requests, want %d", got, tt.attempts)
			}
		})
	}
}

// TestExplainWithoutService: no credentials, and no endpoint.
func TestExplainWithoutService(t *testing.T) {
	def := []byte(`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`)
	spec := &deploy.Spec{Name: "M", Definition: def, Settings: deploy.Settings{RoleARN: "arn:aws:iam::123456789012:role/r"}}

	_, cfg := newStub(t, func(string, map[string]any) (int, string) { return 200, `{"stateMachines":[]}` })
	cfg.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{}, errors.New("no EC2 IMDS role found")
	})
	_, err := deploy.New(cfg, fastRetries).Plan(context.Background(), spec)
	if got, want := deploy.Explain(err), "ListStateMachines: no usable AWS credentials: set AWS_PROFILE or pass --profile, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws sso login`"; got != want {
		t.Errorf("no credentials:\n got %s\nwant %s", got, want)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cfg.Credentials = credentials.NewStaticCredentialsProvider("AKIDSTUB", "stub-secret", "")
	cfg.BaseEndpoint = aws.String("http://" + addr)
	_, err = deploy.New(cfg, fastRetries).Plan(context.Background(), spec)
	got := deploy.Explain(err)
	if deploy.Classify(err) != deploy.Unreachable || !strings.HasPrefix(got, "ListStateMachines: cannot reach the endpoint") ||
		!strings.Contains(got, "connection refused") || strings.Contains(got, "\n") {
		t.Errorf("unreachable: %s", got)
	} else {
		t.Log(got)
	}
	if strings.Contains(got, "stub-secret") {
		t.Errorf("the secret leaked: %s", got)
	}
}

// TestLoadConfigRegion: without a region anywhere, LoadConfig says so;
// a flag, the environment or the profile give one.
func TestLoadConfigRegion(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "config")
	os.WriteFile(cfgFile, []byte("[profile withregion]\nregion = ap-south-1\n[default]\n"), 0o600)
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SFN"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	ctx := context.Background()

	if _, err := deploy.LoadConfig(ctx, deploy.Target{}); !errors.Is(err, deploy.ErrNoRegion) {
		t.Errorf("no region: err = %v, want ErrNoRegion", err)
	}
	for _, tt := range []struct {
		target deploy.Target
		env    string
		want   string
	}{
		{deploy.Target{Region: "eu-central-1"}, "", "eu-central-1"},
		{deploy.Target{}, "us-west-2", "us-west-2"},
		{deploy.Target{Profile: "withregion"}, "", "ap-south-1"},
		{deploy.Target{Region: "eu-central-1", Profile: "withregion"}, "us-west-2", "eu-central-1"},
	} {
		if tt.env != "" {
			t.Setenv("AWS_REGION", tt.env)
		} else {
			os.Unsetenv("AWS_REGION")
		}
		cfg, err := deploy.LoadConfig(ctx, tt.target)
		if err != nil {
			t.Errorf("%+v: %v", tt.target, err)
			continue
		}
		if cfg.Region != tt.want {
			t.Errorf("%+v env %q: region %q, want %q", tt.target, tt.env, cfg.Region, tt.want)
		}
	}
	if _, err := deploy.LoadConfig(ctx, deploy.Target{Region: "eu-west-1", Profile: "missing"}); err == nil ||
		!strings.Contains(err.Error(), "missing") || strings.Contains(err.Error(), "\n") {
		t.Errorf("missing profile: %v", err)
	}
	cfg, err := deploy.LoadConfig(ctx, deploy.Target{Region: "eu-west-1", EndpointURL: "http://127.0.0.1:5000"})
	if err != nil || aws.ToString(cfg.BaseEndpoint) != "http://127.0.0.1:5000" {
		t.Errorf("endpoint: %v %v", aws.ToString(cfg.BaseEndpoint), err)
	}
}

func TestPartition(t *testing.T) {
	for region, want := range map[string]string{"us-east-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov", "eu-west-1": "aws"} {
		if got := deploy.Partition(region); got != want {
			t.Errorf("Partition(%s) = %s, want %s", region, got, want)
		}
	}
}

func TestCheckSpec(t *testing.T) {
	def := []byte(`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`)
	role := "arn:aws:iam::123456789012:role/r"
	big := []byte(`{"Comment":"` + strings.Repeat("é", 1048576) + `"}`)
	tests := []struct {
		name string
		spec deploy.Spec
		want string
	}{
		{"ok", deploy.Spec{Name: "M", Definition: def, Settings: deploy.Settings{RoleARN: role}}, ""},
		{"no role", deploy.Spec{Name: "M", Definition: def}, "no role ARN"},
		{"bad type", deploy.Spec{Name: "M", Definition: def, Settings: deploy.Settings{RoleARN: role, Type: "FAST"}}, `type "FAST"`},
		{"log without group", deploy.Spec{Name: "M", Definition: def, Settings: deploy.Settings{RoleARN: role, Logging: deploy.Logging{Level: "ALL"}}}, "needs a log group"},
		{"bad level", deploy.Spec{Name: "M", Definition: def, Settings: deploy.Settings{RoleARN: role, Logging: deploy.Logging{Level: "DEBUG"}}}, `log level "DEBUG"`},
		{"bad alias", deploy.Spec{Name: "M", Definition: def, Settings: deploy.Settings{RoleARN: role}, Alias: "12"}, "only digits"},
		{"alias char", deploy.Spec{Name: "M", Definition: def, Settings: deploy.Settings{RoleARN: role}, Alias: "a b"}, "contains ' '"},
		{"description alone", deploy.Spec{Name: "M", Definition: def, Settings: deploy.Settings{RoleARN: role}, VersionDescription: "x"}, "needs --publish"},
		{"not json", deploy.Spec{Name: "M", Definition: []byte(`{"StartAt":`), Settings: deploy.Settings{RoleARN: role}}, "not valid JSON"},
		{"too big", deploy.Spec{Name: "M", Definition: big, Settings: deploy.Settings{RoleARN: role}}, "at most 1048576"},
		{"control in name", deploy.Spec{Name: "a\x01b", Definition: def, Settings: deploy.Settings{RoleARN: role}}, "control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.spec.Check()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
