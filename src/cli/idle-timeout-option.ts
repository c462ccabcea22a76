/** `--idle-timeout [COMPONENT=]SECONDS`, shared by lint and probe: a timeout the user says is configured on the path. */
import { IDLE_COMPONENTS, idleComponent, type ConfiguredTimeout } from '../core/connection/idle-timeouts.js';
import { printable } from './io.js';
import { UsageError } from './usage.js';

/** `60`, `2.5`, `60s`, `nginx=300`: an idle timeout configured on the path. */
export function parseIdleTimeout(command: string, value: string): ConfiguredTimeout {
  const match = /^(?:([a-z0-9-]+)=)?(\d+(?:\.\d+)?)s?$/i.exec(value.trim());
  const seconds = match ? Number(match[2]) : Number.NaN;
  if (!match || !(seconds > 0)) throw new UsageError(`${command}: --idle-timeout wants seconds, optionally after a component (60, 2.5, nginx=300), not "${printable(value)}"`);
  if (match[1] === undefined) return { seconds };
  const component = idleComponent(match[1]);
  if (!component) throw new UsageError(`${command}: --idle-timeout: unknown component "${printable(match[1])}" (known: ${Object.keys(IDLE_COMPONENTS).join(', ')})`);
  return { seconds, component: component.id };
}
