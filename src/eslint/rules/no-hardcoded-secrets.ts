import { relative, sep } from 'node:path';
import type { Rule } from 'eslint';
import { browserExposure, type Finding } from '../../engine/index.js';
import { clientFileMatcher, clientFileReason, DEFAULT_CLIENT_FILES } from '../client-files.js';
import { isChainRoot, literalRuns, scanRun } from '../concatenation.js';
import { envName, holderName } from '../env-name.js';
import { fileFindings } from '../file-findings.js';
import { holderAt, type AstNode, type Holder } from '../locate.js';
import { setupForFile } from '../project.js';
import { envReplacement } from '../suggestion.js';
import { typedLiteral, typedLiteralFindings, type TypedLiteral } from '../typed-declarations.js';

export const RULE_NAME = 'no-hardcoded-secrets';
export const DOCS_URL = 'https://www.npmjs.com/package/keylint#eslint-plugin';

/** The rule's options, as written in eslint.config.js. */
export interface NoHardcodedSecretsOptions {
  /** Also scan comments (off by default: commented-out keys are still leaks, but noisy while editing). */
  comments?: boolean;
  /** Report publishable keys too (they are meant to ship to browsers, so off by default). */
  reportPublishable?: boolean;
  /** Globs (relative to ESLint's cwd) of files bundled for the browser; `!glob` excludes. */
  clientFiles?: string[];
}

type MessageId = 'secret' | 'exposedSecret' | 'publishable' | 'useEnv' | 'config';

function posixPath(cwd: string, filename: string): string {
  // `<input>` and friends: code that is not a file on disk.
  if (filename.startsWith('<')) return filename;
  const rel = relative(cwd, filename);
  return (rel && !rel.startsWith('..') ? rel : filename).split(sep).join('/');
}

/** What the value is and why it matters, naming the rule's title once. */
function detail(title: string, reason: string): string {
  const said = reason.toLowerCase().replace(/^(?:a|an|the) /, '').startsWith(title.toLowerCase());
  return (said ? reason : `${title}; ${reason}`).replace(/\.$/, '');
}

/** Reports hardcoded secrets in string literals, template literals, JSX and (optionally) comments. */
export const noHardcodedSecrets: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow hardcoded secrets (API keys, tokens, passwords) in source code',
      recommended: true,
      url: DOCS_URL,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          comments: { type: 'boolean' },
          reportPublishable: { type: 'boolean' },
          clientFiles: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      secret: '{{provider}} secret {{redacted}} is hardcoded: {{detail}}.',
      exposedSecret: '{{provider}} secret {{redacted}} is hardcoded in browser-bound code: {{detail}}.',
      publishable: '{{provider}} publishable key {{redacted}}: {{detail}}.',
      useEnv: 'Read it from process.env.{{name}} instead (and revoke the value that was committed).',
      config: 'keylint: {{error}} (scanning with the built-in rules only).',
    },
  },

  create(context) {
    const options = (context.options[0] ?? {}) as NoHardcodedSecretsOptions;
    const comments = options.comments ?? false;
    const reportPublishable = options.reportPublishable ?? false;
    const clientGlob = clientFileMatcher(options.clientFiles ?? DEFAULT_CLIENT_FILES);
    const sourceCode = context.sourceCode;
    const text = sourceCode.text;
    const path = posixPath(context.cwd, context.filename);
    const setup = setupForFile(context.cwd, path);
    const chains: AstNode[] = [];
    const typed: TypedLiteral[] = [];

    const chunk = { path, text };
    const wanted = (f: Finding) => (reportPublishable || f.kind === 'secret') && setup.keep(f, chunk);

    function report(f: Finding, holder: Holder): void {
      let messageId: MessageId = f.kind === 'secret' ? 'secret' : 'publishable';
      let reason = f.reason;
      if (f.kind === 'secret') {
        // The engine already escalates (and explains) "use client" modules and browser-exposed
        // names; client-file globs are the editor's own knowledge of the project layout.
        const exposed = browserExposure(path, text, f.name) !== undefined;
        const glob = exposed ? undefined : clientGlob(path);
        if (glob) reason = clientFileReason(reason, glob);
        if (exposed || glob) messageId = 'exposedSecret';
      }
      const holderNode = holder.type === 'comment' ? undefined : holder.node;
      const name = envName((holderNode && holderName(holderNode)) ?? f.name, f.ruleId, f.kind);
      const replacement = envReplacement(holder, text, f.start, f.end, name);
      context.report({
        loc: { start: sourceCode.getLocFromIndex(f.start), end: sourceCode.getLocFromIndex(f.end) },
        messageId,
        data: { provider: f.provider, redacted: f.redacted, detail: detail(f.title, reason) },
        suggest: replacement
          ? [{ messageId: 'useEnv', data: { name }, fix: (fixer) => fixer.replaceTextRange(replacement.range, replacement.text) }]
          : [],
      });
    }

    return {
      BinaryExpression(node) {
        if (isChainRoot(node as unknown as AstNode)) chains.push(node as unknown as AstNode);
      },
      Literal(node) {
        const t = typedLiteral(node as unknown as AstNode);
        if (t) typed.push(t);
      },
      'Program:exit'() {
        if (setup.configError) context.report({ loc: { line: 1, column: 0 }, messageId: 'config', data: { error: setup.configError } });
        const joined = chains.flatMap((chain) => literalRuns(chain, text).flatMap((run) => scanRun(run, text, path, setup.scanner)));
        // A value split across literals is one finding: a piece of it matched on its own
        // (a generic rule on the first half) yields to the whole.
        const partOfJoined = (f: Finding) => joined.some(({ finding: j }) => f.start < j.end && j.start < f.end);
        const found = fileFindings(sourceCode, path, setup.scanner);
        for (const f of found) {
          if (!wanted(f) || partOfJoined(f)) continue;
          const holder = holderAt(sourceCode, f.start, f.end);
          if (!holder || (holder.type === 'comment' && !comments)) continue;
          report(f, holder);
        }
        for (const { finding, holder } of joined) if (wanted(finding)) report(finding, holder);
        for (const { finding, holder } of typedLiteralFindings(typed, text, path, setup.scanner, found)) if (wanted(finding)) report(finding, holder);
      },
    };
  },
};
