/**
 * The survey engine functions the browser code uses, imported from their own modules rather
 * than from `@touchstone/core`'s index: the index also builds every zod contract, and bundling
 * it would put zod into the widget (a bundle-size test checks it stays out).
 */
export { localize } from '../../core/src/survey-engine/language.js';
export { pipeText, type TPipingContext } from '../../core/src/survey-engine/piping.js';
export { visibleQuestions } from '../../core/src/survey-engine/visibility.js';
