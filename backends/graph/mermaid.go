package graph

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Mermaid prints the graph as a Mermaid flowchart, top to bottom.
func (g *Graph) Mermaid() []byte {
	var b strings.Builder
	b.WriteString("flowchart TD\n")
	var classes [][2]string // node id, class name, in drawing order
	var styles []string
	var walk func(grp *Group, depth int)
	walk = func(grp *Group, depth int) {
		pad := strings.Repeat("  ", depth)
		for _, n := range grp.Nodes {
			b.WriteString(pad + n.ID + mermaidShape(n) + "\n")
			if c := mermaidClass(n); c != "" {
				classes = append(classes, [2]string{n.ID, c})
			}
		}
		for _, sub := range grp.Groups {
			fmt.Fprintf(&b, "%ssubgraph %s [\"%s\"]\n", pad, sub.ID, mermaidText(sub.Label))
			walk(sub, depth+1)
			b.WriteString(pad + "end\n")
			if sub.Kind == CompensationGroup {
				styles = append(styles, fmt.Sprintf("style %s fill:#ffffff,stroke:%s,stroke-dasharray:5 5,color:%s", sub.ID, colorCatch, colorCatch))
			} else {
				styles = append(styles, fmt.Sprintf("style %s fill:%s,stroke:#a0aec0", sub.ID, colorGroupFill))
			}
		}
	}
	walk(g.Root, 1)
	var dashed []string
	for i, e := range g.Edges {
		arrow := "-->"
		switch e.Kind {
		case Catch, Compensating:
			arrow = "-.->"
			dashed = append(dashed, strconv.Itoa(i))
		case Default:
			arrow = "==>"
		}
		if e.Label != "" {
			arrow += "|\"" + mermaidText(e.Label) + "\"|"
		}
		fmt.Fprintf(&b, "  %s %s %s\n", e.From, arrow, e.To)
	}
	for _, s := range styles {
		b.WriteString("  " + s + "\n")
	}
	if len(dashed) > 0 {
		fmt.Fprintf(&b, "  linkStyle %s stroke:%s,color:%s\n", strings.Join(dashed, ","), colorCatch, colorCatch)
	}
	defs := []struct{ name, style string }{
		{"start", "fill:#2d3748,stroke:#2d3748,color:#ffffff"},
		{"succeed", fmt.Sprintf("fill:%s,stroke:%s,stroke-width:2px", colorSucceedFill, colorSucceedLine)},
		{"fail", fmt.Sprintf("fill:%s,stroke:%s,stroke-width:2px", colorFailFill, colorFailLine)},
		{"compensation", fmt.Sprintf("fill:%s,stroke:%s", colorCompensation, colorCatch)},
		{"join", "fill:#a0aec0,stroke:#a0aec0"},
		{"missing", fmt.Sprintf("fill:#ffffff,stroke:%s,stroke-dasharray:3 3,color:%s", colorFailLine, colorFailLine)},
	}
	for _, d := range defs {
		var ids []string
		for _, c := range classes {
			if c[1] == d.name {
				ids = append(ids, c[0])
			}
		}
		if len(ids) > 0 {
			fmt.Fprintf(&b, "  classDef %s %s\n  class %s %s\n", d.name, d.style, strings.Join(ids, ","), d.name)
		}
	}
	return []byte(b.String())
}

// mermaidShape is the bracket form of a node, with its escaped label.
func mermaidShape(n *Node) string {
	l := mermaidText(n.Label)
	switch n.Kind {
	case Start, Join:
		return `(("` + l + `"))`
	case End:
		return `((("` + l + `")))`
	case Task:
		return `("` + l + `")`
	case Wait:
		return `[/"` + l + `"/]`
	case Choice:
		return `{"` + l + `"}`
	case Succeed:
		return `(["` + l + `"])`
	case Fail:
		return `{{"` + l + `"}}` // a hexagon: told apart from Succeed without colour
	case Parallel, Map:
		return `[["` + l + `"]]`
	case Missing:
		return `>"` + l + `"]`
	}
	return `["` + l + `"]`
}

func mermaidClass(n *Node) string {
	switch n.Kind {
	case Start, End:
		return "start"
	case Succeed:
		return "succeed"
	case Fail:
		return "fail"
	case Join:
		return "join"
	case Missing:
		return "missing"
	}
	if n.Compensation {
		return "compensation"
	}
	return ""
}

// mermaidText escapes s for a quoted Mermaid label: letters, digits, spaces
// and a few safe punctuation marks stay; every other character, quotes and
// # and < > & included, becomes an entity code (#34;), which Mermaid turns
// back into the character. An empty label becomes one space.
func mermaidText(s string) string {
	if s == "" {
		return " "
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" _-.,:/()$@+=?!'*", r):
			b.WriteRune(r)
		default:
			b.WriteString("#" + strconv.Itoa(int(r)) + ";")
		}
	}
	return b.String()
}
