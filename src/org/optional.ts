import { KeylintError } from '../engine/index.js';

/**
 * Loads a dependency only `keylint org`, `worker` and `dashboard` need, on first use: the
 * linter's own install stays light, and a missing package is one line saying what to install.
 */
export async function loadOptional<T>(name: string, load: () => Promise<T>, purpose: string): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new KeylintError(`${purpose} needs the ${name} package: npm install ${name}`);
    }
    throw e;
  }
}

export const loadBullmq = (): Promise<typeof import('bullmq')> => loadOptional('bullmq ioredis', () => import('bullmq'), 'the organisation scan queue');
export const loadPg = async (): Promise<typeof import('pg').default> =>
  (await loadOptional('pg', () => import('pg'), 'the organisation findings store')).default;
export const loadIoredis = async (): Promise<typeof import('ioredis').Redis> =>
  (await loadOptional('ioredis', () => import('ioredis'), 'the organisation scan queue')).Redis;
