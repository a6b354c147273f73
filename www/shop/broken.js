import { onClick } from './buttons.js';
import { addToWishlist } from './wishlist.js';

onClick('broken', () => addToWishlist({}, { id: 'sku-1' }));
