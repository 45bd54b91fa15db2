import { bracesStructure } from './braces.js';
import { structureFormat } from './format.js';
import { keyValueStructure } from './keyvalue.js';
import type { Structure } from './types.js';
import { xmlStructure } from './xml.js';
import { yamlStructure } from './yaml.js';

export type { Structure } from './types.js';
export { structureFormat, type StructureFormat } from './format.js';

const DATA = /\.(?:json|jsonc|json5|tfvars)$/i;
// Prose around code: backticks fence code there, they do not quote strings.
const MARKDOWN = /\.(?:md|mdx|markdown|rst)$/i;
const HASH_COMMENTS = /\.(?:tf|tfvars|hcl|nomad|php|py|rb)$/i;

/**
 * What the file's structure says about the value at `offset`: its name, key path and
 * enclosing object. Undefined for files no scanner
 * fits; callers then fall back to the line window. Cheap: it reads at most a few
 * kilobytes around the value and runs only for values a rule already matched.
 */
export function structureAt(text: string, path: string, offset: number): Structure | undefined {
  switch (structureFormat(path)) {
    case 'braces':
      return { ...bracesStructure(text, offset, { hashComments: HASH_COMMENTS.test(path), backtickStrings: !MARKDOWN.test(path) }), code: !DATA.test(path) };
    case 'yaml':
      return { ...yamlStructure(text, offset), code: false };
    case 'xml':
      return { ...xmlStructure(text, offset, false), code: false };
    case 'plist':
      return { ...xmlStructure(text, offset, true), code: false };
    case 'keyvalue':
      return { ...keyValueStructure(text, offset), code: false };
    default:
      return undefined;
  }
}
