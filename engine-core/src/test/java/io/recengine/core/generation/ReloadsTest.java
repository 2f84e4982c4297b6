package io.recengine.core.generation;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReloadsTest {

    private static final ConfigVersion V = ConfigVersion.of(List.of(new byte[0]), Instant.EPOCH);

    @Test
    void requestsWhileAReloadRunsAreCoalescedIntoTheNextOne() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        try (Reloads reloads = new Reloads(triggers -> {
            calls.add(triggers);
            if (calls.size() == 1) {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new ReloadOutcome(ReloadOutcome.UNCHANGED, triggers, Instant.EPOCH, V, V, List.of(), List.of(), 0, 0);
        })) {
            CompletableFuture<ReloadOutcome> first = reloads.request("file");
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<ReloadOutcome> second = reloads.request("admin");
            CompletableFuture<ReloadOutcome> third = reloads.request("SIGHUP");
            CompletableFuture<ReloadOutcome> fourth = reloads.request("admin");
            assertThat(third).isSameAs(second).isSameAs(fourth);
            release.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS).triggers()).containsExactly("file");
            assertThat(second.get(30, TimeUnit.SECONDS).triggers()).containsExactly("admin", "SIGHUP");
            assertThat(calls).hasSize(2);
            assertThat(reloads.last()).isSameAs(second.get());
        }
    }

    @Test
    void retirementsRunInOrder() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        try (Reloads reloads = new Reloads(t -> null)) {
            for (int i = 0; i < 5; i++) {
                int n = i;
                reloads.retire(() -> order.add(n));
            }
            reloads.retired().get(30, TimeUnit.SECONDS);
            assertThat(order).containsExactly(0, 1, 2, 3, 4);
        }
    }
}
