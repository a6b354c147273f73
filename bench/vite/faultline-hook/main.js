// The minimal Faultline app with a `beforeSend` that reads and changes every event, to
// measure the round trip it costs: the engine (in its Worker) sends each batch of finished
// events to the page and waits for the hook's answers.
import { init, captureException, flush, stats } from 'faultline';

init({
  beforeSend(event) {
    event.tags = { ...event.tags, checked: String(event.exception?.values?.length ?? 0) };
    return event;
  },
});
window.sdk = { captureException, flush, stats };
