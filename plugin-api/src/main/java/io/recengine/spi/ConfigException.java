package io.recengine.spi;

/**
 * A configuration problem found at start-up or during validation. Names the component (for example
 * {@code recall 'home_u2i'} or {@code SceneConfs.home_feed.default}), the offending key and the reason,
 * so an operator can fix the JSON without reading code.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String component;
    private final String key;
    private final String reason;

    public ConfigException(String component, String key, String reason) {
        this(component, key, reason, null);
    }

    public ConfigException(String component, String key, String reason, Throwable cause) {
        super(format(component, key, reason), cause);
        this.component = component == null ? "" : component;
        this.key = key == null ? "" : key;
        this.reason = reason == null ? "" : reason;
    }

    private static String format(String component, String key, String reason) {
        StringBuilder sb = new StringBuilder();
        if (component != null && !component.isEmpty()) {
            sb.append(component);
        }
        if (key != null && !key.isEmpty()) {
            sb.append(sb.length() > 0 ? ", key " : "key ").append(key);
        }
        if (sb.length() > 0) {
            sb.append(": ");
        }
        return sb.append(reason).toString();
    }

    /** The component the problem belongs to, e.g. {@code recall 'home_u2i'}; may be empty. */
    public String component() {
        return component;
    }

    /** The config key at fault, e.g. {@code RecallType}; may be empty. */
    public String key() {
        return key;
    }

    /** The reason alone, without component and key. */
    public String reason() {
        return reason;
    }
}
