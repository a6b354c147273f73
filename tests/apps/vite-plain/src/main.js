import { init, setTag } from 'faultline';

init({ release: 'vite-plain@1.0.0', environment: 'test' });
setTag('app', 'vite-plain');

document.getElementById('throw').addEventListener('click', () => {
  console.log('plain: about to throw');
  throw new TypeError('plain: uncaught from a click');
});

document.getElementById('reject').addEventListener('click', () => {
  console.warn('plain: about to reject');
  Promise.reject(new RangeError('plain: rejected promise'));
});

document.title = 'ready';
