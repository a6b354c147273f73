/** The mountable viewer's directory (index.html, its wasm, JS and CSS), for Node tools. */
export declare const viewerDir: string;
