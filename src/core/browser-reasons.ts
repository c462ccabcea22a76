import type { Check } from './context.js';

export const browserReasonChecks: readonly Check[] = [];
