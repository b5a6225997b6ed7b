/**
 * ProvisionedScaleIn: target tracking with a minimum and no lowering schedule is reported, except where
 * the maximum is within the provisioned buffer of the minimum (a flat plan, as the planner writes for
 * traffic that needs the same PC every hour): the level tracking can leave behind is then at most the buffer.
 */
import { runChecks } from '../../lib/rules';
import { parseTemplate } from '../../lib/rules/template-text';

function template(min: number, max: number): string {
  return `
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x }, ReservedConcurrentExecutions: 50 }
  Version:
    Type: AWS::Lambda::Version
    Properties: { FunctionName: !Ref Fn }
  Alias:
    Type: AWS::Lambda::Alias
    Properties: { FunctionName: !Ref Fn, FunctionVersion: !GetAtt Version.Version, Name: live, ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: ${min} } }
  Target:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    DependsOn: Alias
    Properties:
      ServiceNamespace: lambda
      ScalableDimension: lambda:function:ProvisionedConcurrency
      ResourceId: !Sub function:\${Fn}:live
      MinCapacity: ${min}
      MaxCapacity: ${max}
  Tracking:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      PolicyName: tracking
      PolicyType: TargetTrackingScaling
      ScalingTargetId: !Ref Target
      TargetTrackingScalingPolicyConfiguration:
        TargetValue: 0.7
        PredefinedMetricSpecification: { PredefinedMetricType: LambdaProvisionedConcurrencyUtilization }
`;
}

const scaleIn = (min: number, max: number) =>
  runChecks([{ stackName: 'S', template: parseTemplate(template(min, max), 'template.yaml') }]).findings.filter((f) => f.ruleId === 'ProvisionedScaleIn');

test.each([
  [10, 11],
  [10, 10],
  [40, 44],
])('min %i, max %i (within the 10%% buffer): not reported', (min, max) => {
  expect(scaleIn(min, max)).toEqual([]);
});

test.each([
  [10, 12],
  [10, 30],
  [40, 45],
])('min %i, max %i (tracking can raise it beyond the buffer): reported', (min, max) => {
  expect(scaleIn(min, max).map((f) => f.severity)).toEqual(['warning']);
});
