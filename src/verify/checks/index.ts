import { awsStsCheck } from './aws-sts.js';
import type { CodedCheck } from '../types.js';

/** Checks that a request template cannot express, by the name a spec's `check` gives. */
export const CODED_CHECKS: Readonly<Record<string, CodedCheck>> = {
  'aws-sts': awsStsCheck,
};
