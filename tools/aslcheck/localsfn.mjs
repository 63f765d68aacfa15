// localsfn.mjs runs executions of state machines on aws-local-stepfunctions
// (an ASL interpreter nobody in sagac wrote) with every Task state replaced by
// a local handler that plays a scripted Lambda function, for sagac's Go
// conformance harness (package conformance/localsfn).
//
// Usage: node localsfn.mjs < request.json
//
// Request: {"runs": [run, ...]}, each run: {
//   "definition": {...},        ASL with every ${...} already substituted
//   "input": {...},             execution input
//   "context": {...},           Context Object ($$.Execution.Name and so on)
//   "calls": [                  scripted invocations, in order; each Task state
//     {"state": "S", "result": <any>},                      pops its own calls
//     {"state": "S", "error": "E", "cause": "C"}
//   ],
//   "zeroRetryIntervals": true  retry at once instead of waiting
// }
// A Task state with no scripted call left returns its payload, as moto's
// simple Lambda does. Runs go one after the other; a definition is validated
// (by the engine, with asl-validator) once for all the runs that share it.
//
// Output: {"results": [result, ...]}, one per run, in order, each
// {"status","error","cause","output","states":[{name,type,input}],
//  "invocations":[{state,functionName,payload}]} or {"refused": "why"} when
// the engine refuses the definition.
// Exit status 0 when every run ran or was refused, 2 otherwise.

// aws-local-stepfunctions 3.0.0 targets Node 22 and calls
// Promise.withResolvers, which Node 20 lacks: define it before the import.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers () {
    let resolve, reject
    const promise = new Promise((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}

const { readFileSync } = await import('node:fs')
const { StateMachine } = await import('aws-local-stepfunctions')

function fail (message) {
  process.stderr.write(`localsfn.mjs: ${message}\n`)
  process.exit(2)
}

// machines caches one StateMachine (validated once) per definition text.
const machines = new Map()

function machineFor (definition) {
  const key = JSON.stringify(definition)
  if (!machines.has(key)) {
    try {
      machines.set(key, { machine: new StateMachine(definition) })
    } catch (err) {
      machines.set(key, { refused: err.message })
    }
  }
  return machines.get(key)
}

async function run (request) {
  const definition = request.definition
  if (!definition || typeof definition.States !== 'object') {
    fail('a run has no definition with States')
  }
  const { machine, refused } = machineFor(definition)
  if (refused !== undefined) return { refused }

  // Per-state queues of scripted calls.
  const queues = new Map()
  for (const call of request.calls ?? []) {
    if (!queues.has(call.state)) queues.set(call.state, [])
    queues.get(call.state).push(call)
  }

  const invocations = []
  const taskResourceLocalHandlers = {}
  const retryIntervalOverrides = {}
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task') continue
    taskResourceLocalHandlers[name] = async (params) => {
      // For arn:aws:states:::lambda:invoke the handler receives the
      // evaluated Parameters: {FunctionName, Payload}.
      const payload = params && typeof params === 'object' && 'Payload' in params ? params.Payload : params
      invocations.push({ state: name, functionName: params?.FunctionName ?? null, payload: payload ?? null })
      const call = queues.get(name)?.shift()
      if (call && call.error !== undefined) {
        const err = new Error(call.cause ?? '')
        err.name = call.error
        throw err
      }
      const result = call ? call.result : payload
      // What the lambda:invoke integration returns.
      return { StatusCode: 200, Payload: result ?? null }
    }
    if (request.zeroRetryIntervals && Array.isArray(state.Retry)) {
      retryIntervalOverrides[name] = 0
    }
  }

  const execution = machine.run(request.input ?? {}, {
    overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
    context: request.context ?? {}
  })

  const states = []
  const out = { status: 'RUNNING', error: null, cause: null, output: null, states, invocations }
  const collect = (async () => {
    for await (const ev of execution.eventLogs) {
      switch (ev.type) {
        case 'StateEntered':
          states.push({ name: ev.state.name, type: ev.state.type, input: ev.state.input })
          break
        case 'ExecutionSucceeded':
          out.status = 'SUCCEEDED'
          out.output = ev.output
          break
        case 'ExecutionFailed': {
          out.status = 'FAILED'
          out.error = ev.Error ?? null
          out.cause = ev.Cause ?? null
          // Engine quirk: a Fail state without Cause (or CausePath) fails
          // the execution with the made-up cause "Execution failed because
          // of a Fail state"; Step Functions reports no cause. Report none.
          const last = states[states.length - 1]
          const failState = last && last.type === 'Fail' ? definition.States[last.name] : undefined
          if (failState && failState.Cause === undefined && failState.CausePath === undefined) {
            out.cause = null
          }
          break
        }
        case 'ExecutionTimeout':
          out.status = 'TIMED_OUT'
          break
        case 'ExecutionAborted':
          out.status = 'ABORTED'
          break
      }
    }
  })()

  try {
    await execution.result
  } catch {
    // The outcome is in the event log.
  }
  await collect
  return out
}

let request
try {
  request = JSON.parse(readFileSync(0, 'utf8'))
} catch (err) {
  fail(`request is not JSON: ${err.message}`)
}
if (!Array.isArray(request.runs)) {
  fail('request has no runs')
}
const results = []
for (const r of request.runs) {
  results.push(await run(r))
}
process.stdout.write(JSON.stringify({ results }) + '\n')
