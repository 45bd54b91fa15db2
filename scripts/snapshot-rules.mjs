// Part of `npm run build`: writes dist/builtin-rules.json, the built-in rules parsed and
// validated once here so that every start of the CLI can skip it (see src/rules/load-rules.ts).
import { BUILTIN_RULES_DIR, BUILTIN_SNAPSHOT, writeRuleSnapshot } from '../dist/rules/load-rules.js';

writeRuleSnapshot(BUILTIN_RULES_DIR, BUILTIN_SNAPSHOT);
