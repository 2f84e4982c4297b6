package io.recengine.core.config;

import io.recengine.spi.ComponentConfig;

/** How an {@code AlgoConfs[]} entry selects its ranker factory. */
public final class RankerTypes {

    private RankerTypes() {
    }

    /**
     * {@code EasConf.Processor} when {@code Type} is {@code EAS} (PAI-Rec's processors: EasyRec,
     * TensorFlow, ...), otherwise {@code Type} itself ({@code LOOKUP}, {@code FAISS}, our {@code Local}).
     */
    public static String typeOf(ComponentConfig algo) {
        String type = algo.string("Type");
        if ("EAS".equalsIgnoreCase(type)) {
            String processor = algo.child("EasConf").string("Processor");
            return processor.isEmpty() ? "EAS" : processor;
        }
        return type;
    }

    /** The key {@link #typeOf} read, for messages: {@code EasConf.Processor} or {@code Type}. */
    public static String typeKeyOf(ComponentConfig algo) {
        return "EAS".equalsIgnoreCase(algo.string("Type")) && !algo.child("EasConf").string("Processor").isEmpty()
                ? "EasConf.Processor" : "Type";
    }
}
