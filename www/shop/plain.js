import { onClick } from './buttons.js';
import { applyCoupon } from './coupons.js';

onClick('plain', () => applyCoupon({ code: 'WELCOME' }, undefined));
