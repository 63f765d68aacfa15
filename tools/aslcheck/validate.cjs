// validate.cjs runs the two pinned third-party ASL validators, asl-validator
// and @wmfs/statelint, on state machine definitions and prints their findings
// as JSON, for sagac's Go conformance harness (package conformance/aslcheck).
//
// Usage: node validate.cjs < definitions.json
// Input: a JSON array of definitions (each a JSON object, or a string holding
// the definition's text).
// Output: {"results":[{"findings":[{"tool":"asl-validator"|"statelint",
// "message":"..."}]}]}, one result per definition, in order.
// Exit status: 0 when the validators ran (with or without findings), 2 when
// the input is not a JSON array or a validator crashed.
'use strict'

const fs = require('fs')
const aslValidator = require('asl-validator')
const statelint = require('@wmfs/statelint')

function check (definition) {
  const findings = []
  let text = definition
  if (typeof definition !== 'string') text = JSON.stringify(definition)
  try {
    JSON.parse(text)
  } catch (err) {
    return { findings: [{ tool: 'json', message: `not JSON: ${err.message}` }] }
  }

  // asl-validator adds fields (QueryLanguage) to what it is given: hand each
  // validator its own copy.
  const result = aslValidator(JSON.parse(text), { checkArn: true, checkPaths: true })
  if (!result.isValid) {
    for (const e of result.errors) {
      findings.push({ tool: 'asl-validator', message: `${e['Error code']}: ${e.Message}` })
    }
  }
  for (const problem of statelint().validate(JSON.parse(text))) {
    findings.push({ tool: 'statelint', message: String(problem) })
  }
  return { findings }
}

function main () {
  let definitions
  try {
    definitions = JSON.parse(fs.readFileSync(0, 'utf8'))
  } catch (err) {
    process.stderr.write(`validate.cjs: input is not JSON: ${err.message}\n`)
    process.exit(2)
  }
  if (!Array.isArray(definitions)) {
    process.stderr.write('validate.cjs: input is not a JSON array of definitions\n')
    process.exit(2)
  }
  process.stdout.write(JSON.stringify({ results: definitions.map(check) }) + '\n')
}

try {
  main()
} catch (err) {
  process.stderr.write(`validate.cjs: ${err && err.stack ? err.stack : err}\n`)
  process.exit(2)
}
