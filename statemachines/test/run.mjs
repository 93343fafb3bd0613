// Runs a definition with aws-local-stepfunctions, every Lambda Task calling the real Java handler through a loopback
// HTTP shim (POST <shim>/invoke/<FunctionName>, answered as Lambda answers: the handler's output, or
// {"errorType", "errorMessage"} with X-Amz-Function-Error). Prints one JSON line: status, output, error, cause,
// SNS notifications, how often each state was entered and retried.
//
// aws-local-stepfunctions runs Map states inline and ignores ItemReader/ResultWriter, so a Distributed Map is run
// as Step Functions runs it, in three local steps: read the ItemReader's JSON object from S3 (through the shim),
// map over the items with the definition's ItemSelector and ItemProcessor, write the results in ResultWriter's
// layout (manifest.json + SUCCEEDED_0.json / FAILED_0.json) to the ResultWriter's bucket and prefix, and continue
// with {"ResultWriterDetails": {"Bucket", "Key"}} at the Map's ResultPath, as Step Functions does.
//
// usage: node run.mjs <shim-url> <definition file> <execution name> <input JSON>
import { StateMachine } from 'aws-local-stepfunctions';
import { randomUUID } from 'node:crypto';
import { loadDefinition } from './definitions.mjs';

const [shim, file, executionName, inputJson] = process.argv.slice(2);
const notifications = [];
const entered = {};
const retried = {};
const LAMBDA_ARN = /^arn:aws:lambda:[^:]+:\d{12}:function:([A-Za-z0-9-_]+)$/;
const STATE_MACHINE_ARN = /^arn:aws:states:[^:]+:\d{12}:stateMachine:([A-Za-z0-9-_]+)$/;

async function post(path, body) {
  const res = await fetch(shim + path, { method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(`shim ${path} answered ${res.status}: ${text}`);
  }
  return { payload: text.length ? JSON.parse(text) : null, functionError: res.headers.get('x-amz-function-error') };
}

function lambdaError(payload) {
  const e = new Error(payload.errorMessage);
  e.name = payload.errorType; // what Step Functions matches in ErrorEquals
  return e;
}

// A Distributed Map with ItemReader/ResultWriter becomes <Name> (read items) -> <Name>__Map -> <Name>__Write.
function expandDistributedMaps(states, handlers) {
  for (const [name, state] of Object.entries({ ...states })) {
    if (state.Type === 'Map' && state.ItemProcessor) {
      expandDistributedMaps(state.ItemProcessor.States, handlers);
    }
    if (state.Type !== 'Map' || !state.ItemReader) {
      continue;
    }
    const reader = state.ItemReader;
    const writer = state.ResultWriter;
    const mapName = `${name}__Map`;
    const writeName = `${name}__Write`;
    states[name] = { Type: 'Task', Resource: 'arn:aws:states:::s3:getObject', Parameters: reader.Parameters,
      ResultPath: '$.__items', Next: mapName, ...(state.Catch ? { Catch: state.Catch } : {}) };
    handlers[name] = async (params) => (await post('/s3/get', { bucket: params.Bucket, key: params.Key })).payload;
    const map = { ...state, ItemsPath: '$.__items', ResultPath: '$.__results', Next: writeName };
    delete map.ItemReader; delete map.ResultWriter; delete map.End;
    delete map.MaxConcurrencyPath; delete map.ToleratedFailurePercentage;
    map.MaxConcurrency = 4;
    map.ItemProcessor = { ...map.ItemProcessor, ProcessorConfig: { Mode: 'INLINE' } };
    // a child execution that fails is recorded as FAILED in the results, as in a Distributed Map run
    const inner = map.ItemProcessor;
    const start = inner.States[inner.StartAt];
    if (start.Catch === undefined && start.Type === 'Task') {
      start.Catch = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.__failed', Next: `${inner.StartAt}__Failed` }];
      inner.States[`${inner.StartAt}__Failed`] = { Type: 'Pass', End: true,
        Parameters: { 'Status': 'FAILED', 'Error.$': '$.__failed.Error', 'Cause.$': '$.__failed.Cause' } };
    }
    states[mapName] = map;
    states[writeName] = { Type: 'Task', Resource: 'arn:aws:states:::s3:putObject',
      Parameters: { ...writer.Parameters, 'Results.$': '$.__results' }, ResultPath: state.ResultPath ?? '$',
      ...(state.Next ? { Next: state.Next } : { End: true }), ...(state.Catch ? { Catch: state.Catch } : {}) };
    handlers[writeName] = async (params) => {
      const prefix = `${params.Prefix}/${randomUUID()}`;
      const succeeded = [];
      const failed = [];
      for (const r of params.Results) {
        if (r && r.Status === 'FAILED') {
          failed.push({ Status: 'FAILED', Error: r.Error, Cause: r.Cause });
        } else {
          succeeded.push({ Status: 'SUCCEEDED', Output: JSON.stringify(r) });
        }
      }
      const files = { SUCCEEDED: [], FAILED: [], PENDING: [] };
      for (const [status, entries] of [['SUCCEEDED', succeeded], ['FAILED', failed]]) {
        if (entries.length) {
          const key = `${prefix}/${status}_0.json`;
          await post('/s3/put', { bucket: params.Bucket, key, body: JSON.stringify(entries) });
          files[status].push({ Key: key, Size: JSON.stringify(entries).length });
        }
      }
      const manifestKey = `${prefix}/manifest.json`;
      await post('/s3/put', { bucket: params.Bucket, key: manifestKey,
        body: JSON.stringify({ DestinationBucket: params.Bucket, MapRunArn: 'local', ResultFiles: files }) });
      return { MapRunArn: 'local', ResultWriterDetails: { Bucket: params.Bucket, Key: manifestKey } };
    };
  }
}

function taskHandlers(states, handlers) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Map') {
      taskHandlers((state.ItemProcessor ?? state.Iterator).States, handlers);
    }
    if (state.Type !== 'Task' || handlers[name]) {
      continue;
    }
    const lambda = LAMBDA_ARN.exec(state.Resource);
    if (lambda) {
      handlers[name] = async (payload) => {
        const { payload: out, functionError } = await post(`/invoke/${lambda[1]}`, payload);
        if (functionError) {
          throw lambdaError(out);
        }
        return out;
      };
    } else if (state.Resource === 'arn:aws:states:::sns:publish') {
      handlers[name] = async (params) => {
        notifications.push(params);
        return { MessageId: randomUUID() };
      };
    } else if (state.Resource === 'arn:aws:states:::states:startExecution.sync:2') {
      handlers[name] = async (params) => {
        const child = STATE_MACHINE_ARN.exec(params.StateMachineArn)[1];
        const childFile = `${child.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.asl.json`;
        const result = await run(childFile, params.Name ?? `${executionName}-${randomUUID().slice(0, 8)}`,
          params.Input);
        if (result.status !== 'SUCCEEDED') {
          const e = new Error(JSON.stringify({ Error: result.error, Cause: result.cause }));
          e.name = 'States.TaskFailed';
          throw e;
        }
        return { Status: 'SUCCEEDED', Output: result.output, ExecutionArn: params.StateMachineArn + ':' + child };
      };
    } else {
      throw new Error(`no local stand-in for Task ${name} (${state.Resource})`);
    }
  }
}

function allStates(states, out = {}) {
  for (const [name, state] of Object.entries(states)) {
    out[name] = state;
    if (state.Type === 'Map') {
      allStates((state.ItemProcessor ?? state.Iterator).States, out);
    }
  }
  return out;
}

async function run(defFile, name, input) {
  const { definition } = loadDefinition(defFile);
  const handlers = {};
  expandDistributedMaps(definition.States, handlers);
  taskHandlers(definition.States, handlers);
  const states = allStates(definition.States);
  const waitTimeOverrides = Object.fromEntries(Object.entries(states).filter(([, s]) => s.Type === 'Wait')
    .map(([n]) => [n, 50]));
  const retryIntervalOverrides = Object.fromEntries(Object.entries(states).filter(([, s]) => s.Retry)
    .map(([n]) => [n, 10]));
  const machine = new StateMachine(definition, { validationOptions: { checkPaths: false } });
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers: handlers, waitTimeOverrides, retryIntervalOverrides },
    context: { Execution: { Id: `arn:aws:states:us-east-1:123456789012:execution:local:${name}`, Name: name,
      Input: input, StartTime: new Date().toISOString() } },
  });
  let failure = null;
  const events = (async () => {
    for await (const e of execution.eventLogs) {
      if (e.type === 'StateEntered') {
        entered[e.state.name] = (entered[e.state.name] ?? 0) + 1;
      } else if (e.type === 'StateRetried') {
        retried[e.state.name] = (retried[e.state.name] ?? 0) + 1;
      } else if (e.type === 'ExecutionFailed') {
        failure = { error: e.Error, cause: e.Cause };
      }
    }
  })();
  try {
    const output = await execution.result;
    await events;
    return { status: 'SUCCEEDED', output };
  } catch (e) {
    await events.catch(() => {});
    return { status: 'FAILED', error: failure?.error ?? e.name, cause: failure?.cause ?? e.message };
  }
}

const result = await run(file, executionName, JSON.parse(inputJson));
process.stdout.write(JSON.stringify({ ...result, notifications, entered, retried }) + '\n');
