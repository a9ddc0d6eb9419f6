/**
 * The yardsticks of the whole-process benchmark, each a process of its own (bundled with esbuild, as
 * the CLI is):
 *   node whole-process-child.js floor <folder>        find every *.json, read it, JSON.parse it, keep the values
 *   node whole-process-child.js langservice <folder>  the same files through vscode-json-languageservice's
 *                                                    parseJSONDocument + doValidation with our schemas
 * Both walk with readdirSync and read with readFileSync (the fastest Node offers). Prints one JSON line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { SCHEMAS } from '../src/core/validation/schemas';

function jsonFiles(root: string): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.name.endsWith('.json') && !e.name.startsWith('.')) out.push(full);
    }
  }
  return out;
}

async function main() {
  const [mode, root] = process.argv.slice(2);
  if ((mode !== 'floor' && mode !== 'langservice') || !root) throw new Error('usage: wholeProcessChild.ts <floor|langservice> <folder>');
  const files = jsonFiles(root);
  let problems = 0;
  if (mode === 'floor') {
    const values: unknown[] = [];
    for (const f of files) values.push(JSON.parse(fs.readFileSync(f, 'utf8')));
    problems = values.length ? 0 : -1;
  } else {
    const service = getLanguageService({ schemaRequestService: (uri) => Promise.reject(new Error(`no fetch: ${uri}`)) });
    service.configure({
      validate: true,
      schemas: [
        { uri: 'atp://alert.schema.json', fileMatch: ['*.alert.json'], schema: SCHEMAS.alert },
        { uri: 'atp://entity.schema.json', fileMatch: ['*.entity.json'], schema: SCHEMAS.entity },
        { uri: 'atp://profile.schema.json', fileMatch: ['*.profile.json'], schema: SCHEMAS.profile },
      ],
    });
    for (const f of files) {
      const document = TextDocument.create(`file://${f}`, 'json', 1, fs.readFileSync(f, 'utf8'));
      problems += (await service.doValidation(document, service.parseJSONDocument(document), { schemaValidation: 'error' })).length;
    }
  }
  const usage = process.resourceUsage();
  process.stdout.write(JSON.stringify({ mode, files: files.length, problems, maxRssMB: usage.maxRSS / 1024 }) + '\n');
}

void main();
