package graph

import (
	"fmt"
	"strings"
)

// Colors shared by both printers.
const (
	colorLine         = "#4a5568"
	colorSucceedFill  = "#d4edda"
	colorSucceedLine  = "#2e7d32"
	colorFailFill     = "#f8d7da"
	colorFailLine     = "#c0392b"
	colorCompensation = "#fdf0e6"
	colorCatch        = "#c0392b"
	colorGroupFill    = "#f7f9fc"
)

// DOT prints the graph in Graphviz's DOT language, top to bottom.
func (g *Graph) DOT() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n", dotString(g.Name))
	fmt.Fprintf(&b, "  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, nodesep=0.35, ranksep=0.4, label=%s, labelloc=t];\n", dotString(g.Name))
	fmt.Fprintf(&b, "  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=%q];\n", colorLine)
	fmt.Fprintf(&b, "  edge [fontname=\"Helvetica\", fontsize=9, color=%q];\n", colorLine)
	writeDOTGroup(&b, g.Root, 1)
	for _, e := range g.Edges {
		fmt.Fprintf(&b, "  %s -> %s", e.From, e.To)
		var attrs []string
		if e.Label != "" {
			attrs = append(attrs, "label="+dotString(e.Label))
		}
		switch e.Kind {
		case Catch:
			attrs = append(attrs, "style=dashed", fmt.Sprintf("color=%q", colorCatch), fmt.Sprintf("fontcolor=%q", colorCatch))
		case Compensating:
			attrs = append(attrs, "style=dashed", fmt.Sprintf("color=%q", colorCatch))
		case Default:
			attrs = append(attrs, "style=bold")
		case Next, Branch:
			// Heavier forward edges keep the main flow straight.
			attrs = append(attrs, "weight=4")
		}
		if len(attrs) > 0 {
			b.WriteString(" [" + strings.Join(attrs, ", ") + "]")
		}
		b.WriteString(";\n")
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

func writeDOTGroup(b *strings.Builder, g *Group, depth int) {
	pad := strings.Repeat("  ", depth)
	for _, n := range g.Nodes {
		fmt.Fprintf(b, "%s%s [%s];\n", pad, n.ID, strings.Join(dotNodeAttrs(n), ", "))
	}
	for _, sub := range g.Groups {
		fmt.Fprintf(b, "%ssubgraph cluster_%s {\n", pad, sub.ID)
		fmt.Fprintf(b, "%s  label=%s;\n", pad, dotString(sub.Label))
		switch sub.Kind {
		case CompensationGroup:
			fmt.Fprintf(b, "%s  style=\"dashed,rounded\"; color=%q; fontcolor=%q;\n", pad, colorCatch, colorCatch)
		default:
			fmt.Fprintf(b, "%s  style=\"rounded,filled\"; fillcolor=%q; color=\"#a0aec0\";\n", pad, colorGroupFill)
		}
		writeDOTGroup(b, sub, depth+1)
		fmt.Fprintf(b, "%s}\n", pad)
	}
}

func dotNodeAttrs(n *Node) []string {
	attrs := []string{"label=" + dotString(n.Label)}
	switch n.Kind {
	case Start:
		attrs = append(attrs, "shape=circle", "style=filled", "fillcolor=\"#2d3748\"", "fontcolor=\"#ffffff\"", "width=0.5", "fixedsize=true", "fontsize=9")
	case End:
		attrs = append(attrs, "shape=doublecircle", "style=filled", "fillcolor=\"#2d3748\"", "fontcolor=\"#ffffff\"", "width=0.45", "fixedsize=true", "fontsize=9")
	case Choice:
		attrs = append(attrs, "shape=diamond", "style=filled")
	case Pass:
		attrs = append(attrs, "style=filled")
	case Wait:
		attrs = append(attrs, "shape=parallelogram", "style=filled")
	case Succeed:
		attrs = append(attrs, fmt.Sprintf("fillcolor=%q", colorSucceedFill), fmt.Sprintf("color=%q", colorSucceedLine), "penwidth=2")
	case Fail:
		attrs = append(attrs, "shape=octagon", "style=filled", fmt.Sprintf("fillcolor=%q", colorFailFill), fmt.Sprintf("color=%q", colorFailLine), "penwidth=2")
	case Parallel, Map:
		attrs = append(attrs, "shape=box", "style=\"filled,bold\"")
	case Join:
		attrs = append(attrs, "shape=circle", "style=filled", "fillcolor=\"#a0aec0\"", "width=0.3", "fixedsize=true", "fontsize=7")
	case Missing:
		attrs = append(attrs, "style=\"dashed\"", fmt.Sprintf("color=%q", colorFailLine), fmt.Sprintf("fontcolor=%q", colorFailLine))
	case Other:
		attrs = append(attrs, "style=filled")
	}
	if n.Compensation {
		attrs = append(attrs, fmt.Sprintf("fillcolor=%q", colorCompensation))
	}
	return attrs
}

// dotString quotes s as a DOT string: quotes and backslashes escaped (a
// backslash would otherwise start \N, \G or \l), a newline drawn as a line
// break, other control characters written as \u escapes in plain text.
func dotString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
