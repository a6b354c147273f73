// The page part as the Rust API imports it: faultline.js's API and sensors.js's `say`,
// bundled and minified into faultline.min.js by scripts/page-bundle.sh. The files the page
// part loads later (the engine, its Worker, the read API, the sync sender, the viewer
// link) stay separate: a Rust app serves them from `engineUrl`.
export * from '../js/faultline.js';
export { say } from '../js/sensors.js';
