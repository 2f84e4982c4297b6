package io.recengine.core.callback;

import io.recengine.core.pipeline.Dependency;
import io.recengine.spi.CallbackRow;
import io.recengine.spi.CallbackSink;
import io.recengine.spi.ComponentException;
import io.recengine.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Creation retries with backoff on a fake clock, fast failures in between, config errors, status. */
class RecreatingSinkTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger calls = new AtomicInteger();
    private final List<CallbackRow> written = new ArrayList<>();
    private volatile boolean up;

    private final Supplier<CallbackSink> factory = () -> {
        calls.incrementAndGet();
        if (!up) {
            throw new ComponentException("dh", ComponentException.Kind.INTERNAL, "put failed",
                    new UncheckedIOException(new UnknownHostException("dh.example")));
        }
        return written::addAll;
    };

    private void advanceMs(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void downAtStartIsRecreatedWithDoublingBackoffAndFailsFastInBetween() {
        RecreatingSink sink = RecreatingSink.open("datahub:dh", factory, now::get, 100);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(sink.created()).isFalse();
        assertThat(sink.status().up()).isFalse();

        List<CallbackRow> rows = List.of(CallbackRow.of(java.util.Map.of("request_id", "r1")));
        // within the first 100 ms no creation is attempted
        assertThatThrownBy(() -> sink.write(rows)).isInstanceOf(ComponentException.class).hasMessageContaining("down");
        advanceMs(99);
        assertThatThrownBy(() -> sink.write(rows)).isInstanceOf(ComponentException.class);
        assertThat(calls.get()).isEqualTo(1);
        // at 100 ms one attempt, which fails: the next one waits 200 ms
        advanceMs(1);
        assertThatThrownBy(() -> sink.write(rows)).isInstanceOf(ComponentException.class)
                .hasMessageContaining("cannot be created");
        assertThat(calls.get()).isEqualTo(2);
        advanceMs(199);
        assertThatThrownBy(() -> sink.write(rows)).isInstanceOf(ComponentException.class);
        assertThat(calls.get()).isEqualTo(2);
        advanceMs(1);
        up = true;
        sink.write(rows);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(written).hasSize(1);
        assertThat(sink.created()).isTrue();
        assertThat(sink.status()).isEqualTo(new Dependency(Dependency.CALLBACK_SINK, "datahub:dh", true, "up"));
        sink.write(rows);
        assertThat(calls.get()).as("created once").isEqualTo(3);
    }

    @Test
    void backoffStopsAtItsMaximum() {
        RecreatingSink sink = RecreatingSink.open("kafka:k", factory, now::get, 40_000);
        List<CallbackRow> rows = List.of();
        advanceMs(40_000);
        assertThatThrownBy(() -> sink.write(rows)).hasMessageContaining("cannot be created");
        // doubled to 80 s, capped at 60 s
        advanceMs(RecreatingSink.MAX_BACKOFF_MS - 1);
        assertThatThrownBy(() -> sink.write(rows)).hasMessageContaining("next creation attempt");
        advanceMs(1);
        assertThatThrownBy(() -> sink.write(rows)).hasMessageContaining("cannot be created");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void aFailingWriteMarksACreatedSinkDownUntilAWriteSucceeds() {
        up = true;
        AtomicInteger fail = new AtomicInteger(1);
        RecreatingSink sink = RecreatingSink.open("file:f", () -> r -> {
            if (fail.getAndDecrement() > 0) {
                throw new ComponentException("f", ComponentException.Kind.DEPENDENCY, "disk");
            }
        }, now::get, 10);
        assertThat(sink.status().up()).isTrue();
        assertThatThrownBy(() -> sink.write(List.of())).isInstanceOf(ComponentException.class);
        assertThat(sink.status()).isEqualTo(new Dependency(Dependency.CALLBACK_SINK, "file:f", false,
                "writes failing; rows spilled for replay"));
        sink.write(List.of());
        assertThat(sink.status().up()).isTrue();
    }

    @Test
    void aConfigErrorIsThrownAtOpen() {
        ConfigException bad = new ConfigException("DatahubConfs.dh", "Schemas", "unknown field type 'x'");
        assertThatThrownBy(() -> RecreatingSink.open("datahub:dh", () -> {
            throw bad;
        }, now::get, 10)).isSameAs(bad);
        assertThatThrownBy(() -> RecreatingSink.open("datahub:dh", () -> {
            throw new IllegalStateException("bug");
        }, now::get, 10)).isInstanceOf(ConfigException.class).hasMessageContaining("could not be created");
    }

    @Test
    void unreachableIsTheRemoteNotTheConfig() {
        assertThat(Dependency.isUnreachable(new ConfigException("c", "k", "wrapped",
                new RuntimeException(new java.net.ConnectException("refused"))))).isTrue();
        assertThat(Dependency.isUnreachable(new ComponentException("c", ComponentException.Kind.TIMEOUT, "slow"))).isTrue();
        assertThat(Dependency.isUnreachable(new SQLException("no route", "08001"))).isTrue();
        assertThat(Dependency.isUnreachable(new ConfigException("c", "k", "missing"))).isFalse();
        assertThat(Dependency.isUnreachable(new SQLException("bad password", "28P01"))).isFalse();
        assertThat(Dependency.isUnreachable(new ComponentException("c", ComponentException.Kind.BAD_INPUT, "x"))).isFalse();
    }

    @Test
    void closeClosesTheCreatedSinkAndStopsCreating() {
        AtomicInteger closed = new AtomicInteger();
        up = true;
        RecreatingSink sink = RecreatingSink.open("x:y", () -> new CallbackSink() {
            @Override
            public void write(List<CallbackRow> rows) {
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        }, now::get, 10);
        sink.close();
        assertThat(closed.get()).isEqualTo(1);

        up = false;
        RecreatingSink down = RecreatingSink.open("x:z", factory, now::get, 10);
        assertThat(down.created()).isFalse();
        down.close();
        advanceMs(1000);
        up = true;
        assertThatThrownBy(() -> down.write(List.of())).hasMessageContaining("closed");
    }
}
