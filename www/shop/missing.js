import { onClick } from './buttons.js';
import { charge } from './payment.js';

onClick('missing', () => charge({}, 10));
