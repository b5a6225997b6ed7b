"""
The AWS behaviour the end-to-end test needs and moto 5.2.1 does not have, added through moto's own
extension points (CloudFormationModel subclasses, backend and response methods, url paths) by
install(), which launch.py calls before moto's server starts. The installed moto is never modified.

Each addition names the AWS reference it follows. Kept to what the test's flow reaches: the example
app's resources (test/e2e/moto/service.yaml), the calls audit and observe send, and the calls the
test makes to inject drift.
"""
import json
import math
import re
import sys
from datetime import timedelta
from typing import Any
from urllib.parse import unquote

from moto.applicationautoscaling.models import applicationautoscaling_backends
from moto.awslambda import urls as lambda_urls
from moto.awslambda.models import LambdaBackend, LambdaFunction, LambdaVersion, lambda_backends
from moto.awslambda.responses import LambdaResponse
from moto.cloudformation import parsing as cfn_parsing
from moto.cloudformation.models import CloudFormationBackend
from moto.cloudwatch.models import CloudWatchBackend, Dimension, Statistics, cloudwatch_backends
from moto.core.common_models import CloudFormationModel


def _module(service: str) -> str:
    # moto files each model under the service named by its module (moto.<service>.…, InstanceTrackerMeta).
    return f"moto.{service}.e2e_extension"


def _stack_name(kwargs: dict[str, Any]) -> str:
    # arn:aws:cloudformation:<region>:<account>:stack/<name>/<id>
    return str(kwargs.get("StackId", "")).split(":stack/")[-1].split("/")[0]


def _tags(properties: dict[str, Any]) -> dict[str, str]:
    # AWS::Lambda::Function Tags: a list of {Key, Value} (lambda-function.html#cfn-lambda-function-tags)
    return {t["Key"]: t["Value"] for t in properties.get("Tags", [])}


# --- AWS::Lambda::Function: tags and architecture --------------------------------------------
# aws-resource-lambda-function.html: Tags and Architectures are properties of the function, and
# CloudFormation adds aws:cloudformation:stack-name/stack-id/logical-id to every taggable resource
# (aws-properties-resource-tags.html). moto 5.2.1 drops all of them.
_create_function = LambdaFunction.create_from_cloudformation_json.__func__


def _create_function_with_tags(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    fn = _create_function(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    properties = cloudformation_json["Properties"]
    fn.architectures = properties.get("Architectures", fn.architectures)
    tags = _tags(properties)
    tags.update({
        "aws:cloudformation:stack-name": _stack_name(kwargs),
        "aws:cloudformation:stack-id": str(kwargs.get("StackId", "")),
        "aws:cloudformation:logical-id": str(kwargs.get("LogicalId", "")),
    })
    lambda_backends[account_id][region_name].tag_resource(fn.function_arn, tags)
    return fn


def _update_function_with_tags(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    # UpdateStack: memory, timeout, reserved concurrency and tags follow the new template
    # (aws-resource-lambda-function.html, "Update requires: No interruption" for each).
    # moto's own update also re-reads Code, and fails on an S3 location (it decodes it as a ZipFile);
    # the example app's code does not change between plans, so the configuration is what is updated.
    properties = cloudformation_json["Properties"]
    fn = original_resource
    fn.update_configuration({k: properties[k] for k in ("MemorySize", "Timeout", "Environment", "Description") if k in properties})
    backend = lambda_backends[account_id][region_name]
    reserved = properties.get("ReservedConcurrentExecutions")
    if reserved is None:
        backend.delete_function_concurrency(fn.function_name)
    else:
        backend.put_function_concurrency(fn.function_name, int(reserved))
    backend.tag_resource(fn.function_arn, _tags(properties))
    return fn


# --- AWS::Lambda::Version: Fn::GetAtt Version ---------------------------------------------------
# aws-resource-lambda-version.html#aws-resource-lambda-version-return-values: `Version` is the
# version number (what an alias's FunctionVersion refers to); moto has no attributes for it.
def _version_attribute(self: LambdaVersion, attribute_name: str) -> str:
    from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

    if attribute_name == "Version":
        return str(self.version)
    raise UnformattedGetAttTemplateException()


# --- Provisioned concurrency and account settings (Lambda API) --------------------------------
# API_PutProvisionedConcurrencyConfig, API_GetProvisionedConcurrencyConfig,
# API_ListProvisionedConcurrencyConfigs, API_DeleteProvisionedConcurrencyConfig: one config per
# (function, alias or version); an emulator has no capacity to wait for, so each is READY with
# Allocated = Requested at once.
def _pc_configs(backend: LambdaBackend) -> dict[tuple[str, str], int]:
    if not hasattr(backend, "_e2e_pc"):
        backend._e2e_pc = {}
    return backend._e2e_pc


def _pc_json(backend: LambdaBackend, name: str, qualifier: str, requested: int, with_arn: bool) -> dict[str, Any]:
    out = {
        "RequestedProvisionedConcurrentExecutions": requested,
        "AvailableProvisionedConcurrentExecutions": requested,
        "AllocatedProvisionedConcurrentExecutions": requested,
        "Status": "READY",
        "LastModified": "2026-01-01T00:00:00.000+0000",
    }
    if with_arn:
        out["FunctionArn"] = f"{backend.get_function(name).function_arn}:{qualifier}"
    return out


def put_provisioned_concurrency(backend: LambdaBackend, name: str, qualifier: str, requested: int) -> None:
    """PC on an alias or version; the function must exist (ResourceNotFoundException otherwise)."""
    fn = backend.get_function(name)
    _pc_configs(backend)[(fn.function_name, qualifier)] = requested


def delete_provisioned_concurrency(backend: LambdaBackend, name: str, qualifier: str) -> None:
    _pc_configs(backend).pop((name, qualifier), None)


def _function_name(self: LambdaResponse) -> str:
    name = unquote(self.path.split("/functions/")[1].split("/")[0])
    return self.backend.get_function(name).function_name


def _put_provisioned_concurrency_config(self: LambdaResponse):
    name, qualifier = _function_name(self), self.querystring["Qualifier"][0]
    requested = int(json.loads(self.body)["ProvisionedConcurrentExecutions"])
    put_provisioned_concurrency(self.backend, name, qualifier, requested)
    return 202, {}, json.dumps(_pc_json(self.backend, name, qualifier, requested, with_arn=False))


def _get_provisioned_concurrency_config(self: LambdaResponse):
    name, qualifier = _function_name(self), self.querystring["Qualifier"][0]
    requested = _pc_configs(self.backend).get((name, qualifier))
    if requested is None:
        # API_GetProvisionedConcurrencyConfig: ProvisionedConcurrencyConfigNotFoundException, HTTP 404
        body = {"Type": "User", "message": f"No Provisioned Concurrency Config found for this function"}
        return 404, {"x-amzn-errortype": "ProvisionedConcurrencyConfigNotFoundException"}, json.dumps(body)
    return 200, {}, json.dumps(_pc_json(self.backend, name, qualifier, requested, with_arn=False))


def _list_provisioned_concurrency_configs(self: LambdaResponse):
    name = _function_name(self)
    configs = [_pc_json(self.backend, n, q, r, with_arn=True) for (n, q), r in sorted(_pc_configs(self.backend).items()) if n == name]
    return 200, {}, json.dumps({"ProvisionedConcurrencyConfigs": configs})


def _delete_provisioned_concurrency_config(self: LambdaResponse):
    delete_provisioned_concurrency(self.backend, _function_name(self), self.querystring["Qualifier"][0])
    return 204, {}, ""


def _get_account_settings(self: LambdaResponse):
    # API_GetAccountSettings: the default quota of 1,000 concurrent executions per region, less
    # what functions reserve (UnreservedConcurrentExecutions).
    limit = 1000
    reserved = sum(int(f.reserved_concurrency or 0) for f in self.backend.list_functions())
    body = {
        "AccountLimit": {
            "TotalCodeSize": 80530636800, "CodeSizeUnzipped": 262144000, "CodeSizeZipped": 52428800,
            "ConcurrentExecutions": limit, "UnreservedConcurrentExecutions": limit - reserved,
        },
        "AccountUsage": {"TotalCodeSize": 0, "FunctionCount": len(self.backend.list_functions())},
    }
    return 200, {}, json.dumps(body)


def _get_or_list_provisioned_concurrency(self: LambdaResponse):
    if "List" in self.querystring:
        return _list_provisioned_concurrency_configs(self)
    return _get_provisioned_concurrency_config(self)


# --- AWS::Lambda::Alias with ProvisionedConcurrencyConfig -------------------------------------
# aws-resource-lambda-alias.html: Name, FunctionName, FunctionVersion, ProvisionedConcurrencyConfig
# {ProvisionedConcurrentExecutions}; Ref is the alias ARN. Provisioned concurrency "Update requires:
# No interruption"; a new Name or FunctionName replaces the alias.
class E2eLambdaAlias(CloudFormationModel):
    __module__ = _module("awslambda")

    def __init__(self, account_id: str, region: str, function_name: str, name: str, arn: str):
        self.account_id, self.region, self.function_name, self.name, self.arn = account_id, region, function_name, name, arn

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Lambda::Alias"

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    @staticmethod
    def _apply(backend: LambdaBackend, function_name: str, name: str, properties: dict[str, Any]) -> None:
        pc = properties.get("ProvisionedConcurrencyConfig")
        if pc:
            put_provisioned_concurrency(backend, function_name, name, int(pc["ProvisionedConcurrentExecutions"]))
        else:
            delete_provisioned_concurrency(backend, function_name, name)

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        properties = cloudformation_json["Properties"]
        backend = lambda_backends[account_id][region_name]
        function_name = backend.get_function(properties["FunctionName"]).function_name
        alias = backend.create_alias(
            name=properties["Name"], function_name=function_name, function_version=str(properties["FunctionVersion"]),
            description=properties.get("Description", ""), routing_config=properties.get("RoutingConfig"),
        )
        cls._apply(backend, function_name, properties["Name"], properties)
        return cls(account_id, region_name, function_name, properties["Name"], alias.arn)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        properties = cloudformation_json["Properties"]
        backend = lambda_backends[account_id][region_name]
        backend.update_alias(
            name=original_resource.name, function_name=original_resource.function_name,
            function_version=str(properties["FunctionVersion"]), description=properties.get("Description", ""),
            routing_config=properties.get("RoutingConfig"),
        )
        cls._apply(backend, original_resource.function_name, original_resource.name, properties)
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        backend = lambda_backends[account_id][region_name]
        delete_provisioned_concurrency(backend, self.function_name, self.name)
        backend.delete_alias(self.name, self.function_name)

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        backend = lambda_backends[account_id][region_name]
        properties = cloudformation_json["Properties"]
        delete_provisioned_concurrency(backend, properties["FunctionName"], properties["Name"])
        backend.delete_alias(properties["Name"], properties["FunctionName"])


# --- AWS::ApplicationAutoScaling::ScalableTarget and ::ScalingPolicy ---------------------------
# aws-resource-applicationautoscaling-scalabletarget.html: ServiceNamespace, ResourceId,
# ScalableDimension, MinCapacity, MaxCapacity, ScheduledActions [{ScheduledActionName, Schedule,
# Timezone, ScalableTargetAction {MinCapacity, MaxCapacity}}]; Ref is `<ResourceId>|<ScalableDimension>|<ServiceNamespace>`.
# An update replaces the scheduled actions with the template's (API_PutScheduledAction per action,
# API_DeleteScheduledAction for the ones removed).
class E2eScalableTarget(CloudFormationModel):
    __module__ = _module("applicationautoscaling")

    def __init__(self, account_id: str, region: str, namespace: str, resource_id: str, dimension: str):
        self.account_id, self.region, self.namespace, self.resource_id, self.dimension = account_id, region, namespace, resource_id, dimension

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApplicationAutoScaling::ScalableTarget"

    @property
    def physical_resource_id(self) -> str:
        return f"{self.resource_id}|{self.dimension}|{self.namespace}"

    def _apply(self, properties: dict[str, Any]) -> None:
        backend = applicationautoscaling_backends[self.account_id][self.region]
        backend.register_scalable_target(
            self.namespace, self.resource_id, self.dimension,
            int(properties["MinCapacity"]), int(properties["MaxCapacity"]), properties.get("RoleARN", ""), properties.get("SuspendedState"),
        )
        wanted = {a["ScheduledActionName"]: a for a in properties.get("ScheduledActions", [])}
        for action in list(backend.describe_scheduled_actions(None, self.namespace, self.resource_id, self.dimension)):
            if action.scheduled_action_name not in wanted:
                backend.delete_scheduled_action(self.namespace, action.scheduled_action_name, self.resource_id, self.dimension)
        for name, a in wanted.items():
            backend.put_scheduled_action(
                self.namespace, a["Schedule"], a.get("Timezone"), name, self.resource_id, self.dimension,
                a.get("StartTime"), a.get("EndTime"), a.get("ScalableTargetAction"),
            )

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        target = cls(account_id, region_name, p["ServiceNamespace"], p["ResourceId"], p["ScalableDimension"])
        target._apply(p)
        return target

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        original_resource._apply(cloudformation_json["Properties"])
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        backend = applicationautoscaling_backends[account_id][region_name]
        for action in list(backend.describe_scheduled_actions(None, self.namespace, self.resource_id, self.dimension)):
            backend.delete_scheduled_action(self.namespace, action.scheduled_action_name, self.resource_id, self.dimension)
        backend.deregister_scalable_target(self.namespace, self.resource_id, self.dimension)


# aws-resource-applicationautoscaling-scalingpolicy.html: PolicyName, PolicyType, ScalingTargetId
# (the target's Ref) or ResourceId/ScalableDimension/ServiceNamespace, TargetTrackingScalingPolicyConfiguration.
class E2eScalingPolicy(CloudFormationModel):
    __module__ = _module("applicationautoscaling")

    def __init__(self, account_id: str, region: str, name: str, namespace: str, resource_id: str, dimension: str, arn: str):
        self.account_id, self.region, self.name, self.namespace, self.resource_id, self.dimension, self.arn = account_id, region, name, namespace, resource_id, dimension, arn

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApplicationAutoScaling::ScalingPolicy"

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    @staticmethod
    def _put(account_id: str, region_name: str, p: dict[str, Any]) -> "E2eScalingPolicy":
        if "ScalingTargetId" in p:
            resource_id, dimension, namespace = p["ScalingTargetId"].split("|")
        else:
            resource_id, dimension, namespace = p["ResourceId"], p["ScalableDimension"], p["ServiceNamespace"]
        # moto keeps the policy's configuration itself as its body (the one of its type)
        body = p.get("TargetTrackingScalingPolicyConfiguration") or p.get("StepScalingPolicyConfiguration")
        policy = applicationautoscaling_backends[account_id][region_name].put_scaling_policy(
            p["PolicyName"], namespace, resource_id, dimension, body, p["PolicyType"],
        )
        return E2eScalingPolicy(account_id, region_name, p["PolicyName"], namespace, resource_id, dimension, policy.policy_arn)

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        return cls._put(account_id, region_name, cloudformation_json["Properties"])

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        return cls._put(account_id, region_name, cloudformation_json["Properties"])

    def delete(self, account_id: str, region_name: str) -> None:
        applicationautoscaling_backends[account_id][region_name].delete_scaling_policy(self.name, self.namespace, self.resource_id, self.dimension)


# --- AWS::CloudWatch::Alarm -------------------------------------------------------------------
# aws-resource-cloudwatch-alarm.html: the PutMetricAlarm parameters as properties; Ref is the
# alarm name (generated from the stack and logical id when AlarmName is not given).
class E2eAlarm(CloudFormationModel):
    __module__ = _module("cloudwatch")

    def __init__(self, account_id: str, region: str, name: str):
        self.account_id, self.region, self.name = account_id, region, name

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::CloudWatch::Alarm"

    @staticmethod
    def cloudformation_name_type() -> str:
        return "AlarmName"

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @staticmethod
    def _put(account_id: str, region_name: str, name: str, p: dict[str, Any]) -> None:
        cloudwatch_backends[account_id][region_name].put_metric_alarm(
            name=name, namespace=p.get("Namespace"), metric_name=p.get("MetricName"),
            comparison_operator=p["ComparisonOperator"], evaluation_periods=int(p["EvaluationPeriods"]),
            period=int(p["Period"]) if "Period" in p else None, threshold=float(p["Threshold"]) if "Threshold" in p else None,
            statistic=p.get("Statistic"), description=p.get("AlarmDescription"), dimensions=p.get("Dimensions", []),
            alarm_actions=p.get("AlarmActions", []), datapoints_to_alarm=p.get("DatapointsToAlarm"),
            extended_statistic=p.get("ExtendedStatistic"), ok_actions=p.get("OKActions", []),
            insufficient_data_actions=p.get("InsufficientDataActions", []), unit=p.get("Unit"),
            actions_enabled=p.get("ActionsEnabled", True), treat_missing_data=p.get("TreatMissingData"),
        )

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        cls._put(account_id, region_name, resource_name, cloudformation_json["Properties"])
        return cls(account_id, region_name, resource_name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        cls._put(account_id, region_name, original_resource.name, cloudformation_json["Properties"])
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        cloudwatch_backends[account_id][region_name].delete_alarms([self.name])


# --- GetMetricData with a percentile statistic --------------------------------------------------
# cloudwatch Statistics-definitions: pNN.NN is the NN.NN-th percentile of the period's values.
# moto answers None for it and the response fails (HTTP 500). Nearest rank over the raw values.
_statistic = Statistics.get_statistics_for_type
_PERCENTILE = re.compile(r"^p(\d{1,2}(\.\d+)?|100)$")


def _statistics_for_type(self: Statistics, stat: str):
    match = _PERCENTILE.match(stat)
    if not match:
        return _statistic(self, stat)
    values = sorted(self.metric_single_values_list)
    if not values:
        return None
    rank = max(1, math.ceil(float(match.group(1)) / 100 * len(values)))
    return values[rank - 1]


# --- GetMetricData over weeks of minute data -----------------------------------------------------
# API_GetMetricData: one value per period that has data, timestamps at the period's start. moto
# compares every datapoint with every period (weeks of minutes: 20,160 periods x every datapoint);
# the same answer, with each datapoint put in its period once. Queries other than MetricStat
# (math, Metrics Insights) go to moto's own implementation.
_get_metric_data = CloudWatchBackend.get_metric_data


def _get_metric_data_bucketed(self: CloudWatchBackend, queries, start_time, end_time, scan_by="TimestampAscending"):
    if not queries or any("MetricStat" not in q for q in queries) or start_time >= end_time:
        return _get_metric_data(self, queries, start_time, end_time, scan_by)
    start_time, end_time = start_time.replace(microsecond=0), end_time.replace(microsecond=0)
    in_window = [md for md in self.get_all_metrics() if start_time <= md.timestamp < end_time]
    results = []
    for query in queries:
        stat = query["MetricStat"]
        metric, period = stat["Metric"], int(stat["Period"])
        dimensions = sorted(Dimension(name=d["Name"], value=d["Value"]) for d in metric.get("Dimensions", []))
        buckets: dict[int, list] = {}
        for md in in_window:
            if md.name != metric["MetricName"] or md.namespace != metric["Namespace"] or sorted(md.dimensions) != dimensions:
                continue
            if stat.get("Unit") and md.unit != stat["Unit"]:
                continue
            buckets.setdefault(int((md.timestamp - start_time).total_seconds()) // period, []).append(md)
        timestamps, values = [], []
        for index in sorted(buckets, reverse=scan_by == "TimestampDescending"):
            statistics = Statistics([stat["Stat"]], start_time + timedelta(seconds=index * period))
            statistics.metric_data = buckets[index]
            timestamps.append(statistics.timestamp)
            values.append(statistics.get_statistics_for_type(stat["Stat"]))
        if query.get("ReturnData", True):
            label = query.get("Label") or f"{metric['MetricName']} {stat['Stat']}"
            results.append({"id": query["Id"], "label": label, "values": values, "timestamps": timestamps, "status_code": "Complete"})
    return results


# --- UpdateStack with UsePreviousValue for a parameter left at its default --------------------------
# API_UpdateStack / API_Parameter: UsePreviousValue keeps the stack's current value, which for a
# parameter created without a value is its default. moto keeps only the values given at creation and
# fails (KeyError, HTTP 500) on CDK's `BootstrapVersion`: such a parameter is left to its default again.
_resolve_update_parameters = CloudFormationBackend._resolve_update_parameters


def _resolve_update_parameters_with_defaults(self, instance, incoming_params):
    known = [p for p in incoming_params if not p.get("UsePreviousValue", False) or p["ParameterKey"] in instance.parameters]
    return _resolve_update_parameters(self, instance, known)


_delete_resource = cfn_parsing.ResourceMap._delete_resource


def _delete_resource_gone_is_deleted(self, parsed_resource, resource_json) -> None:
    """
    DeleteStack when a resource is already gone: CloudFormation counts it as deleted (AWS CloudFormation
    resource handler contract, delete handlers: a resource that does not exist answers NotFound, and the
    stack's delete goes on). moto deletes a function's versions, aliases and provisioned concurrency with
    the function, and deletes a stack's resources in the order of a Python set, which varies run to run:
    when the function came first, the later delete of its alias raised ResourceNotFound (HTTP 404, not XML)
    and failed the whole DeleteStack (2 of 7 e2e runs).
    """
    try:
        _delete_resource(self, parsed_resource, resource_json)
    except Exception as error:  # noqa: BLE001 - only "not found" is taken as deleted; the rest is raised
        if getattr(error, "code", None) == 404 or "NotFound" in type(error).__name__:
            print(f"extension: {parsed_resource.__class__.__name__} already gone at DeleteStack ({type(error).__name__}): deleted", file=sys.stderr)
            return
        raise


def install() -> None:
    """Registers every addition with moto; call once, before the server starts."""
    cfn_parsing.ResourceMap._delete_resource = _delete_resource_gone_is_deleted
    LambdaFunction.create_from_cloudformation_json = classmethod(_create_function_with_tags)
    LambdaFunction.update_from_cloudformation_json = classmethod(_update_function_with_tags)
    LambdaResponse.put_provisioned_concurrency_config = _put_provisioned_concurrency_config
    # Get and List share GET …/provisioned-concurrency (List has ?List=ALL): moto resolves both to Get.
    LambdaResponse.get_provisioned_concurrency_config = _get_or_list_provisioned_concurrency
    LambdaResponse.list_provisioned_concurrency_configs = _list_provisioned_concurrency_configs
    LambdaResponse.delete_provisioned_concurrency_config = _delete_provisioned_concurrency_config
    LambdaResponse.get_account_settings = _get_account_settings
    lambda_urls.url_paths[r"{0}/(?P<api_version>[^/]+)/functions/(?P<function_name>[\w_:%-]+)/provisioned-concurrency/?$"] = LambdaResponse.dispatch
    lambda_urls.url_paths[r"{0}/(?P<api_version>[^/]+)/account-settings/?$"] = LambdaResponse.dispatch
    Statistics.get_statistics_for_type = _statistics_for_type
    CloudWatchBackend.get_metric_data = _get_metric_data_bucketed
    CloudFormationBackend._resolve_update_parameters = _resolve_update_parameters_with_defaults
    LambdaVersion.has_cfn_attr = classmethod(lambda cls, attr: attr == "Version")
    LambdaVersion.get_cfn_attribute = _version_attribute
    # moto finds CloudFormation models among CloudFormationModel's subclasses (parsing.get_model_list,
    # cached on first use): the classes above are registered by being defined; drop any cached list.
    for cached in (cfn_parsing.get_model_list, cfn_parsing.get_model_map, cfn_parsing.get_name_type_map):
        cached.cache_clear()
