import { useStore } from '../store/context.js';

/**
 * Says that the list is not the whole story: a page reconnecting in a loop made more handshakes than the
 * capture keeps (capture.ts `maxEntries`), so the oldest were dropped to bound memory.
 */
export function DroppedNotice() {
  const store = useStore();
  const dropped = store.droppedCount.value;
  if (dropped === 0) return null;
  return (
    <p class="dropped-notice" role="status" data-testid="dropped-notice" data-dropped={dropped}>
      <span aria-hidden="true">ℹ</span> {dropped.toLocaleString('en-US')} older handshake{dropped === 1 ? '' : 's'} dropped to bound memory; the newest are listed.
    </p>
  );
}
