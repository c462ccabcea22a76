import { useStore } from '../store/context.js';

/** Shown while files are dragged over the panel: the whole panel is a drop zone. */
export function DropOverlay() {
  if (!useStore().dialogs.dragActive.value) return null;
  return (
    <div class="drop-overlay" data-testid="drop-overlay">
      <div>Drop HAR files or handshake text to analyse them here</div>
    </div>
  );
}
