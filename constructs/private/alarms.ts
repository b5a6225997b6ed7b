/**
 * Alarms drawn from a table: each row says which metric, which threshold (or "does not apply"),
 * and how many datapoints; one loop renders them all. Keeps alarm definitions data, not code.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** One alarm of a table, evaluated against a context `C`. */
export interface AlarmRow<C> {
  /** Construct id of the alarm and key in the returned record. */
  readonly key: string;
  /** The threshold, or undefined when the alarm does not apply to this context. */
  readonly threshold: (ctx: C) => number | undefined;
  readonly metric: (ctx: C, period: Duration) => cloudwatch.IMetric;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** Human text for the alarm description; `threshold` may be a token. */
  readonly describe: (ctx: C, threshold: number) => string;
}

/** Renders the rows that apply; alarms notify `topic` when given. */
export function renderAlarms<C>(scope: Construct, rows: readonly AlarmRow<C>[], ctx: C, topic?: sns.ITopic): Record<string, cloudwatch.Alarm> {
  const out: Record<string, cloudwatch.Alarm> = {};
  for (const row of rows) {
    const threshold = row.threshold(ctx);
    if (threshold === undefined) continue;
    const alarm = new cloudwatch.Alarm(scope, row.key, {
      metric: row.metric(ctx, Duration.seconds(row.periodSeconds)),
      threshold,
      comparisonOperator: row.comparison,
      evaluationPeriods: row.evaluationPeriods,
      datapointsToAlarm: row.datapointsToAlarm,
      // Idle functions and empty queues emit no datapoints; that is not a problem.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: row.describe(ctx, threshold),
    });
    if (topic) alarm.addAlarmAction(new actions.SnsAction(topic));
    out[row.key] = alarm;
  }
  return out;
}
