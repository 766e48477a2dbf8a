import type { TQuestion, TScale, TSurveyDefinition } from '../contracts/survey-definition.js';
import type { TFieldIssue } from '../errors.js';
import { checkCondition } from './condition-validation.js';
import { checkDefaultLanguageTexts } from './definition-texts.js';

/** Reports each id seen before, naming where it was first used. */
function duplicateIds(ids: string[], path: (i: number) => string, what: string): TFieldIssue[] {
  const first = new Map<string, number>();
  const issues: TFieldIssue[] = [];
  ids.forEach((id, i) => {
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, i);
    else
      issues.push({
        field: path(i),
        message: `duplicate ${what} ${id} (first at ${path(earlier)})`,
      });
  });
  return issues;
}

function checkScale(scale: TScale, path: string): TFieldIssue[] {
  const issues: TFieldIssue[] = [];
  if (!Number.isInteger(scale.min) || !Number.isInteger(scale.max) || scale.max <= scale.min) {
    issues.push({
      field: `${path}.scale.max`,
      message: `a scale needs whole-number ends with max above min (got ${scale.min}..${scale.max})`,
    });
  } else if (scale.pointLabels && scale.pointLabels.length !== scale.max - scale.min + 1) {
    issues.push({
      field: `${path}.scale.pointLabels`,
      message: `a ${scale.min}..${scale.max} scale needs ${scale.max - scale.min + 1} point labels, got ${scale.pointLabels.length}`,
    });
  }
  return issues;
}

function checkQuestionShape(question: TQuestion, path: string): TFieldIssue[] {
  switch (question.type) {
    case 'rating':
    case 'likert':
      return checkScale(question.scale, path);
    case 'matrix':
      return [
        ...checkScale(question.scale, path),
        ...duplicateIds(
          question.items.map((item) => item.id),
          (j) => `${path}.items.${j}.id`,
          'item id',
        ),
      ];
    case 'single_choice':
      return duplicateIds(
        question.options.map((o) => o.id),
        (j) => `${path}.options.${j}.id`,
        'option id',
      );
    case 'multiple_choice': {
      const issues = duplicateIds(
        question.options.map((o) => o.id),
        (j) => `${path}.options.${j}.id`,
        'option id',
      );
      // "Other" counts as one more possible selection.
      const choices = question.options.length + (question.allowOther ? 1 : 0);
      const { minSelected, maxSelected } = question;
      if (minSelected !== undefined && maxSelected !== undefined && minSelected > maxSelected) {
        issues.push({
          field: `${path}.minSelected`,
          message: `minSelected (${minSelected}) is above maxSelected (${maxSelected})`,
        });
      }
      if (maxSelected !== undefined && maxSelected > choices) {
        issues.push({
          field: `${path}.maxSelected`,
          message: `maxSelected (${maxSelected}) is above the number of choices (${choices})`,
        });
      }
      if (minSelected !== undefined && minSelected > choices) {
        issues.push({
          field: `${path}.minSelected`,
          message: `minSelected (${minSelected}) is above the number of choices (${choices})`,
        });
      }
      return issues;
    }
    case 'number':
      return question.min !== undefined && question.max !== undefined && question.min > question.max
        ? [
            {
              field: `${path}.max`,
              message: `max (${question.max}) is below min (${question.min})`,
            },
          ]
        : [];
    case 'nps':
    case 'csat':
    case 'ces':
    case 'text':
    case 'consent':
      return [];
  }
}

function checkLanguages(def: TSurveyDefinition): TFieldIssue[] {
  const issues = duplicateIds(def.languages, (i) => `definition.languages.${i}`, 'language');
  if (!def.languages.includes(def.defaultLanguage)) {
    issues.push({
      field: 'definition.languages',
      message: `must include the default language ${def.defaultLanguage}`,
    });
  }
  return issues;
}

/**
 * The semantic checks of a survey definition that its zod schema cannot express: unique ids,
 * texts in the default language, display conditions on earlier answers with fitting operators,
 * consistent scales and selection limits. Fields are named `definition.questions.3.displayIf`
 * and so on; an empty list means the definition is valid.
 */
export function validateSurveyDefinition(def: TSurveyDefinition): TFieldIssue[] {
  const issues: TFieldIssue[] = [...checkLanguages(def), ...checkDefaultLanguageTexts(def)];
  issues.push(
    ...duplicateIds(
      def.questions.map((q) => q.id),
      (i) => `definition.questions.${i}.id`,
      'question id',
    ),
    ...duplicateIds(
      def.hiddenFields.map((f) => f.key),
      (i) => `definition.hiddenFields.${i}.key`,
      'hidden field',
    ),
  );
  def.questions.forEach((question, i) => {
    const path = `definition.questions.${i}`;
    if (question.id === 'hidden') {
      issues.push({
        field: `${path}.id`,
        message: 'hidden is reserved: conditions use hidden.<key> for hidden fields',
      });
    }
    issues.push(...checkQuestionShape(question, path));
    if (question.displayIf) {
      issues.push(...checkCondition(def, i, question.displayIf, `${path}.displayIf`));
    }
  });
  return issues;
}
