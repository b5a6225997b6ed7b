/**
 * The AWS SDK client packages, loaded when `observe` or `audit` first needs them. They are optional
 * peer dependencies (28 packages, 23 MB on disk that a CDK app using the constructs does not need):
 * without them these commands stop with exit 2 and the command that installs them.
 */
import type * as LambdaSdk from '@aws-sdk/client-lambda';
import type * as AutoScalingSdk from '@aws-sdk/client-application-auto-scaling';
import type * as CloudWatchSdk from '@aws-sdk/client-cloudwatch';
import { requireOptionalPeers } from '../optional-peers';

/** The three client packages, as modules. */
export interface SdkModules {
  readonly lambda: typeof LambdaSdk;
  readonly autoscaling: typeof AutoScalingSdk;
  readonly cloudwatch: typeof CloudWatchSdk;
}

/** The client packages `observe` and `audit` need. */
export const SDK_PACKAGES = ['@aws-sdk/client-lambda', '@aws-sdk/client-application-auto-scaling', '@aws-sdk/client-cloudwatch'] as const;

let modules: SdkModules | undefined;

/** The SDK client modules, loaded once; InputError naming the install command when they are missing. */
export function sdk(): SdkModules {
  if (!modules) {
    requireOptionalPeers('Reading an AWS account (observe, audit)', SDK_PACKAGES);
    /* eslint-disable @typescript-eslint/no-require-imports */
    modules = {
      lambda: require('@aws-sdk/client-lambda') as typeof LambdaSdk,
      autoscaling: require('@aws-sdk/client-application-auto-scaling') as typeof AutoScalingSdk,
      cloudwatch: require('@aws-sdk/client-cloudwatch') as typeof CloudWatchSdk,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  }
  return modules;
}
