package io.recengine.core.debuglog;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PAI-Rec's file output: each record as tab-indented JSON appended to the newest
 * {@code pairec.debug.<yyyyMMddHHmmss>.log} of the directory; past the size limit (1 GiB) a new file is
 * started, and the oldest files are deleted so that at most {@code MaxFileNum} remain. The directory is
 * listed on every write, as PAI-Rec does, so files removed or added by hand are taken into account.
 */
final class FileOutput implements DebugOutput {

    /** PAI-Rec starts a new file once the current one is larger than this. */
    static final long MAX_FILE_BYTES = 1024L * 1024 * 1024;
    static final String PREFIX = "pairec.debug.";
    static final String SUFFIX = ".log";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** One output per directory in the process, so that the rotation of a directory has one writer. */
    private static final Map<Path, FileOutput> BY_DIRECTORY = new ConcurrentHashMap<>();

    private final Path dir;
    private final int maxFileNum;
    private final long maxFileBytes;
    private final Clock clock;
    private final ObjectWriter writer;

    FileOutput(Path dir, int maxFileNum, long maxFileBytes, Clock clock) {
        this.dir = dir;
        this.maxFileNum = maxFileNum;
        this.maxFileBytes = maxFileBytes;
        this.clock = clock;
        // Go's MarshalIndent(record, "", "\t"): a tab per level and "key": value
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        pp.indentObjectsWith(new DefaultIndenter("\t", "\n"));
        this.writer = new ObjectMapper().writer(pp);
    }

    /** The process's output for {@code dir} (the first config naming a directory sets its {@code MaxFileNum}). */
    static FileOutput forDirectory(Path dir, int maxFileNum) {
        return BY_DIRECTORY.computeIfAbsent(dir.toAbsolutePath().normalize(),
                d -> new FileOutput(d, maxFileNum, MAX_FILE_BYTES, Clock.systemDefaultZone()));
    }

    @Override
    public synchronized void write(Map<String, Object> record) throws IOException {
        byte[] data = (writer.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(dir);
        Files.write(currentFile(), data, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private Path currentFile() throws IOException {
        List<Path> files = sortedFiles();
        if (files.isEmpty()) {
            return newFile();
        }
        Path last = files.get(files.size() - 1);
        if (Files.size(last) > maxFileBytes) {
            deleteOldest(files, files.size() - maxFileNum + 1);
            return newFile();
        }
        deleteOldest(files, files.size() - maxFileNum);
        return last;
    }

    private void deleteOldest(List<Path> files, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    private Path newFile() {
        return dir.resolve(PREFIX + LocalDateTime.now(clock).format(STAMP) + SUFFIX);
    }

    /** The directory's debug log files, oldest first (by the time stamp in the name). */
    List<Path> sortedFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparingLong(FileOutput::stamp));
        return out;
    }

    private static long stamp(Path p) {
        String n = p.getFileName().toString();
        try {
            return Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return 0; // as PAI-Rec: an unparsable stamp sorts first
        }
    }
}
