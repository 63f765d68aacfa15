package deploy_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/sagac/sagac/deploy"
)

// TestCreateNoopUpdate is the deploy cycle: create; the same again makes
// no mutating call; a changed retry updates the machine, and
// DescribeStateMachine returns exactly the compiled definition each time.
func TestCreateNoopUpdate(t *testing.T) {
	e := startEmulator(t)
	c, rec := e.client()
	ctx := context.Background()
	name := machineName(t)
	def1 := compile(t, tripSaga("retry Lambda.TooManyRequestsException max 3"), tripVars)
	spec := &deploy.Spec{Name: name, Definition: def1, Settings: deploy.Settings{RoleARN: e.roleARN}}

	p, r := mustApply(t, c, spec)
	if !p.Create() || !r.Created || r.StateMachineARN == "" {
		t.Fatalf("first deploy: create=%v created=%v arn=%q", p.Create(), r.Created, r.StateMachineARN)
	}
	if got := rec.take(); !equalOps(got, "ListStateMachines", "CreateStateMachine") {
		t.Errorf("first deploy called %v, want ListStateMachines, CreateStateMachine", got)
	}
	assertDeployed(t, c, r.StateMachineARN, def1)
	rec.take()

	// Unchanged: no mutating call, and Apply calls nothing at all.
	p, err := c.Plan(ctx, &deploy.Spec{Name: name, Definition: def1, Settings: deploy.Settings{RoleARN: e.roleARN}})
	if err != nil {
		t.Fatal(deploy.Explain(err))
	}
	if !p.UpToDate() {
		t.Fatalf("second deploy of the same definition is not up to date: %+v", p)
	}
	if _, err := c.Apply(ctx, p); err != nil {
		t.Fatal(deploy.Explain(err))
	}
	if got := rec.take(); len(mutating(got)) != 0 || !equalOps(got, "ListStateMachines", "DescribeStateMachine") {
		t.Errorf("unchanged deploy called %v, want only ListStateMachines, DescribeStateMachine", got)
	}
	var text strings.Builder
	p.WriteText(&text)
	if want := name + ": up to date (" + r.StateMachineARN + ")\n"; text.String() != want {
		t.Errorf("plan text %q, want %q", text.String(), want)
	}

	// The same definition with other key order and number spelling is
	// still up to date: the comparison is semantic.
	var generic any
	json.Unmarshal(def1, &generic)
	respelled, _ := json.Marshal(generic) // sorted keys, compact
	respelled = []byte(strings.Replace(string(respelled), `"MaxAttempts":3`, `"MaxAttempts":3.0`, 1))
	p, err = c.Plan(ctx, &deploy.Spec{Name: name, Definition: respelled, Settings: deploy.Settings{RoleARN: e.roleARN}})
	if err != nil {
		t.Fatal(deploy.Explain(err))
	}
	if !p.UpToDate() {
		t.Errorf("a respelled definition is not up to date: %+v", p.Diff)
	}
	rec.take()

	// A changed retry: update, with the diff naming the retry.
	def2 := compile(t, tripSaga("retry Lambda.TooManyRequestsException max 5"), tripVars)
	p, r = mustApply(t, c, &deploy.Spec{Name: name, Definition: def2, Settings: deploy.Settings{RoleARN: e.roleARN}})
	if !p.Update() || !r.Updated || !p.DefinitionChanged || len(p.Settings) != 0 {
		t.Fatalf("changed retry: update=%v updated=%v definitionChanged=%v settings=%v", p.Update(), r.Updated, p.DefinitionChanged, p.Settings)
	}
	if got := rec.take(); !equalOps(got, "ListStateMachines", "DescribeStateMachine", "UpdateStateMachine") {
		t.Errorf("update called %v", got)
	}
	text.Reset()
	p.WriteText(&text)
	if !strings.Contains(text.String(), "ReserveHotel.Retry[1].MaxAttempts: 3 -> 5") {
		t.Errorf("plan does not show the retry change:\n%s", text.String())
	}
	assertDeployed(t, c, r.StateMachineARN, def2)
}

// assertDeployed checks that DescribeStateMachine returns exactly want.
func assertDeployed(t *testing.T, c *deploy.Client, arn string, want []byte) {
	t.Helper()
	m, err := c.Describe(context.Background(), arn)
	if err != nil {
		t.Fatal(deploy.Explain(err))
	}
	if string(m.Definition) != string(want) {
		t.Errorf("deployed definition differs from the compiled one:\n--- deployed\n%s\n--- compiled\n%s", m.Definition, want)
	}
}

// TestPublishAndAlias publishes a version with the create, points an alias
// at it, leaves both alone when nothing changed, and moves the alias to
// the version an update publishes.
func TestPublishAndAlias(t *testing.T) {
	e := startEmulator(t)
	c, rec := e.client()
	ctx := context.Background()
	name := machineName(t)
	spec := func(retry string) *deploy.Spec {
		return &deploy.Spec{
			Name: name, Definition: compile(t, tripSaga(retry), tripVars),
			Settings: deploy.Settings{RoleARN: e.roleARN},
			Publish:  true, VersionDescription: "from the test", Alias: "live",
		}
	}

	p, r := mustApply(t, c, spec("retry all max 2"))
	if !p.Publish || r.VersionARN != r.StateMachineARN+":1" || r.AliasARN != r.StateMachineARN+":live" {
		t.Fatalf("create: publish=%v version=%q alias=%q", p.Publish, r.VersionARN, r.AliasARN)
	}
	if got := rec.take(); !equalOps(got, "ListStateMachines", "CreateStateMachine", "CreateStateMachineAlias") {
		t.Errorf("create called %v", got)
	}
	assertAlias(t, c, r.AliasARN, r.VersionARN)
	machineARN := r.StateMachineARN

	p, r = mustApply(t, c, spec("retry all max 2"))
	if !p.UpToDate() || r.VersionARN != "" || r.AliasARN != "" {
		t.Errorf("unchanged: up to date %v, result %+v", p.UpToDate(), r)
	}
	if got := rec.take(); len(mutating(got)) != 0 {
		t.Errorf("unchanged deploy made mutating calls: %v", got)
	}

	p, r = mustApply(t, c, spec("retry all max 4"))
	if !p.Update() || !p.Publish || !p.AliasExists || p.AliasVersion != machineARN+":1" {
		t.Fatalf("update plan: %+v", p)
	}
	if r.VersionARN != machineARN+":2" || r.AliasARN != machineARN+":live" {
		t.Fatalf("update result: %+v", r)
	}
	if got := rec.take(); !equalOps(got, "ListStateMachines", "DescribeStateMachine", "DescribeStateMachineAlias",
		"UpdateStateMachine", "UpdateStateMachineAlias") {
		t.Errorf("update called %v", got)
	}
	assertAlias(t, c, r.AliasARN, r.VersionARN)
	v, err := c.Describe(ctx, r.VersionARN)
	if err != nil {
		t.Fatal(deploy.Explain(err))
	}
	if string(v.Definition) != string(spec("retry all max 4").Definition) {
		t.Errorf("version 2 holds another definition:\n%s", v.Definition)
	}
}

// TestAliasOnUnchangedMachine: a machine deployed without versions, then
// deployed unchanged with an alias, gets a version and the alias; once.
func TestAliasOnUnchangedMachine(t *testing.T) {
	e := startEmulator(t)
	c, rec := e.client()
	name := machineName(t)
	def := compile(t, tripSaga("retry none"), tripVars)
	_, first := mustApply(t, c, &deploy.Spec{Name: name, Definition: def, Settings: deploy.Settings{RoleARN: e.roleARN}})
	rec.take()

	withAlias := &deploy.Spec{Name: name, Definition: def, Settings: deploy.Settings{RoleARN: e.roleARN}, Alias: "prod"}
	p, r := mustApply(t, c, withAlias)
	if p.DefinitionChanged || !p.Publish || p.AliasExists {
		t.Fatalf("plan: %+v", p)
	}
	if r.VersionARN != first.StateMachineARN+":1" || r.AliasARN != first.StateMachineARN+":prod" {
		t.Fatalf("result: %+v", r)
	}
	if got := mutating(rec.take()); !equalOps(got, "UpdateStateMachine", "CreateStateMachineAlias") {
		t.Errorf("mutating calls %v, want UpdateStateMachine (publish), CreateStateMachineAlias", got)
	}
	p, _ = mustApply(t, c, withAlias)
	if !p.UpToDate() {
		t.Errorf("second deploy with the alias is not up to date: %+v", p)
	}
	if got := mutating(rec.take()); len(got) != 0 {
		t.Errorf("second deploy made mutating calls %v", got)
	}
}

func assertAlias(t *testing.T, c *deploy.Client, aliasARN, versionARN string) {
	t.Helper()
	out, err := sfnClient(t).DescribeStateMachineAlias(context.Background(), &sfn.DescribeStateMachineAliasInput{StateMachineAliasArn: aws.String(aliasARN)})
	if err != nil {
		t.Fatal(deploy.Explain(err))
	}
	if len(out.RoutingConfiguration) != 1 || aws.ToString(out.RoutingConfiguration[0].StateMachineVersionArn) != versionARN ||
		out.RoutingConfiguration[0].Weight != 100 {
		t.Errorf("alias %s routes %+v, want all to %s", aliasARN, out.RoutingConfiguration, versionARN)
	}
}

func sfnClient(t *testing.T) *sfn.Client {
	return sfn.NewFromConfig(startEmulator(t).cfg)
}

// TestDryRunMutatesNothing: planning a create, and an update, reads only.
func TestDryRunMutatesNothing(t *testing.T) {
	e := startEmulator(t)
	c, rec := e.client()
	ctx := context.Background()
	name := machineName(t)
	spec := &deploy.Spec{Name: name, Definition: compile(t, tripSaga("retry none"), tripVars),
		Settings: deploy.Settings{RoleARN: e.roleARN}, Alias: "live", Tags: []deploy.Tag{{Key: "team", Value: "sagas"}}}
	p, err := c.Plan(ctx, spec)
	if err != nil {
		t.Fatal(deploy.Explain(err))
	}
	var text strings.Builder
	p.WriteText(&text)
	want := name + ": create (STANDARD)\n  role: " + e.roleARN + "\n  tags: team=sagas\n  publish a version, point alias live at it\n"
	if text.String() != want {
		t.Errorf("create plan:\n%s\nwant:\n%s", text.String(), want)
	}
	if arn, err := c.Find(ctx, name); err != nil || arn != "" {
		t.Errorf("after a dry run the machine exists: %q, %v", arn, err)
	}
	if got := mutating(rec.take()); len(got) != 0 {
		t.Errorf("dry run of a create made mutating calls %v", got)
	}

	mustApply(t, c, spec)
	rec.take()
	changed := *spec
	changed.Definition = compile(t, tripSaga("retry all max 2"), tripVars)
	changed.Tracing = true
	changed.Tags = []deploy.Tag{{Key: "team", Value: "sagas"}, {Key: "env", Value: "test"}}
	p, err = c.Plan(ctx, &changed)
	if err != nil {
		t.Fatal(deploy.Explain(err))
	}
	text.Reset()
	p.WriteText(&text)
	for _, line := range []string{"update arn:", "  definition:\n", "+ ReserveHotel.Retry: added", "  tracing: disabled -> enabled\n",
		"  tags: env=test\n", "  publish a version, point alias live at it\n"} {
		if !strings.Contains(text.String(), line) {
			t.Errorf("update plan lacks %q:\n%s", line, text.String())
		}
	}
	if got := mutating(rec.take()); len(got) != 0 {
		t.Errorf("dry run of an update made mutating calls %v", got)
	}
}

// TestSettingsAndTags: changing role, logging, tracing and tags updates
// exactly those, then the machine is up to date.
func TestSettingsAndTags(t *testing.T) {
	e := startEmulator(t)
	c, rec := e.client()
	name := machineName(t)
	def := compile(t, tripSaga("retry none"), tripVars)
	base := deploy.Spec{Name: name, Definition: def, Settings: deploy.Settings{RoleARN: e.roleARN},
		Tags: []deploy.Tag{{Key: "team", Value: "sagas"}}}
	mustApply(t, c, &base)
	rec.take()

	changed := base
	changed.Settings = deploy.Settings{
		RoleARN: strings.Replace(e.roleARN, "sagac-deploy-test", "other-role", 1),
		Logging: deploy.Logging{Level: "ERROR", LogGroupARN: "arn:aws:logs:us-east-1:123456789012:log-group:sagas"},
		Tracing: true,
	}
	changed.Tags = []deploy.Tag{{Key: "team", Value: "sagas"}, {Key: "env", Value: "prod"}}
	p, _ := mustApply(t, c, &changed)
	want := []deploy.Change{
		{Setting: "role", Old: e.roleARN, New: changed.RoleARN},
		{Setting: "logging", Old: "OFF", New: "ERROR to arn:aws:logs:us-east-1:123456789012:log-group:sagas:*"},
		{Setting: "tracing", Old: "disabled", New: "enabled"},
	}
	if p.DefinitionChanged || len(p.Settings) != len(want) {
		t.Fatalf("plan: definition changed %v, settings %v", p.DefinitionChanged, p.Settings)
	}
	for i := range want {
		if p.Settings[i] != want[i] {
			t.Errorf("setting %d: %+v, want %+v", i, p.Settings[i], want[i])
		}
	}
	if len(p.Tags) != 1 || p.Tags[0] != (deploy.Tag{Key: "env", Value: "prod"}) {
		t.Errorf("tags to set: %v, want env=prod", p.Tags)
	}
	if got := mutating(rec.take()); !equalOps(got, "UpdateStateMachine", "TagResource") {
		t.Errorf("mutating calls %v", got)
	}
	p, _ = mustApply(t, c, &changed)
	if !p.UpToDate() {
		t.Errorf("after the settings update, not up to date: %+v", p)
	}
	if got := mutating(rec.take()); len(got) != 0 {
		t.Errorf("mutating calls after the update: %v", got)
	}
}

// TestTypeCannotChange: Step Functions cannot change a machine's type.
func TestTypeCannotChange(t *testing.T) {
	e := startEmulator(t)
	c, rec := e.client()
	name := machineName(t)
	def := compile(t, tripSaga("retry none"), tripVars)
	mustApply(t, c, &deploy.Spec{Name: name, Definition: def, Settings: deploy.Settings{RoleARN: e.roleARN}})
	rec.take()
	_, err := c.Plan(context.Background(), &deploy.Spec{Name: name, Definition: def, Settings: deploy.Settings{RoleARN: e.roleARN, Type: deploy.Express}})
	var tc *deploy.TypeChangeError
	if !errors.As(err, &tc) || tc.From != deploy.Standard || tc.To != deploy.Express {
		t.Fatalf("err = %v, want a TypeChangeError from STANDARD to EXPRESS", err)
	}
	if !strings.Contains(err.Error(), "cannot change it to EXPRESS in place") {
		t.Errorf("message %q", err)
	}
	if got := mutating(rec.take()); len(got) != 0 {
		t.Errorf("mutating calls %v", got)
	}
}

// TestFindPaginates: the lookup pages through ListStateMachines.
func TestFindPaginates(t *testing.T) {
	e := startEmulator(t)
	c, rec := e.client()
	name := machineName(t)
	def := compile(t, tripSaga("retry none"), tripVars)
	var last string
	for i := range 3 {
		_, r := mustApply(t, c, &deploy.Spec{Name: name + "-" + string(rune('a'+i)), Definition: def, Settings: deploy.Settings{RoleARN: e.roleARN}})
		last = r.StateMachineARN
	}
	rec.take()
	c.PageSize = 1
	arn, err := c.Find(context.Background(), name+"-c")
	if err != nil {
		t.Fatal(deploy.Explain(err))
	}
	if arn != last {
		t.Errorf("found %q, want %q", arn, last)
	}
	lists := 0
	for _, op := range rec.take() {
		if op == "ListStateMachines" {
			lists++
		}
	}
	if lists < 3 {
		t.Errorf("%d ListStateMachines calls with page size 1, want at least 3", lists)
	}
}

// TestExecutionRunsHappyPath: the deployed machine runs: each step
// invokes its function and the execution succeeds.
func TestExecutionRunsHappyPath(t *testing.T) {
	e := startEmulator(t)
	name := machineName(t)
	fns := e.createFunctions(t, name+"-flight", name+"-cancel", name+"-hotel")
	vars := map[string]string{"Flight": fns[name+"-flight"], "CancelFlight": fns[name+"-cancel"], "Hotel": fns[name+"-hotel"]}
	c, _ := e.client()
	_, r := mustApply(t, c, &deploy.Spec{Name: name, Definition: compile(t, tripSaga("retry none"), vars),
		Settings: deploy.Settings{RoleARN: e.roleARN}})

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	api := sfnClient(t)
	started, err := api.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(r.StateMachineARN), Input: aws.String(`{"tripId":"t-1"}`)})
	if err != nil {
		t.Fatal(deploy.Explain(err))
	}
	var desc *sfn.DescribeExecutionOutput
	for {
		desc, err = api.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: started.ExecutionArn})
		if err != nil {
			t.Fatal(deploy.Explain(err))
		}
		if desc.Status != sfntypes.ExecutionStatusRunning {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if desc.Status != sfntypes.ExecutionStatusSucceeded {
		t.Fatalf("execution %s: %s: %s", desc.Status, aws.ToString(desc.Error), aws.ToString(desc.Cause))
	}
	hist, err := api.GetExecutionHistory(ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: started.ExecutionArn})
	if err != nil {
		t.Fatal(deploy.Explain(err))
	}
	var entered []string
	for _, ev := range hist.Events {
		if d := ev.StateEnteredEventDetails; d != nil {
			entered = append(entered, aws.ToString(d.Name))
		}
	}
	if got, want := strings.Join(entered, ","), "ReserveFlight,ReserveHotel,TripSucceeded"; got != want {
		t.Errorf("states entered %s, want %s", got, want)
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(aws.ToString(desc.Output)), &out); err != nil || out["tripId"] != "t-1" {
		t.Errorf("output %s: %v", aws.ToString(desc.Output), err)
	}
}

// TestBadRoleAndName: a malformed role ARN is refused by the service in
// one clear line; a bad machine name is refused before any call.
func TestBadRoleAndName(t *testing.T) {
	e := startEmulator(t)
	c, rec := e.client()
	ctx := context.Background()
	def := compile(t, tripSaga("retry none"), tripVars)

	p, err := c.Plan(ctx, &deploy.Spec{Name: machineName(t), Definition: def, Settings: deploy.Settings{RoleARN: "not-a-role"}})
	if err != nil {
		t.Fatal(deploy.Explain(err))
	}
	_, err = c.Apply(ctx, p)
	if err == nil {
		t.Fatal("a malformed role ARN was accepted")
	}
	if got, want := deploy.Explain(err), "CreateStateMachine: rejected (InvalidArn): Invalid Role Arn: 'not-a-role'"; got != want {
		t.Errorf("explained %q, want %q", got, want)
	}
	rec.take()

	for _, name := range []string{"", "has space", "a/b", strings.Repeat("x", 81), "bad:colon"} {
		_, err := c.Plan(ctx, &deploy.Spec{Name: name, Definition: def, Settings: deploy.Settings{RoleARN: e.roleARN}})
		if err == nil || !strings.Contains(err.Error(), "name") {
			t.Errorf("name %q: err = %v, want a name error", name, err)
		}
	}
	if got := rec.take(); len(got) != 0 {
		t.Errorf("bad names made calls %v", got)
	}
}

// TestValidateOnMoto: moto lacks ValidateStateMachineDefinition; Validate
// says so instead of failing.
func TestValidateOnMoto(t *testing.T) {
	e := startEmulator(t)
	c, _ := e.client()
	v, err := c.Validate(context.Background(), compile(t, tripSaga("retry none"), tripVars), "")
	if err != nil {
		t.Fatalf("Validate: %s", deploy.Explain(err))
	}
	if v.Supported {
		t.Fatalf("moto supports ValidateStateMachineDefinition now: %+v (update this test)", v)
	}
	if !strings.HasPrefix(v.Reason, "ValidateStateMachineDefinition: the endpoint does not support this operation") {
		t.Errorf("reason %q", v.Reason)
	}
}
