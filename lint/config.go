package lint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sagac/sagac/diag"
	"go.yaml.in/yaml/v3"
)

// ConfigNames are the file names FindConfig looks for, in order.
var ConfigNames = []string{".sagac.yaml", ".sagac.yml"}

// Config is a lint configuration, read from .sagac.yaml:
//
//	lint:
//	  rules:
//	    CHOICE_DEFAULT: off        # do not run the rule
//	    SAGA_LAMBDA_TIMEOUT: error # report it as an error
//
// A rule's setting is off, error, warning or info.
type Config struct {
	// Path is the file the config was read from.
	Path string
	// Off holds the rules turned off; Severity the changed severities.
	Off      map[string]bool
	Severity map[string]diag.Severity
}

// off reports whether the config turns a rule off.
func (c *Config) off(id string) bool { return c != nil && c.Off[id] }

// apply drops findings of rules turned off and sets changed severities.
func (c *Config) apply(ds diag.Diagnostics) diag.Diagnostics {
	if c == nil {
		return ds
	}
	var out diag.Diagnostics
	for _, d := range ds {
		if d.Severity == diag.Error && unparsable[d.Code] {
			out = append(out, d) // an input that does not parse cannot be passed by config
			continue
		}
		if c.Off[d.Code] {
			continue
		}
		if s, ok := c.Severity[d.Code]; ok {
			cp := *d
			cp.Severity = s
			d = &cp
		}
		out = append(out, d)
	}
	return out
}

// unparsable are the rules that say the input could not be read at all:
// a config can neither turn them off nor lower them.
var unparsable = map[string]bool{"JSON_SYNTAX": true}

// FindConfig looks for a config file in dir and each of its parents, and
// returns the path of the first one found, or "" when there is none.
func FindConfig(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		for _, name := range ConfigNames {
			p := filepath.Join(dir, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// LoadConfig reads and checks a config file. Unknown rule IDs and
// settings are errors, with the file's line and column.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseConfig(path, data)
}

// ParseConfig parses the contents of a config file named path.
func ParseConfig(path string, data []byte) (*Config, error) {
	var doc struct {
		Lint struct {
			Rules yaml.Node `yaml:"rules"`
		} `yaml:"lint"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	c := &Config{Path: path, Off: map[string]bool{}, Severity: map[string]diag.Severity{}}
	rules := doc.Lint.Rules
	if rules.Kind == 0 {
		return c, nil
	}
	if rules.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d:%d: lint.rules must be a mapping of rule IDs to off, error, warning or info", path, rules.Line, rules.Column)
	}
	var errs []error
	for i := 0; i+1 < len(rules.Content); i += 2 {
		k, v := rules.Content[i], rules.Content[i+1]
		if RuleByID(k.Value) == nil {
			errs = append(errs, fmt.Errorf("%s:%d:%d: unknown rule %q", path, k.Line, k.Column, k.Value))
			continue
		}
		switch strings.ToLower(v.Value) {
		case "off", "false":
			c.Off[k.Value] = true
		case "error":
			c.Severity[k.Value] = diag.Error
		case "warning", "warn":
			c.Severity[k.Value] = diag.Warning
		case "info":
			c.Severity[k.Value] = diag.Info
		default:
			errs = append(errs, fmt.Errorf("%s:%d:%d: rule %s: %q is not a setting: expected off, error, warning or info", path, v.Line, v.Column, k.Value, v.Value))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}
