package deploy

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sagac/sagac/backends/asl"
	"github.com/sagac/sagac/jsonv"
)

// Type is a state machine type.
type Type string

// The state machine types.
const (
	Standard Type = "STANDARD"
	Express  Type = "EXPRESS"
)

// The log levels of a LoggingConfiguration.
const (
	LogAll   = "ALL"
	LogError = "ERROR"
	LogFatal = "FATAL"
	LogOff   = "OFF"
)

// Logging is a state machine's CloudWatch Logs configuration.
type Logging struct {
	// Level is ALL, ERROR, FATAL or OFF; empty means OFF.
	Level string
	// LogGroupARN is the log group events go to; required unless OFF.
	// Step Functions wants the form arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*;
	// the trailing ":*" is added when missing.
	LogGroupARN string
	// IncludeExecutionData logs inputs and outputs too.
	IncludeExecutionData bool
}

// level returns the level, OFF for empty.
func (l Logging) level() string {
	if l.Level == "" {
		return LogOff
	}
	return strings.ToUpper(l.Level)
}

// Off reports whether logging is off.
func (l Logging) Off() bool { return l.level() == LogOff }

// groupARN returns the log group ARN in the form Step Functions stores.
func (l Logging) groupARN() string {
	if l.LogGroupARN == "" || strings.HasSuffix(l.LogGroupARN, ":*") {
		return l.LogGroupARN
	}
	return l.LogGroupARN + ":*"
}

// equal compares two logging configurations as Step Functions applies
// them: when logging is off, nothing else matters.
func (l Logging) equal(o Logging) bool {
	if l.Off() || o.Off() {
		return l.Off() == o.Off()
	}
	return l.level() == o.level() && l.groupARN() == o.groupARN() && l.IncludeExecutionData == o.IncludeExecutionData
}

// String describes the configuration: "OFF", or "ERROR to ARN" with
// ", execution data" when included.
func (l Logging) String() string {
	if l.Off() {
		return LogOff
	}
	s := l.level() + " to " + l.groupARN()
	if l.IncludeExecutionData {
		s += ", with execution data"
	}
	return s
}

// Settings are what describes a state machine besides its definition.
type Settings struct {
	// Type is STANDARD or EXPRESS. In a Spec, empty means the deployed
	// machine's type, or STANDARD for a new one (Step Functions cannot
	// change the type of a machine).
	Type    Type
	RoleARN string
	Logging Logging
	Tracing bool
}

// Tag is a resource tag.
type Tag struct {
	Key, Value string
}

// Spec is what a deploy asks for.
type Spec struct {
	// Name is the state machine's name, how the deploy finds it.
	Name string
	// Definition is the ASL JSON, sent as these bytes.
	Definition []byte
	Settings
	// Tags are set on the machine; tags it has and Tags does not name are
	// left alone.
	Tags []Tag
	// Publish publishes a version when the deploy creates or updates the
	// machine (an unchanged machine publishes nothing).
	Publish bool
	// VersionDescription describes the published version.
	VersionDescription string
	// Alias, when set, points this alias at a version holding Definition,
	// publishing one when needed; it implies Publish.
	Alias string

	parsed *jsonv.Value
}

// Check validates the spec without calling AWS: the name and alias, the
// type, the role, the logging settings, and the definition, which must be
// JSON within the Step Functions size limit.
func (s *Spec) Check() error {
	if err := CheckName(s.Name); err != nil {
		return err
	}
	if s.Alias != "" {
		if err := CheckAliasName(s.Alias); err != nil {
			return err
		}
	}
	switch s.Type {
	case "", Standard, Express:
	default:
		return fmt.Errorf("state machine type %q: expected STANDARD or EXPRESS", s.Type)
	}
	if s.RoleARN == "" {
		return fmt.Errorf("no role ARN: Step Functions runs the machine as an IAM role (--role-arn)")
	}
	switch s.Logging.level() {
	case LogAll, LogError, LogFatal:
		if s.Logging.LogGroupARN == "" {
			return fmt.Errorf("log level %s needs a log group ARN (--log-group-arn)", s.Logging.level())
		}
	case LogOff:
	default:
		return fmt.Errorf("log level %q: expected ALL, ERROR, FATAL or OFF", s.Logging.Level)
	}
	if s.VersionDescription != "" && !s.Publish && s.Alias == "" {
		return fmt.Errorf("a version description needs --publish or --alias")
	}
	for _, t := range s.Tags {
		if t.Key == "" {
			return fmt.Errorf("a tag has an empty key")
		}
	}
	if n := utf8.RuneCount(s.Definition); n > asl.MaxDefinitionSize {
		return fmt.Errorf("the definition is %d characters; Step Functions accepts at most %d", n, asl.MaxDefinitionSize)
	}
	v, diags := jsonv.Parse("definition", s.Definition)
	if diags.HasErrors() {
		return fmt.Errorf("the definition is not valid JSON: %v", diags.Errors()[0])
	}
	s.parsed = v
	return nil
}

// wantVersion reports whether the spec asks for a published version.
func (s *Spec) wantVersion() bool { return s.Publish || s.Alias != "" }
