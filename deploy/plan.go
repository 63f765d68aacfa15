// This file plans a deploy (reading only) and applies a plan.

package deploy

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/sagac/sagac/diff"
	"github.com/sagac/sagac/jsonv"
)

// Change is one setting that differs between the deployed machine and the
// spec.
type Change struct {
	// Setting is "role", "logging" or "tracing".
	Setting  string
	Old, New string
}

// Plan is what a deploy will do, found by reading only.
type Plan struct {
	Spec *Spec
	// Current is the deployed machine; nil when the deploy creates it.
	Current *Machine
	// Diff is the semantic diff of the deployed definition and the new
	// one; nil on create, or when the deployed definition is not JSON.
	Diff *diff.Result
	// DefinitionChanged reports whether the definitions differ
	// (jsonv.Equal: key order, white space and number spelling never count).
	DefinitionChanged bool
	// Settings lists the settings that change, in a fixed order.
	Settings []Change
	// Tags are the tags to add or change on an existing machine.
	Tags []Tag
	// Publish reports whether the deploy publishes a version.
	Publish bool
	// AliasARN is the alias's ARN when the spec names one and the machine
	// exists; AliasExists tells whether the alias exists, AliasVersion
	// the version it routes all traffic to ("" when it splits traffic).
	AliasARN     string
	AliasExists  bool
	AliasVersion string
}

// Create reports whether the deploy creates the machine.
func (p *Plan) Create() bool { return p.Current == nil }

// Update reports whether the deploy calls UpdateStateMachine: the
// definition or a setting changes, or a version must be published for the
// alias.
func (p *Plan) Update() bool {
	return p.Current != nil && (p.DefinitionChanged || len(p.Settings) > 0 || p.Publish)
}

// UpToDate reports whether the deploy changes nothing at all.
func (p *Plan) UpToDate() bool {
	return !p.Create() && !p.Update() && len(p.Tags) == 0
}

// Plan finds the machine and compares it with the spec, calling only
// operations that read: ListStateMachines, DescribeStateMachine, and, when
// asked for, ListTagsForResource and DescribeStateMachineAlias (plus
// DescribeStateMachine of the version the alias points at).
func (c *Client) Plan(ctx context.Context, spec *Spec) (*Plan, error) {
	if err := spec.Check(); err != nil {
		return nil, err
	}
	p := &Plan{Spec: spec}
	arn, err := c.Find(ctx, spec.Name)
	if err != nil {
		return nil, err
	}
	if arn == "" {
		p.Publish = spec.wantVersion()
		return p, nil
	}
	cur, err := c.Describe(ctx, arn)
	if err != nil {
		return nil, err
	}
	p.Current = cur
	if spec.Type != "" && spec.Type != cur.Type {
		return nil, &TypeChangeError{Name: spec.Name, From: cur.Type, To: spec.Type, MachineARN: arn}
	}
	p.DefinitionChanged = !sameDefinition(cur.Definition, spec.parsed)
	if old, diags := jsonv.Parse("deployed", cur.Definition); !diags.HasErrors() && p.DefinitionChanged {
		p.Diff = diff.Compare(old, spec.parsed)
	}
	if cur.RoleARN != spec.RoleARN {
		p.Settings = append(p.Settings, Change{"role", cur.RoleARN, spec.RoleARN})
	}
	if !cur.Logging.equal(spec.Logging) {
		p.Settings = append(p.Settings, Change{"logging", cur.Logging.String(), spec.Logging.String()})
	}
	if cur.Tracing != spec.Tracing {
		p.Settings = append(p.Settings, Change{"tracing", enabled(cur.Tracing), enabled(spec.Tracing)})
	}
	if len(spec.Tags) > 0 {
		have, err := c.tags(ctx, arn)
		if err != nil {
			return nil, err
		}
		for _, t := range spec.Tags {
			if v, ok := have[t.Key]; !ok || v != t.Value {
				p.Tags = append(p.Tags, t)
			}
		}
	}
	changed := p.DefinitionChanged || len(p.Settings) > 0
	p.Publish = changed && spec.wantVersion()
	if spec.Alias != "" {
		p.AliasARN = arn + ":" + spec.Alias
		p.AliasVersion, p.AliasExists, err = c.aliasTarget(ctx, p.AliasARN)
		if err != nil {
			return nil, err
		}
		if !changed {
			current := false
			if p.AliasVersion != "" {
				v, err := c.Describe(ctx, p.AliasVersion)
				if err != nil {
					return nil, err
				}
				current = sameDefinition(v.Definition, spec.parsed)
			}
			// The alias is missing, splits traffic, or routes to an older
			// version: publish the unchanged machine and point it there.
			p.Publish = !current
		}
	}
	return p, nil
}

// sameDefinition reports whether a deployed definition equals the spec's.
func sameDefinition(deployed []byte, want *jsonv.Value) bool {
	v, diags := jsonv.Parse("deployed", deployed)
	return !diags.HasErrors() && jsonv.Equal(v, want)
}

func enabled(b bool) string {
	if b {
		return "enabled"
	}
	return "disabled"
}

// Result is what Apply did.
type Result struct {
	// StateMachineARN is the machine's ARN.
	StateMachineARN string
	// VersionARN is the version published; "" when none was.
	VersionARN string
	// AliasARN is the alias pointed at VersionARN; "" when none was.
	AliasARN string
	Created  bool
	Updated  bool
	Tagged   bool
}

// Apply carries out a plan: CreateStateMachine or UpdateStateMachine
// (publishing a version with it when the plan says so), TagResource for
// the tags of an existing machine, and CreateStateMachineAlias or
// UpdateStateMachineAlias. An up-to-date plan calls nothing.
func (c *Client) Apply(ctx context.Context, p *Plan) (*Result, error) {
	s := p.Spec
	r := &Result{}
	if p.Current != nil {
		r.StateMachineARN = p.Current.ARN
	}
	switch {
	case p.Create():
		in := &sfn.CreateStateMachineInput{
			Name:       aws.String(s.Name),
			Definition: aws.String(string(s.Definition)),
			RoleArn:    aws.String(s.RoleARN),
			Type:       types.StateMachineType(orStandard(s.Type)),
			Publish:    p.Publish,
		}
		if !s.Logging.Off() {
			in.LoggingConfiguration = loggingConfiguration(s.Logging)
		}
		if s.Tracing {
			in.TracingConfiguration = &types.TracingConfiguration{Enabled: true}
		}
		for _, t := range s.Tags {
			in.Tags = append(in.Tags, types.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
		}
		if p.Publish && s.VersionDescription != "" {
			in.VersionDescription = aws.String(s.VersionDescription)
		}
		out, err := c.api.CreateStateMachine(ctx, in)
		if err != nil {
			return nil, err
		}
		r.Created = true
		r.StateMachineARN = aws.ToString(out.StateMachineArn)
		r.VersionARN = aws.ToString(out.StateMachineVersionArn)
	case p.Update():
		in := &sfn.UpdateStateMachineInput{
			StateMachineArn: aws.String(p.Current.ARN),
			Publish:         p.Publish,
		}
		for _, ch := range p.Settings {
			switch ch.Setting {
			case "role":
				in.RoleArn = aws.String(s.RoleARN)
			case "logging":
				in.LoggingConfiguration = loggingConfiguration(s.Logging)
			case "tracing":
				in.TracingConfiguration = &types.TracingConfiguration{Enabled: s.Tracing}
			}
		}
		// UpdateStateMachine needs at least one field: a publish of an
		// unchanged machine sends its definition again.
		if p.DefinitionChanged || len(p.Settings) == 0 {
			in.Definition = aws.String(string(s.Definition))
		}
		if p.Publish && s.VersionDescription != "" {
			in.VersionDescription = aws.String(s.VersionDescription)
		}
		out, err := c.api.UpdateStateMachine(ctx, in)
		if err != nil {
			return nil, err
		}
		r.Updated = true
		r.VersionARN = aws.ToString(out.StateMachineVersionArn)
	}
	if p.Current != nil && len(p.Tags) > 0 {
		in := &sfn.TagResourceInput{ResourceArn: aws.String(p.Current.ARN)}
		for _, t := range p.Tags {
			in.Tags = append(in.Tags, types.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
		}
		if _, err := c.api.TagResource(ctx, in); err != nil {
			return r, err
		}
		r.Tagged = true
	}
	if s.Alias != "" && p.Publish {
		if r.VersionARN == "" {
			return r, fmt.Errorf("the service published no version to point alias %s at", s.Alias)
		}
		routing := []types.RoutingConfigurationListItem{{StateMachineVersionArn: aws.String(r.VersionARN), Weight: 100}}
		if p.AliasExists {
			if _, err := c.api.UpdateStateMachineAlias(ctx, &sfn.UpdateStateMachineAliasInput{
				StateMachineAliasArn: aws.String(p.AliasARN),
				RoutingConfiguration: routing,
			}); err != nil {
				return r, err
			}
			r.AliasARN = p.AliasARN
		} else {
			out, err := c.api.CreateStateMachineAlias(ctx, &sfn.CreateStateMachineAliasInput{
				Name:                 aws.String(s.Alias),
				RoutingConfiguration: routing,
			})
			if err != nil {
				return r, err
			}
			r.AliasARN = aws.ToString(out.StateMachineAliasArn)
		}
	}
	return r, nil
}

func orStandard(t Type) Type {
	if t == "" {
		return Standard
	}
	return t
}

func loggingConfiguration(l Logging) *types.LoggingConfiguration {
	out := &types.LoggingConfiguration{Level: types.LogLevel(l.level()), IncludeExecutionData: l.IncludeExecutionData}
	if !l.Off() {
		out.Destinations = []types.LogDestination{{
			CloudWatchLogsLogGroup: &types.CloudWatchLogsLogGroup{LogGroupArn: aws.String(l.groupARN())},
		}}
	}
	return out
}

// WriteText describes the plan for a person: one headline, then what
// changes, the definition's semantic diff indented under it.
//
//	TripBooking: update arn:aws:states:us-east-1:123456789012:stateMachine:TripBooking
//	  definition:
//	    behavioral  ~ ReserveHotel.Retry[1].MaxAttempts: 3 -> 5
//
//	    1 change: 0 breaking, 1 behavioral, 0 cosmetic
//	  tracing: disabled -> enabled
//	  publish a version, point alias live at it
func (p *Plan) WriteText(w io.Writer) error {
	var b strings.Builder
	s := p.Spec
	switch {
	case p.UpToDate():
		fmt.Fprintf(&b, "%s: up to date (%s)\n", s.Name, p.Current.ARN)
	case p.Create():
		fmt.Fprintf(&b, "%s: create (%s)\n", s.Name, orStandard(s.Type))
		fmt.Fprintf(&b, "  role: %s\n", s.RoleARN)
		if !s.Logging.Off() {
			fmt.Fprintf(&b, "  logging: %s\n", s.Logging)
		}
		if s.Tracing {
			b.WriteString("  tracing: enabled\n")
		}
		writeTags(&b, s.Tags)
	default:
		fmt.Fprintf(&b, "%s: update %s\n", s.Name, p.Current.ARN)
		if p.DefinitionChanged {
			b.WriteString("  definition:\n")
			var d strings.Builder
			if p.Diff != nil && !p.Diff.Equal() {
				p.Diff.WriteText(&d, diff.TextOptions{})
			} else {
				d.WriteString("the deployed definition is replaced\n")
			}
			for _, line := range strings.Split(strings.TrimSuffix(d.String(), "\n"), "\n") {
				if line == "" {
					b.WriteString("\n")
					continue
				}
				b.WriteString("    " + line + "\n")
			}
		}
		for _, ch := range p.Settings {
			fmt.Fprintf(&b, "  %s: %s -> %s\n", ch.Setting, ch.Old, ch.New)
		}
		writeTags(&b, p.Tags)
	}
	switch {
	case p.Publish && s.Alias != "":
		fmt.Fprintf(&b, "  publish a version, point alias %s at it\n", s.Alias)
	case p.Publish:
		b.WriteString("  publish a version\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeTags(b *strings.Builder, tags []Tag) {
	if len(tags) == 0 {
		return
	}
	kv := make([]string, len(tags))
	for i, t := range tags {
		kv[i] = t.Key + "=" + t.Value
	}
	slices.Sort(kv)
	fmt.Fprintf(b, "  tags: %s\n", strings.Join(kv, ", "))
}
