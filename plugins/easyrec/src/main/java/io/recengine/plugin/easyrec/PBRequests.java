package io.recengine.plugin.easyrec;

import io.recengine.plugin.easyrec.proto.PredictProtos.ContextFeatures;
import io.recengine.plugin.easyrec.proto.PredictProtos.DoubleList;
import io.recengine.plugin.easyrec.proto.PredictProtos.DoubleLists;
import io.recengine.plugin.easyrec.proto.PredictProtos.FloatList;
import io.recengine.plugin.easyrec.proto.PredictProtos.FloatLists;
import io.recengine.plugin.easyrec.proto.PredictProtos.IntDoubleMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.IntFloatMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.IntIntMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.IntList;
import io.recengine.plugin.easyrec.proto.PredictProtos.IntLists;
import io.recengine.plugin.easyrec.proto.PredictProtos.IntLongMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.IntStringMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.LongDoubleMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.LongFloatMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.LongIntMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.LongList;
import io.recengine.plugin.easyrec.proto.PredictProtos.LongLists;
import io.recengine.plugin.easyrec.proto.PredictProtos.LongLongMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.LongStringMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBFeature;
import io.recengine.plugin.easyrec.proto.PredictProtos.PBRequest;
import io.recengine.plugin.easyrec.proto.PredictProtos.StringDoubleMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.StringFloatMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.StringIntMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.StringList;
import io.recengine.plugin.easyrec.proto.PredictProtos.StringLists;
import io.recengine.plugin.easyrec.proto.PredictProtos.StringLongMap;
import io.recengine.plugin.easyrec.proto.PredictProtos.StringStringMap;
import io.recengine.spi.Item;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Values;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds EasyRec {@code PBRequest}s as PAI-Rec does ({@code service/rank/algo_data.go},
 * {@code easyrec_request_builder.go}): user features typed from the Java value types (which carry
 * {@code complex_type_features}' declared types: Integer = int, Long = int64, Float = float, Double =
 * double), item ids in batch order, {@code context_features} and {@code item_features} with one value
 * per item, {@code debug_level}, and {@code meta_data.request_id} on debug requests (level 100).
 */
public final class PBRequests {

    private PBRequests() {
    }

    public static PBRequest build(RankRequest r) {
        PBRequest.Builder b = PBRequest.newBuilder();
        b.setDebugLevel(r.debugLevel());
        if (r.debugLevel() == 100) {
            b.putMetaData("request_id", r.context().requestId());
        }
        for (Map.Entry<String, Object> e : r.user().properties().entrySet()) {
            PBFeature f = feature(e.getValue());
            if (f != null) {
                b.putUserFeatures(e.getKey(), f);
            }
        }
        List<Item> items = r.items();
        for (Item item : items) {
            b.addItemIds(item.id());
        }
        List<String> ctx = r.contextFeatures();
        for (String name : ctx) {
            b.putContextFeatures(name, column(items, name, ""));
        }
        List<String> itemFeatures = r.itemFeatures();
        if (itemFeatures != null && !itemFeatures.isEmpty() && !items.isEmpty()) {
            if ("*".equals(itemFeatures.get(0))) {
                // every property of the first item that is not a context feature, typed from that item
                Set<String> skip = new HashSet<>(ctx);
                for (Map.Entry<String, Object> e : items.get(0).properties().entrySet()) {
                    if (!skip.contains(e.getKey())) {
                        b.putItemFeatures(e.getKey(), column(items, e.getKey(), zeroLike(e.getValue())));
                    }
                }
            } else {
                for (String name : itemFeatures) {
                    b.putItemFeatures(name, column(items, name, ""));
                }
            }
        }
        return b.build();
    }

    private static Object zeroLike(Object v) {
        if (v instanceof Integer) {
            return 0;
        }
        if (v instanceof Long) {
            return 0L;
        }
        if (v instanceof Float) {
            return 0f;
        }
        if (v instanceof Double) {
            return 0d;
        }
        return "";
    }

    /** One value per item; a missing value is {@code missing}, an unencodable one its text (never dropped). */
    private static ContextFeatures column(List<Item> items, String name, Object missing) {
        ContextFeatures.Builder c = ContextFeatures.newBuilder();
        for (Item item : items) {
            Object v = item.property(name);
            PBFeature f = feature(v == null ? missing : v);
            c.addFeatures(f != null ? f : PBFeature.newBuilder().setStringFeature(Values.text(v)).build());
        }
        return c.build();
    }

    /** The typed PBFeature of a value, or null when its type has no encoding (PAI-Rec drops those). */
    public static PBFeature feature(Object v) {
        PBFeature.Builder f = PBFeature.newBuilder();
        if (v instanceof String s) {
            return f.setStringFeature(s).build();
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return f.setIntFeature(((Number) v).intValue()).build();
        }
        if (v instanceof Long l) {
            return f.setLongFeature(l).build();
        }
        if (v instanceof Float x) {
            return f.setFloatFeature(x).build();
        }
        if (v instanceof Double || v instanceof java.math.BigDecimal || v instanceof java.math.BigInteger) {
            return f.setDoubleFeature(((Number) v).doubleValue()).build();
        }
        if (v instanceof List<?> list) {
            return list(f, list);
        }
        if (v instanceof Map<?, ?> map) {
            return map(f, map);
        }
        return null;
    }

    private enum Kind { INT, LONG, FLOAT, DOUBLE, STRING, LIST, OTHER }

    private static Kind kind(Object o) {
        if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return Kind.INT;
        }
        if (o instanceof Long) {
            return Kind.LONG;
        }
        if (o instanceof Float) {
            return Kind.FLOAT;
        }
        if (o instanceof Double) {
            return Kind.DOUBLE;
        }
        if (o instanceof String) {
            return Kind.STRING;
        }
        if (o instanceof List) {
            return Kind.LIST;
        }
        return Kind.OTHER;
    }

    /** The common element kind: INT widens to LONG, FLOAT to DOUBLE; mixed others are OTHER. */
    private static Kind common(Iterable<?> values) {
        Kind k = null;
        for (Object o : values) {
            Kind x = kind(o);
            if (k == null || k == x) {
                k = x;
            } else if ((k == Kind.INT && x == Kind.LONG) || (k == Kind.LONG && x == Kind.INT)) {
                k = Kind.LONG;
            } else if ((k == Kind.FLOAT && x == Kind.DOUBLE) || (k == Kind.DOUBLE && x == Kind.FLOAT)) {
                k = Kind.DOUBLE;
            } else {
                return Kind.OTHER;
            }
        }
        return k == null ? Kind.STRING : k;
    }

    private static PBFeature list(PBFeature.Builder f, List<?> list) {
        Kind k = common(list);
        switch (k) {
            case INT -> {
                IntList.Builder l = IntList.newBuilder();
                list.forEach(o -> l.addFeatures(((Number) o).intValue()));
                return f.setIntList(l).build();
            }
            case LONG -> {
                LongList.Builder l = LongList.newBuilder();
                list.forEach(o -> l.addFeatures(((Number) o).longValue()));
                return f.setLongList(l).build();
            }
            case FLOAT -> {
                FloatList.Builder l = FloatList.newBuilder();
                list.forEach(o -> l.addFeatures(((Number) o).floatValue()));
                return f.setFloatList(l).build();
            }
            case DOUBLE -> {
                DoubleList.Builder l = DoubleList.newBuilder();
                list.forEach(o -> l.addFeatures(((Number) o).doubleValue()));
                return f.setDoubleList(l).build();
            }
            case STRING -> {
                StringList.Builder l = StringList.newBuilder();
                list.forEach(o -> l.addFeatures((String) o));
                return f.setStringList(l).build();
            }
            case LIST -> {
                List<Object> all = new ArrayList<>();
                list.forEach(o -> all.addAll((List<?>) o));
                return lists(f, list, common(all));
            }
            default -> {
                return null;
            }
        }
    }

    private static PBFeature lists(PBFeature.Builder f, List<?> list, Kind k) {
        switch (k) {
            case INT -> {
                IntLists.Builder b = IntLists.newBuilder();
                for (Object o : list) {
                    IntList.Builder l = IntList.newBuilder();
                    ((List<?>) o).forEach(e -> l.addFeatures(((Number) e).intValue()));
                    b.addLists(l);
                }
                return f.setIntLists(b).build();
            }
            case LONG -> {
                LongLists.Builder b = LongLists.newBuilder();
                for (Object o : list) {
                    LongList.Builder l = LongList.newBuilder();
                    ((List<?>) o).forEach(e -> l.addFeatures(((Number) e).longValue()));
                    b.addLists(l);
                }
                return f.setLongLists(b).build();
            }
            case FLOAT -> {
                FloatLists.Builder b = FloatLists.newBuilder();
                for (Object o : list) {
                    FloatList.Builder l = FloatList.newBuilder();
                    ((List<?>) o).forEach(e -> l.addFeatures(((Number) e).floatValue()));
                    b.addLists(l);
                }
                return f.setFloatLists(b).build();
            }
            case DOUBLE -> {
                DoubleLists.Builder b = DoubleLists.newBuilder();
                for (Object o : list) {
                    DoubleList.Builder l = DoubleList.newBuilder();
                    ((List<?>) o).forEach(e -> l.addFeatures(((Number) e).doubleValue()));
                    b.addLists(l);
                }
                return f.setDoubleLists(b).build();
            }
            case STRING -> {
                StringLists.Builder b = StringLists.newBuilder();
                for (Object o : list) {
                    StringList.Builder l = StringList.newBuilder();
                    ((List<?>) o).forEach(e -> l.addFeatures((String) e));
                    b.addLists(l);
                }
                return f.setStringLists(b).build();
            }
            default -> {
                return null;
            }
        }
    }

    private static PBFeature map(PBFeature.Builder f, Map<?, ?> map) {
        Kind kk = common(map.keySet());
        Kind vk = common(map.values());
        if (vk == Kind.LIST || vk == Kind.OTHER) {
            return null;
        }
        switch (kk) {
            case STRING -> {
                switch (vk) {
                    case STRING -> {
                        StringStringMap.Builder m = StringStringMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField((String) k, (String) v));
                        return f.setStringStringMap(m).build();
                    }
                    case INT -> {
                        StringIntMap.Builder m = StringIntMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField((String) k, ((Number) v).intValue()));
                        return f.setStringIntMap(m).build();
                    }
                    case LONG -> {
                        StringLongMap.Builder m = StringLongMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField((String) k, ((Number) v).longValue()));
                        return f.setStringLongMap(m).build();
                    }
                    case FLOAT -> {
                        StringFloatMap.Builder m = StringFloatMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField((String) k, ((Number) v).floatValue()));
                        return f.setStringFloatMap(m).build();
                    }
                    default -> {
                        StringDoubleMap.Builder m = StringDoubleMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField((String) k, ((Number) v).doubleValue()));
                        return f.setStringDoubleMap(m).build();
                    }
                }
            }
            case INT -> {
                switch (vk) {
                    case STRING -> {
                        IntStringMap.Builder m = IntStringMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField(((Number) k).intValue(), (String) v));
                        return f.setIntStringMap(m).build();
                    }
                    case INT -> {
                        IntIntMap.Builder m = IntIntMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField(((Number) k).intValue(), ((Number) v).intValue()));
                        return f.setIntIntMap(m).build();
                    }
                    case LONG -> {
                        IntLongMap.Builder m = IntLongMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField(((Number) k).intValue(), ((Number) v).longValue()));
                        return f.setIntLongMap(m).build();
                    }
                    case FLOAT -> {
                        IntFloatMap.Builder m = IntFloatMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField(((Number) k).intValue(), ((Number) v).floatValue()));
                        return f.setIntFloatMap(m).build();
                    }
                    default -> {
                        IntDoubleMap.Builder m = IntDoubleMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField(((Number) k).intValue(), ((Number) v).doubleValue()));
                        return f.setIntDoubleMap(m).build();
                    }
                }
            }
            case LONG -> {
                switch (vk) {
                    case STRING -> {
                        LongStringMap.Builder m = LongStringMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField(((Number) k).longValue(), (String) v));
                        return f.setLongStringMap(m).build();
                    }
                    case INT -> {
                        LongIntMap.Builder m = LongIntMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField(((Number) k).longValue(), ((Number) v).intValue()));
                        return f.setLongIntMap(m).build();
                    }
                    case LONG -> {
                        LongLongMap.Builder m = LongLongMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField(((Number) k).longValue(), ((Number) v).longValue()));
                        return f.setLongLongMap(m).build();
                    }
                    case FLOAT -> {
                        LongFloatMap.Builder m = LongFloatMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField(((Number) k).longValue(), ((Number) v).floatValue()));
                        return f.setLongFloatMap(m).build();
                    }
                    default -> {
                        LongDoubleMap.Builder m = LongDoubleMap.newBuilder();
                        map.forEach((k, v) -> m.putMapField(((Number) k).longValue(), ((Number) v).doubleValue()));
                        return f.setLongDoubleMap(m).build();
                    }
                }
            }
            default -> {
                return null;
            }
        }
    }
}
