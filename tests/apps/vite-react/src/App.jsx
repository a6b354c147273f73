import { useEffect, useState } from 'react';
import { ErrorBoundary } from 'faultline/react';

function Cart({ broken }) {
  if (broken) throw new Error('react: the cart could not render');
  return <p id="cart">Cart: 2 items</p>;
}

function Checkout({ broken }) {
  return (
    <section>
      <Cart broken={broken} />
    </section>
  );
}

function Header({ crash }) {
  if (crash) throw new Error('react: the header crashed outside any boundary');
  return <h1>Vite + React app</h1>;
}

export function App() {
  const [broken, setBroken] = useState(false);
  const [crash, setCrash] = useState(false);
  useEffect(() => {
    document.title = 'ready';
  }, []);
  return (
    <main>
      <Header crash={crash} />
      <button id="break" onClick={() => setBroken(true)}>
        Break the cart
      </button>
      <button id="crash" onClick={() => setCrash(true)}>
        Crash the app
      </button>
      <button
        id="throw"
        onClick={() => {
          console.log('react: about to throw');
          setTimeout(() => {
            throw new Error('react: uncaught from a timer');
          });
        }}
      >
        Throw
      </button>
      <button id="reject" onClick={() => Promise.reject(new Error('react: rejected promise'))}>
        Reject
      </button>
      <ErrorBoundary
        tags={{ area: 'checkout' }}
        onReset={() => setBroken(false)}
        fallback={({ error, eventId, resetError }) => (
          <div id="fallback">
            <p>Something went wrong: {error.message}</p>
            <p id="event-id">{eventId}</p>
            <button id="reset" onClick={resetError}>
              Try again
            </button>
          </div>
        )}
      >
        <Checkout broken={broken} />
      </ErrorBoundary>
    </main>
  );
}
