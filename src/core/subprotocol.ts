import type { Check } from './context.js';

export const subprotocolChecks: readonly Check[] = [];
