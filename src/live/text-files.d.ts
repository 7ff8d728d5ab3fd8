// The live page's markup (app.html) and style (app.css), imported as text: the browser build
// bundles them as strings (esbuild's text loader, scripts/build-browser.ts).
declare module "*.html" {
  const text: string;
  export default text;
}
declare module "*.css" {
  const text: string;
  export default text;
}
