package io.recengine.plugin.easyrec;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The knobs and records every in-test model server shares, whatever its transport (HTTP:
 * {@link FakeModelServer}, gRPC: {@link FakeGrpcServer}): every request body and its headers, the answer
 * {@link #answer} makes of the body (the tests decode and encode the real messages there), a delay, a
 * latch that holds replies, an error status, and counts of requests and of the peak of concurrent ones.
 */
abstract class FakeServer implements AutoCloseable {

    /** One request as received; headers the transport has not are null. */
    record Call(byte[] body, String auth, String contentType, String contentEncoding) {
    }

    final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final AtomicInteger count = new AtomicInteger();
    volatile int delayMs;
    /** When set, every reply waits for this latch (a reply that comes only after the caller gave up). */
    volatile CountDownLatch hold;
    /** Anything but 200 answers an error (gRPC: status UNAVAILABLE) instead of {@link #answer}. */
    volatile int httpStatus = 200;
    volatile Function<byte[], byte[]> answer = b -> new byte[0];

    /** The address a processor's {@code Url} names: an http URL with {@code path}, or a gRPC target. */
    abstract String url(String path);

    /** Counts a request in; the caller decrements {@link #inFlight} when its reply is done. */
    final void enter() {
        int now = inFlight.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
        count.incrementAndGet();
    }

    /** Keeps the request, then waits out {@link #delayMs} and {@link #hold}. */
    final void received(Call call) throws InterruptedException {
        calls.add(call);
        if (delayMs > 0) {
            Thread.sleep(delayMs);
        }
        CountDownLatch h = hold;
        if (h != null) {
            h.await();
        }
    }

    Call last() {
        Call c = null;
        for (Call x : calls) {
            c = x;
        }
        return c;
    }

    @Override
    public abstract void close();
}
