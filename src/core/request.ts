import type { Check } from './context.js';

export const requestChecks: readonly Check[] = [];
