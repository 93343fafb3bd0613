// Loads the definitions with their ${Placeholders} replaced by well-formed ARNs, as SAM's DefinitionSubstitutions do.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export function definitionFiles() {
  return readdirSync(ROOT).filter((f) => f.endsWith('.asl.json')).sort();
}

/** The ARN a placeholder stands for: FooFunctionArn -> a Lambda function named Foo... */
export function arnFor(placeholder) {
  if (placeholder.endsWith('FunctionArn')) {
    return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${placeholder.slice(0, -'Arn'.length)}`;
  }
  if (placeholder.endsWith('StateMachineArn')) {
    return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${placeholder.slice(0, -'StateMachineArn'.length)}`;
  }
  if (placeholder.endsWith('TopicArn')) {
    return `arn:aws:sns:${REGION}:${ACCOUNT}:${placeholder.slice(0, -'TopicArn'.length)}`;
  }
  throw new Error(`no test value for placeholder \${${placeholder}}`);
}

export function placeholders(text) {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]))].sort();
}

export function loadDefinition(file) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const substituted = text.replace(/\$\{([A-Za-z0-9]+)\}/g, (_, name) => arnFor(name));
  return { text, substituted, definition: JSON.parse(substituted) };
}
