/**
 * Yields to the event loop: resolves in a later task, so input, rendering and the
 * other pages of the extension's isolate (in Chromium the devtools page and the
 * panel share one thread) run between two slices of long work. A MessageChannel
 * message, not setTimeout: timers in a hidden document are throttled to 1 s (and
 * chained ones to a minute), a message is not.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
