package io.recengine.core.generation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher's polls driven by hand: no timer, no sleeps. */
class ConfigWatcherTest {

    @TempDir
    Path tmp;

    @Test
    void aChangeFiresOnceTheFilesStayedTheSameForOnePoll() throws Exception {
        Path config = tmp.resolve("engine.json");
        Path experiments = tmp.resolve("experiments.json");
        Files.writeString(config, "{}");
        AtomicInteger fired = new AtomicInteger();
        try (ConfigWatcher w = new ConfigWatcher(() -> List.of(config, experiments), fired::incrementAndGet)) {
            w.poll();
            assertThat(fired).hasValue(0);

            Files.writeString(config, "{\"a\":");
            w.poll();
            assertThat(fired).as("still being written").hasValue(0);
            Files.writeString(config, "{\"a\": 1}");
            w.poll();
            assertThat(fired).as("changed again since the last poll").hasValue(0);
            w.poll();
            assertThat(fired).hasValue(1);
            w.poll();
            assertThat(fired).hasValue(1);

            Files.writeString(experiments, "{}");
            w.poll();
            w.poll();
            assertThat(fired).as("the experiment file appeared").hasValue(2);

            Files.setLastModifiedTime(experiments, FileTime.fromMillis(0));
            w.poll();
            w.poll();
            assertThat(fired).as("a touch: the reload finds the same hash").hasValue(3);
        }
    }
}
