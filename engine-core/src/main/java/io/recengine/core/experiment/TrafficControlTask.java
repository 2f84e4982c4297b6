package io.recengine.core.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A traffic-control task of the experiment file's {@code traffic_control_tasks}: the A/B service's
 * {@code TrafficControlTask} object with the service's field names (as the config SDK's model spells them),
 * so a dump of the service's tasks reads as is. {@code TrafficControlSort} reads them; the fields that only
 * describe the service's own bookkeeping (meta table ids, service ids, create times, the statistics
 * behaviour conditions its Flink job reads, {@code ActualTraffic}) are accepted and not used.
 * Format and example: {@code docs/experiments.md}.
 */
public record TrafficControlTask(
        @JsonProperty("TrafficControlTaskId") String trafficControlTaskId,
        @JsonProperty("Name") String name,
        @JsonProperty("Description") String description,
        @JsonProperty("SceneId") String sceneId,
        @JsonProperty("SceneName") String sceneName,
        @JsonProperty("EffectiveSceneIds") List<Integer> effectiveSceneIds,
        @JsonProperty("EffectiveSceneNames") List<String> effectiveSceneNames,
        @JsonProperty("ProductStatus") String productStatus,
        @JsonProperty("PrepubStatus") String prepubStatus,
        @JsonProperty("ExecutionTime") String executionTime,
        @JsonProperty("StartTime") String startTime,
        @JsonProperty("EndTime") String endTime,
        @JsonProperty("BehaviorTableMetaId") String behaviorTableMetaId,
        @JsonProperty("UserTableMetaId") String userTableMetaId,
        @JsonProperty("ItemTableMetaId") String itemTableMetaId,
        @JsonProperty("UserConditionType") String userConditionType,
        @JsonProperty("UserConditionArray") String userConditionArray,
        @JsonProperty("UserConditionExpress") String userConditionExpress,
        @JsonProperty("StatisBehaviorConditionType") String statisBehaviorConditionType,
        @JsonProperty("StatisBehaviorConditionArray") String statisBehaviorConditionArray,
        @JsonProperty("StatisBehaviorConditionExpress") String statisBehaviorConditionExpress,
        @JsonProperty("ControlType") String controlType,
        @JsonProperty("ControlGranularity") String controlGranularity,
        @JsonProperty("ControlLogic") String controlLogic,
        @JsonProperty("ItemConditionType") String itemConditionType,
        @JsonProperty("ItemConditionArray") String itemConditionArray,
        @JsonProperty("ItemConditionExpress") String itemConditionExpress,
        @JsonProperty("ReleaseStage") String releaseStage,
        @JsonProperty("GmtCreateTime") String gmtCreateTime,
        @JsonProperty("GmtModifiedTime") String gmtModifiedTime,
        @JsonProperty("EverPublished") boolean everPublished,
        @JsonProperty("ServiceId") String serviceId,
        @JsonProperty("ServiceIds") List<Integer> serviceIds,
        @JsonProperty("PreExperimentIds") String preExperimentIds,
        @JsonProperty("ProdExperimentIds") String prodExperimentIds,
        @JsonProperty("TrafficControlTargets") List<Target> trafficControlTargets,
        @JsonProperty("ActualTraffic") JsonNode actualTraffic) {

    public TrafficControlTask {
        effectiveSceneNames = effectiveSceneNames == null ? List.of() : List.copyOf(effectiveSceneNames);
        trafficControlTargets = trafficControlTargets == null ? List.of() : List.copyOf(trafficControlTargets);
    }

    /** A target of a task: which items ({@code ItemCondition*}), how much traffic ({@code Value}, {@code SplitParts}). */
    public record Target(
            @JsonProperty("TrafficControlTaskId") String trafficControlTaskId,
            @JsonProperty("TrafficControlTargetId") String trafficControlTargetId,
            @JsonProperty("Name") String name,
            @JsonProperty("Event") String event,
            @JsonProperty("GmtCreateTime") String gmtCreateTime,
            @JsonProperty("GmtModifiedTime") String gmtModifiedTime,
            @JsonProperty("ToleranceValue") long toleranceValue,
            @JsonProperty("Value") double value,
            @JsonProperty("ItemConditionType") String itemConditionType,
            @JsonProperty("ItemConditionArray") String itemConditionArray,
            @JsonProperty("ItemConditionExpress") String itemConditionExpress,
            @JsonProperty("StartTime") String startTime,
            @JsonProperty("EndTime") String endTime,
            @JsonProperty("StatisPeriod") String statisPeriod,
            @JsonProperty("NewProductRegulation") boolean newProductRegulation,
            @JsonProperty("Status") String status,
            @JsonProperty("RecallName") String recallName,
            @JsonProperty("SplitParts") SplitParts splitParts) {
        public Target {
            splitParts = splitParts == null ? new SplitParts(List.of(), List.of()) : splitParts;
        }
    }

    /** The target's value split over the day: at minute {@code TimePoints[i]}, {@code SetValues[i]} reached. */
    public record SplitParts(
            @JsonProperty("TimePoints") List<Integer> timePoints,
            @JsonProperty("SetValues") List<Long> setValues) {
        public SplitParts {
            timePoints = timePoints == null ? List.of() : List.copyOf(timePoints);
            setValues = setValues == null ? List.of() : List.copyOf(setValues);
        }
    }
}
