package io.recengine.core.callback;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the durable acknowledgement costs a callback: one journal append of a 100-item callback (encode +
 * group-committed write, with and without fsync), plus its share of the done markers (one per 64
 * callbacks, as a worker batch). Run with several threads ({@code -t 8}) to see the group commit. The
 * test build does not run JMH's annotation processor, so generate the harness by hand, from the root:
 * <pre>
 * mvn -B -o -q -pl engine-core -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/core.cp -Dmdep.includeScope=test
 * CP=engine-core/target/classes:engine-core/target/test-classes:$(cat engine-core/target/core.cp)
 * javac -proc:only -processor org.openjdk.jmh.generators.BenchmarkProcessor -cp "$CP" -s target/jmh-src \
 *     -d target/jmh engine-core/src/test/java/io/recengine/core/callback/CallbackJournalBench.java
 * javac -proc:none -cp "$CP" -d target/jmh $(find target/jmh-src -name '*.java')
 * java -Djava.io.tmpdir=target -cp "target/jmh:$CP" org.openjdk.jmh.Main CallbackJournalBench -t 8
 * </pre>
 * ({@code java.io.tmpdir} on a real disk: on tmpfs an fsync costs nothing.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CallbackJournalBench {

    @Param({"false", "true"})
    public boolean fsync;

    @Param({"100"})
    public int items;

    private Path dir;
    private CallbackJournal journal;
    private CallbackRequest request;

    /** Each thread marks its appends done in batches of 64, as a worker does. */
    @State(Scope.Thread)
    public static class Done {
        final List<Long> seqs = new ArrayList<>(64);
    }

    @Setup
    public void open() throws IOException {
        dir = Files.createTempDirectory("journal-bench");
        journal = CallbackJournal.open(dir, 64L * 1024 * 1024, fsync, LogFiles.DEFAULT);
        List<Map<String, Object>> list = new ArrayList<>();
        for (int k = 0; k < items; k++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("item_id", "1139398" + k);
            list.add(item);
        }
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("age", 25L);
        features.put("city", "beijing");
        request = new CallbackRequest("homepage", "d9cb1c8d-4d3f-491b-9ea3-380481dabde3", "84603208", features,
                List.of(), list, Map.of("recom_id", "1111111"), false, false);
    }

    @Benchmark
    public long append(Done done) throws IOException {
        long seq = journal.append(request, 1_795_900_000_000L);
        done.seqs.add(seq);
        if (done.seqs.size() == 64) {
            journal.advance(done.seqs);
            done.seqs.clear();
        }
        return seq;
    }

    @TearDown
    public void close() throws IOException {
        journal.close();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
