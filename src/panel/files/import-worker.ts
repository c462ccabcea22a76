/**
 * The import worker: reads, parses and analyses a HAR or raw handshake text off
 * the panel's thread (see import-core.ts), posting progress and report batches.
 * Built by Vite as its own module chunk (`new Worker(new URL(...), { type: 'module' })`),
 * so the extension CSP's `script-src 'self'` allows it.
 */
import { runImport } from './import-core.js';
import type { ImportMessage, ImportRequest } from './import-protocol.js';

/** The slice of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ImportRequest>) => void) | null;
  postMessage(message: ImportMessage): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const request = event.data;
  if (request?.type !== 'import') return;
  void runImport(request.input, (message) => scope.postMessage({ ...message, id: request.id }));
};
