package io.recengine.tools.quickstart;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link Dataset} as the embedded match engine's files (see docs/aime.md): detail tables
 * ({@code item_detail.csv}, {@code user_detail.csv}), x2i tables ({@code i2i.csv} from co-occurrence,
 * {@code popular.csv} under trigger {@code -1}) and the item vectors ({@code item_vectors.jsonl}), plus
 * {@code DATASET} with the spec, so a directory says what made it.
 */
public final class DatasetWriter {

    public static final String MARKER = "DATASET";

    private DatasetWriter() {
    }

    public static void write(Dataset d, Path dir) {
        try {
            Files.createDirectories(dir);
            items(d, dir.resolve("item_detail.csv"));
            users(d, dir.resolve("user_detail.csv"));
            i2i(d, dir.resolve("i2i.csv"));
            popular(d, dir.resolve("popular.csv"));
            vectors(d, dir.resolve("item_vectors.jsonl"));
            // written last: its presence means the directory is complete
            Files.writeString(dir.resolve(MARKER), d.spec() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the data set to " + dir + " failed", e);
        }
    }

    /** True when {@code dir} holds a complete data set of {@code spec}. */
    public static boolean isComplete(Path dir, DatasetSpec spec) {
        try {
            Path marker = dir.resolve(MARKER);
            return Files.isRegularFile(marker) && Files.readString(marker).trim().equals(spec.toString());
        } catch (IOException e) {
            return false;
        }
    }

    private static void items(Dataset d, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("id,title,category,year,popularity\n");
            for (int i = 0; i < d.spec().items(); i++) {
                String cat = Dataset.categoryName(d.itemCategory[i]);
                w.write(Dataset.itemId(i) + "," + cat + " movie " + (i + 1) + "," + cat + "," + d.itemYear[i] + ","
                        + d.itemPopularity[i] + "\n");
            }
        }
    }

    private static void users(Dataset d, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("uid,click_seq,user_emb,age,gender,occupation,fav_category\n");
            for (int u = 0; u < d.spec().users(); u++) {
                int[] seq = d.recentItems(u, Dataset.SEQUENCE_LENGTH);
                StringBuilder s = new StringBuilder();
                for (int j = 0; j < seq.length; j++) {
                    if (j > 0) {
                        s.append(',');
                    }
                    s.append(Dataset.itemId(seq[j]));
                }
                w.write(Dataset.userId(u) + ",\"" + s + "\",\"" + floats(d.userEmbedding[u]) + "\"," + d.userAge[u] + ","
                        + (d.userMale[u] ? "M" : "F") + "," + Dataset.occupationName(d.userOccupation[u]) + ","
                        + Dataset.categoryName(d.userCategories[u][0]) + "\n");
            }
        }
    }

    private static void i2i(Dataset d, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("trigger_id,item_id,score\n");
            for (int i = 0; i < d.spec().items(); i++) {
                for (int j = 0; j < d.i2iItems[i].length; j++) {
                    w.write(Dataset.itemId(i) + "," + Dataset.itemId(d.i2iItems[i][j]) + ","
                            + fixed(d.i2iScores[i][j], 6) + "\n");
                }
            }
        }
    }

    private static void popular(Dataset d, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("trigger_id,item_id,score\n");
            double top = Math.max(1, d.itemPopularity[d.popularItems[0]]);
            for (int item : d.popularItems) {
                w.write("-1," + Dataset.itemId(item) + "," + fixed(d.itemPopularity[item] / top, 6) + "\n");
            }
        }
    }

    /** One JSON object per line: {@code {"id":"1","embedding":[0.12345,...]}}. */
    private static void vectors(Dataset d, Path file) throws IOException {
        JsonFactory json = new JsonFactoryBuilder().rootValueSeparator((String) null).build();
        try (BufferedWriter w = Files.newBufferedWriter(file);
             JsonGenerator g = json.createGenerator(w)) {
            for (int i = 0; i < d.spec().items(); i++) {
                g.writeStartObject();
                g.writeStringField("id", Dataset.itemId(i));
                g.writeArrayFieldStart("embedding");
                for (float x : d.itemEmbedding[i]) {
                    // the same 5-decimal text as the user embeddings in user_detail.csv
                    g.writeNumber(decimal(x));
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }

    private static String floats(float[] v) {
        StringBuilder sb = new StringBuilder(v.length * 10);
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(decimal(v[i]));
        }
        return sb.toString();
    }

    private static String decimal(float x) {
        return fixed(x, 5);
    }

    /**
     * {@code x} with {@code digits} decimals, the same text as {@code String.format(Locale.ROOT, "%.<digits>f", x)}
     * (half-up on the shortest decimal digits of the double, a minus sign kept on a negative value that
     * rounds to zero) at a fraction of its cost: the large data set writes tens of millions of numbers.
     */
    static String fixed(double x, int digits) {
        String text = new BigDecimal(Double.toString(Math.abs(x))).setScale(digits, RoundingMode.HALF_UP).toPlainString();
        return Double.compare(x, 0.0) < 0 ? "-" + text : text;
    }
}
