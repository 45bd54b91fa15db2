/** The families of file syntax the structure scanners understand. */
export type StructureFormat = 'braces' | 'yaml' | 'xml' | 'plist' | 'keyvalue' | 'none';

// JSON, JS/TS and HCL all nest values in `{}` and `[]` with quoted strings: one scanner serves them.
const BRACES =
  /\.(?:json|jsonc|json5|[cm]?[jt]sx?|vue|svelte|astro|html?|tf|tfvars|hcl|nomad|dart|kt|kts|swift|java|cs|go|rs|php|gradle|py|rb|groovy|scala|md|mdx|markdown|rst)$/i;
const YAML = /\.(?:ya?ml)$/i;
const PLIST = /\.plist$/i;
const XML = /\.(?:xml|xaml|config|csproj|resx)$/i;
// Line-oriented `NAME=value` / `key: value` files, with optional `[section]` headers.
const KEYVALUE =
  /(?:^|\/)(?:\.env(?:\.[\w-]+)?|[^/]*\.(?:env|properties|ini|cfg|conf|toml|envrc|sh|bash|zsh)|Dockerfile(?:\.[\w-]+)?|[^/]*\.dockerfile|\.npmrc|\.pypirc)$/i;

/** Which structure scanner fits a file, judged by its path only (cheap, and the same in every door). */
export function structureFormat(path: string): StructureFormat {
  if (PLIST.test(path)) return 'plist';
  if (YAML.test(path)) return 'yaml';
  if (XML.test(path)) return 'xml';
  if (BRACES.test(path)) return 'braces';
  if (KEYVALUE.test(path)) return 'keyvalue';
  return 'none';
}
