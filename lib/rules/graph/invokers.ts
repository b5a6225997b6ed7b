/**
 * Linker: who invokes each function, synchronously or asynchronously.
 */
import { field, literalString, toArray, type Resolved, type Resource } from '../values';
import type { GraphLookup } from './lookup';

/** Service principals whose invocations are synchronous / asynchronous (Lambda invocation docs). */
const SYNC_PRINCIPALS = ['apigateway.amazonaws.com', 'elasticloadbalancing.amazonaws.com', 'cognito-idp.amazonaws.com', 'lex.amazonaws.com', 'alexa-appkit.amazon.com'];
const ASYNC_PRINCIPALS = ['s3.amazonaws.com', 'sns.amazonaws.com', 'events.amazonaws.com', 'ses.amazonaws.com', 'iot.amazonaws.com', 'logs.amazonaws.com', 'codecommit.amazonaws.com', 'config.amazonaws.com', 'scheduler.amazonaws.com'];

/** Records sync and async sources on the functions: permissions, function URLs, SNS subscriptions, EventBridge rule targets. */
export function linkInvokers(lookup: GraphLookup): void {
  const mark = (from: Resource, value: Resolved, list: 'syncSources' | 'asyncSources', source: string) => {
    const fn = lookup.knownFunction(from, value);
    if (fn && !fn[list].includes(source)) fn[list].push(source);
  };
  for (const r of lookup.of('AWS::Lambda::Permission')) {
    const principal = literalString(r.property('Principal')) ?? '';
    if (SYNC_PRINCIPALS.includes(principal)) mark(r, r.property('FunctionName'), 'syncSources', principal);
    if (ASYNC_PRINCIPALS.includes(principal)) mark(r, r.property('FunctionName'), 'asyncSources', principal);
  }
  for (const r of lookup.of('AWS::Lambda::Url')) mark(r, r.property('TargetFunctionArn'), 'syncSources', 'function URL');
  for (const r of lookup.of('AWS::SNS::Subscription')) {
    if (literalString(r.property('Protocol')) === 'lambda') mark(r, r.property('Endpoint'), 'asyncSources', `SNS subscription ${r.logicalId}`);
  }
  for (const r of lookup.of('AWS::Events::Rule')) {
    for (const target of toArray(r.property('Targets'))) mark(r, field(target, 'Arn'), 'asyncSources', `EventBridge rule ${r.logicalId}`);
  }
}
