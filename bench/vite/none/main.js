// The same app without an error tracker: the baseline the other two are measured against.
window.sdk = { captureException: () => '', flush: () => Promise.resolve(true) };
