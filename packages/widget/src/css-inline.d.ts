/** Vite's `?inline` CSS imports: the stylesheet as a string (the widget puts it in its shadow root). */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
