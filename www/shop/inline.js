import { onClick } from './buttons.js';
import { reserve } from './inventory.js';

onClick('inline', () => reserve(new Map(), 'sku-404', 1));
