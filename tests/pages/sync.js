// A page with many distinct bugs, for the sync end-to-end tests. `window.bugs` throws them
// (each from its own function, so each is its own issue); `window.probe` reads what
// Faultline stored, straight from IndexedDB, to compare with what the server received.
import * as faultline from '../../pkg/faultline.js';

const params = new URLSearchParams(location.search);
const dbName = params.get('db') ?? 'faultline-sync-e2e';

window.faultlineReady = faultline.init({
  dsn: params.get('dsn') ?? undefined,
  dbName,
  release: 'e2e@1.2.3',
  environment: 'e2e',
});
// Present once the capture package has them; the tests compare whatever the browser kept.
faultline.setUser?.({ id: 'user-42', username: 'ada' });
faultline.addBreadcrumb?.({ category: 'test', message: 'opened the sync test page' });

class ValidationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ValidationError';
  }
}

// Each bug throws from its own function and line.
const BUGS = [
  function parseCart() { return JSON.parse('{"items": [1, 2,'); },
  function readEmail() { const user = null; return user.email; },
  function applyCoupon() { const cart = {}; return cart.applyCoupon('SPRING'); },
  function allocatePages() { return new Array(-1); },
  function decodeQuery() { return decodeURIComponent('%E0%A4%A'); },
  function mixBigInt() { return 1n + 1; },
  function formatPrice() { return (9.99).toFixed(101); },
  function addSymbol() { return Symbol('id') + 1; },
  function readUndeclared() { return undeclaredSetting; }, // eslint-disable-line no-undef
  function constructArrow() { const make = () => ({}); return new make(); },
  function searchString() { return 'id' in 'identifier'; },
  function checkInstance() { return {} instanceof {}; },
  function writeFrozen() { const config = Object.freeze({ retries: 1 }); config.retries = 2; },
  function iterateCount() { let n = 0; for (const x of 5) n += x; return n; },
  function spreadNothing() { return [...null]; },
  function destructureNothing() { const { id } = undefined; return id; },
  function normalizeName() { return 'Zoë'.normalize('NFX'); },
  function repeatBanner() { return '='.repeat(-1); },
  function parseLink() { return new URL('not a url'); },
  function payInvoice() { throw new Error('Payment provider timed out'); },
  function validateSignup() { throw new ValidationError('email is required'); },
  function defineOnFrozen() { return Object.defineProperty(Object.freeze({}), 'x', { value: 1 }); },
  function callNumber() { const handler = 42; return handler(); },
  function readDeep() { const order = { customer: {} }; return order.customer.address.city; },
  function growStack() { return 'x'.padStart(Infinity); },
];

window.bugs = {
  count: BUGS.length,
  /** Throws bug `i` and captures it; returns the event id. */
  capture(i) {
    try {
      BUGS[i]();
    } catch (err) {
      return faultline.captureException(err);
    }
    throw new Error(`bug ${i} did not throw`);
  },
  /** Throws bug `i` uncaught, from a timer (captured by the global handler). */
  uncaught(i) {
    setTimeout(() => BUGS[i]());
  },
  flush: (ms) => faultline.flush(ms),
};

function openDb() {
  return new Promise((ok, fail) => {
    const req = indexedDB.open(dbName);
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });
}

async function read(store, op) {
  const db = await openDb();
  try {
    return await new Promise((ok, fail) => {
      const req = op(db.transaction(store, 'readonly').objectStore(store));
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
  } finally {
    db.close();
  }
}

/** A record's event: recording stores it as its JSON text, older and imported records as the object. */
const body = (record) => (typeof record?.event === 'string' ? JSON.parse(record.event) : record?.event);

window.probe = {
  /** The sync state the sender stored (see faultline-sync's state.rs). */
  syncState: () => read('meta', (s) => s.get('sync')),
  /** Events waiting in the outbox. */
  outboxCount: () => read('outbox', (s) => s.count()),
  /** The stored body of event `id`. */
  event: async (id) => body(await read('events', (s) => s.get(id))) ?? null,
  /** Every stored event body. */
  events: async () => (await read('events', (s) => s.getAll())).map(body).filter(Boolean),
  /** `{ title, count }` of every issue. */
  issues: async () => (await read('issues', (s) => s.getAll())).map((i) => ({ title: i.title, count: i.count })),
};
