// Faultline's engine in a module Worker: parsing, grouping and IndexedDB writes happen off
// the page's main thread. The protocol is `engine.js`'s.
import { connect } from './engine.js';

const take = connect((message) => postMessage(message));
addEventListener('message', (e) => take(e.data));
