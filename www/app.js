// The demo app: real bugs, captured by Faultline.
import { init, captureException } from '../pkg/faultline.js';

init({ release: 'demo@1.0.0', environment: 'development' }).then((persistent) => {
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
