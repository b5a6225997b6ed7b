/**
 * Reading and writing a Lambda function's concurrency settings through its L1 resource, so several
 * constructs of this library agree on one value instead of overwriting each other.
 */
import { Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LIMITS } from '../../lib/model';
import { isDeferred } from './deferred';
import type { PropsCheck } from './validate';

/** The CfnFunction behind an L2 function, or undefined (imported functions have none). */
export function cfnFunctionOf(fn: lambda.IFunction): lambda.CfnFunction | undefined {
  const child = fn.node.defaultChild;
  return child instanceof lambda.CfnFunction ? child : undefined;
}

/** The CfnFunction, or a recorded problem naming the function when it is not defined in this app. */
export function requireCfnFunction(fn: lambda.IFunction, check: PropsCheck, field = 'function'): lambda.CfnFunction | undefined {
  const cfn = cfnFunctionOf(fn);
  check.require(cfn !== undefined, `${field} must be a lambda.Function defined in this app (its reserved concurrency is set here), got ${fn.node.path}`);
  return cfn;
}

/** The function's timeout in seconds (Lambda's default 3 s when unset); undefined when a token. */
export function timeoutSecondsOf(fn: lambda.IFunction): number | undefined {
  const cfn = cfnFunctionOf(fn);
  const timeout = cfn?.timeout;
  if (timeout === undefined) return cfn ? LIMITS.lambdaDefaultTimeoutSeconds : undefined;
  return Token.isUnresolved(timeout) ? undefined : timeout;
}

/** Reserved concurrency as set on the function: a number, a token, or undefined (unreserved). */
export function reservedOf(fn: lambda.IFunction): number | undefined {
  return cfnFunctionOf(fn)?.reservedConcurrentExecutions;
}

/**
 * Sets reserved concurrency, refusing to silently replace a different value already set. Only a
 * deferred value (a proxy share, which takes the current value as its need) may replace one.
 */
export function setReserved(cfn: lambda.CfnFunction, value: number, check: PropsCheck, reason: string): void {
  const current = cfn.reservedConcurrentExecutions;
  if (current !== undefined && current !== value && !isDeferred(value)) {
    check.fail(`${reason} needs reservedConcurrentExecutions ${value}, but the function already sets ${current}; remove one of them`);
    return;
  }
  cfn.reservedConcurrentExecutions = value;
}
