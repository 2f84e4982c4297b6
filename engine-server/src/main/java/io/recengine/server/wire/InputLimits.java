package io.recengine.server.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;

/**
 * What a request body may hold, enforced while it is parsed so that a body within the byte limit cannot
 * grow into an unbounded tree: {@code item_list} entries, JSON nesting depth, string and number length,
 * and JSON tokens (every key, value and bracket: what bounds the tree a body becomes, whatever its shape).
 * Read once at start from {@code EngineConf} ({@code MaxItemListLength}, {@code MaxJsonDepth},
 * {@code MaxStringLength}, {@code MaxJsonTokens}). Holds the one Jackson mapper the wire decoders parse
 * with. Thread-safe (immutable).
 */
public final class InputLimits {

    public static final int DEFAULT_MAX_ITEM_LIST_LENGTH = 10_000;
    public static final int DEFAULT_MAX_JSON_DEPTH = 64;
    public static final int DEFAULT_MAX_STRING_LENGTH = 64 * 1024;
    /** A callback of 10,000 items with 40 properties each is ~820,000 tokens. */
    public static final int DEFAULT_MAX_JSON_TOKENS = 1_000_000;
    /** Digits of one JSON number; Jackson's own default, far beyond any float64 or int64 literal. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    /** The defaults, for callers without a config (tools, tests). */
    public static final InputLimits DEFAULTS =
            new InputLimits(DEFAULT_MAX_ITEM_LIST_LENGTH, DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_STRING_LENGTH,
                    DEFAULT_MAX_JSON_TOKENS);

    private final int maxItemListLength;
    private final int maxJsonDepth;
    private final int maxStringLength;
    private final int maxJsonTokens;
    private final ObjectMapper mapper;

    public InputLimits(int maxItemListLength, int maxJsonDepth, int maxStringLength, int maxJsonTokens) {
        this.maxItemListLength = atLeastOne(maxItemListLength, "MaxItemListLength");
        this.maxJsonDepth = atLeastOne(maxJsonDepth, "MaxJsonDepth");
        this.maxStringLength = atLeastOne(maxStringLength, "MaxStringLength");
        this.maxJsonTokens = atLeastOne(maxJsonTokens, "MaxJsonTokens");
        JsonFactory json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxJsonDepth)
                        .maxStringLength(maxStringLength)
                        .maxNameLength(maxStringLength)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxTokenCount(maxJsonTokens)
                        .build())
                .build();
        this.mapper = new ObjectMapper(json).setNodeFactory(FiniteNumbers.INSTANCE);
    }

    /** The limits of {@code EngineConf}; a wrong type or a value below 1 names the key. */
    public static InputLimits of(ComponentConfig engineConf) {
        return new InputLimits(
                positive(engineConf, "MaxItemListLength", DEFAULT_MAX_ITEM_LIST_LENGTH),
                positive(engineConf, "MaxJsonDepth", DEFAULT_MAX_JSON_DEPTH),
                positive(engineConf, "MaxStringLength", DEFAULT_MAX_STRING_LENGTH),
                positive(engineConf, "MaxJsonTokens", DEFAULT_MAX_JSON_TOKENS));
    }

    private static int positive(ComponentConfig conf, String key, int def) {
        int v = conf.integer(key, def);
        if (v < 1) {
            throw new ConfigException(conf.component(), key, "must be at least 1, got " + v);
        }
        return v;
    }

    private static int atLeastOne(int v, String key) {
        if (v < 1) {
            throw new ConfigException("EngineConf", key, "must be at least 1, got " + v);
        }
        return v;
    }

    public int maxItemListLength() {
        return maxItemListLength;
    }

    public int maxJsonDepth() {
        return maxJsonDepth;
    }

    public int maxStringLength() {
        return maxStringLength;
    }

    public int maxJsonTokens() {
        return maxJsonTokens;
    }

    /** The mapper whose parsers enforce depth, string and number length. */
    ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public String toString() {
        return "MaxItemListLength " + maxItemListLength + ", MaxJsonDepth " + maxJsonDepth
                + ", MaxStringLength " + maxStringLength + ", MaxJsonTokens " + maxJsonTokens;
    }

    /**
     * Refuses a JSON number that does not fit a float64 ({@code 1e400}) while the tree is built, as Go's
     * decoder does; Jackson would store it as an infinity.
     */
    private static final class FiniteNumbers extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;
        static final FiniteNumbers INSTANCE = new FiniteNumbers();

        @Override
        public NumericNode numberNode(double v) {
            if (!Double.isFinite(v)) {
                throw new NumberOutOfRange();
            }
            return super.numberNode(v);
        }

        @Override
        public NumericNode numberNode(float v) {
            if (!Float.isFinite(v)) {
                throw new NumberOutOfRange();
            }
            return super.numberNode(v);
        }
    }

    /** Thrown by the node factory; the parser still points at the number, which names it in the message. */
    static final class NumberOutOfRange extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NumberOutOfRange() {
            super("number out of range of float64", null, false, false);
        }
    }
}
