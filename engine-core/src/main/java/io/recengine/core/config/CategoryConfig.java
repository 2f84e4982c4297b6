package io.recengine.core.config;

import io.recengine.spi.ComponentConfig;

import java.util.List;

/**
 * One {@code SceneConfs[scene][category]} object.
 *
 * @param scene    the scene key
 * @param category the category key
 * @param config   the object itself
 */
public record CategoryConfig(String scene, String category, ComponentConfig config) {

    public List<String> recallNames() {
        return config.stringList("RecallNames");
    }

    /** Read by PAI-Rec only from category {@code default}. */
    public boolean autoInvokeCallBack() {
        return config.bool("AutoInvokeCallBack", false);
    }

    /** Percent; 0 or >= 100 means always. */
    public int autoInvokeCallBackRate() {
        return config.integer("AutoInvokeCallBackRate", 0);
    }

    /** {@code item:<prop>}, {@code score:*}, {@code score:<name>} entries for the response's {@code extra}. */
    public List<String> outputFields() {
        return config.stringList("OutputFields");
    }
}
