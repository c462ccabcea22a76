import type { Check } from './context.js';

export const extensionChecks: readonly Check[] = [];
