// Release 1.1 of the checkout: gift cards bundled first, then the same checkout.
import './gift-cards.js';
import './store.js';
