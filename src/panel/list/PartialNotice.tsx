/**
 * Said when the page loaded before DevTools recorded (on a busy machine DevTools
 * enables network recording seconds after it opens): handshakes the page made
 * then are in no log, so no capture can list them. A reload records them.
 */
import { useStore } from '../store/context.js';

export function PartialNotice() {
  const store = useStore();
  const coverage = store.coverage.value;
  if (!coverage.partial) return null;
  return (
    <div class="notice partial-notice" role="status" data-testid="partial-notice">
      <span class="partial-text">
        This page began loading before DevTools started recording: what it did until then, handshakes included, is in no log (nor in the Network panel). Reload to see it all.
      </span>
      <button type="button" class="tool" onClick={() => store.reloadInspectedPage()} data-testid="partial-reload">
        ⟳ Reload
      </button>
    </div>
  );
}
