/** The survey renderer, for pages that embed it as a module (the entries build the scripts). */
export { mountSurvey, shownAnswers, type TSurveyHandle, type TSurveyRun } from './survey-view.js';
export { contrastRatio, resolveTheme, type TTheme, type TThemeSource } from './theme.js';
export { mayShow, urlMatches, type TWidgetConfig, type TWidgetSurvey } from './widget-rules.js';
