// The comment analyser: sentiment, language, themes (built-in, user, discovered) and masking.
export * from './comment-analysis.js';
export { BUILT_IN_THEMES } from './built-in-themes.js';
export { createCommentAnalyzer, type TCommentAnalyzer } from './comment-analyzer.js';
export { discoverThemes, type TDiscoverOptions } from './theme-discovery.js';
export { maskPersonalData } from './mask-personal-data.js';
