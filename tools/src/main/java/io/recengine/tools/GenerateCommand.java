package io.recengine.tools;

import io.recengine.tools.quickstart.DatasetSpec;
import io.recengine.tools.quickstart.QuickstartData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code generate}: the quickstart data set in the match engine's file formats and the FM model trained on it. */
@Command(name = "generate",
        description = "Makes a data set in the embedded match engine's file formats and the FM model trained on it"
                + " (deterministic for its sizes and seed). Does nothing when DIR already holds the same spec."
                + " small is shaped like MovieLens-1M; mid (200,000 items) is the harness's large-catalogue scenario;"
                + " large (1M items) is for vector benchmarks.")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    @Option(names = "--size", paramLabel = "tiny|small|mid|large", defaultValue = "small",
            description = "the base sizes (default: ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "config-samples/data/quickstart",
            description = "where to write (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--users", paramLabel = "N", description = "number of users (default: the size's)")
    Integer users;

    @Option(names = "--items", paramLabel = "N", description = "number of items (default: the size's)")
    Integer items;

    @Option(names = "--interactions", paramLabel = "N", description = "number of interactions (default: the size's)")
    Integer interactions;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: the size's)")
    Long seed;

    @Override
    public Integer call() {
        DatasetSpec generated;
        try {
            DatasetSpec base = DatasetSpec.named(size);
            generated = new DatasetSpec(users != null ? users : base.users(), items != null ? items : base.items(),
                    interactions != null ? interactions : base.interactions(), base.categories(), base.dim(),
                    seed != null ? seed : base.seed());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        QuickstartData.ensure(out, generated);
        return 0;
    }
}
