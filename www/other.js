// A second demo app, served on another origin (:8081), that hands its events to the viewer
// on :8080 through the bridge.
import { init } from '../pkg/faultline.js';

init({
  release: 'inventory@0.3.0',
  environment: 'development',
  bridge: { viewerOrigin: 'http://127.0.0.1:8080' },
}).then(() => {
  document.getElementById('status').textContent = 'Faultline is capturing, and bridging to :8080.';
});

function restock(warehouse) {
  return warehouse.shelves.length;
}

document.getElementById('restock').addEventListener('click', () => {
  restock(undefined);
});
