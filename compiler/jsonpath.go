package compiler

import (
	"fmt"
	"strconv"
	"strings"
)

// segmentKind is the kind of one step of a JSONPath.
type segmentKind int

const (
	segName      segmentKind = iota // .name or ['name']
	segIndex                        // [3]
	segWildcard                     // .* or [*]
	segRecursive                    // ..name or ..*
	segFilter                       // [?(...)]
	segSlice                        // [1:3]
	segUnion                        // [1,2] or ['a','b']
)

type segment struct {
	kind segmentKind
	name string
}

// parsePathSegments parses what follows the root ($ or $$) of a JSONPath.
func parsePathSegments(rest string) ([]segment, error) {
	var segs []segment
	for i := 0; i < len(rest); {
		switch rest[i] {
		case '.':
			if strings.HasPrefix(rest[i:], "..") {
				j := i + 2
				if j < len(rest) && rest[j] == '*' {
					segs = append(segs, segment{kind: segRecursive})
					i = j + 1
					continue
				}
				if j < len(rest) && rest[j] == '[' {
					segs = append(segs, segment{kind: segRecursive})
					i = j
					continue
				}
				name, n := dotName(rest[j:])
				if n == 0 {
					return nil, fmt.Errorf("expected a member name after ..")
				}
				segs = append(segs, segment{kind: segRecursive, name: name})
				i = j + n
				continue
			}
			j := i + 1
			if j < len(rest) && rest[j] == '*' {
				segs = append(segs, segment{kind: segWildcard})
				i = j + 1
				continue
			}
			name, n := dotName(rest[j:])
			if n == 0 {
				return nil, fmt.Errorf("expected a member name after .")
			}
			segs = append(segs, segment{kind: segName, name: name})
			i = j + n
		case '[':
			end, seg, err := bracket(rest[i:])
			if err != nil {
				return nil, err
			}
			segs = append(segs, seg)
			i += end
		default:
			return nil, fmt.Errorf("unexpected %q: expected . or [", rest[i:i+1])
		}
	}
	return segs, nil
}

// dotName reads a member name after a dot; it ends at . or [.
func dotName(s string) (string, int) {
	n := 0
	for n < len(s) && s[n] != '.' && s[n] != '[' && s[n] != ']' && s[n] != '\'' && s[n] != ' ' {
		n++
	}
	return s[:n], n
}

// bracket reads one [ … ] step; it returns its length in bytes.
func bracket(s string) (int, segment, error) {
	if strings.HasPrefix(s, "[?(") {
		depth := 0
		for i := 1; i < len(s); i++ {
			switch s[i] {
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 {
					if i+1 < len(s) && s[i+1] == ']' {
						return i + 2, segment{kind: segFilter}, nil
					}
					return 0, segment{}, fmt.Errorf("expected ] after the filter expression")
				}
			}
		}
		return 0, segment{}, fmt.Errorf("unterminated filter expression")
	}
	if t := strings.TrimLeft(s[1:], " "); strings.HasPrefix(t, "'") || strings.HasPrefix(t, `"`) {
		skipped := len(s) - 1 - len(t) // spaces after [ are allowed: $[ 'a' ]
		n, seg, err := quotedName("[" + t)
		return n + skipped, seg, err
	}
	return plainBracket(s)
}

// isInteger reports whether s is an optionally signed run of digits, of
// any length.
func isInteger(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// quotedName reads ['name'] or ["name"], or a union of quoted names.
func quotedName(s string) (int, segment, error) {
	quote := s[1]
	var name strings.Builder
	for i := 2; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			name.WriteByte(s[i+1])
			i++
			continue
		}
		if c != quote {
			name.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(s) && s[j] == ' ' {
			j++
		}
		switch {
		case j < len(s) && s[j] == ']':
			return j + 1, segment{kind: segName, name: name.String()}, nil
		case j < len(s) && s[j] == ',':
			end := strings.IndexByte(s[j:], ']')
			if end < 0 {
				return 0, segment{}, fmt.Errorf("unterminated [")
			}
			return j + end + 1, segment{kind: segUnion}, nil
		}
		return 0, segment{}, fmt.Errorf("expected ] after the quoted name")
	}
	return 0, segment{}, fmt.Errorf("unterminated quoted name")
}

// plainBracket reads [*], [3], [1:2] or [1,2].
func plainBracket(s string) (int, segment, error) {
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return 0, segment{}, fmt.Errorf("unterminated [")
	}
	inner := strings.TrimSpace(s[1:end])
	switch {
	case inner == "*":
		return end + 1, segment{kind: segWildcard}, nil
	case inner == "":
		return 0, segment{}, fmt.Errorf("empty []")
	case strings.Contains(inner, ":"):
		for _, part := range strings.Split(inner, ":") {
			if part = strings.TrimSpace(part); part != "" {
				if _, err := strconv.Atoi(part); err != nil {
					return 0, segment{}, fmt.Errorf("invalid slice [%s]", inner)
				}
			}
		}
		return end + 1, segment{kind: segSlice}, nil
	case strings.Contains(inner, ","):
		for _, part := range strings.Split(inner, ",") {
			if _, err := strconv.Atoi(strings.TrimSpace(part)); err != nil {
				return 0, segment{}, fmt.Errorf("invalid index list [%s]", inner)
			}
		}
		return end + 1, segment{kind: segUnion}, nil
	}
	if !isInteger(inner) {
		return 0, segment{}, fmt.Errorf("invalid index [%s]: expected a number, '*', a quoted name or a filter", inner)
	}
	return end + 1, segment{kind: segIndex, name: inner}, nil
}

// checkJSONPath validates a path ($… or $$…) as a JSONPath; reference
// requires a reference path (names and indexes only).
func checkJSONPath(path string, reference bool) error {
	var rest string
	switch {
	case strings.HasPrefix(path, "$$"):
		if reference {
			return fmt.Errorf("a context path ($$…) is not a reference path")
		}
		rest = path[2:]
	case strings.HasPrefix(path, "$"):
		rest = path[1:]
	default:
		return fmt.Errorf("a path starts with $")
	}
	segs, err := parsePathSegments(rest)
	if err != nil {
		return err
	}
	if reference {
		for _, s := range segs {
			if s.kind != segName && s.kind != segIndex {
				return fmt.Errorf("a reference path has only names and indexes (no wildcards, filters, slices or ..)")
			}
			if s.kind == segIndex && strings.HasPrefix(s.name, "-") {
				return fmt.Errorf("a reference path has no negative index ([%s])", s.name)
			}
		}
	}
	return nil
}
