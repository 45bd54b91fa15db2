import { KeylintError } from '../engine/index.js';

/**
 * Loads a package only `keylint org`, `worker` and `dashboard` need, on first use: they are
 * optional peer dependencies, so the linter's own install stays light, and a missing one is a
 * one-line error saying what to install (the same wording as the webhook's optional peers).
 */
export async function loadOptional<T>(name: string, range: string, load: () => Promise<T>, purpose: string): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // Only the package itself missing: a broken install of one of its own dependencies is a different error.
    if ((err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND') && err.message.includes(`'${name}'`)) {
      throw new KeylintError(`${purpose} needs the optional package ${name}: install it with \`npm install ${name}@${range}\``);
    }
    throw e;
  }
}

export const loadBullmq = (): Promise<typeof import('bullmq')> => loadOptional('bullmq', '^6', () => import('bullmq'), 'the organisation scan queue');
export const loadIoredis = async (): Promise<typeof import('ioredis').Redis> =>
  (await loadOptional('ioredis', '>=5', () => import('ioredis'), 'the organisation scan queue')).Redis;
export const loadPg = async (): Promise<typeof import('pg').default> =>
  (await loadOptional('pg', '^8', () => import('pg'), 'the organisation findings store')).default;
