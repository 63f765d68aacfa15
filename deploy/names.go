package deploy

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameLength is the Step Functions limit on state machine and alias
// names.
const maxNameLength = 80

// nameForbidden are the characters Step Functions refuses in a state
// machine name, besides white space and control characters.
const nameForbidden = `<>{}[]?*"#%\^|~` + "`" + `$&,;:/`

// CheckName reports whether name is a valid state machine name, with the
// reason when it is not: 1 to 80 characters, no white space, no control
// characters, none of < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /.
func CheckName(name string) error {
	if name == "" {
		return fmt.Errorf("the state machine name is empty")
	}
	if n := utf8.RuneCountInString(name); n > maxNameLength {
		return fmt.Errorf("state machine name %q is %d characters; the limit is %d", name, n, maxNameLength)
	}
	for _, r := range name {
		switch {
		case r == utf8.RuneError:
			return fmt.Errorf("state machine name %q is not valid UTF-8", name)
		case unicode.IsSpace(r):
			return fmt.Errorf("state machine name %q contains white space", name)
		case unicode.IsControl(r):
			return fmt.Errorf("state machine name %q contains the control character %U", name, r)
		case strings.ContainsRune(nameForbidden, r):
			return fmt.Errorf("state machine name %q contains %q; names may not contain any of %s", name, r, nameForbidden)
		}
	}
	return nil
}

// CheckAliasName reports whether name is a valid alias name: 1 to 80
// letters, digits, '_', '-' and '.', not only digits (a version number).
func CheckAliasName(name string) error {
	if name == "" {
		return fmt.Errorf("the alias name is empty")
	}
	if len(name) > maxNameLength {
		return fmt.Errorf("alias name %q is %d characters; the limit is %d", name, len(name), maxNameLength)
	}
	digits := true
	for _, r := range name {
		switch {
		case r >= '0' && r <= '9':
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_', r == '-', r == '.':
			digits = false
		default:
			return fmt.Errorf("alias name %q contains %q; aliases use only letters, digits, '_', '-' and '.'", name, r)
		}
	}
	if digits {
		return fmt.Errorf("alias name %q is only digits, which would read as a version number", name)
	}
	return nil
}
