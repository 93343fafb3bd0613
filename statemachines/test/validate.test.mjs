// Every definition passes asl-validator and the AWS Toolkit's language service (amazon-states-language-service).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import validator from 'asl-validator';
import asl from 'amazon-states-language-service';
import { TextDocument } from 'vscode-languageserver-textdocument';

const { getLanguageService } = asl;
import { definitionFiles, loadDefinition } from './definitions.mjs';

const files = definitionFiles();

test('there are the workflows', () => {
  assert.deepEqual(files, ['backup-all.asl.json', 'backup.asl.json', 'drill.asl.json', 'prune-all.asl.json',
    'prune.asl.json', 'restore.asl.json', 'rolling-verify.asl.json']);
});

for (const file of files) {
  test(`${file} passes asl-validator`, () => {
    const { definition } = loadDefinition(file);
    const { isValid, errorsText } = validator(definition, { checkPaths: true, checkArn: true });
    assert.ok(isValid, `${file}: ${errorsText('\n')}`);
  });

  test(`${file} has no diagnostics from amazon-states-language-service`, async () => {
    const { substituted } = loadDefinition(file);
    const ls = getLanguageService({});
    const doc = TextDocument.create(`file:///${file}`, 'json', 1, substituted);
    const diagnostics = await ls.doValidation(doc, ls.parseJSONDocument(doc));
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`), []);
  });
}
