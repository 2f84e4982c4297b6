package io.recengine.core.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * The local experiment file: the same scenes, experiment rooms, layers, experiment groups and
 * experiments that PAI-Rec reads from Alibaba Cloud's A/B service, with the A/B service's field names,
 * so a dump of the service's objects reads as is. Only online objects matter: an object whose
 * {@code status} is the service's "offline" (1) is skipped, as the A/B client lists online ones only.
 * {@code traffic_control_tasks} holds {@code TrafficControlSort}'s tasks ({@link TrafficControlTask}).
 * Format and example: {@code docs/experiments.md}.
 */
public record ExperimentFile(
        @JsonProperty("scenes") List<Scene> scenes,
        @JsonProperty("traffic_control_tasks") List<TrafficControlTask> trafficControlTasks) {

    /** Read with unknown keys refused: a typo in a local file must not silently route traffic. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ExperimentFile {
        scenes = scenes == null ? List.of() : List.copyOf(scenes);
        // nulls kept for TrafficControlTasks to name them; List.copyOf refuses them
        trafficControlTasks = trafficControlTasks == null ? List.of()
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(trafficControlTasks));
    }

    /** A file without traffic-control tasks. */
    public ExperimentFile(List<Scene> scenes) {
        this(scenes, null);
    }

    /** A scene; {@code pairec_abtest_global_scene} is the global scene whose params every scene sees. */
    public record Scene(
            @JsonProperty("scene_id") long sceneId,
            @JsonProperty("scene_name") String sceneName,
            @JsonProperty("scene_info") String sceneInfo,
            @JsonProperty("experiment_rooms") List<Room> experimentRooms) {
        public Scene {
            experimentRooms = experimentRooms == null ? List.of() : List.copyOf(experimentRooms);
        }
    }

    /**
     * An experiment room (laboratory). {@code type} 1 = base (the default room), 2 = normal;
     * {@code bucket_type} 1 = uid mod {@code bucket_count}, 2 = hash(uid) mod {@code bucket_count},
     * 3 = custom (never matches), 4 = {@code filter} expression over the request features.
     */
    public record Room(
            @JsonProperty("exp_room_id") long expRoomId,
            @JsonProperty("exp_room_name") String expRoomName,
            @JsonProperty("exp_room_info") String expRoomInfo,
            @JsonProperty("type") int type,
            @JsonProperty("status") int status,
            @JsonProperty("environment") int environment,
            @JsonProperty("debug_users") String debugUsers,
            @JsonProperty("debug_crowd_id_users") List<String> debugCrowdIdUsers,
            @JsonProperty("bucket_type") int bucketType,
            @JsonProperty("bucket_count") int bucketCount,
            @JsonProperty("exp_room_buckets") String expRoomBuckets,
            @JsonProperty("filter") String filter,
            @JsonProperty("exp_room_config") String expRoomConfig,
            @JsonProperty("layers") List<Layer> layers) {
        public Room {
            layers = layers == null ? List.of() : List.copyOf(layers);
            debugCrowdIdUsers = debugCrowdIdUsers == null ? List.of() : List.copyOf(debugCrowdIdUsers);
        }
    }

    /** A layer: traffic splits independently in each layer of a room. */
    public record Layer(
            @JsonProperty("layer_id") long layerId,
            @JsonProperty("layer_name") String layerName,
            @JsonProperty("layer_info") String layerInfo,
            @JsonProperty("experiment_groups") List<Group> experimentGroups) {
        public Layer {
            experimentGroups = experimentGroups == null ? List.of() : List.copyOf(experimentGroups);
        }
    }

    /**
     * An experiment group: who enters it ({@code crowd_target_type} All, Filter, CrowdId, Random with
     * {@code holding_buckets} of 100; or, left empty, by {@code filter} / {@code crowd_users}), its
     * params ({@code exp_group_config}, JSON) and its experiments. {@code distribution_type} 2 splits by
     * time slots of {@code distribution_time_duration} minutes instead of by uid.
     */
    public record Group(
            @JsonProperty("exp_group_id") long expGroupId,
            @JsonProperty("exp_group_name") String expGroupName,
            @JsonProperty("exp_group_info") String expGroupInfo,
            @JsonProperty("status") int status,
            @JsonProperty("owner") String owner,
            @JsonProperty("debug_users") String debugUsers,
            @JsonProperty("debug_crowd_users") List<String> debugCrowdUsers,
            @JsonProperty("crowd_target_type") String crowdTargetType,
            @JsonProperty("crowd_id") long crowdId,
            @JsonProperty("crowd_users") List<String> crowdUsers,
            @JsonProperty("filter") String filter,
            @JsonProperty("holding_buckets") String holdingBuckets,
            @JsonProperty("reserve_buckets") String reserveBuckets,
            @JsonProperty("distribution_type") int distributionType,
            @JsonProperty("distribution_time_duration") int distributionTimeDuration,
            @JsonProperty("exp_group_config") JsonNode expGroupConfig,
            @JsonProperty("experiments") List<Experiment> experiments) {
        public Group {
            experiments = experiments == null ? List.of() : List.copyOf(experiments);
            crowdUsers = crowdUsers == null ? List.of() : List.copyOf(crowdUsers);
            debugCrowdUsers = debugCrowdUsers == null ? List.of() : List.copyOf(debugCrowdUsers);
        }
    }

    /**
     * An experiment: {@code type} 1 = base, 2 = test, 3 = default (answers when nothing else matches);
     * {@code experiment_flow} percent of the group's traffic, in {@code experiment_buckets} of 100.
     */
    public record Experiment(
            @JsonProperty("experiment_id") long experimentId,
            @JsonProperty("experiment_name") String experimentName,
            @JsonProperty("experiment_info") String experimentInfo,
            @JsonProperty("type") int type,
            @JsonProperty("status") int status,
            @JsonProperty("experiment_flow") int experimentFlow,
            @JsonProperty("experiment_buckets") String experimentBuckets,
            @JsonProperty("debug_users") String debugUsers,
            @JsonProperty("debug_crowd_users") List<String> debugCrowdUsers,
            @JsonProperty("experiment_config") JsonNode experimentConfig) {
        public Experiment {
            debugCrowdUsers = debugCrowdUsers == null ? List.of() : List.copyOf(debugCrowdUsers);
        }
    }
}
