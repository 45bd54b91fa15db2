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
