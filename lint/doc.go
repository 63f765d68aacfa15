// Package lint checks Amazon States Language definitions and .saga files
// with rules kept as data: each Rule has a stable ID, a one-line summary, a
// default severity and a Check function (architecture.md item 10).
//
// Every rule runs on a parsed ASL document (a jsonv tree with positions), so
// the same rules judge a definition written by hand, exported from AWS,
// synthesized by CDK or SAM, or compiled from a .saga file. Findings carry
// the line and column in the JSON file and a JSON pointer
// ("/States/ReserveHotel/Catch/0"). For a .saga input, LintSaga compiles the
// saga, lints the ASL it becomes, and moves each finding back to the .saga
// source range of the step, compensation or clause that produced the state.
//
// The rules come in two families: ASL structure rules (what the service,
// asl-validator and statelint refuse) and saga rules (what makes a saga
// leave work undone when it fails), recovered from the ASL graph itself.
// docs/lint-rules.md documents every rule; a test keeps it in step with
// Rules.
package lint
