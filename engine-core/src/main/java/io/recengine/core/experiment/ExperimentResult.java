package io.recengine.core.experiment;

import java.util.List;

/**
 * Where one request landed: the {@code experiment_id} (PAI-Rec's {@code ER2_L1#EG1#E2} format), the
 * merged parameters, and per layer what matched (for debug output). Immutable.
 *
 * @param expId  the feed's {@code experiment_id}; {@code ""} when the scene has no experiments
 * @param params the merged parameters of every matched group and experiment, the global scene's included
 * @param layers what matched in each layer of the matched room, global scene's layers first
 */
public record ExperimentResult(String expId, ExperimentParams params, List<LayerMatch> layers) {

    public static final ExperimentResult NONE = new ExperimentResult("", ExperimentParams.EMPTY, List.of());

    public ExperimentResult {
        layers = List.copyOf(layers);
    }

    /**
     * @param scene        the A/B scene the layer belongs to (the request's scene or the global scene)
     * @param roomId       the matched experiment room
     * @param layerName    the layer
     * @param groupId      the matched experiment group, or -1
     * @param experimentId the matched experiment, or -1 (a default experiment is reported as -1 too, as it
     *                     is absent from the experiment id)
     * @param params       the parameters this layer set
     */
    public record LayerMatch(String scene, long roomId, String layerName, long groupId, long experimentId,
                             ExperimentParams params) {
    }
}
