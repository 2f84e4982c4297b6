import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load of bench/fleet-bench.sh (run as a single-file program, JDK only):
 *   java FleetBench.java writes URL[,URL...] SECONDS CLIENTS   sustained /sendmsg adds, round robin over the URLs
 *   java FleetBench.java visible URL,URL,URL COUNT              write to one replica, poll /be on all until seen
 */
public class FleetBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static void main(String[] args) throws Exception {
        String[] urls = args[1].split(",");
        if (args[0].equals("writes")) {
            writes(urls, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else {
            visible(urls, Integer.parseInt(args[2]));
        }
    }

    private static String msg(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (String p : pairs) {
            sb.append(p).append("\u001F\n");
        }
        return sb.toString();
    }

    private static void send(String base, String msg) throws Exception {
        String form = "table=i2i&msg=" + URLEncoder.encode(msg, StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/sendmsg"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("write failed: " + r.statusCode() + " " + r.body());
        }
    }

    private static void writes(String[] urls, int seconds, int clients) throws Exception {
        // warm-up: a quarter of the time, not counted
        run(urls, Math.max(2, seconds / 4), clients, "warm");
        List<Long> lat = Collections.synchronizedList(new ArrayList<>());
        long n = run(urls, seconds, clients, "w", lat);
        System.out.printf("%d writes in %d s: %.0f writes/s, ack latency p50 %.1f ms p99 %.1f ms (%d clients)%n",
                n, seconds, n / (double) seconds, pct(lat, 50), pct(lat, 99), clients);
    }

    private static long run(String[] urls, int seconds, int clients, String prefix) throws Exception {
        return run(urls, seconds, clients, prefix, Collections.synchronizedList(new ArrayList<>()));
    }

    private static long run(String[] urls, int seconds, int clients, String prefix, List<Long> lat) throws Exception {
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            fs.add(pool.submit(() -> {
                long i = 0;
                while (System.nanoTime() < end) {
                    String base = urls[(int) ((client + i) % urls.length)];
                    long t0 = System.nanoTime();
                    send(base, msg("CMD=add", "trigger_id=" + prefix + client + "_" + (i % 1000), "item_id=x" + i, "score=" + i));
                    lat.add(System.nanoTime() - t0);
                    count.incrementAndGet();
                    i++;
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return count.get();
    }

    /** Write to replica k % n, then poll all replicas until each returns the item; the slowest one counts. */
    private static void visible(String[] urls, int count) throws Exception {
        List<Long> lat = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(urls.length);
        for (int k = 0; k < count; k++) {
            String trigger = "vis" + k + "_" + System.nanoTime();
            String item = "\"v" + k + "\"";
            long t0 = System.nanoTime();
            send(urls[k % urls.length], msg("CMD=add", "trigger_id=" + trigger, "item_id=v" + k, "score=1"));
            List<Future<Long>> seen = new ArrayList<>();
            for (String u : urls) {
                seen.add(pool.submit(() -> {
                    URI be = URI.create(u + "/be?p=i2i&s=i2i&return_count=10&outfmt=json2&trigger_list=" + trigger + ":1");
                    while (true) {
                        String body = HTTP.send(HttpRequest.newBuilder(be).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
                        if (body.contains(item)) {
                            return System.nanoTime();
                        }
                        // a pause between reads: three pollers spinning flat out would take the CPU the replicas need
                        // to apply the write on this 2-core box (and so measure themselves); 1 ms is below what counts
                        Thread.sleep(1);
                    }
                }));
            }
            long last = 0;
            for (Future<Long> f : seen) {
                last = Math.max(last, f.get());
            }
            lat.add(last - t0);
        }
        pool.shutdown();
        System.out.printf("write-to-visible-on-all-%d-replicas over %d writes: p50 %.1f ms p99 %.1f ms max %.1f ms%n",
                urls.length, count, pct(lat, 50), pct(lat, 99), pct(lat, 100));
    }

    private static double pct(List<Long> nanos, int p) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        if (s.isEmpty()) {
            return Double.NaN;
        }
        int i = Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1);
        return s.get(Math.max(0, i)) / 1e6;
    }
}
