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
//
// The tests of this package compile every saga in sagas/ and every golden
// case in testdata/compile, validate each definition with both validators,
// and run every scenario on both engines. They need Node.js 20 or later with
// the pinned tools installed (`npm ci` in tools/aslcheck) and moto_server
// (`pip install 'moto[server]'`); without them the tests skip, and under CI
// (CI=true) they fail:
//
//	(cd tools/aslcheck && npm ci) && go test ./conformance/...
//
// Known engine quirks, and what the harness does about them:
//   - aws-local-stepfunctions 3.0.0 needs Promise.withResolvers (Node 22);
//     tools/aslcheck/localsfn.mjs defines it on Node 20.
//   - aws-local-stepfunctions gives a Fail state without Cause the cause
//     "Execution failed because of a Fail state"; the script reports none,
//     as Step Functions does.
//   - moto (LocalStack's interpreter) lets a Catch on States.ALL catch
//     States.Runtime, which Step Functions never does; scenarios that end in
//     States.Runtime (Want.MissingPath) are not run on moto.
//   - moto fails a Lambda call whose payload is not an object; derived
//     inputs pass objects.
//   - moto can inject only engine.ResponseSizeTooLarge, and its retries wait
//     real seconds, so compensation failures run on aws-local-stepfunctions
//     only.
package conformance
