/**
 * Completion and hover from our schemas, through vscode-json-languageservice running in-process with
 * its validation turned off.
 *
 * Why not `contributes.jsonValidation`: VS Code's JSON language server would then validate our files
 * too, and every schema mistake would be reported twice (its words and ours) while the CLI can only
 * give ours. Here the language service only completes and explains; our diagnostics stay the single
 * source of problems, identical in the editor and the CLI.
 *
 * Safety: the schema request service refuses every URI and a document's own `$schema` key is ignored,
 * so nothing is ever fetched; documents deeper
 * than the JSON depth guard or larger than `MAX_ASSIST_CHARS` are not handed to the (recursive) parser.
 */
import { getLanguageService, TextDocument, type CompletionList, type Hover, type LanguageService } from 'vscode-json-languageservice';
import { findDepthOverflow, MAX_JSON_DEPTH } from '../json';
import type { FileKind, Position } from '../model';
import { SCHEMAS } from './schemas';

/** Beyond this size completion and hover stay quiet: parsing for positions costs ~70 ms per MB. */
export const MAX_ASSIST_CHARS = 4 * 1024 * 1024;

/** Schema URIs are names only; nothing resolves them over a network. */
const schemaUri = (kind: FileKind) => `atp-workbench-schema://schemas/${kind}.schema.json`;
const documentUri = (kind: FileKind) => `atp-workbench-document://fixtures/document.${kind}.json`;

export interface SchemaAssistOptions {
  /** Called with every URI the language service asks for; the answer is always a refusal. */
  onSchemaRequest?: (uri: string) => void;
}

export class SchemaAssist {
  private readonly service: LanguageService;

  constructor(options: SchemaAssistOptions = {}) {
    this.service = getLanguageService({
      schemaRequestService: (uri) => {
        options.onSchemaRequest?.(uri);
        return Promise.reject(new Error(`${uri} is not fetched: ATP Alert Workbench resolves only its own schemas.`));
      },
    });
    this.service.configure({
      validate: false,
      allowComments: false,
      schemas: (Object.keys(SCHEMAS) as FileKind[]).map((kind) => ({
        uri: schemaUri(kind),
        fileMatch: [`document.${kind}.json`],
        schema: SCHEMAS[kind],
      })),
    });
  }

  private prepare(kind: FileKind, text: string, version: number) {
    if (text.length > MAX_ASSIST_CHARS || findDepthOverflow(text, MAX_JSON_DEPTH)) return undefined;
    // A "$schema" key would make the language service load that schema instead of ours (and ask for
    // the URI). Rename the key in place (same length, so positions stay) to keep our schema in charge.
    const document = TextDocument.create(documentUri(kind), 'json', version, text.replace(/"\$schema"(?=\s*:)/g, '"$schem~"'));
    return { document, json: this.service.parseJSONDocument(document) };
  }

  async complete(kind: FileKind, text: string, position: Position, version = 1): Promise<CompletionList | undefined> {
    const doc = this.prepare(kind, text, version);
    return doc ? ((await this.service.doComplete(doc.document, position, doc.json)) ?? undefined) : undefined;
  }

  async hover(kind: FileKind, text: string, position: Position, version = 1): Promise<Hover | undefined> {
    const doc = this.prepare(kind, text, version);
    const hover = doc ? await this.service.doHover(doc.document, position, doc.json) : undefined;
    return hover && hasText(hover.contents) ? hover : undefined;
  }
}

/** Whether hover contents say anything (the service answers "" for a property it cannot explain). */
function hasText(contents: Hover['contents']): boolean {
  const parts = Array.isArray(contents) ? contents : [contents];
  return parts.some((p) => (typeof p === 'string' ? p : p.value).trim().length > 0);
}
