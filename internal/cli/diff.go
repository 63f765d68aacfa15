package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path"
	"strings"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/compiler"
	"github.com/sagac/sagac/deploy/arn"
	"github.com/sagac/sagac/diag"
	"github.com/sagac/sagac/diff"
	"github.com/sagac/sagac/grammar"
	"github.com/sagac/sagac/jsonv"
	"github.com/spf13/cobra"
)

type diffFlags struct {
	format      string
	text        bool
	failOn      string
	subst       substitutionFlags
	profile     string
	endpointURL string
}

func newDiff(e *Env) *cobra.Command {
	f := &diffFlags{}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Say what changed between two saga definitions, and whether it matters",
		Long: `Compare two saga definitions semantically, state by state.

Each side is a .saga file (compiled first), an ASL JSON file, "-" for
standard input (.saga or JSON, told apart by its first character), or
REV:path, a file at a git revision read with "git show REV:path" in the
current directory (the path is relative to the repository's root; write
REV:./path for one relative to the current directory), or the ARN of a
deployed state machine, version or alias (arn:aws:states:REGION:ACCOUNT:
stateMachine:NAME[:VERSION|:ALIAS]), read with DescribeStateMachine in the
ARN's region, with credentials from the SDK's default chain (AWS_PROFILE
picks a profile; AWS_ENDPOINT_URL sends the call to an emulator). An ARN
side runs the command in sagac-aws, the companion binary that holds the
AWS SDK, so that sagac itself never loads it.

Key order, whitespace and number spelling never count. Each change is one
line with its class: breaking (a removed step or compensation, a renamed
state), behavioral (retries, timeouts, paths, transitions, an added step)
or cosmetic (comments); a summary line counts each class. Compensation
changes are said in saga words: "CancelHotel no longer runs when
ProcessPayment fails".

Exit status: 0 when the definitions are equivalent, 1 when they differ
(with --fail-on breaking: only when a change is breaking), 2 on any error,
including a side that does not parse.`,
		Example: `  sagac diff HEAD:sagas/trip_booking.saga sagas/trip_booking.saga
  sagac diff old.asl.json sagas/trip_booking.saga --text
  sagac diff main:sagas/trip.saga sagas/trip.saga --fail-on breaking
  sagac compile trip.saga | sagac diff deployed.asl.json - --format json
  sagac diff arn:aws:states:eu-west-1:123456789012:stateMachine:TripBooking sagas/trip.saga --vars prod.json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiff(e, f, args[0], args[1])
		},
	}
	cmd.Flags().StringVar(&f.format, "format", "text", "report format: text or json")
	cmd.Flags().BoolVar(&f.text, "text", false, "add a unified diff of the canonical JSON of both sides")
	cmd.Flags().StringVar(&f.failOn, "fail-on", "any", "exit 1 for any change (any) or only for breaking ones (breaking)")
	f.subst.register(cmd.Flags())
	cmd.Flags().StringVar(&f.profile, "profile", "", "AWS shared-config profile for an arn:aws:states:… side (default: AWS_PROFILE)")
	cmd.Flags().StringVar(&f.endpointURL, "endpoint-url", "", "Step Functions endpoint for an arn:aws:states:… side, e.g. an emulator (default: AWS_ENDPOINT_URL)")
	return cmd
}

func runDiff(e *Env, f *diffFlags, oldArg, newArg string) error {
	// The deployed side is read by the AWS SDK, which takes its profile and
	// endpoint from the environment (the region comes from the ARN).
	for name, value := range map[string]string{"AWS_PROFILE": f.profile, "AWS_ENDPOINT_URL": f.endpointURL} {
		if value != "" {
			os.Setenv(name, value)
		}
	}
	switch f.format {
	case "text", "json":
	default:
		return usageErrorf("--format %q: expected text or json", f.format)
	}
	switch f.failOn {
	case "any", "breaking":
	default:
		return usageErrorf("--fail-on %q: expected any or breaking", f.failOn)
	}
	if oldArg == "-" && newArg == "-" {
		return usageErrorf("only one side can be standard input")
	}
	// A side only sagac-aws can read hands it the whole command, before
	// anything (standard input above all) is read here.
	for _, arg := range []string{oldArg, newArg} {
		if k := e.sourceKind(arg); k.companion != "" {
			return e.runCompanion(k.companion)
		}
	}
	vars, err := f.subst.resolve()
	if err != nil {
		return err
	}
	files := diag.Files{}
	var all diag.Diagnostics
	var defs [2]*definition
	for i, arg := range []string{oldArg, newArg} {
		def, err := readDefinition(e, arg)
		if err != nil {
			return err
		}
		files[def.name] = def.src
		ds := def.load(vars)
		all = append(all, ds...)
		defs[i] = def
	}
	if all.HasErrors() {
		if err := diag.WriteText(e.stderr, all.Errors(), files); err != nil {
			return troubleErrorf("cannot write diagnostics: %v", err)
		}
		return &exitError{code: ExitTrouble}
	}

	res := diff.Compare(defs[0].value, defs[1].value)
	color := isTerminal(e.stdout) && os.Getenv("NO_COLOR") == ""
	var out bytes.Buffer
	switch f.format {
	case "json":
		report := res.JSON()
		if f.text {
			var u bytes.Buffer
			if err := diff.WriteUnified(&u, defs[0].name, defs[1].name, defs[0].value, defs[1].value, diff.TextOptions{}); err != nil {
				return troubleErrorf("%v", err)
			}
			report.Set("unified", jsonv.NewString(u.String()))
		}
		out.Write(jsonv.Marshal(report))
	default:
		if err := res.WriteText(&out, diff.TextOptions{Color: color}); err != nil {
			return troubleErrorf("%v", err)
		}
		if f.text && !res.Equal() {
			out.WriteString("\n")
			if err := diff.WriteUnified(&out, defs[0].name, defs[1].name, defs[0].value, defs[1].value, diff.TextOptions{Color: color}); err != nil {
				return troubleErrorf("%v", err)
			}
		}
	}
	if _, err := e.stdout.Write(out.Bytes()); err != nil {
		return troubleErrorf("cannot write standard output: %v", err)
	}
	if res.Equal() || f.failOn == "breaking" && res.Count(diff.Breaking) == 0 {
		return nil
	}
	return &exitError{code: ExitFindings}
}

// definition is one side of a diff: where it came from, its bytes, and
// (after load) its ASL JSON value.
type definition struct {
	// name is what diagnostics and the unified diff call it.
	name string
	src  []byte
	// saga reports a .saga source, which load compiles.
	saga  bool
	value *jsonv.Value
}

// load compiles a .saga source and parses the ASL JSON.
func (d *definition) load(vars map[string]string) diag.Diagnostics {
	data := d.src
	if d.saga {
		s, diags := compiler.Compile(d.name, d.src, compiler.Options{Vars: vars})
		if diags.HasErrors() {
			return diags
		}
		out, more := asl.Generate(s, asl.Options{})
		if more.HasErrors() {
			return more
		}
		data = out
	}
	v, diags := jsonv.Parse(d.name, data)
	d.value = v
	return diags
}

// SourceKind is one way of naming a diff side on the command line. The
// kinds are tried in order (Env.sources): standard input, an extension's
// kinds, a deployed state machine (arn:aws:states:…, before git: an ARN
// has colons too), REV:path, a file. The first whose Match accepts the
// argument reads it.
type SourceKind struct {
	// Match reports whether arg names a definition of this kind.
	Match func(arg string) bool
	// Read returns the definition's display name and bytes, and whether
	// they are a .saga source.
	Read func(e *Env, arg string) (name string, src []byte, saga bool, err error)
	// companion, when set, says what this binary cannot do itself: a side
	// of this kind makes the whole command run in sagac-aws.
	companion string
}

var (
	stdinSource = SourceKind{Match: func(arg string) bool { return arg == "-" }, Read: readStdin}
	// coreSources follow an extension's kinds; without sagac-aws's own ARN
	// kind, an ARN hands the command over to sagac-aws.
	coreSources = []SourceKind{
		{Match: arn.IsStateMachine, companion: "reading a deployed state machine (an arn:aws:states:… side of diff)"},
		{Match: isGitSource, Read: readGit},
		{Match: func(string) bool { return true }, Read: readFile},
	}
)

// sourceKind returns the first kind that matches arg (the last core kind,
// a file, matches every argument).
func (e *Env) sourceKind(arg string) SourceKind {
	for _, k := range e.sources {
		if k.Match(arg) {
			return k
		}
	}
	return SourceKind{Match: func(string) bool { return true }, Read: readFile}
}

// readDefinition reads one side with the first source kind that matches.
func readDefinition(e *Env, arg string) (*definition, error) {
	name, src, saga, err := e.sourceKind(arg).Read(e, arg)
	if err != nil {
		return nil, err
	}
	return &definition{name: name, src: src, saga: saga}, nil
}

func readStdin(e *Env, arg string) (string, []byte, bool, error) {
	name, src, err := readInput(e, arg)
	if err != nil {
		return "", nil, false, err
	}
	// JSON starts with { or [ (after blanks); a .saga file never does.
	first := bytes.TrimLeft(src, " \t\r\n\ufeff")
	saga := len(first) > 0 && first[0] != '{' && first[0] != '['
	return name, src, saga, nil
}

func readFile(e *Env, arg string) (string, []byte, bool, error) {
	name, src, err := readInput(e, arg)
	return name, src, isSagaPath(arg), err
}

func isSagaPath(p string) bool { return strings.HasSuffix(p, ".saga") }

// isGitSource reports whether arg is REV:path rather than a file: it has a
// colon and names no existing file.
func isGitSource(arg string) bool {
	rev, p, ok := strings.Cut(arg, ":")
	if !ok || p == "" || strings.ContainsAny(rev, " \t") {
		return false
	}
	_, err := os.Stat(arg)
	return err != nil
}

// readGit reads REV:path with `git show`, in the current directory.
func readGit(e *Env, arg string) (string, []byte, bool, error) {
	_, p, _ := strings.Cut(arg, ":")
	if strings.HasPrefix(arg, "-") {
		// git would read it as an option (--output=…), not a revision.
		return "", nil, false, usageErrorf("%q: a revision does not start with -", arg)
	}
	cmd := exec.Command("git", "show", "--no-textconv", "--end-of-options", arg, "--")
	var stdout, stderr bytes.Buffer
	limited := &limitedWriter{w: &stdout, n: grammar.MaxFileSize}
	cmd.Stdout = limited
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case limited.over:
		return "", nil, false, troubleErrorf("%s is over the %d-byte limit", arg, grammar.MaxFileSize)
	case errors.As(err, &exitErr):
		msg := strings.TrimPrefix(strings.TrimSpace(stderr.String()), "fatal: ")
		return "", nil, false, troubleErrorf("git show %s: %s", arg, msg)
	case err != nil:
		return "", nil, false, troubleErrorf("cannot run git to read %s: %v", arg, err)
	}
	return arg, stdout.Bytes(), isSagaPath(path.Clean(p)), nil
}

// limitedWriter fails once more than n bytes are written, so a huge blob
// stops git instead of filling memory.
type limitedWriter struct {
	w    io.Writer
	n    int
	over bool
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if len(p) > l.n {
		l.over = true
		return 0, errors.New("over the size limit")
	}
	l.n -= len(p)
	return l.w.Write(p)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
