package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestCompanion checks how sagac hands deploy and ARN diff sides to
// sagac-aws: the arguments, standard streams and environment go through
// and its exit status comes back; a missing sagac-aws is exit 2 with a
// message that says how to get it; a core build installed as sagac-aws
// fails instead of running itself again and again.
func TestCompanion(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake sagac-aws is a shell script")
	}
	// A fake sagac-aws that shows what it was given and exits 7.
	withFake := t.TempDir()
	fake := "#!/bin/sh\necho \"args: $*\"\necho \"handed over: $" + handedOverEnv + "\"\nread -r line\necho \"stdin: $line\"\necho oops >&2\nexit 7\n"
	if err := os.WriteFile(filepath.Join(withFake, companionName), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	// Fakes killed by a signal: a broken pipe is quiet, another says so.
	piped, killed := t.TempDir(), t.TempDir()
	for dir, sig := range map[string]string{piped: "PIPE", killed: "TERM"} {
		if err := os.WriteFile(filepath.Join(dir, companionName), []byte("#!/bin/sh\nkill -"+sig+" $$\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	empty := t.TempDir()
	const arnSide = "arn:aws:states:eu-west-1:123456789012:stateMachine:Trip"
	tests := []struct {
		name        string
		path        string
		handedOver  bool
		args        []string
		code        int
		stdout      string
		stderr      []string
		emptyStdout bool
		emptyStderr bool
	}{{
		name: "deploy runs sagac-aws",
		path: withFake, args: []string{"deploy", "trip.saga", "--name", "M"},
		code:   7,
		stdout: "args: deploy trip.saga --name M\nhanded over: 1\nstdin: some input\n",
		stderr: []string{"oops\n"},
	}, {
		name: "help deploy runs sagac-aws",
		path: withFake, args: []string{"help", "deploy"},
		code:   7,
		stdout: "args: help deploy\nhanded over: 1\nstdin: some input\n",
	}, {
		name: "an ARN side runs sagac-aws, also after -",
		path: withFake, args: []string{"diff", "-", arnSide},
		code:   7,
		stdout: "args: diff - " + arnSide + "\nhanded over: 1\nstdin: some input\n",
	}, {
		name: "sagac-aws killed by a broken pipe",
		path: piped, args: []string{"deploy", "--help"},
		code: ExitTrouble, emptyStdout: true, emptyStderr: true,
	}, {
		name: "sagac-aws killed by a signal",
		path: killed, args: []string{"deploy", "--help"},
		code: ExitTrouble, emptyStdout: true,
		stderr: []string{"sagac: " + filepath.Join(killed, companionName) + ": signal: terminated\n"},
	}, {
		name: "missing for deploy",
		path: empty, args: []string{"deploy", "trip.saga", "--name", "M"},
		code: ExitTrouble, emptyStdout: true,
		stderr: []string{
			"sagac: deploy needs sagac-aws, which is neither next to this sagac nor on PATH.\n",
			"never pay for loading the AWS SDK",
			"go install github.com/sagac/sagac/cmd/...@latest",
			`go build -o "$(dirname "$(command -v sagac)")/sagac-aws" ./cmd/sagac-aws`,
		},
	}, {
		name: "missing for help deploy",
		path: empty, args: []string{"help", "deploy"},
		code: ExitTrouble, emptyStdout: true,
		stderr: []string{"sagac: deploy needs sagac-aws"},
	}, {
		name: "missing for an ARN side",
		path: empty, args: []string{"diff", arnSide, "trip.saga"},
		code: ExitTrouble, emptyStdout: true,
		stderr: []string{"sagac: reading a deployed state machine (an arn:aws:states:… side of diff) needs sagac-aws"},
	}, {
		name: "a core build as sagac-aws",
		path: withFake, handedOver: true, args: []string{"deploy", "trip.saga"},
		code: ExitTrouble, emptyStdout: true,
		stderr: []string{"sagac: deploy needs sagac-aws, but this sagac was itself started as sagac-aws: the sagac-aws installed is a build of ./cmd/sagac, not ./cmd/sagac-aws\n"},
	}, {
		name: "other commands do not need it",
		path: empty, args: []string{"vars", "-"},
		code: ExitOK,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PATH", tt.path)
			if tt.handedOver {
				t.Setenv(handedOverEnv, "1")
			} else {
				t.Setenv(handedOverEnv, "")
				os.Unsetenv(handedOverEnv)
			}
			stdin := "some input"
			if tt.code == ExitOK {
				stdin = "saga Trip < flight >\n"
			}
			var stdout, stderr bytes.Buffer
			code := Main(tt.args, strings.NewReader(stdin), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout.String(), stderr.String())
			}
			if tt.stdout != "" && stdout.String() != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), tt.stdout)
			}
			if tt.emptyStdout && stdout.Len() > 0 {
				t.Errorf("stdout not empty:\n%s", stdout.String())
			}
			if tt.emptyStderr && stderr.Len() > 0 {
				t.Errorf("stderr not empty:\n%s", stderr.String())
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
		})
	}
}
