package io.recengine.core.match;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A built HNSW graph kept in a file next to the vector data, so that a restart over the same vectors
 * reloads it instead of building it again (minutes for a few hundred thousand vectors). The file is
 * keyed by what the graph depends on: a SHA-256 of the vectors in ordinal order, their number and
 * dimension, the metric, and M, beam width and seed ({@code ef} is a search setting and may change).
 * A file whose key differs, or that is truncated or damaged (CRC-32 of the whole content), is ignored
 * and replaced after the next build. Written to a temporary file and moved into place, so a reader
 * never sees half a file.
 *
 * <p>Format (big-endian): magic {@code RECHNSW1}, the key, size, entry node, levels, then per level
 * the sorted nodes on it (level 0: none, every node is), the neighbour list offsets and the
 * concatenated lists, then the CRC-32 of everything before it.
 */
public final class HnswVectorIndexFile {

    private static final long MAGIC = 0x524543484e535731L; // "RECHNSW1"

    private HnswVectorIndexFile() {
    }

    /** What a persisted graph must match to be reused for a set of vectors. */
    record Key(VectorMetric metric, int dimension, int count, int m, int beamWidth, long seed, byte[] digest) {

        static Key of(float[][] vectors, int dimension, VectorMetric metric, HnswVectorIndex.Params params) {
            return new Key(metric, dimension, vectors.length, params.m(), params.beamWidth(), params.seed(),
                    HnswVectorIndexFile.digest(vectors, dimension));
        }

        boolean matches(Key o) {
            return metric == o.metric && dimension == o.dimension && count == o.count && m == o.m
                    && beamWidth == o.beamWidth && seed == o.seed && Arrays.equals(digest, o.digest);
        }
    }

    /** SHA-256 of the vectors' float bits in ordinal order. */
    static byte[] digest(float[][] vectors, int dimension) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        ByteBuffer row = ByteBuffer.allocate(dimension * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
        for (float[] v : vectors) {
            row.clear();
            row.asFloatBuffer().put(v);
            sha.update(row.array(), 0, row.capacity());
        }
        return sha.digest();
    }

    /**
     * The index over {@code vectors} with the graph in {@code file}, when the file exists and was
     * written for these vectors and params; empty otherwise.
     *
     * @throws IOException when the file exists but cannot be read (the caller logs it and builds)
     */
    public static Optional<HnswVectorIndex> load(Path file, float[][] vectors, int dimension, VectorMetric metric,
                                                 HnswVectorIndex.Params params) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < Long.BYTES + Integer.BYTES || b.getLong() != MAGIC) {
            return Optional.empty();
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.limit() - Integer.BYTES);
        if ((int) crc.getValue() != b.getInt(b.limit() - Integer.BYTES)) {
            return Optional.empty();
        }
        try {
            Key stored = readKey(b);
            if (!stored.matches(Key.of(vectors, dimension, metric, params))) {
                return Optional.empty();
            }
            int size = b.getInt();
            int entryNode = b.getInt();
            int levels = b.getInt();
            if (size != vectors.length || levels < 1 || entryNode < -1 || entryNode >= size) {
                return Optional.empty();
            }
            int[][] nodes = new int[levels][];
            int[][] offsets = new int[levels][];
            int[][] neighbors = new int[levels][];
            for (int level = 0; level < levels; level++) {
                nodes[level] = level == 0 ? null : ints(b);
                offsets[level] = ints(b);
                neighbors[level] = ints(b);
                if (!consistent(size, nodes[level], offsets[level], neighbors[level])) {
                    return Optional.empty();
                }
            }
            return Optional.of(HnswVectorIndex.withGraph(vectors, dimension, metric, params,
                    new HnswVectorIndex.Graph(size, entryNode, nodes, offsets, neighbors)));
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty(); // a file of another layout that happens to pass the CRC
        }
    }

    /** Every id in range, offsets ascending and covering the lists: searches never index out of bounds. */
    private static boolean consistent(int size, int[] nodes, int[] offsets, int[] neighbors) {
        int count = nodes == null ? size : nodes.length;
        if (offsets.length != count + 1 || offsets[0] != 0 || offsets[count] != neighbors.length) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (offsets[i + 1] < offsets[i] || nodes != null && (nodes[i] < 0 || nodes[i] >= size
                    || i > 0 && nodes[i] <= nodes[i - 1])) {
                return false;
            }
        }
        for (int n : neighbors) {
            if (n < 0 || n >= size) {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code index}'s graph to {@code file} (a temporary file first, then moved over it). */
    public static void save(Path file, HnswVectorIndex index, float[][] vectors) throws IOException {
        HnswVectorIndex.Graph g = index.graph();
        Key key = Key.of(vectors, index.dimension(), index.metric(), index.params());
        long bytes = Long.BYTES + 5 * Integer.BYTES + Long.BYTES + Integer.BYTES + key.digest().length
                + 3 * Integer.BYTES + Integer.BYTES;
        for (int level = 0; level < g.levels(); level++) {
            bytes += (level == 0 ? 0 : Integer.BYTES + (long) g.nodes[level].length * Integer.BYTES)
                    + 2L * Integer.BYTES + ((long) g.offsets[level].length + g.neighbors[level].length) * Integer.BYTES;
        }
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IOException("graph of " + g.size() + " nodes is too large for one file");
        }
        ByteBuffer b = ByteBuffer.allocate((int) bytes);
        b.putLong(MAGIC);
        b.putInt(key.metric().ordinal()).putInt(key.dimension()).putInt(key.count()).putInt(key.m())
                .putInt(key.beamWidth()).putLong(key.seed()).putInt(key.digest().length).put(key.digest());
        b.putInt(g.size()).putInt(g.entryNode).putInt(g.levels());
        for (int level = 0; level < g.levels(); level++) {
            if (level > 0) {
                putInts(b, g.nodes[level]);
            }
            putInts(b, g.offsets[level]);
            putInts(b, g.neighbors[level]);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, b.array());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Key readKey(ByteBuffer b) {
        int metric = b.getInt();
        if (metric < 0 || metric >= VectorMetric.values().length) {
            throw new IllegalArgumentException("metric " + metric);
        }
        int dimension = b.getInt();
        int count = b.getInt();
        int m = b.getInt();
        int beamWidth = b.getInt();
        long seed = b.getLong();
        int digestLength = b.getInt();
        if (digestLength < 0 || digestLength > 64) {
            throw new IllegalArgumentException("digest of " + digestLength + " bytes");
        }
        byte[] digest = new byte[digestLength];
        b.get(digest);
        return new Key(VectorMetric.values()[metric], dimension, count, m, beamWidth, seed, digest);
    }

    private static int[] ints(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || (long) n * Integer.BYTES > b.remaining()) {
            throw new IllegalArgumentException("array of " + n + " ints");
        }
        int[] out = new int[n];
        b.asIntBuffer().get(out);
        b.position(b.position() + n * Integer.BYTES);
        return out;
    }

    private static void putInts(ByteBuffer b, int[] a) {
        b.putInt(a.length);
        b.asIntBuffer().put(a);
        b.position(b.position() + a.length * Integer.BYTES);
    }
}
