/**
 * Linker: CloudWatch alarms ↔ the functions and queues their metric dimensions name.
 */
import { field, literalString, ResourceRef, toArray, type Resolved, type Resource } from '../values';
import { stripQualifier, type GraphLookup } from './lookup';

/** Records the metrics each alarm (and each metric of its metric math) watches on functions and queues. */
export function linkAlarms(lookup: GraphLookup): void {
  for (const r of lookup.of('AWS::CloudWatch::Alarm')) {
    linkAlarmMetric(lookup, r, r.property('MetricName'), r.property('Dimensions'));
    for (const m of toArray(r.property('Metrics'))) {
      const metric = field(field(m, 'MetricStat'), 'Metric');
      linkAlarmMetric(lookup, r, field(metric, 'MetricName'), field(metric, 'Dimensions'));
    }
  }
}

/** Records a metric an alarm watches on the functions and queues its dimensions name. */
function linkAlarmMetric(lookup: GraphLookup, alarm: Resource, name: Resolved, dimensions: Resolved): void {
  const metricName = literalString(name);
  if (!metricName) return;
  for (const d of toArray(dimensions)) {
    const dimension = literalString(field(d, 'Name'));
    const value = field(d, 'Value');
    if (dimension === 'FunctionName' || dimension === 'Resource') {
      lookup.knownFunction(alarm, stripQualifier(value))?.alarmMetrics.add(metricName);
    } else if (dimension === 'QueueName') {
      lookup.knownQueue(alarm, value instanceof ResourceRef ? value : literalString(value))?.alarmMetrics.add(metricName);
    }
  }
}
