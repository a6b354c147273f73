// Nested functions that make realistic stacks: `makeError(depth)` creates an Error
// `depth` calls deep (plus the caller's frames), through distinct named functions the
// way an app's call chain looks (handlers, components, stores, helpers).
const chain = [
  function onCheckoutClick(d, make) { return d > 1 ? chain[1](d - 1, make) : make(); },
  function dispatchAction(d, make) { return d > 1 ? chain[2](d - 1, make) : make(); },
  function runMiddleware(d, make) { return d > 1 ? chain[3](d - 1, make) : make(); },
  function applyReducer(d, make) { return d > 1 ? chain[4](d - 1, make) : make(); },
  function cartReducer(d, make) { return d > 1 ? chain[5](d - 1, make) : make(); },
  function computeTotals(d, make) { return d > 1 ? chain[6](d - 1, make) : make(); },
  function applyDiscounts(d, make) { return d > 1 ? chain[7](d - 1, make) : make(); },
  function resolvePromotion(d, make) { return d > 1 ? chain[8](d - 1, make) : make(); },
  function fetchRules(d, make) { return d > 1 ? chain[9](d - 1, make) : make(); },
  function readCache(d, make) { return d > 1 ? chain[10](d - 1, make) : make(); },
  function decodeEntry(d, make) { return d > 1 ? chain[11](d - 1, make) : make(); },
  function validateSchema(d, make) { return d > 1 ? chain[12](d - 1, make) : make(); },
  function visitNode(d, make) { return d > 1 ? chain[13](d - 1, make) : make(); },
  function visitChildren(d, make) { return d > 1 ? chain[14](d - 1, make) : make(); },
  function renderList(d, make) { return d > 1 ? chain[15](d - 1, make) : make(); },
  function renderItem(d, make) { return d > 1 ? chain[16](d - 1, make) : make(); },
  function formatPrice(d, make) { return d > 1 ? chain[17](d - 1, make) : make(); },
  function convertCurrency(d, make) { return d > 1 ? chain[18](d - 1, make) : make(); },
  function lookupRate(d, make) { return d > 1 ? chain[19](d - 1, make) : make(); },
  function parseRate(d, make) { return d > 1 ? chain[20](d - 1, make) : make(); },
  function roundAmount(d, make) { return d > 1 ? chain[21](d - 1, make) : make(); },
  function updateBadge(d, make) { return d > 1 ? chain[22](d - 1, make) : make(); },
  function notifyObservers(d, make) { return d > 1 ? chain[23](d - 1, make) : make(); },
  function scheduleUpdate(d, make) { return d > 1 ? chain[24](d - 1, make) : make(); },
  function flushQueue(d, make) { return d > 1 ? chain[25](d - 1, make) : make(); },
  function commitWork(d, make) { return d > 1 ? chain[26](d - 1, make) : make(); },
  function commitEffects(d, make) { return d > 1 ? chain[27](d - 1, make) : make(); },
  function invokeEffect(d, make) { return d > 1 ? chain[28](d - 1, make) : make(); },
  function trackEvent(d, make) { return d > 1 ? chain[29](d - 1, make) : make(); },
  function sendBeaconPayload(d, make) { return make(); },
];

/** An Error created `depth` (1 to 30) named calls deep. */
export function makeError(depth, message) {
  return chain[0](Math.min(depth, chain.length), () => new Error(message));
}
