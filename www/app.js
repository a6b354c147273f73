// The demo app: real bugs, captured by Faultline.
import { init, captureException, captureMessage, setUser, openViewer } from '../pkg/faultline.js';

init({
  release: 'demo@1.0.0',
  environment: 'development',
  // The viewer is served at / next to this demo: Ctrl+Shift+E or the badge opens it here.
  viewer: { path: '/', shortcut: 'ctrl+shift+e', badge: true },
}).then((persistent) => {
  document.getElementById('status').textContent = persistent
    ? 'Faultline is capturing into IndexedDB.'
    : 'Faultline is capturing in memory only.';
  document.body.dataset.faultline = 'ready';
});

// The classic: a user that was never loaded.
function send_welcome(user) {
  return `Welcome, ${user.email}!`;
}

function currentUser() {
  return null;
}

function checkout(cart) {
  return cart.applyCoupon('SPRING');
}

function paginate(count) {
  return new Array(count);
}

document.getElementById('welcome').addEventListener('click', () => {
  send_welcome(currentUser());
});
document.getElementById('checkout').addEventListener('click', () => {
  checkout({ items: [] });
});
document.getElementById('paginate').addEventListener('click', () => {
  paginate(-1);
});
document.getElementById('manual').addEventListener('click', () => {
  captureException(new Error('Payment provider timed out'));
});

// The app's own error handler keeps working next to Faultline's.
window.onerror = (message) => {
  document.getElementById('status').textContent = `The app saw: ${message}`;
};

const on = (id, handler) => document.getElementById(id).addEventListener('click', handler);

on('throw-string', () => {
  throw 'out of coupons';
});
on('throw-object', () => {
  throw { code: 7, reason: 'inventory locked' };
});
on('cause', () => {
  const io = new RangeError('disk quota exceeded');
  throw new Error('could not save the cart', { cause: io });
});
on('aggregate', () => {
  throw new AggregateError([new TypeError('bad price'), new RangeError('bad quantity')], 'checkout validation failed');
});
on('rejection', () => {
  Promise.reject(new Error('payment declined'));
});
on('rejection-value', () => {
  Promise.reject(404);
});
on('console', () => {
  console.warn('stock is low', { sku: 'A-1', left: 2 });
  throw new Error('out of stock');
});
on('fetch', async () => {
  await fetch('missing.json');
  throw new Error('catalog did not load');
});
on('xhr', () => {
  const xhr = new XMLHttpRequest();
  xhr.open('GET', 'missing.json');
  xhr.onloadend = () => {
    throw new Error('prices did not load');
  };
  xhr.send();
});
on('navigate', () => {
  history.pushState({}, '', '#checkout');
  throw new Error('checkout page crashed');
});
on('message', () => {
  captureMessage('Low stock', 'warning');
});
on('sign-in', () => {
  setUser({ id: 'u-42', email: 'ada@example.com' });
});
on('flood', () => {
  for (let i = 0; i < 1000; i++) captureException(new Error('polling failed'));
});

document.getElementById('open-viewer').addEventListener('click', () => openViewer({ path: '/' }));
