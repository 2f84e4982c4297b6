package io.recengine.core.plugin;

import io.recengine.spi.Plugin;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds plugin jars at test time: compiles Java sources against plugin-api (and any extra jars) with
 * the JDK compiler and packs the classes, plus resources such as the services file, into a jar.
 *
 * <pre>{@code
 * Path jar = TestPluginJars.plugin()
 *         .source("probe.ProbePlugin", "package probe; public class ProbePlugin implements ... {}")
 *         .classpath(TestPluginJars.oldJackson())
 *         .provider("probe.ProbePlugin")
 *         .build(tmp.resolve("build"), pluginsDir.resolve("probe/probe.jar"));
 * }</pre>
 */
public final class TestPluginJars {

    /** The older Jackson jars copied by the {@code copy-test-plugin-libs} execution of engine-core's pom. */
    public static final Path TEST_PLUGIN_LIBS = Path.of("target", "test-plugin-libs");

    private TestPluginJars() {
    }

    /** A new plugin jar builder. */
    public static Builder plugin() {
        return new Builder();
    }

    /** Where the host loads plugin-api from: its jar or its {@code target/classes}. */
    public static Path pluginApi() {
        try {
            return Path.of(Plugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jars of {@link #TEST_PLUGIN_LIBS}, sorted; fails when the folder is missing (run through Maven). */
    public static List<Path> oldJackson() {
        if (!Files.isDirectory(TEST_PLUGIN_LIBS)) {
            throw new IllegalStateException(TEST_PLUGIN_LIBS.toAbsolutePath() + " is missing: run the tests with"
                    + " Maven (its generate-test-resources phase copies the old Jackson jars there)");
        }
        try (Stream<Path> s = Files.list(TEST_PLUGIN_LIBS)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The source of a minimal plugin {@code className} named {@code pluginName} whose recall factories,
     * one per type, build recalls returning nothing.
     */
    public static String recallPluginSource(String className, String pluginName, String... recallTypes) {
        int dot = className.lastIndexOf('.');
        StringBuilder factories = new StringBuilder();
        for (String type : recallTypes) {
            if (factories.length() > 0) {
                factories.append(", ");
            }
            factories.append("new RecallFactory() {\n")
                    .append("            public String type() { return \"").append(type).append("\"; }\n")
                    .append("            public Recall create(ComponentConfig c, PluginContext x) {")
                    .append(" return (ctx, user) -> List.of(); }\n")
                    .append("        }");
        }
        return (dot < 0 ? "" : "package " + className.substring(0, dot) + ";\n\n")
                + "import io.recengine.spi.*;\n"
                + "import java.util.List;\n\n"
                + "public class " + className.substring(dot + 1) + " implements Plugin {\n"
                + "    public String name() { return \"" + pluginName + "\"; }\n"
                + "    public List<RecallFactory> recallFactories() {\n"
                + "        return List.of(" + factories + ");\n"
                + "    }\n"
                + "}\n";
    }

    /** Copies {@code files} into {@code folder} (created if needed). */
    public static void copyInto(Path folder, List<Path> files) {
        try {
            Files.createDirectories(folder);
            for (Path f : files) {
                Files.copy(f, folder.resolve(f.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles {@code sources} (fully qualified class name to source text) into {@code classesDir}
     * against plugin-api and {@code classpath}; fails with the compiler's diagnostics.
     */
    public static Path compile(Path srcDir, Path classesDir, Map<String, String> sources, List<Path> classpath) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("No Java compiler: the tests must run on a JDK, not a JRE");
        }
        try {
            Files.createDirectories(classesDir);
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = srcDir.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                files.add(file);
            }
            List<Path> cp = new ArrayList<>();
            cp.add(pluginApi());
            cp.addAll(classpath);
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
                List<String> options = List.of("--release", "17", "-proc:none", "-d", classesDir.toString(),
                        "-classpath", cp.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
                boolean ok = compiler.getTask(null, fm, diagnostics, options, null,
                        fm.getJavaFileObjectsFromPaths(files)).call();
                if (!ok) {
                    String report = diagnostics.getDiagnostics().stream()
                            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                            .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
                            .collect(Collectors.joining("\n"));
                    throw new AssertionError("Test plugin does not compile:\n" + report);
                }
            }
            return classesDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Packs the files under {@code classesDir} (may be null) and {@code resources} (path to text) into a jar. */
    public static Path jar(Path jarFile, Path classesDir, Map<String, String> resources) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try {
            Files.createDirectories(jarFile.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(jarFile);
                 JarOutputStream jar = new JarOutputStream(out, manifest)) {
                if (classesDir != null) {
                    List<Path> files;
                    try (Stream<Path> s = Files.walk(classesDir)) {
                        files = s.filter(Files::isRegularFile).sorted().toList();
                    }
                    for (Path f : files) {
                        jar.putNextEntry(new JarEntry(classesDir.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, jar);
                        jar.closeEntry();
                    }
                }
                for (Map.Entry<String, String> r : resources.entrySet()) {
                    jar.putNextEntry(new JarEntry(r.getKey()));
                    jar.write(r.getValue().getBytes(StandardCharsets.UTF_8));
                    jar.closeEntry();
                }
            }
            return jarFile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects sources, class path, resources and providers of one plugin jar. */
    public static final class Builder {
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final Map<String, String> resources = new LinkedHashMap<>();
        private final List<Path> classpath = new ArrayList<>();
        private final List<String> providers = new ArrayList<>();

        private Builder() {
        }

        /** A class to compile, by fully qualified name. */
        public Builder source(String className, String source) {
            sources.put(className, source);
            return this;
        }

        /** Jars to compile against (plugin-api is always there). They are not packed into the jar. */
        public Builder classpath(List<Path> jars) {
            classpath.addAll(jars);
            return this;
        }

        /** A line of {@code META-INF/services/io.recengine.spi.Plugin}; without any, the jar has no services file. */
        public Builder provider(String className) {
            providers.add(className);
            return this;
        }

        /** A text resource in the jar. */
        public Builder resource(String path, String text) {
            resources.put(path, text);
            return this;
        }

        /** Compiles in {@code buildDir} (a fresh directory) and writes {@code jarFile}. */
        public Path build(Path buildDir, Path jarFile) {
            Path classes = sources.isEmpty() ? null
                    : compile(buildDir.resolve("src"), buildDir.resolve("classes"), sources, classpath);
            Map<String, String> all = new LinkedHashMap<>(resources);
            if (!providers.isEmpty()) {
                all.put("META-INF/services/" + Plugin.class.getName(), String.join("\n", providers) + "\n");
            }
            return jar(jarFile, classes, all);
        }
    }
}
