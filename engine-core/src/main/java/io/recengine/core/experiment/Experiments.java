package io.recengine.core.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.recengine.core.config.ConfigValidationException;
import io.recengine.spi.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A/B experiments, compiled once from an {@link ExperimentFile}: which experiment room, groups and
 * experiments a request falls into, its {@code experiment_id} and its parameters, with the same rules
 * and the same hash as PAI-Rec's experiment client, so a uid gets the same buckets here as there.
 * Immutable and thread-safe; {@link #match} allocates only the result.
 *
 * <p>Matching, per scene: a room that lists the uid as a debug user, else the first normal room whose
 * buckets (uid mod count, hash(uid) mod count, or a filter over the request features) take it, else the
 * base room. In each of the room's layers: a group listing the uid as a debug user, else the first
 * group whose crowd (filter, crowd users) takes it, else a {@code Random} group whose holding buckets
 * take hash(uid, room, layer), else the first group open to all. In the group: an experiment listing the
 * uid as a debug user, else the first whose buckets take hash(uid, room, layer, group) mod 100, else the
 * default experiment (or a copy of the base one). The global scene ({@value #GLOBAL_SCENE}) is matched
 * first; its params are visible to the scene's filters, fill {@code ${name}} in the scene's configs, and
 * are merged under the scene's own.
 */
public final class Experiments {

    /** The A/B service's scene whose experiments apply to every scene. */
    public static final String GLOBAL_SCENE = "pairec_abtest_global_scene";

    public static final Experiments NONE = new Experiments(Map.of(), TrafficControlTasks.NONE, Clock.systemDefaultZone());

    /** Compiles a crowd or room filter expression into a predicate over the request's features. */
    @FunctionalInterface
    public interface FilterCompiler {
        /** @throws IllegalArgumentException with a readable reason when the expression does not parse */
        Predicate<Map<String, Object>> compile(String expression);
    }

    private static final int ROOM_BASE = 1;
    private static final int BUCKET_UID = 1;
    private static final int BUCKET_UID_HASH = 2;
    private static final int BUCKET_CUSTOM = 3;
    private static final int BUCKET_FILTER = 4;
    private static final int STATUS_OFFLINE = 1;
    private static final int EXP_BASE = 1;
    private static final int EXP_DEFAULT = 3;
    private static final int DISTRIBUTION_TIME = 2;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final Map<String, SceneRooms> scenes;
    private final TrafficControlTasks trafficControlTasks;
    private final Clock clock;

    private Experiments(Map<String, SceneRooms> scenes, TrafficControlTasks trafficControlTasks, Clock clock) {
        this.scenes = scenes;
        this.trafficControlTasks = trafficControlTasks;
        this.clock = clock;
    }

    /** Reads and compiles {@code file}; every problem is reported at once. */
    public static Experiments read(Path file, FilterCompiler filters, Clock clock) {
        ExperimentFile parsed;
        try {
            parsed = ExperimentFile.MAPPER.readValue(Files.readAllBytes(file), ExperimentFile.class);
        } catch (JsonProcessingException e) {
            throw new ConfigValidationException(file.getFileName().toString(), List.of(new ConfigException(
                    "experiments", locate(e), e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ConfigValidationException(file.getFileName().toString(), List.of(new ConfigException(
                    "experiments", "file", "cannot read the experiment file: " + e.getMessage())));
        }
        return compile(parsed, filters, clock, file.getFileName().toString());
    }

    private static String locate(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (var ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else {
                    sb.append('[').append(ref.getIndex()).append(']');
                }
            }
            return sb.toString();
        }
        return e.getLocation() == null ? "file" : "line " + e.getLocation().getLineNr();
    }

    /** Compiles {@code file}; {@code source} names it in errors. */
    public static Experiments compile(ExperimentFile file, FilterCompiler filters, Clock clock, String source) {
        List<ConfigException> problems = new ArrayList<>();
        Map<String, SceneRooms> scenes = new HashMap<>();
        for (ExperimentFile.Scene s : file.scenes()) {
            String where = "scene '" + s.sceneName() + "'";
            if (s.sceneName() == null || s.sceneName().isBlank()) {
                problems.add(new ConfigException("experiments", "scene_name", "every scene needs a scene_name"));
                continue;
            }
            if (scenes.containsKey(s.sceneName())) {
                problems.add(new ConfigException("experiments", where, "scene listed twice"));
                continue;
            }
            List<Room> rooms = new ArrayList<>();
            for (ExperimentFile.Room r : s.experimentRooms()) {
                if (r.status() != STATUS_OFFLINE) {
                    Room room = Room.compile(s.sceneName(), r, filters, problems);
                    if (room != null) {
                        rooms.add(room);
                    }
                }
            }
            scenes.put(s.sceneName(), new SceneRooms(s.sceneName(), List.copyOf(rooms)));
        }
        TrafficControlTasks tasks = TrafficControlTasks.compile(file.trafficControlTasks(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(source, problems);
        }
        return new Experiments(Map.copyOf(scenes), tasks, clock);
    }

    /** The file's {@code traffic_control_tasks}, for {@code TrafficControlSort}; empty without any. */
    public TrafficControlTasks trafficControlTasks() {
        return trafficControlTasks;
    }

    /** Whether {@code scene} has experiments (the global scene counts for every scene). */
    public boolean covers(String scene) {
        return scenes.containsKey(scene) || scenes.containsKey(GLOBAL_SCENE);
    }

    public Set<String> scenes() {
        return scenes.keySet();
    }

    /**
     * Where a request of {@code uid} in {@code scene} lands.
     *
     * @param features the request's features (PAI-Rec passes them as the filters' params); not modified
     */
    public ExperimentResult match(String scene, String uid, Map<String, ?> features) {
        SceneRooms own = scenes.get(scene);
        if (own == null) {
            // the A/B client answers an unknown scene with an empty result, global scene not consulted
            return ExperimentResult.NONE;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> filterParams = features == null ? Map.of() : (Map<String, Object>) features;
        String uidText = uid == null ? "" : uid;
        byte[] uidBytes = uidText.getBytes(StandardCharsets.UTF_8);
        Route global = null;
        SceneRooms g = scenes.get(GLOBAL_SCENE);
        if (g != null && own != g) {
            global = g.route(uidText, uidBytes, filterParams, clock);
            Map<String, Object> exported = global.exportedParams();
            if (!exported.isEmpty()) {
                // the scene's filters see the global params too, over the features (a view: nothing copied)
                filterParams = new Overlay(exported, filterParams);
            }
        }
        Route self = own.route(uidText, uidBytes, filterParams, clock);
        // the scene's id, then the global scene's, as the A/B client joins them
        String id = trimOne(self.id + "_" + (global == null ? "" : global.id));
        // everything but the id's route is a function of the id: build the result once per id
        ExperimentResult cached = results.get(id);
        if (cached != null) {
            return cached;
        }
        ExperimentResult built = build(scene, id, self, global);
        if (results.size() < MAX_CACHED_RESULTS) {
            results.putIfAbsent(id, built);
        }
        return built;
    }

    /** Distinct experiment ids whose results are kept; beyond it (a combinatorial setup) results are rebuilt. */
    private static final int MAX_CACHED_RESULTS = 10_000;

    private final ConcurrentHashMap<String, ExperimentResult> results = new ConcurrentHashMap<>();

    private static ExperimentResult build(String scene, String id, Route self, Route global) {
        Map<String, Object> templateParams = global == null ? Map.of() : global.exportedParams();
        Map<String, Object> merged = new LinkedHashMap<>();
        List<ExperimentResult.LayerMatch> all = new ArrayList<>();
        if (global != null) {
            List<ExperimentResult.LayerMatch> gl = global.layerMatches(Map.of());
            for (ExperimentResult.LayerMatch l : gl) {
                merged.putAll(l.params().asMap());
            }
            // a global key "<scene>.<name>" also answers as "<name>" unless a global key says otherwise
            String scenePrefix = scene + ".";
            Map<String, Object> stripped = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : merged.entrySet()) {
                if (e.getKey().startsWith(scenePrefix)) {
                    stripped.putIfAbsent(e.getKey().substring(scenePrefix.length()), e.getValue());
                }
            }
            stripped.forEach(merged::putIfAbsent);
            all.addAll(gl);
        }
        List<ExperimentResult.LayerMatch> own = self.layerMatches(templateParams);
        for (ExperimentResult.LayerMatch l : own) {
            merged.putAll(l.params().asMap());
        }
        all.addAll(own);
        return new ExperimentResult(id, merged.isEmpty() ? ExperimentParams.EMPTY : new ExperimentParams(merged), all);
    }

    private static String trimOne(String id) {
        if (!id.isEmpty()) {
            char last = id.charAt(id.length() - 1);
            if (last == '#' || last == '_') {
                return id.substring(0, id.length() - 1);
            }
        }
        return id;
    }

    /** What one scene's matching chose: the room, per layer the group and experiment (null: none). */
    private static final class Route {
        final SceneRooms scene;
        final Room room;
        final Group[] groups;
        final Experiment[] experiments;
        final String id;

        Route(SceneRooms scene, Room room, Group[] groups, Experiment[] experiments, String id) {
            this.scene = scene;
            this.room = room;
            this.groups = groups;
            this.experiments = experiments;
            this.id = id;
        }

        /**
         * The params the global scene lends every scene: fixed per (group, experiment), so each layer's are
         * computed once, at compile time, and only merged here when several layers set some.
         */
        Map<String, Object> exportedParams() {
            if (room == null || !scene.global()) {
                return Map.of();
            }
            Map<String, Object> first = null;
            Map<String, Object> out = null;
            for (int i = 0; i < groups.length; i++) {
                if (groups[i] != null) {
                    Map<String, Object> p = groups[i].globalParams(experiments[i]);
                    if (p.isEmpty()) {
                        continue;
                    }
                    if (first == null) {
                        first = p;
                    } else {
                        if (out == null) {
                            out = new LinkedHashMap<>(first);
                        }
                        out.putAll(p);
                    }
                }
            }
            return out != null ? out : first != null ? first : Map.of();
        }

        List<ExperimentResult.LayerMatch> layerMatches(Map<String, Object> templateParams) {
            if (room == null) {
                return List.of();
            }
            List<ExperimentResult.LayerMatch> out = new ArrayList<>(groups.length);
            for (int i = 0; i < groups.length; i++) {
                Group group = groups[i];
                if (group == null) {
                    continue;
                }
                Experiment exp = experiments[i];
                Map<String, Object> params = group.paramsWith(exp, templateParams, scene.global());
                out.add(new ExperimentResult.LayerMatch(scene.scene(), room.id, room.layers.get(i).name, group.id,
                        exp == null || exp.isDefault ? -1 : exp.id,
                        params.isEmpty() ? ExperimentParams.EMPTY : new ExperimentParams(params)));
            }
            return out;
        }
    }

    private record SceneRooms(String scene, List<Room> rooms) {

        boolean global() {
            return GLOBAL_SCENE.equals(scene);
        }

        Route route(String uid, byte[] uidBytes, Map<String, Object> filterParams, Clock clock) {
            Room base = null;
            for (Room r : rooms) {
                if (r.base) {
                    base = r;
                    break;
                }
            }
            Room hit = null;
            for (Room r : rooms) {
                if (r.debugUsers.contains(uid)) {
                    hit = r;
                    break;
                }
            }
            if (hit == null) {
                for (Room r : rooms) {
                    if (!r.base && r.takes(uid, uidBytes, filterParams)) {
                        hit = r;
                        break;
                    }
                }
            }
            if (hit == null) {
                hit = base;
            }
            if (hit == null) {
                return new Route(this, null, new Group[0], new Experiment[0], "");
            }
            boolean global = global();
            int n = hit.layers.size();
            Group[] groups = new Group[n];
            Experiment[] exps = new Experiment[n];
            StringBuilder id = new StringBuilder(16 + 24 * n);
            if (!global) {
                id.append(hit.idText);
            }
            for (int i = 0; i < n; i++) {
                Layer layer = hit.layers.get(i);
                id.append(global ? (i == 0 ? layer.globalFirstText() : layer.globalText()) : layer.idText());
                Group group = layer.findGroup(uid, uidBytes, filterParams);
                if (group == null) {
                    continue;
                }
                groups[i] = group;
                id.append(group.idText);
                Experiment exp = group.findExperiment(uid, uidBytes, clock);
                exps[i] = exp;
                if (exp != null && !exp.isDefault) {
                    id.append(exp.idText);
                }
            }
            return new Route(this, hit, groups, exps, trimOne(id.toString()));
        }
    }

    private static final class Room {
        final long id;
        final boolean base;
        final Set<String> debugUsers;
        final int bucketType;
        final Buckets buckets;
        final Predicate<Map<String, Object>> filter;
        final List<Layer> layers;
        /** {@code ER<id>}: the head of {@code experiment_id}, made once. */
        final String idText;

        private Room(long id, boolean base, Set<String> debugUsers, int bucketType, Buckets buckets,
                     Predicate<Map<String, Object>> filter, List<Layer> layers) {
            this.id = id;
            this.idText = "ER" + id;
            this.base = base;
            this.debugUsers = debugUsers;
            this.bucketType = bucketType;
            this.buckets = buckets;
            this.filter = filter;
            this.layers = layers;
        }

        static Room compile(String scene, ExperimentFile.Room r, FilterCompiler filters, List<ConfigException> problems) {
            String where = "scene '" + scene + "' room " + r.expRoomId();
            Buckets buckets = null;
            Predicate<Map<String, Object>> filter = null;
            boolean bad = false;
            try {
                switch (r.bucketType()) {
                    case BUCKET_UID, BUCKET_UID_HASH -> buckets = Buckets.parse(r.bucketCount(), r.expRoomBuckets(), where + ", key exp_room_buckets");
                    case BUCKET_FILTER -> filter = compileFilter(filters, r.filter(), where);
                    case BUCKET_CUSTOM, 0 -> {
                        // custom buckets never match (the A/B client's rule); 0: a room without buckets
                    }
                    default -> throw new IllegalArgumentException(where + ", key bucket_type: unknown " + r.bucketType()
                            + "; known: 1 (uid), 2 (uid hash), 3 (custom), 4 (filter)");
                }
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigException("experiments", where, e.getMessage()));
                bad = true;
            }
            int before = problems.size();
            List<Layer> layers = new ArrayList<>();
            for (ExperimentFile.Layer l : r.layers()) {
                // compiled even when the room is bad, so that one run reports every problem
                layers.add(Layer.compile(where + " layer " + l.layerId(), r.expRoomId(), l, filters, problems));
            }
            if (bad || problems.size() > before) {
                return null; // compile() throws: the file has problems
            }
            return new Room(r.expRoomId(), r.type() == ROOM_BASE, users(r.debugUsers(), r.debugCrowdIdUsers()),
                    r.bucketType(), buckets, filter, List.copyOf(layers));
        }

        boolean takes(String uid, byte[] uidBytes, Map<String, Object> filterParams) {
            if (debugUsers.contains(uid)) {
                return true;
            }
            switch (bucketType) {
                case BUCKET_UID: {
                    long v = parseUnsigned(uid);
                    return v != NOT_A_NUMBER && buckets.contains(v);
                }
                case BUCKET_UID_HASH:
                    return buckets.contains(AbHash.of(uidBytes, NO_BYTES));
                case BUCKET_FILTER:
                    return filter.test(filterParams);
                default:
                    return false;
            }
        }
    }

    /** Marks a uid that is not an unsigned decimal (such a uid never enters uid-mod buckets). */
    private static final long NOT_A_NUMBER = -1L; // 2^64-1 collides, harmlessly: it is in bucket (2^64-1) mod n either way

    private static long parseUnsigned(String uid) {
        if (uid.isEmpty() || uid.charAt(0) == '+') {
            return NOT_A_NUMBER;
        }
        try {
            return Long.parseUnsignedLong(uid);
        } catch (NumberFormatException e) {
            return NOT_A_NUMBER;
        }
    }

    private static final byte[] NO_BYTES = new byte[0];

    /** A layer; the {@code *Text} fields are its parts of {@code experiment_id}, made once. */
    private record Layer(long id, String name, long roomId, List<Group> groups, byte[] hashSuffix, String idText,
                         String globalText, String globalFirstText) {

        Layer(long id, String name, long roomId, List<Group> groups) {
            this(id, name, roomId, groups, ("_EXPROOM" + roomId + "_LAYER" + id).getBytes(StandardCharsets.UTF_8),
                    "_L" + id, "_GL" + id, "GL" + id);
        }

        static Layer compile(String where, long roomId, ExperimentFile.Layer l, FilterCompiler filters,
                             List<ConfigException> problems) {
            List<Group> groups = new ArrayList<>();
            for (ExperimentFile.Group g : l.experimentGroups()) {
                if (g.status() != STATUS_OFFLINE) {
                    Group group = Group.compile(where + " group " + g.expGroupId(), roomId, l.layerId(), g, filters, problems);
                    if (group != null) {
                        groups.add(group);
                    }
                }
            }
            return new Layer(l.layerId(), l.layerName() == null ? "" : l.layerName(), roomId, List.copyOf(groups));
        }

        Group findGroup(String uid, byte[] uidBytes, Map<String, Object> filterParams) {
            for (Group g : groups) {
                if (g.debugUsers.contains(uid)) {
                    return g;
                }
            }
            for (Group g : groups) {
                if (g.targeted() && g.takes(uid, filterParams)) {
                    return g;
                }
            }
            long layerHash = -1;
            boolean hashed = false;
            for (Group g : groups) {
                if (g.target == Target.RANDOM) {
                    if (!hashed) {
                        layerHash = AbHash.of(uidBytes, hashSuffix);
                        hashed = true;
                    }
                    if (g.holding.contains(layerHash)) {
                        return g;
                    }
                }
            }
            for (Group g : groups) {
                if (g.openToAll()) {
                    return g;
                }
            }
            return null;
        }
    }

    private enum Target { UNSET, ALL, FILTER, CROWD, RANDOM }

    private static final class Group {
        final long id;
        final long roomId;
        final long layerId;
        final Target target;
        final boolean hasFilterOrCrowd;
        final Predicate<Map<String, Object>> filter;
        final Set<String> crowd;
        final Buckets holding;
        final Set<String> debugUsers;
        final int distributionType;
        final int slotMinutes;
        final Config config;
        final List<Experiment> experiments;
        final Experiment fallback;
        /** {@code _EXPROOM<room>_LAYER<layer>_EXPGROUP<group>}: the tail of the key an experiment is chosen by. */
        final byte[] hashSuffix;
        /** {@link #globalParams}: per experiment of this group (and null), read-only after construction. */
        private final Map<Experiment, Map<String, Object>> globalParams;
        /** {@code #EG<id>}, its part of {@code experiment_id}. */
        final String idText;

        private Group(long id, long roomId, long layerId, Target target, boolean hasFilterOrCrowd,
                      Predicate<Map<String, Object>> filter, Set<String> crowd, Buckets holding, Set<String> debugUsers,
                      int distributionType, int slotMinutes, Config config, List<Experiment> experiments) {
            this.id = id;
            this.roomId = roomId;
            this.layerId = layerId;
            this.target = target;
            this.hasFilterOrCrowd = hasFilterOrCrowd;
            this.filter = filter;
            this.crowd = crowd;
            this.holding = holding;
            this.debugUsers = debugUsers;
            this.distributionType = distributionType;
            this.slotMinutes = slotMinutes;
            this.config = config;
            this.experiments = experiments;
            Experiment def = null;
            for (Experiment e : experiments) {
                if (e.type == EXP_DEFAULT) {
                    def = e; // the last default one wins, as in the A/B client
                }
            }
            if (def == null) {
                for (Experiment e : experiments) {
                    if (e.type == EXP_BASE) {
                        def = e.asDefault();
                    }
                }
            }
            this.fallback = def;
            this.idText = "#EG" + id;
            // a global scene's params do not depend on the request: kept per experiment (null: the group alone)
            Map<Experiment, Map<String, Object>> gp = new java.util.IdentityHashMap<>();
            gp.put(null, Collections.unmodifiableMap(paramsWith(null, Map.of(), true)));
            for (Experiment e : experiments) {
                gp.put(e, Collections.unmodifiableMap(paramsWith(e, Map.of(), true)));
            }
            if (def != null) {
                gp.put(def, Collections.unmodifiableMap(paramsWith(def, Map.of(), true)));
            }
            this.globalParams = gp;
            this.hashSuffix = ("_EXPROOM" + roomId + "_LAYER" + layerId + "_EXPGROUP" + id).getBytes(StandardCharsets.UTF_8);
        }

        /** {@link #paramsWith} of a global scene's layer (no templates), computed once. */
        Map<String, Object> globalParams(Experiment exp) {
            Map<String, Object> p = globalParams.get(exp);
            return p != null ? p : paramsWith(exp, Map.of(), true);
        }

        /** The layer's params: the group's, then the experiment's over them. */
        Map<String, Object> paramsWith(Experiment exp, Map<String, Object> templateParams, boolean global) {
            Map<String, Object> params = new LinkedHashMap<>();
            config.addTo(params, templateParams, global);
            if (exp != null) {
                exp.config.addTo(params, templateParams, global);
            }
            return params;
        }

        static Group compile(String where, long roomId, long layerId, ExperimentFile.Group g, FilterCompiler filters,
                             List<ConfigException> problems) {
            Target target;
            String t = g.crowdTargetType() == null ? "" : g.crowdTargetType();
            switch (t) {
                case "" -> target = Target.UNSET;
                case "All" -> target = Target.ALL;
                case "Filter" -> target = Target.FILTER;
                case "CrowdId" -> target = Target.CROWD;
                case "Random" -> target = Target.RANDOM;
                default -> {
                    problems.add(new ConfigException("experiments", where, "key crowd_target_type: unknown '" + t
                            + "'; known: All, Filter, CrowdId, Random (or empty)"));
                    return null;
                }
            }
            try {
                Predicate<Map<String, Object>> filter = null;
                String f = g.filter() == null ? "" : g.filter();
                if (!f.isEmpty() && (target == Target.UNSET || target == Target.FILTER)) {
                    filter = compileFilter(filters, f, where);
                }
                Buckets holding = target == Target.RANDOM ? Buckets.parse(100, g.holdingBuckets(), where + ", key holding_buckets") : null;
                if (g.distributionType() == DISTRIBUTION_TIME && g.distributionTimeDuration() <= 0) {
                    throw new IllegalArgumentException(where + ", key distribution_time_duration: must be a positive "
                            + "number of minutes when distribution_type is 2");
                }
                List<Experiment> exps = new ArrayList<>();
                for (ExperimentFile.Experiment e : g.experiments()) {
                    if (e.status() != STATUS_OFFLINE) {
                        exps.add(Experiment.compile(where + " experiment " + e.experimentId(), e));
                    }
                }
                return new Group(g.expGroupId(), roomId, layerId, target, !f.isEmpty() || g.crowdId() > 0, filter,
                        users(null, g.crowdUsers()), holding, users(g.debugUsers(), g.debugCrowdUsers()),
                        g.distributionType(), g.distributionTimeDuration(),
                        Config.of(g.expGroupConfig(), where + ", key exp_group_config"), List.copyOf(exps));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigException("experiments", where, e.getMessage()));
                return null;
            }
        }

        /** A group with a crowd of its own, tried before random and open groups. */
        boolean targeted() {
            return target == Target.UNSET ? hasFilterOrCrowd : target == Target.FILTER || target == Target.CROWD;
        }

        boolean openToAll() {
            return target == Target.UNSET ? !hasFilterOrCrowd : target == Target.ALL;
        }

        boolean takes(String uid, Map<String, Object> filterParams) {
            switch (target) {
                case UNSET:
                    if (!hasFilterOrCrowd) {
                        return true;
                    }
                    if (filter == null) {
                        return crowd.contains(uid);
                    }
                    return filter.test(filterParams);
                case ALL:
                    return true;
                case FILTER:
                    return filter != null && filter.test(filterParams);
                case CROWD:
                    return crowd.contains(uid);
                default:
                    return false;
            }
        }

        Experiment findExperiment(String uid, byte[] uidBytes, Clock clock) {
            for (Experiment e : experiments) {
                if (!e.isDefault && e.debugUsers.contains(uid)) {
                    return e;
                }
            }
            byte[] head;
            if (distributionType == DISTRIBUTION_TIME) {
                // the A/B client's time slots: of the local day, in slots of the configured minutes
                LocalDateTime now = LocalDateTime.now(clock);
                long slot = now.toLocalTime().toSecondOfDay() / (slotMinutes * 60L);
                head = (now.format(DAY) + "_" + slot).getBytes(StandardCharsets.UTF_8);
            } else {
                head = uidBytes;
            }
            long hash = -1;
            boolean hashed = false;
            for (Experiment e : experiments) {
                if (e.isDefault) {
                    continue;
                }
                if (e.flow == 0) {
                    continue;
                }
                if (e.flow >= 100 || e.debugUsers.contains(uid)) {
                    return e;
                }
                if (e.buckets != null) {
                    if (!hashed) {
                        hash = AbHash.of(head, hashSuffix);
                        hashed = true;
                    }
                    if (e.buckets.contains(hash)) {
                        return e;
                    }
                }
            }
            return fallback;
        }
    }

    private static final class Experiment {
        final long id;
        final int type;
        final boolean isDefault;
        final int flow;
        final Buckets buckets;
        final Set<String> debugUsers;
        final Config config;
        /** {@code #E<id>}, its part of {@code experiment_id}. */
        final String idText;

        private Experiment(long id, int type, int flow, Buckets buckets, Set<String> debugUsers, Config config) {
            this.id = id;
            this.idText = "#E" + id;
            this.type = type;
            this.isDefault = type == EXP_DEFAULT;
            this.flow = flow;
            this.buckets = buckets;
            this.debugUsers = debugUsers;
            this.config = config;
        }

        static Experiment compile(String where, ExperimentFile.Experiment e) {
            if (e.type() < EXP_BASE || e.type() > EXP_DEFAULT) {
                throw new IllegalArgumentException(where + ", key type: unknown " + e.type()
                        + "; known: 1 (base), 2 (test), 3 (default)");
            }
            if (e.experimentFlow() < 0 || e.experimentFlow() > 100) {
                throw new IllegalArgumentException(where + ", key experiment_flow: a percentage 0..100, got "
                        + e.experimentFlow());
            }
            Buckets b = e.experimentFlow() > 0 && e.experimentFlow() < 100
                    ? Buckets.parse(100, e.experimentBuckets(), where + ", key experiment_buckets") : null;
            return new Experiment(e.experimentId(), e.type(), e.experimentFlow(), b,
                    users(e.debugUsers(), e.debugCrowdUsers()), Config.of(e.experimentConfig(), where + ", key experiment_config"));
        }

        /** The base experiment answering as the group's default: same params, absent from the id. */
        Experiment asDefault() {
            return new Experiment(id, EXP_DEFAULT, flow, buckets, debugUsers, config);
        }
    }

    /**
     * A group's or an experiment's params: parsed once, or kept as text when it holds {@code ${name}}
     * placeholders that the global scene's params fill per request.
     */
    private record Config(Map<String, Object> parsed, String template) {

        static final Config EMPTY = new Config(Map.of(), null);

        static Config of(JsonNode node, String where) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return EMPTY;
            }
            String text = node.isTextual() ? node.asText() : node.toString();
            if (text.isBlank()) {
                return EMPTY;
            }
            if (text.contains("${")) {
                // filled per request from the global scene's params; unfilled, it may not even be JSON,
                // and then (as in the A/B client) it sets nothing
                Map<String, Object> unfilled = tryParse(text);
                return new Config(unfilled == null ? Map.of() : unfilled, text);
            }
            Map<String, Object> parsed = tryParse(text);
            if (parsed == null) {
                throw new IllegalArgumentException(where + ": not a JSON object of params: " + text);
            }
            return new Config(parsed, null);
        }

        /** The params, or null when {@code text} is not a JSON object (null values are dropped). */
        static Map<String, Object> tryParse(String text) {
            try {
                Map<String, Object> m = ExperimentFile.MAPPER.readValue(text, MAP);
                if (m == null) {
                    return null;
                }
                m.values().removeIf(java.util.Objects::isNull);
                return Map.copyOf(m);
            } catch (JsonProcessingException e) {
                return null;
            }
        }

        void addTo(Map<String, Object> params, Map<String, Object> globalParams, boolean global) {
            if (template != null && !global && !globalParams.isEmpty()) {
                Map<String, Object> filled = tryParse(fill(template, globalParams));
                if (filled != null) {
                    params.putAll(filled);
                }
                return;
            }
            params.putAll(parsed);
        }

        /** {@code ${name}} replaced by a scalar global param; other placeholders stay as written. */
        static String fill(String text, Map<String, Object> values) {
            StringBuilder out = new StringBuilder(text.length() + 16);
            int i = 0;
            while (i < text.length()) {
                int open = text.indexOf("${", i);
                int close = open < 0 ? -1 : text.indexOf('}', open + 2);
                if (open < 0 || close < 0) {
                    out.append(text, i, text.length());
                    break;
                }
                out.append(text, i, open);
                String tag = text.substring(open + 2, close);
                Object v = values.get(tag);
                if (v == null || v instanceof Map || v instanceof List) {
                    out.append(text, open, close + 1);
                } else {
                    out.append(v);
                }
                i = close + 1;
            }
            return out.toString();
        }
    }

    /**
     * The features as a scene's filters see them: the global scene's params over the request's features,
     * read through without copying either (filters only look keys up).
     */
    private static final class Overlay extends java.util.AbstractMap<String, Object> {
        private final Map<String, Object> top;
        private final Map<String, Object> base;

        Overlay(Map<String, Object> top, Map<String, Object> base) {
            this.top = top;
            this.base = base;
        }

        @Override
        public Object get(Object key) {
            Object v = top.get(key);
            return v != null || top.containsKey(key) ? v : base.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return top.containsKey(key) || base.containsKey(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> merged = new HashMap<>(base);
            merged.putAll(top);
            return Collections.unmodifiableMap(merged).entrySet();
        }
    }

    private static Predicate<Map<String, Object>> compileFilter(FilterCompiler filters, String expression, String where) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException(where + ", key filter: empty, but the bucket or crowd type needs one");
        }
        try {
            return filters.compile(expression);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ", key filter: '" + expression + "' does not parse: " + e.getMessage());
        }
    }

    private static Set<String> users(String commaList, List<String> lists) {
        Set<String> out = new HashSet<>();
        if (commaList != null && !commaList.isEmpty()) {
            for (String u : commaList.split(",")) {
                out.add(u); // debug_users are matched exactly as written, as the A/B client does
            }
        }
        if (lists != null) {
            for (String entry : lists) {
                for (String u : entry.split(",")) {
                    out.add(u.trim());
                }
            }
        }
        return Set.copyOf(out);
    }
}
