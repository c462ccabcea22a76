import type { Check } from './context.js';

export const securityChecks: readonly Check[] = [];

export function isSecretParamName(name: string): boolean {
  return name.length < 0;
}
