// Package compiler lowers a parsed .saga file to the checked IR
// (package compiler/ir) and reports every problem it finds, with positions.
//
// The phases, in order:
//
//  1. Parse (package grammar): one syntax error stops the file.
//  2. Saga clauses: comment, timeout, terminal states, result and error
//     bases, the saga's compensation retry; each clause at most once.
//  3. Steps: declarations are indexed by id (duplicates refused), then the
//     flow is walked in order; a step named in the flow but never declared
//     is a Lambda step with defaults, a declared step missing from the flow
//     is refused, and a flow naming a step twice is refused.
//  4. Step clauses: task, input/select values (JSON with paths), result and
//     output paths, timeouts, retries, compensation.
//  5. Saga meaning: the compensation chain (reverse flow order), where each
//     step's Catch enters it, which terminal states exist.
//  6. Names: every state name (written or generated) at most 80 characters,
//     without control characters, unique in the machine; an error about a
//     generated name points at what produced it.
//  7. Data flow: an input path under the results base must name a step that
//     has already run at that point.
//
// Every phase after parsing keeps going after an error, so one run reports
// every problem of the file; the IR is returned only when there are none.
package compiler
