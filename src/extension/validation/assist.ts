/** Completion and hover for fixture documents, from the same schemas (see core/schemaAssist.ts for why in-process). */
import * as vscode from 'vscode';
import type { CompletionItem as LsItem, Hover as LsHover, MarkedString, MarkupContent, Range as LsRange } from 'vscode-json-languageservice';
import type { SchemaAssist } from '../../core/validation/schemaAssist';
import { loadSchemaAssist } from '../../core/lazyBundles';
import type { ValidationEngine } from './engine';

const range = (r: LsRange) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

function markdown(content: string | MarkupContent | MarkedString | MarkedString[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(); // not trusted: no command links
  const parts = Array.isArray(content) ? content : [content];
  for (const part of parts) {
    if (typeof part === 'string') md.appendMarkdown(part);
    else if ('kind' in part) md.appendMarkdown(part.value);
    else md.appendCodeblock(part.value, part.language);
    md.appendMarkdown('\n\n');
  }
  return md;
}

function toItem(i: LsItem): vscode.CompletionItem {
  // LSP completion kinds are VS Code's plus one.
  const item = new vscode.CompletionItem(i.label, i.kind !== undefined ? ((i.kind - 1) as vscode.CompletionItemKind) : undefined);
  const edit = i.textEdit;
  const text = edit ? edit.newText : (i.insertText ?? i.label);
  item.insertText = i.insertTextFormat === 2 ? new vscode.SnippetString(text) : text;
  if (edit && 'range' in edit) item.range = range(edit.range);
  else if (edit) item.range = { inserting: range(edit.insert), replacing: range(edit.replace) };
  if (i.detail) item.detail = i.detail;
  if (i.documentation) item.documentation = markdown(i.documentation);
  if (i.filterText) item.filterText = i.filterText;
  if (i.sortText) item.sortText = i.sortText;
  if (i.command?.command === 'editor.action.triggerSuggest') item.command = { command: i.command.command, title: i.command.title };
  return item;
}

export function registerAssist(engine: ValidationEngine): vscode.Disposable {
  // The language service loads on the first completion or hover, not at activation.
  let instance: SchemaAssist | undefined;
  const assistant = () => (instance ??= new (loadSchemaAssist().SchemaAssist)());
  const selector: vscode.DocumentSelector = [{ language: 'json', scheme: 'file' }, { language: 'jsonc', scheme: 'file' }];
  const kindOf = (d: vscode.TextDocument) => engine.kindOf(d.uri.fsPath);
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(selector, {
      async provideCompletionItems(document, position) {
        const kind = kindOf(document);
        if (!kind) return undefined;
        const list = await assistant().complete(kind, document.getText(), position, document.version);
        return list ? new vscode.CompletionList(list.items.map(toItem), list.isIncomplete) : undefined;
      },
    }, '"', ':'),
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(document, position) {
        const kind = kindOf(document);
        if (!kind) return undefined;
        const hover: LsHover | undefined = await assistant().hover(kind, document.getText(), position, document.version);
        return hover ? new vscode.Hover(markdown(hover.contents), hover.range ? range(hover.range) : undefined) : undefined;
      },
    }),
  );
}
