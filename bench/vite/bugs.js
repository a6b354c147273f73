// Thirty distinct bugs of an app, and a burst of them (bench/burst.mjs loads this file into a
// built app's page after it loaded: it is not part of any app's bundle). Each bug is its own
// function with its own call path, error type or message, so a tracker that groups by stack
// finds 30 issues.
const store = {};

/** Runs `f` three app-like frames deep (a handler, a dispatch, a reducer). */
function onTimer(f, id) {
  return dispatchAction(f, id);
}
function dispatchAction(f, id) {
  return applyUpdate(f, id);
}
function applyUpdate(f, id) {
  return f(id);
}

function readPropInCart(id) {
    const state = store.cart;
    return state.items.length;
}

function callUndefinedInCheckout(id) {
    const api = {};
    return api.loadCheckout(id);
}

function customErrorInProfile(id) {
    throw new Error(`Profile request failed with status ${500 + (id % 4)}`);
}

function jsonParseInSearch(id) {
    return JSON.parse('{"search": ' + id);
}

function rangeErrorInWishlist(id) {
    return new Array(-1 - (id % 3)).fill('wishlist');
}

function notAFunctionInOrders(id) {
    const handler = store.ordersHandlers;
    return handler.run(id);
}

function readPropInPayment(id) {
    const state = store.payment;
    return state.items.length;
}

function callUndefinedInShipping(id) {
    const api = {};
    return api.loadShipping(id);
}

function customErrorInCoupon(id) {
    throw new Error(`Coupon request failed with status ${500 + (id % 4)}`);
}

function jsonParseInInventory(id) {
    return JSON.parse('{"inventory": ' + id);
}

function rangeErrorInReviews(id) {
    return new Array(-1 - (id % 3)).fill('reviews');
}

function notAFunctionInRecommendations(id) {
    const handler = store.recommendationsHandlers;
    return handler.run(id);
}

function readPropInSession(id) {
    const state = store.session;
    return state.items.length;
}

function callUndefinedInLocale(id) {
    const api = {};
    return api.loadLocale(id);
}

function customErrorInTheme(id) {
    throw new Error(`Theme request failed with status ${500 + (id % 4)}`);
}

function jsonParseInAnalytics(id) {
    return JSON.parse('{"analytics": ' + id);
}

function rangeErrorInNotifications(id) {
    return new Array(-1 - (id % 3)).fill('notifications');
}

function notAFunctionInUpload(id) {
    const handler = store.uploadHandlers;
    return handler.run(id);
}

function readPropInAvatar(id) {
    const state = store.avatar;
    return state.items.length;
}

function callUndefinedInSettings(id) {
    const api = {};
    return api.loadSettings(id);
}

function customErrorInBilling(id) {
    throw new Error(`Billing request failed with status ${500 + (id % 4)}`);
}

function jsonParseInInvoice(id) {
    return JSON.parse('{"invoice": ' + id);
}

function rangeErrorInSubscription(id) {
    return new Array(-1 - (id % 3)).fill('subscription');
}

function notAFunctionInChat(id) {
    const handler = store.chatHandlers;
    return handler.run(id);
}

function readPropInFeed(id) {
    const state = store.feed;
    return state.items.length;
}

function callUndefinedInComments(id) {
    const api = {};
    return api.loadComments(id);
}

function customErrorInGallery(id) {
    throw new Error(`Gallery request failed with status ${500 + (id % 4)}`);
}

function jsonParseInMap(id) {
    return JSON.parse('{"map": ' + id);
}

function rangeErrorInCalendar(id) {
    return new Array(-1 - (id % 3)).fill('calendar');
}

function notAFunctionInExport(id) {
    const handler = store.exportHandlers;
    return handler.run(id);
}

export const BUGS = [
  readPropInCart,
  callUndefinedInCheckout,
  customErrorInProfile,
  jsonParseInSearch,
  rangeErrorInWishlist,
  notAFunctionInOrders,
  readPropInPayment,
  callUndefinedInShipping,
  customErrorInCoupon,
  jsonParseInInventory,
  rangeErrorInReviews,
  notAFunctionInRecommendations,
  readPropInSession,
  callUndefinedInLocale,
  customErrorInTheme,
  jsonParseInAnalytics,
  rangeErrorInNotifications,
  notAFunctionInUpload,
  readPropInAvatar,
  callUndefinedInSettings,
  customErrorInBilling,
  jsonParseInInvoice,
  rangeErrorInSubscription,
  notAFunctionInChat,
  readPropInFeed,
  callUndefinedInComments,
  customErrorInGallery,
  jsonParseInMap,
  rangeErrorInCalendar,
  notAFunctionInExport,
];


/**
 * Throws `total` uncaught errors from timers, `perSecond` a second, cycling through the
 * bugs; resolves once the last one has been thrown. Each uncaught error is cancelled after
 * the SDK's handlers saw it (a listener added after theirs), so the attached DevTools
 * client is not sent every one: in production there is none, and its cost is no SDK's.
 */
export function burst(total, perSecond) {
  const quiet = (e) => e.preventDefault();
  addEventListener('error', quiet);
  return new Promise((done) => {
    let fired = 0;
    const step = 1000 / perSecond;
    for (let i = 0; i < total; i++) {
      setTimeout(() => {
        fired++;
        if (fired === total) {
          setTimeout(() => {
            removeEventListener('error', quiet);
            done(fired);
          }, 0);
        }
        onTimer(BUGS[i % BUGS.length], i);
      }, i * step);
    }
  });
}

window.bench = { burst, bugs: BUGS };
