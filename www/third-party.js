// A "third-party" script: the end-to-end tests load it from another origin, without
// CORS, so the browser reports its error only as "Script error.".
throw new Error('widget failed to start');
