/**
 * Linker: ARN properties that name a queue of the checked templates by its URL or its name (`QueueUrlAsArn`).
 * `Ref` of an SQS queue is its URL, and `Fn::GetAtt` gives its `QueueUrl` and `QueueName` too; each property
 * below takes an ARN, and the deploy fails with either. (A queue policy's `Queues` takes URLs, and is not here.)
 */
import { field, literalString, partsOf, ResourceRef, toArray, type Resolved, type Resource } from '../values';
import { redrivePolicyOf } from './failures';
import type { GraphLookup } from './lookup';

/**
 * Per resource type, the properties that take an ARN and may name a queue: the values of one resource, by path
 * (`[]` in a path stands for the index of the value in a list: `Targets[2].Arn`).
 */
const ARN_PROPERTIES: ReadonlyArray<readonly [type: string, path: string, values: (r: Resource, lookup: GraphLookup) => readonly Resolved[]]> = [
  ['AWS::SQS::Queue', 'RedrivePolicy.deadLetterTargetArn', (r, lookup) => [field(lookup.queues.get(r)?.redrive, 'deadLetterTargetArn')]],
  ['AWS::SNS::Subscription', 'RedrivePolicy.deadLetterTargetArn', (r) => [field(redrivePolicyOf(r), 'deadLetterTargetArn')]],
  ['AWS::SNS::Subscription', 'Endpoint', (r) => (literalString(r.property('Protocol')) === 'sqs' ? [r.property('Endpoint')] : [])],
  ['AWS::Lambda::Function', 'DeadLetterConfig.TargetArn', (r) => [field(r.property('DeadLetterConfig'), 'TargetArn')]],
  ['AWS::Lambda::EventInvokeConfig', 'DestinationConfig.OnFailure.Destination', (r) => [field(field(r.property('DestinationConfig'), 'OnFailure'), 'Destination')]],
  ['AWS::Lambda::EventInvokeConfig', 'DestinationConfig.OnSuccess.Destination', (r) => [field(field(r.property('DestinationConfig'), 'OnSuccess'), 'Destination')]],
  ['AWS::Lambda::EventSourceMapping', 'EventSourceArn', (r) => [r.property('EventSourceArn')]],
  ['AWS::Lambda::EventSourceMapping', 'DestinationConfig.OnFailure.Destination', (r) => [field(field(r.property('DestinationConfig'), 'OnFailure'), 'Destination')]],
  ['AWS::Scheduler::Schedule', 'Target.Arn', (r) => [field(r.property('Target'), 'Arn')]],
  ['AWS::Scheduler::Schedule', 'Target.DeadLetterConfig.Arn', (r) => [field(field(r.property('Target'), 'DeadLetterConfig'), 'Arn')]],
  ['AWS::Events::Rule', 'Targets[].Arn', (r) => toArray(r.property('Targets')).map((t) => field(t, 'Arn'))],
  ['AWS::Events::Rule', 'Targets[].DeadLetterConfig.Arn', (r) => toArray(r.property('Targets')).map((t) => field(field(t, 'DeadLetterConfig'), 'Arn'))],
];

/**
 * Notes on each queue the ARN properties that name it by its URL or name: the whole value one `Ref` of the queue,
 * or `Fn::GetAtt` of its `QueueUrl` or `QueueName` (`Fn::Sub` of `${Queue}` too).
 */
export function linkArnProperties(lookup: GraphLookup): void {
  for (const [type, path, values] of ARN_PROPERTIES) {
    for (const r of lookup.of(type)) {
      values(r, lookup).forEach((value, i) => {
        const parts = partsOf(value);
        const ref = parts?.length === 1 ? parts[0] : undefined;
        if (!(ref instanceof ResourceRef) || ref.resource.type !== 'AWS::SQS::Queue') return;
        if (ref.attribute !== undefined && ref.attribute !== 'QueueUrl' && ref.attribute !== 'QueueName') return;
        lookup.queues.get(ref.resource)?.namedByUrl.push({ resource: r, property: path.replace('[]', `[${i}]`), value });
      });
    }
  }
}
