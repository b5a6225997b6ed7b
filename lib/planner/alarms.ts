/**
 * Alarms of a planned function (MODEL §10): the model's choice, with the rationale line that explains it.
 */
import { DEFAULTS, chooseAlarms } from '../model';
import type { FunctionSpec } from '../workload/types';
import type { AlarmsPlan, ProvisionedPlan, SqsPlan } from './types';

/** Alarm thresholds of MODEL §10 for one function. */
export function planAlarms(spec: FunctionSpec, reserved: number, provisioned: ProvisionedPlan | null, sqs: SqsPlan | null, rationale: string[]): AlarmsPlan {
  const a = DEFAULTS.alarms;
  const alarms = chooseAlarms({
    invocation: spec.invocation,
    reservedConcurrency: reserved,
    spilloverTarget: spec.spilloverTarget,
    provisioned: provisioned !== null,
    maxQueueAgeSeconds: sqs?.maxQueueAgeSeconds,
  });
  const parts = [
    alarms.throttles ? `Throttles >= 1 for ${a.throttleDatapointsToAlarm} of ${a.throttleEvaluationPeriods} minutes` : 'no Throttles alarm (SQS throttles are back-pressure; queue age alarms instead)',
    `ConcurrentExecutions >= ${alarms.concurrency.threshold} (${a.concurrencyFraction * 100}% of ${reserved})`,
    alarms.spillover ? `spillover rate > ${alarms.spillover.rate} (2 x target)` : '',
    alarms.provisionedUtilization ? `PC utilization (Maximum) > ${a.provisionedUtilization}` : '',
    alarms.dlqDepth ? 'DLQ visible messages >= 1' : '',
    alarms.queueAge ? `oldest message age > ${alarms.queueAge.thresholdSeconds} s` : '',
  ].filter(Boolean);
  rationale.push(`alarms: ${parts.join('; ')}`);
  return alarms;
}
