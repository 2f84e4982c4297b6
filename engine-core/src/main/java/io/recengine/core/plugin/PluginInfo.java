package io.recengine.core.plugin;

import java.util.List;
import java.util.Map;

/**
 * A loaded plugin as the health endpoint shows it.
 *
 * @param name   the plugin's {@code name()}
 * @param source {@code classpath} or the plugin folder it was loaded from
 * @param types  the component types it provides, by kind
 */
public record PluginInfo(String name, String source, Map<ComponentKind, List<String>> types) {
}
