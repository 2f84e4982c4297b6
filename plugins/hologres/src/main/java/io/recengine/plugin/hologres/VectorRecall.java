package io.recengine.plugin.hologres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ComponentException;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Recall;
import io.recengine.spi.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Hologres vector recalls, as PAI-Rec's {@code hologres_vector_recall.go}, {@code _v2.go} and
 * {@code item_2_item_vector_racall.go}:
 * <ol>
 *   <li>the trigger embedding: {@code SELECT <VectorDaoConf.EmbeddingField> FROM <VectorDaoConf.HologresTableName>
 *       WHERE <VectorDaoConf.KeyField> = ?}, read as text ({@code {0.1,0.2,...}}), keyed by the user id
 *       (the request {@code item_id} for {@code I2IVectorRecall}); user embeddings are cached
 *       (10,000 entries, expire {@code CacheTime}+100 s after access, CacheTime default 1800);</li>
 *   <li>the search, the embedding sent untyped as lib/pq does:
 *       {@code SELECT <VectorKeyField>, pm_approx_inner_product_distance(<VectorEmbeddingField>, ?) AS distance
 *       FROM <VectorTable> [WHERE <WhereClause>] ORDER BY distance DESC LIMIT <RecallCount>}
 *       ({@code HologresVectorRecallV2}: {@code pm_approx_squared_euclidean_distance}, ascending); the
 *       distance is the item score.</li>
 * </ol>
 * {@code ${time}} in {@code WhereClause} is now minus {@code TimeInterval} seconds, recomputed every
 * minute. For {@code HologresVectorRecall}, a {@code {partition}} placeholder in the table names is
 * replaced by {@code SELECT <PartitionInfoField> FROM <PartitionInfoTable> LIMIT 1}, refreshed every minute.
 */
final class VectorRecall implements Recall {

    private static final Logger LOG = LoggerFactory.getLogger(VectorRecall.class);

    enum Mode { INNER_PRODUCT, EUCLIDEAN, I2I }

    private static final String PARTITION = "{partition}";

    private final String name;
    private final String component;
    private final Mode mode;
    private final HologresDatasource db;
    private final Clock clock;
    private final String embeddingTableTemplate;
    private final String embeddingField;
    private final String keyField;
    private final String vectorTableTemplate;
    private final String vectorKeyField;
    private final String vectorEmbeddingField;
    private final String whereTemplate;
    private final int timeInterval;
    private final int recallCount;
    private final String partitionSql;
    private final Cache<String, String> userVectors;
    private final ScheduledExecutorService refresher;

    private volatile String partition;
    private volatile String embeddingSql;
    private volatile String searchSql;

    VectorRecall(Mode mode, ComponentConfig c, PluginContext context) {
        this.mode = mode;
        this.name = c.name();
        this.component = "recall '" + name + "'";
        this.clock = context.clock();
        ComponentConfig vdao = c.child("VectorDaoConf");
        ComponentConfig hv = c.child("HologresVectorConf");
        this.db = Conf.datasource(c, "VectorDaoConf", vdao, context);
        this.embeddingTableTemplate = Conf.require(c, "VectorDaoConf", vdao, "HologresTableName");
        this.embeddingField = Conf.require(c, "VectorDaoConf", vdao, "EmbeddingField");
        this.keyField = Conf.require(c, "VectorDaoConf", vdao, "KeyField");
        this.vectorTableTemplate = Conf.require(c, "HologresVectorConf", hv, "VectorTable");
        this.vectorKeyField = Conf.require(c, "HologresVectorConf", hv, "VectorKeyField");
        this.vectorEmbeddingField = Conf.require(c, "HologresVectorConf", hv, "VectorEmbeddingField");
        this.whereTemplate = mode == Mode.I2I ? "" : hv.string("WhereClause");
        this.timeInterval = hv.integer("TimeInterval", 0);
        this.recallCount = Conf.recallCount(c);
        String pTable = vdao.string("PartitionInfoTable");
        String pField = vdao.string("PartitionInfoField");
        this.partitionSql = mode == Mode.INNER_PRODUCT && !pTable.isEmpty() && !pField.isEmpty()
                ? "SELECT " + pField + " FROM " + pTable + " LIMIT 1" : null;
        if (mode == Mode.I2I) {
            this.userVectors = null;
        } else {
            int cacheTime = c.integer("CacheTime", 0);
            this.userVectors = Caffeine.newBuilder().maximumSize(10_000)
                    .expireAfterAccess(Duration.ofSeconds((cacheTime > 0 ? cacheTime : 1800) + 100L)).build();
        }
        this.partition = PARTITION;
        if (partitionSql != null) {
            refreshPartition();
        }
        rebuildSql();
        boolean timed = whereTemplate.contains("${time}");
        if (partitionSql != null || timed) {
            this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hologres-vector-refresh-" + name);
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(() -> {
                try {
                    if (partitionSql != null) {
                        refreshPartition();
                    }
                    rebuildSql();
                } catch (RuntimeException e) {
                    LOG.warn("{}: refresh failed: {}", component, e.getMessage());
                }
            }, 60, 60, TimeUnit.SECONDS);
        } else {
            this.refresher = null;
        }
    }

    private void refreshPartition() {
        try {
            String p = db.query(component, partitionSql, 0, ps -> {
            }, rs -> rs.next() ? rs.getString(1) : null);
            if (p != null && !p.isEmpty() && !p.equals(partition)) {
                LOG.info("{}: partition {}", component, p);
                partition = p;
            }
        } catch (ComponentException e) {
            LOG.warn("{}: fetching the partition failed: {}", component, e.getMessage());
        }
    }

    private void rebuildSql() {
        String p = partition;
        String embeddingTable = embeddingTableTemplate.replace(PARTITION, p);
        String vectorTable = vectorTableTemplate.replace(PARTITION, p);
        String where = whereTemplate.replace("${time}", Long.toString(clock.millis() / 1000 - timeInterval));
        String fn = mode == Mode.EUCLIDEAN ? "pm_approx_squared_euclidean_distance" : "pm_approx_inner_product_distance";
        String order = mode == Mode.EUCLIDEAN ? "distance" : "distance desc";
        this.embeddingSql = "SELECT " + embeddingField + " FROM " + embeddingTable + " WHERE " + keyField + " = ?";
        this.searchSql = "SELECT " + vectorKeyField + ", " + fn + "(" + vectorEmbeddingField + ", ?) AS distance FROM "
                + vectorTable + (where.isEmpty() ? "" : " WHERE " + where) + " ORDER BY " + order + " LIMIT " + recallCount;
    }

    @Override
    public List<Item> recall(RecContext context, User user) {
        String key = mode == Mode.I2I ? context.itemId() : user.id();
        if (key.isEmpty()) {
            return new ArrayList<>();
        }
        String embedding = userVectors == null ? null : userVectors.getIfPresent(key);
        if (embedding == null) {
            embedding = db.query(component, embeddingSql, 0, ps -> ps.setString(1, key), rs -> {
                String e = null;
                while (rs.next()) {
                    e = rs.getString(1);
                }
                return e;
            });
            if (embedding == null || embedding.isEmpty()) {
                return new ArrayList<>();
            }
            if (userVectors != null) {
                userVectors.put(key, embedding);
            }
        }
        String sql = searchSql;
        if (context.debug()) {
            context.log("INFO", "module=HologresVectorRecall\tname=" + name + "\tsql=" + sql);
        }
        String emb = embedding;
        return db.query(component, sql, 0, ps -> ps.setObject(1, emb, Types.OTHER), rs -> {
            List<Item> items = new ArrayList<>(recallCount);
            while (rs.next()) {
                String id = rs.getString(1);
                if (id == null) {
                    continue;
                }
                items.add(new Item(id, name, rs.getDouble(2)));
            }
            return items;
        });
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return mode + " vector recall '" + name + "'";
    }
}
