// Seed data for the viewer's end-to-end tests: a Faultline export (the JSON that "Export"
// writes and "Import" reads) with realistic issues, events, history and counters, built
// from records shaped as faultline-idb stores them. Importing it through the viewer's own
// file picker seeds IndexedDB without reaching into the database.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 32 hex digits from a number, as event ids are. */
function eventId(n) {
  return (n.toString(16).padStart(8, '0') + 'fa17').padEnd(32, 'c0ffee').slice(0, 32);
}

function rfc3339(ms) {
  return new Date(ms).toISOString();
}

/** An issue record. */
function issueRecord(spec) {
  const details = spec.statusDetails ?? {};
  return {
    id: spec.id,
    shortId: `FL-${spec.id.toString(36).toUpperCase()}`,
    fingerprint: spec.fingerprint ?? `${spec.id.toString(16).padStart(4, '0')}`.padEnd(32, 'e'),
    groupingConfig: 'faultline:2',
    title: spec.title,
    culprit: spec.culprit,
    errorType: spec.errorType,
    level: spec.level ?? 'error',
    status: spec.status ?? 'unresolved',
    substatus: spec.substatus ?? 'ongoing',
    statusDetails: details,
    count: spec.count,
    userCount: spec.userCount ?? 0,
    firstSeen: rfc3339(spec.firstSeen),
    lastSeen: rfc3339(spec.lastSeen),
    firstRelease: spec.releases?.[0],
    lastRelease: spec.releases?.at(-1),
    releases: spec.releases ?? [],
    environments: spec.environments ?? ['production'],
    firstSeenMs: spec.firstSeen,
    lastSeenMs: spec.lastSeen,
    statusChangedMs: spec.statusChanged ?? spec.firstSeen,
    resolvedAtMs: spec.resolvedAt,
    storedEvents: 0,
    storedBytes: 0,
  };
}

function frame(fn, file, line, inApp) {
  return {
    function: fn,
    filename: file,
    abs_path: `https://shop.example${file}`,
    lineno: line,
    colno: 17,
    in_app: inApp,
  };
}

/** A Sentry-shaped event with context, and its record. */
function eventRecord(issueId, n, at, spec) {
  const crumbs = (spec.crumbs ?? []).map(([dt, category, message, data, level]) => ({
    timestamp: (at + dt) / 1000,
    category,
    message,
    data,
    level: level ?? 'info',
  }));
  const event = {
    event_id: eventId(n),
    timestamp: at / 1000,
    platform: 'javascript',
    level: spec.level ?? 'error',
    release: spec.release,
    environment: 'production',
    user: spec.user,
    request: { url: spec.url ?? 'https://shop.example/cart', headers: { 'User-Agent': spec.ua ?? 'Mozilla/5.0 Chrome/156.0' } },
    tags: spec.tags ?? {},
    contexts: {
      browser: { name: spec.browser ?? 'Chrome', version: spec.browserVersion ?? '156.0' },
      os: { name: spec.os ?? 'macOS', version: '15.1' },
    },
    extra: spec.extra ?? {},
    sdk: { name: 'faultline.javascript', version: '0.1.0' },
  };
  if (spec.exception) event.exception = { values: spec.exception };
  if (spec.message) event.message = spec.message;
  if (crumbs.length) event.breadcrumbs = { values: crumbs };
  const size = JSON.stringify(event).length;
  return { id: event.event_id, issueId, ts: at, size, event };
}

function counters(issueId, now, hourly, daily) {
  const out = [];
  const hourNow = Math.floor(now / HOUR);
  hourly.forEach((n, i) => n && out.push({ issueId, unit: 'h', bucket: hourNow - (hourly.length - 1 - i), n }));
  const dayNow = Math.floor(now / DAY);
  daily.forEach((n, i) => n && out.push({ issueId, unit: 'd', bucket: dayNow - (daily.length - 1 - i), n }));
  return out;
}

const CART_CRUMBS = [
  [-42_000, 'navigation', 'Navigated to /cart', { from: '/products/42', to: '/cart' }],
  [-30_500, 'ui.click', 'button#add-coupon', {}],
  [-12_200, 'fetch', 'GET /api/cart', { method: 'GET', url: '/api/cart', status_code: 200 }],
  [-2_400, 'console', 'cart is empty, rendering placeholder', {}, 'warning'],
  [-600, 'ui.click', 'button#checkout', {}],
];

/** The seed: a handful of issues in every state, with events and history. */
export function seedExport(now = Date.now()) {
  const issues = [];
  const events = [];
  const activity = [];
  const counterRecords = [];
  let eventNo = 1;
  const add = (spec, eventSpecs, history, hourly, daily) => {
    issues.push(issueRecord(spec));
    eventSpecs.forEach((e, i) => events.push(eventRecord(spec.id, eventNo++, e.at ?? spec.lastSeen - i * 7 * 60_000, e)));
    history.forEach((h) => activity.push({ issueId: spec.id, ...h }));
    counterRecords.push(...counters(spec.id, now, hourly, daily));
  };
  const cartStack = [
    frame('HTMLButtonElement.onclick', '/static/js/app.js', 12, true),
    frame('dispatch', '/node_modules/react-dom/cjs/react-dom.js', 4164, false),
    frame('invokeGuarded', '/node_modules/react-dom/cjs/react-dom.js', 4213, false),
    frame('checkout', '/static/js/cart.js', 131, true),
    frame('renderCart', '/static/js/cart.js', 88, true),
    frame('Array.map', '<anonymous>', undefined, false),
  ];
  const cartExc = [{ type: 'TypeError', value: "Cannot read properties of undefined (reading 'map')",
    mechanism: { type: 'onerror', handled: false }, stacktrace: { frames: cartStack } }];
  add({ id: 1, title: "TypeError: Cannot read properties of undefined (reading 'map')", errorType: 'TypeError',
    culprit: 'renderCart at /static/js/cart.js:88', count: 1284, userCount: 312, firstSeen: now - 9 * DAY,
    lastSeen: now - 4 * 60_000, releases: ['shop@1.4.1', 'shop@1.4.2'], substatus: 'regressed',
    statusChanged: now - 3 * HOUR, resolvedAt: now - 26 * HOUR },
  [0, 1, 2, 3, 4, 5].map((i) => ({ exception: cartExc, release: i < 4 ? 'shop@1.4.2' : 'shop@1.4.1', crumbs: CART_CRUMBS,
    browser: i % 3 === 2 ? 'Firefox' : 'Chrome', browserVersion: i % 3 === 2 ? '153.0' : '156.0', os: i % 2 ? 'Windows' : 'macOS',
    user: { id: `u-${40 + i}`, email: `customer${i}@example.com` }, tags: { plan: i % 2 ? 'pro' : 'free', locale: 'en-GB' },
    extra: { cart: { items: 0, coupon: 'SPRING' } } })),
  [{ at: now - 9 * DAY, type: 'first_seen', release: 'shop@1.4.1' },
    { at: now - 26 * HOUR, type: 'resolved' },
    { at: now - 3 * HOUR, type: 'regressed', release: 'shop@1.4.2', resolvedAt: now - 26 * HOUR }],
  [3, 5, 2, 0, 0, 1, 4, 8, 12, 9, 6, 14, 22, 17, 9, 5, 3, 8, 11, 19, 26, 31, 24, 18],
  [40, 52, 61, 48, 70, 88, 95, 120, 102, 0, 0, 0, 130, 180]);

  const chunkExc = [{ type: 'ChunkLoadError', value: 'Loading chunk 7 failed. (error: https://shop.example/static/js/7.chunk.js)',
    mechanism: { type: 'onunhandledrejection', handled: false },
    stacktrace: { frames: [frame('requireEnsure', '/static/js/runtime.js', 190, true), frame('loadScript', '/static/js/runtime.js', 77, true)] } }];
  add({ id: 2, title: 'ChunkLoadError: Loading chunk 7 failed. (error: https://shop.example/static/js/7.chunk.js)',
    errorType: 'ChunkLoadError', culprit: 'loadScript at /static/js/runtime.js:77', count: 57, userCount: 41,
    firstSeen: now - 5 * HOUR, lastSeen: now - 25 * 60_000, releases: ['shop@1.4.2'], substatus: 'new' },
  [{ exception: chunkExc, release: 'shop@1.4.2', url: 'https://shop.example/products/42', browser: 'Safari', browserVersion: '19.1', os: 'iOS' }],
  [{ at: now - 5 * HOUR, type: 'first_seen', release: 'shop@1.4.2' }],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 14, 20, 10, 4], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 57]);

  add({ id: 3, title: 'Payment provider timed out', culprit: 'payWithCard at /static/js/payment.js:54', level: 'warning',
    count: 19, userCount: 12, firstSeen: now - 3 * DAY, lastSeen: now - 2 * HOUR, releases: ['shop@1.4.1', 'shop@1.4.2'] },
  [{ message: 'Payment provider timed out', level: 'warning', release: 'shop@1.4.2', user: { username: 'ann' },
    crumbs: [[-8_000, 'xhr', 'POST /api/pay', { method: 'POST', status_code: 504 }, 'error']] }],
  [{ at: now - 3 * DAY, type: 'first_seen', release: 'shop@1.4.1' }],
  [1, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 7, 6]);

  add({ id: 4, title: 'TypeError: NetworkError when attempting to fetch resource.', errorType: 'TypeError',
    culprit: 'syncInventory at /static/js/inventory.js:203', count: 412, userCount: 88, firstSeen: now - 12 * DAY,
    lastSeen: now - 6 * HOUR, releases: ['shop@1.3.9', 'shop@1.4.1'], status: 'ignored', substatus: 'archived_until_condition_met',
    statusDetails: { ignoreCount: 100, ignoreFromCount: 380 }, statusChanged: now - 2 * DAY },
  [{ exception: [{ type: 'TypeError', value: 'NetworkError when attempting to fetch resource.', mechanism: { type: 'onunhandledrejection', handled: false },
    stacktrace: { frames: [frame('syncInventory', '/static/js/inventory.js', 203, true)] } }], release: 'shop@1.4.1', browser: 'Firefox', browserVersion: '153.0' }],
  [{ at: now - 12 * DAY, type: 'first_seen', release: 'shop@1.3.9' },
    { at: now - 2 * DAY, type: 'ignored', until: { kind: 'events', count: 100, from: 380 } }],
  new Array(24).fill(0).map((_, i) => (i % 5 === 0 ? 2 : 0)), [20, 31, 40, 28, 33, 37, 41, 29, 30, 34, 22, 19, 24, 8]);

  add({ id: 5, title: "SyntaxError: Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON", errorType: 'SyntaxError',
    culprit: 'loadConfig at /static/js/config.js:14', count: 8, userCount: 5, firstSeen: now - 6 * DAY, lastSeen: now - 4 * DAY,
    releases: ['shop@1.4.0'], status: 'resolved', substatus: 'resolved', statusChanged: now - 3 * DAY, resolvedAt: now - 3 * DAY },
  [{ exception: [{ type: 'SyntaxError', value: "Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON", mechanism: { type: 'onerror', handled: false },
    stacktrace: { frames: [frame('JSON.parse', '<anonymous>', undefined, false), frame('loadConfig', '/static/js/config.js', 14, true)] } }],
    release: 'shop@1.4.0' }],
  [{ at: now - 6 * DAY, type: 'first_seen', release: 'shop@1.4.0' }, { at: now - 3 * DAY, type: 'resolved' }],
  new Array(24).fill(0), [0, 0, 0, 0, 0, 0, 0, 0, 2, 6, 0, 0, 0, 0]);

  // Hostile text everywhere an event can carry it: it must show literally and run nothing.
  const hostile = '<img src=x onerror="window.__xss=1">';
  add({ id: 6, title: `Error: ${hostile}`, errorType: 'Error', culprit: '<script>window.__xss=3</script> at /x.js:1',
    count: 2, userCount: 1, firstSeen: now - 50 * 60_000, lastSeen: now - 40 * 60_000, releases: ['<b>1.0</b>'] },
  [{ exception: [{ type: 'Error', value: hostile, stacktrace: { frames: [frame('<svg onload=alert(1)>', '/x.js', 1, true)] } }],
    release: '<b>1.0</b>', tags: { '<i>tag</i>': '<script>window.__xss=4</script>' },
    user: { email: '<a href="javascript:alert(1)">me</a>' },
    crumbs: [[-1000, 'console', '<script>window.__xss=2</script>', { html: '<iframe src=javascript:alert(1)>' }]] }],
  [{ at: now - 50 * 60_000, type: 'first_seen', release: '<b>1.0</b>' }],
  new Array(24).fill(0).map((_, i) => (i === 23 ? 2 : 0)), new Array(14).fill(0).map((_, i) => (i === 13 ? 2 : 0)));

  return { format: 'faultline-export', version: 1, exportedAt: rfc3339(now), issues, events, activity, counters: counterRecords };
}

/** `n` plain issues (no events), for the 10,000-issue stream. */
export function manyIssuesExport(n, now = Date.now()) {
  const levels = ['error', 'error', 'error', 'warning', 'info', 'fatal'];
  const statuses = ['unresolved', 'unresolved', 'unresolved', 'resolved', 'ignored'];
  const issues = [];
  for (let i = 1; i <= n; i++) {
    const status = statuses[i % statuses.length];
    issues.push(issueRecord({
      id: i, fingerprint: i.toString(16).padStart(32, '0'), title: `TypeError: failure number ${i}`, errorType: 'TypeError',
      culprit: `handler${i % 97} at /static/js/module${i % 31}.js:${i % 400}`, level: levels[i % levels.length], status,
      substatus: status === 'resolved' ? 'resolved' : status === 'ignored' ? 'archived_forever' : 'ongoing',
      count: (i * 7919) % 5000 + 1, userCount: (i * 104729) % 700, firstSeen: now - (i % 30) * DAY - i * 1000,
      lastSeen: now - (i % 1440) * 60_000, releases: [`shop@1.${i % 5}.0`],
    }));
  }
  return { format: 'faultline-export', version: 1, exportedAt: rfc3339(now), issues, events: [], activity: [], counters: [] };
}

/** In the page: database `name` as schema version 1 left it, holding one resolved issue. */
export function seedVersion1(name) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      const db = open.result;
      const issues = db.createObjectStore('issues', { keyPath: 'id' });
      issues.createIndex('fingerprint', 'fingerprint', { unique: true });
      for (const key of ['status', 'lastSeen', 'firstSeen', 'count', 'userCount']) issues.createIndex(key, key);
      const events = db.createObjectStore('events', { keyPath: 'id' });
      events.createIndex('issue_ts', ['issueId', 'ts']);
      db.createObjectStore('meta');
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['issues', 'meta'], 'readwrite');
      const json = JSON.stringify({
        id: 1,
        fingerprint: 'fp-from-version-1',
        grouping_config: 'faultline:1',
        title: 'TypeError: boom',
        culprit: 'send_welcome at /app.js:1',
        level: 'error',
        status: 'resolved',
        count: 2,
        user_count: 0,
        first_seen: '1970-01-01T00:00:01.000Z',
        last_seen: '1970-01-01T00:00:02.000Z',
      });
      tx.objectStore('issues').put({
        id: 1,
        fingerprint: 'fp-from-version-1',
        status: 'resolved',
        lastSeen: 2000,
        json,
      });
      tx.objectStore('meta').put(2, 'nextIssueId');
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}
