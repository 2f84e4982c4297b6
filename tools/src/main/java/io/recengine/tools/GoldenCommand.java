package io.recengine.tools;

import io.recengine.tools.bench.GoldenCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.net.URI;
import java.util.concurrent.Callable;

/** {@code golden}: the engine's answers against the naive reference's, on a running tools server. */
@Command(name = "golden",
        description = "Sends a seeded request mix to /api/rec/feed and /bench/naive of a running tools server"
                + " (started with -Drecengine.bench.data=DIR) and compares the answers: same code, items, order and"
                + " retrieve ids, scores within 1e-6. With --approximate-vectors (a vector table served by HNSW):"
                + " the engine against the naive pipeline on the engine's vector candidates, and the index's recall@K"
                + " against the exact scan (at least 0.90). Exit code 0: passed, 1: differences.")
final class GoldenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:18090",
            description = "the tools server (default: ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "300",
            description = "requests to compare (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--users", paramLabel = "N", defaultValue = "6040",
            description = "uids are drawn from 1..N, as in bench/feed-mix.lua (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7", description = "request mix seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--approximate-vectors",
            description = "the engine's vector recall is an approximate index: compare as described above")
    boolean approximateVectors;

    @Override
    public Integer call() throws Exception {
        GoldenCheck.Outcome outcome = new GoldenCheck(url).run(requests, users, seed, approximateVectors);
        outcome.examples().forEach(e -> spec.commandLine().getOut().println("MISMATCH " + e));
        spec.commandLine().getOut().println(outcome.summary());
        return outcome.passed() ? 0 : 1;
    }
}
