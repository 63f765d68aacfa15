// Package conformance proves a compiled saga on engines sagac did not write.
//
// It derives, from a saga's meaning (its IR, never its ASL), the scenarios an
// execution must go through: the happy path, each step failing after its
// retries, and each compensation failing after its retries. A Scenario holds
// the execution input, the script of Lambda calls (what each function
// returns, and which calls fail), and what must come out: the exact list of
// states entered, the final status, error and cause, the functions called,
// where each caught error is stored ({Error, Cause} at $.errors.<step>), and
// which compensations must see the original input fields.
//
// Run hands a definition and a scenario to an engine.Engine (package moto:
// the moto emulator with LocalStack's interpreter; package localsfn:
// aws-local-stepfunctions) and checks the execution against the scenario;
// Agree compares two engines' executions of the same scenario. Because the
// expectation comes from the IR, a definition that wires the compensation
// chain wrongly fails the check even when every state in it is valid ASL.
//
// Faults are the one function error both engines can inject,
// engine.ResponseSizeTooLarge. The default Lambda retry entry does not match
// it, so a step fails at once unless its own retry lines match (then the
// scenario queues one failure per attempt). Compensation failures need
// their retries to be quick: run them on an engine that skips retry waits
// (localsfn); Scenario.RetryWait says how long moto would wait.
//
// See package aslcheck for the third-party validators, which every
// definition should also pass.
package conformance
