/**
 * Structured views of a side of an edit, parsed once and cached on the edit for every rule:
 * YAML (two readers, see formats/yaml.ts) and JSON trees. HCL is read by the terraform pack.
 *
 * `parseYamlDocuments(edit, side)` uses the `yaml` package (eemeli/yaml, a dev dependency bundled
 * into the outputs) and also gives each document as plain data: use it for small files such as
 * workflows. `scanYamlDocuments(edit, side)` is a fast line reader for block YAML (manifests,
 * templates, Helm charts) that gives entries only: use it where files can be large.
 */
import { type JsonDoc, type JsonNode, parseJsonTree } from '../formats/json';
import { parseYamlText, scanYamlText, type YamlDocument } from '../formats/yaml';
import type { Edit } from './rule';
import type { Side } from './types';

/** The YAML documents of one side of an edit (cached on the edit). */
export function parseYamlDocuments(edit: Edit, side: Side): YamlDocument[] {
  return edit.memo(`yaml:${side}`, () => parseYamlText(edit.text(side), (o) => edit.lineAt(side, o)));
}

/** The YAML documents of one side, read with the fast line reader (cached on the edit). */
export function scanYamlDocuments(edit: Edit, side: Side): YamlDocument[] {
  return edit.memo(`yaml-scan:${side}`, () => scanYamlText(edit.text(side)));
}

/** The JSON tree of one side, cached on the edit. JSONC comments and trailing commas are allowed. */
export function jsonDoc(edit: Edit, side: Side): JsonDoc {
  return edit.memo(`json:${side}`, () => parseJsonTree(side === 'after' ? edit.after : edit.before));
}

/** 1-based line of a JSON node on a side. */
export function lineOfNode(edit: Edit, side: Side, node: JsonNode): number {
  return edit.lineAt(side, node.offset);
}
