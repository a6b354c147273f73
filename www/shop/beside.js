import { onClick } from './buttons.js';
import { cartTotal } from './cart.js';

onClick('beside', () => cartTotal({ lines: [{ quantity: 2 }] }));
