import { onClick } from './buttons.js';
import { quote } from './shipping.js';

onClick('header', () => quote({ address: { country: 'ZZ' }, weight: 2 }));
