package io.recengine.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code GET /metrics}: the Prometheus text format at PAI-Rec's path, from Micronaut's Prometheus registry
 * (engine metrics, JVM and HTTP server metrics). Micronaut's JSON {@code metrics} endpoint, which would sit
 * on the same path, and the {@code /prometheus} endpoint are switched off in {@code application.yml}.
 */
@Controller
@Requires(beans = PrometheusMeterRegistry.class)
final class MetricsController {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get(uri = "/metrics", produces = PROMETHEUS_TEXT)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<String> metrics() {
        return HttpResponse.ok(registry.scrape()).contentType(PROMETHEUS_TEXT);
    }
}
