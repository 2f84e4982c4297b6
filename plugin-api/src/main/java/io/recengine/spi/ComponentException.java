package io.recengine.spi;

/**
 * A failure of a component while serving a request. The engine, not the plugin, decides what it means
 * for the request (skip the stage, degrade, answer an error) from the {@link Kind}.
 */
public final class ComponentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for metrics and for the engine's decision. */
    public enum Kind {
        /** The request (or data it references) is unusable for this component. */
        BAD_INPUT,
        /** A store, model server or queue failed or answered garbage. */
        DEPENDENCY,
        /** The component ran out of time. */
        TIMEOUT,
        /** A bug or an unexpected state inside the component. */
        INTERNAL
    }

    private final String component;
    private final Kind kind;

    public ComponentException(String component, Kind kind, String message) {
        this(component, kind, message, null);
    }

    public ComponentException(String component, Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.component = component == null ? "" : component;
        this.kind = kind == null ? Kind.INTERNAL : kind;
    }

    public String component() {
        return component;
    }

    public Kind kind() {
        return kind;
    }
}
