/** Which dialog or overlay the panel shows: the paste dialog (with its text), the export dialog, the drop overlay. */
import { signal } from '@preact/signals';

export class DialogsStore {
  /** The text the paste dialog opens with; null while it is closed. */
  readonly pasteText = signal<string | null>(null);
  readonly exportOpen = signal(false);
  /** True while files are dragged over the panel. */
  readonly dragActive = signal(false);

  openPaste(text = ''): void {
    this.pasteText.value = text;
  }

  closePaste(): void {
    this.pasteText.value = null;
  }
}
