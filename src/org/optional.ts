import { missingPeer } from '../engine/index.js';

/**
 * Loads a package only `keylint org`, `worker` and `dashboard` need, on first use: they are
 * optional peer dependencies, so the linter's own install stays light, and a missing one is a
 * one-line error saying what to install (the same wording as the webhook's optional peers).
 */
export async function loadOptional<T>(name: string, range: string, load: () => Promise<T>, purpose: string): Promise<T> {
  try {
    return await load();
  } catch (e) {
    throw missingPeer(e, name, range, purpose) ?? e;
  }
}

export const loadBullmq = (): Promise<typeof import('bullmq')> => loadOptional('bullmq', '^6', () => import('bullmq'), 'the organisation scan queue');
export const loadIoredis = async (): Promise<typeof import('ioredis').Redis> =>
  (await loadOptional('ioredis', '>=5', () => import('ioredis'), 'the organisation scan queue')).Redis;
export const loadPg = async (): Promise<typeof import('pg').default> =>
  (await loadOptional('pg', '^8', () => import('pg'), 'the organisation findings store')).default;
