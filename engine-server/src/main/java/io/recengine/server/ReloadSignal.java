package io.recengine.server;

import io.recengine.core.RecEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * {@code kill -HUP} reloads the config. Through {@code sun.misc.Signal} (module {@code jdk.unsupported}),
 * reached by reflection so that the server compiles and runs on a JVM without it (or on Windows, which has
 * no SIGHUP): there the reload is by the file watcher or the admin route, and the start log says so.
 */
final class ReloadSignal {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {
    }

    /** Installs the handler; false (logged) when this JVM or OS does not offer SIGHUP. */
    static boolean install(RecEngine engine) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler onSignal = (proxy, method, args) -> {
                if ("handle".equals(method.getName())) {
                    // the signal thread must not block: the reload runs on the engine's reload thread
                    engine.reload("SIGHUP");
                    return null;
                }
                return objectMethod(proxy, method, args);
            };
            Object h = Proxy.newProxyInstance(ReloadSignal.class.getClassLoader(), new Class<?>[]{handler}, onSignal);
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            signal.getMethod("handle", signal, handler).invoke(null, hup, h);
            LOG.info("kill -HUP {} reloads the config", ProcessHandle.current().pid());
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.info("SIGHUP is not available on this JVM ({}): reload through the file watcher or POST /api/admin/reload",
                    e.getCause() != null ? e.getCause().toString() : e.toString());
            return false;
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "ReloadSignal";
        };
    }
}
