// Every export of the package, used as an app would: `tsc --noEmit --strict` checks this
// against the shipped `faultline.d.ts` (tests/e2e/types.test.mjs runs it).
import {
  init,
  captureException,
  captureMessage,
  captureEvent,
  addBreadcrumb,
  setUser,
  setTag,
  setTags,
  setContext,
  setExtra,
  setExtras,
  setLevel,
  setFingerprint,
  withScope,
  lastEventId,
  flush,
  close,
  parseStack,
  stats,
  listIssues,
  getIssue,
  listEvents,
  resolveIssue,
  ignoreIssue,
  unresolveIssue,
  mergeIssues,
  unmergeIssue,
  assignIssue,
  addNote,
  listNotes,
  exportJson,
  importJson,
  openViewer,
  closeViewer,
  type Event,
  type Issue,
  type Note,
  type Stats,
  type StackFrame,
} from '../../pkg/faultline.js';

async function app(): Promise<void> {
  const persistent: boolean = await init({
    release: 'shop@1.0.0',
    environment: 'production',
    sampleRate: 1,
    maxBreadcrumbs: 50,
    worker: true,
    ignoreErrors: ['ResizeObserver', /^Script error/],
    beforeSend: (event: Event) => (event.message === 'noise' ? null : event),
    beforeBreadcrumb: (crumb) => crumb,
    integrations: { console: false },
    viewer: { path: '/__faultline/', shortcut: 'ctrl+shift+e', badge: true, notices: true, notify: false },
  });
  const id: string = captureException(new Error('boom'), { tags: { area: 'cart' } });
  captureMessage('low stock', 'warning');
  captureEvent({ message: 'by hand', level: 'info' });
  addBreadcrumb({ category: 'auth', message: 'signed in', level: 'info' });
  setUser({ id: 'u-1', email: 'ada@example.com' });
  setUser(null);
  setTag('plan', 'pro');
  setTags({ shard: 3, beta: true });
  setContext('cart', { items: 3 });
  setExtra('raw', { any: ['thing'] });
  setExtras({ a: 1 });
  setLevel('error');
  setFingerprint(['{{ default }}', 'checkout']);
  const n: number = withScope((scope) => {
    scope.setTag('inner', 'yes');
    return 1;
  });
  const last: string | undefined = lastEventId();
  const flushed: boolean = await flush(2000);
  const frames: StackFrame[] = await parseStack('Error\n    at f (http://x/a.js:1:2)');
  const s: Stats = stats();
  const where: 'none' | 'worker' | 'main' = s.engine;
  const issues: Issue[] = await listIssues('is:unresolved', { limit: 10 });
  const issue: Issue | null = await getIssue(issues[0]?.id ?? 1);
  await listEvents(1, { limit: 5 });
  await resolveIssue(1, { inNextRelease: true });
  await ignoreIssue(1, { untilEvents: 10 });
  await unresolveIssue(1);
  const merged: Issue = await mergeIssues(1, [2, '3']);
  const restored: Issue = await unmergeIssue(merged.id, merged.merged[1]?.id ?? 2);
  await assignIssue(restored.id, 'ada@example.com');
  await assignIssue(restored.id, null);
  const note: Note = await addNote(1, 'seen on checkout');
  const notes: Note[] = await listNotes(1);
  const who: string | null = merged.assignee;
  void [note.text, note.at, notes.length, who, merged.notes];
  const text: string = await exportJson();
  const one: string = await exportJson({ issues: ['1', 2] });
  void one;
  await importJson(text);
  const closeOverlay: () => void = await openViewer({ path: '/__faultline/', issue: 1 });
  closeOverlay();
  closeViewer();
  await close(1000);
  void [persistent, id, n, last, flushed, frames, where, issue, s.pending, s.recovered];
}

void app;
