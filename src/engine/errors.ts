/** An error a user can act on; the CLI prints its message as one line and exits 2. */
export class KeylintError extends Error {
  override name = 'KeylintError';
}

/**
 * A problem in a rule: names the rule id (first, gitleaks' habit: it is what a contributor
 * searches for), the field and the file; without an id, the file comes first.
 */
export class RuleError extends KeylintError {
  override name = 'RuleError';
  constructor(
    readonly source: string,
    readonly ruleId: string | undefined,
    readonly field: string,
    readonly problem: string,
  ) {
    super(ruleId ? `${ruleId}: ${field}: ${problem} (${source})` : `${source}: ${field}: ${problem}`);
  }
}

/** Several rule problems collected at once, so a contributor fixes them in one pass. */
export class RuleErrors extends KeylintError {
  override name = 'RuleErrors';
  constructor(readonly errors: RuleError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}

/**
 * The one-line install hint for an optional peer dependency (the webhook's server and
 * database, the organisation scanner's queue), when `e` says that package itself is missing;
 * undefined for any other error (a broken install of one of its own dependencies included).
 */
export function missingPeer(e: unknown, name: string, range: string, purpose: string): KeylintError | undefined {
  const err = e as NodeJS.ErrnoException;
  const notFound = (err?.code === 'MODULE_NOT_FOUND' || err?.code === 'ERR_MODULE_NOT_FOUND') && err.message.includes(`'${name}'`);
  return notFound ? new KeylintError(`${purpose} needs the optional package ${name}: install it with \`npm install ${name}@${range}\``) : undefined;
}
