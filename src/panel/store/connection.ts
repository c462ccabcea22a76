/**
 * The panel's end of the link to the devtools page, which captures from the
 * moment DevTools opens. A BroadcastChannel named in the panel URL works alike
 * in Chrome and Firefox (both pages share the extension origin); the panel asks
 * for the buffer with `hello` and then receives every change.
 */
import { channelName, type CaptureMessage, type PanelMessage } from '../../sources/devtools/link.js';
import { themeOf, type PanelStore } from './store.js';

export function connect(target: PanelStore, search: string): () => void {
  const params = new URLSearchParams(search);
  const session = params.get('session');
  target.theme.value = themeOf(params.get('theme'));
  if (!session) return () => {};
  const channel = new BroadcastChannel(channelName(session));
  target.send = (message: PanelMessage) => channel.postMessage(message);
  channel.onmessage = (event: MessageEvent<CaptureMessage>) => handle(target, event.data);
  target.send({ type: 'hello' });
  return () => channel.close();
}

function handle(target: PanelStore, message: CaptureMessage): void {
  switch (message.type) {
    case 'snapshot':
      target.reset('live');
      target.connected.value = true;
      target.preserveLog.value = message.preserveLog;
      target.theme.value = themeOf(message.theme);
      target.harStats.value = message.stats;
      target.droppedCount.value = message.dropped ?? 0;
      target.coverage.value = message.coverage;
      void target.addLiveEntries(message.entries);
      break;
    case 'entries':
      void target.addLiveEntries(message.entries);
      break;
    case 'reset':
      // Imported files stay until Clear; a navigation clears only what the page did.
      target.reset(message.reason === 'cleared' ? 'all' : 'live');
      if (message.reason === 'navigated') target.lastNavigation.value = message.url;
      break;
    case 'theme':
      target.theme.value = themeOf(message.theme);
      break;
    case 'stats':
      target.harStats.value = message.stats;
      break;
    case 'dropped':
      target.dropLiveRows(message.keys, message.total);
      break;
    case 'coverage':
      target.coverage.value = message.coverage;
      break;
  }
}
