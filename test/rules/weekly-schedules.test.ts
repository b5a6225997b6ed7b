/**
 * The schedule rules over day-of-week crons (what the weekly planner writes): no finding for a weekly
 * cron with a time zone, ScheduleTimezone for one without.
 */
import { checkTemplates } from '../../lib/rules';

/** A template with one provisioned-concurrency target whose scheduled actions are `actions`. */
function template(actions: Record<string, unknown>[]) {
  return {
    stackName: 'Weekly',
    template: {
      Resources: {
        Target: {
          Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
          Properties: { ServiceNamespace: 'lambda', ScalableDimension: 'lambda:function:ProvisionedConcurrency', ResourceId: 'function:fn:live', MinCapacity: 1, MaxCapacity: 20, ScheduledActions: actions },
        },
      },
    },
  };
}

const scheduleFindings = (actions: Record<string, unknown>[]) => checkTemplates([template(actions)]).filter((f) => /^Schedul/.test(f.ruleId));

describe('schedule rules on day-of-week crons', () => {
  test.each(['cron(58 7 ? * MON-FRI *)', 'cron(0 10 ? * SAT,SUN *)', 'cron(0 21 ? * 1-7 *)'])('%s with a time zone: no finding', (schedule) => {
    expect(scheduleFindings([{ ScheduledActionName: 'a', Schedule: schedule, Timezone: 'Europe/Paris', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 20 } }])).toEqual([]);
  });

  test('a weekly cron without a time zone is flagged by ScheduleTimezone', () => {
    const findings = scheduleFindings([{ ScheduledActionName: 'weekdays', Schedule: 'cron(58 7 ? * MON-FRI *)', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 20 } }]);
    expect(findings.map((f) => [f.ruleId, f.message])).toEqual([['ScheduleTimezone', 'scheduled action weekdays of Weekly/Target runs cron(58 7 ? * MON-FRI *) with no time zone']]);
  });
});
