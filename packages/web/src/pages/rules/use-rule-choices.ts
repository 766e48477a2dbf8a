import { useQuery } from '@tanstack/react-query';
import { endpoints, keys } from '../../api/resources.js';
import { surveyEndpoints, surveyKeys } from '../../api/survey-resources.js';
import { useCan } from '../../auth/session.js';
import { ruleEndpoints, ruleKeys } from './rules-api.js';
import type { TRuleChoices } from './rule-words.js';

/**
 * What the rule editor's pickers offer. A list the role may not read (users for an analyst)
 * is offered empty rather than failing the page.
 */
export function useRuleChoices(): { choices: TRuleChoices; loading: boolean } {
  const questions = useQuery({ queryKey: ruleKeys.questions, queryFn: ruleEndpoints.questions });
  const themes = useQuery({ queryKey: ruleKeys.themes, queryFn: ruleEndpoints.themes });
  const attributes = useQuery({
    queryKey: keys.attributeKeys('customer'),
    queryFn: () => endpoints.attributeKeys('customer'),
  });
  const touchpoints = useQuery({
    queryKey: keys.touchpoints({}),
    queryFn: () => endpoints.touchpoints({}),
  });
  const journeys = useQuery({ queryKey: keys.journeys, queryFn: endpoints.allJourneys });
  const teams = useQuery({ queryKey: keys.teams, queryFn: endpoints.allTeams });
  const users = useQuery({
    queryKey: keys.users,
    queryFn: endpoints.allUsers,
    enabled: useCan('users:read'),
  });
  const surveys = useQuery({
    queryKey: surveyKeys.allSurveys,
    queryFn: surveyEndpoints.allSurveys,
  });
  return {
    loading: questions.isPending,
    choices: {
      questions: questions.data ?? [],
      themes: (themes.data ?? []).map((t) => ({ id: t.id, name: t.name })),
      attributes: (attributes.data ?? []).map((a) => ({ key: a.key, label: a.label })),
      touchpoints: (touchpoints.data ?? []).map((t) => ({ id: t.id, name: t.name })),
      stages: (journeys.data ?? []).flatMap((j) =>
        j.stages.map((s) => ({ id: s.id, name: `${j.name}: ${s.name}` })),
      ),
      teams: (teams.data ?? []).map((t) => ({ id: t.id, name: t.name })),
      users: (users.data ?? []).map((u) => ({ id: u.id, name: u.name })),
      surveys: (surveys.data ?? []).map((s) => ({ id: s.id, name: s.name })),
    },
  };
}
