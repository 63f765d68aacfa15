// Package moto runs Python moto's moto_server on loopback as a Step
// Functions engine for sagac's conformance harness, and talks to it with the
// AWS SDK for Go.
//
// moto serves the Step Functions, Lambda and IAM APIs; configured with
// {"stepfunctions":{"execute_state_machine":true}} it runs the definitions it
// is given with LocalStack's ASL interpreter, and with
// {"lambda":{"use_docker":false}} each Lambda function is "simple": an
// invocation returns the next result queued with
// POST /moto-api/static/lambda-simple/response (one queue for all functions),
// or its input when nothing is queued. A queued result over 6,000,000 bytes
// makes that invocation fail with Function.ResponseSizeTooLarge, which is how
// the k-th call is made to fail (engine.ResponseSizeTooLarge).
//
// A Server is one moto_server process. Executions on it are serialized: each
// resets the whole server first (after an execution moto needs a reset
// before the next one behaves), so one server cannot run two at once. Retry
// waits are real seconds here.
//
// Tests start one server per test binary: call RunTests from TestMain and
// Shared from each test (see the package example).
package moto

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sagac/sagac/conformance/engine"
)

// Server is a running moto_server.
type Server struct {
	// Endpoint is the server's base URL, http://127.0.0.1:PORT.
	Endpoint string

	cmd     *exec.Cmd
	done    chan struct{} // closed when the process has exited
	log     *os.File
	http    *http.Client
	mu      sync.Mutex // held by Execute: a reset clears the whole server
	stopMu  sync.Mutex
	stopped bool
}

// command returns how to start moto_server: the moto_server script when it
// is on PATH, else `python3 -m moto.server` when Python has moto.
func command() ([]string, error) {
	if p, err := exec.LookPath("moto_server"); err == nil {
		return []string{p}, nil
	}
	if py, err := exec.LookPath("python3"); err == nil {
		if exec.Command(py, "-c", "import moto.server").Run() == nil {
			return []string{py, "-m", "moto.server"}, nil
		}
	}
	return nil, fmt.Errorf("moto_server is %w: neither moto_server on PATH nor python3 with moto (pip install 'moto[server]')", engine.ErrUnavailable)
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Start starts moto_server on a free loopback port and waits until it
// answers and is configured to execute state machines with simple Lambda
// functions. When moto is not installed the error wraps
// engine.ErrUnavailable.
func Start(ctx context.Context) (*Server, error) {
	argv, err := command()
	if err != nil {
		return nil, err
	}
	var lastErr error
	// Another process may take the port between freePort and the bind:
	// try a few ports.
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		s, err := start(ctx, argv, port)
		if err == nil {
			return s, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, lastErr
}

func start(ctx context.Context, argv []string, port int) (*Server, error) {
	log, err := os.CreateTemp("", "moto-server-*.log")
	if err != nil {
		return nil, err
	}
	args := append(append([]string{}, argv[1:]...), "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd := exec.Command(argv[0], args...)
	cmd.Stdout, cmd.Stderr = log, log
	newProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		log.Close()
		os.Remove(log.Name())
		return nil, fmt.Errorf("starting moto_server: %v", err)
	}
	s := &Server{
		Endpoint: "http://127.0.0.1:" + strconv.Itoa(port),
		cmd:      cmd,
		done:     make(chan struct{}),
		log:      log,
		http:     &http.Client{Timeout: 2 * time.Minute},
	}
	go func() {
		cmd.Wait()
		close(s.done)
	}()

	deadline := time.Now().Add(60 * time.Second)
	for {
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := s.Configure(cctx)
		cancel()
		if err == nil {
			return s, nil
		}
		select {
		case <-s.done:
			tail := s.logTail()
			s.Stop()
			return nil, fmt.Errorf("moto_server exited before answering on port %d: %s", port, tail)
		case <-ctx.Done():
			s.Stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			tail := s.logTail()
			s.Stop()
			return nil, fmt.Errorf("moto_server did not answer on port %d within 60s: %v: %s", port, err, tail)
		}
	}
}

// logTail returns the end of the server's log, for error messages.
func (s *Server) logTail() string {
	b, err := os.ReadFile(s.log.Name())
	if err != nil {
		return ""
	}
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}

// Stop stops the server's process and every process it started (its
// process group), waiting for it to exit. Stop is idempotent.
func (s *Server) Stop() error {
	s.stopMu.Lock()
	defer s.stopMu.Unlock()
	if s.stopped {
		return nil
	}
	s.stopped = true
	defer func() {
		s.log.Close()
		os.Remove(s.log.Name())
	}()
	select {
	case <-s.done:
		return nil
	default:
	}
	terminate(s.cmd)
	select {
	case <-s.done:
		return nil
	case <-time.After(5 * time.Second):
	}
	kill(s.cmd)
	select {
	case <-s.done:
		return nil
	case <-time.After(5 * time.Second):
		return fmt.Errorf("moto_server (pid %d) did not exit", s.cmd.Process.Pid)
	}
}

// post sends a JSON body to one of moto's own endpoints.
func (s *Server) post(ctx context.Context, path, body string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Endpoint+path, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("POST %s: %s: %s", path, resp.Status, bytes.TrimSpace(b))
	}
	return b, nil
}

// Config is the configuration Configure sets: execute state machines, and
// run Lambda functions without Docker (simple functions).
const Config = `{"stepfunctions":{"execute_state_machine":true},"lambda":{"use_docker":false}}`

// Configure sets Config on the server.
func (s *Server) Configure(ctx context.Context) error {
	_, err := s.post(ctx, "/moto-api/config", Config)
	return err
}

// Reset clears every resource and queued result on the server.
func (s *Server) Reset(ctx context.Context) error {
	_, err := s.post(ctx, "/moto-api/reset", "")
	return err
}

// QueueLambdaResults queues results for the next Lambda invocations, in
// order, whatever function they invoke.
func (s *Server) QueueLambdaResults(ctx context.Context, results []string) error {
	body := struct {
		Results []string `json:"results"`
		Region  string   `json:"region"`
	}{results, engine.Region}
	b, err := jsonMarshal(body)
	if err != nil {
		return err
	}
	_, err = s.post(ctx, "/moto-api/static/lambda-simple/response", string(b))
	return err
}

var (
	sharedOnce sync.Once
	shared     *Server
	sharedErr  error
)

// RunTests runs the tests of m and then stops the server Shared started, if
// any; it returns m.Run's exit code. Call it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(moto.RunTests(m)) }
func RunTests(m interface{ Run() int }) int {
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "moto:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// Shared returns the test binary's server, starting it on first use. When
// moto is unavailable the error wraps engine.ErrUnavailable (pass it to
// engine.Require). The server is stopped by RunTests.
func Shared() (*Server, error) {
	sharedOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		shared, sharedErr = Start(ctx)
	})
	return shared, sharedErr
}

// ErrUnsupportedFault is returned by Execute for a scripted fault moto cannot
// inject: only engine.ResponseSizeTooLarge.
var ErrUnsupportedFault = errors.New("moto can inject only " + engine.ResponseSizeTooLarge.Error)

// Pid returns the server's process id, which is also its process group id
// on Unix.
func (s *Server) Pid() int { return s.cmd.Process.Pid }
