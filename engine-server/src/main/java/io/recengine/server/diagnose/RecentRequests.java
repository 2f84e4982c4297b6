package io.recengine.server.diagnose;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last feed request bodies per scene, for the diagnostic page's replay: a bounded ring in memory
 * ({@code EngineConf.DiagnoseRecentRequests} per scene, 0 keeps none: requests carry user ids and
 * features). Only the configured scenes are kept, and no body over {@value #MAX_BODY_BYTES} bytes, so
 * clients cannot make it grow. Thread-safe; a record is one short lock of one scene's ring.
 */
public final class RecentRequests {

    /** A larger body (a long item list) is not kept: replay is for the requests an engineer reads. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final int perScene;
    private final Map<String, ArrayDeque<String>> rings = new ConcurrentHashMap<>();

    /**
     * @param perScene how many bodies each scene keeps; 0 for none
     * @param scenes   the configured scenes: requests of other scenes are not kept
     */
    public RecentRequests(int perScene, Set<String> scenes) {
        this.perScene = Math.max(0, perScene);
        if (this.perScene > 0) {
            for (String s : scenes) {
                rings.put(s, new ArrayDeque<>(this.perScene));
            }
        }
    }

    /** True when bodies are kept. */
    public boolean enabled() {
        return perScene > 0;
    }

    /** How many bodies each scene keeps. */
    public int perScene() {
        return perScene;
    }

    /** Keeps a feed request's (decoded, valid) body as the newest of its scene. */
    public void record(String scene, byte[] body) {
        ArrayDeque<String> ring = rings.get(scene);
        if (ring == null || body.length > MAX_BODY_BYTES) {
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        synchronized (ring) {
            if (ring.size() == perScene) {
                ring.removeFirst();
            }
            ring.addLast(text);
        }
    }

    /** The scene's kept bodies, newest first; empty when none or the scene is unknown. */
    public List<String> recent(String scene) {
        ArrayDeque<String> ring = rings.get(scene);
        if (ring == null) {
            return List.of();
        }
        List<String> out;
        synchronized (ring) {
            out = new ArrayList<>(ring);
        }
        Collections.reverse(out);
        return out;
    }
}
