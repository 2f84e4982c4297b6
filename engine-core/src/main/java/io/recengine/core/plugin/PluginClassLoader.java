package io.recengine.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The class loader of one plugin folder: its jars, in name order, over the platform class loader.
 *
 * <p>Only the SPI ({@code io.recengine.spi.}) and SLF4J ({@code org.slf4j.}) are shared: classes and
 * resources under those packages always come from the host loader, so plugin and engine agree on the
 * SPI types and on one logging backend. Everything else (the JDK aside) comes from the plugin's jars
 * only; engine classes and engine libraries (Jackson, Micrometer, ...) are invisible, so a plugin may
 * bundle any version of them.
 */
public final class PluginClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    /** Class name prefixes loaded from the host. */
    static final List<String> SHARED_PACKAGES = List.of("io.recengine.spi.", "org.slf4j.");
    private static final List<String> SHARED_RESOURCES = List.of("io/recengine/spi/", "org/slf4j/");

    private final ClassLoader hostLoader;
    private final Path folder;
    private final List<Path> jars;

    /**
     * @param name       the loader's name (the folder name), shown in stack traces and thread dumps
     * @param folder     the plugin folder, for messages
     * @param jars       the folder's jars, in load order
     * @param hostLoader the loader the shared packages come from
     */
    public PluginClassLoader(String name, Path folder, List<Path> jars, ClassLoader hostLoader) {
        super(name, urls(jars), ClassLoader.getPlatformClassLoader());
        this.hostLoader = Objects.requireNonNull(hostLoader, "hostLoader");
        this.folder = folder;
        this.jars = List.copyOf(jars);
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (IOException e) {
                throw new PluginLoadException("Cannot turn " + jars.get(i) + " into a URL", e);
            }
        }
        return urls;
    }

    /** The plugin folder. */
    public Path folder() {
        return folder;
    }

    /** The jars, in load order. */
    public List<Path> jars() {
        return jars;
    }

    static boolean isShared(String className) {
        for (String p : SHARED_PACKAGES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSharedResource(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        for (String p : SHARED_RESOURCES) {
            if (n.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            try {
                return hostLoader.loadClass(name);
            } catch (ClassNotFoundException e) {
                if (findResource(name.replace('.', '/') + ".class") != null) {
                    throw new ClassNotFoundException("Shared class '" + name + "' was not found in the engine's"
                            + " class loader, but was found in plugin folder " + folder + ": plugins must not"
                            + " add classes to the io.recengine.spi or org.slf4j packages", e);
                }
                throw e;
            }
        }
        // Parent-first over the platform loader (JDK only), then the plugin's jars.
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return isSharedResource(name) ? hostLoader.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return isSharedResource(name) ? hostLoader.getResources(name) : super.getResources(name);
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + getName() + ", " + folder + "]";
    }
}
