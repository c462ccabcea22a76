import type { Check } from './context.js';

export const responseChecks: readonly Check[] = [];
