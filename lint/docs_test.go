package lint

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestDocsInSync checks docs/lint-rules.md against the registry: every
// registered rule has a section ("### RULE_ID") with what, why, a failing
// example and a fix, and every documented ID is registered.
func TestDocsInSync(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "lint-rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	headings := regexp.MustCompile(`(?m)^### ([A-Z0-9_]+)\n`).FindAllStringSubmatchIndex(doc, -1)
	documented := map[string]string{}
	for i, h := range headings {
		end := len(doc)
		if i+1 < len(headings) {
			end = headings[i+1][0]
		}
		documented[doc[h[2]:h[3]]] = doc[h[1]:end]
	}
	for _, r := range Rules() {
		body, ok := documented[r.ID]
		if !ok {
			t.Errorf("rule %s is not documented in docs/lint-rules.md", r.ID)
			continue
		}
		for _, part := range []string{"**What:**", "**Why:**", "**Failing example**", "**Fix:**", "Severity: " + r.Severity.String() + "."} {
			if !regexp.MustCompile(regexp.QuoteMeta(part)).MatchString(body) {
				t.Errorf("docs/lint-rules.md: section %s lacks %q", r.ID, part)
			}
		}
	}
	for id := range documented {
		if RuleByID(id) == nil {
			t.Errorf("docs/lint-rules.md documents %s, which is not a registered rule", id)
		}
	}
}
