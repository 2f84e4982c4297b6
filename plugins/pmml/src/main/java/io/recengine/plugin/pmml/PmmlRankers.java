package io.recengine.plugin.pmml;

import io.recengine.spi.Ranker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Embedded PMML rankers with the default score, without a config: for benchmarks and tools. */
public final class PmmlRankers {

    private PmmlRankers() {
    }

    public static Ranker load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(PmmlModel.parse(in));
        }
    }

    public static Ranker parse(String pmml) throws IOException {
        return of(PmmlModel.parse(new ByteArrayInputStream(pmml.getBytes(StandardCharsets.UTF_8))));
    }

    private static Ranker of(PmmlModel model) {
        return new PmmlRanker(model, Map.of("", PmmlRanker.defaultScore(model)));
    }
}
