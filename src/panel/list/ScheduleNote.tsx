/** The toolbar's note on when open sockets are next re-read and why (schedule-note.ts has the words). */
import { useNow } from '../shared/now.js';
import { useStore } from '../store/context.js';
import { scheduleNoteText } from './schedule-note.js';

export function ScheduleNote() {
  const store = useStore();
  const stats = store.harStats.value;
  const now = useNow(stats !== null && stats.nextReadAt !== null);
  if (!stats || !store.connected.value) return null;
  const text = scheduleNoteText(stats, now);
  return (
    <span class="schedule-note" role="note" data-testid="schedule-note" data-reason={stats.shown ? stats.reason : 'hidden'} data-heavy={String(stats.heavy)} title={text.title} aria-label={text.title}>
      <span aria-hidden="true">⏱</span>
      <span class="note-long" aria-hidden="true">{text.long}</span>
      <span class="note-short" aria-hidden="true">{text.short}</span>
    </span>
  );
}
