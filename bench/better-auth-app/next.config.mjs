/** Route handlers only; no pages. pg stays a Node package, as twostep's drivers do. */
const config = { serverExternalPackages: ["pg"] };

export default config;
