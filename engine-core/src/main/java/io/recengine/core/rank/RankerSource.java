package io.recengine.core.rank;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Ranker;

import java.util.Optional;

/**
 * What the rank stages need from a config generation's components: the built rankers of
 * {@code AlgoConfs} and a way to build more (the callback's {@code <algo>_callback} copies). The
 * pipeline's component catalog implements it, so that rank does not depend on the pipeline.
 */
public interface RankerSource {

    /** The ranker built for {@code AlgoConfs[].Name == algoName}. */
    Optional<Ranker> ranker(String algoName);

    /** The {@code AlgoConfs} entry named {@code algoName}. */
    Optional<ComponentConfig> algoConf(String algoName);

    /**
     * Builds a ranker from {@code conf} (owned and closed by the source); empty when no plugin offers its
     * type.
     *
     * @param who names the ranker in errors, e.g. {@code algo 'dbmtl_callback'}
     * @throws ConfigException when the ranker's factory refuses {@code conf}
     */
    Optional<Ranker> createRanker(String who, ComponentConfig conf);
}
