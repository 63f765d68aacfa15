// The tutorial's chain, synthesized by AWS CDK: the peer sagac is measured
// against (ReserveFlight -> ReserveHotel -> ProcessPayment -> BookingSucceeded,
// each a LambdaInvoke keeping its result at $.results.<step>).
const os = require('os');
const path = require('path');
const fs = require('fs');
const cdk = require('aws-cdk-lib');
const sfn = require('aws-cdk-lib/aws-stepfunctions');
const tasks = require('aws-cdk-lib/aws-stepfunctions-tasks');
const lambda = require('aws-cdk-lib/aws-lambda');

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-bench-'));
const app = new cdk.App({ outdir });
const stack = new cdk.Stack(app, 'TripBooking');
const fn = (id, name) =>
  lambda.Function.fromFunctionArn(stack, id, `arn:aws:lambda:us-east-1:123456789012:function:${name}`);
const invoke = (id, name, step) =>
  new tasks.LambdaInvoke(stack, id, { lambdaFunction: fn(id + 'Fn', name), resultPath: `$.results.${step}` });

const chain = invoke('ReserveFlight', 'flight', 'flight')
  .next(invoke('ReserveHotel', 'hotel', 'hotel'))
  .next(invoke('ProcessPayment', 'payment', 'payment'))
  .next(new sfn.Succeed(stack, 'BookingSucceeded'));
new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(chain) });
const assembly = app.synth();
const template = assembly.getStackByName('TripBooking').template;
const machine = Object.values(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
if (!machine) {
  throw new Error('no state machine synthesized');
}
fs.rmSync(outdir, { recursive: true, force: true });
process.stdout.write('synthesized\n');
