package io.recengine.tools.quickstart;

/**
 * Sizes and seed of a generated data set. {@link #SMALL} is shaped like MovieLens-1M (6,040 users,
 * 3,900 items, ~1M interactions); {@link #LARGE} keeps the users and scales the catalogue to 1M items
 * for vector-recall benchmarks; {@link #MID} is the harness's large-catalogue scenario: the small set's
 * users, interactions and 32 dimensions over 200,000 items (enough for the match engine's HNSW index,
 * small enough to generate in about a minute).
 *
 * @param users        number of users
 * @param items        number of items
 * @param interactions number of interactions (user, item, time)
 * @param categories   number of item categories (genres); also the number of embedding clusters
 * @param dim          embedding dimension
 * @param seed         random seed: the same spec always gives the same data
 */
public record DatasetSpec(int users, int items, int interactions, int categories, int dim, long seed) {

    public static final DatasetSpec SMALL = new DatasetSpec(6_040, 3_900, 1_000_209, 18, 32, 42L);
    public static final DatasetSpec MID = new DatasetSpec(6_040, 200_000, 1_000_209, 18, 32, 42L);
    public static final DatasetSpec LARGE = new DatasetSpec(6_040, 1_000_000, 1_000_209, 18, 64, 42L);
    /** For unit tests: seconds to generate. */
    public static final DatasetSpec TINY = new DatasetSpec(300, 400, 20_000, 8, 16, 7L);

    public DatasetSpec {
        if (users <= 0 || items <= 0 || interactions <= 0 || categories <= 0 || dim <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + this);
        }
    }

    /** {@code small}, {@code mid}, {@code large} or {@code tiny}. */
    public static DatasetSpec named(String name) {
        return switch (name) {
            case "small" -> SMALL;
            case "mid" -> MID;
            case "large" -> LARGE;
            case "tiny" -> TINY;
            default -> throw new IllegalArgumentException("unknown data set size '" + name + "'. Known: [tiny, small, mid, large]");
        };
    }
}
