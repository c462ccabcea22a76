/**
 * Checks on who answered a refused handshake (where the response is visible:
 * Firefox, proxy HARs, raw text, the probe): which component answered and what
 * its body says (`answered-by`), and a proxy that dropped the upgrade on its
 * way to the app (`proxy-dropped-upgrade`). The reading and its meaning are
 * built once per handshake (stack/identify.ts, stack/explain.ts).
 */
import type { Check } from '../context.js';
import { finding } from '../finding.js';
import { sentenceStart, sightingName, type Sighting } from '../stack/identify.js';

// RFC 9110 §7.6.1, §7.8: Upgrade and Connection are hop-by-hop; a proxy must be told to pass them on.
const checkDroppedUpgrade: Check = (context) => {
  const diagnosis = context.diagnosis;
  if (!diagnosis?.droppedUpgrade) return [];
  return [finding('proxy-dropped-upgrade', sentenceStart(diagnosis.detail), { header: 'Upgrade', fix: diagnosis.fix })];
};

function described(sighting: Sighting, alternative: Parameters<typeof sightingName>[1]): string {
  return `${sightingName(sighting, alternative)} (${sighting.evidence})`;
}

// RFC 9110 §10.2.4 (Server), §7.6.3 (Via): who wrote the answer, and the body's words.
const checkAnsweredBy: Check = (context) => {
  const stack = context.stack;
  const response = context.response;
  if (!stack || !response) return [];
  const { proxy, app, body, firstLine } = stack;
  if (stack.sightings.length === 0 && firstLine === null) return [];
  const alternative = body?.alternative ?? null;
  // What the body's words say about who wrote them (Go's TLS server speaks for Caddy too).
  const name = (sighting: Sighting, other: Parameters<typeof sightingName>[1]): string =>
    sighting.by === 'body' && body?.component.id === sighting.component.id && body.signature.writer
      ? `${body.signature.writer} (${sighting.evidence})`
      : described(sighting, other);
  const parts: string[] = [];
  if (proxy && app && proxy !== app) parts.push(`Answered by ${name(proxy, null)}, relaying ${name(app, body?.component.id === app.component.id ? alternative : null)}.`);
  else if (proxy) parts.push(`Answered by ${name(proxy, null)}.`);
  else if (app) parts.push(`Answered by ${name(app, alternative)}.`);
  else parts.push('No component is named in the answer (no Server, Via or X-Powered-By header, and the body is not one this tool knows).');
  const others = stack.sightings.filter((s) => s !== proxy && s !== app);
  if (others.length > 0) parts.push(`Also seen: ${others.map((s) => described(s, null)).join(', ')}.`);
  const quote = body?.quote || firstLine;
  if (quote) parts.push(`The body says: \`${quote.replace(/`/g, "'")}\`.`);
  else if (stack.emptyBody) parts.push('The body is empty.');
  return [finding('answered-by', parts.join(' '))];
};

export const stackChecks: readonly Check[] = [checkDroppedUpgrade, checkAnsweredBy];
