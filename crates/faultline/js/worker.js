// Faultline's engine in a module Worker: parsing, grouping and IndexedDB writes happen off
// the page's main thread. The protocol is `engine.js`'s, plus `{ t: 'up' }`, posted once
// this module listens.
import { connect } from './engine.js';

const take = connect((message) => postMessage(message));
addEventListener('message', (e) => take(e.data));
// Listening now: the page sends `start` on this (what it posted before could be lost).
postMessage({ t: 'up' });
